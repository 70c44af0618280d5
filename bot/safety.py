"""Safety checks on reply text: wording that reads as a diagnosis.

Used when the knowledge base is loaded (content that reads as a diagnosis is rejected) and by
the tests that walk every response the bot can send.
"""
from __future__ import annotations

import re

# Statements that tell the reader what they have. Conditional ("if you have a fever") and
# negative ("you don't have to") forms are not diagnoses and are allowed.
_DIAGNOSIS_PATTERNS = [
    r"(?<!if )(?<!whether )(?<!when )(?<!unless )\byou(?: (?:definitely|probably|likely|certainly|clearly|may|might|could|must))?(?:'ve| have)(?: (?:definitely|probably|likely|certainly|clearly))? (?:got )?(?:an? )?(?:[a-z\-]+ ){0,2}(?:arthritis|osteoarthritis|bursitis|tendinitis|tendonitis|tendinopathy|fracture|tear|impingement|sciatica|syndrome|disease|necrosis|dysplasia|hernia|strain)\b",
    r"\byou(?:'re| are) (?:suffering|diagnosed) (?:from|with)\b",
    r"\byou suffer from\b",
    r"\byour diagnosis is\b",
    r"\b(?:this|it) is (?:definitely|certainly|clearly|almost certainly) (?:an? )?(?:[a-z\-]+ ){0,2}(?:arthritis|bursitis|tendinitis|fracture|tear|impingement|sciatica)\b",
    r"\bi (?:can )?diagnose you\b",
]
_DIAGNOSIS_RE = re.compile("|".join(f"(?:{p})" for p in _DIAGNOSIS_PATTERNS), re.IGNORECASE)


def diagnosis_wording(text: str) -> list[str]:
    """The passages of ``text`` that read as telling the reader their diagnosis."""
    return [m.group(0) for m in _DIAGNOSIS_RE.finditer(text.replace("’", "'"))]
