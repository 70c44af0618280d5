"""Actions that explain conditions, causes, physiotherapy and sources."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import Domain, latest_entity_values, latest_text, send
from bot import answers, aspects
from bot.knowledge import Condition, knowledge
from bot.references import refers_back


def asked_aspects(tracker: Tracker) -> List[str]:
    """The aspects asked in this message: from the ``aspect`` entity (NLU or a button), else
    read from the text with the condition names blanked out."""
    from_entities = [a for a in map(aspects.resolve, latest_entity_values(tracker, "aspect")) if a]
    if from_entities:
        return list(dict.fromkeys(from_entities))
    text = latest_text(tracker)
    names = tuple(name for c in knowledge().find_in_text(text) for name in c.names)
    return aspects.detect(text, ignore=names)


def current_condition(tracker: Tracker, aspect_follow_up: bool = True) -> Optional[Condition]:
    """The condition named in this message (entity or text), or the one discussed last when
    the message points back at it ("how is it treated?") or, with ``aspect_follow_up``, asks
    about one aspect only ("and the symptoms?")."""
    kb = knowledge()
    for value in latest_entity_values(tracker, "condition"):
        condition = kb.resolve(value)
        if condition:
            return condition
    text = latest_text(tracker)
    mentioned = kb.find_in_text(text)
    if mentioned:
        return mentioned[0]
    if refers_back(text) or (aspect_follow_up and asked_aspects(tracker) != [aspects.DEFAULT]):
        return kb.resolve(tracker.get_slot("condition"))
    return None


def _answer(dispatcher: CollectingDispatcher, condition: Condition, asked: List[str]) -> List[Dict[Text, Any]]:
    send(dispatcher, answers.condition_aspects(knowledge(), condition, asked))
    return [SlotSet("condition", condition.id)]


class ActionExplainCondition(Action):
    def name(self) -> Text:
        return "action_explain_condition"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        condition = current_condition(tracker)
        if condition is None:
            send(dispatcher, answers.which_condition(knowledge()))
            return []
        return _answer(dispatcher, condition, asked_aspects(tracker))


class ActionExplainCauses(Action):
    def name(self) -> Text:
        return "action_explain_causes"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        send(dispatcher, answers.causes_overview(knowledge()))
        return []


class ActionExplainPhysiotherapy(Action):
    """Treatment questions: about a condition -> its treatment (or the aspect asked, such as
    exercises); otherwise how physiotherapy helps hip pain in general."""

    def name(self) -> Text:
        return "action_explain_physiotherapy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        kb = knowledge()
        # "How does physio help hip pain?" after talking about bursitis is a general question.
        condition = current_condition(tracker, aspect_follow_up=False)
        if condition is None:
            send(dispatcher, answers.physiotherapy_overview(kb))
            return []
        asked = [a for a in asked_aspects(tracker) if a != aspects.DEFAULT] or ["treatment"]
        return _answer(dispatcher, condition, asked)


class ActionShowSources(Action):
    def name(self) -> Text:
        return "action_show_sources"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        kb = knowledge()
        condition = current_condition(tracker) or kb.resolve(tracker.get_slot("condition"))
        send(dispatcher, answers.sources(kb, condition))
        return []
