"""The knowledge base: conditions, physiotherapy and general texts, loaded from ``bot/content``.

Every file is validated against its JSON Schema, and the whole base is checked for
consistency (ids match file names, synonyms unique, no diagnosis wording). Invalid content
raises ``ContentError`` naming the file and the field.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from bot import readability, safety
from bot.content_files import CONTENT_DIR, ContentError, load, read_yaml

CONDITION_SCHEMA = "condition"
# Typo tolerance when a condition name is not written exactly: names this long or longer,
# matched with this similarity (difflib ratio) or more.
FUZZY_MIN_LENGTH = 7
FUZZY_CUTOFF = 0.87
# Words too general to stand for one condition even when written almost like a name.
FUZZY_EXCLUDED = frozenset({"arthritis", "fracture", "fractures", "infection", "tendons"})
# Sentence-bearing fields of a condition: prose, and lists of short items.
PROSE_FIELDS = ("summary", "where_it_hurts", "causes", "diagnosis", "treatment", "exercises",
                "prevention", "outlook", "when_to_seek_help")
LIST_FIELDS = ("symptoms", "features", "self_care")


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    url: str


@dataclass(frozen=True)
class Condition:
    id: str
    name: str
    group: str
    synonyms: tuple[str, ...]
    summary: str
    symptoms: tuple[str, ...]
    features: tuple[str, ...]
    where_it_hurts: str
    pain_sites: tuple[str, ...]
    typical_age: str
    age_groups: tuple[str, ...]
    onset: str
    onset_types: tuple[str, ...]
    causes: str
    diagnosis: str
    treatment: str
    exercises: str
    self_care: tuple[str, ...]
    prevention: str
    outlook: str
    when_to_seek_help: str
    can_be_urgent: bool
    sources: tuple[Source, ...]
    red_flags: tuple[str, ...] = ()
    last_reviewed: str = ""
    reviewer: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every way of naming this condition, lower case."""
        return (self.id.replace("_", " "), self.name.lower(), *self.synonyms)


@dataclass(frozen=True)
class Physiotherapy:
    summary: str
    assessment: str
    approaches: tuple[tuple[str, str, str], ...]  # (id, name, text)
    cautions: tuple[str, ...]
    self_care: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Mention:
    """A condition named in a message, at ``text[start:end]``."""
    condition: Condition
    start: int
    end: int


@dataclass(frozen=True)
class KnowledgeBase:
    conditions: dict[str, Condition]
    physiotherapy: Physiotherapy
    causes_intro: str
    general_sources: tuple[Source, ...]
    _name_index: dict[str, str] = field(default_factory=dict, repr=False)
    _name_pattern: re.Pattern | None = field(default=None, repr=False)
    # Typo matching (difflib) is the slow part of reading a message, and each message is read by
    # several components and actions: results are kept per phrase (bounded).
    _close_cache: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    def get(self, condition_id: str) -> Condition:
        return self.conditions[condition_id]

    def resolve(self, name: str | None) -> Condition | None:
        """Find a condition by id, name or synonym (case, spacing and punctuation ignored),
        allowing a small typo in a long name ("perthies", "femoroacetabular impingment")."""
        if not name:
            return None
        key = normalise_name(name)
        condition_id = self._name_index.get(key) or self._close_name(key)
        return self.conditions.get(condition_id) if condition_id else None

    def find_in_text(self, text: str | None) -> list[Condition]:
        """Conditions named anywhere in free text, in order of first mention."""
        found: list[Condition] = []
        for mention in self.mentions(text):
            if mention.condition not in found:
                found.append(mention.condition)
        return found

    def mentions(self, text: str | None) -> list[Mention]:
        """Where conditions are named in free text, with character offsets into ``text``.
        When no name is written exactly, a run of words close to a long name counts (a small
        typo): the longest runs are tried first."""
        if not text or self._name_pattern is None:
            return []
        masked = _mask(text)
        found = [Mention(self.conditions[self._name_index[" ".join(m.group(0).split())]], m.start(), m.end())
                 for m in self._name_pattern.finditer(masked)]
        if found:
            return found
        words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", masked)]
        for size in (4, 3, 2, 1):
            for first in range(len(words) - size + 1):
                run = words[first:first + size]
                condition_id = self._close_name(" ".join(word for _, _, word in run))
                if condition_id and all(f.condition.id != condition_id for f in found):
                    found.append(Mention(self.conditions[condition_id], run[0][0], run[-1][1]))
            if found:
                return found
        return found

    def _close_name(self, phrase: str) -> str | None:
        """The condition whose long name (``FUZZY_MIN_LENGTH`` characters or more) is within a
        small typo of ``phrase``, if exactly one is."""
        if phrase not in self._close_cache:
            if len(self._close_cache) > 20_000:
                self._close_cache.clear()
            self._close_cache[phrase] = self._closest_name(phrase)
        return self._close_cache[phrase]

    def _closest_name(self, phrase: str) -> str | None:
        if len(phrase) < FUZZY_MIN_LENGTH or phrase in FUZZY_EXCLUDED:
            return None
        candidates = [n for n in self._name_index if len(n) >= FUZZY_MIN_LENGTH
                      and n.count(" ") == phrase.count(" ")]
        close = [n for n in difflib.get_close_matches(phrase, candidates, n=3, cutoff=FUZZY_CUTOFF)
                 if _typos_only_in_long_words(phrase, n)]
        owners = {self._name_index[n] for n in close}
        return owners.pop() if len(owners) == 1 else None

    def by_group(self, group: str) -> list[Condition]:
        return [c for c in self.conditions.values() if c.group == group]

    def all_texts(self) -> Iterable[tuple[str, str]]:
        """(where, text) for every sentence-bearing field, for readability and safety checks."""
        for c in self.conditions.values():
            for name in PROSE_FIELDS:
                yield f"conditions/{c.id}.{name}", getattr(c, name)
            for name in LIST_FIELDS:
                yield f"conditions/{c.id}.{name}", readability.as_prose(getattr(c, name))
        p = self.physiotherapy
        yield "physiotherapy.summary", p.summary
        yield "physiotherapy.assessment", p.assessment
        for approach_id, _, text in p.approaches:
            yield f"physiotherapy.{approach_id}", text
        for i, item in enumerate(p.cautions):
            yield f"physiotherapy.cautions[{i}]", item
        yield "physiotherapy.self_care", readability.as_prose(p.self_care)
        yield "general.causes_intro", self.causes_intro


