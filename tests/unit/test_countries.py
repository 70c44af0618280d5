import pytest

from bot.countries import COUNTRY_ENV, UnknownCountryError, configured_country, countries, find_country

REQUIRED = {"GB": "999", "US": "911", "EU": "112", "IE": "112 or 999", "AU": "000", "NZ": "111", "CA": "911", "IN": "112"}


@pytest.mark.parametrize("code, number", REQUIRED.items())
def test_required_countries_have_their_emergency_number(code, number):
    assert countries()[code].emergency.startswith(number)


def test_at_least_ten_countries():
    assert len(countries()) >= 10


def test_default_is_the_united_kingdom(monkeypatch):
    monkeypatch.delenv(COUNTRY_ENV, raising=False)
    assert configured_country().code == "GB"


@pytest.mark.parametrize("setting, code", [("US", "US"), ("uk", "GB"), ("Australia", "AU"), (" nz ", "NZ"), ("Ireland", "IE")])
def test_country_setting_accepts_codes_names_and_aliases(monkeypatch, setting, code):
    monkeypatch.setenv(COUNTRY_ENV, setting)
    assert configured_country().code == code


def test_unknown_country_fails_with_the_choices():
    with pytest.raises(UnknownCountryError, match="HIPBOT_COUNTRY='Atlantis'.*GB"):
        find_country("Atlantis")
