"""Render the whole knowledge base to one Markdown document a clinic can review without YAML.

    python -m bot.tools.render_knowledge            # writes docs/knowledge-base.md
    python -m bot.tools.render_knowledge --check    # exits 1 if the file is out of date

`make knowledge` runs the first. The document lists every condition with every field, its
sources and review status; the warning-sign rules with their urgency; the emergency numbers by
country; the physiotherapy content; and which fields answer which kind of question.
"""
from __future__ import annotations

import sys
from pathlib import Path

from bot import aspects
from bot.countries import countries
from bot.tools.generated import write_or_check
from bot.knowledge import LIST_FIELDS, Condition, KnowledgeBase, Source, knowledge
from bot.replies import phrases, recommendation
from bot.triage.catalogue import LEVELS, catalogue

TARGET = Path("docs/knowledge-base.md")
FIELD_ORDER = ("summary", "symptoms", "features", "where_it_hurts", "typical_age", "onset", "causes",
               "diagnosis", "treatment", "exercises", "self_care", "prevention", "outlook",
               "when_to_seek_help")
LEVEL_MEANING = {
    "emergency": "Emergency services now",
    "urgent": "Same-day care",
    "soon": "See a doctor within days",
    "routine": "Routine: no warning sign; see a physiotherapist or doctor if it does not settle",
}


def _sources(sources: tuple[Source, ...]) -> list[str]:
    return [f"- [{s.title}]({s.url}) ({s.publisher})" for s in sources]


def _review(last_reviewed: str, reviewer: str) -> str:
    return f"Last reviewed {last_reviewed}; reviewer: {reviewer or '**not yet reviewed by a clinician**'}."


def _condition(c: Condition) -> list[str]:
    headings = phrases()["condition"]["headings"]
    flags = [catalogue().flag(f) for f in c.red_flags]
    lines = [
        f"### {c.name}", "",
        f"`{c.id}` · group: {c.group} · can be urgent: {'yes' if c.can_be_urgent else 'no'} · "
        f"pain sites: {', '.join(c.pain_sites)} · ages: {', '.join(c.age_groups)} · "
        f"onset: {', '.join(c.onset_types)}", "",
        f"Also called: {', '.join(c.synonyms)}", "",
        _review(c.last_reviewed, c.reviewer), "",
    ]
    for name in FIELD_ORDER:
        value = getattr(c, name)
        lines.append(f"**{headings[name]}**")
        lines.append("")
        lines.extend([f"- {item}" for item in value] if name in LIST_FIELDS else [value])
        lines.append("")
    if flags:
        lines += ["**Related warning signs**", ""]
        lines += [f"- {f.name} ({LEVEL_MEANING[f.level].lower()})" for f in flags if f]
        lines.append("")
    lines += ["**Sources**", "", *_sources(c.sources), ""]
    return lines


def _red_flags() -> list[str]:
    cat = catalogue()
    lines = ["## Warning signs (red flags)", "",
             "Every message is checked against these rules (`bot/content/red_flags.yml`). A rule fires "
             "when all findings of one of its triggers are affirmed (not negated) in the message.", ""]
    for level in reversed(LEVELS):
        flags = [f for f in cat.red_flags if f.level == level]
        lines += [f"### {LEVEL_MEANING[level]}", ""]
        if not flags:
            lines += ["Any message without a warning sign. The bot gives information and recommends an "
                      "assessment by a physiotherapist or doctor.", ""]
            continue
        for flag in flags:
            triggers = "; or ".join(" + ".join(cat.findings[f].label for f in sorted(t)) for t in flag.triggers)
            lines += [f"- **{flag.name}** (concern: {flag.concern}). Fires on: {triggers}. "
                      f"Advice: {flag.advice} Sources: {', '.join(flag.sources)}"]
        lines.append("")
    return lines


def _countries() -> list[str]:
    lines = ["## Numbers by country", "", "Chosen with `HIPBOT_COUNTRY` (default GB).", "",
             "| Code | Country | Emergency | Urgent advice | Crisis |", "|---|---|---|---|---|"]
    lines += [f"| {c.code} | {c.name} | {c.emergency} | {c.urgent_advice} | {c.crisis} |" for c in countries().values()]
    return [*lines, ""]


def _physiotherapy(kb: KnowledgeBase) -> list[str]:
    p = kb.physiotherapy
    lines = ["## Physiotherapy and self-care", "", p.summary, "", "**The assessment**", "", p.assessment, ""]
    for _, name, text in p.approaches:
        lines += [f"**{name}**", "", text, ""]
    lines += ["**Safe general self-care**", "", *[f"- {s}" for s in p.self_care], ""]
    lines += ["**Cautions**", "", *[f"- {' '.join(c.split())}" for c in p.cautions], ""]
    lines += ["**Sources**", "", *_sources(p.sources), ""]
    return lines


def _aspects() -> list[str]:
    headings = phrases()["condition"]["headings"]
    lines = ["## Which fields answer which question", "",
             "| Question | Fields shown |", "|---|---|"]
    lines += [f"| {a.title} | {', '.join(headings[f] for f in a.fields)} |" for a in aspects.aspects().values()]
    return [*lines, ""]


