"""Opening hours in the clinic's time zone, with a fixed clock."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.clinic.hours import OpeningHours, parse_range

LONDON = ZoneInfo("Europe/London")
UTC = dt.timezone.utc


def week(**days):
    return OpeningHours(LONDON, {d: tuple(parse_range(r) for r in days.get(d, [])) for d in
                                 ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})


HOURS = week(mon=["08:00-12:00", "13:00-18:00"], tue=["08:00-18:00"], sat=["09:00-12:30"])


@pytest.mark.parametrize("utc, open_now, expected", [
    # Monday 2026-11-30 (GMT = UTC in winter)
    (dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC), True, dt.datetime(2026, 11, 30, 12, 0, tzinfo=LONDON)),
    (dt.datetime(2026, 11, 30, 12, 30, tzinfo=UTC), False, dt.datetime(2026, 11, 30, 13, 0, tzinfo=LONDON)),  # lunch
    (dt.datetime(2026, 11, 30, 7, 59, tzinfo=UTC), False, dt.datetime(2026, 11, 30, 8, 0, tzinfo=LONDON)),
    (dt.datetime(2026, 11, 30, 18, 0, tzinfo=UTC), False, dt.datetime(2026, 12, 1, 8, 0, tzinfo=LONDON)),  # closes at 18:00
    (dt.datetime(2026, 12, 1, 19, 0, tzinfo=UTC), False, dt.datetime(2026, 12, 5, 9, 0, tzinfo=LONDON)),  # Tue eve -> Sat
    (dt.datetime(2026, 12, 5, 13, 0, tzinfo=UTC), False, dt.datetime(2026, 12, 7, 8, 0, tzinfo=LONDON)),  # Sat pm -> Mon
    # Summer time: 07:30 UTC is 08:30 in London (BST), so open
    (dt.datetime(2026, 6, 2, 7, 30, tzinfo=UTC), True, dt.datetime(2026, 6, 2, 18, 0, tzinfo=LONDON)),
])
def test_open_now_or_next_opening(utc, open_now, expected):
    status = HOURS.status(utc)
    assert status.open_now is open_now
    assert (status.closes if open_now else status.next_opening) == expected


def test_midnight_end_counts_as_open_until_the_end_of_the_day():
    hours = week(fri=["20:00-24:00"])
    assert hours.status(dt.datetime(2026, 12, 4, 23, 30, tzinfo=UTC)).open_now


def test_same_instant_differs_by_time_zone():
    chicago = OpeningHours(ZoneInfo("America/Chicago"), HOURS.weekly)
    instant = dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 09:00 London, 03:00 Chicago
    assert HOURS.status(instant).open_now and not chicago.status(instant).open_now
