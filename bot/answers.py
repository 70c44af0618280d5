"""What the bot says, as ``Reply`` objects. Every health reply goes through ``replies.health_reply``.

Actions call these functions and only turn the result into Rasa events and messages.
"""
from __future__ import annotations

import json
import re

from bot import aspects
from bot.clinic import replies as clinic_replies
from bot.countries import Country
from bot.knowledge import Condition, KnowledgeBase, Source
from bot.replies import Button, Reply, bullet_list, health_reply, one_line, phrases, plain_reply
from bot.triage import TriageResult


def _p(*keys: str):
    node = phrases()
    for key in keys:
        node = node[key]
    return node


def _source_lines(sources: tuple[Source, ...]) -> str:
    return "\n".join(f"• {s.title} ({s.publisher}): {s.url}" for s in sources)


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", one_line(text))
    return match.group(1) if match else one_line(text)


def _buttons(specs: list[dict], **values: str) -> list[Button]:
    return [Button(s["title"], s["payload"].format(**values)) for s in specs]


def _ask_condition(condition_id: str, aspect: str | None = None) -> str:
    entities = {"condition": condition_id, **({"aspect": aspect} if aspect else {})}
    return "/ask_condition" + json.dumps(entities)


def condition_buttons(conditions: list[Condition]) -> list[Button]:
    return [Button(c.name, _ask_condition(c.id)) for c in conditions]


def _picker(kb: KnowledgeBase) -> list[Condition]:
    """The conditions offered as buttons: the groups listed in phrases.yml ``picker_groups``."""
    return [c for group in _p("condition", "picker_groups") for c in kb.by_group(group)]


def which_condition(kb: KnowledgeBase) -> Reply:
    """Ask which condition: the main groups as buttons, the others listed by name."""
    shown = _picker(kb)
    others = [c.name for c in kb.conditions.values() if c not in shown]
    text = _p("condition", "unknown")
    if others:
        text += "\n" + _p("condition", "more_conditions").format(names="; ".join(others))
    return plain_reply(text, condition_buttons(shown))


def _field_text(condition: Condition, field_name: str) -> str:
    value = getattr(condition, field_name)
    return bullet_list(value) if isinstance(value, tuple) else one_line(value)


def _follow_up_buttons(condition: Condition, asked: list[str]) -> list[Button]:
    all_aspects = aspects.aspects()
    wanted = [a for a in _p("condition", "follow_up_aspects") if a not in asked]
    buttons = [Button(all_aspects[a].button, _ask_condition(condition.id, a))
               for a in wanted[:_p("condition", "follow_up_count")]]
    sources_payload = "/ask_sources" + json.dumps({"condition": condition.id})
    return [*buttons, Button(_p("condition", "sources_button"), sources_payload)]


def condition_aspects(kb: KnowledgeBase, condition: Condition, asked: list[str]) -> Reply:
    """One condition, the aspects asked (symptoms, treatment, ...), with sources and follow-ups.

    Each aspect shows the condition fields listed for it in aspects.yml: the first without a
    heading, the others under their headings. Exercise answers add the caution that general
    advice is not a personal exercise plan.
    """
    all_aspects = aspects.aspects()
    asked = [a for a in asked if a in all_aspects] or [aspects.DEFAULT]
    headings = _p("condition", "headings")
    shown: set[str] = set()
    paragraphs = []
    for aspect_id in asked:
        aspect = all_aspects[aspect_id]
        fields = [f for f in aspect.fields if f not in shown]
        shown.update(fields)
        for i, field_name in enumerate(fields):
            text = _field_text(condition, field_name)
            title = f"{condition.name}: {aspect.title}" if i == 0 else headings[field_name]
            paragraphs.append(f"{title}\n{text}")
        if aspect_id == "exercises":
            paragraphs.append(one_line(kb.physiotherapy.cautions[0]))
    paragraphs.append(f"{headings['sources']}:\n{_source_lines(condition.sources[:2])}")
    return health_reply(*paragraphs, buttons=_follow_up_buttons(condition, asked))


