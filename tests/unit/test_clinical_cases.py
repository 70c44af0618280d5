"""The clinical case set (benchmarks/clinical/cases) and its checks."""
from pathlib import Path

import pytest
import yaml

from bot.content_files import ContentError
from bot.evaluation.clinical.cases import CASES_DIR, load_cases
from bot.knowledge import knowledge

KB = knowledge()
CASES = load_cases(known_conditions=KB.conditions)


def test_the_case_set_is_large_and_covers_every_condition():
    assert len(CASES) >= 60
    assert {c.reference for c in CASES} == set(KB.conditions)


def test_the_case_set_spans_toddlers_to_over_80s():
    ages = [c.answers["age"] for c in CASES]
    assert min(ages) <= 2 and max(ages) >= 80


def test_about_a_third_is_held_out_and_both_parts_cover_children_and_adults():
    first_set = [c for c in CASES if not c.added]  # cases added later are all held out, by design
    assert 0.25 <= sum(c.split == "heldout" for c in first_set) / len(first_set) <= 0.45
    held_out = [c for c in CASES if c.split == "heldout"]
    for part in (held_out, [c for c in CASES if c.split == "dev"]):
        assert min(c.answers["age"] for c in part) < 10 and max(c.answers["age"] for c in part) >= 75


def test_every_case_cites_a_source_and_uses_the_bots_urgency_levels():
    for case in CASES:
        assert case.source_url.startswith(("http://", "https://")), case.id
        assert case.urgency in ("routine", "soon", "urgent", "emergency")
        assert case.reference not in case.also_accept, case.id


def _write(tmp_path: Path, case: dict) -> Path:
    (tmp_path / "x.yml").write_text(yaml.safe_dump({"cases": [case]}))
    return tmp_path


GOOD = {"id": "x", "split": "dev", "source": {"url": "https://example.org/a", "kind": "case_report", "title": "A case"},
        "opening": "my hip hurts a lot", "answers": {"age": 40, "sex": "male", "pain_site": "groin"},
        "reference": "osteoarthritis", "also_accept": [], "urgency": "routine"}


def test_a_valid_case_loads(tmp_path):
    (case,) = load_cases(_write(tmp_path, GOOD), known_conditions=KB.conditions)
    assert case.accepted == {"osteoarthritis"}


@pytest.mark.parametrize("change, field", [
    ({"reference": "broken_leg"}, "cases.0"),                                   # not a condition id
    ({"split": "test"}, "cases.0.split"),                                      # neither dev nor heldout
    ({"answers": {"age": 40, "sex": "male", "pain_site": "knee"}}, "cases.0.answers.pain_site"),
    ({"source": {"url": "example.org", "kind": "case_report", "title": "A case"}}, "cases.0.source.url"),
])
def test_bad_cases_are_rejected_naming_the_field(tmp_path, change, field):
    with pytest.raises(ContentError) as error:
        load_cases(_write(tmp_path, {**GOOD, **change}), known_conditions=KB.conditions)
    assert error.value.field == field


def test_duplicate_ids_are_rejected(tmp_path):
    (tmp_path / "a.yml").write_text(yaml.safe_dump({"cases": [GOOD]}))
    (tmp_path / "b.yml").write_text(yaml.safe_dump({"cases": [GOOD]}))
    with pytest.raises(ContentError, match="duplicate"):
        load_cases(tmp_path)


def test_cases_dir_is_in_the_repository():
    assert CASES_DIR.is_dir() and any(CASES_DIR.glob("*.yml"))


def test_cases_added_later_are_all_held_out():
    added = [c for c in CASES if c.added]
    assert added and all(c.split == "heldout" for c in added)
