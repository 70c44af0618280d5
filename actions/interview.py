"""Actions of the guided hip pain check (the Rasa form ``assessment_form``).

Thin: ``bot.interview`` decides what a message answers, what to ask next and what the summary
says; these actions read the tracker, call it, and turn the result into slots and messages.
Slots: one per question (content/interview.yml), ``findings_affirmed`` / ``findings_ruled_out``
(everything reported during the check, from the FindingExtractor's entities), ``interview_misses``.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import Domain, latest_entity_values, latest_intent, latest_text, send
from bot import interview as iv
from bot.countries import configured_country
from bot.interview import explain, replies
from bot.knowledge import knowledge
from bot.replies import plain_reply

FORM = "assessment_form"
REQUESTED_SLOT = "requested_slot"
AFFIRMED, RULED_OUT, MISSES, INTRO = "findings_affirmed", "findings_ruled_out", "interview_misses", "interview_intro"
LAST_ASSESSMENT = "last_assessment"  # what the last summary showed, for "why do you say that?"
# These always leave the form to a rule: warnings, and the user's control of the check.
INTERRUPTIONS = frozenset({"stop_assessment", "restart_assessment", "request_summary", "goodbye", "request_human",
                           "forget_me", "confirm_forget", "cancel_forget"})
# Questions asked in the middle of the check, and "change an answer": a rule answers them and
# the check goes on, unless the message itself answered something ("correction: it's been 4
# months, not 4 weeks" changes the answer directly).
DIGRESSIONS = frozenset({"ask_condition", "ask_causes", "ask_physiotherapy", "ask_sources", "bot_challenge",
                         "ask_capabilities", "out_of_scope", "change_answer", "ask_why"})


def observation(tracker: Tracker) -> iv.Observation:
    """What the latest message says, from the FindingExtractor's entities."""
    entities = (tracker.latest_message or {}).get("entities") or []
    findings = [e for e in entities if e.get("entity") == "finding"]
    ages = [int(v) for v in latest_entity_values(tracker, "age") if str(v).isdigit()]
    return iv.Observation.of(
        affirmed=[e["value"] for e in findings if e.get("role") != "negated"],
        ruled_out=[e["value"] for e in findings if e.get("role") == "negated"],
        age=min(ages) if ages else None,
    )


def answers(tracker: Tracker) -> Dict[str, Optional[str]]:
    return {slot: tracker.get_slot(slot) for slot in iv.interview().slots}


def reported(tracker: Tracker) -> tuple[list[str], list[str]]:
    return list(tracker.get_slot(AFFIRMED) or []), list(tracker.get_slot(RULED_OUT) or [])


def _tapped(tracker: Tracker) -> tuple[Optional[str], Optional[str]]:
    """A button's (question, answer), if the message is a tap."""
    question = next(iter(latest_entity_values(tracker, "question")), None)
    answer = next(iter(latest_entity_values(tracker, "answer")), None)
    return question, answer


class ValidateAssessmentForm(FormValidationAction):
    """Fills the check's slots from each message and chooses the next question."""

    def name(self) -> Text:
        return f"validate_{FORM}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[EventType]:
        current = answers(tracker)
        intent = latest_intent(tracker)
        requested = tracker.get_slot(REQUESTED_SLOT)
        if intent in INTERRUPTIONS or (intent == "report_red_flag" and latest_entity_values(tracker, "red_flag")):
            # Nothing validated: Rasa rejects the form's turn and a rule takes over (a warning sign
            # the rules recognised always escalates).
            return [SlotSet(REQUESTED_SLOT, iv.next_slot(current))]
        if intent == "start_assessment":  # "check my hip" while the check runs: carry on
            return [SlotSet(INTRO, False), SlotSet(REQUESTED_SLOT, iv.next_slot(current))]
        seen = observation(tracker)
        tapped_question, tapped_answer = _tapped(tracker)
        if tapped_question:
            requested = tapped_question
        new = iv.update_answers(current, seen, requested=requested, intent=intent, tapped=tapped_answer,
                                text=latest_text(tracker))
        affirmed, ruled_out = iv.reported_findings(*reported(tracker), seen)
        # A warning sign only the learned model suspected (no rule found one): an answer that fills
        # a question carries on; otherwise the warning-sign screen is asked (rule, action_escalate).
        if not new and (intent in DIGRESSIONS or intent == "report_red_flag"):
            return [SlotSet(REQUESTED_SLOT, iv.next_slot(current))]
        events: List[EventType] = [SlotSet(slot, value) for slot, value in new.items()]
        events += [SlotSet(AFFIRMED, affirmed), SlotSet(RULED_OUT, ruled_out)]
        current.update(new)
        understood = new or seen.affirmed or seen.ruled_out
        if not understood and requested and tracker.latest_message.get("text"):
            send(dispatcher, plain_reply(replies.not_understood()))
            events.append(SlotSet(MISSES, (tracker.get_slot(MISSES) or 0) + 1))
        if iv.triage(current, affirmed).level in ("urgent", "emergency"):
            # A warning sign found by combining answers: end the check now; the summary escalates.
            return events + [SlotSet(REQUESTED_SLOT, None)]
        next_slot = iv.next_slot(current)
        if next_slot == iv.interview().warning_check.slot and not iv.warning_signs_to_ask(current, ruled_out):
            events.append(SlotSet(next_slot, "no"))  # every sign was already ruled out in their words
            next_slot = None
        return events + [SlotSet(REQUESTED_SLOT, next_slot)]


