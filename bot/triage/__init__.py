"""Warning-sign ("red flag") screening: plain Python, rules as data in ``content/red_flags.yml``.

    >>> from bot.triage import assess
    >>> assess("I fell and now I can't put any weight on my leg").level
    'emergency'
    >>> assess("I fell last week but I can walk fine").level
    'routine'
"""
from bot.triage.catalogue import Catalogue, RedFlag, catalogue
from bot.triage.detector import Detection, detect
from bot.triage.catalogue import LEVELS
from bot.triage.urgency import TriageResult, assess, more_urgent

__all__ = [
    "Catalogue", "RedFlag", "catalogue", "Detection", "detect",
    "LEVELS", "TriageResult", "assess", "more_urgent",
]
