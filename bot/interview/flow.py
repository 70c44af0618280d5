"""Which question comes next, and what a message answers.

Answers are a plain dict {slot: value}. Free text fills any question it answers, at any point
(so nothing the person already said is asked again, and "actually it's on the outside" changes
an answer). A tap, "yes", "no", "not sure" or "skip" answers the question being asked.
"""
from __future__ import annotations

import re
from typing import Iterable, Mapping

from bot.interview.config import Interview, Question, interview
from bot.interview.observation import Observation
from bot.triage import TriageResult, assess
from bot.triage import text as T
from bot.triage.detector import Detection

UNSURE = "unsure"
_YES_NO_INTENTS = {"affirm": "yes", "deny": "no"}
UNSURE_INTENTS = frozenset({"unsure", "skip_question"})


def _value_from_text(question: Question, observation: Observation) -> str | None:
    for option in question.options:
        if set(option.findings) & observation.affirmed:
            return option.value
    if question.age_bounds and observation.age is not None:
        return next((group for group, upper in question.age_bounds.items() if observation.age <= upper), None)
    if question.option("no") and question.no_when_ruled_out and set(question.no_when_ruled_out) <= observation.ruled_out:
        return "no"
    return None


def _value_from_reply(values: Iterable[str], intent: str | None, tapped: str | None,
                      negative: bool = False) -> str | None:
    values = tuple(values)
    if tapped in values or tapped == UNSURE:
        return tapped
    if intent in UNSURE_INTENTS:
        return UNSURE
    if intent in _YES_NO_INTENTS and _YES_NO_INTENTS[intent] in values:
        return _YES_NO_INTENTS[intent]
    if negative and "no" in values:
        return "no"  # "no numbness", "it doesn't wake me" in reply to a yes/no question
    return None


_BARE_AGE = re.compile(r"^\s*(?:about |around |nearly |almost )?(\d{1,3})\s*(?:years?|yrs?|y/?o|y)?\s*(?:old)?[.!]?\s*$")


def _bare_age_group(question: Question, text: str) -> str | None:
    """A bare number in reply to the age question ("38")."""
    match = _BARE_AGE.match(text.lower())
    if not match:
        return None
    age = int(match.group(1))
    return next((group for group, upper in question.age_bounds.items() if age <= upper), None)


def update_answers(answers: Mapping[str, str | None], observation: Observation, *, requested: str | None = None,
                   intent: str | None = None, tapped: str | None = None, text: str | None = None,
                   iv: Interview | None = None) -> dict[str, str]:
    """The answers this message gives or changes (only slots whose value changes). ``text``
    starting with a negation ("no numbness") answers "no" to the question asked, if it has "no"."""
    iv = iv or interview()
    new: dict[str, str] = {}
    for question in iv.questions:
        value = _value_from_text(question, observation)
        if value:
            new[question.slot] = value
    if requested and requested not in new:
        question = iv.question(requested)
        values = question.values if question else tuple(v for v, _ in iv.warning_check.options)
        # A reply starting with "no" answers the question asked, unless it answered another one
        # ("no clicking that I've noticed"); only a plain "no" answers the warning check.
        negative = question is not None and not new and bool(text) and T.starts_with_cue(T.normalise(text))
        value = _value_from_reply(values, intent, tapped, negative)
        if value is None and question is not None and question.age_bounds and text:
            value = _bare_age_group(question, text)
        if value:
            new[requested] = value
    return {slot: value for slot, value in new.items() if answers.get(slot) != value}


def _applies(question: Question, answers: Mapping[str, str | None]) -> bool:
    return all(answers.get(slot) in values for slot, values in question.ask_when.items())


def plan(answers: Mapping[str, str | None], iv: Interview | None = None) -> list[str]:
    """The questions for these answers, in order: those that apply, within the question budget,
    then the warning-sign check."""
    iv = iv or interview()
    applicable = [q.slot for q in iv.questions if _applies(q, answers)]
    return applicable[: iv.max_questions - 1] + [iv.warning_check.slot]


def next_slot(answers: Mapping[str, str | None], iv: Interview | None = None) -> str | None:
    return next((slot for slot in plan(answers, iv) if answers.get(slot) is None), None)


def triage(answers: Mapping[str, str | None], affirmed: Iterable[str], flag_ids: Iterable[str] = (),
           iv: Interview | None = None) -> TriageResult:
    """The urgency of everything reported in the check: findings said, and findings the tapped
    answers imply ("after a fall" + "65 or over"), plus red flags named by a button."""
    detection = Detection(affirmed=set(affirmed) | implied_findings(answers, iv))
    return assess(detection=detection, flag_ids=list(flag_ids))


def implied_findings(answers: Mapping[str, str | None], iv: Interview | None = None) -> set[str]:
    """Findings the answers count as affirmed (a tap on "65 or over" -> older_adult)."""
    iv = iv or interview()
    found: set[str] = set()
    for question in iv.questions:
        option = question.option(answers.get(question.slot))
        if option:
            found |= set(option.implies)
    return found


def reported_findings(affirmed: Iterable[str], ruled_out: Iterable[str], observation: Observation) -> tuple[list[str], list[str]]:
    """Findings reported so far, updated with one message. A later mention wins."""
    affirmed_now = (set(affirmed) - observation.ruled_out) | observation.affirmed
    ruled_out_now = (set(ruled_out) - observation.affirmed) | observation.ruled_out
    return sorted(affirmed_now), sorted(ruled_out_now - affirmed_now)


def warning_signs_to_ask(answers: Mapping[str, str | None], ruled_out: Iterable[str],
                         iv: Interview | None = None) -> list[str]:
    """The warning-check signs not yet ruled out, for this person's age group."""
    iv = iv or interview()
    ruled_out = set(ruled_out)
    age = answers.get("age_group")
    return [
        sign.text for sign in iv.warning_check.signs
        if not set(sign.ruled_out_by) <= ruled_out and (not sign.ages or age in sign.ages)
    ]
