"""Actions of the clinic profile: the greeting and the handover to staff ("talk to a person")."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import Domain, send
from bot.clinic import replies as clinic_replies
from bot.countries import configured_country

HANDOVER_SLOT = "handover"


def latest_urgency(tracker: Tracker) -> Optional[str]:
    """The urgency of the latest triage payload the bot sent in this conversation, if any."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "bot":
            triage = ((event.get("data") or {}).get("custom") or {}).get("triage")
            if isinstance(triage, dict) and triage.get("level"):
                return triage["level"]
    return None


class ActionGreet(Action):
    """The clinic's greeting (and its privacy notice), with the main choices as buttons."""

    def name(self) -> Text:
        return "action_greet"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        send(dispatcher, clinic_replies.greeting(configured_country()))
        return []


class ActionHandover(Action):
    """"Talk to a person": the clinic's contact route. With handover enabled in the profile the
    conversation is marked for staff to follow up: the ``handover`` slot holds the payload (in
    the tracker store and any event broker) and the payload is also sent as a custom message."""

    def name(self) -> Text:
        return "action_handover"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        reply, marked = clinic_replies.handover(configured_country())
        send(dispatcher, reply)
        if not marked:
            return []
        urgency = latest_urgency(tracker)
        reason = "same_day" if urgency == "urgent" else "user_request"
        payload = clinic_replies.handover_payload(reason, urgency)
        dispatcher.utter_message(json_message={"handover": payload})
        return [SlotSet(HANDOVER_SLOT, payload)]
