"""Emergency and advice numbers per country (``content/countries.yml``)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bot.content_files import CONTENT_DIR, load

COUNTRY_ENV = "HIPBOT_COUNTRY"


class UnknownCountryError(ValueError):
    pass


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    emergency: str
    urgent_advice: str
    crisis: str

    def placeholders(self) -> dict[str, str]:
        return {
            "country": self.name, "emergency": self.emergency,
            "urgent_advice": self.urgent_advice, "crisis": self.crisis,
        }


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    raw = load(CONTENT_DIR / "countries.yml", "countries")["countries"]
    return {code: Country(code, c["name"], c["emergency"], c["urgent_advice"], c["crisis"]) for code, c in raw.items()}


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    raw = load(CONTENT_DIR / "countries.yml", "countries")["countries"]
    table = {}
    for code, spec in raw.items():
        for name in (code, spec["name"], *spec["aliases"]):
            table[name.strip().lower()] = code
    return table


def find_country(name_or_code: str) -> Country:
    code = _aliases().get(name_or_code.strip().lower())
    if not code:
        known = ", ".join(sorted(countries()))
        raise UnknownCountryError(
            f"{COUNTRY_ENV}={name_or_code!r} is not a known country; use one of: {known}"
        )
    return countries()[code]


def configured_country() -> Country:
    """The country set with HIPBOT_COUNTRY, else the clinic profile's (built-in default GB)."""
    from bot.clinic import country  # the profile imports this module

    return country()
