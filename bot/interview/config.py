"""``content/interview.yml``: validated against its schema and compiled once."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.content_files import CONTENT_DIR, ContentError, load
from bot.triage.catalogue import Catalogue, Finding, catalogue, compile_finding


@dataclass(frozen=True)
class Option:
    value: str
    title: str
    findings: tuple[str, ...]  # affirmed in free text -> this answer
    implies: tuple[str, ...]   # a tap on this answer counts these findings as affirmed
    reason: str                # why the answer points to a cause, in plain words


@dataclass(frozen=True)
class Question:
    slot: str
    label: str  # short name: "Where it hurts"
    text: str
    why: str    # one line for "why are you asking this?"
    options: tuple[Option, ...]
    ask_when: dict[str, tuple[str, ...]]
    no_when_ruled_out: tuple[str, ...]
    condition_field: str | None
    matches: dict[str, tuple[str, ...]]
    age_bounds: dict[str, int]

    def option(self, value: str | None) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)


@dataclass(frozen=True)
class WarningSign:
    text: str
    ruled_out_by: tuple[str, ...]
    ages: tuple[str, ...]


@dataclass(frozen=True)
class WarningCheck:
    slot: str
    label: str
    text: str
    why: str
    signs: tuple[WarningSign, ...]
    options: tuple[tuple[str, str], ...]  # (value, button title)


@dataclass(frozen=True)
class Interview:
    max_questions: int
    questions: tuple[Question, ...]
    feature_fits: dict[str, dict[str, tuple[str, ...]]]
    feature_against: dict[str, dict[str, tuple[str, ...]]]  # answers that point away from conditions
    finding_fits: dict[str, tuple[str, ...]]  # finding id said in free text -> conditions it points to
    requires_findings: dict[str, tuple[str, ...]]  # condition id -> findings it needs reported
    warning_check: WarningCheck
    catalogue: Catalogue  # red-flag findings and interview findings together, for one detection pass

    def question(self, slot: str) -> Question | None:
        return next((q for q in self.questions if q.slot == slot), None)

    def why(self, slot: str | None) -> str | None:
        """The one-line reason for asking the question of ``slot`` (or the warning check)."""
        if slot == self.warning_check.slot:
            return self.warning_check.why
        question = self.question(slot) if slot else None
        return question.why if question else None

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(q.slot for q in self.questions) + (self.warning_check.slot,)


def _question(raw: dict) -> Question:
    options = tuple(
        Option(o["value"], o["title"], tuple(o["findings"]), tuple(o.get("implies", [])), o["reason"])
        for o in raw["options"]
    )
    default_no = tuple(f for o in options if o.value != "no" for f in o.findings)
    return Question(
        slot=raw["slot"], label=raw["label"], text=raw["text"], why=raw["why"], options=options,
        ask_when={k: tuple(v) for k, v in raw.get("ask_when", {}).items()},
        no_when_ruled_out=tuple(raw.get("no_when_ruled_out", default_no)),
        condition_field=raw.get("condition_field"),
        matches={k: tuple(v) for k, v in raw.get("matches", {}).items()},
        age_bounds=dict(raw.get("age_bounds", {})),
    )


def _check_references(path: Path, raw: dict, questions: tuple[Question, ...], known: set[str]) -> None:
    slots = [q.slot for q in questions]
    for i, q in enumerate(questions):
        where = f"questions[{i}]"
        for o in q.options:
            unknown = (set(o.findings) | set(o.implies)) - known
            if unknown:
                raise ContentError(path, f"{where}.options.{o.value}", f"unknown findings {sorted(unknown)}")
        if set(q.no_when_ruled_out) - known:
            raise ContentError(path, f"{where}.no_when_ruled_out", "unknown findings")
        for slot in q.ask_when:
            if slot not in slots[:i]:
                raise ContentError(path, f"{where}.ask_when", f"'{slot}' is not an earlier question")
    for key in ("feature_fits", "feature_against"):
        for slot, fits in raw[key].items():
            q = next((q for q in questions if q.slot == slot), None)
            if q is None or set(fits) - set(q.values):
                raise ContentError(path, f"{key}.{slot}", "not a question, or a value it does not have")
            if any(not q.option(value).reason for value in fits):
                raise ContentError(path, f"{key}.{slot}", "an answer used here needs a `reason`")
    if set(raw["finding_fits"]) - known:
        raise ContentError(path, "finding_fits", f"unknown findings {sorted(set(raw['finding_fits']) - known)}")
    for condition, needed in raw["requires_findings"].items():
        if set(needed) - known:
            raise ContentError(path, f"requires_findings.{condition}", "unknown findings")
    for i, sign in enumerate(raw["warning_check"]["signs"]):
        if set(sign["ruled_out_by"]) - known:
            raise ContentError(path, f"warning_check.signs[{i}]", "unknown findings")


def load_interview(path: Path = CONTENT_DIR / "interview.yml", red_flags: Catalogue | None = None) -> Interview:
    raw = load(path, "interview")
    red_flags = red_flags or catalogue()
    clash = set(raw["findings"]) & set(red_flags.findings)
    if clash:
        raise ContentError(path, "findings", f"already red-flag findings: {sorted(clash)}")
    findings: dict[str, Finding] = dict(red_flags.findings)
    for finding_id, spec in raw["findings"].items():
        # Interview findings describe the pain, also in "if" clauses ("it hurts if I lie on it").
        findings[finding_id] = compile_finding(path, finding_id, spec, conditional_counts=True)
    questions = tuple(_question(q) for q in raw["questions"])
    _check_references(path, raw, questions, set(findings))
    check = raw["warning_check"]
    return Interview(
        max_questions=raw["max_questions"],
        questions=questions,
        feature_fits={slot: {v: tuple(c) for v, c in fits.items()} for slot, fits in raw["feature_fits"].items()},
        feature_against={slot: {v: tuple(c) for v, c in fits.items()} for slot, fits in raw["feature_against"].items()},
        finding_fits={finding: tuple(c) for finding, c in raw["finding_fits"].items()},
        requires_findings={c: tuple(f) for c, f in raw["requires_findings"].items()},
        warning_check=WarningCheck(
            check["slot"], check["label"], check["text"], check["why"],
            tuple(WarningSign(s["text"], tuple(s["ruled_out_by"]), tuple(s.get("ages", []))) for s in check["signs"]),
            tuple((o["value"], o["title"]) for o in check["options"]),
        ),
        catalogue=Catalogue(findings, red_flags.red_flags, red_flags.child_under, red_flags.older_from),
    )


@lru_cache(maxsize=1)
def interview() -> Interview:
    return load_interview()
