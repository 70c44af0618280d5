"""Actions that explain conditions, causes, physiotherapy and sources."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import Domain, latest_entity_values, latest_text, send
from bot import answers
from bot.knowledge import Condition, knowledge
from bot.references import refers_back


def current_condition(tracker: Tracker) -> Optional[Condition]:
    """The condition named in this message (entity or text), or the one discussed last when
    the message points back at it ("how is it treated?")."""
    kb = knowledge()
    for value in latest_entity_values(tracker, "condition"):
        condition = kb.resolve(value)
        if condition:
            return condition
    text = latest_text(tracker)
    mentioned = kb.find_in_text(text)
    if mentioned:
        return mentioned[0]
    if refers_back(text):
        return kb.resolve(tracker.get_slot("condition"))
    return None


class ActionExplainCondition(Action):
    def name(self) -> Text:
        return "action_explain_condition"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        condition = current_condition(tracker)
        if condition is None:
            send(dispatcher, answers.which_condition(knowledge()))
            return []
        send(dispatcher, answers.explain_condition(condition))
        return [SlotSet("condition", condition.id)]


class ActionExplainCauses(Action):
    def name(self) -> Text:
        return "action_explain_causes"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        send(dispatcher, answers.causes_overview(knowledge()))
        return []


class ActionExplainPhysiotherapy(Action):
    def name(self) -> Text:
        return "action_explain_physiotherapy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        kb = knowledge()
        condition = current_condition(tracker)
        if condition is None:
            send(dispatcher, answers.physiotherapy_overview(kb))
            return []
        send(dispatcher, answers.condition_treatment(kb, condition))
        return [SlotSet("condition", condition.id)]


class ActionShowSources(Action):
    def name(self) -> Text:
        return "action_show_sources"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        kb = knowledge()
        condition = current_condition(tracker) or kb.resolve(tracker.get_slot("condition"))
        send(dispatcher, answers.sources(kb, condition))
        return []
