"""The clinic profile, used from this one place: greeting, pathways and numbers, opening hours,
"book with us", the privacy notice, the widget's look and the handover to staff.

``HIPBOT_CLINIC`` names the profile file (see ``clinics/`` for examples); without it the built-in
defaults (``content/clinic_defaults.yml``) apply. The country comes from the profile; the
``HIPBOT_COUNTRY`` setting, when set, overrides it (and the profile is checked against it: an
emergency pathway that does not give that country's emergency number stops the server).
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from bot.clinic.profile import ClinicProfile, Pathway, load_profile
from bot.countries import COUNTRY_ENV, Country, find_country

CLINIC_ENV = "HIPBOT_CLINIC"

__all__ = ["CLINIC_ENV", "ClinicProfile", "Pathway", "clinic", "country", "profile_path", "widget_settings"]


def profile_path() -> Path | None:
    setting = (os.environ.get(CLINIC_ENV) or "").strip()
    return Path(setting) if setting else None


@lru_cache(maxsize=8)
def _cached(path: Path | None, country_override: str | None) -> ClinicProfile:
    return load_profile(path, country_override)


def clinic() -> ClinicProfile:
    """The configured clinic profile (read and validated once per file and country setting)."""
    return _cached(profile_path(), (os.environ.get(COUNTRY_ENV) or "").strip() or None)


def country() -> Country:
    """The country whose numbers the bot gives: HIPBOT_COUNTRY if set, else the profile's."""
    override = (os.environ.get(COUNTRY_ENV) or "").strip()
    return find_country(override) if override else find_country(clinic().country_code)


def widget_settings() -> dict:
    """What the web widget shows: title, colours, logo, privacy notice, emergency number, greeting."""
    profile, where = clinic(), country()
    return {
        "clinic_name": profile.name,
        "title": profile.widget.title,
        "primary_colour": profile.widget.primary_colour,
        "text_colour": profile.widget.text_colour,
        "background_colour": profile.widget.background_colour,
        "logo_url": profile.widget.logo_url,
        "privacy_notice_url": profile.privacy_notice_url,
        "retention_days": profile.retention_days,
        "languages": list(profile.languages),
        "country": where.code,
        "emergency_number": where.emergency,
        "greeting": " ".join(profile.greeting.format(**profile.placeholders(where)).split()),
    }
