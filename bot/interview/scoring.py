"""Which conditions commonly fit the answers, and why: transparent points, no hidden model.

Each answer that matches what a condition file says (where it hurts, how it starts, whom it
affects) or a feature that points to it (``feature_fits`` in interview.yml) adds points and a
plain-words reason. An age group or pain site the condition does not have takes points away,
and is kept as a reason that points away from it, so the summary can say both.
This ranks topics to read about; it is not a diagnosis.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from bot.interview.config import Interview, interview
from bot.interview.flow import UNSURE
from bot.knowledge import Condition, KnowledgeBase

# Points per matching answer, and for a mismatch (age groups and pain sites are the strongest
# separators: Perthes disease does not fit a 50-year-old).
MATCH_POINTS = {"pain_site": 3.0, "onset": 2.0, "age_group": 2.0}
FEATURE_POINTS = 2.0
FINDING_POINTS = 2.0  # something said in free text that points to a condition (``finding_fits``)
FEATURE_AGAINST_POINTS = -2.0  # an answer that points away from a condition (``feature_against``)
MISMATCH_POINTS = {"pain_site": -2.0, "age_group": -4.0}
COMMON_BONUS = 0.5  # commoner causes first when the answers fit equally well


@dataclass(frozen=True)
class Candidate:
    condition: Condition
    score: float
    reasons: tuple[str, ...]         # answers that point towards this condition
    against: tuple[str, ...] = ()    # answers that point away from it


def _score(condition: Condition, answers: Mapping[str, str | None], iv: Interview,
           reported: frozenset[str] = frozenset()) -> Candidate:
    score, reasons, against = (COMMON_BONUS if condition.group == "common" else 0.0), [], []
    for question in iv.questions:
        value = answers.get(question.slot)
        option = question.option(value)
        if option is None or value == UNSURE:
            continue
        if question.condition_field:
            wanted = set(question.matches.get(value, ()))
            if wanted & set(getattr(condition, question.condition_field)):
                score += MATCH_POINTS.get(question.slot, 1.0)
                reasons.append(option.reason)
            elif MISMATCH_POINTS.get(question.slot):
                score += MISMATCH_POINTS[question.slot]
                against.append(option.reason)
        if condition.id in iv.feature_fits.get(question.slot, {}).get(value, ()):
            score += FEATURE_POINTS
            reasons.append(option.reason)
        if condition.id in iv.feature_against.get(question.slot, {}).get(value, ()):
            score += FEATURE_AGAINST_POINTS
            against.append(option.reason)
    for finding in sorted(reported):
        if condition.id in iv.finding_fits.get(finding, ()):
            score += FINDING_POINTS
            reasons.append(iv.catalogue.findings[finding].label)
    return Candidate(condition, score, tuple(dict.fromkeys(r for r in reasons if r)),
                     tuple(dict.fromkeys(r for r in against if r)))


def rank(kb: KnowledgeBase, answers: Mapping[str, str | None], limit: int = 3,
         iv: Interview | None = None, reported: Iterable[str] = ()) -> list[Candidate]:
    """The conditions that fit best, best first; only those with at least one reason, and only
    those whose required findings (``requires_findings``) were ``reported``."""
    iv = iv or interview()
    reported = set(reported)
    eligible = [c for c in kb.conditions.values() if set(iv.requires_findings.get(c.id, ())) <= reported]
    candidates = [_score(c, answers, iv, frozenset(reported)) for c in eligible]
    candidates = [c for c in candidates if c.reasons and c.score > COMMON_BONUS]
    candidates.sort(key=lambda c: (-c.score, c.condition.name))
    return candidates[:limit]
