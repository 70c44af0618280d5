"""Warning-sign detection: negation, mixed messages, urgency levels."""
from pathlib import Path

import pytest
import yaml

from bot.content_files import CONTENT_DIR, ContentError
from bot.triage import LEVELS, assess, catalogue, detect
from bot.triage.catalogue import load_catalogue

CORPUS = yaml.safe_load((Path(__file__).parents[1] / "data" / "red_flag_phrases.yml").read_text())["phrases"]


def level_of(text: str) -> str:
    level = assess(text).level
    return "none" if level == "routine" else level


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c["text"][:60])
def test_corpus_phrase_gets_the_expected_urgency(case):
    """Phrases written independently of the detector (tests/data/red_flag_phrases.yml)."""
    assert level_of(case["text"]) == case["level"]


def test_corpus_covers_every_level_and_many_negations():
    levels = {c["level"] for c in CORPUS}
    assert levels == {"emergency", "urgent", "soon", "none"}
    assert sum(1 for c in CORPUS if "negat" in c.get("note", "") or "mixed" in c.get("note", "")) >= 40


@pytest.mark.parametrize("text", [
    "I fell and now I can't put any weight on my leg",
    "i fell and cant stand up",
    "Mum slipped in the bathroom and can't get up off the floor",
    "my dad had a fall and his leg looks shorter and turned out",
    "not swollen, no fever, but I fell and can't stand",
    "I don't have a fever. I fell on the ice and now I can't walk",
    "I've had hip pain for years and it was manageable. Yesterday I tripped on the stairs. "
    "Since then I can't bear weight at all and the pain is awful.",
])
def test_fall_with_inability_to_bear_weight_is_an_emergency(text):
    result = assess(text)
    assert result.level == "emergency"
    assert "fall_cannot_bear_weight" in result.reasons


@pytest.mark.parametrize("text", [
    "I didn't fall",
    "I don't have a fever",
    "no fever",
    "not swollen",
    "I can walk fine",
    "I fell last week but I can walk fine",
    "not swollen, no fever, no numbness, I can walk fine",
    "no fever, swelling or redness",
    "I haven't lost any weight and I've never had cancer",
    "no problems with my bladder or bowels",
    "What happens if you break your hip?",
    "I broke my hip ten years ago and it healed well, now it's just stiff",
])
def test_negated_hypothetical_or_past_signs_never_raise_an_alarm(text):
    assert assess(text).level == "routine", detect(text)


def test_negation_scope_ends_at_the_clause():
    # Negex alone would carry "not"/"no" to the end of the sentence and miss the fall.
    detection = detect("not swollen, no fever, I fell and can't stand")
    assert {"fall_or_injury", "cannot_bear_weight"} <= detection.affirmed
    assert {"joint_swelling", "fever"} <= detection.ruled_out


def test_negation_inside_a_pattern_gap():
    assert "calf_swelling" in detect("my calf isn't swollen").ruled_out
    assert "calf_swelling" in detect("my calf is swollen").affirmed


def test_a_later_reassurance_corrects_an_earlier_statement():
    assert "fever" in detect("I thought I had a temperature but I checked and it's normal").ruled_out
    assert "fever" in detect("my temperature was normal this morning but now I have a fever").affirmed


def test_plain_negation_of_one_word_does_not_cancel_an_affirmed_one():
    # "no chills" must not cancel "a fever" (same finding, different words).
    assert "fever" in detect("I have a fever but no chills").affirmed


def test_ages_make_child_and_older_adult_findings():
    assert "child" in detect("my 6 year old is limping").affirmed
    assert "older_adult" in detect("I'm 82 and I slipped").affirmed
    assert assess("I'm 82 and I slipped yesterday, I can still walk but my groin hurts").level == "urgent"


@pytest.mark.parametrize("text, level", [
    ("my hip is hot and swollen and I have a fever", "emergency"),
    ("I'm numb down there and can't pee properly", "emergency"),
    ("my 4 year old has a limp and a temperature", "urgent"),
    ("my 12 year old son has been limping for three weeks", "urgent"),
    ("I had breast cancer a few years ago and now my hip aches", "soon"),
    ("I've been on prednisolone for years and my groin aches deep inside", "soon"),
    ("I can't go on like this, I want to end it all", "emergency"),
])
def test_levels_by_warning_sign(text, level):
    assert assess(text).level == level


def test_flags_are_ordered_most_urgent_first():
    result = assess("I had cancer and now I fell and can't stand up")
    levels = [LEVELS.index(f.level) for f in result.flags]
    assert levels == sorted(levels, reverse=True)


def test_red_flags_named_by_id_from_a_button():
    result = assess(None, flag_ids=["cauda_equina"])
    assert result.level == "emergency" and result.reasons == ["cauda_equina"]
    assert assess(None, flag_ids=["no_such_flag"]).level == "routine"


def test_empty_input_is_routine():
    for text in (None, "", "   ", "🙂🙂"):
        assert assess(text).level == "routine"


def test_catalogue_is_consistent():
    cat = catalogue()
    used = set().union(*(t for f in cat.red_flags for t in f.triggers))
    assert used <= set(cat.findings)
    unused = set(cat.findings) - used
    assert not unused, f"findings not used by any red flag: {unused}"
    assert {f.level for f in cat.red_flags} == {"emergency", "urgent", "soon"}


def test_catalogue_errors_name_the_field(tmp_path):
    raw = yaml.safe_load((CONTENT_DIR / "red_flags.yml").read_text())
    raw["red_flags"][0]["triggers"] = [["no_such_finding"]]
    path = tmp_path / "red_flags.yml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ContentError) as error:
        load_catalogue(path)
    assert error.value.field == "red_flags[0].triggers[0]"

    raw = yaml.safe_load((CONTENT_DIR / "red_flags.yml").read_text())
    raw["findings"]["fever"]["patterns"] = ["(unclosed"]
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ContentError, match="findings.fever.patterns"):
        load_catalogue(path)


def test_a_present_time_word_ends_a_resolved_past():
    """"years ago ... fine" covers what came before "today", not the new problem after it."""
    past_then_now = detect("both my hips were replaced years ago and were fine, today the groin suddenly hurts")
    assert {"hip_replacement", "sudden_onset"} <= past_then_now.affirmed
    assert "sudden_onset" not in detect("my hip suddenly gave way years ago but it healed").affirmed
    assert "fall_or_injury" not in detect("I fell years ago and it healed").affirmed
    assert "limp" in detect("he fell off the trampoline and has been limping ever since").affirmed
