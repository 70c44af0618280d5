"""What the hip pain check says: its questions, the warning-sign check, the summary, and the
summary for a physiotherapist. Health replies go through ``bot.replies.health_reply``."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Iterable, Mapping
from urllib.parse import urlparse

from bot.answers import _p, escalation, triage_payload
from bot.clinic import clinic
from bot.clinic import replies as clinic_replies
from bot.countries import Country
from bot.interview import explain
from bot.interview.config import Interview, interview
from bot.interview.flow import UNSURE, warning_signs_to_ask
from bot.interview.scoring import Candidate, rank
from bot.interview.summary_file import Block, SummaryDocument, download_payload
from bot.knowledge import Condition, KnowledgeBase
from bot.replies import Button, Reply, bullet_list, health_reply, one_line, plain_reply, recommendation
from bot.triage import TriageResult


# "Learn more" links go to a patient page of one of these publishers when the condition cites one.
LEARN_MORE_HOSTS = ("nhs.uk", "orthoinfo.aaos.org", "versusarthritis.org", "medlineplus.gov", "physio-pedia.com")


def learn_more_url(condition: Condition) -> str:
    def rank(source) -> int:
        host = urlparse(source.url).netloc.removeprefix("www.")
        return next((i for i, h in enumerate(LEARN_MORE_HOSTS) if host == h), len(LEARN_MORE_HOSTS))
    return min(condition.sources, key=rank).url


def answer_payload(slot: str, value: str) -> str:
    """A button's payload: the question it answers and the answer, read by the form."""
    return "/describe_symptoms" + json.dumps({"question": slot, "answer": value})


def _ip(key: str):
    return _p("interview", key)


def start_text(iv: Interview | None = None) -> str:
    return _ip("start").format(count=(iv or interview()).max_questions)


def question(slot: str, answers: Mapping[str, str | None], ruled_out: Iterable[str] = (),
             iv: Interview | None = None) -> Reply:
    """The question for ``slot`` with one button per answer, plus "Not sure"."""
    iv = iv or interview()
    q = iv.question(slot)
    if q is None:
        return warning_check(answers, ruled_out, iv)
    buttons = [Button(o.title, answer_payload(slot, o.value)) for o in q.options]
    buttons.append(Button(_ip("unsure_button"), answer_payload(slot, UNSURE)))
    return plain_reply(q.text, buttons)


def warning_check(answers: Mapping[str, str | None], ruled_out: Iterable[str] = (),
                  iv: Interview | None = None) -> Reply:
    iv = iv or interview()
    check = iv.warning_check
    signs = warning_signs_to_ask(answers, ruled_out, iv)
    buttons = [Button(title, answer_payload(check.slot, value)) for value, title in check.options]
    return health_reply(f"{check.text}\n{bullet_list(signs)}", buttons=buttons)


def _reported_lines(answers: Mapping[str, str | None], iv: Interview) -> list[str]:
    lines = []
    for q in iv.questions:
        value = answers.get(q.slot)
        option = q.option(value)
        if option:
            lines.append(f"{q.label}: {option.title}")
        elif value == UNSURE:
            lines.append(f"{q.label}: {_ip('unsure_button')}")
    return lines


def _cause_lines(candidates: list[Candidate]) -> list[str]:
    return [
        _ip("cause_line").format(number=i, name=c.condition.name, reasons=explain.reasons_text(c.reasons),
                                 against=explain.against_text(c), url=learn_more_url(c.condition))
        for i, c in enumerate(candidates, start=1)
    ]


def _with_assessment(reply: Reply, shown: dict) -> Reply:
    """The reply with the machine-readable ``assessment`` payload (ranked cause ids, urgency)."""
    return dataclasses.replace(reply, custom={**(reply.custom or {}), "assessment": shown})


def summary_record(kb: KnowledgeBase, answers: Mapping[str, str | None], triage: TriageResult,
                   iv: Interview | None = None) -> dict:
    """What ``summary`` (or ``escalation_with_causes``) shows for these answers, as data: kept
    for "why do you say that?" and sent as the ``assessment`` payload."""
    iv = iv or interview()
    candidates = rank(kb, answers, iv=iv, reported=triage.detection.affirmed)
    return explain.record(candidates, triage, warning_yes=answers.get(iv.warning_check.slot) == "yes")


def escalation_with_causes(kb: KnowledgeBase, answers: Mapping[str, str | None], triage: TriageResult,
                           country: Country, iv: Interview | None = None) -> Reply:
    """The escalation advice first; then, if the answers point anywhere, the causes that are often
    checked for (for learning), and the ``assessment`` payload."""
    iv = iv or interview()
    candidates = rank(kb, answers, iv=iv, reported=triage.detection.affirmed)
    more = (f"{_ip('escalation_causes_heading')}\n" + "\n".join(_cause_lines(candidates)),) if candidates else ()
    result = triage if triage.level in ("urgent", "emergency") else TriageResult()
    return _with_assessment(escalation(result, country, more), summary_record(kb, answers, triage, iv))


