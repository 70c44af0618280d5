"""The guided hip pain check's core (bot/interview): what messages answer, which question comes
next, how causes are ranked, and what the summary says."""
import datetime as dt
import itertools

import pytest

from bot.content_files import ContentError
from bot.countries import find_country
from bot.interview import (
    UNSURE, implied_findings, interview, next_slot, observe, plan, rank, update_answers, warning_signs_to_ask,
)
from bot.interview import replies
from bot.interview.config import load_interview
from bot.knowledge import knowledge
from bot.replies import recommendation
from bot.safety import diagnosis_wording
from bot.triage import assess
from bot.triage.detector import Detection

IV = interview()
KB = knowledge()


def answers_for(text, **known):
    return {**known, **update_answers(known, observe(text))}


def test_content_references_are_valid():
    for slot, fits in IV.feature_fits.items():
        for conditions in fits.values():
            assert set(conditions) <= set(KB.conditions), slot
    for q in IV.questions:
        if q.condition_field:
            vocabulary = {v for c in KB.conditions.values() for v in getattr(c, q.condition_field)}
            assert {v for values in q.matches.values() for v in values} <= vocabulary, q.slot
            assert set(q.matches) == set(q.values), q.slot


def test_a_finding_that_is_also_a_red_flag_finding_is_refused(tmp_path):
    text = (IV_PATH := __import__("bot.content_files", fromlist=["CONTENT_DIR"]).CONTENT_DIR / "interview.yml").read_text()
    bad = tmp_path / "interview.yml"
    bad.write_text(text.replace("  site_groin:\n", "  fever:\n", 1))
    with pytest.raises(ContentError, match="already red-flag findings"):
        load_interview(bad)
    assert IV_PATH.exists()


@pytest.mark.parametrize("text, expected", [
    ("I have pain on the outside of my hip when I lie on that side", {"pain_site": "outer_hip", "lying_side": "yes"}),
    ("deep ache in my groin for about 6 months, came on gradually", {"pain_site": "groin", "duration": "long", "onset": "gradual"}),
    ("pain in my buttock shooting down my leg to my foot", {"pain_site": "buttock", "below_knee": "yes"}),
    ("I'm 72 and my hip has been sore for 3 weeks", {"age_group": "older_adult", "duration": "medium"}),
    ("my 7 year old has groin pain since yesterday", {"age_group": "child", "pain_site": "groin", "duration": "short"}),
    ("it clicks and catches when I turn", {"clicking": "yes"}),
    ("no clicking at all", {"clicking": "no"}),
    ("I'm not stiff in the mornings", {"stiffness": "no"}),
    ("stiff for over an hour every morning", {"stiffness": "long"}),
    ("a bit stiff first thing but it eases after a few minutes", {"stiffness": "short"}),
    ("the hip is not hot and not swollen", {"swelling_heat": "no"}),
    ("no heat or swelling", {"swelling_heat": "no"}),
    ("not swollen", {}),  # heat not ruled out yet: asked
    ("I fell off my bike last week", {"onset": "injury", "duration": "short"}),
    ("it doesn't wake me at night", {}),
    ("cant see any swelling", {}),  # swelling ruled out, heat not yet
    ("no injury or anything, it came on slowly", {"onset": "gradual"}),
    ("outside of my right hip", {"pain_site": "outer_hip"}),
    ("a bit yeah, its sore if i lie on it", {"lying_side": "yes"}),
    ("nah its fine at night", {"night_pain": "no"}),
])
def test_free_text_fills_the_questions_it_answers(text, expected):
    assert {k: v for k, v in answers_for(text).items() if v} == expected


def test_a_tap_or_a_short_reply_answers_the_question_asked():
    empty = observe("")
    assert update_answers({}, empty, requested="onset", tapped="sudden") == {"onset": "sudden"}
    assert update_answers({}, empty, requested="clicking", intent="affirm") == {"clicking": "yes"}
    assert update_answers({}, empty, requested="clicking", intent="deny") == {"clicking": "no"}
    assert update_answers({}, empty, requested="pain_site", intent="deny") == {}  # "no" is not a place
    assert update_answers({}, empty, requested="pain_site", intent="skip_question") == {"pain_site": UNSURE}
    assert update_answers({}, empty, requested="warning_signs", intent="unsure") == {"warning_signs": UNSURE}
    assert update_answers({}, empty, requested="warning_signs", tapped="no") == {"warning_signs": "no"}
    assert update_answers({}, empty, requested="onset", tapped="nonsense") == {}
    # A reply starting with a negation answers "no" to a yes/no question, not to the warning check.
    assert update_answers({}, observe("no numbness"), requested="below_knee", text="no numbness") == {"below_knee": "no"}
    assert update_answers({}, observe("it doesn't wake me"), requested="night_pain",
                          text="it doesn't wake me") == {"night_pain": "no"}
    assert update_answers({}, observe("it wakes me"), requested="night_pain", text="it wakes me") == {}
    assert update_answers({}, observe("no fever"), requested="warning_signs", text="no fever") == {}
    # "no clicking" in reply to another question answers clicking, not that question
    assert update_answers({}, observe("no clicking that I've noticed"), requested="lying_side",
                          text="no clicking that I've noticed") == {"clicking": "no"}
    assert update_answers({}, observe("38"), requested="age_group", text="38") == {"age_group": "adult"}
    assert update_answers({}, observe("38"), requested="duration", text="38") == {}


