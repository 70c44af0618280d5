"""Why the hip pain check asks what it asks, and why its summary says what it says.

- ``question_why``: "why are you asking this?" during the check -> the question's one-line
  ``why`` from content/interview.yml.
- ``record``: what a summary showed (the ranked cause ids, the urgency and the warning signs
  behind it), machine-readable: sent as the ``assessment`` custom payload and kept in a slot.
- ``reasoning``: "why do you say that?" after a summary -> for each cause shown, the answers
  that point towards it and any that point away, and why the advice was that urgent.

Wording is in content/phrases.yml (``interview.explain``); replies go through ``health_reply``.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from bot.interview.config import Interview, interview
from bot.interview.scoring import Candidate, rank
from bot.knowledge import KnowledgeBase
from bot.replies import Reply, health_reply, phrases, plain_reply
from bot.triage import TriageResult, catalogue

UNSPECIFIED = "unspecified_warning_sign"


def _ep(key: str):
    return phrases()["interview"]["explain"][key]


def reasons_text(reasons: Iterable[str]) -> str:
    """"a, b and c", each reason once."""
    unique = list(dict.fromkeys(reasons))
    if len(unique) <= 1:
        return "".join(unique)
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def against_text(candidate: Candidate, template_key: str = "against") -> str:
    """" Less typical: ..." when some answers point away from the cause, else ""."""
    return _ep(template_key).format(reasons=reasons_text(candidate.against)) if candidate.against else ""


def question_why(slot: str | None, iv: Interview | None = None) -> Reply | None:
    """The reason for asking the question of ``slot``; None when no question is being asked."""
    why = (iv or interview()).why(slot)
    return health_reply(_ep("question").format(why=why)) if why else None


def record(candidates: list[Candidate], triage: TriageResult, warning_yes: bool = False) -> dict[str, Any]:
    """What a summary showed, as plain data (the ``assessment`` payload and the slot)."""
    level, flags = triage.level, triage.reasons
    if warning_yes and level not in ("urgent", "emergency"):
        level, flags = "urgent", [UNSPECIFIED]  # "yes, one of these" with no sign named
    return {"causes": [c.condition.id for c in candidates], "urgency": level, "warning_signs": list(flags)}


def _urgency_line(shown: Mapping[str, Any]) -> str:
    urgency = _ep("urgency")
    level, flags = shown.get("urgency", "routine"), list(shown.get("warning_signs") or [])
    if level == "routine" or level not in urgency:
        return urgency["routine"]
    if not flags or flags[0] == UNSPECIFIED:
        return urgency["unspecified"]
    flag = catalogue().flag(flags[0])
    return urgency[level].format(sign=flag.name if flag else flags[0])


def nothing_yet() -> Reply:
    """"Why?" before any summary: nothing has been suggested yet (no health information)."""
    return plain_reply(_ep("nothing_yet"))


def reasoning(kb: KnowledgeBase, answers: Mapping[str, str | None], reported: Iterable[str],
              shown: Mapping[str, Any] | None, iv: Interview | None = None) -> Reply:
    """"Why do you say that?" after a summary: the reasons for each cause it listed, in its order."""
    if not shown:
        return nothing_yet()
    iv = iv or interview()
    everything = {c.condition.id: c for c in rank(kb, answers, limit=len(kb.conditions), iv=iv, reported=reported)}
    listed = [everything[cid] for cid in shown.get("causes") or [] if cid in everything]
    lines = [
        _ep("reasoning_cause").format(name=c.condition.name, reasons=reasons_text(c.reasons),
                                      against=against_text(c, "reasoning_against"))
        for c in listed
    ]
    body = "\n".join(f"• {line}" for line in lines) if lines else _ep("reasoning_none")
    return health_reply(_ep("reasoning_intro"), body, _urgency_line(shown))
