"""The clinic profile: defaults, the two examples, and every way a profile can be invalid
(each failing with the file and the field named)."""
import subprocess
import sys

import pytest
import yaml

from bot.clinic import CLINIC_ENV, clinic, country, widget_settings
from bot.clinic.colours import contrast_ratio
from bot.clinic.profile import load_profile
from bot.content_files import ContentError
from bot.countries import COUNTRY_ENV, configured_country
from tests.support import EXAMPLE_PROFILES, ROOT

UK, US = ROOT / "clinics" / "uk-physio-clinic.yml", ROOT / "clinics" / "us-physical-therapy.yml"


def write(tmp_path, data, name="clinic.yml"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return path


def test_the_examples_are_the_uk_and_us_profiles():
    assert EXAMPLE_PROFILES == sorted([UK, US])


def test_no_profile_gives_the_built_in_defaults(monkeypatch):
    monkeypatch.delenv(CLINIC_ENV, raising=False)
    monkeypatch.delenv(COUNTRY_ENV, raising=False)
    profile = clinic()
    assert not profile.is_clinic and not profile.handover_enabled
    assert profile.phone is None and profile.booking_url is None and profile.hours is None
    assert configured_country().code == "GB"


def test_the_two_examples_differ_in_what_matters(monkeypatch):
    monkeypatch.delenv(COUNTRY_ENV, raising=False)
    uk, us = load_profile(UK), load_profile(US)
    assert (uk.country_code, us.country_code) == ("GB", "US")
    assert uk.booking_url != us.booking_url and uk.phone != us.phone
    assert uk.pathways["emergency"].action != us.pathways["emergency"].action
    assert uk.hours.time_zone.key == "Europe/London" and us.hours.time_zone.key == "America/Chicago"
    assert uk.handover_enabled and not us.handover_enabled


def test_a_partial_profile_takes_the_rest_from_the_defaults(tmp_path):
    profile = load_profile(write(tmp_path, {"name": "Hill Street Physio", "country": "IE"}))
    assert profile.is_clinic and profile.name == "Hill Street Physio" and profile.country_code == "IE"
    assert profile.widget.title == "Hill Street Physio"  # titled with the clinic's name
    assert "{emergency}" in profile.pathways["emergency"].action


def test_an_empty_profile_file_is_the_defaults_as_a_clinic(tmp_path):
    profile = load_profile(write(tmp_path, ""))
    assert profile.is_clinic and profile.country_code == "GB"


@pytest.mark.parametrize("profile", [UK, US])
def test_widget_settings_follow_the_profile(profile, monkeypatch):
    monkeypatch.delenv(COUNTRY_ENV, raising=False)
    monkeypatch.setenv(CLINIC_ENV, str(profile))
    raw = yaml.safe_load(profile.read_text())
    settings = widget_settings()
    assert settings["clinic_name"] == raw["name"] and settings["title"] == raw["widget"]["title"]
    assert settings["primary_colour"] == raw["widget"]["primary_colour"]
    assert settings["logo_url"] == raw["widget"]["logo_url"]
    assert settings["privacy_notice_url"] == raw["privacy"]["notice_url"]
    assert settings["emergency_number"] == {"GB": "999", "US": "911"}[raw["country"]]
    assert set(settings) >= {"text_colour", "background_colour", "country", "greeting"}


def test_country_setting_overrides_the_profile_country(monkeypatch):
    monkeypatch.setenv(CLINIC_ENV, str(UK))
    monkeypatch.setenv(COUNTRY_ENV, "US")
    assert country().code == "US" and configured_country().emergency == "911"
    monkeypatch.delenv(COUNTRY_ENV)
    assert configured_country().emergency == "999"


def test_country_override_is_checked_against_a_hard_coded_emergency_number(tmp_path):
    path = write(tmp_path, {"country": "GB", "pathways": {"emergency": {"action": "Call 999 now."}}})
    assert load_profile(path).country_code == "GB"
    with pytest.raises(ContentError, match=r"field 'pathways.emergency.action'.*911"):
        load_profile(path, effective_country="US")


def test_contrast_ratio_matches_wcag():
    assert round(contrast_ratio("#000000", "#FFFFFF"), 1) == 21.0
    assert contrast_ratio("#777777", "#FFFFFF") < 4.5 < contrast_ratio("#767676", "#FFFFFF") + 0.1


INVALID = [
    # (what, profile data, field named, words in the reason)
    ("unknown key", {"name": "X Physio", "opening_times": {}}, "opening_times", "unknown field"),
    ("unknown nested key", {"contact": {"fax": "0123 456789"}}, "contact.fax", "unknown field"),
    ("wrong type", {"handover": {"enabled": "yes"}}, "handover.enabled", "not of type 'boolean'"),
    ("wrong type: number as name", {"name": 42}, "name", "not of type 'string'"),
    ("wrong type: days as text", {"privacy": {"retention_days": "thirty"}}, "privacy.retention_days", "integer"),
    ("URL without a scheme", {"booking_url": "www.example.com/book"}, "booking_url", "is not a web address"),
    ("javascript URL", {"privacy": {"notice_url": "javascript:alert(1)"}}, "privacy.notice_url", "is not a web address"),
    ("URL with a space", {"widget": {"logo_url": "https://exa mple.com/logo.png"}}, "widget.logo_url", "is not a web address"),
    ("country without numbers", {"country": "Atlantis"}, "country", "no emergency numbers"),
    ("malformed phone: words", {"contact": {"phone": "call reception"}}, "contact.phone", "is not a phone number"),
    ("malformed phone: too short", {"contact": {"phone": "123"}}, "contact.phone", "is not a phone number"),
    ("malformed email", {"contact": {"email": "reception at clinic"}}, "contact.email", "is not an email address"),
    ("unknown time zone", {"opening_hours": {"time_zone": "Europe/Atlantis", "weekly": {"mon": ["08:00-18:00"]}}},
     "opening_hours.time_zone", "unknown time zone"),
    ("opening time format", {"opening_hours": {"time_zone": "Europe/London", "weekly": {"mon": ["8am-6pm"]}}},
     "opening_hours.weekly.mon.0", "HH:MM-HH:MM"),
    ("closes before it opens", {"opening_hours": {"time_zone": "Europe/London", "weekly": {"mon": ["18:00-08:00"]}}},
     "opening_hours.weekly.mon[0]", "opens at or after it closes"),
    ("overlapping times", {"opening_hours": {"time_zone": "Europe/London",
                                             "weekly": {"mon": ["08:00-13:00", "12:00-18:00"]}}},
     "opening_hours.weekly.mon[1]", "overlaps"),
    ("never open", {"opening_hours": {"time_zone": "Europe/London", "weekly": {}}}, "opening_hours.weekly", "never open"),
    ("unknown day", {"opening_hours": {"time_zone": "Europe/London", "weekly": {"monday": ["08:00-18:00"]}}},
     "opening_hours.weekly.monday", "unknown field"),
    ("colour not hex", {"widget": {"primary_colour": "green"}}, "widget.primary_colour", "#RRGGBB"),
    ("poor contrast", {"widget": {"text_colour": "#AAAAAA", "background_colour": "#FFFFFF"}}, "widget.text_colour",
     "WCAG AA"),
    ("unknown placeholder", {"pathways": {"same_day": {"action": "Call {clinic_phone} today."}}},
     "pathways.same_day.action", "unknown placeholder {clinic_phone}"),
    ("placeholder without a value", {"pathways": {"routine": {"action": "Book at {booking_url}."}}},
     "pathways.routine.action", "no value for it"),
    ("unbalanced braces", {"pathways": {"soon": {"action": "Call us {phone today."}}}, "pathways.soon.action", "braces"),
    ("emergency pathway without the number", {"pathways": {"emergency": {"action": "Go to the hospital."}}},
     "pathways.emergency.action", "emergency number"),
    ("pathway without an action", {"pathways": {"soon": {"contact": "our clinic"}}}, "pathways.soon", "'action' is a required"),
    ("diagnosis in the greeting", {"greeting": "Hello! You have bursitis, let's talk."}, "greeting", "diagnosis"),
    ("handover with no contact route", {"handover": {"enabled": True}}, "handover.enabled", "contact route"),
    ("handover without enabled", {"handover": {"route": "Call us."}}, "handover", "'enabled' is a required"),
    ("not a mapping", ["name", "country"], "(top level)", "mapping"),
]


@pytest.mark.parametrize("what, data, field, reason", INVALID, ids=[case[0] for case in INVALID])
def test_invalid_profile_names_the_file_and_field(tmp_path, what, data, field, reason):
    path = write(tmp_path, data)
    with pytest.raises(ContentError) as error:
        load_profile(path)
    assert (error.value.path, error.value.field) == (str(path), field), error.value
    assert reason in error.value.reason, error.value


def test_unreadable_profile(tmp_path):
    with pytest.raises(ContentError) as error:
        load_profile(write(tmp_path, "name: [unclosed"))
    assert error.value.field == "(file)" and "not valid YAML" in error.value.reason


def test_missing_profile_file(tmp_path):
    with pytest.raises(ContentError, match="file not found"):
        load_profile(tmp_path / "nowhere.yml")


def test_the_action_server_refuses_to_start_with_an_invalid_profile(tmp_path, monkeypatch):
    from actions.startup import check_content
    monkeypatch.setenv(CLINIC_ENV, str(write(tmp_path, {"contact": {"phone": "ring us"}})))
    with pytest.raises(ContentError, match=r"clinic.yml: field 'contact.phone'"):
        check_content()


def check_clinic(*args, env=None):
    import os
    environment = {**os.environ, **(env or {})}
    environment.pop(COUNTRY_ENV, None)
    return subprocess.run([sys.executable, "-m", "bot.clinic.check", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_check_clinic_command(tmp_path):
    ok = check_clinic(str(US))
    assert ok.returncode == 0 and "Lakeside Physical Therapy" in ok.stdout and "911" in ok.stdout
    bad = check_clinic(str(write(tmp_path, {"booking_url": "lakeside.example.com"})))
    assert bad.returncode == 1
    assert "clinic.yml: field 'booking_url'" in bad.stderr
    from_env = check_clinic(env={CLINIC_ENV: str(UK)})
    assert from_env.returncode == 0 and "Riverside Physiotherapy" in from_env.stdout
