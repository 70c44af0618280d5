"""'Why are you asking this?' during the hip pain check and 'why do you say that?' after it
(action_explain_why; the form treats ask_why as a digression), run as the action server runs them."""
from rasa_sdk.events import SlotSet

from bot.interview import interview
from bot.knowledge import knowledge
from bot.replies import recommendation
from tests.support import run_action
from tests.test_interview_actions import validate

IV = interview()
KNOWN = {"pain_site": "outer_hip", "onset": "gradual", "duration": "long", "age_group": "adult", "lying_side": "yes"}


def test_why_during_the_check_is_a_digression_that_keeps_the_question():
    messages, slots = validate("why are you asking this?", intent="ask_why", entities=[],
                               slots={**KNOWN, "requested_slot": "worse_with"})
    # Nothing is answered and nothing is said: the form's turn is rejected, the rule answers "why",
    # then the form asks the same question again.
    assert messages == [] and set(slots) == {"requested_slot"}
    assert slots["requested_slot"] == "worse_with"  # the question being asked, unchanged


def test_why_names_the_reason_for_the_current_question():
    for slot in ("clicking", "age_group", "warning_signs"):
        messages, events = run_action("action_explain_why", "why are you asking this?", slots={"requested_slot": slot})
        (message,) = messages
        assert IV.why(slot) in message["text"] and message["text"].endswith(recommendation())
        assert events == []


def test_why_after_a_summary_repeats_its_reasoning():
    answers = {**KNOWN, "warning_signs": "no"}
    summary, events = run_action("action_assessment_summary", "/describe_symptoms", slots=answers)
    shown = dict(e for e in [(ev["name"], ev["value"]) for ev in events if ev["event"] == "slot"])["last_assessment"]
    messages, _ = run_action("action_explain_why", "why do you say that?", slots={**answers, "last_assessment": shown,
                                                                                "requested_slot": None})
    text = messages[0]["text"]
    for cause in shown["causes"]:
        assert knowledge().get(cause).name in text
    assert "pain when lying on that side" in text and "routine appointment" in text
    assert text.endswith(recommendation())


def test_why_before_any_summary_offers_the_check():
    messages, _ = run_action("action_explain_why", "why?", slots={})
    assert "haven't suggested any possible causes yet" in messages[0]["text"]


def test_starting_again_forgets_the_last_summary():
    _, events = run_action("action_restart_assessment", "start again", slots={"last_assessment": {"causes": []}})
    assert SlotSet("last_assessment", None) in events
