"""The clinic profile through the real action code (CollectingDispatcher + Tracker): the UK and
the US example give different numbers, pathways, links, opening-hours answers and handover."""
import datetime as dt
import html
import re

import pytest

from bot.clinic import CLINIC_ENV
from bot.clinic import replies as clinic_replies
from bot.countries import COUNTRY_ENV
from bot.replies import recommendation
from tests.support import ROOT, run_action

UK, US = ROOT / "clinics" / "uk-physio-clinic.yml", ROOT / "clinics" / "us-physical-therapy.yml"
UTC = dt.timezone.utc
# Tuesday 1 December 2026, 15:00 UTC: 15:00 in London (open), 09:00 in Chicago (open)
TUESDAY_AFTERNOON = dt.datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
# Saturday 5 December 2026, 14:00 UTC: 14:00 in London (closed since 12:30), 08:00 in Chicago (closed)
SATURDAY_AFTERNOON = dt.datetime(2026, 12, 5, 14, 0, tzinfo=UTC)
# Tuesday 1 December 2026, 22:30 UTC: 22:30 in London (closed), 16:30 in Chicago (open)
TUESDAY_EVENING = dt.datetime(2026, 12, 1, 22, 30, tzinfo=UTC)


@pytest.fixture
def use(monkeypatch):
    """Switch the clinic profile (None: no profile) and fix the clock."""
    def switch(profile, now=TUESDAY_AFTERNOON):
        monkeypatch.delenv(COUNTRY_ENV, raising=False)
        if profile is None:
            monkeypatch.delenv(CLINIC_ENV, raising=False)
        else:
            monkeypatch.setenv(CLINIC_ENV, str(profile))
        monkeypatch.setattr(clinic_replies, "clock", lambda: now)
    return switch


def escalate(flag_id):
    messages, _ = run_action("action_escalate", "/report_red_flag", [{"entity": "red_flag", "value": flag_id}])
    return messages


def text_of(messages):
    return "\n".join(m.get("text") or "" for m in messages)


@pytest.mark.parametrize("profile, number, pathway, not_said", [
    (UK, "Call 999 now", "Riverside General Hospital", "911"),
    (US, "Call 911 now", "Lakeside Medical Center ER", "999"),
    (None, "Call 999 now", "nearest emergency department", "Riverside"),
])
def test_emergency_gives_the_clinic_pathway_and_number(use, profile, number, pathway, not_said):
    use(profile)
    messages = escalate("fall_cannot_bear_weight")
    text = text_of(messages)
    assert number in text and pathway in text and not_said not in text
    assert messages[-1]["custom"]["triage"]["emergency_number"] == number.split()[1]


@pytest.mark.parametrize("profile, now, expected", [
    (UK, TUESDAY_AFTERNOON, "Riverside Physiotherapy is open now, until 18:00 (Europe/London time): call 020 7946 0123."),
    (UK, SATURDAY_AFTERNOON, "Riverside Physiotherapy is closed now and opens again on Monday at 08:00 (Europe/London time)."),
    (UK, TUESDAY_EVENING, "Riverside Physiotherapy is closed now and opens again tomorrow at 08:00 (Europe/London time)."),
    (US, TUESDAY_AFTERNOON, "Lakeside Physical Therapy is open now, until 12:00 (America/Chicago time): call +1 312-555-0142."),
    (US, SATURDAY_AFTERNOON, "Lakeside Physical Therapy is closed now and opens again on Monday at 07:00 (America/Chicago time)."),
    (US, TUESDAY_EVENING, "Lakeside Physical Therapy is open now, until 19:00 (America/Chicago time): call +1 312-555-0142."),
])
def test_same_day_advice_says_whether_the_clinic_is_open(use, profile, now, expected):
    use(profile, now)
    text = text_of(escalate("hot_joint"))
    assert expected in text
    where = {UK: "Riverside Urgent Treatment Centre", US: "Lakeside Urgent Care"}[profile]
    assert f"Where to go: {where}" in text


def test_same_day_advice_without_a_clinic_has_no_opening_hours(use):
    use(None)
    text = text_of(escalate("hot_joint"))
    assert "Contact NHS 111 (call 111 or use 111 online) today" in text
    assert "open now" not in text and "closed now" not in text


@pytest.mark.parametrize("profile, offered", [(UK, True), (US, False), (None, False)])
def test_same_day_escalation_offers_the_handover_when_enabled(use, profile, offered):
    use(profile)
    payloads = [b["payload"] for m in escalate("hot_joint") for b in m.get("buttons") or []]
    assert ("/request_human" in payloads) is offered
    emergency = [b["payload"] for m in escalate("fall_cannot_bear_weight") for b in m.get("buttons") or []]
    assert "/request_human" not in emergency  # an emergency is never sent to a call back


ANSWERS = {"pain_site": "outer_hip", "onset": "gradual", "duration": "long", "age_group": "adult",
           "lying_side": "yes", "warning_signs": "no"}


@pytest.mark.parametrize("profile, link, pathway", [
    (UK, "Book with us: Riverside Physiotherapy, https://riverside-physio.example.org/book",
     "A physiotherapy assessment with us is the right next step"),
    (US, "Book with us: Lakeside Physical Therapy, https://lakeside-pt.example.com/schedule",
     "A physical therapy evaluation with us is the right next step"),
])
def test_assessment_summary_ends_with_book_with_us(use, profile, link, pathway):
    use(profile)
    messages, _ = run_action("action_assessment_summary", "/describe_symptoms", slots=ANSWERS)
    text = messages[0]["text"]
    assert pathway in text
    assert text.endswith(f"{link}\n\n{recommendation()}")
    assert "/request_summary" in [b["payload"] for b in messages[0]["buttons"]]  # offered at the end


