"""What the clinic profile adds to the bot's replies: the greeting, the local pathway for each
urgency, whether the clinic is open now, "book with us", the privacy notice and the handover.

Wording is in ``content/phrases.yml`` (``clinic:``); the facts come from the profile. Replies are
composed with ``bot.replies`` like every other reply.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from bot.clinic import ClinicProfile, clinic
from bot.clinic.hours import clock
from bot.countries import Country
from bot.replies import Button, Reply, one_line, phrases, plain_reply

REQUEST_HUMAN = "/request_human"


def _c(key: str) -> Any:
    return phrases()["clinic"][key]


def _fill(text: str, profile: ClinicProfile, country: Country, **extra: str) -> str:
    return one_line(text).format(**profile.placeholders(country), **extra)


def pathway(level: str, country: Country, now: dt.datetime | None = None,
            profile: ClinicProfile | None = None) -> list[str]:
    """What to do for an urgency level (emergency, urgent, soon, routine), as paragraphs: the
    clinic's pathway, where to go, and for same-day advice whether the clinic is open now."""
    profile = profile or clinic()
    step = profile.pathways[level]
    paragraphs = [_fill(step.action, profile, country)]
    if step.contact:
        paragraphs.append(_c("pathway_contact").format(contact=_fill(step.contact, profile, country)))
    if level == "urgent":
        paragraphs.append(opening(profile, now) or "")
    return [p for p in paragraphs if p]


def _when(opens: dt.datetime, local_now: dt.datetime) -> str:
    time = opens.strftime("%H:%M")
    days = (opens.date() - local_now.date()).days
    if days == 0:
        return _c("today").format(time=time)
    if days == 1:
        return _c("tomorrow").format(time=time)
    return _c("weekday").format(day=opens.strftime("%A"), time=time)


def opening(profile: ClinicProfile | None = None, now: dt.datetime | None = None) -> str | None:
    """"<clinic> is open now, until 18:00" or "... closed now and opens again tomorrow at 08:00";
    None when the profile has no opening hours or no phone to call."""
    profile = profile or clinic()
    if not (profile.hours and profile.phone):
        return None
    now = now or clock()
    status = profile.hours.status(now)
    zone = profile.hours.time_zone.key
    if status.open_now:
        return _c("open_now").format(clinic_name=profile.name, closes=status.closes.strftime("%H:%M"),
                                     zone=zone, phone=profile.phone)
    if status.next_opening is None:
        return None
    when = _when(status.next_opening, now.astimezone(profile.hours.time_zone))
    return _c("closed_now").format(clinic_name=profile.name, when=when, zone=zone)


def booking(profile: ClinicProfile | None = None) -> str | None:
    """"Book with us" and the link (or the phone number); None without a clinic."""
    profile = profile or clinic()
    if not profile.is_clinic:
        return None
    if profile.booking_url:
        return _c("book_online").format(clinic_name=profile.name, booking_url=profile.booking_url)
    if profile.phone:
        return _c("book_by_phone").format(clinic_name=profile.name, phone=profile.phone)
    return None


def summary_byline(profile: ClinicProfile | None = None) -> str | None:
    profile = profile or clinic()
    return _c("summary_clinic").format(clinic_name=profile.name) if profile.is_clinic else None


def privacy(profile: ClinicProfile | None = None) -> str | None:
    """The privacy notice link and how long conversations are kept, as the profile says."""
    profile = profile or clinic()
    lines = []
    if profile.privacy_notice_url:
        lines.append(_c("privacy").format(notice_url=profile.privacy_notice_url))
    if profile.retention_days:
        lines.append(_c("retention").format(clinic_name=profile.name, days=profile.retention_days))
    return "\n".join(lines) or None


def handover_buttons(profile: ClinicProfile | None = None) -> list[Button]:
    """The offer of a person to talk to (same-day advice), when the clinic enabled handover."""
    profile = profile or clinic()
    if not profile.handover_enabled:
        return []
    return [Button(_c("handover_offer_button").format(clinic_name=profile.name), REQUEST_HUMAN)]


def greeting(country: Country, profile: ClinicProfile | None = None) -> Reply:
    profile = profile or clinic()
    buttons = [Button(b["title"], b["payload"]) for b in _c("greeting_buttons")]
    if profile.handover_enabled:
        buttons.append(Button(_c("talk_to_person_button"), REQUEST_HUMAN))
    text = "\n\n".join(filter(None, [_fill(profile.greeting, profile, country), privacy(profile)]))
    return plain_reply(text, buttons)


def _contact_lines(profile: ClinicProfile) -> list[str]:
    lines = []
    if profile.phone:
        lines.append(_c("phone_line").format(phone=profile.phone))
    if profile.email:
        lines.append(_c("email_line").format(email=profile.email))
    return lines


def handover(country: Country, now: dt.datetime | None = None,
             profile: ClinicProfile | None = None) -> tuple[Reply, bool]:
    """"Talk to a person": the clinic's contact route, and whether the conversation is marked
    for staff to follow up (only when the profile enables handover)."""
    profile = profile or clinic()
    safety_line = _fill(_c("handover_safety"), profile, country)
    if profile.handover_enabled:
        paragraphs = [_c("handover_done").format(clinic_name=profile.name)]
        if profile.handover_route:
            paragraphs.append(_fill(profile.handover_route, profile, country))
    else:
        paragraphs = [_c("handover_none")]
    if profile.is_clinic and (profile.phone or profile.email):
        paragraphs.append(_c("handover_contact").format(clinic_name=profile.name)
                          + "\n" + "\n".join(_contact_lines(profile)))
    paragraphs += [opening(profile, now) or "", safety_line]
    return plain_reply("\n\n".join(p for p in paragraphs if p)), profile.handover_enabled


def handover_payload(reason: str, urgency: str | None, now: dt.datetime | None = None,
                     profile: ClinicProfile | None = None) -> dict[str, Any]:
    """The mark a clinic's systems look for: no message text, only what staff need to follow up."""
    profile = profile or clinic()
    return {
        "requested_at": (now or clock()).astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
        "reason": reason,
        "urgency": urgency,
        "clinic": profile.name,
        "contact_route": {"phone": profile.phone, "email": profile.email},
    }
