"""Statistics and reporting for `make bench` (pure functions, unit tested)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable

# Targets from the issue "Prove it": (result key, comparison, limit, what it means).
RATIO_TARGETS = [
    ("p95_ratio", "<=", 1.5, "p95 per-turn latency <= 1.5x the baseline's"),
    ("throughput_ratio", ">=", 0.7, "throughput >= 0.7x the baseline's"),
]
ABSOLUTE_TARGETS = [
    ("training_seconds", "<=", 180, "training <= 3 minutes"),
    ("startup_seconds", "<=", 30, "start-up <= 30 s"),
    ("peak_memory_mb", "<=", 1536, "peak memory <= 1.5 GB"),
]


@dataclass
class Turn:
    """One message and its reply, as the load generator saw it."""
    sender: str
    latency_s: float
    status: int  # HTTP status, 0 if the request failed (timeout, connection)
    replies: int  # bot messages in the reply
    degraded: bool = False  # the reply was the safe "not working right now" reply


@dataclass
class LoadRun:
    conversations: int
    turns_per_conversation: int
    wall_s: float
    turns: list[Turn] = field(default_factory=list)
    stored_user_events: dict[str, int] = field(default_factory=dict)  # per sender, read back after


def percentile(values: Iterable[float], p: float) -> float:
    """The p-th percentile (0-100) with linear interpolation between ranks (numpy's default)."""
    data = sorted(values)
    if not data:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0..100, not {p}")
    rank = (len(data) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return data[low] + (data[high] - data[low]) * (rank - low)


def is_error(turn: Turn) -> bool:
    return turn.status != 200 or turn.replies == 0


def summarize(run: LoadRun) -> dict[str, Any]:
    """Latency percentiles (ms, over answered turns), throughput, errors and lost events."""
    answered = [t for t in run.turns if not is_error(t)]
    latencies_ms = [t.latency_s * 1000 for t in answered]
    sent: dict[str, int] = {}
    for turn in run.turns:
        if turn.status == 200:
            sent[turn.sender] = sent.get(turn.sender, 0) + 1
    lost = sum(max(0, count - run.stored_user_events.get(sender, 0)) for sender, count in sent.items())
    summary = {
        "conversations": run.conversations,
        "turns_per_conversation": run.turns_per_conversation,
        "turns": len(run.turns),
        "errors": len(run.turns) - len(answered),
        "degraded_replies": sum(t.degraded for t in run.turns),
        "messages_accepted": sum(sent.values()),
        "user_events_stored": sum(run.stored_user_events.get(s, 0) for s in sent),
        "lost_events": lost,
        "wall_s": round(run.wall_s, 2),
        "throughput_turns_per_s": round(len(answered) / run.wall_s, 2) if run.wall_s > 0 else 0.0,
    }
    if latencies_ms:
        summary.update({
            "p50_ms": round(percentile(latencies_ms, 50), 1),
            "p95_ms": round(percentile(latencies_ms, 95), 1),
            "p99_ms": round(percentile(latencies_ms, 99), 1),
            "mean_ms": round(sum(latencies_ms) / len(latencies_ms), 1),
            "max_ms": round(max(latencies_ms), 1),
        })
    return summary


def ratio(ours: float | None, baseline: float | None) -> float | None:
    if ours is None or baseline in (None, 0):
        return None
    return round(ours / baseline, 2)


def compare(ours: dict[str, Any], baseline: dict[str, Any]) -> dict[str, float | None]:
    """our/baseline ratios of the load run's figures and of training, start-up and memory."""
    keys = ["p50_ms", "p95_ms", "p99_ms", "throughput_turns_per_s"]
    ratios = {f"{k.split('_')[0]}_ratio": ratio(ours["load"].get(k), baseline["load"].get(k)) for k in keys}
    for key in ("training_seconds", "startup_seconds", "peak_memory_mb"):
        ratios[f"{key}_ratio"] = ratio(ours.get(key), baseline.get(key))
    return ratios


def _met(value: float | None, comparison: str, limit: float) -> bool | None:
    if value is None:
        return None
    return value <= limit if comparison == "<=" else value >= limit


def targets(ours: dict[str, Any], ratios: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue with the measured value and whether it is met (None: not measured)."""
    rows = []
    for key, comparison, limit, label in RATIO_TARGETS:
        rows.append({"target": label, "value": ratios.get(key), "met": _met(ratios.get(key), comparison, limit)})
    stress = ours.get("stress") or {}
    clean = None if not stress else stress.get("errors") == 0 and stress.get("lost_events") == 0
    rows.append({"target": f"no errors or lost events at {stress.get('conversations', 200)} concurrent conversations",
                 "value": None if not stress else f"{stress.get('errors')} errors, {stress.get('lost_events')} lost",
                 "met": clean})
    for key, comparison, limit, label in ABSOLUTE_TARGETS:
        rows.append({"target": label, "value": ours.get(key), "met": _met(ours.get(key), comparison, limit)})
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def markdown_table(ours: dict[str, Any], baseline: dict[str, Any], ratios: dict[str, Any]) -> str:
    """The summary table: both bots side by side with our/baseline ratios, then the targets."""
    lines = ["| Figure | hipbot | rasa init baseline | hipbot / baseline |", "|---|---|---|---|"]
    load_rows = [("p50 per-turn latency (ms)", "p50_ms", "p50_ratio"),
                 ("p95 per-turn latency (ms)", "p95_ms", "p95_ratio"),
                 ("p99 per-turn latency (ms)", "p99_ms", "p99_ratio"),
                 ("throughput (turns/s)", "throughput_turns_per_s", "throughput_ratio"),
                 ("errors", "errors", None), ("lost events", "lost_events", None),
                 ("safe replies (degraded)", "degraded_replies", None)]
    o, b = ours.get("load") or {}, baseline.get("load") or {}
    conversations = f"{o.get('conversations')} x {o.get('turns_per_conversation')}"
    for label, key, ratio_key in load_rows:
        lines.append(f"| {label}, {conversations} | {_cell(o.get(key))} | {_cell(b.get(key))} | "
                     f"{_cell(ratios.get(ratio_key)) if ratio_key else ''} |")
    os_, bs = ours.get("stress") or {}, baseline.get("stress") or {}
    stress = f"{os_.get('conversations')} x {os_.get('turns_per_conversation')}"
    for label, key in [("p95 per-turn latency (ms)", "p95_ms"), ("throughput (turns/s)", "throughput_turns_per_s"),
                       ("errors", "errors"), ("lost events", "lost_events"), ("safe replies (degraded)", "degraded_replies")]:
        lines.append(f"| {label}, {stress} | {_cell(os_.get(key))} | {_cell(bs.get(key))} | "
                     f"{_cell(ratio(os_.get(key), bs.get(key))) if key in ('p95_ms', 'throughput_turns_per_s') else ''} |")
    for label, key in [("training (s)", "training_seconds"), ("start-up until the first reply (s)", "startup_seconds"),
                       ("peak memory, server process tree (MB)", "peak_memory_mb")]:
        lines.append(f"| {label} | {_cell(ours.get(key))} | {_cell(baseline.get(key))} | "
                     f"{_cell(ratios.get(f'{key}_ratio'))} |")
    lines += ["", "| Target | Measured | Met |", "|---|---|---|"]
    for row in targets(ours, ratios):
        met = {True: "yes", False: "**no**", None: "not measured"}[row["met"]]
        lines.append(f"| {row['target']} | {_cell(row['value'])} | {met} |")
    return "\n".join(lines)


def replace_between(text: str, start: str, end: str, new: str) -> str:
    """``text`` with what lies between the ``start`` and ``end`` marker lines replaced by ``new``
    (the markers are appended if missing)."""
    if start in text and end in text and text.index(start) < text.index(end):
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        return f"{head}{start}\n{new}\n{end}{tail}"
    return f"{text.rstrip()}\n\n{start}\n{new}\n{end}\n"
