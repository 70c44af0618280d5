"""`make evaluate`: the trained model on held-out messages written apart from the training data.

    python -m bot.rasa_nlu.evaluate --model models/hipbot.tar.gz --out build/evaluate

Held-out sets: tests/nlu/*.yml (Rasa NLU format: intents and condition entities) and
tests/heldout/interview_messages.yml (intents and findings marked affirmed or negated).
Prints intent macro-F1, entity F1 and negation accuracy; writes report.json, misses.yml and
confusion_matrix.png to --out. The slow tests run `evaluate_model` and assert floors.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

import yaml

from bot.evaluation.metrics import Example, Prediction, Report, evaluate, plot_confusion
from bot.knowledge import knowledge

ROOT = Path(__file__).resolve().parents[2]
RASA_HELDOUT = sorted((ROOT / "tests" / "nlu").glob("*.yml"))
FINDINGS_HELDOUT = ROOT / "tests" / "heldout" / "interview_messages.yml"
# Targets from the issue ("Guided hip pain assessment"); the tests assert floors a little lower.
TARGETS = {"intent_macro_f1": 0.95, "entity_f1": 0.90, "negation_accuracy": 0.95}


def condition_id(value: str) -> str:
    """Gold and predicted condition values compared as knowledge-base ids ("Perthes" ->
    perthes_disease); a value that names no condition stays as written (and counts as wrong)."""
    condition = knowledge().resolve(str(value))
    return condition.id if condition else str(value).lower()


def heldout_examples() -> list[Example]:
    from rasa.shared.nlu.training_data.loading import load_data

    examples = []
    for path in RASA_HELDOUT:
        for message in load_data(str(path)).intent_examples:
            conditions = frozenset(condition_id(e["value"]) for e in message.get("entities") or []
                                   if e["entity"] == "condition")
            examples.append(Example(message.get("text"), message.get("intent"), conditions, None, path.name))
    for item in yaml.safe_load(FINDINGS_HELDOUT.read_text())["messages"]:
        examples.append(Example(item["text"], item["intent"], frozenset(item.get("conditions") or ()),
                                dict(item.get("findings") or {}),
                                FINDINGS_HELDOUT.name))
    return examples


def _prediction(parsed: dict) -> Prediction:
    entities = parsed.get("entities") or []
    return Prediction(
        intent=str((parsed.get("intent") or {}).get("name") or ""),
        conditions=frozenset(condition_id(e["value"]) for e in entities if e.get("entity") == "condition"),
        findings={str(e["value"]): e.get("role", "affirmed") for e in entities if e.get("entity") == "finding"},
    )


async def _parse_all(model: Path, texts: list[str]) -> list[dict]:
    import logging

    from rasa.core.agent import Agent

    import structlog

    logging.getLogger("rasa").setLevel(logging.WARNING)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def evaluate_model(model: Path, out: Path | None = None) -> Report:
    examples = heldout_examples()
    parsed = asyncio.run(_parse_all(model, [e.text for e in examples]))
    # Findings the held-out labels never use (e.g. morning_stiffness without a duration) are not scored.
    vocabulary = {f for e in examples for f in e.findings or {}}
    predictions = []
    for p in map(_prediction, parsed):
        predictions.append(Prediction(p.intent, p.conditions, {f: s for f, s in p.findings.items() if f in vocabulary}))
    report = evaluate(examples, predictions)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        data = report.as_dict()
        misses = {"intent_misses": data.pop("intent_misses"), "finding_misses": data.pop("finding_misses")}
        (out / "report.json").write_text(json.dumps({"model": str(model), **data}, indent=1))
        (out / "misses.yml").write_text(yaml.safe_dump(misses, sort_keys=False, allow_unicode=True, width=120))
        plot_confusion(report, out / "confusion_matrix.png")
    return report


def summary_table(report: Report) -> str:
    rows = [
        ("held-out messages", f"{report.examples}", ""),
        ("intent macro-F1", f"{report.intent_macro_f1:.3f}", f">= {TARGETS['intent_macro_f1']}"),
        ("intent accuracy", f"{report.intent_accuracy:.3f}", ""),
        ("entity F1 (conditions + findings)", f"{report.entity_f1:.3f}", f">= {TARGETS['entity_f1']}"),
        ("  condition entity F1", f"{report.condition_entity['f1']:.3f}", f"(support {report.condition_entity['support']})"),
        ("  finding entity F1", f"{report.finding_entity['f1']:.3f}", f"(support {report.finding_entity['support']})"),
        ("negation accuracy (findings found)", f"{report.negation_accuracy:.3f}", f">= {TARGETS['negation_accuracy']}"),
        ("negation accuracy (all labelled)", f"{report.negation_accuracy_strict:.3f}",
         f"({report.labelled_findings} findings, {report.negated_findings} negated)"),
    ]
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{name:<{width}}  {value:>6}  {note}" for name, value, note in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "hipbot.tar.gz")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "evaluate")
    args = parser.parse_args(argv)
    report = evaluate_model(args.model, args.out)
    print(summary_table(report))
    print(f"\nDetails: {args.out / 'report.json'}, {args.out / 'misses.yml'}, {args.out / 'confusion_matrix.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
