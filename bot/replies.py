"""The one place that composes the bot's replies.

Every reply that gives health information is built with ``health_reply``, which appends the
professional-assessment recommendation and refuses wording that reads as a diagnosis. Replies
with no health content (greetings, "which condition?") use ``plain_reply``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bot import safety
from bot.content_files import CONTENT_DIR, load


class UnsafeReplyError(ValueError):
    """A reply would read as a diagnosis."""


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    custom: dict[str, Any] | None = None
    gives_health_information: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=1)
def phrases() -> dict[str, Any]:
    """The bot's own fixed wording (``content/phrases.yml``)."""
    return load(CONTENT_DIR / "phrases.yml", "phrases")


def recommendation() -> str:
    return " ".join(phrases()["professional_recommendation"].split())


def _check(text: str) -> None:
    problems = safety.diagnosis_wording(text)
    if problems:
        raise UnsafeReplyError(f"reply reads as a diagnosis: {problems[0]!r}")


def health_reply(*paragraphs: str, buttons: tuple[Button, ...] | list[Button] = (),
                 custom: dict[str, Any] | None = None) -> Reply:
    """A reply that gives health information: paragraphs + the recommendation, checked."""
    body = [p.strip() for p in paragraphs if p and p.strip()]
    text = "\n\n".join([*body, recommendation()])
    _check(text)
    return Reply(text, tuple(buttons), custom, gives_health_information=True)


def plain_reply(text: str, buttons: tuple[Button, ...] | list[Button] = ()) -> Reply:
    """A reply with no health information (e.g. asking which condition the user means)."""
    _check(text)
    return Reply(text.strip(), tuple(buttons))


def one_line(text: str) -> str:
    """YAML folded text (or any text) as one line with single spaces."""
    return " ".join(text.split())


def bullet_list(items: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"• {item}" for item in items)
