"""The knowledge base: schema, sources, names, readability and error reporting."""
import re
import shutil
from pathlib import Path

import pytest
import textstat
import yaml

from bot.content_files import CONTENT_DIR, ContentError
from bot.knowledge import knowledge, load_knowledge
from bot.tools import condition_synonyms

SEED_CONDITIONS = {
    "osteoarthritis", "rheumatoid_arthritis", "bursitis", "tendinitis",
    "hip_fracture", "labral_tear", "hip_impingement", "sciatica",
}
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$")
MAX_GRADE = 8.0


@pytest.fixture(scope="module")
def kb():
    return knowledge()


def test_the_eight_seed_conditions_are_there(kb):
    assert SEED_CONDITIONS <= set(kb.conditions)


def test_common_and_serious_groups_follow_the_clinic_page(kb):
    assert {c.id for c in kb.by_group("common")} >= {"osteoarthritis", "rheumatoid_arthritis", "bursitis", "tendinitis"}
    assert {c.id for c in kb.by_group("serious")} >= {"hip_fracture", "labral_tear", "hip_impingement", "sciatica"}


@pytest.mark.parametrize("condition_id", sorted(SEED_CONDITIONS))
def test_every_condition_has_the_required_content(kb, condition_id):
    c = kb.get(condition_id)
    assert c.summary and c.symptoms and c.where_it_hurts and c.treatment and c.self_care and c.when_to_seek_help
    assert len(c.sources) >= 2
    for source in c.sources:
        assert URL.match(source.url), source.url


@pytest.mark.parametrize("name, expected", [
    ("OA", "osteoarthritis"), ("wear and tear", "osteoarthritis"), ("arthrosis", "osteoarthritis"),
    ("RA", "rheumatoid_arthritis"), ("trochanteric bursitis", "bursitis"), ("tendonitis", "tendinitis"),
    ("broken hip", "hip_fracture"), ("torn labrum", "labral_tear"), ("FAI", "hip_impingement"),
    ("Sciatica", "sciatica"), ("  Hip  Bursitis ", "bursitis"),
])
def test_synonyms_resolve_to_the_condition(kb, name, expected):
    assert kb.resolve(name).id == expected


def test_unknown_names_do_not_resolve(kb):
    assert kb.resolve("gout of the elbow") is None
    assert kb.resolve("") is None
    assert kb.resolve(None) is None


def test_conditions_are_found_in_free_text_by_whole_words(kb):
    found = [c.id for c in kb.find_in_text("Is OA the same as wear and tear, or is it a torn labrum?")]
    assert found == ["osteoarthritis", "labral_tear"]
    assert kb.find_in_text("the roads are broad") == []  # "oa"/"ra" inside words do not count


def test_every_text_reads_at_grade_8_or_below(kb):
    too_hard = [
        (where, round(textstat.flesch_kincaid_grade(text), 1))
        for where, text in kb.all_texts()
        if len(text.split()) >= 8 and textstat.flesch_kincaid_grade(text) > MAX_GRADE
    ]
    assert not too_hard, too_hard


def test_generated_synonym_file_is_up_to_date():
    assert condition_synonyms.main(["--check"]) == 0


def _copy_content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


@pytest.mark.parametrize("change, field", [
    (lambda d: d.pop("summary"), "(top level)"),
    (lambda d: d.update(sources=[{"title": "x page", "publisher": "NHS", "url": "not a url"}]), "sources.0.url"),
    (lambda d: d.update(group="sometimes"), "group"),
    (lambda d: d.update(unexpected_field="x"), "(top level)"),
    (lambda d: d.update(id="bursitis"), "id"),
    (lambda d: d.update(synonyms=["oa", "hip bursitis"]), "synonyms"),
    (lambda d: d.update(summary="If this hurts, you have osteoarthritis of the hip for sure."), "summary"),
])
def test_invalid_content_fails_loudly_with_file_and_field(tmp_path, change, field):
    content = _copy_content(tmp_path)
    target = content / "conditions" / "osteoarthritis.yml"
    _edit(target, change)
    with pytest.raises(ContentError) as error:
        load_knowledge(content)
    assert error.value.field == field
    assert error.value.path.endswith(".yml")


def test_broken_yaml_names_the_file(tmp_path):
    content = _copy_content(tmp_path)
    (content / "conditions" / "sciatica.yml").write_text("id: [unclosed\n")
    with pytest.raises(ContentError, match="sciatica.yml"):
        load_knowledge(content)
