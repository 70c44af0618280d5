"""The RedFlagClassifier Rasa component: warning signs override the learned intent."""
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_nlu.red_flag_classifier import RedFlagClassifier


def parsed(text: str, intent: str, confidence: float = 0.9) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}])
    message.set("entities", [])
    return message


def test_affirmed_warning_sign_overrides_the_intent():
    message = parsed("What is bursitis? Also I fell and can't stand up", "ask_condition")
    RedFlagClassifier().process([message])
    assert message.get("intent") == {"name": "report_red_flag", "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == "report_red_flag"
    values = [e["value"] for e in message.get("entities") if e["entity"] == "red_flag"]
    assert values[0] == "fall_cannot_bear_weight"


def test_negated_warning_sign_is_not_a_red_flag():
    message = parsed("I didn't fall and I don't have a fever", "report_red_flag")
    RedFlagClassifier().process([message])
    assert message.get("intent")["name"] == "describe_symptoms"
    assert {"fall_or_injury", "fever"} <= set(message.get("ruled_out_findings"))


def test_ordinary_messages_keep_their_intent():
    message = parsed("what exercises help hip arthritis", "ask_physiotherapy")
    RedFlagClassifier().process([message])
    assert message.get("intent")["name"] == "ask_physiotherapy"
    assert message.get("entities") == []


def test_unrecognised_red_flag_wording_keeps_the_learned_intent():
    message = parsed("something is really badly wrong with my hip", "report_red_flag")
    RedFlagClassifier().process([message])
    assert message.get("intent")["name"] == "report_red_flag"


def test_button_payloads_are_left_alone():
    message = parsed('/report_red_flag{"red_flag": "cauda_equina"}', "report_red_flag")
    RedFlagClassifier().process([message])
    assert message.get("entities") == []


def test_warning_sign_overrides_a_low_confidence_fallback():
    # The component runs after FallbackClassifier, so an unsure DIET cannot hide a warning sign.
    message = parsed("I fell and now I cant put any weight on my leg", "nlu_fallback", 0.4)
    RedFlagClassifier().process([message])
    assert message.get("intent")["name"] == "report_red_flag"


def test_component_runs_after_the_fallback_classifier():
    import yaml
    from tests.conftest import ROOT
    names = [c["name"] for c in yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]]
    assert names[-1].endswith("RedFlagClassifier")
    assert names.index("FallbackClassifier") < names.index(names[-1])
