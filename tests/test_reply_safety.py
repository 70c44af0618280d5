"""Safety rule 2, tested over every response the bot can send.

- Every domain response is either in NON_HEALTH (greeting, help, "didn't understand") and
  carries no health information, or carries the professional-assessment recommendation.
- Every custom action, run for every condition, sign and country, sends only replies that
  carry the recommendation when they give health information, and none reads as a diagnosis.
"""
import html
import re
from pathlib import Path

import pytest
import yaml

from bot.aspects import aspects
from bot.clinic import replies as clinic_replies
from bot.countries import configured_country, countries
from bot.interview import UNSURE, interview
from bot.interview import triage as check_triage
from bot.interview.explain import nothing_yet
from bot.interview import replies as interview_replies
from bot.knowledge import knowledge
from bot.replies import recommendation
from bot.safety import diagnosis_wording
from bot.triage import catalogue
from tests.support import EXAMPLE_PROFILES, action_messages, all_actions

DOMAIN = yaml.safe_load((Path(__file__).parents[1] / "domain.yml").read_text())
NON_HEALTH = {
    "utter_capabilities", "utter_goodbye", "utter_you_are_welcome", "utter_iamabot",
    "utter_out_of_scope", "utter_default", "utter_anything_else",
    "utter_ask_forget_confirm", "utter_conversation_deleted", "utter_forget_cancelled",
}
HEALTH_WORDS = re.compile(
    r"\b(treat\w*|exercise\w*|stretch\w*|symptom\w*|diagnos\w+ (is|of)|fracture|arthritis|bursitis|"
    r"tendin\w+|sciatica|labr\w+|impingement|painkiller\w*|ice|heat|rest|surgery|injection)\b", re.I
)


def response_texts():
    for name, variations in DOMAIN["responses"].items():
        for variation in variations:
            yield name, variation.get("text", "")


@pytest.mark.parametrize("name, text", list(response_texts()))
def test_domain_responses(name, text):
    assert not diagnosis_wording(text)
    if name in NON_HEALTH:
        health = [m.group(0) for m in HEALTH_WORDS.finditer(text)]
        # Naming an example condition is not health information; treatment or advice is.
        assert not [w for w in health if w.lower() not in {"bursitis", "sciatica"}], (name, health)
    else:
        assert recommendation() in " ".join(text.split()), name


def test_domain_has_no_unlisted_responses():
    assert set(DOMAIN["responses"]) == NON_HEALTH | {n for n in DOMAIN["responses"] if n not in NON_HEALTH}
    assert NON_HEALTH <= set(DOMAIN["responses"])


def scenarios():
    """(action name, user text, entities, slots) covering every branch of every action."""
    kb = knowledge()
    yield "action_explain_condition", "what is that?", [], {}
    yield "action_explain_physiotherapy", "can physio help?", [], {}
    yield "action_show_sources", "sources?", [], {}
    yield "action_explain_causes", "what causes hip pain", [], {}
    for condition in kb.conditions.values():
        entities = [{"entity": "condition", "value": condition.id}]
        yield "action_explain_condition", f"what is {condition.name}", entities, {}
        for aspect_id in aspects():
            yield "action_explain_condition", "tell me", [*entities, {"entity": "aspect", "value": aspect_id}], {}
        yield "action_explain_physiotherapy", "how is it treated", entities, {}
        yield "action_show_sources", "where is this from", [], {"condition": condition.id}
    for flag in catalogue().red_flags:
        yield "action_escalate", "/report_red_flag", [{"entity": "red_flag", "value": flag.id}], {}
    yield "action_escalate", "something is really wrong", [], {}
    yield "action_escalate", "/report_red_flag", [], {}
    yield from interview_scenarios()
    for name in ["action_screening_none", "action_screening_unsure", "action_screening_which"]:
        yield name, "x", [], {}
    yield "action_greet", "hello", [], {}
    yield "action_handover", "can I talk to a person", [], {}


