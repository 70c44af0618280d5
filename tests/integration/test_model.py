"""The trained model: conversation test stories and NLU on held-out messages."""
import json

import pytest

from tests.conftest import ROOT, TEST_BUILD, record_metric, run_rasa

pytestmark = pytest.mark.slow

# Floors a little below the measured figures, so that regressions fail (see README).
INTENT_MACRO_F1_FLOOR = 0.85
CONDITION_ENTITY_F1_FLOOR = 0.80


def test_conversation_stories(trained_model):
    out = TEST_BUILD / "results" / "core"
    result = run_rasa("test", "core", "--model", str(trained_model), "--stories", "tests/stories",
                      "--out", str(out), "--fail-on-prediction-errors", "--no-plot", timeout=900)
    failed = (out / "failed_test_stories.yml")
    details = failed.read_text()[-4000:] if failed.exists() else ""
    assert result.returncode == 0, details + result.stdout[-2000:] + result.stderr[-2000:]


def test_nlu_on_held_out_messages(trained_model):
    out = TEST_BUILD / "results" / "nlu"
    result = run_rasa("test", "nlu", "--model", str(trained_model), "--nlu", "tests/nlu",
                      "--out", str(out), "--no-plot", timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    intents = json.loads((out / "intent_report.json").read_text())
    entities = json.loads((out / "DIETClassifier_report.json").read_text())
    intent_f1 = intents["macro avg"]["f1-score"]
    condition_f1 = entities.get("condition", {}).get("f1-score", 0.0)
    record_metric("heldout_intent_macro_f1", round(intent_f1, 3))
    record_metric("heldout_intent_accuracy", round(intents["accuracy"], 3))
    record_metric("heldout_condition_entity_f1", round(condition_f1, 3))
    record_metric("heldout_examples", sum(v["support"] for k, v in intents.items() if isinstance(v, dict) and "support" in v and k not in ("macro avg", "weighted avg", "micro avg")))
    assert intent_f1 >= INTENT_MACRO_F1_FLOOR, json.dumps(intents, indent=1)[:3000]
    assert condition_f1 >= CONDITION_ENTITY_F1_FLOOR
