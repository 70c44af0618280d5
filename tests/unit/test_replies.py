"""The single reply composer and the diagnosis-wording check."""
import pytest

from bot import answers
from bot.countries import find_country
from bot.knowledge import knowledge
from bot.replies import UnsafeReplyError, health_reply, plain_reply, recommendation
from bot.safety import diagnosis_wording
from bot.triage import assess


def test_health_replies_end_with_the_recommendation():
    reply = health_reply("Bursitis is common.", "Exercise helps.")
    assert reply.text.endswith(recommendation())
    assert reply.gives_health_information
    assert "physiotherapist or doctor" in recommendation()


@pytest.mark.parametrize("text", [
    "You have osteoarthritis.",
    "you've got bursitis in that hip",
    "You probably have a labral tear.",
    "You are suffering from sciatica.",
    "Your diagnosis is hip impingement.",
    "This is definitely a hip fracture.",
])
def test_diagnosis_wording_is_refused(text):
    assert diagnosis_wording(text)
    with pytest.raises(UnsafeReplyError):
        health_reply(text)
    with pytest.raises(UnsafeReplyError):
        plain_reply(text)


@pytest.mark.parametrize("text", [
    "If you have a fever, get help today.",
    "People with osteoarthritis often feel stiff.",
    "Pain on the outside of the hip is often linked to bursitis.",
    "You don't have to cope with this alone.",
])
def test_educational_wording_is_allowed(text):
    assert not diagnosis_wording(text)


def test_escalation_carries_the_number_and_the_triage_payload():
    reply = answers.escalation(assess("I fell and now I can't put any weight on my leg"), find_country("US"))
    assert "911" in reply.text
    assert reply.custom == {"triage": {"level": "emergency", "reasons": reply.custom["triage"]["reasons"],
                                       "emergency_number": "911", "country": "US"}}
    assert reply.custom["triage"]["reasons"][0] == "fall_cannot_bear_weight"
    assert reply.text.endswith(recommendation())


@pytest.mark.parametrize("code", ["GB", "AU", "IN"])
def test_unrecognised_warning_sign_still_gets_numbers(code):
    country = find_country(code)
    reply = answers.escalation(assess("something feels very wrong"), country)
    assert reply.custom["triage"]["level"] == "urgent"
    assert country.emergency in reply.text


def test_self_harm_gets_the_crisis_line():
    reply = answers.escalation(assess("I want to end it all"), find_country("GB"))
    assert "116 123" in reply.text and "999" in reply.text
