"""Finding warning-sign findings in free text, each marked affirmed or ruled out.

Rules, in order:
1. A finding's pattern matched inside a clause is *affirmed*, unless
   - a negation cue stands just before it in the clause ("no fever", "I didn't fall"),
     or inside the gap of a pattern ("my calf isn't swollen"), or after it ("fever: no"),
     or the clause continues a negated list ("no fever, swelling or redness") -> *ruled out*;
   - it is speculative ("I might have a temperature"), hypothetical ("what if I fall?"),
     or part of an event the sentence says is over ("I broke my hip years ago and it healed")
     -> ignored. Findings marked ``history_counts`` (cancer, steroids...) are never ignored as past.
2. A reassurance (``ruled_out_by``: "I can walk fine", "my temperature is normal") rules a
   finding out. If it comes after the last affirming mention, it wins (the person corrected
   themselves); otherwise the affirming mention wins.
3. A plain negation never cancels an affirming mention elsewhere in the message (safety first).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.triage import text as T
from bot.triage.catalogue import Catalogue, catalogue as default_catalogue

_AGE_PATTERNS = [
    re.compile(r"\b(\d{1,3}) ?(?:-| )?(?:years?|yrs?|yr|y)(?: |-)?(?:old|o\b)|\b(\d{1,3}) ?(?:yo|y/o|y\.o\.)\b"),
    re.compile(r"\baged? (\d{1,3})\b"),
    re.compile(r"\b(?:i'm|i am|she's|he's|she is|he is|is|(?:mum|mom|mother|dad|father|husband|wife|son|daughter|partner|nan|gran|grandma|grandad)'s) (\d{1,3})\b(?! ?(?:kg|kilos?|lbs?|pounds|stone|weeks?|days?|months?|minutes?|hours?|cm|%|percent|times|out of))"),
]
_DECADE = re.compile(r"\bin (?:her|his|my|their) (\d)0s\b")
_DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
                 "eighties": 80, "nineties": 90}
_DECADE_WORD = re.compile(r"\bin (?:her|his|my|their|our) (?:early |mid |late |mid-)?(" + "|".join(_DECADE_WORDS) + r")\b")
_INFANT = re.compile(r"\b\d{1,2} ?(?:-| )?(?:months?|weeks?|mo) ?(?:-| )?old\b")


@dataclass(frozen=True)
class Match:
    finding: str
    text: str
    state: str  # "affirmed" | "ruled_out"
    position: int


@dataclass
class Detection:
    """What one message says about each finding."""

    affirmed: set[str] = field(default_factory=set)
    ruled_out: set[str] = field(default_factory=set)
    matches: list[Match] = field(default_factory=list)
    age: int | None = None


def _ages(text: str) -> list[int]:
    ages = [int(next(g for g in m.groups() if g)) for p in _AGE_PATTERNS for m in p.finditer(text)]
    ages += [int(m.group(1)) * 10 for m in _DECADE.finditer(text)]
    ages += [_DECADE_WORDS[m.group(1)] for m in _DECADE_WORD.finditer(text)]
    if _INFANT.search(text):
        ages.append(0)
    return [a for a in ages if 0 <= a < 120]


def _gap_negated(match: re.Match) -> bool:
    gap = match.groupdict().get("gap")
    return bool(gap) and T.negated_before(gap)


def _reassurances(cat: Catalogue, normalised: str) -> list[Match]:
    found = []
    for sentence in re.finditer(r"[^.!?;\n]+", normalised):
        for finding in cat.findings.values():
            for pattern in finding.ruled_out_by:
                for m in pattern.finditer(sentence.group(0)):
                    prefix = sentence.group(0)[: m.start()]
                    if T.negated_before(prefix) or _gap_negated(m):
                        continue  # "I can't walk fine" is no reassurance
                    found.append(Match(finding.id, m.group(0), "ruled_out", sentence.start() + m.start()))
    return found


def _mentions(cat: Catalogue, normalised: str, reassurances: list[Match]) -> list[Match]:
    reassured_spans = {(r.finding, r.position, r.position + len(r.text)) for r in reassurances}
    found: list[Match] = []
    negated_list_open = False
    sentence_start = None
    for clause in T.clauses(normalised):
        if clause.sentence_start != sentence_start:
            negated_list_open, sentence_start = False, clause.sentence_start
        inherits = negated_list_open and T.is_list_item(clause.text) and not T.starts_with_cue(clause.text)
        negated_here = False
        for finding in cat.findings.values():
            for pattern in finding.patterns:
                for m in pattern.finditer(clause.text):
                    start = clause.start + m.start()
                    end = clause.start + m.end()
                    if any(f == finding.id and s < end and start < e for f, s, e in reassured_spans):
                        continue
                    prefix = clause.text[: m.start()]
                    if not finding.conditional_counts and (
                            T.is_hypothetical(clause, prefix) or T.speculative_before(prefix)):
                        continue
                    if not finding.history_counts and T.is_resolved_past_at(normalised, clause.sentence_start, start):
                        continue
                    negated = (
                        inherits or T.negated_before(prefix) or _gap_negated(m)
                        or T.negated_after(clause.text[m.end():])
                    )
                    found.append(Match(finding.id, m.group(0), "ruled_out" if negated else "affirmed", start))
                    negated_here = negated_here or negated
        negated_list_open = negated_here and (
            T.starts_with_cue(clause.text) or inherits or " or " in clause.sentence or " nor " in clause.sentence
        )
    return found


def detect(message: str | None, cat: Catalogue | None = None) -> Detection:
    cat = cat or default_catalogue()
    result = Detection()
    if not message or not message.strip():
        return result
    normalised = T.normalise(message)
    reassurances = _reassurances(cat, normalised)
    result.matches = sorted(_mentions(cat, normalised, reassurances) + reassurances, key=lambda m: m.position)

    for finding_id in {m.finding for m in result.matches}:
        mentions = [m for m in result.matches if m.finding == finding_id]
        last_affirmed = max((m.position for m in mentions if m.state == "affirmed"), default=None)
        last_reassured = max((m.position for m in reassurances if m.finding == finding_id), default=None)
        if last_affirmed is not None and (last_reassured is None or last_affirmed > last_reassured):
            result.affirmed.add(finding_id)
        else:
            result.ruled_out.add(finding_id)

    ages = _ages(normalised)
    if ages:
        result.age = min(ages)
        if result.age < cat.child_under:
            result.affirmed.add("child")
        if max(ages) >= cat.older_from:
            result.affirmed.add("older_adult")
    result.ruled_out -= result.affirmed
    return result
