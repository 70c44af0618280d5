"""The web chat widget's settings, as one JSON-ready dict.

Defaults live in ``bot/content/widget.yml`` (schema ``widget.schema.yml``). The clinic profile
(``bot.clinic``, ``HIPBOT_CLINIC``) sets the clinic's name, title, colours, logo and privacy
notice; the country, its emergency number and the banner's wording come from the profile's
pathways and the escalation phrases, so the widget says exactly what the bot says. A clinic page
can override any key in its own config object (see the README, "Web chat widget").
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from bot import clinic
from bot.clinic.replies import pathway
from bot.content_files import CONTENT_DIR, load
from bot.replies import one_line, phrases


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Any]:
    """widget.yml, read and validated once (widget.js and config.json are served per request)."""
    return load(CONTENT_DIR / "widget.yml", "widget")


def widget_config() -> dict[str, Any]:
    """Settings for the widget: server URL ("" = the origin the script came from), clinic
    name and title, colours, logo, privacy notice, country, emergency number, banners, labels."""
    defaults = _defaults()
    country = clinic.country()
    settings = clinic.widget_settings()
    escalation = phrases()["escalation"]
    banners = {
        level: {"heading": one_line(escalation[level]["heading"]),
                "action": pathway(level, country)[0]}
        for level in defaults["banner_levels"]
    }
    colours = dict(defaults["colours"])
    colours.update(primary=settings["primary_colour"], text=settings["text_colour"],
                   background=settings["background_colour"])
    return {
        "server_url": "",
        "socket_path": "/socket.io",
        **{key: defaults[key] for key in ("subtitle", "storage", "banner_levels")},
        "clinic_name": settings["clinic_name"],
        "title": settings["title"],
        "logo_url": settings["logo_url"] or "",
        "privacy_url": settings["privacy_notice_url"] or "",
        "colours": colours,
        "labels": dict(defaults["labels"]),
        "country": country.code,
        "emergency_number": country.emergency,
        "banners": banners,
    }
