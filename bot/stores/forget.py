"""When a turn deletes the conversation ("delete my data", confirmed). Plain Python.

The conversation side is data (data/rules/privacy.yml): ``forget_me`` asks the question
``utter_ask_forget_confirm``; a confirmation (``confirm_forget``, or a typed "yes") answers
``utter_conversation_deleted``. The tracker store deletes the sender's events when it saves a
turn that did that, and checks the whole sequence itself, so a wrong prediction alone can never
delete a conversation: the latest user message must confirm, and the bot's last action before
it must be the question.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

ASK = "utter_ask_forget_confirm"
DELETED = "utter_conversation_deleted"
CONFIRMING_INTENTS = frozenset({"confirm_forget", "affirm"})
LISTEN = "action_listen"


def _intent(event: Mapping[str, Any]) -> str:
    return ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""


def _bot_actions(events: Iterable[Mapping[str, Any]]) -> list[str]:
    return [e.get("name") or "" for e in events if e.get("event") == "action" and e.get("name") != LISTEN]


def deletion_confirmed(events: Sequence[Mapping[str, Any]]) -> bool:
    """True if the latest turn of these events (Rasa event dicts) confirmed a deletion."""
    users = [i for i, event in enumerate(events) if event.get("event") == "user"]
    if not users:
        return False
    last = users[-1]
    if DELETED not in _bot_actions(events[last + 1:]) or _intent(events[last]) not in CONFIRMING_INTENTS:
        return False
    before = _bot_actions(events[:last])
    return bool(before) and before[-1] == ASK


def has_user_message(events: Iterable[Mapping[str, Any]]) -> bool:
    """A tracker worth storing: someone said something (not just Rasa's session start)."""
    return any(event.get("event") == "user" for event in events)
