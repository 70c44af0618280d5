"""The red-flag catalogue (``content/red_flags.yml``), validated and compiled once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.content_files import CONTENT_DIR, ContentError, load

LEVELS = ("routine", "soon", "urgent", "emergency")  # least to most urgent


@dataclass(frozen=True)
class Finding:
    id: str
    label: str
    patterns: tuple[re.Pattern, ...]
    ruled_out_by: tuple[re.Pattern, ...]
    history_counts: bool = False  # a past event still matters (e.g. cancer years ago)
    # "if" clauses describe it rather than imagine it ("it hurts if I lie on it"): interview findings
    conditional_counts: bool = False


@dataclass(frozen=True)
class RedFlag:
    id: str
    level: str
    name: str
    concern: str
    triggers: tuple[frozenset[str], ...]
    advice: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    findings: dict[str, Finding]
    red_flags: tuple[RedFlag, ...]
    child_under: int
    older_from: int

    def flag(self, flag_id: str) -> RedFlag | None:
        return next((f for f in self.red_flags if f.id == flag_id), None)


def _compile(path: Path, where: str, pattern: str) -> re.Pattern:
    try:
        return re.compile(rf"(?<![a-z0-9'])(?:{pattern})(?![a-z0-9])")
    except re.error as error:
        raise ContentError(path, where, f"invalid regular expression: {error}") from error


def compile_finding(path: Path, finding_id: str, spec: dict, conditional_counts: bool = False) -> Finding:
    """One finding (label, patterns, ruled_out_by, history_counts), as in red_flags.yml."""
    return Finding(
        id=finding_id,
        label=spec["label"],
        patterns=tuple(_compile(path, f"findings.{finding_id}.patterns[{i}]", p) for i, p in enumerate(spec["patterns"])),
        ruled_out_by=tuple(
            _compile(path, f"findings.{finding_id}.ruled_out_by[{i}]", p)
            for i, p in enumerate(spec.get("ruled_out_by", []))
        ),
        history_counts=spec.get("history_counts", False),
        conditional_counts=conditional_counts,
    )


def load_catalogue(path: Path = CONTENT_DIR / "red_flags.yml") -> Catalogue:
    raw = load(path, "red_flags")
    findings = {finding_id: compile_finding(path, finding_id, spec) for finding_id, spec in raw["findings"].items()}
    flags = []
    seen: set[str] = set()
    for i, spec in enumerate(raw["red_flags"]):
        if spec["id"] in seen:
            raise ContentError(path, f"red_flags[{i}].id", f"duplicate id '{spec['id']}'")
        seen.add(spec["id"])
        for j, trigger in enumerate(spec["triggers"]):
            unknown = set(trigger) - set(findings)
            if unknown:
                raise ContentError(path, f"red_flags[{i}].triggers[{j}]", f"unknown findings {sorted(unknown)}")
        flags.append(RedFlag(
            id=spec["id"], level=spec["level"], name=spec["name"], concern=spec["concern"],
            triggers=tuple(frozenset(t) for t in spec["triggers"]), advice=spec["advice"],
            sources=tuple(spec["sources"]),
        ))
    return Catalogue(findings, tuple(flags), raw["ages"]["child_under"], raw["ages"]["older_from"])


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return load_catalogue()
