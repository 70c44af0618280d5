"""Helpers shared by the tests: running a custom action the way the action server does."""
from __future__ import annotations

import asyncio
import inspect
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions  # noqa: F401  (validates content, registers the actions)
from actions import clinic, conditions, interview, triage


ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_PROFILES = sorted((ROOT / "clinics").glob("*.yml"))


def all_actions() -> dict[str, type[Action]]:
    found = {}
    for module in (conditions, triage, interview, clinic):
        classes = [cls for _, cls in inspect.getmembers(module, inspect.isclass)]
        classes += list(getattr(module, "ASK_ACTIONS", {}).values())
        for cls in classes:
            if issubclass(cls, Action) and cls.__module__ == module.__name__ and not inspect.isabstract(cls):
                found[cls().name()] = cls
    return found


def make_tracker(text: str | None, intent: str = "x", entities: list[dict] | None = None,
                 slots: dict[str, Any] | None = None, events: list[dict] | None = None) -> Tracker:
    return Tracker(
        sender_id="test",
        slots={"condition": None, "screening_asked": False, **(slots or {})},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []},
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run_action(name: str, text: str | None, entities: list[dict] | None = None,
               slots: dict[str, Any] | None = None, intent: str = "x"):
    dispatcher = CollectingDispatcher()
    action = all_actions()[name]()
    result = action.run(dispatcher, make_tracker(text, intent, entities, slots), {})
    if inspect.isawaitable(result):
        result = asyncio.run(result)
    return dispatcher.messages, result


def action_messages(name: str, text: str | None, entities=None, slots=None) -> list[dict]:
    return run_action(name, text, entities, slots)[0]
