"""A simulated patient: answers the hip pain check from a case, as a person would.

It taps a quick-reply button when one fits the case, types when no button fits (the warning
signs that apply, in words), and says "not sure" when the case is silent. Vignettes name the
warning signs and the medical history that were present, so for those two questions silence
means "no" (a case report of bursitis that does not mention cancer describes someone without it).
It stops at the summary or an escalation (a reply with the ``triage`` payload).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Mapping

from bot.evaluation.clinical.cases import Case

NOT_SURE = "not sure"
START_PAYLOAD = "/start_assessment"
START_TEXT = "can you check my hip pain"
_QUESTION = re.compile(r'^/describe_symptoms(\{.*\})$')


@dataclass(frozen=True)
class Turn:
    """What the bot's replies to one message mean for the patient."""
    question: str | None                      # the slot being asked, from the buttons' payloads
    buttons: dict[str, str]                   # answer value -> payload, for that question
    triage: dict[str, Any] | None             # the triage payload: the check ended
    assessment: dict[str, Any] | None         # ranked cause ids and urgency, when shown
    start_payload: str | None                 # a "Check my hip pain" button, if offered


def read_turn(messages: list[Mapping[str, Any]]) -> Turn:
    question, buttons, triage, assessment, start = None, {}, None, None, None
    for message in messages:
        custom = message.get("custom") or {}
        triage = custom.get("triage", triage)
        assessment = custom.get("assessment", assessment)
        for button in message.get("buttons") or []:
            payload = button.get("payload", "")
            match = _QUESTION.match(payload)
            if match:
                data = json.loads(match.group(1))
                if "question" in data and "answer" in data:
                    question = data["question"]
                    buttons[data["answer"]] = payload
            elif payload == START_PAYLOAD:
                start = payload
    return Turn(question, buttons, triage, assessment, start)


def _age_group(age: int, bounds: Mapping[str, int]) -> str:
    return next(group for group, upper in bounds.items() if age <= upper)


def _warning_signs(a: Mapping[str, Any]) -> list[str]:
    """The signs of the warning-sign check that apply, in a patient's words."""
    signs = []
    if a.get("onset") == "injury" and a.get("weight_bearing") == "cannot":
        signs.append("after the fall I can't put weight on the leg")
    if a.get("fever") == "yes":
        signs.append("there is a fever")
    if a.get("bladder_bowel_saddle") == "yes" or a.get("numbness") == "saddle":
        signs.append("numbness between the legs and trouble passing urine")
    if a.get("leg_weakness") == "yes":
        signs.append("the leg is getting weaker")
    if a.get("cancer_history") == "yes":
        signs.append("I have had cancer")
    if a.get("weight_loss") == "yes":
        signs.append("I have lost weight without trying")
    if a.get("age", 99) <= 17 and a.get("weight_bearing") == "limp":
        signs.append("limping for weeks" if a.get("duration") in ("medium", "long") else "limping")
    return signs


def answer_value(slot: str, a: Mapping[str, Any], age_bounds: Mapping[str, int]) -> str | None:
    """The button value this case gives to the question of ``slot``; None when the case is silent."""
    direct = {"pain_site": "pain_site", "onset": "onset", "duration": "duration", "stiffness": "morning_stiffness",
              "lying_side": "lying_side_pain", "clicking": "clicking", "swelling_heat": "swelling_heat",
              "night_pain": "night_pain", "worse_with": "worse_with", "groin_lump": "groin_lump"}
    if slot in direct:
        return a.get(direct[slot])
    if slot == "age_group":
        return _age_group(a["age"], age_bounds)
    if slot == "below_knee":
        if a.get("pain_below_knee") == "yes" or a.get("numbness") == "below_knee":
            return "yes"
        return "no" if a.get("pain_below_knee") == "no" else None
    if slot == "thigh_numbness":
        if "numbness" not in a:
            return None
        return "yes" if a["numbness"] == "outer_thigh" else "no"
    if slot == "medical_history":
        if a.get("hip_replacement") == "yes":
            return "replacement"
        return "steroids_alcohol" if a.get("steroids_or_alcohol") == "yes" else "none"
    if slot == "warning_signs":
        return "yes" if _warning_signs(a) else "no"
    return None


class SimulatedPatient:
    """One case's patient. ``next_message`` returns what to send, or None when the check ended."""

    def __init__(self, case: Case, age_bounds: Mapping[str, int], warning_slot: str = "warning_signs") -> None:
        self.case, self.age_bounds, self.warning_slot = case, age_bounds, warning_slot
        self.asked: list[str] = []       # each question as it was asked (repeats included)
        self.started = False

    def next_message(self, turn: Turn) -> str | None:
        if turn.triage is not None:
            return None
        if turn.question is None:
            if self.started:
                return None  # no question, no summary: the check did not go on
            self.started = True
            return turn.start_payload or START_TEXT
        self.started = True
        repeated = bool(self.asked) and self.asked[-1] == turn.question
        self.asked.append(turn.question)
        value = answer_value(turn.question, self.case.answers, self.age_bounds)
        if turn.question == self.warning_slot and value == "yes" and not repeated:
            return "yes: " + ", ".join(_warning_signs(self.case.answers))
        if value in turn.buttons:
            return turn.buttons[value]
        # Silent case: "not sure" in words; if that was not understood, the "Not sure" button.
        if repeated and "unsure" in turn.buttons:
            return turn.buttons["unsure"]
        return NOT_SURE

    @property
    def questions_asked(self) -> int:
        return len(dict.fromkeys(self.asked))
