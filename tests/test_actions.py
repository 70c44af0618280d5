"""Every custom action, run as the action server runs it (CollectingDispatcher + Tracker)."""
import pytest
from rasa_sdk.events import SlotSet

from bot.knowledge import knowledge
from tests.support import run_action


def test_explain_condition_from_entity_sets_the_slot():
    messages, events = run_action("action_explain_condition", "what is bursitis?",
                                  [{"entity": "condition", "value": "bursitis"}])
    assert knowledge().get("bursitis").name in messages[0]["text"]
    assert "http" in messages[0]["text"]  # cites its source
    assert events == [SlotSet("condition", "bursitis")]
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert '/ask_condition{"condition": "bursitis", "aspect": "treatment"}' in payloads
    assert '/ask_sources{"condition": "bursitis"}' in payloads


@pytest.mark.parametrize("text, expected", [
    ("tell me about wear and tear", "osteoarthritis"),
    ("is FAI serious?", "hip_impingement"),
    ("what's a torn labrum", "labral_tear"),
])
def test_explain_condition_finds_the_name_in_the_text_when_nlu_missed_it(text, expected):
    messages, events = run_action("action_explain_condition", text)
    assert events == [SlotSet("condition", expected)]
    assert knowledge().get(expected).name in messages[0]["text"]


def test_explain_condition_entity_synonym_value():
    _, events = run_action("action_explain_condition", "what is it", [{"entity": "condition", "value": "broken hip"}])
    assert events == [SlotSet("condition", "hip_fracture")]


def test_explain_condition_asks_which_when_none_named():
    messages, events = run_action("action_explain_condition", "what is that?")
    assert events == []
    kb = knowledge()
    buttons = {b["title"] for b in messages[0]["buttons"]}
    assert buttons == {c.name for c in kb.by_group("common") + kb.by_group("serious")}
    # the conditions not offered as buttons are still named, so people know they can ask
    for c in kb.by_group("children") + kb.by_group("other"):
        assert c.name in messages[0]["text"]


def test_causes_overview_lists_all_conditions_with_buttons():
    messages, _ = run_action("action_explain_causes", "what causes hip pain")
    text = messages[0]["text"]
    kb = knowledge()
    for condition in kb.conditions.values():
        assert condition.name in text
    for heading in ("Common causes", "Causes in babies, children and teenagers", "Other causes"):
        assert heading in text
    assert len(messages[0]["buttons"]) == len(kb.by_group("common") + kb.by_group("serious"))


def test_physiotherapy_general_and_per_condition():
    general, _ = run_action("action_explain_physiotherapy", "can physio help")
    for word in ("Stretches", "Strengthening", "Manual therapy", "Pain management", "Education and advice",
                 knowledge().physiotherapy.self_care[0]):
        assert word in general[0]["text"]
    specific, events = run_action("action_explain_physiotherapy", "how is sciatica treated",
                                  [{"entity": "condition", "value": "sciatica"}])
    assert knowledge().get("sciatica").treatment.split(".")[0] in " ".join(specific[0]["text"].split())
    assert events == [SlotSet("condition", "sciatica")]


@pytest.mark.parametrize("text", ["how is it treated?", "what helps with that?", "can physio help this?"])
def test_treatment_follow_up_uses_the_condition_discussed_last(text):
    messages, events = run_action("action_explain_physiotherapy", text, slots={"condition": "bursitis"})
    assert knowledge().get("bursitis").treatment.split(".")[0] in " ".join(messages[0]["text"].split())
    assert events == [SlotSet("condition", "bursitis")]


def test_general_treatment_question_ignores_the_earlier_condition():
    messages, events = run_action("action_explain_physiotherapy", "how does physio help hip pain?",
                                  slots={"condition": "bursitis"})
    assert "Manual therapy" in messages[0]["text"]
    assert events == []


def test_sources_for_the_condition_in_the_slot_or_general():
    messages, _ = run_action("action_show_sources", "where is this from?", slots={"condition": "sciatica"})
    for source in knowledge().get("sciatica").sources:
        assert source.url in messages[0]["text"]
    general, _ = run_action("action_show_sources", "sources please")
    assert knowledge().general_sources[0].url in general[0]["text"]


def test_escalate_sends_advice_and_triage_payload(monkeypatch):
    monkeypatch.setenv("HIPBOT_COUNTRY", "NZ")
    messages, events = run_action("action_escalate", "I fell and now I can't put any weight on my leg")
    assert "111" in messages[0]["text"]
    assert messages[1]["custom"]["triage"]["level"] == "emergency"
    assert messages[1]["custom"]["triage"]["emergency_number"] == "111"
    assert events == [SlotSet("screening_asked", False)]


def test_escalate_from_a_button_payload():
    messages, _ = run_action("action_escalate", "/report_red_flag", [{"entity": "red_flag", "value": "cauda_equina"}])
    assert messages[1]["custom"]["triage"] == {
        "level": "emergency", "reasons": ["cauda_equina"], "emergency_number": "999", "country": "GB"}


@pytest.mark.parametrize("text", ["something is really wrong with my hip", "my cat keeps sneezing",
                                  "I didn't fall and I have no fever"])
def test_suspected_warning_sign_without_a_recognised_sign_asks_the_screen(text):
    """The intent classifier alone said report_red_flag: no false alarm and no triage payload; the screen asks."""
    messages, events = run_action("action_escalate", text)
    assert events == [SlotSet("screening_asked", True)]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny", "/unsure"]
    assert not any(m.get("custom") for m in messages)


def test_warning_sign_button_without_entity_still_escalates():
    messages, events = run_action("action_escalate", "/report_red_flag")
    assert messages[-1]["custom"]["triage"]["level"] == "urgent"
    assert events == [SlotSet("screening_asked", False)]


@pytest.mark.parametrize("action, check", [
    ("action_screening_none", lambda m: "does not sound like an emergency" in m[0]["text"]),
    ("action_screening_unsure", lambda m: "999" in m[0]["text"] and "NHS 111" in m[0]["text"]),
    ("action_screening_which", lambda m: all(b["payload"].startswith("/report_red_flag") for b in m[0]["buttons"])),
])
def test_screening_answers(action, check):
    messages, events = run_action(action, "x")
    assert check(messages)
    assert events == [SlotSet("screening_asked", False)]
