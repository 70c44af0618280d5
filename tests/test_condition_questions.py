"""Every condition x every kind of question, through the real action code.

"What are the symptoms of X?", "What causes X?", "How is X treated?", "Do I need to see a
doctor for X?"... for every condition in the knowledge base: the reply answers that aspect of
that condition (the fields listed for the aspect in aspects.yml), cites sources and carries the
professional-assessment recommendation. The messages carry no entities, so the condition and
the aspect are found in the text itself, as when NLU misses them.
"""
import pytest
from rasa_sdk.events import SlotSet

from bot import aspects
from bot.knowledge import LIST_FIELDS, knowledge
from bot.replies import recommendation
from tests.support import run_action

QUESTIONS = {
    "about": "What is {name}?",
    "symptoms": "What are the symptoms of {name}?",
    "causes": "What causes {name}?",
    "diagnosis": "How is {name} diagnosed?",
    "treatment": "How is {name} treated?",
    "exercises": "Which exercises help with {name}?",
    "prevention": "Can {name} be prevented?",
    "outlook": "What is the outlook for {name}?",
    "see_doctor": "Do I need to see a doctor for {name}?",
}
KB = knowledge()
CASES = [(c.id, a) for c in KB.conditions.values() for a in QUESTIONS]


def _expected_text(condition, field_name: str) -> str:
    value = getattr(condition, field_name)
    return value[0] if field_name in LIST_FIELDS else value


def test_every_aspect_has_a_question():
    assert set(QUESTIONS) == set(aspects.aspects())


@pytest.mark.parametrize("condition_id, aspect_id", CASES)
def test_each_question_gets_that_aspect_of_that_condition(condition_id, aspect_id):
    condition = KB.get(condition_id)
    text = QUESTIONS[aspect_id].format(name=condition.synonyms[0])
    messages, events = run_action("action_explain_condition", text)
    assert events == [SlotSet("condition", condition_id)]
    reply = messages[0]["text"]
    aspect = aspects.aspects()[aspect_id]
    assert reply.startswith(f"{condition.name}: {aspect.title}")
    for field_name in aspect.fields:
        assert _expected_text(condition, field_name) in reply, field_name
    # the other aspects' long answers are not dumped into this one
    for field_name in {"causes", "diagnosis", "treatment", "exercises", "prevention", "outlook"} - set(aspect.fields):
        assert getattr(condition, field_name) not in reply, field_name
    assert condition.sources[0].url in reply
    assert reply.endswith(recommendation())
    # big buttons for the other questions, never the one just answered
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert f'"aspect": "{aspect_id}"' not in " ".join(payloads)
    assert any('"aspect"' in p for p in payloads)


@pytest.mark.parametrize("aspect_id", sorted(QUESTIONS))
def test_button_payload_aspect_wins_over_the_text(aspect_id):
    entities = [{"entity": "condition", "value": "sciatica"}, {"entity": "aspect", "value": aspect_id}]
    messages, _ = run_action("action_explain_condition", None, entities)
    assert messages[0]["text"].startswith(f"{KB.get('sciatica').name}: {aspects.aspects()[aspect_id].title}")


def test_a_follow_up_about_one_aspect_uses_the_condition_discussed_last():
    messages, events = run_action("action_explain_condition", "and how long does it last?",
                                  slots={"condition": "bursitis"})
    assert messages[0]["text"].startswith(f"{KB.get('bursitis').name}: Outlook")
    assert events == [SlotSet("condition", "bursitis")]


def test_two_aspects_in_one_question_are_both_answered():
    messages, _ = run_action("action_explain_condition", "what causes AVN and how is it treated?")
    reply = messages[0]["text"]
    avn = KB.get("avascular_necrosis")
    assert avn.causes in reply and avn.treatment in reply


def test_treatment_questions_routed_as_physiotherapy_answer_the_condition():
    messages, events = run_action("action_explain_physiotherapy", "what exercises are good for a groin strain")
    assert messages[0]["text"].startswith(f"{KB.get('adductor_strain').name}: Exercise")
    messages, _ = run_action("action_explain_physiotherapy", "how does physio help hip pain?",
                             slots={"condition": "bursitis"})
    assert messages[0]["text"].startswith(" ".join(KB.physiotherapy.summary.split()[:5]))
