"""Does a message refer back to something said before ("how is *it* treated?")?

Used to answer follow-up questions about the condition discussed last, while a general
question ("how does physio help hip pain?") still gets the general answer.
"""
from __future__ import annotations

import re
from typing import Optional

_BACK_REFERENCE = re.compile(
    r"\b(it|its|it's|that|this|these|those|them|they|the condition|that condition|this condition|"
    r"the same)\b",
    re.IGNORECASE,
)


def refers_back(text: Optional[str]) -> bool:
    """True when the message uses a word that points at an earlier topic."""
    return bool(text) and bool(_BACK_REFERENCE.search(text))