def test_only_changed_answers_are_returned_and_a_later_answer_changes_an_earlier_one():
    known = {"pain_site": "groin"}
    assert update_answers(known, observe("it's in my groin")) == {}
    assert update_answers(known, observe("actually it's more on the outside of the hip")) == {"pain_site": "outer_hip"}


def test_nothing_already_answered_is_asked_again():
    answers = answers_for("pain on the outside of my hip for 6 months, worse lying on it, I'm 50")
    asked = plan(answers)
    assert next_slot(answers) == "onset"
    answers["onset"] = "gradual"
    answers["worse_with"] = "walking"
    assert next_slot(answers) == "clicking"  # site, duration, age, lying on the side were given
    assert asked[-1] == "warning_signs"


@pytest.mark.parametrize("site", ["groin", "outer_hip", "buttock", "down_leg", UNSURE, None])
def test_the_check_has_at_most_max_questions(site):
    answers = {"pain_site": site}
    assert len(plan(answers)) <= IV.max_questions
    # Every question in the plan exists and the order follows interview.yml.
    order = list(IV.slots)
    assert [order.index(s) for s in plan(answers)] == sorted(order.index(s) for s in plan(answers))


def test_site_specific_questions_follow_the_pain_site():
    assert "lying_side" in plan({"pain_site": "outer_hip"}) and "lying_side" not in plan({"pain_site": "groin"})
    assert "below_knee" in plan({"pain_site": "down_leg"}) and "below_knee" not in plan({"pain_site": "outer_hip"})
    assert "clicking" in plan({"pain_site": "groin"})


def test_taps_imply_findings_for_the_warning_rules():
    found = implied_findings({"onset": "injury", "age_group": "older_adult"})
    assert found == {"fall_or_injury", "older_adult"}
    assert assess(detection=Detection(affirmed=found)).level == "urgent"  # an older person's fall
    assert implied_findings({"age_group": "child", "duration": "long"}) == {"child", "long_duration"}
    assert implied_findings({"pain_site": "groin", "clicking": "no"}) == set()


def test_warning_check_lists_only_signs_not_ruled_out_and_fitting_the_age():
    all_adult = warning_signs_to_ask({"age_group": "adult"}, [])
    assert len(all_adult) == len(IV.warning_check.signs) - 1  # the limp sign is for children
    assert any("limp" in s for s in warning_signs_to_ask({"age_group": "child"}, []))
    fewer = warning_signs_to_ask({"age_group": "adult"}, ["fever", "unwell", "cannot_bear_weight"])
    assert len(fewer) == len(all_adult) - 2
    assert not any("fever" in s for s in fewer)
    assert any("fever" in s for s in warning_signs_to_ask({}, ["fever"]))  # "unwell" not yet ruled out


def top(answers, n=3):
    return [c.condition.id for c in rank(KB, answers, limit=n)]


@pytest.mark.parametrize("answers, expected_in_top, excluded", [
    ({"pain_site": "outer_hip", "onset": "gradual", "age_group": "adult", "lying_side": "yes"},
     {"gluteal_tendinopathy", "bursitis"}, set()),
    ({"pain_site": "groin", "onset": "gradual", "duration": "long", "age_group": "older_adult", "stiffness": "short"},
     {"osteoarthritis"}, {"perthes_disease", "transient_synovitis"}),
    ({"pain_site": "buttock", "onset": "gradual", "age_group": "adult", "below_knee": "yes"},
     {"sciatica"}, set()),
    ({"pain_site": "groin", "onset": "gradual", "age_group": "adult", "clicking": "yes"},
     {"labral_tear", "hip_impingement"}, set()),
    ({"pain_site": "groin", "onset": "gradual", "age_group": "child"},
     {"perthes_disease"}, {"osteoarthritis", "polymyalgia_rheumatica"}),
    ({"pain_site": "groin", "onset": "sudden", "age_group": "child", "duration": "short"},
     {"transient_synovitis"}, {"osteoarthritis"}),
])
def test_ranking_points_to_causes_that_fit(answers, expected_in_top, excluded):
    found = top(answers)
    assert expected_in_top <= set(found), found
    assert not excluded & set(found), found