def _typos_only_in_long_words(phrase: str, name: str) -> bool:
    """A typo is tolerated in a long word ("bursitsi"), not in a short one: "the pain" is not
    "thr pain" (an abbreviation of total hip replacement)."""
    return all(a == b or min(len(a), len(b)) >= 5 for a, b in zip(phrase.split(), name.split()))


def _mask(text: str) -> str:
    """``text`` in lower case with every character a name cannot contain turned into a space;
    same length as ``text``, so offsets into it are offsets into ``text``."""
    lowered = "".join(c.lower() if len(c.lower()) == 1 else " " for c in text.replace("’", "'"))
    return re.sub(r"[^a-z0-9' /\-]", " ", lowered)


def normalise_name(text: str) -> str:
    return " ".join(_mask(text).split())


def _sources(raw: list[dict]) -> tuple[Source, ...]:
    return tuple(Source(s["title"], s["publisher"], s["url"]) for s in raw)


def _load_condition(path: Path) -> Condition:
    raw = load(path, CONDITION_SCHEMA)
    if raw["id"] != path.stem:
        raise ContentError(path, "id", f"'{raw['id']}' does not match the file name '{path.stem}'")
    return Condition(
        id=raw["id"],
        name=raw["name"],
        group=raw["group"],
        synonyms=tuple(raw["synonyms"]),
        pain_sites=tuple(raw["pain_sites"]),
        typical_age=" ".join(raw["typical_age"].split()),
        age_groups=tuple(raw["age_groups"]),
        onset=" ".join(raw["onset"].split()),
        onset_types=tuple(raw["onset_types"]),
        can_be_urgent=raw["can_be_urgent"],
        sources=_sources(raw["sources"]),
        red_flags=tuple(raw.get("red_flags", ())),
        last_reviewed=raw["review"]["last_reviewed"],
        reviewer=raw["review"]["reviewer"],
        **{name: " ".join(raw[name].split()) for name in PROSE_FIELDS},
        **{name: tuple(" ".join(item.split()) for item in raw[name]) for name in LIST_FIELDS},
    )


def _check_red_flag_ids(conditions: dict[str, Condition], directory: Path) -> None:
    known = {flag["id"] for flag in read_yaml(directory / "red_flags.yml")["red_flags"]}
    for condition in conditions.values():
        unknown = sorted(set(condition.red_flags) - known)
        if unknown:
            raise ContentError(directory / "conditions" / f"{condition.id}.yml", "red_flags",
                               f"unknown red flag ids {unknown} (see red_flags.yml)")


def _name_index(conditions: dict[str, Condition], directory: Path) -> dict[str, str]:
    index: dict[str, str] = {}
    for condition in conditions.values():
        for name in condition.names:
            key = normalise_name(name)
            owner = index.get(key)
            if owner and owner != condition.id:
                raise ContentError(
                    directory / "conditions" / f"{condition.id}.yml",
                    "synonyms",
                    f"'{name}' is also a name of '{owner}'",
                )
            index[key] = condition.id
    return index


def load_knowledge(directory: Path = CONTENT_DIR) -> KnowledgeBase:
    condition_files = sorted((directory / "conditions").glob("*.yml"))
    if not condition_files:
        raise ContentError(directory / "conditions", "(folder)", "no condition files found")
    conditions = {c.id: c for c in map(_load_condition, condition_files)}
    _check_red_flag_ids(conditions, directory)

    physio_raw = load(directory / "physiotherapy.yml", "physiotherapy")
    physiotherapy = Physiotherapy(
        summary=physio_raw["summary"].strip(),
        assessment=physio_raw["assessment"].strip(),
        approaches=tuple((a["id"], a["name"], a["text"].strip()) for a in physio_raw["approaches"]),
        cautions=tuple(physio_raw["cautions"]),
        self_care=tuple(physio_raw["self_care"]),
        sources=_sources(physio_raw["sources"]),
    )
    general = load(directory / "general.yml", "general")

    index = _name_index(conditions, directory)
    alternatives = sorted(index, key=len, reverse=True)
    # Matched against _mask(text): the words of a name may be separated by several spaces.
    names = "|".join(re.escape(name).replace(r"\ ", " +") for name in alternatives)
    pattern = re.compile(r"(?<![a-z0-9])(?:" + names + r")(?![a-z0-9])")
    kb = KnowledgeBase(
        conditions=conditions,
        physiotherapy=physiotherapy,
        causes_intro=general["causes_intro"].strip(),
        general_sources=_sources(general["sources"]),
        _name_index=index,
        _name_pattern=pattern,
    )
    for where, text in kb.all_texts():
        problems = safety.diagnosis_wording(text)
        if problems:
            file_part, _, field_part = where.partition(".")
            field_part = field_part.partition("[")[0]
            raise ContentError(directory / f"{file_part}.yml", field_part, f"reads as a diagnosis: {problems[0]!r}")
    return kb


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeBase:
    """The knowledge base shipped with the bot, loaded once."""
    return load_knowledge()
