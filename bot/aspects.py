"""Which aspect of a condition a message asks about: symptoms, causes, treatment, outlook...

The aspects, their patterns and the condition fields that answer them are data
(``content/aspects.yml``). ``detect`` returns the aspects asked, in the order they appear in
the message; ``about`` (what it is) when none is recognised.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.content_files import CONTENT_DIR, ContentError, load

DEFAULT = "about"
MAX_ASPECTS = 2


@dataclass(frozen=True)
class Aspect:
    id: str
    title: str
    button: str
    fields: tuple[str, ...]
    pattern: re.Pattern
    overrides: tuple[str, ...] = ()


def _normalise(text: str) -> str:
    text = text.lower().replace("’", "'")
    text = re.sub(r"[^a-z0-9'&/\- ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def load_aspects(path: Path = CONTENT_DIR / "aspects.yml") -> dict[str, Aspect]:
    raw = load(path, "aspects")
    aspects: dict[str, Aspect] = {}
    for i, entry in enumerate(raw["aspects"]):
        try:
            pattern = re.compile("|".join(f"(?:{p})" for p in entry["patterns"]))
        except re.error as error:
            raise ContentError(path, f"aspects.{i}.patterns", f"not a valid regular expression: {error}") from error
        if entry["id"] in aspects:
            raise ContentError(path, f"aspects.{i}.id", f"'{entry['id']}' is listed twice")
        aspects[entry["id"]] = Aspect(entry["id"], entry["title"], entry["button"], tuple(entry["fields"]), pattern,
                                       tuple(entry.get("overrides", ())))
    for aspect in aspects.values():
        unknown = set(aspect.overrides) - set(aspects)
        if unknown:
            raise ContentError(path, f"aspects.{aspect.id}.overrides", f"unknown aspects {sorted(unknown)}")
    if DEFAULT not in aspects:
        raise ContentError(path, "aspects", f"the default aspect '{DEFAULT}' is missing")
    return aspects


@lru_cache(maxsize=1)
def aspects() -> dict[str, Aspect]:
    """The aspects shipped with the bot, loaded once."""
    return load_aspects()


def _in_sentence(sentence: str, ignore: tuple[str, ...]) -> list[str]:
    """Aspects asked in one sentence, in order of appearance, minus overridden ones."""
    normalised = _normalise(sentence)
    for phrase in sorted(ignore, key=len, reverse=True):
        phrase = _normalise(phrase)
        if phrase:
            normalised = re.sub(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", " ", normalised)
    normalised = re.sub(r"\s+", " ", normalised)
    found: list[tuple[int, str]] = []
    for aspect in aspects().values():
        match = aspect.pattern.search(normalised) if aspect.id != DEFAULT else None
        if match:
            found.append((match.start(), aspect.id))
    ordered = [aspect_id for _, aspect_id in sorted(found)]
    overridden = {o for aspect_id in ordered for o in aspects()[aspect_id].overrides}
    return [aspect_id for aspect_id in ordered if aspect_id not in overridden]


def detect(text: str | None, ignore: tuple[str, ...] = ()) -> list[str]:
    """The aspects ``text`` asks about, in order of appearance, at most ``MAX_ASPECTS``.

    In a message of several sentences the questions decide: the aspects of the sentences that
    end with "?", or else of the last sentence that asks about any aspect ("Physio thinks it is
    FAI. How do they diagnose it" -> diagnosis, not treatment).
    ``ignore``: phrases to blank out first, such as the condition names in the message, so that
    "hip replacement" or "stress fracture" are not read as questions about treatment or causes.
    Returns ``[DEFAULT]`` when no specific aspect is asked.
    """
    sentences = [s for s in re.split(r"(?<=[.?!\n])\s*", text or "") if s.strip()]
    per_sentence = [(s.rstrip().endswith("?"), _in_sentence(s, ignore)) for s in sentences]
    from_questions = [a for is_question, found in per_sentence if is_question for a in found]
    if from_questions:
        chosen = from_questions
    else:
        chosen = next((found for _, found in reversed(per_sentence) if found), [])
    return list(dict.fromkeys(chosen))[:MAX_ASPECTS] or [DEFAULT]


def resolve(value: str | None) -> str | None:
    """An aspect id from an entity value or button payload; None when unknown."""
    key = (value or "").strip().lower().replace(" ", "_").replace("-", "_")
    return key if key in aspects() else None