def test_assessment_summary_without_a_clinic_has_no_booking_line(use):
    use(None)
    messages, _ = run_action("action_assessment_summary", "/describe_symptoms", slots=ANSWERS)
    assert "Book with us" not in messages[0]["text"]
    assert "A routine appointment with a physiotherapist or GP is the right next step." in messages[0]["text"]


def page_text(message):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", message["custom"]["download"]["content"])).split())


@pytest.mark.parametrize("profile, clinic_name, link", [
    (UK, "Riverside Physiotherapy", "https://riverside-physio.example.org/book"),
    (US, "Lakeside Physical Therapy", "https://lakeside-pt.example.com/schedule"),
    (None, None, None),
])
def test_summary_to_take_away_as_text_and_as_a_file(use, profile, clinic_name, link):
    use(profile)
    slots = {**ANSWERS, "findings_affirmed": ["site_groin"], "findings_ruled_out": ["fever"]}
    messages, _ = run_action("action_physio_summary", "summary for my physio", slots=slots)
    text, download = messages[0]["text"], messages[1]["custom"]["download"]
    today = dt.date.today().isoformat()
    assert download["filename"] == f"hip-pain-summary-{today}.html" and download["mime"] == "text/html"
    page = page_text(messages[1])
    # what the user reported, in both
    for reported in ("Outside of the hip", "Gradually, over time", "pain in the groin", "a fever or high temperature"):
        assert reported in text and reported in page, reported
    for common in (today, "No diagnosis has been made", recommendation()):
        assert common in text and common in page
    if clinic_name:
        assert clinic_name in text and clinic_name in page
        assert f"Book with us: {clinic_name}, {link}" in text and f'href="{link}"' in download["content"]
    else:
        assert "Book with us" not in text and "Book with us" not in page


@pytest.mark.parametrize("profile, greeting, privacy, talk_button", [
    (UK, "welcome to Riverside Physiotherapy", "https://riverside-physio.example.org/privacy", True),
    (US, "welcome to Lakeside Physical Therapy", "https://lakeside-pt.example.com/privacy-practices", False),
    (None, "Hello! I can help you learn about hip pain", None, False),
])
def test_greeting_is_the_clinics_with_its_privacy_notice(use, profile, greeting, privacy, talk_button):
    use(profile)
    messages, events = run_action("action_greet", "hello")
    (message,) = messages
    assert greeting in message["text"] and events == []
    if privacy:
        assert f"How we handle your information: {privacy}" in message["text"]
    else:
        assert "How we handle" not in message["text"]
    payloads = [b["payload"] for b in message["buttons"]]
    assert "/start_assessment" in payloads and ("/request_human" in payloads) is talk_button


def test_handover_enabled_marks_the_conversation(use):
    use(UK)
    messages, events = run_action("action_handover", "can I talk to a person")
    text = messages[0]["text"]
    assert "I've let the team at Riverside Physiotherapy know" in text
    assert "Phone: 020 7946 0123" in text and "Email: reception@riverside-physio.example.org" in text
    assert "open now, until 18:00" in text and "call 999" in text
    (event,) = events
    assert event["event"] == "slot" and event["name"] == "handover"
    payload = event["value"]
    assert payload == messages[1]["custom"]["handover"]
    assert payload["reason"] == "user_request" and payload["urgency"] is None
    assert payload["requested_at"] == "2026-12-01T15:00:00+00:00" and payload["clinic"] == "Riverside Physiotherapy"


def test_handover_after_same_day_advice_says_so(use):
    use(UK)
    from tests.support import all_actions, make_tracker
    from rasa_sdk.executor import CollectingDispatcher
    earlier = [{"event": "bot", "text": "Please get medical help today.",
                "data": {"custom": {"triage": {"level": "urgent", "reasons": ["hot_joint"]}}}}]
    tracker = make_tracker("/request_human", events=earlier)
    events = all_actions()["action_handover"]().run(CollectingDispatcher(), tracker, {})
    assert events[0]["value"]["reason"] == "same_day" and events[0]["value"]["urgency"] == "urgent"


@pytest.mark.parametrize("profile, expected, absent", [
    (US, ["I'm a computer program", "Phone: +1 312-555-0142", "Email: frontdesk@lakeside-pt.example.com", "call 911"],
     "I've let the team"),
    (None, ["I'm a computer program", "contact NHS 111", "call 999"], "Phone:"),
])
def test_handover_disabled_says_how_to_contact_the_clinic(use, profile, expected, absent):
    use(profile, SATURDAY_AFTERNOON)
    messages, events = run_action("action_handover", "can I speak to someone")
    assert events == [] and len(messages) == 1
    for words in expected:
        assert words in messages[0]["text"], words
    assert absent not in messages[0]["text"]


def test_country_setting_overrides_the_profile_in_replies(use, monkeypatch):
    use(UK)
    monkeypatch.setenv(COUNTRY_ENV, "US")
    text = text_of(escalate("fall_cannot_bear_weight"))
    assert "Call 911 now" in text and "Riverside General Hospital" in text
