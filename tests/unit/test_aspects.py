"""Recognising which aspect of a condition a question asks about (bot/aspects.py)."""
import shutil

import pytest
import yaml

from bot import aspects
from bot.content_files import CONTENT_DIR, ContentError


@pytest.mark.parametrize("text, expected", [
    ("what are the symptoms of sciatica", ["symptoms"]),
    ("signs of perthes in a child?", ["symptoms"]),
    ("how would I know if I had a labral tear", ["symptoms"]),
    ("where does meralgia hurt", ["symptoms"]),
    ("what causes bursitis?", ["causes"]),
    ("why do people get AVN", ["causes"]),
    ("who gets ankylosing spondylitis", ["causes"]),
    ("is hip dysplasia genetic", ["causes"]),
    ("how is FAI diagnosed", ["diagnosis"]),
    ("will an x-ray show a stress fracture", ["diagnosis"]),
    ("how do doctors check for a hernia", ["diagnosis"]),
    ("How is sciatica treated?", ["treatment"]),
    ("does PMR need steroids", ["treatment"]),
    ("what can I do about my bursitis", ["treatment"]),
    ("is surgery needed for SUFE", ["treatment"]),
    ("what exercises help with OA", ["exercises"]),
    ("can I still run with a groin strain", ["exercises"]),
    ("stretches for piriformis", ["exercises"]),
    ("can tendinitis be prevented", ["prevention"]),
    ("how do I stop bursitis coming back", ["prevention"]),
    ("how to lower the risk of a hip fracture", ["prevention"]),
    ("how long does AVN last", ["outlook"]),
    ("will my daughter's perthes go away", ["outlook"]),
    ("does osteoarthritis get worse over time", ["outlook"]),
    ("Do I need to see a doctor for bursitis?", ["see_doctor"]),
    ("is septic arthritis serious", ["see_doctor"]),
    ("should I go to a&e with a hernia", ["see_doctor"]),
    ("what is perthes", ["about"]),
    ("tell me about snapping hip", ["about"]),
    ("sciatica", ["about"]),
    ("", ["about"]),
    (None, ["about"]),
    ("what causes AVN and how is it treated?", ["causes", "treatment"]),
])
def test_detects_the_aspect_asked(text, expected):
    assert aspects.detect(text) == expected


def test_condition_names_are_ignored():
    text = "tell me about pain after hip replacement surgery"
    assert aspects.detect(text) == ["treatment"]  # "surgery"
    assert aspects.detect(text, ignore=("hip replacement surgery", "hip replacement")) == ["about"]


def test_at_most_two_aspects():
    text = "symptoms, causes, treatment and outlook of sciatica"
    assert len(aspects.detect(text)) == aspects.MAX_ASPECTS


@pytest.mark.parametrize("value, expected", [
    ("symptoms", "symptoms"), ("See doctor", "see_doctor"), ("see-doctor", "see_doctor"),
    ("nonsense", None), (None, None), ("", None),
])
def test_resolve_entity_values(value, expected):
    assert aspects.resolve(value) == expected


def _copy(tmp_path):
    target = tmp_path / "aspects.yml"
    shutil.copy(CONTENT_DIR / "aspects.yml", target)
    return target


@pytest.mark.parametrize("change, field", [
    (lambda d: d["aspects"][1]["patterns"].__setitem__(0, "(unclosed"), "aspects.1.patterns"),
    (lambda d: d["aspects"][1].update(fields=["horoscope"]), "aspects.1.fields.0"),
    (lambda d: d["aspects"].pop(0), "aspects"),
    (lambda d: d["aspects"].append(dict(d["aspects"][1])), "aspects.9.id"),
])
def test_invalid_aspect_content_names_the_field(tmp_path, change, field):
    path = _copy(tmp_path)
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ContentError) as error:
        aspects.load_aspects(path)
    assert error.value.field == field