def _interview(kb: KnowledgeBase) -> list[str]:
    """The hip pain check: its questions, how answers point to causes, and the scoring."""
    from bot.interview import interview
    from bot.interview.scoring import (COMMON_BONUS, FEATURE_AGAINST_POINTS, FEATURE_POINTS, FINDING_POINTS,
                                       MATCH_POINTS, MISMATCH_POINTS)

    iv = interview()
    lines = ["## The hip pain check (guided questions)", "",
             f"At most {iv.max_questions} questions, in this order, skipping any already answered in the "
             "person's own words; a question with a condition is only asked when it applies. "
             "Every question also offers \"Not sure\".", "",
             "| Question | Asked when | Answers | Why we ask (said on \"why are you asking this?\") |",
             "|---|---|---|---|"]
    for q in iv.questions:
        when = "; ".join(f"{slot} is {', '.join(v)}" for slot, v in q.ask_when.items()) or "always"
        lines.append(f"| {q.text} | {when} | {' / '.join(o.title for o in q.options)} | {q.why} |")
    signs = "; ".join(s.text + (f" (ages: {', '.join(s.ages)})" if s.ages else "") for s in iv.warning_check.signs)
    lines += [f"| {iv.warning_check.text} {signs} (each sign is left out when the person already said it is absent) "
              f"| always, last | {' / '.join(t for _, t in iv.warning_check.options)} | {iv.warning_check.why} |", ""]
    lines += ["**How answers point to possible causes** (a ranking of topics to read about, not a diagnosis): "
              f"a matching pain site adds {MATCH_POINTS['pain_site']:g} points, onset {MATCH_POINTS['onset']:g}, "
              f"age group {MATCH_POINTS['age_group']:g} (from each condition's pain_sites, onset_types and "
              f"age_groups); a pain site or age group the condition does not have takes away "
              f"{-MISMATCH_POINTS['pain_site']:g} and {-MISMATCH_POINTS['age_group']:g}; each feature below adds "
              f"{FEATURE_POINTS:g} and each answer pointing away takes {-FEATURE_AGAINST_POINTS:g}; something said "
              f"in the person's own words that points to a cause adds {FINDING_POINTS:g}; common causes get "
              f"{COMMON_BONUS:g} extra. The three best are shown, each with the answers that fit it and any that "
              "point away (\"Less typical\").", "", "| Answer | Points towards | Points away from |", "|---|---|---|"]
    for slot in dict.fromkeys([*iv.feature_fits, *iv.feature_against]):
        q = iv.question(slot)
        for value in dict.fromkeys([*iv.feature_fits.get(slot, {}), *iv.feature_against.get(slot, {})]):
            towards = ", ".join(kb.get(c).name for c in iv.feature_fits.get(slot, {}).get(value, ()))
            away = ", ".join(kb.get(c).name for c in iv.feature_against.get(slot, {}).get(value, ()))
            lines.append(f"| {q.label}: {q.option(value).title} | {towards or '–'} | {away or '–'} |")
    labels = {f.id: f.label for f in iv.catalogue.findings.values()}
    lines += ["", "| Said in their own words | Points towards |", "|---|---|"]
    lines += [f"| {labels[finding]} | {', '.join(kb.get(c).name for c in conditions)} |"
              for finding, conditions in iv.finding_fits.items()]
    for condition, needed in iv.requires_findings.items():
        lines += ["", f"{kb.get(condition).name} is only suggested when the person mentioned "
                      f"{' and '.join(labels[f] for f in needed)}."]
    lines += ["", "Answers that add up to a warning sign (for example \"after a fall\" and \"65 or over\") "
              "end the check with the warning-sign advice first, then the causes often checked for.", ""]
    return lines


def render(kb: KnowledgeBase | None = None) -> str:
    kb = kb or knowledge()
    group_headings = phrases()["causes"]["group_headings"]
    lines = [
        "# Hip pain bot: knowledge base for clinical review", "",
        "Generated by `make knowledge` (`python -m bot.tools.render_knowledge`) from `bot/content/`. "
        "Do not edit: change the YAML files and run `make knowledge` again.", "",
        f"{len(kb.conditions)} conditions, {len(aspects.aspects())} kinds of question, "
        f"{len(catalogue().red_flags)} warning-sign rules, {len(countries())} countries.", "",
        "Every health reply ends with this recommendation:", "", f"> {recommendation()}", "",
        "## Conditions", "",
    ]
    for group, heading in group_headings.items():
        members = kb.by_group(group)
        lines.append(f"- {heading}: " + ", ".join(f"[{c.name}](#{c.id.replace('_', '-')})" for c in members))
    lines.append("")
    for group, heading in group_headings.items():
        lines += [f"## {heading}", ""]
        for c in kb.by_group(group):
            lines += [f'<a id="{c.id.replace("_", "-")}"></a>', "", *_condition(c)]
    lines += _red_flags() + _interview(kb) + _countries() + _physiotherapy(kb) + _aspects()
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str]) -> int:
    return write_or_check(TARGET, render(), argv, "make knowledge")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