class ActionAskQuestion(Action, ABC):
    """Asks one question of the check (``action_ask_<slot>``); the first one starts with an intro.
    Abstract: one subclass per question is made below."""

    @property
    @abstractmethod
    def slot(self) -> str: ...

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        events = []
        if not tracker.get_slot(INTRO):
            dispatcher.utter_message(text=replies.start_text())
            events.append(SlotSet(INTRO, True))
        send(dispatcher, replies.question(self.slot, answers(tracker), reported(tracker)[1]))
        return events


# One ask action per question, named after its slot (Rasa looks for action_ask_<slot>).
ASK_ACTIONS = {
    slot: type(f"ActionAsk_{slot}", (ActionAskQuestion,), {"slot": slot, "__module__": __name__})
    for slot in iv.interview().slots
}


class ActionAssessmentSummary(Action):
    def name(self) -> Text:
        return "action_assessment_summary"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        current = answers(tracker)
        affirmed, _ = reported(tracker)
        result = iv.triage(current, affirmed)
        send(dispatcher, replies.summary(knowledge(), current, result, configured_country()))
        return [SlotSet(INTRO, False), SlotSet(LAST_ASSESSMENT, replies.summary_record(knowledge(), current, result))]


class ActionExplainWhy(Action):
    """"Why?": during the check, the reason for the question being asked (the form then asks it
    again); after a summary, the reasoning behind the causes and the urgency it showed."""

    def name(self) -> Text:
        return "action_explain_why"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        # A question is being asked only while the check runs: ending, stopping or leaving it
        # (a warning sign deactivates the form) clears requested_slot.
        why = explain.question_why(tracker.get_slot(REQUESTED_SLOT))
        if why is None:
            current = answers(tracker)
            why = explain.reasoning(knowledge(), current, iv.triage(current, reported(tracker)[0]).detection.affirmed,
                                    tracker.get_slot(LAST_ASSESSMENT))
        send(dispatcher, why)
        return []


class ActionPhysioSummary(Action):
    def name(self) -> Text:
        return "action_physio_summary"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        send(dispatcher, replies.physio_summary(knowledge(), answers(tracker), *reported(tracker)))
        return []


class ActionChangeAnswer(Action):
    """"Change an answer": with a question named (a button), clear it so the check asks it
    again; otherwise offer the answered questions as buttons."""

    def name(self) -> Text:
        return "action_change_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        question = next(iter(latest_entity_values(tracker, "question")), None)
        if question in iv.interview().slots:
            return [SlotSet(question, None)]
        send(dispatcher, replies.change_answer_choices(answers(tracker)))
        # Wait for the tap rather than asking the current question (or, after the check,
        # showing the summary again) under the buttons.
        return [FollowupAction("action_listen")]


def _cleared() -> List[EventType]:
    return [SlotSet(slot, None) for slot in iv.interview().slots] + [
        SlotSet(AFFIRMED, None), SlotSet(RULED_OUT, None), SlotSet(MISSES, None), SlotSet(INTRO, False),
        SlotSet(LAST_ASSESSMENT, None)]


class ActionRestartAssessment(Action):
    def name(self) -> Text:
        return "action_restart_assessment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=replies.restarted())
        return _cleared()


class ActionStopAssessment(Action):
    """Stops the check; the answers are kept for "summary for my physio"."""

    def name(self) -> Text:
        return "action_stop_assessment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=replies.stopped())
        return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None), SlotSet(INTRO, False)]
