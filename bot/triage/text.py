"""Text handling for warning-sign detection: normalising, splitting into clauses, negation.

Negation is scoped to a clause: a cue ("no", "not", "didn't", "without", ...) negates a finding
only when it stands within a few words before it in the same clause, with no terminating word
("but", "until", "then", ...) in between. Commas end a clause, except inside a negated list
("no fever, swelling or redness"), which carries the negation to its later items.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CONTRACTIONS = [
    (r"\bcan ?not\b", "can't"), (r"\bcant\b", "can't"), (r"\bdont\b", "don't"),
    (r"\bdidnt\b", "didn't"), (r"\bdoesnt\b", "doesn't"), (r"\bisnt\b", "isn't"),
    (r"\bwasnt\b", "wasn't"), (r"\bhavent\b", "haven't"), (r"\bhasnt\b", "hasn't"),
    (r"\bcouldnt\b", "couldn't"), (r"\bwouldnt\b", "wouldn't"), (r"\barent\b", "aren't"),
    (r"\bwont\b", "won't"), (r"\bim\b", "i'm"), (r"\bive\b", "i've"), (r"\bshes\b", "she's"),
    (r"\bhes\b", "he's"), (r"\bits\b", "it's"), (r"\bhadnt\b", "hadn't"), (r"\bwerent\b", "weren't"),
    (r"\bu\b", "you"), (r"\bbc\b", "because"), (r"\bw/o\b", "without"),
]
_CONTRACTIONS_RE = [(re.compile(p), r) for p, r in _CONTRACTIONS]

# Words that negate what follows them.
NEGATION_CUES = frozenset({
    "no", "not", "never", "without", "nor", "neither", "none", "denies", "deny", "denied",
    "nope", "zero", "nothing", "free",
})
# "n't" words negate too ("didn't", "haven't").
# Phrases that contain a cue but do not negate what follows.
PSEUDO_NEGATIONS = re.compile(
    r"\b(not sure|no idea|not only|no doubt|not just|no better|not better|no change|not getting better"
    r"|not improving|no longer|nothing helps|not helping|no relief|can't remember|don't know|not certain"
    # persistence, not negation: "it never goes away even at rest", "it doesn't stop"
    r"|never (?:goes|go|went) away|never (?:stops|eases|settles|lets up)"
    r"|(?:doesn't|does not|won't|will not|didn't|don't|do not) (?:go away|stop|ease|settle|let up|help|work|touch it))\b"
)
# Words that end a negation's reach, scanning back from a finding.
TERMINATORS = frozenset({
    "but", "until", "till", "then", "after", "since", "because", "when", "now", "which", "who",
    "although", "though", "however", "except", "yet", "so", "and", "also", "still",
})
NEGATION_WINDOW = 6  # words before a finding that a cue may stand in

# Where one clause ends and the next begins: a comma or dash (consumed), or before a conjunction.
_CLAUSE_BOUNDARY = re.compile(
    r",|\s[-–—]\s|\b(?=(?:but|however|although|though|except|whereas|whilst|while|yet|until|till)\b)"
    r"|\b(?=and (?:now|then|since|after|i|i'm|i've|he|she|he's|she's|it|it's|my|his|her|they|we|the|this|that|there)\b)"
)
_POST_NEGATION = re.compile(r"^\s*[:\-–=]?\s*(no|none|nope|negative|absent)\b")
_WORD = re.compile(r"[a-z0-9']+")
_FIRST_PERSON = re.compile(
    r"\b(i|i'm|i've|i'd|me|my|mine|we|our|us|mum|mom|mother|dad|father|son|daughter|child|kid|husband|wife|"
    r"partner|he|she|his|her|him|baby|toddler|gran|granny|grandma|grandad|grandpa|nan|boy|girl)\b"
)
_HYPOTHETICAL = re.compile(r"\b(if|in case|whether|what happens when|what to do when|suppose|supposing)\b")
# A general question typed without a question mark ("can steroids cause avascular necrosis").
_QUESTION_START = re.compile(r"^(can|could|does|do|is|are|will|would|what|how|why|which|who)\b(?!')")  # not "can't"


# "can't see any swelling" says the swelling is absent ("can't" alone is not a negation cue:
# "can't stand"); the same length is kept so that offsets stay close.
_CANNOT_SEE_ANY = re.compile(r"\b(?:can't|couldn't) (?:see|notice|find|spot) (?:any|a)\b")


def normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    for pattern, replacement in _CONTRACTIONS_RE:
        text = pattern.sub(replacement, text)
    text = _CANNOT_SEE_ANY.sub(lambda m: "no" + " " * (len(m.group(0)) - 2), text)
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


@dataclass(frozen=True)
class Clause:
    text: str
    start: int  # offset of the clause in the normalised message
    sentence: str
    sentence_start: int


def clauses(text: str) -> list[Clause]:
    """Split normalised text into clauses, keeping their offsets."""
    result: list[Clause] = []
    for sentence in re.finditer(r"[^.!?;\n]+[.!?;]*", text):
        cuts = [0] + [m.start() if m.group(0).strip() else m.end() for m in _CLAUSE_BOUNDARY.finditer(sentence.group(0))]
        cuts.append(len(sentence.group(0)))
        for a, b in zip(cuts, cuts[1:]):
            raw = sentence.group(0)[a:b]
            stripped = raw.strip(" ,-–—")
            if stripped:
                offset = sentence.start() + a + raw.index(stripped)
                result.append(Clause(stripped, offset, sentence.group(0).strip(), sentence.start()))
    return result


def words(text: str) -> list[str]:
    return _WORD.findall(text)


# "can't" and "won't" usually belong to a finding ("can't stand", "won't put weight on it") or
# describe pain ("it won't stop"), so they are not cues on their own.
_NOT_CUES = frozenset({"can't", "won't"})


def _is_cue(word: str) -> bool:
    return word in NEGATION_CUES or (word.endswith("n't") and word not in _NOT_CUES)


def negated_before(prefix: str) -> bool:
    """Whether a negation cue in ``prefix`` (the clause text before a finding) reaches it."""
    prefix = PSEUDO_NEGATIONS.sub(" ", prefix)
    for word in reversed(words(prefix)[-NEGATION_WINDOW:]):
        if word in TERMINATORS:
            return False
        if _is_cue(word):
            return True
    return False


def negated_after(suffix: str) -> bool:
    """'fever: no', 'fever - none'."""
    return bool(_POST_NEGATION.match(suffix))


def starts_with_cue(clause_text: str) -> bool:
    first = words(PSEUDO_NEGATIONS.sub(" ", clause_text))[:2]
    return any(_is_cue(w) for w in first)


_VERBS = frozenset({
    "is", "are", "was", "am", "have", "has", "had", "can", "feel", "feels", "fell", "got", "get", "came", "come",
    "comes", "started", "starts", "began", "begins", "went", "goes", "hurts", "hurt", "aches", "ached", "felt",
    "gets", "it", "it's", "its", "this", "that", "there", "there's",
})


def is_list_item(clause_text: str) -> bool:
    """A short, verbless comma item such as 'swelling' or 'or redness', which continues a list."""
    item_words = words(clause_text)
    return (
        0 < len(item_words) <= 4
        and item_words[0] not in TERMINATORS
        and not _FIRST_PERSON.search(clause_text)
        and not any(w in _VERBS for w in item_words)
    )


# Uncertain mentions ("I thought I might have a temperature") are neither affirmed nor ruled out.
SPECULATION_CUES = frozenset({"might", "maybe", "perhaps", "wonder", "wondering", "whether"})

# A sentence that says an event is over ("years ago", "it healed", "been fine ever since").
_RESOLVED = re.compile(
    r"\b((\d+|a|an|two|three|four|five|few|several|many|some|couple of) years? ago|years back|in (19|20)\d\d"
    r"|(\d+|a|two|three|four|five|six|few|several|many) months ago|when i was (younger|a kid|a child|little)"
    r"|as a (child|kid|teenager|baby)|(was|got|been|were|it's been) (sorted|fixed|treated|put back|resolved|repaired|fine)"
    r"|healed|resolved|cleared up|went away|gone away|settled down)\b"
)


def speculative_before(prefix: str) -> bool:
    for word in reversed(words(prefix)[-NEGATION_WINDOW:]):
        if word in TERMINATORS:
            return False
        if word in SPECULATION_CUES:
            return True
    return False


# Words that bring a sentence back to the present: "my hip was replaced years ago and was fine,
# today it suddenly hurts" describes a resolved past and then a new problem.
_PRESENT = re.compile(
    r"\b(today|tonight|now|currently|at the moment|this (morning|afternoon|evening|week|time)"
    r"|last night|yesterday|since (yesterday|this|last)|again|recently|lately)\b"
)
_SENTENCE_END = re.compile(r"[.!?;\n]")


def is_resolved_past(sentence: str) -> bool:
    return bool(_RESOLVED.search(sentence))


def is_resolved_past_at(text: str, sentence_start: int, position: int) -> bool:
    """Whether the part of its sentence that ``position`` is in tells of a past, resolved event.
    The parts are split where a present-time word starts ("today", "now", "again"...)."""
    end = _SENTENCE_END.search(text, position)
    sentence = text[sentence_start: end.end() if end else len(text)]
    offset = position - sentence_start
    cuts = [m.start() for m in _PRESENT.finditer(sentence)]
    start = max((c for c in cuts if c <= offset), default=0)
    stop = min((c for c in cuts if c > offset), default=len(sentence))
    return is_resolved_past(sentence[start:stop])


def is_hypothetical(clause: Clause, prefix: str) -> bool:
    """General questions ('what happens if you break your hip?') and 'if' clauses."""
    if _HYPOTHETICAL.search(prefix):
        return True
    sentence = clause.sentence.strip()
    is_question = sentence.endswith("?") or bool(_QUESTION_START.match(sentence))
    return is_question and not _FIRST_PERSON.search(sentence)
