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
    # The component runs after FallbackClassifier, so an unsure intent classifier cannot hide a warning sign.
    message = parsed("I fell and now I cant put any weight on my leg", "nlu_fallback", 0.4)
    RedFlagClassifier().process([message])
    assert message.get("intent")["name"] == "report_red_flag"


def test_component_runs_after_the_fallback_classifier():
    import yaml
    from tests.conftest import ROOT
    names = [c["name"] for c in yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]]
    assert names[-1].endswith("RedFlagClassifier")
    assert names.index("FallbackClassifier") < names.index(names[-1])


def _aspect_entities(text):
    from bot.rasa_nlu.aspect_extractor import AspectExtractor
    message = Message(data={"text": text})
    AspectExtractor.process_message(message)
    return [(e["entity"], e["value"]) for e in message.get("entities", [])]


def test_aspect_extractor_adds_the_aspects_asked():
    assert _aspect_entities("what causes AVN and how is it treated?") == [("aspect", "causes"), ("aspect", "treatment")]
    assert _aspect_entities("how long does a groin strain take to heal") == [("aspect", "outlook")]


def test_aspect_extractor_adds_nothing_for_a_plain_question_or_a_payload():
    assert _aspect_entities("what is perthes disease") == []
    assert _aspect_entities('/ask_condition{"condition": "sciatica"}') == []


def test_aspect_extractor_ignores_words_inside_condition_names():
    # "hip replacement" would otherwise read as a question about treatment
    assert _aspect_entities("tell me about pain after a hip replacement") == []


def _classified(text, intent, entities=()):
    from bot.rasa_nlu.aspect_extractor import AspectExtractor
    from bot.rasa_nlu.condition_extractor import ConditionExtractor
    from bot.rasa_nlu.condition_question_classifier import ConditionQuestionClassifier
    message = parsed(text, intent, 0.5)
    message.set("entities", list(entities))
    ConditionExtractor.process_message(message)
    AspectExtractor.process_message(message)
    ConditionQuestionClassifier.process_message(message)
    RedFlagClassifier.process_message(message)
    return message.get("intent")["name"]


def test_a_question_about_a_named_condition_stays_a_condition_question():
    text = "My rheumatologist wants to start me on methotrexate. What are the treatment options for rheumatoid arthritis?"
    assert _classified(text, "report_red_flag") == "ask_condition"
    assert _classified("what exercises will my dad do after his hip fracture operation", "nlu_fallback") == "ask_condition"
    assert _classified("my hip clicks when I lift my leg, is that what a snapping hip feels like?",
                       "describe_symptoms") == "ask_condition"


def test_without_a_condition_or_aspect_the_intent_is_kept():
    assert _classified("my hip clicks when I lift my leg", "describe_symptoms") == "describe_symptoms"
    assert _classified("my hip has been sore for a while, I think it's osteoarthritis", "describe_symptoms") == "describe_symptoms"
    assert _classified("blah blah", "nlu_fallback") == "nlu_fallback"


def test_a_warning_sign_still_wins_over_a_condition_question():
    assert _classified("what is a hip fracture? my mum fell and can't get up", "ask_condition") == "report_red_flag"
    assert _classified("I have septic arthritis symptoms, my hip is hot and I have a fever", "nlu_fallback") == "report_red_flag"


# --- FindingExtractor: spaCy findings as `finding` entities with an affirmed/negated role ---

from bot.rasa_nlu.finding_extractor import FindingExtractor  # noqa: E402


def findings_of(text: str) -> dict[str, str]:
    message = parsed(text, "describe_symptoms")
    FindingExtractor.process_message(message)
    return {e["value"]: e["role"] for e in message.get("entities") if e["entity"] == "finding"}


def test_finding_extractor_marks_each_finding_affirmed_or_negated():
    assert findings_of("not swollen, no fever, but I fell and can't put weight on it") == {
        "joint_swelling": "negated", "fever": "negated", "fall_or_injury": "affirmed", "cannot_bear_weight": "affirmed",
    }
    assert findings_of("I fell but I can walk fine") == {"fall_or_injury": "affirmed", "cannot_bear_weight": "negated"}


def test_finding_extractor_adds_body_sites_symptoms_and_age():
    message = parsed("I'm 67, pain on the outside of my hip, worse lying on it, no clicking", "describe_symptoms")
    FindingExtractor.process_message(message)
    entities = message.get("entities")
    found = {e["value"]: e["role"] for e in entities if e["entity"] == "finding"}
    assert found == {"site_outer_hip": "affirmed", "lying_side_pain": "affirmed", "clicking": "negated"}
    assert [e["value"] for e in entities if e["entity"] == "age"] == ["67"]
    assert all(e["extractor"] == "FindingExtractor" for e in entities)


def test_finding_extractor_leaves_payloads_and_other_entities_alone():
    message = parsed('/describe_symptoms{"question": "onset", "answer": "gradual"}', "describe_symptoms")
    FindingExtractor.process_message(message)
    assert message.get("entities") == []
    message = parsed("what is bursitis", "ask_condition")
    message.set("entities", [{"entity": "condition", "value": "bursitis"}])
    FindingExtractor.process_message(message)
    assert message.get("entities") == [{"entity": "condition", "value": "bursitis"}]


def test_finding_extractor_is_in_the_pipeline_before_the_classifiers_that_use_the_text():
    import yaml
    from pathlib import Path
    names = [c["name"] for c in yaml.safe_load((Path(__file__).parents[1] / "config.yml").read_text())["pipeline"]]
    assert "bot.rasa_nlu.finding_extractor.FindingExtractor" in names


def test_condition_extractor_adds_each_named_condition_as_its_id_with_offsets():
    from bot.rasa_nlu.condition_extractor import ConditionExtractor

    text = "Is it wear and  tear, trochanteric BURSITIS or a snapping hip? I don't have a hip replacement"
    message = parsed(text, "ask_condition")
    message.set("entities", [{"entity": "aspect", "value": "treatment"}])
    ConditionExtractor.process_message(message)
    conditions = [e for e in message.get("entities") if e["entity"] == "condition"]
    assert [e["value"] for e in conditions] == ["osteoarthritis", "bursitis", "snapping_hip"]
    assert [text[e["start"]:e["end"]] for e in conditions] == ["wear and  tear", "trochanteric BURSITIS",
                                                                 "snapping hip"]
    assert {"entity": "aspect", "value": "treatment"} in message.get("entities")


def test_condition_extractor_allows_a_typo_only_when_no_name_is_written_exactly():
    from bot.rasa_nlu.condition_extractor import ConditionExtractor

    message = parsed("what is femoroacetabular impingment", "ask_condition")
    ConditionExtractor.process_message(message)
    assert [e["value"] for e in message.get("entities")] == ["hip_impingement"]
    for text in ("the pain is worse at night", "/describe_symptoms"):
        message = parsed(text, "describe_symptoms")
        ConditionExtractor.process_message(message)
        assert message.get("entities") == []


def test_condition_extractor_runs_before_the_components_that_use_its_entities():
    import yaml
    from pathlib import Path
    names = [c["name"].rsplit(".", 1)[-1] for c in
             yaml.safe_load((Path(__file__).parents[1] / "config.yml").read_text())["pipeline"]]
    assert names.index("ConditionExtractor") < names.index("AspectExtractor")
    assert names.index("ConditionExtractor") < names.index("ConditionQuestionClassifier")
    # Condition names come from ConditionExtractor alone: no learned entity extractor competes with it.
    assert not {"DIETClassifier", "CRFEntityExtractor"} & set(names)
