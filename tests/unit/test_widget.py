"""The web chat widget's settings and how the server bundles it (the widget itself runs in
Chromium in tests/e2e/test_widget_browser.py)."""
import json
import re

import pytest
import yaml

from bot.channels.widget import CONFIG_MARK, STATIC, bundle, config_literal
from bot.channels.widget_config import widget_config
from bot.content_files import CONTENT_DIR, ContentError, validate
from bot.countries import COUNTRY_ENV, find_country
from bot.triage.catalogue import LEVELS


from bot.clinic import CLINIC_ENV
from bot.clinic.colours import contrast_ratio as contrast
from tests.support import EXAMPLE_PROFILES


@pytest.mark.parametrize("background, foreground", [
    ("primary", "on_primary"), ("background", "text"), ("bot_bubble", "text"),
    ("emergency", "on_emergency"), ("urgent", "on_urgent"), ("background", "primary"),
])
def test_default_colours_meet_wcag_aa_contrast(background, foreground):
    colours = widget_config()["colours"]
    assert contrast(colours[background], colours[foreground]) >= 4.5


def test_contrast_helper_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("country", ["GB", "US", "DE"])
def test_config_carries_the_configured_countrys_emergency_number(monkeypatch, country):
    monkeypatch.setenv(COUNTRY_ENV, country)
    config = widget_config()
    number = find_country(country).emergency
    assert config["country"] == country and config["emergency_number"] == number
    assert number in config["banners"]["emergency"]["action"]
    assert not re.search(r"\{[a-z_]+\}", json.dumps(config["banners"]))


@pytest.mark.parametrize("profile", EXAMPLE_PROFILES, ids=lambda p: p.stem)
def test_config_follows_the_clinic_profile(monkeypatch, profile):
    monkeypatch.delenv(COUNTRY_ENV, raising=False)
    monkeypatch.setenv(CLINIC_ENV, str(profile))
    raw = yaml.safe_load(profile.read_text())
    config = widget_config()
    number = find_country(raw["country"]).emergency
    assert config["clinic_name"] == raw["name"] and config["title"] == raw["widget"]["title"]
    assert config["colours"]["primary"] == raw["widget"]["primary_colour"]
    assert config["privacy_url"] == raw["privacy"]["notice_url"]
    assert config["emergency_number"] == number and number in config["banners"]["emergency"]["action"]
    # The banner gives the clinic's own pathway, not the generic one.
    assert config["banners"]["emergency"]["action"].split(".")[0] in " ".join(raw["pathways"]["emergency"]["action"].split()).format(emergency=number)


def test_banner_shows_for_same_day_and_emergency_levels():
    config = widget_config()
    assert set(config["banner_levels"]) == {"urgent", "emergency"}
    assert set(config["banner_levels"]) <= set(LEVELS)
    assert set(config["banners"]) == set(config["banner_levels"])
    assert config["server_url"] == ""  # same origin as the script


def test_widget_defaults_are_schema_checked():
    data = yaml.safe_load((CONTENT_DIR / "widget.yml").read_text())
    data["colours"]["primary"] = "blue"
    with pytest.raises(ContentError, match="colours.primary"):
        validate(data, "widget", CONTENT_DIR / "widget.yml")
    data = yaml.safe_load((CONTENT_DIR / "widget.yml").read_text())
    data["banner_levels"] = ["routine"]
    with pytest.raises(ContentError, match="banner_levels"):
        validate(data, "widget", CONTENT_DIR / "widget.yml")


def test_bundle_fills_the_config_and_cannot_be_broken_out_of():
    config = widget_config()
    config["clinic_name"] = "</script><script>alert(1)</script> & co"
    script = bundle(config)
    assert CONFIG_MARK not in script
    literal = config_literal(config)
    assert "</script" not in literal and "<" not in literal
    assert json.loads(literal) == config
    assert literal in script
    assert script.startswith("/*!\n * Socket.IO v4")


def test_widget_never_writes_markup_from_strings():
    """Bot text reaches the page only as text: no innerHTML & co anywhere in the widget."""
    source = re.sub(r"/\*.*?\*/|//[^\n]*", "", (STATIC / "widget.js").read_text(), flags=re.S)  # code only
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in source, sink
    assert re.search(r"textContent|createTextNode", source)
