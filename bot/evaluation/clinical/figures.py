"""Accuracy and triage-safety figures from played cases.

- top-1 / top-3: the reference cause or one a clinician would accept is first / among the first
  three causes listed. Over all cases (an escalation lists no causes, so it counts as a miss) and
  over the cases that ended in a summary.
- urgency: exactly right; under-triage (advice less urgent than the reference: the figure that
  matters most), also for emergency and same-day (urgent) cases alone; over-triage (more urgent),
  also for routine cases alone; emergency sensitivity (emergency cases given emergency advice).
- questions asked per case: median and maximum.
"""
from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Iterable

from bot.evaluation.clinical.cases import LEVELS, Case
from bot.evaluation.clinical.play import Outcome


def _rank(level: str | None) -> int:
    return LEVELS.index(level) if level in LEVELS else -1  # no advice at all is the least urgent


def hit(case: Case, outcome: Outcome, k: int) -> bool:
    return bool(case.accepted & set(outcome.causes[:k]))


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def figures(cases: Iterable[Case], outcomes: dict[str, Outcome]) -> dict:
    cases = [c for c in cases if c.id in outcomes]
    pairs = [(c, outcomes[c.id]) for c in cases]
    summarised = [(c, o) for c, o in pairs if o.ended == "summary"]
    under = [(c, o) for c, o in pairs if _rank(o.urgency) < _rank(c.urgency)]
    over = [(c, o) for c, o in pairs if _rank(o.urgency) > _rank(c.urgency)]
    serious = [(c, o) for c, o in pairs if c.urgency in ("urgent", "emergency")]
    routine = [(c, o) for c, o in pairs if c.urgency == "routine"]
    emergencies = [(c, o) for c, o in pairs if c.urgency == "emergency"]
    questions = [o.questions_asked for _, o in pairs]
    return {
        "cases": len(pairs),
        "top1": _rate(sum(hit(c, o, 1) for c, o in pairs), len(pairs)),
        "top3": _rate(sum(hit(c, o, 3) for c, o in pairs), len(pairs)),
        "summaries": len(summarised),
        "top1_summaries": _rate(sum(hit(c, o, 1) for c, o in summarised), len(summarised)),
        "top3_summaries": _rate(sum(hit(c, o, 3) for c, o in summarised), len(summarised)),
        "urgency_exact": _rate(sum(o.urgency == c.urgency for c, o in pairs), len(pairs)),
        "under_triage": _rate(len(under), len(pairs)),
        "under_triage_emergency_or_same_day": _rate(sum(_rank(o.urgency) < _rank(c.urgency) for c, o in serious),
                                                    len(serious)),
        "under_triage_emergency_or_same_day_count": sum(_rank(o.urgency) < _rank(c.urgency) for c, o in serious),
        "over_triage": _rate(len(over), len(pairs)),
        "over_triage_routine": _rate(sum(o.urgency != "routine" for _, o in routine), len(routine)),
        "emergency_sensitivity": _rate(sum(o.urgency == "emergency" for _, o in emergencies), len(emergencies)),
        "no_end": sum(o.ended == "no_end" for _, o in pairs),
        "questions_median": statistics.median(questions) if questions else None,
        "questions_max": max(questions) if questions else None,
        "under_triaged_cases": [c.id for c, _ in under],
    }


def per_condition(cases: Iterable[Case], outcomes: dict[str, Outcome]) -> dict[str, dict]:
    groups: dict[str, list[tuple[Case, Outcome]]] = defaultdict(list)
    for case in cases:
        if case.id in outcomes:
            groups[case.reference].append((case, outcomes[case.id]))
    return {
        condition: {
            "cases": len(pairs),
            "top1": sum(hit(c, o, 1) for c, o in pairs),
            "top3": sum(hit(c, o, 3) for c, o in pairs),
            "urgency_exact": sum(o.urgency == c.urgency for c, o in pairs),
            "under_triage": sum(_rank(o.urgency) < _rank(c.urgency) for c, o in pairs),
        }
        for condition, pairs in sorted(groups.items())
    }
