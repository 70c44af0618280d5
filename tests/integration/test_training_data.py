"""Training data: Rasa's own validation, plus checks Rasa does not do."""
import re
from pathlib import Path

import pytest
import yaml

from bot.knowledge import knowledge
from tests.conftest import ROOT, run_rasa

pytestmark = pytest.mark.slow


def examples(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for block in yaml.safe_load(path.read_text()).get("nlu", []):
        if "intent" in block:
            lines = [l.strip()[2:] for l in block["examples"].splitlines() if l.strip().startswith("- ")]
            found.setdefault(block["intent"], []).extend(re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", l).lower().strip() for l in lines)
    return found


def test_rasa_data_validate_passes():
    result = run_rasa("data", "validate", "--data", "data", "--domain", "domain.yml", "--config", "config.yml",
                      "--fail-on-warnings", timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_held_out_examples_are_not_in_the_training_data():
    training = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for texts in examples(path).values():
            training.update(texts)
    held_out: dict[str, list[str]] = {}
    for path in (ROOT / "tests" / "nlu").glob("*.yml"):
        for intent, texts in examples(path).items():
            held_out.setdefault(intent, []).extend(texts)
    questions = yaml.safe_load((ROOT / "tests" / "heldout" / "condition_questions.yml").read_text())["questions"]
    for question in questions:
        held_out.setdefault("condition_questions", []).append(question["text"].lower().strip())
    for message in yaml.safe_load((ROOT / "tests" / "heldout" / "interview_messages.yml").read_text())["messages"]:
        held_out.setdefault("interview_messages", []).append(message["text"].lower().strip())
    overlap = [t for texts in held_out.values() for t in texts if t in training]
    assert not overlap
    assert sum(map(len, held_out.values())) >= 150


def test_every_annotated_condition_is_a_name_in_the_knowledge_base():
    """Annotated condition names in the examples are names ConditionExtractor knows."""
    kb = knowledge()
    unknown = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for value in re.findall(r"\[([^\]]+)\]\(condition\)", path.read_text()):
            if kb.resolve(value) is None:
                unknown.add(value)
    assert not unknown, sorted(unknown)


def test_every_condition_has_training_questions():
    text = " ".join((ROOT / "data" / "nlu" / name).read_text() for name in
                    ("conditions.yml", "condition_aspect_questions.yml"))
    kb = knowledge()
    annotated = [kb.resolve(v) for v in re.findall(r"\[([^\]]+)\]\(condition\)", text)]
    counts = {c.id: sum(a is c for a in annotated) for c in kb.conditions.values()}
    assert min(counts.values()) >= 6, counts


def test_every_intent_has_training_examples():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    trained = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        trained |= {i for i, texts in examples(path).items() if texts}
    assert set(domain["intents"]) <= trained
