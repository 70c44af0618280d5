"""The NLU metrics of `make evaluate` (bot/evaluation), on small hand-checked cases."""
import pytest

from bot.evaluation import Example, Prediction, evaluate
from bot.evaluation.metrics import plot_confusion


def test_intent_scores_and_confusion():
    examples = [Example("a", "greet"), Example("b", "greet"), Example("c", "goodbye"), Example("d", "thanks")]
    predictions = [Prediction("greet"), Prediction("goodbye"), Prediction("goodbye"), Prediction("thanks")]
    report = evaluate(examples, predictions)
    assert report.intent_accuracy == 0.75
    assert report.per_intent["greet"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(0.6667, abs=1e-4), "support": 2}
    assert report.per_intent["goodbye"]["precision"] == 0.5
    assert report.intent_macro_f1 == pytest.approx((0.6667 + 0.6667 + 1.0) / 3, abs=1e-3)
    assert report.confusion["greet"]["goodbye"] == 1
    assert report.intent_misses == [{"text": "b", "expected": "greet", "predicted": "goodbye", "source": ""}]


def test_a_predicted_label_never_expected_lowers_macro_f1():
    report = evaluate([Example("a", "greet")], [Prediction("nlu_fallback")])
    assert report.intent_macro_f1 == 0.0


def test_entity_f1_and_negation_accuracy():
    examples = [
        Example("x", "describe_symptoms", findings={"fever": "negated", "fall_or_injury": "affirmed"}),
        Example("y", "describe_symptoms", findings={"clicking": "affirmed"}),
        Example("z", "ask_condition", conditions=frozenset({"bursitis"})),
    ]
    predictions = [
        Prediction("describe_symptoms", findings={"fever": "affirmed", "fall_or_injury": "affirmed"}),
        Prediction("describe_symptoms", findings={"site_groin": "affirmed"}),
        Prediction("ask_condition", conditions=frozenset({"bursitis", "sciatica"})),
    ]
    report = evaluate(examples, predictions)
    assert report.finding_entity == {"precision": pytest.approx(2 / 3, abs=1e-4), "recall": pytest.approx(2 / 3, abs=1e-4),
                                     "f1": pytest.approx(2 / 3, abs=1e-4), "support": 3}
    assert report.condition_entity["precision"] == 0.5 and report.condition_entity["recall"] == 1.0
    assert report.negation_accuracy == 0.5          # fever found, with the wrong state
    assert report.negation_accuracy_strict == pytest.approx(1 / 3, abs=1e-4)
    assert report.labelled_findings == 3 and report.negated_findings == 1
    assert report.finding_misses[0]["wrong_state"] == ["fever"]
    assert report.entity_f1 == pytest.approx(2 * (3 / 5) * (3 / 4) / (3 / 5 + 3 / 4), abs=1e-3)


def test_confusion_matrix_image(tmp_path):
    report = evaluate([Example("a", "greet"), Example("b", "thanks")], [Prediction("greet"), Prediction("greet")])
    plot_confusion(report, tmp_path / "cm.png")
    assert (tmp_path / "cm.png").read_bytes()[:4] == b"\x89PNG"
