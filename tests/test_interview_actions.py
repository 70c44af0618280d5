"""The hip pain check's actions (actions/interview.py), run the way the action server runs them."""
import asyncio

from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.interview import ValidateAssessmentForm
from bot.interview import interview as iv_config
from bot.nlp import analyse, findings
from tests.support import make_tracker, run_action


def nlu_entities(text: str) -> list[dict]:
    """The entities the FindingExtractor gives for ``text``."""
    age = analyse(text)._.age
    return [{"entity": "finding", "value": f.finding, "role": f.state} for f in findings(text)] + (
        [{"entity": "age", "value": str(age)}] if age is not None else [])


def validate(text, intent="describe_symptoms", slots=None, entities=None):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent, nlu_entities(text) if entities is None else entities, slots)
    events = asyncio.run(ValidateAssessmentForm().run(dispatcher, tracker, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_the_first_message_fills_what_it_answers_and_the_form_asks_the_rest():
    messages, slots = validate("I have pain on the outside of my hip when I lie on that side")
    assert slots["pain_site"] == "outer_hip" and slots["lying_side"] == "yes"
    assert slots["requested_slot"] == "onset"
    assert slots["findings_affirmed"] == ["lying_side_pain", "site_outer_hip"]
    assert messages == []


def test_a_button_tap_answers_its_question():
    payload = '/describe_symptoms{"question": "onset", "answer": "gradual"}'
    entities = [{"entity": "question", "value": "onset"}, {"entity": "answer", "value": "gradual"}]
    _, slots = validate(payload, entities=entities, slots={"pain_site": "groin", "requested_slot": "onset"})
    assert slots["onset"] == "gradual" and slots["requested_slot"] == "duration"


def test_yes_no_not_sure_and_skip_answer_the_requested_question():
    base = {"pain_site": "outer_hip", "onset": "gradual", "duration": "long", "age_group": "adult"}
    _, slots = validate("yep", "affirm", {**base, "requested_slot": "lying_side"}, [])
    assert slots["lying_side"] == "yes"
    _, slots = validate("skip", "skip_question", {**base, "requested_slot": "lying_side"}, [])
    assert slots["lying_side"] == "unsure"


def test_an_answer_not_understood_is_said_and_the_question_asked_again():
    messages, slots = validate("hmm", "nlu_fallback", {"requested_slot": "pain_site"}, [])
    assert "didn't catch" in messages[0]["text"]
    assert slots["requested_slot"] == "pain_site" and slots["interview_misses"] == 1


def test_interruptions_leave_the_turn_to_a_rule():
    for intent in ("report_red_flag", "stop_assessment", "request_summary", "restart_assessment"):
        entities = [{"entity": "red_flag", "value": "fall_cannot_bear_weight"}] if intent == "report_red_flag" else []
        messages, slots = validate("whatever", intent, {"requested_slot": "onset", "pain_site": "groin"}, entities)
        # Only requested_slot is set: Rasa rejects the form's turn and the rule for the intent runs.
        assert set(slots) == {"requested_slot"} and messages == []


def test_a_warning_sign_only_the_model_suspected_does_not_stop_an_answer():
    # the intent classifier said report_red_flag but the rules found no warning sign (no red_flag entity).
    _, slots = validate("my son is 6 and it's the front of his hip", "report_red_flag", {"requested_slot": "pain_site"})
    assert slots["pain_site"] == "groin" and slots["age_group"] == "child"
    _, slots = validate("something is badly wrong", "report_red_flag", {"requested_slot": "onset"}, [])
    assert set(slots) == {"requested_slot"}  # nothing answered: the warning-sign screen is asked


def test_asking_for_the_check_during_it_carries_on_with_the_intro():
    _, slots = validate("can you check my hip", "start_assessment", {"requested_slot": "onset", "interview_intro": True}, [])
    assert slots == {"interview_intro": False, "requested_slot": "pain_site"}


def test_a_correction_with_the_new_answer_changes_it_directly():
    known = {"pain_site": "groin", "duration": "medium", "requested_slot": "age_group"}
    _, slots = validate("sorry correction, it's been 4 months not 4 weeks", "change_answer", known)
    assert slots["duration"] == "long"
    _, slots = validate("I want to change an answer", "change_answer", known, [])
    assert set(slots) == {"requested_slot"}


def test_a_question_mid_check_is_a_digression_unless_it_also_answers():
    _, slots = validate("what is bursitis?", "ask_condition", {"requested_slot": "onset"}, [])
    assert set(slots) == {"requested_slot"}
    _, slots = validate("it came on gradually. Is that arthritis?", "ask_condition", {"requested_slot": "onset"})
    assert slots["onset"] == "gradual"


def test_answers_that_add_up_to_a_warning_sign_end_the_check_for_escalation():
    payload = '/describe_symptoms{"question": "age_group", "answer": "older_adult"}'
    entities = [{"entity": "question", "value": "age_group"}, {"entity": "answer", "value": "older_adult"}]
    _, slots = validate(payload, entities=entities, slots={"onset": "injury", "requested_slot": "age_group"})
    assert slots["age_group"] == "older_adult" and slots["requested_slot"] is None


def test_the_warning_check_is_skipped_when_every_sign_was_ruled_out():
    text = ("no fever and I feel fine, I can walk fine, no numbness between my legs and no bladder or bowel "
            "problems, my legs are not weak, never had cancer and no weight loss")
    known = {"pain_site": "groin", "onset": "gradual", "duration": "long", "age_group": "adult",
             "worse_with": "walking", "stiffness": "short", "clicking": "no", "medical_history": "none",
             "night_pain": "no", "groin_lump": "no", "requested_slot": "groin_lump"}
    _, slots = validate(text, slots=known)
    if "warning_signs" in slots:
        assert slots["warning_signs"] == "no" and slots["requested_slot"] is None
    else:  # some sign was not recognised as ruled out: then the check is asked
        assert slots["requested_slot"] == "warning_signs"


def test_ask_action_starts_with_an_intro_once():
    messages, events = run_action("action_ask_pain_site", "/start_assessment")
    assert f"at most {iv_config().max_questions}" in messages[0]["text"] and len(messages[1]["buttons"]) == 5
    assert events == [SlotSet("interview_intro", True)]
    messages, events = run_action("action_ask_pain_site", "x", slots={"interview_intro": True})
    assert len(messages) == 1 and events == []


def test_warning_check_question_lists_signs_not_ruled_out():
    messages, _ = run_action("action_ask_warning_signs", "x",
                             slots={"findings_ruled_out": ["fever", "unwell"], "interview_intro": True})
    assert "fever" not in messages[0]["text"] and "cancer" in messages[0]["text"]


def test_summary_action_sends_the_summary_with_the_triage_payload():
    slots = {"pain_site": "outer_hip", "onset": "gradual", "duration": "long", "age_group": "adult",
             "lying_side": "yes", "warning_signs": "no", "findings_affirmed": ["site_outer_hip"]}
    messages, events = run_action("action_assessment_summary", "/describe_symptoms", slots=slots)
    assert "Greater trochanteric pain syndrome" in messages[0]["text"]
    assert messages[1]["custom"]["triage"]["level"] == "routine"
    shown = messages[1]["custom"]["assessment"]
    assert shown["causes"][0] == "gluteal_tendinopathy" and shown["urgency"] == "routine"
    # what the summary showed is kept for "why do you say that?"
    assert events == [SlotSet("interview_intro", False), SlotSet("last_assessment", shown)]


def test_escalation_counts_findings_reported_earlier_in_the_check():
    # "I fell" earlier in the check, now "I can't stand up": together, a possible broken hip.
    messages, _ = run_action("action_escalate", "I can't stand up", slots={"findings_affirmed": ["fall_or_injury"]})
    assert messages[-1]["custom"]["triage"]["level"] == "emergency"


def test_escalation_counts_answers_tapped_earlier_in_the_check():
    # "After a fall or injury" tapped earlier, now "I can't stand up": emergency, not just same day.
    messages, _ = run_action("action_escalate", "I can't stand up", slots={"onset": "injury"})
    assert messages[-1]["custom"]["triage"]["level"] == "emergency"


def test_change_answer_clears_the_question_named_or_offers_the_answered_ones():
    _, events = run_action("action_change_answer", "/change_answer", entities=[{"entity": "question", "value": "onset"}])
    assert events == [SlotSet("onset", None)]
    messages, events = run_action("action_change_answer", "change an answer", slots={"pain_site": "groin", "onset": "sudden"})
    assert len(messages[0]["buttons"]) == 2 and events == [FollowupAction("action_listen")]


def test_restart_clears_every_answer_and_stop_ends_the_form():
    messages, events = run_action("action_restart_assessment", "start again", slots={"pain_site": "groin"})
    cleared = {e["name"] for e in events if e["event"] == "slot" and e["value"] in (None, False)}
    assert {"pain_site", "warning_signs", "findings_affirmed", "findings_ruled_out"} <= cleared
    messages, events = run_action("action_stop_assessment", "stop")
    assert ActiveLoop(None) in events and "stopped" in messages[0]["text"]


def test_physio_summary_action():
    slots = {"pain_site": "groin", "onset": "gradual", "findings_ruled_out": ["fever"]}
    messages, _ = run_action("action_physio_summary", "summary for my physio", slots=slots)
    assert "Groin or front of the hip" in messages[0]["text"] and "No diagnosis" in messages[0]["text"]
