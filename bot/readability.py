"""Plain-language check: US school grade of a text (Flesch-Kincaid), used by tests and authors.

Texts of fewer than ``MIN_WORDS`` words are not scored: the formula is meaningless for a
heading or a three-word list item. Lists are scored as one paragraph, one sentence per item.
"""
from __future__ import annotations

from typing import Iterable

import textstat

MAX_GRADE = 8.0
MIN_WORDS = 8


def as_prose(items: Iterable[str]) -> str:
    """A list of short items as one paragraph, each item a sentence."""
    return " ".join(item.strip().rstrip(".") + "." for item in items)


def grade(text: str) -> float:
    """Flesch-Kincaid grade of ``text``; 0.0 for texts too short to score."""
    if len(text.split()) < MIN_WORDS:
        return 0.0
    return float(textstat.flesch_kincaid_grade(text))
