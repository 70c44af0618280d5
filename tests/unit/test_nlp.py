"""The spaCy findings pipeline (bot/nlp): a blank English pipeline plus the hip_findings
component; negation bounded to the clause, so mixed messages come out right."""
import pytest

from bot.nlp import analyse, build, findings
from bot.nlp.pipeline import BODY_SITE, SPAN_KEY, SYMPTOM, WARNING


def states(text: str) -> dict[str, str]:
    return {f.finding: f.state for f in findings(text)}


def test_pipeline_is_blank_english_with_the_findings_component():
    nlp = build()
    assert nlp.lang == "en" and nlp.pipe_names == ["hip_findings"]


@pytest.mark.parametrize("text, expected", [
    ("I don't have a fever", {"fever": "negated"}),
    ("I didn't fall", {"fall_or_injury": "negated"}),
    ("I can walk fine", {"cannot_bear_weight": "negated"}),
    ("not swollen", {"joint_swelling": "negated"}),
    # Negation does not run to the end of the sentence (negex's default would negate the fall).
    ("not swollen, no fever, I fell", {"joint_swelling": "negated", "fever": "negated", "fall_or_injury": "affirmed"}),
    ("no fever but I fell and cannot stand up",
     {"fever": "negated", "fall_or_injury": "affirmed", "cannot_bear_weight": "affirmed"}),
    ("no fever, swelling or redness", {"fever": "negated", "joint_swelling": "negated"}),
    ("I fell last week but I can walk fine",
     {"fall_or_injury": "affirmed", "cannot_bear_weight": "negated", "duration_short": "affirmed"}),
    ("never had cancer and no weight loss", {"cancer_history": "negated", "weight_loss": "negated"}),
    ("it doesn't click and there's no numbness down my leg",
     {"clicking": "negated", "site_down_leg": "negated", "below_knee": "negated"}),
    ("I thought I might have a temperature", {}),  # speculation: neither
])
def test_each_finding_is_affirmed_or_negated(text, expected):
    assert states(text) == expected


def test_a_long_rambling_message_keeps_the_affirmed_warning_sign():
    text = ("So I've had this ache in my groin for a few months, no clicking, I'm not stiff in the mornings "
            "really, my GP said it was probably nothing and I didn't have a fever when I saw her, but this "
            "morning I slipped on the stairs and now I can't put any weight on my leg at all")
    found = states(text)
    assert found["fall_or_injury"] == "affirmed" and found["cannot_bear_weight"] == "affirmed"
    assert found["fever"] == "negated" and found["clicking"] == "negated"


def test_spans_carry_categories_extensions_and_age():
    doc = analyse("My 9 year old has pain in the groin, no fever")
    by_id = {s._.finding: s for s in doc.spans[SPAN_KEY]}
    assert by_id["site_groin"].label_ == BODY_SITE and not by_id["site_groin"]._.negated
    assert by_id["fever"].label_ == WARNING and by_id["fever"]._.negated
    assert doc._.age == 9
    stiff = analyse("stiff for an hour every morning")
    assert stiff.spans[SPAN_KEY][-1].label_ == SYMPTOM
    # doc.ents never overlap
    ents = sorted((e.start, e.end) for e in doc.ents)
    assert all(a[1] <= b[0] for a, b in zip(ents, ents[1:]))


def test_empty_and_odd_input():
    assert findings("") == [] and findings("   ") == [] and findings("🙂🙂") == []
    assert findings("\x00\x01 hip") == []
