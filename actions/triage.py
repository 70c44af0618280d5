"""Actions for warning signs and the warning-sign screen."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import Domain, latest_entity_values, latest_text, send
from actions.interview import AFFIRMED
from actions.interview import answers as check_answers
from bot import answers
from bot.countries import configured_country
from bot.knowledge import knowledge
from bot.replies import Reply
from bot.interview import observe, replies as check_replies, triage, update_answers
from bot.triage import detect

SCREENING_SLOT = "screening_asked"


class ActionEscalate(Action):
    """A warning sign: urgency advice, the emergency number and a machine-readable triage payload.

    When the learned classifier alone suspected a warning sign in free text and the rules found
    none, the person is asked the warning-sign screen (Yes / No / Not sure) instead: a tap then
    escalates, so a real sign is not missed and a false alarm is not raised. A tapped warning-sign
    button (no free text) always escalates.
    """

    def name(self) -> Text:
        return "action_escalate"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        text = latest_text(tracker)
        # What the hip pain check already knows counts too: "I fell" said or tapped earlier,
        # then "I can't stand" now, is a possible broken hip.
        detection = detect(text)
        earlier = set(tracker.get_slot(AFFIRMED) or []) - detection.ruled_out
        result = triage(check_answers(tracker), detection.affirmed | earlier, latest_entity_values(tracker, "red_flag"))
        if not result.flags and text:
            send(dispatcher, answers.warning_sign_check())
            return [SlotSet(SCREENING_SLOT, True)]
        # The escalation, then causes often checked for with what is known so far (this message too).
        known = check_answers(tracker)
        known.update(update_answers(known, observe(text)))
        send(dispatcher, check_replies.escalation_with_causes(knowledge(), known, result, configured_country()))
        return [SlotSet(SCREENING_SLOT, False)]


class _ScreeningAnswer(Action, ABC):
    """An answer to the warning-sign screen; ends the screen. Abstract: not registered itself."""

    action_name = ""

    def name(self) -> Text:
        return self.action_name

    @abstractmethod
    def reply(self) -> Reply: ...

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        send(dispatcher, self.reply())
        return [SlotSet(SCREENING_SLOT, False)]


class ActionScreeningNone(_ScreeningAnswer):
    action_name = "action_screening_none"

    def reply(self) -> Reply:
        return answers.screening_none(knowledge())


class ActionScreeningUnsure(_ScreeningAnswer):
    action_name = "action_screening_unsure"

    def reply(self) -> Reply:
        return answers.screening_unsure(configured_country())


class ActionScreeningWhich(_ScreeningAnswer):
    action_name = "action_screening_which"

    def reply(self) -> Reply:
        return answers.screening_which()
