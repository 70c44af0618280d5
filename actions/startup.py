from __future__ import annotations

import logging

from bot.clinic import clinic
from bot.countries import configured_country
from bot.knowledge import knowledge
from bot.replies import phrases
from bot.triage import catalogue

logger = logging.getLogger(__name__)


def check_content() -> None:
    """Load everything once at start-up; invalid content raises with file and field named."""
    kb = knowledge()
    cat = catalogue()
    phrases()
    profile = clinic()  # the clinic profile (HIPBOT_CLINIC): invalid -> file, field and reason
    country = configured_country()
    logger.info(
        "Knowledge base: %d conditions, %d red flags; clinic %r (%s); country %s (emergency %s)",
        len(kb.conditions), len(cat.red_flags), profile.name, profile.path, country.code, country.emergency,
    )
