"""Validate a clinic profile without starting anything: ``make check-clinic [CLINIC=path]``.

    python -m bot.clinic.check [PATH]     (default: $HIPBOT_CLINIC, else the built-in defaults)

Prints what the bot will use and exits 0, or prints the file, field and reason and exits 1.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot.clinic import profile_path
from bot.clinic.profile import load_profile
from bot.content_files import ContentError
from bot.countries import COUNTRY_ENV, find_country


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", help="the clinic profile (YAML)")
    args = parser.parse_args(argv)
    path = Path(args.path) if args.path else profile_path()
    override = (os.environ.get(COUNTRY_ENV) or "").strip() or None
    try:
        profile = load_profile(path, override)
    except ContentError as error:
        print(f"Invalid clinic profile: {error}", file=sys.stderr)
        return 1
    country = find_country(override or profile.country_code)
    print(f"OK: {profile.path}")
    print(f"  clinic: {profile.name}; country: {country.name} (emergency {country.emergency})"
          + (f", overridden by {COUNTRY_ENV}" if override else ""))
    print(f"  booking: {profile.booking_url or '-'}; phone: {profile.phone or '-'}; "
          f"opening hours: {profile.hours.time_zone.key if profile.hours else '-'}; "
          f"handover: {'on' if profile.handover_enabled else 'off'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
