"""Opening hours in the clinic's time zone: open now, or when it opens next.

Times are compared in the clinic's own time zone (``zoneinfo``), so a server running in UTC
answers correctly across daylight-saving changes. ``now`` is passed in; ``clock()`` is the real
clock, and tests pass a fixed time instead.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def clock() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def parse_range(text: str) -> tuple[dt.time, dt.time]:
    """"08:00-18:00" -> (08:00, 18:00); "24:00" as the end means midnight at the end of the day."""
    start, end = text.split("-")
    return _time(start), _time(end)


def _time(text: str) -> dt.time:
    hours, minutes = (int(part) for part in text.split(":"))
    return dt.time.max if (hours, minutes) == (24, 0) else dt.time(hours, minutes)


@dataclass(frozen=True)
class OpenStatus:
    open_now: bool
    closes: dt.datetime | None = None       # when open: today's closing time (clinic time zone)
    next_opening: dt.datetime | None = None  # when closed: the next opening (clinic time zone)


@dataclass(frozen=True)
class OpeningHours:
    time_zone: ZoneInfo
    weekly: dict[str, tuple[tuple[dt.time, dt.time], ...]]

    def status(self, now: dt.datetime) -> OpenStatus:
        """Open or closed at ``now`` (an aware datetime, any zone), looking up to a week ahead."""
        local = now.astimezone(self.time_zone)
        for offset in range(8):
            day = local.date() + dt.timedelta(days=offset)
            for start, end in self.weekly.get(DAYS[day.weekday()], ()):
                opens = dt.datetime.combine(day, start, self.time_zone)
                closes = dt.datetime.combine(day, end, self.time_zone)
                if opens <= local < closes:
                    return OpenStatus(True, closes=closes)
                if local < opens:
                    return OpenStatus(False, next_opening=opens)
        return OpenStatus(False)
