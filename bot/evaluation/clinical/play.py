"""Play a case through a bot: the opening message, then the simulated patient's answers, until
the summary or an escalation. ``RestBot`` talks to the real running bot (the REST channel)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol

import httpx

from bot.evaluation.clinical.cases import Case
from bot.evaluation.clinical.patient import SimulatedPatient, read_turn

MAX_TURNS = 25
ESCALATION_LEVELS = ("urgent", "emergency")


class Bot(Protocol):
    def say(self, sender: str, message: str) -> list[dict[str, Any]]: ...


class RestBot:
    """The REST channel of a running bot (``/webhooks/rest/webhook``)."""

    def __init__(self, url: str, timeout: float = 60) -> None:
        self.url, self.client = url.rstrip("/"), httpx.Client(timeout=timeout)

    def say(self, sender: str, message: str) -> list[dict[str, Any]]:
        response = self.client.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message})
        response.raise_for_status()
        return response.json()


@dataclass
class Outcome:
    case_id: str
    causes: list[str]                 # the possible causes listed, best first
    urgency: str | None               # the triage level the bot gave (None: it never ended)
    ended: str                        # "summary", "escalation" or "no_end"
    questions_asked: int
    questions: list[str] = field(default_factory=list)
    transcript: list[dict[str, Any]] = field(default_factory=list)


def play(case: Case, bot: Bot, age_bounds: Mapping[str, int], keep_transcript: bool = False) -> Outcome:
    patient = SimulatedPatient(case, age_bounds)
    sender = f"clinical-{case.id}-{uuid.uuid4().hex[:8]}"
    message: str | None = case.opening
    transcript: list[dict[str, Any]] = []
    turn = None
    for _ in range(MAX_TURNS):
        replies = bot.say(sender, message)
        if keep_transcript:
            transcript.append({"user": message, "bot": replies})
        turn = read_turn(replies)
        message = patient.next_message(turn)
        if message is None:
            break
    triage = turn.triage if turn else None
    causes = list((turn.assessment or {}).get("causes") or []) if turn else []
    # urgent and emergency advice is an escalation (no causes listed); routine and soon end in a summary
    ended = "no_end" if triage is None else ("escalation" if triage["level"] in ESCALATION_LEVELS else "summary")
    return Outcome(case.id, causes, triage["level"] if triage else None, ended, patient.questions_asked,
                   list(dict.fromkeys(patient.asked)), transcript)