def test_ranking_gives_reasons_and_needs_an_answer():
    assert rank(KB, {}) == []
    (first, *_) = rank(KB, {"pain_site": "outer_hip", "lying_side": "yes"})
    assert "pain when lying on that side" in first.reasons


def test_a_condition_that_needs_a_reported_finding_is_left_out_without_it():
    answers = {"pain_site": "groin", "onset": "sudden", "age_group": "older_adult", "clicking": "yes"}
    assert "hip_replacement_pain" not in top(answers, n=27)
    with_replacement = [c.condition.id for c in rank(KB, answers, limit=27, reported={"hip_replacement"})]
    assert "hip_replacement_pain" in with_replacement


def test_unsure_answers_do_not_count():
    assert rank(KB, {"pain_site": UNSURE, "onset": UNSURE}) == []


GB = find_country("GB")


def summary_for(answers, affirmed=()):
    triage = assess(detection=Detection(affirmed=set(affirmed) | implied_findings(answers)))
    return replies.summary(KB, answers, triage, GB)


def test_summary_names_possible_causes_with_reasons_links_and_the_recommendation():
    answers = {"pain_site": "outer_hip", "onset": "gradual", "duration": "long", "age_group": "adult",
               "lying_side": "yes", "warning_signs": "no"}
    reply = summary_for(answers)
    assert KB.get("gluteal_tendinopathy").name in reply.text and KB.get("bursitis").name in reply.text
    assert "because of pain on the outside of the hip" in reply.text
    assert "https://" in reply.text and reply.text.endswith(recommendation())
    assert not diagnosis_wording(reply.text)
    assert reply.custom["triage"]["level"] == "routine"
    payloads = [b.payload for b in reply.buttons]
    assert '/ask_condition{"condition": "gluteal_tendinopathy"}' in payloads and "/request_summary" in payloads


def test_summary_says_soon_for_night_pain_and_escalates_for_urgent_signs():
    base = {"pain_site": "groin", "onset": "gradual", "age_group": "adult", "warning_signs": "no"}
    soon = summary_for({**base, "night_pain": "yes"})
    assert soon.custom["triage"]["level"] == "soon" and "next few days" in soon.text
    hot = summary_for({**base, "swelling_heat": "hot"})
    assert hot.custom["triage"]["level"] == "urgent" and "today" in hot.text
    fall = summary_for({**base, "onset": "injury", "age_group": "older_adult"})
    assert fall.custom["triage"]["level"] == "urgent"
    emergency = summary_for(base, affirmed={"fall_or_injury", "cannot_bear_weight"})
    assert emergency.custom["triage"]["level"] == "emergency" and "999" in emergency.text


def test_summary_after_yes_or_not_sure_to_the_warning_check():
    base = {"pain_site": "groin", "onset": "gradual", "age_group": "adult"}
    yes = summary_for({**base, "warning_signs": "yes"})
    assert yes.custom["triage"]["level"] == "urgent"
    unsure = summary_for({**base, "warning_signs": UNSURE})
    assert "NHS 111" in unsure.text and unsure.custom["triage"]["level"] == "routine"


def test_every_combination_of_core_answers_gives_a_safe_summary():
    core = [q for q in IV.questions if q.condition_field or q.slot == "duration"]
    for values in itertools.product(*[[*q.values, UNSURE] for q in core]):
        answers = dict(zip([q.slot for q in core], values), warning_signs="no")
        reply = summary_for(answers)
        assert reply.text.endswith(recommendation())
        assert not diagnosis_wording(reply.text)


def test_physio_summary_lists_what_was_reported_without_a_diagnosis():
    answers = {"pain_site": "outer_hip", "onset": "gradual", "lying_side": "yes", "warning_signs": "no"}
    reply = replies.physio_summary(KB, answers, ["site_outer_hip", "lying_side_pain"], ["fever"],
                                   today=dt.date(2026, 11, 28))
    text = reply.text
    assert "2026-11-28" in text and "Outside of the hip" in text and "Gradually" in text
    assert "a fever or high temperature" in text.split("Said to be absent:")[1]
    assert "No diagnosis has been made" in text and text.endswith(recommendation())
    assert not diagnosis_wording(text)


def test_physio_summary_with_nothing_reported_offers_the_check():
    reply = replies.physio_summary(KB, {}, [], [])
    assert [b.payload for b in reply.buttons] == ["/start_assessment"]


def test_questions_have_a_button_per_answer_and_not_sure():
    for q in IV.questions:
        reply = replies.question(q.slot, {})
        assert len(reply.buttons) == len(q.options) + 1
        assert all(b.payload.startswith("/describe_symptoms{") and q.slot in b.payload for b in reply.buttons)
        assert all(len(b.title) <= 30 for b in reply.buttons)