def interview_scenarios():
    """The hip pain check: every question, the summary for many answer sets (every pain site,
    onset, age group and warning-check answer), the physio summary, and the controls."""
    iv = interview()
    for slot in iv.slots:
        yield f"action_ask_{slot}", "/start_assessment", [], {}
    yield "action_ask_pain_site", "x", [], {"interview_intro": True}
    base = {"pain_site": "groin", "onset": "gradual", "duration": "long", "age_group": "adult", "warning_signs": "no"}
    variations = [dict(base)]
    for q in iv.questions:
        for option in q.options:
            variations.append({**base, q.slot: option.value})
        variations.append({**base, q.slot: UNSURE})
    for check in ("yes", "unsure"):
        variations.append({**base, "warning_signs": check})
    for answers in variations:
        yield "action_assessment_summary", "/describe_symptoms", [], answers
        yield "action_physio_summary", "summary for my physio", [], {**answers, "findings_affirmed": ["site_groin"]}
        shown = interview_replies.summary_record(knowledge(), answers, check_triage(answers, []))
        yield "action_explain_why", "why do you say that?", [], {**answers, "last_assessment": shown}
    # "why are you asking this?" for every question, and "why?" before any summary
    for slot in iv.slots:
        yield "action_explain_why", "why are you asking this?", [], {**base, "requested_slot": slot}
    yield "action_explain_why", "why?", [], {}
    yield "action_physio_summary", "summary please", [], {}
    yield "validate_assessment_form", "gibberish words", [], {"requested_slot": "pain_site"}
    yield "validate_assessment_form", "/describe_symptoms", [], {}
    yield "action_change_answer", "change my answer", [], base
    yield "action_restart_assessment", "start again", [], base
    yield "action_stop_assessment", "stop", [], base


SCENARIOS = list(scenarios())
# Actions that may stay silent in a scenario (the form's validation only speaks when it did not
# understand an answer).
MAY_BE_SILENT = {"validate_assessment_form"}


def test_every_action_is_covered():
    assert {s[0] for s in SCENARIOS} == set(all_actions())


def plain_prompts() -> set[str]:
    """The only action replies without health information: "which condition?", "which sign?",
    and the hip pain check's own questions and controls."""
    from bot import answers
    iv = interview()
    return {
        answers.which_condition(knowledge()).text, answers.screening_which().text,
        *(q.text for q in iv.questions), interview_replies.start_text(), interview_replies.not_understood(),
        interview_replies.restarted(), interview_replies.stopped(),
        interview_replies.change_answer_choices({}).text,
        interview_replies.physio_summary(knowledge(), {}, [], []).text, nothing_yet().text,
        # the clinic's greeting and its contact route (profile text, checked when it loads)
        clinic_replies.greeting(configured_country()).text,
        clinic_replies.handover(configured_country())[0].text,
    }


# Machine-readable payloads sent beside the text: triage, the summary to download, the handover mark.
PAYLOADS = {"triage", "assessment", "download", "handover"}


def assert_every_action_output_is_safe():
    plain = plain_prompts()
    for action_name, text, entities, slots in SCENARIOS:
        messages = action_messages(action_name, text, entities, slots)
        assert messages or action_name in MAY_BE_SILENT, action_name
        for message in messages:
            body = message.get("text")
            if body is None:
                assert set(message["custom"]) <= PAYLOADS, message
                if "download" in message["custom"]:  # the printable summary page says the same
                    page = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", message["custom"]["download"]["content"])).split())
                    assert not diagnosis_wording(page) and recommendation() in page, page[:200]
                continue
            assert not diagnosis_wording(body), (action_name, body)
            if body not in plain:
                assert body.endswith(recommendation()), (action_name, text, body[:200])
            else:
                assert not HEALTH_WORDS.search(body), body


@pytest.mark.parametrize("country", sorted(countries()))
def test_every_action_output_is_safe(country, monkeypatch):
    monkeypatch.setenv("HIPBOT_COUNTRY", country)
    assert_every_action_output_is_safe()


@pytest.mark.parametrize("profile", EXAMPLE_PROFILES)
def test_every_action_output_is_safe_with_each_example_clinic(profile, monkeypatch):
    """The clinics' own pathways, greeting, booking links and handover, walked the same way."""
    monkeypatch.delenv("HIPBOT_COUNTRY", raising=False)
    monkeypatch.setenv("HIPBOT_CLINIC", str(profile))
    assert_every_action_output_is_safe()


def test_plain_prompts_offer_buttons():
    for action_name, text in [("action_explain_condition", "what is that?"), ("action_screening_which", "yes")]:
        (message,) = action_messages(action_name, text)
        assert message["text"] in plain_prompts()
        assert len(message["buttons"]) >= 5


@pytest.mark.parametrize("country", sorted(countries()))
def test_channel_safe_reply_is_safe(country, monkeypatch):
    """What the channels say when a turn failed or was too slow (bot/channels/degradation.py)."""
    from bot.channels.degradation import safe_reply_text
    monkeypatch.setenv("HIPBOT_COUNTRY", country)
    text = safe_reply_text()
    assert text.endswith(recommendation())
    assert countries()[country].emergency in text
    assert not diagnosis_wording(text)
