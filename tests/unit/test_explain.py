"""Explanations: why each question, why each possible cause (towards and away), the reasoning of a
summary, and the machine-readable assessment payload."""
import pytest

from bot.countries import countries
from bot.interview import interview, rank, triage
from bot.interview import explain
from bot.interview import replies as R
from bot.knowledge import knowledge
from bot.replies import recommendation
from bot.safety import diagnosis_wording

IV, KB, GB = interview(), knowledge(), countries()["GB"]
OUTER = {"pain_site": "outer_hip", "onset": "gradual", "duration": "long", "age_group": "older_adult",
         "lying_side": "yes", "warning_signs": "no"}


@pytest.mark.parametrize("slot", IV.slots)
def test_every_question_has_its_own_one_line_reason(slot):
    reply = explain.question_why(slot)
    assert IV.why(slot) in reply.text and "\n" not in IV.why(slot)
    assert reply.text.endswith(recommendation()) and not diagnosis_wording(reply.text)


def test_reasons_differ_between_questions():
    assert len({IV.why(slot) for slot in IV.slots}) == len(IV.slots)


def test_no_question_no_reason():
    assert explain.question_why(None) is None and explain.question_why("not_a_question") is None


def test_answers_that_point_away_are_named_in_the_summary():
    answers = {**OUTER, "lying_side": "no"}  # typical of gluteal tendinopathy and bursitis
    text = R.summary(KB, answers, triage(answers, []), GB).text
    assert "Less typical: no pain when lying on that side" in text


def test_an_age_group_that_does_not_fit_points_away():
    answers = {"pain_site": "groin", "age_group": "adult", "duration": "long", "onset": "gradual"}
    everything = {c.condition.id: c for c in rank(KB, answers, limit=50)}
    assert "it is common in adults" in everything["perthes_disease"].against
    assert "it is common in adults" in everything["osteoarthritis"].reasons


def test_findings_said_in_free_text_point_towards_causes():
    answers = {"pain_site": "groin", "age_group": "teen"}
    with_limp = {c.condition.id: c for c in rank(KB, answers, limit=50, reported={"limp"})}
    without = {c.condition.id: c for c in rank(KB, answers, limit=50)}
    scfe = "slipped_capital_femoral_epiphysis"
    assert with_limp[scfe].score > without[scfe].score and "a limp" in with_limp[scfe].reasons


def test_the_summary_carries_the_assessment_payload_in_its_order():
    reply = R.summary(KB, OUTER, triage(OUTER, []), GB)
    shown = reply.custom["assessment"]
    assert shown == R.summary_record(KB, OUTER, triage(OUTER, []))
    assert shown["causes"] == [c.condition.id for c in rank(KB, OUTER)] and shown["urgency"] == "routine"
    assert reply.custom["triage"]["level"] == "routine"


def test_an_escalation_gives_the_advice_first_then_causes_and_the_payload():
    answers = {"pain_site": "groin", "onset": "injury", "age_group": "older_adult", "duration": "short"}
    result = triage(answers, ["cannot_bear_weight"])
    reply = R.summary(KB, answers, result, GB)
    assert result.level == "emergency" and reply.custom["triage"]["level"] == "emergency"
    assert reply.text.index("999") < reply.text.index("Hip fracture")
    assert reply.custom["assessment"]["causes"][0] == "hip_fracture"


def test_reasoning_repeats_why_each_cause_and_why_that_urgent():
    answers = {**OUTER, "night_pain": "yes"}
    result = triage(answers, [])
    shown = R.summary_record(KB, answers, result)
    text = explain.reasoning(KB, answers, result.detection.affirmed, shown).text
    first = KB.get(shown["causes"][0]).name
    assert first in text and "pain when lying on that side" in text
    assert shown["urgency"] == "soon" and "next few days" in text
    assert text.endswith(recommendation()) and not diagnosis_wording(text)


def test_reasoning_follows_what_was_shown_not_what_would_rank_now():
    shown = {"causes": ["bursitis"], "urgency": "routine", "warning_signs": []}
    text = explain.reasoning(KB, OUTER, [], shown).text
    assert KB.get("bursitis").name in text and KB.get("gluteal_tendinopathy").name not in text


def test_reasoning_after_yes_to_the_warning_check():
    answers = {**OUTER, "warning_signs": "yes"}
    shown = R.summary_record(KB, answers, triage(answers, []))
    assert shown["urgency"] == "urgent" and shown["warning_signs"] == [explain.UNSPECIFIED]
    assert "one of the warning signs applies" in explain.reasoning(KB, answers, [], shown).text


def test_nothing_to_explain_before_a_summary():
    reply = explain.reasoning(KB, {}, [], None)
    assert reply == explain.nothing_yet() and not reply.gives_health_information
