from __future__ import annotations

import logging

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
    country = configured_country()
    logger.info(
        "Knowledge base: %d conditions, %d red flags; country %s (emergency %s)",
        len(kb.conditions), len(cat.red_flags), country.code, country.emergency,
    )
