"""The knowledge base: conditions, physiotherapy and general texts, loaded from ``bot/content``.

Every file is validated against its JSON Schema, and the whole base is checked for
consistency (ids match file names, synonyms unique, no diagnosis wording). Invalid content
raises ``ContentError`` naming the file and the field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from bot import safety
from bot.content_files import CONTENT_DIR, ContentError, load

CONDITION_SCHEMA = "condition"


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
    where_it_hurts: str
    pain_sites: tuple[str, ...]
    treatment: str
    self_care: tuple[str, ...]
    when_to_seek_help: str
    can_be_urgent: bool
    sources: tuple[Source, ...]
    causes: str | None = None
    diagnosis: str | None = None
    typical_age: str | None = None
    onset: str | None = None
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
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class KnowledgeBase:
    conditions: dict[str, Condition]
    physiotherapy: Physiotherapy
    causes_intro: str
    symptoms_next_step: str
    general_sources: tuple[Source, ...]
    _name_index: dict[str, str] = field(default_factory=dict, repr=False)
    _name_pattern: re.Pattern | None = field(default=None, repr=False)

    def get(self, condition_id: str) -> Condition:
        return self.conditions[condition_id]

    def resolve(self, name: str | None) -> Condition | None:
        """Find a condition by id, name or synonym (case, spacing and punctuation ignored)."""
        if not name:
            return None
        condition_id = self._name_index.get(normalise_name(name))
        return self.conditions.get(condition_id) if condition_id else None

    def find_in_text(self, text: str | None) -> list[Condition]:
        """Conditions named anywhere in free text, in order of first mention."""
        if not text or self._name_pattern is None:
            return []
        found: list[Condition] = []
        for match in self._name_pattern.finditer(normalise_name(text)):
            condition = self.conditions[self._name_index[match.group(0)]]
            if condition not in found:
                found.append(condition)
        return found

    def by_group(self, group: str) -> list[Condition]:
        return [c for c in self.conditions.values() if c.group == group]

    def all_texts(self) -> Iterable[tuple[str, str]]:
        """(where, text) for every sentence-bearing field, for readability and safety checks."""
        for c in self.conditions.values():
            for name in ("summary", "where_it_hurts", "treatment", "when_to_seek_help", "causes", "diagnosis"):
                value = getattr(c, name)
                if value:
                    yield f"{c.id}.{name}", value
            for i, item in enumerate(c.symptoms):
                yield f"{c.id}.symptoms[{i}]", item
            for i, item in enumerate(c.self_care):
                yield f"{c.id}.self_care[{i}]", item
        p = self.physiotherapy
        yield "physiotherapy.summary", p.summary
        yield "physiotherapy.assessment", p.assessment
        for approach_id, _, text in p.approaches:
            yield f"physiotherapy.{approach_id}", text
        for i, item in enumerate(p.cautions):
            yield f"physiotherapy.cautions[{i}]", item
        yield "general.causes_intro", self.causes_intro
        yield "general.symptoms_next_step", self.symptoms_next_step


def normalise_name(text: str) -> str:
    text = text.lower().replace("’", "'")
    text = re.sub(r"[^a-z0-9' /\-]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


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
        summary=raw["summary"].strip(),
        symptoms=tuple(raw["symptoms"]),
        where_it_hurts=raw["where_it_hurts"].strip(),
        pain_sites=tuple(raw["pain_sites"]),
        treatment=raw["treatment"].strip(),
        self_care=tuple(raw["self_care"]),
        when_to_seek_help=raw["when_to_seek_help"].strip(),
        can_be_urgent=raw["can_be_urgent"],
        sources=_sources(raw["sources"]),
        causes=(raw.get("causes") or "").strip() or None,
        diagnosis=(raw.get("diagnosis") or "").strip() or None,
        typical_age=raw.get("typical_age"),
        onset=raw.get("onset"),
        last_reviewed=raw["review"]["last_reviewed"],
        reviewer=raw["review"]["reviewer"],
    )


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

    physio_raw = load(directory / "physiotherapy.yml", "physiotherapy")
    physiotherapy = Physiotherapy(
        summary=physio_raw["summary"].strip(),
        assessment=physio_raw["assessment"].strip(),
        approaches=tuple((a["id"], a["name"], a["text"].strip()) for a in physio_raw["approaches"]),
        cautions=tuple(physio_raw["cautions"]),
        sources=_sources(physio_raw["sources"]),
    )
    general = load(directory / "general.yml", "general")

    index = _name_index(conditions, directory)
    alternatives = sorted(index, key=len, reverse=True)
    pattern = re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, alternatives)) + r")(?![a-z0-9])")
    kb = KnowledgeBase(
        conditions=conditions,
        physiotherapy=physiotherapy,
        causes_intro=general["causes_intro"].strip(),
        symptoms_next_step=general["symptoms_next_step"].strip(),
        general_sources=_sources(general["sources"]),
        _name_index=index,
        _name_pattern=pattern,
    )
    for where, text in kb.all_texts():
        problems = safety.diagnosis_wording(text)
        if problems:
            file_part, _, field_part = where.partition(".")
            raise ContentError(directory / f"{file_part}.yml", field_part, f"reads as a diagnosis: {problems[0]!r}")
    return kb


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeBase:
    """The knowledge base shipped with the bot, loaded once."""
    return load_knowledge()