def summary(kb: KnowledgeBase, answers: Mapping[str, str | None], triage: TriageResult, country: Country,
            iv: Interview | None = None) -> Reply:
    """The end of the check: possible causes with reasons, what helps, when to get help, how soon.

    A warning sign (urgent or emergency) gets the escalation first, then the causes that are often
    checked for; "soon" is said in the summary.
    """
    iv = iv or interview()
    if triage.level in ("urgent", "emergency") or answers.get(iv.warning_check.slot) == "yes":
        return escalation_with_causes(kb, answers, triage, country, iv)
    shown = summary_record(kb, answers, triage, iv)
    candidates = rank(kb, answers, iv=iv, reported=triage.detection.affirmed)
    values = country.placeholders()
    paragraphs = [_ip("summary_intro")]
    reported = _reported_lines(answers, iv)
    if reported:
        paragraphs.append(f"{_ip('reported_heading')}\n{bullet_list(reported)}")
    if candidates:
        paragraphs.append(f"{_ip('causes_heading')}\n" + "\n".join(_cause_lines(candidates)))
    else:
        paragraphs.append(_ip("no_causes"))
    paragraphs.append(f"{_ip('helps_heading')} {one_line(_ip('helps'))}")
    paragraphs.append(one_line(_ip("seek_help")).format(**values))
    if triage.level == "soon":
        how_soon = _ip("urgency")["soon"].format(sign=triage.flags[0].name)
    else:
        how_soon = _ip("urgency")["routine"]
    paragraphs.append(" ".join([how_soon, *clinic_replies.pathway(triage.level, country)]))
    if answers.get(iv.warning_check.slot) == UNSURE:
        paragraphs.append(_ip("warning_unsure").format(**values))
    # The end of every summary: "book with us", unless the clinic's pathway already gave the link.
    booking, url = clinic_replies.booking(), clinic().booking_url
    if booking and not (url and any(url in p for p in paragraphs)):
        paragraphs.append(booking)
    buttons = [Button(_ip("learn_button").format(name=c.condition.name.split(" (")[0]),
                      "/ask_condition" + json.dumps({"condition": c.condition.id})) for c in candidates]
    buttons += [Button(_ip("physio_summary_button"), "/request_summary"),
                Button(_ip("restart_button"), "/restart_assessment")]
    return health_reply(*paragraphs, buttons=buttons,
                        custom={**triage_payload(triage.level, triage.reasons, country), "assessment": shown})


def physio_document(kb: KnowledgeBase, answers: Mapping[str, str | None], affirmed: Iterable[str],
                    ruled_out: Iterable[str], today: dt.date | None = None,
                    iv: Interview | None = None) -> SummaryDocument | None:
    """What the user reported, structured (None when nothing was reported). No diagnosis."""
    iv = iv or interview()
    affirmed = set(affirmed)
    labels = {f.id: f.label for f in iv.catalogue.findings.values()}
    reported = _reported_lines(answers, iv)
    affirmed_labels = [labels[f] for f in sorted(affirmed) if f in labels]
    ruled_out_labels = [labels[f] for f in sorted(set(ruled_out)) if f in labels]
    if not (reported or affirmed_labels or ruled_out_labels):
        return None
    date = today or dt.date.today()
    byline = clinic_replies.summary_byline()
    blocks = [Block(byline)] if byline else []
    blocks.append(Block(_ip("physio_reported"), tuple(reported)))
    if affirmed_labels:
        blocks.append(Block(_ip("physio_affirmed"), tuple(affirmed_labels)))
    if ruled_out_labels:
        blocks.append(Block(_ip("physio_ruled_out"), tuple(ruled_out_labels)))
    check = answers.get(iv.warning_check.slot)
    if check:
        answer = dict(iv.warning_check.options).get(check, _ip("unsure_button"))
        blocks.append(Block(_ip("physio_warning").format(answer=answer)))
    causes = ", ".join(c.condition.name for c in rank(kb, answers, iv=iv, reported=affirmed)) or "none"
    blocks.append(Block(_ip("physio_footer").format(causes=causes)))
    booking = clinic_replies.booking()
    return SummaryDocument(
        title=_ip("physio_heading").format(date=date.isoformat()), date=date,
        clinic_name=clinic().name if byline else None, blocks=tuple(blocks),
        closing=(*([booking] if booking else []), recommendation()),
    )


def physio_summary(kb: KnowledgeBase, answers: Mapping[str, str | None], affirmed: Iterable[str],
                   ruled_out: Iterable[str], today: dt.date | None = None, iv: Interview | None = None) -> Reply:
    """The summary to copy or show at an appointment, as text, with the same summary as a
    printable page to download (the custom payload)."""
    doc = physio_document(kb, answers, affirmed, ruled_out, today, iv)
    if doc is None:
        return plain_reply(_ip("physio_nothing"), [Button(_ip("check_button"), "/start_assessment")])
    # One block (single line breaks), so it arrives as one message that is easy to copy; then
    # "book with us" (the recommendation is added by health_reply, as in the page).
    return health_reply("\n".join(doc.text_lines()), *doc.closing[:-1],
                        buttons=[Button(_ip("restart_button"), "/restart_assessment")],
                        custom=download_payload(doc, _p("clinic", "download_print")))


def change_answer_choices(answers: Mapping[str, str | None], iv: Interview | None = None) -> Reply:
    iv = iv or interview()
    buttons = [
        Button(q.label, "/change_answer" + json.dumps({"question": q.slot}))
        for q in iv.questions if answers.get(q.slot) is not None
    ]
    return plain_reply(_ip("change_question"), buttons)


def not_understood() -> str:
    return _ip("not_understood")


def restarted() -> str:
    return _ip("restarted")


def stopped() -> str:
    return _ip("stopped")