def explain_condition(kb: KnowledgeBase, condition: Condition) -> Reply:
    return condition_aspects(kb, condition, [aspects.DEFAULT])


def physiotherapy_overview(kb: KnowledgeBase) -> Reply:
    physio = kb.physiotherapy
    approaches = "\n".join(f"• {name}: {one_line(text)}" for _, name, text in physio.approaches)
    return health_reply(
        one_line(physio.summary),
        one_line(physio.assessment),
        approaches,
        f"{_p('condition', 'headings', 'self_care')}:\n{bullet_list(physio.self_care)}",
        bullet_list([one_line(c) for c in physio.cautions]),
        f"{_p('condition', 'headings', 'sources')}:\n{_source_lines(physio.sources[:2])}",
    )


def causes_overview(kb: KnowledgeBase) -> Reply:
    sections = []
    for group, heading in _p("causes", "group_headings").items():
        items = [f"{c.name}: {_first_sentence(c.where_it_hurts)}" for c in kb.by_group(group)]
        if items:
            sections.append(f"{heading}:\n{bullet_list(items)}")
    return health_reply(
        one_line(kb.causes_intro),
        *sections,
        _p("symptoms", "learn_more"),
        buttons=condition_buttons(_picker(kb)),
    )


def sources(kb: KnowledgeBase, condition: Condition | None) -> Reply:
    if condition:
        return health_reply(f"{condition.name}. {_p('sources', 'heading')}\n{_source_lines(condition.sources)}")
    return health_reply(f"{_p('sources', 'general_heading')}\n{_source_lines(kb.general_sources)}")


def warning_sign_check() -> Reply:
    """The warning-sign screen, asked when a message may describe a warning sign that the
    rules could not recognise: the person answers with a tap instead of getting a false alarm."""
    return health_reply(_screen_question("check_first"), buttons=_buttons(_p("screening", "buttons")))


def _screen_question(intro: str) -> str:
    """The warning-sign screen's question: an introduction from phrases.yml, then the signs."""
    return f"{_p('screening', intro)}\n{bullet_list(_p('screening', 'signs'))}"


def screening_none(kb: KnowledgeBase) -> Reply:
    return health_reply(one_line(_p("screening", "none_apply")), _p("symptoms", "learn_more"),
                        buttons=condition_buttons(_picker(kb)))


def screening_unsure(country: Country) -> Reply:
    return health_reply(one_line(_p("screening", "unsure")).format(**country.placeholders()))


def screening_which() -> Reply:
    return plain_reply(_p("screening", "which_one"), _buttons(_p("screening", "choices")))


def triage_payload(level: str, reasons: list[str], country: Country) -> dict:
    return {"triage": {"level": level, "reasons": reasons, "emergency_number": country.emergency,
                       "country": country.code}}


def escalation(result: TriageResult, country: Country, more: tuple[str, ...] = ()) -> Reply:
    """Advice for a message with warning signs: urgency, what to do, the number to call; ``more``
    paragraphs (e.g. possible causes) come after the advice."""
    values = country.placeholders()
    if not result.flags:
        level_text = _p("escalation", "unspecified")
        level, reasons = "urgent", ["unspecified_warning_sign"]
        paragraphs = [level_text["heading"], one_line(level_text["action"]).format(**values),
                      clinic_replies.opening() or ""]
    else:
        level, reasons = result.level, result.reasons
        level_text = _p("escalation", level)
        top = result.flags[0]
        paragraphs = [
            level_text["heading"],
            *clinic_replies.pathway(level, country),
            _p("escalation", "because").format(sign=top.name, concern=top.concern),
            top.advice.format(**values),
        ]
    buttons = clinic_replies.handover_buttons() if level == "urgent" else []
    return health_reply(*paragraphs, *more, buttons=buttons, custom=triage_payload(level, reasons, country))


def service_unavailable(country: Country) -> Reply:
    """The safe reply when a turn produced nothing because part of the service failed or was too
    slow (said by the channels, see ``bot/channels/degradation.py``): try again, the warning signs
    and the emergency number, and the recommendation."""
    return health_reply(one_line(_p("unavailable")).format(**country.placeholders()))
