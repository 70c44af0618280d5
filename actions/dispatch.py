"""Turning a ``bot.replies.Reply`` into Rasa messages."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.replies import Reply


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    dispatcher.utter_message(text=reply.text, buttons=[b.as_dict() for b in reply.buttons] or None)
    if reply.custom:
        dispatcher.utter_message(json_message=reply.custom)


def latest_entity_values(tracker: Tracker, entity: str) -> List[str]:
    entities = (tracker.latest_message or {}).get("entities") or []
    return [str(e.get("value")) for e in entities if e.get("entity") == entity and e.get("value")]


def latest_text(tracker: Tracker) -> Optional[str]:
    text = (tracker.latest_message or {}).get("text")
    return text if isinstance(text, str) and not text.startswith("/") else None


def latest_intent(tracker: Tracker) -> Optional[str]:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


Domain = Dict[str, Any]
