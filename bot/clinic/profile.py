"""The clinic profile: one YAML file (``HIPBOT_CLINIC``) that makes the bot a clinic's own.

``load_profile(path)`` reads the file, validates it against ``schemas/clinic.schema.yml``, fills
what it leaves out from the built-in ``content/clinic_defaults.yml`` and then makes the checks a
schema cannot express. Every problem raises ``ContentError`` naming the file, the field and the
reason, so the action server refuses to start with a broken profile.
"""
from __future__ import annotations

import string
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot import safety
from bot.clinic.colours import AA_NORMAL_TEXT, contrast_ratio
from bot.clinic.hours import DAYS, OpeningHours, parse_range
from bot.content_files import CONTENT_DIR, ContentError, read_yaml, validate
from bot.countries import Country, UnknownCountryError, find_country

DEFAULTS_PATH = CONTENT_DIR / "clinic_defaults.yml"
# Urgency levels of bot/triage (catalogue.LEVELS) and the profile's name for each pathway.
PATHWAY_KEYS = {"emergency": "emergency", "urgent": "same_day", "soon": "soon", "routine": "routine"}
# What a pathway, handover route or greeting may refer to.
PLACEHOLDERS = ("emergency", "urgent_advice", "crisis", "country", "clinic_name", "phone", "email", "booking_url")


@dataclass(frozen=True)
class Pathway:
    action: str
    contact: str | None = None


@dataclass(frozen=True)
class Widget:
    title: str
    primary_colour: str
    text_colour: str
    background_colour: str
    logo_url: str | None = None


@dataclass(frozen=True)
class ClinicProfile:
    path: str                 # the file it came from ("(built-in defaults)" when none)
    name: str
    country_code: str
    languages: tuple[str, ...]
    phone: str | None
    email: str | None
    booking_url: str | None
    hours: OpeningHours | None
    pathways: dict[str, Pathway]  # by urgency level: emergency, urgent, soon, routine
    privacy_notice_url: str | None
    retention_days: int
    greeting: str
    widget: Widget
    handover_enabled: bool
    handover_route: str | None
    is_clinic: bool           # False for the built-in defaults: no clinic to contact or book with

    def placeholders(self, country: Country) -> dict[str, str]:
        return {**country.placeholders(), "clinic_name": self.name, "phone": self.phone or "",
                "email": self.email or "", "booking_url": self.booking_url or ""}


def _merge(defaults: dict, override: dict) -> dict:
    merged = dict(defaults)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict) and key != "opening_hours":
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _placeholders_used(text: str, path: Path, field: str) -> set[str]:
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise ContentError(path, field, f"unbalanced braces: {error}") from error
    unknown = sorted(used - set(PLACEHOLDERS))
    if unknown:
        raise ContentError(path, field, f"unknown placeholder {{{unknown[0]}}}; use one of: "
                                        + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS))
    return used


def _check_text(text: str, path: Path, field: str, values: dict[str, str]) -> None:
    for name in _placeholders_used(text, path, field):
        if not values.get(name):
            raise ContentError(path, field, f"uses {{{name}}} but the profile has no value for it")
    problems = safety.diagnosis_wording(text.format(**values))
    if problems:
        raise ContentError(path, field, f"reads as a diagnosis: {problems[0]!r}")


def _hours(spec: dict | None, path: Path) -> OpeningHours | None:
    if not spec:
        return None
    try:
        zone = zoneinfo.ZoneInfo(spec["time_zone"])
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ContentError(path, "opening_hours.time_zone", f"unknown time zone {spec['time_zone']!r} "
                                                            "(use an IANA name such as Europe/London)") from error
    weekly = {}
    for day in DAYS:
        ranges = [parse_range(r) for r in spec["weekly"].get(day, [])]
        for i, (start, end) in enumerate(ranges):
            if start >= end:
                raise ContentError(path, f"opening_hours.weekly.{day}[{i}]", "opens at or after it closes")
            if i and start < ranges[i - 1][1]:
                raise ContentError(path, f"opening_hours.weekly.{day}[{i}]",
                                   "overlaps or comes before the previous opening time; list them in order")
        weekly[day] = tuple(ranges)
    if not any(weekly.values()):
        raise ContentError(path, "opening_hours.weekly", "the clinic is never open; give at least one day")
    return OpeningHours(zone, weekly)


