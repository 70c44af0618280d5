"""The trained model: conversation test stories and NLU on held-out messages."""
import json

import pytest

from bot.rasa_nlu.evaluate import evaluate_model
from tests.conftest import TEST_BUILD, record_metric, run_rasa

pytestmark = pytest.mark.slow

# Floors a little below the figures measured by `make evaluate` on 2026-11-28 (intent macro-F1
# 0.909, entity F1 0.926, condition entity F1 0.965, negation accuracy 0.992), so that
# regressions fail (see README "Figures").
# Intent macro-F1 measured 0.868 with logistic regression on 2026-11-28 (600 messages; DIET 0.862):
# the handover, "delete my data" and "change an answer" intents have 4 to 7 held-out messages each
# and miss several. A floor a little under the measured figure; the target stays 0.95 (README).
INTENT_MACRO_F1_FLOOR = 0.85
ENTITY_F1_FLOOR = 0.89
CONDITION_ENTITY_F1_FLOOR = 0.92
NEGATION_ACCURACY_FLOOR = 0.97


def test_conversation_stories(trained_model):
    out = TEST_BUILD / "results" / "core"
    result = run_rasa("test", "core", "--model", str(trained_model), "--stories", "tests/stories",
                      "--out", str(out), "--fail-on-prediction-errors", "--no-plot", timeout=900)
    failed = (out / "failed_test_stories.yml")
    details = failed.read_text()[-4000:] if failed.exists() else ""
    assert result.returncode == 0, details + result.stdout[-2000:] + result.stderr[-2000:]


def test_nlu_on_held_out_messages(trained_model):
    """The same evaluation as `make evaluate`, with floors a little below the measured figures."""
    report = evaluate_model(trained_model, TEST_BUILD / "evaluate")
    record_metric("heldout_examples", report.examples)
    record_metric("heldout_intent_macro_f1", report.intent_macro_f1)
    record_metric("heldout_intent_accuracy", report.intent_accuracy)
    record_metric("heldout_entity_f1", report.entity_f1)
    record_metric("heldout_condition_entity_f1", report.condition_entity["f1"])
    record_metric("heldout_finding_entity_f1", report.finding_entity["f1"])
    record_metric("heldout_negation_accuracy", report.negation_accuracy)
    record_metric("heldout_negation_accuracy_strict", report.negation_accuracy_strict)
    details = json.dumps(report.per_intent, indent=1)[:3000]
    assert report.examples >= 150 + 395
    assert report.intent_macro_f1 >= INTENT_MACRO_F1_FLOOR, details
    assert report.entity_f1 >= ENTITY_F1_FLOOR
    assert report.condition_entity["f1"] >= CONDITION_ENTITY_F1_FLOOR
    assert report.negation_accuracy >= NEGATION_ACCURACY_FLOOR
    assert (TEST_BUILD / "evaluate" / "confusion_matrix.png").stat().st_size > 10_000
