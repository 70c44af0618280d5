"""The clinical case set: YAML files under benchmarks/clinical/cases, checked against
benchmarks/clinical/case.schema.yml and against the knowledge base (every reference and accepted
cause is a condition id)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import jsonschema

from bot.content_files import ContentError, read_yaml

ROOT = Path(__file__).resolve().parents[3]
CASES_DIR = ROOT / "benchmarks" / "clinical" / "cases"
SCHEMA = ROOT / "benchmarks" / "clinical" / "case.schema.yml"
LEVELS = ("routine", "soon", "urgent", "emergency")  # least to most urgent, as bot/triage


@dataclass(frozen=True)
class Case:
    id: str
    split: str                 # "dev" (may be tuned on) or "heldout" (never tuned on)
    source_url: str
    opening: str
    answers: dict[str, Any]
    reference: str
    also_accept: tuple[str, ...]
    urgency: str
    added: str | None = None   # date a later batch of cases was added (reported on its own too)

    @property
    def accepted(self) -> set[str]:
        return {self.reference, *self.also_accept}


def _check(path: Path, raw: Any, known_conditions: set[str] | None) -> None:
    validator = jsonschema.Draft7Validator(read_yaml(SCHEMA))
    errors = sorted(validator.iter_errors(raw), key=lambda e: list(e.absolute_path))
    if errors:
        field = ".".join(str(p) for p in errors[0].absolute_path) or "(top level)"
        raise ContentError(path, field, errors[0].message)
    if known_conditions is not None:
        for i, case in enumerate(raw["cases"]):
            unknown = {case["reference"], *case["also_accept"]} - known_conditions
            if unknown:
                raise ContentError(path, f"cases.{i}", f"unknown condition ids {sorted(unknown)}")


def load_cases(directory: Path = CASES_DIR, known_conditions: Iterable[str] | None = None) -> list[Case]:
    known = set(known_conditions) if known_conditions is not None else None
    cases: list[Case] = []
    for path in sorted(directory.glob("*.yml")):
        raw = read_yaml(path)
        _check(path, raw, known)
        cases += [
            Case(c["id"], c["split"], c["source"]["url"], c["opening"], dict(c["answers"]), c["reference"],
                 tuple(c["also_accept"]), c["urgency"], c.get("added"))
            for c in raw["cases"]
        ]
    ids = [c.id for c in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ContentError(directory, "id", f"duplicate case ids {duplicates}")
    return cases