def _country(code: str, path: Path) -> Country:
    try:
        return find_country(code)
    except UnknownCountryError as error:
        known = str(error).split("use one of:")[-1].strip()
        raise ContentError(path, "country", f"{code!r} has no emergency numbers in bot/content/countries.yml "
                                            f"(known: {known})") from error


def build_profile(raw: dict, path: Path, is_clinic: bool, effective_country: str | None = None) -> ClinicProfile:
    """A profile from already merged data; ``effective_country`` is a HIPBOT_COUNTRY override."""
    country = _country(raw["country"], path)
    numbers_country = find_country(effective_country) if effective_country else country
    contact = raw.get("contact", {})
    widget, privacy, handover = raw["widget"], raw.get("privacy", {}), raw["handover"]
    profile = ClinicProfile(
        path=str(path), name=raw["name"], country_code=country.code, languages=tuple(raw["languages"]),
        phone=contact.get("phone"), email=contact.get("email"), booking_url=raw.get("booking_url"),
        hours=_hours(raw.get("opening_hours"), path),
        pathways={level: Pathway(raw["pathways"][key]["action"], raw["pathways"][key].get("contact"))
                  for level, key in PATHWAY_KEYS.items()},
        privacy_notice_url=privacy.get("notice_url"), retention_days=privacy.get("retention_days", 0),
        greeting=raw["greeting"],
        widget=Widget(widget["title"], widget["primary_colour"], widget["text_colour"],
                      widget["background_colour"], widget.get("logo_url")),
        handover_enabled=handover["enabled"], handover_route=handover.get("route"), is_clinic=is_clinic,
    )
    _check(profile, path, numbers_country)
    return profile


def _check(profile: ClinicProfile, path: Path, country: Country) -> None:
    values = profile.placeholders(country)
    for level, key in PATHWAY_KEYS.items():
        pathway = profile.pathways[level]
        _check_text(pathway.action, path, f"pathways.{key}.action", values)
        if pathway.contact:
            _check_text(pathway.contact, path, f"pathways.{key}.contact", values)
    emergency = profile.pathways["emergency"]
    said = " ".join(filter(None, (emergency.action, emergency.contact))).format(**values)
    if country.emergency.split()[0] not in said:
        raise ContentError(path, "pathways.emergency.action",
                           f"must give the emergency number for {country.name} ({country.emergency}); "
                           "write {emergency} to use it")
    _check_text(profile.greeting, path, "greeting", values)
    if profile.handover_route:
        _check_text(profile.handover_route, path, "handover.route", values)
    if profile.handover_enabled and not (profile.phone or profile.email or profile.handover_route):
        raise ContentError(path, "handover.enabled", "handover needs a contact route: contact.phone, "
                                                     "contact.email or handover.route")
    ratio = contrast_ratio(profile.widget.text_colour, profile.widget.background_colour)
    if ratio < AA_NORMAL_TEXT:
        raise ContentError(path, "widget.text_colour",
                           f"contrast with widget.background_colour is {ratio:.2f}:1; WCAG AA needs "
                           f"at least {AA_NORMAL_TEXT}:1")


def _defaults() -> dict:
    data = read_yaml(DEFAULTS_PATH)
    validate(data, "clinic", DEFAULTS_PATH)
    return data


def load_profile(path: Path | None, effective_country: str | None = None) -> ClinicProfile:
    """The profile at ``path`` over the built-in defaults (the defaults alone when ``path`` is None)."""
    defaults = _defaults()
    if path is None:
        return build_profile(defaults, DEFAULTS_PATH, is_clinic=False, effective_country=effective_country)
    data = read_yaml(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(path, "(top level)", "a clinic profile is a mapping of fields (name: ..., country: ...)")
    validate(data, "clinic", path)
    raw: dict[str, Any] = _merge(defaults, data)
    if "name" in data and "title" not in data.get("widget", {}):
        raw["widget"]["title"] = data["name"]  # the widget is titled with the clinic's name
    return build_profile(raw, path, is_clinic=True, effective_country=effective_country)
