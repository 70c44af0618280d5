"""The web chat widget's settings, as one JSON-ready dict.

Defaults live in ``bot/content/widget.yml`` (schema ``widget.schema.yml``); the country, its
emergency number and the wording of the escalation banner come from ``bot.countries`` and the
escalation phrases, so the widget says exactly what the bot says. A clinic page can override
any key in its own config object (see the README, "Web chat widget").
"""
from __future__ import annotations

from typing import Any

from bot.answers import _one_line
from bot.content_files import CONTENT_DIR, load
from bot.countries import configured_country
from bot.replies import phrases


def widget_config() -> dict[str, Any]:
    """Settings for the widget: server URL ("" = the origin the script came from), clinic
    name and title, colours, logo, privacy notice, country, emergency number, banners, labels."""
    defaults = load(CONTENT_DIR / "widget.yml", "widget")
    country = configured_country()
    values = country.placeholders()
    escalation = phrases()["escalation"]
    banners = {
        level: {"heading": _one_line(escalation[level]["heading"]),
                "action": _one_line(escalation[level]["action"]).format(**values)}
        for level in defaults["banner_levels"]
    }
    return {
        "server_url": "",
        "socket_path": "/socket.io",
        **{key: defaults[key] for key in ("clinic_name", "title", "subtitle", "logo_url", "privacy_url",
                                          "storage", "banner_levels")},
        "colours": dict(defaults["colours"]),
        "labels": dict(defaults["labels"]),
        "country": country.code,
        "emergency_number": country.emergency,
        "banners": banners,
    }
