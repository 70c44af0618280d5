"""The ``hip_findings`` spaCy component and the pipeline that runs it.

The pipeline is ``spacy.blank("en")`` (tokenizer only: no model can be downloaded) plus
``hip_findings``, which matches the findings of ``content/red_flags.yml`` and
``content/interview.yml`` clause by clause with the negation rules of ``bot.triage`` (one
implementation of negation for the whole bot, bounded to the clause: "not swollen, no fever,
I fell" negates the first two and affirms the fall). Each finding becomes a span in
``doc.spans["findings"]`` with the label BODY_SITE, SYMPTOM or WARNING, the finding id as its
``kb_id_`` (also ``span._.finding``), and ``span._.negated``. ``doc._.age`` holds an age
written as a number ("my 7 year old"). Non-overlapping spans are also set as ``doc.ents``.
"""

from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from bot.interview.config import interview
from bot.triage import catalogue, detect
from bot.triage.text import normalise

SPAN_KEY = "findings"
BODY_SITE, SYMPTOM, WARNING = "BODY_SITE", "SYMPTOM", "WARNING"

# A span's finding id is its kb_id; whether it is negated is kept on the doc, because span
# extension values are stored by character offsets and two findings can share a span.
if not Span.has_extension("finding"):
    Doc.set_extension("age", default=None)
    Doc.set_extension("negated_findings", default=frozenset())
    Span.set_extension("finding", getter=lambda span: span.kb_id_ or None)
    Span.set_extension("negated", getter=lambda span: span.kb_id_ in span.doc._.negated_findings)


def category(finding_id: str) -> str:
    if finding_id in catalogue().findings:
        return WARNING
    return BODY_SITE if finding_id.startswith("site_") else SYMPTOM


class HipFindings:
    """spaCy component: one span per finding, at its last mention, affirmed or negated."""

    def __call__(self, doc: Doc) -> Doc:
        detection = detect(doc.text, interview().catalogue)
        last_mention = {m.finding: m for m in detection.matches}  # matches are in text order
        spans = []
        for finding_id, mention in sorted(last_mention.items(), key=lambda item: item[1].position):
            if finding_id not in detection.affirmed and finding_id not in detection.ruled_out:
                continue
            span = doc.char_span(mention.position, mention.position + len(mention.text),
                                 label=category(finding_id), kb_id=finding_id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc._.negated_findings = frozenset(detection.ruled_out - detection.affirmed)
        doc.spans[SPAN_KEY] = spans
        doc.ents = filter_spans(spans)
        doc._.age = detection.age
        return doc


@Language.factory("hip_findings")
def _make_hip_findings(nlp: Language, name: str) -> HipFindings:
    return HipFindings()


def build() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("hip_findings")
    return nlp


@lru_cache(maxsize=1)
def _nlp() -> Language:
    return build()


def analyse(text: str) -> Doc:
    """Run the pipeline over the normalised text (lower case, contractions written out)."""
    return _nlp()(normalise(text or ""))


@dataclass(frozen=True)
class Found:
    finding: str
    category: str
    state: str  # "affirmed" | "negated"
    text: str
    start: int  # offsets in the normalised text
    end: int


def findings(text: str) -> list[Found]:
    doc = analyse(text)
    return [
        Found(s._.finding, s.label_, "negated" if s._.negated else "affirmed", s.text, s.start_char, s.end_char)
        for s in doc.spans[SPAN_KEY]
    ]
