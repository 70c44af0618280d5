"""Intent macro-F1, entity F1 and negation accuracy, from gold examples and predictions."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Example:
    """A held-out message and what it means."""

    text: str
    intent: str
    conditions: frozenset[str] = frozenset()         # condition entity values
    findings: dict[str, str] | None = None           # finding id -> "affirmed" | "negated"; None: not labelled
    source: str = ""


@dataclass(frozen=True)
class Prediction:
    intent: str
    conditions: frozenset[str] = frozenset()
    findings: dict[str, str] = field(default_factory=dict)


@dataclass
class Report:
    examples: int
    intent_accuracy: float
    intent_macro_f1: float
    per_intent: dict[str, dict[str, float]]
    condition_entity: dict[str, float]
    finding_entity: dict[str, float]
    entity_f1: float                 # micro F1 over condition and finding entities together
    negation_accuracy: float         # findings found with the right state / findings found
    negation_accuracy_strict: float  # findings found with the right state / all labelled findings
    negated_findings: int
    labelled_findings: int
    confusion: dict[str, dict[str, int]]
    intent_misses: list[dict]
    finding_misses: list[dict]

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "support": tp + fn}


def _set_counts(gold: set, predicted: set) -> tuple[int, int, int]:
    return len(gold & predicted), len(predicted - gold), len(gold - predicted)


def evaluate(examples: list[Example], predictions: list[Prediction]) -> Report:
    assert len(examples) == len(predictions)
    labels = sorted({e.intent for e in examples} | {p.intent for p in predictions})
    confusion = {g: {p: 0 for p in labels} for g in labels}
    for e, p in zip(examples, predictions):
        confusion[e.intent][p.intent] += 1
    per_intent = {}
    for label in labels:
        tp = confusion[label][label]
        fp = sum(confusion[g][label] for g in labels) - tp
        fn = sum(confusion[label].values()) - tp
        per_intent[label] = _prf(tp, fp, fn)
    gold_labels = [lab for lab in labels if per_intent[lab]["support"]]
    macro_f1 = sum(per_intent[lab]["f1"] for lab in labels) / len(labels) if labels else 0.0
    accuracy = sum(e.intent == p.intent for e, p in zip(examples, predictions)) / len(examples)

    condition = Counter()
    for e, p in zip(examples, predictions):
        for key, value in zip(("tp", "fp", "fn"), _set_counts(set(e.conditions), set(p.conditions))):
            condition[key] += value
    finding = Counter()
    negation_right = negation_found = labelled = negated = 0
    finding_misses = []
    for e, p in zip(examples, predictions):
        if e.findings is None:
            continue
        gold, found = set(e.findings), set(p.findings)
        for key, value in zip(("tp", "fp", "fn"), _set_counts(gold, found)):
            finding[key] += value
        labelled += len(gold)
        negated += sum(state == "negated" for state in e.findings.values())
        for finding_id in gold & found:
            negation_found += 1
            negation_right += e.findings[finding_id] == p.findings[finding_id]
        wrong_state = {f for f in gold & found if e.findings[f] != p.findings[f]}
        if gold != found or wrong_state:
            finding_misses.append({"text": e.text, "missed": sorted(gold - found), "extra": sorted(found - gold),
                                   "wrong_state": sorted(wrong_state)})
    both = condition + finding
    return Report(
        examples=len(examples),
        intent_accuracy=round(accuracy, 4),
        intent_macro_f1=round(macro_f1, 4),
        per_intent={k: v for k, v in per_intent.items() if k in gold_labels or v["precision"]},
        condition_entity=_prf(condition["tp"], condition["fp"], condition["fn"]),
        finding_entity=_prf(finding["tp"], finding["fp"], finding["fn"]),
        entity_f1=_prf(both["tp"], both["fp"], both["fn"])["f1"],
        negation_accuracy=round(negation_right / negation_found, 4) if negation_found else 0.0,
        negation_accuracy_strict=round(negation_right / labelled, 4) if labelled else 0.0,
        negated_findings=negated,
        labelled_findings=labelled,
        confusion=confusion,
        intent_misses=[{"text": e.text, "expected": e.intent, "predicted": p.intent, "source": e.source}
                       for e, p in zip(examples, predictions) if e.intent != p.intent],
        finding_misses=finding_misses,
    )


def plot_confusion(report: Report, path) -> None:
    """The intent confusion matrix as a PNG (rows: true intent, columns: predicted)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = list(report.confusion)
    matrix = [[report.confusion[g][p] for p in labels] for g in labels]
    size = max(6, len(labels) * 0.45)
    fig, ax = plt.subplots(figsize=(size + 2, size))
    image = ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=75, ha="right", fontsize=8)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value:
                ax.text(j, i, str(value), ha="center", va="center", fontsize=7,
                        color="white" if value > max(map(max, matrix)) / 2 else "black")
    ax.set_xlabel("predicted intent")
    ax.set_ylabel("true intent")
    ax.set_title(f"Held-out intents: {report.examples} messages, macro-F1 {report.intent_macro_f1:.3f}")
    fig.colorbar(image, ax=ax, fraction=0.03)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
