"""The hip pain check played with the plain-Python core only (no NLU model, no Rasa): free text
is read by the finding rules, "not sure" is the only phrase understood as an intent. Seconds per
case set, for trying changes to content/interview.yml and scoring.py; the reported figures come
from the real bot over REST (``RestBot``)."""
from __future__ import annotations

import json
from typing import Any

from bot import interview as iv
from bot.countries import configured_country
from bot.interview import replies
from bot.knowledge import knowledge
from bot.replies import Reply

_UNSURE_WORDS = {"not sure", "unsure", "don't know", "dont know", "skip"}


def _as_rest(reply: Reply) -> list[dict[str, Any]]:
    message: dict[str, Any] = {"text": reply.text}
    if reply.buttons:
        message["buttons"] = [b.as_dict() for b in reply.buttons]
    return [message, {"custom": reply.custom}] if reply.custom else [message]


class CoreBot:
    def __init__(self) -> None:
        self.state: dict[str, dict[str, Any]] = {}

    def say(self, sender: str, message: str) -> list[dict[str, Any]]:
        s = self.state.setdefault(sender, {"answers": {}, "affirmed": [], "ruled_out": [], "requested": None})
        tapped_question = tapped_answer = None
        text: str | None = message
        if message.startswith("/describe_symptoms{"):
            data = json.loads(message[len("/describe_symptoms"):])
            tapped_question, tapped_answer, text = data["question"], data["answer"], None
        elif message.startswith("/"):
            text = None
        seen = iv.observe(text)
        intent = "unsure" if text and text.strip().lower() in _UNSURE_WORDS else None
        requested = tapped_question or s["requested"]
        new = iv.update_answers(s["answers"], seen, requested=requested, intent=intent, tapped=tapped_answer, text=text)
        s["answers"].update(new)
        s["affirmed"], s["ruled_out"] = iv.reported_findings(s["affirmed"], s["ruled_out"], seen)
        result = iv.triage(s["answers"], s["affirmed"])
        slot = None if result.level in ("urgent", "emergency") else iv.next_slot(s["answers"])
        if slot == iv.interview().warning_check.slot and not iv.warning_signs_to_ask(s["answers"], s["ruled_out"]):
            s["answers"][slot], slot = "no", None
        s["requested"] = slot
        if slot is None:
            return _as_rest(replies.summary(knowledge(), s["answers"], result, configured_country()))
        return _as_rest(replies.question(slot, s["answers"], s["ruled_out"]))
