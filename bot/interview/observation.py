"""What one message says: findings affirmed or ruled out, and an age if one is written."""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.interview.config import interview
from bot.triage import detect


@dataclass(frozen=True)
class Observation:
    affirmed: frozenset[str] = field(default_factory=frozenset)
    ruled_out: frozenset[str] = field(default_factory=frozenset)
    age: int | None = None

    @classmethod
    def of(cls, affirmed=(), ruled_out=(), age: int | None = None) -> "Observation":
        affirmed = frozenset(affirmed)
        return cls(affirmed, frozenset(ruled_out) - affirmed, age)


def observe(text: str | None) -> Observation:
    """One detection pass over the red-flag and interview findings (bot/triage rules)."""
    detection = detect(text, interview().catalogue)
    return Observation.of(detection.affirmed, detection.ruled_out, detection.age)
