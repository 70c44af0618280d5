"""The clinical evaluation's outputs: results JSON, a Markdown table beside published
symptom-checker figures, and a plot (PNG)."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.evaluation.clinical.cases import Case
from bot.evaluation.clinical.figures import figures, per_condition
from bot.evaluation.clinical.play import Outcome

# Published vignette studies (as cited in issue 9); None where a study did not report the figure.
PUBLISHED = [
    {"who": "GPs (Gilbert 2020, BMJ Open)", "top3": 0.821, "triage": None, "emergency": None},
    {"who": "Ada (Gilbert 2020, BMJ Open)", "top3": 0.705, "triage": None, "emergency": None},
    {"who": "Other apps (Gilbert 2020)", "top3": "23.5-43%", "triage": None, "emergency": None},
    {"who": "36 checkers (Hill 2020, MJA)", "top3": 0.52, "triage": 0.49, "emergency": None},
    {"who": "Checkers (Semigran 2015, BMJ)", "top3": None, "triage": None, "emergency": 0.80},
]
SPLITS = ("dev", "heldout", "heldout_added", "all")
ROWS = [
    ("top1", "Top-1 possible cause (all cases)"),
    ("top3", "Top-3 possible causes (all cases)"),
    ("top1_summaries", "Top-1 (cases ending in a summary)"),
    ("top3_summaries", "Top-3 (cases ending in a summary)"),
    ("urgency_exact", "Urgency exactly right"),
    ("under_triage", "Under-triage (less urgent than needed)"),
    ("under_triage_emergency_or_same_day", "Under-triage of emergency or same-day cases"),
    ("over_triage", "Over-triage (more urgent than needed)"),
    ("over_triage_routine", "Over-triage of routine cases"),
    ("emergency_sensitivity", "Emergency sensitivity"),
    ("questions_median", "Questions asked, median"),
    ("questions_max", "Questions asked, max"),
]


def _pct(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{value * 100:.1f}%"


def results(cases: list[Case], outcomes: dict[str, Outcome], commit: str, bot: str) -> dict:
    by_split = {
        "dev": [c for c in cases if c.split == "dev"],
        "heldout": [c for c in cases if c.split == "heldout"],
        # A second held-out set, written after the first measurement, also reported on its own.
        "heldout_added": [c for c in cases if c.split == "heldout" and c.added],
        "all": list(cases),
    }
    return {
        "commit": commit,
        "bot": bot,
        "cases": {split: len(group) for split, group in by_split.items()},
        "figures": {split: figures(group, outcomes) for split, group in by_split.items()},
        "per_condition": {split: per_condition(group, outcomes) for split, group in by_split.items()},
        "outcomes": [
            {**{k: v for k, v in asdict(outcomes[c.id]).items() if k != "transcript"}, "split": c.split,
             "reference": c.reference, "accepted": sorted(c.accepted), "reference_urgency": c.urgency}
            for c in cases if c.id in outcomes
        ],
        "published": PUBLISHED,
    }


def markdown(res: dict) -> str:
    f, n = res["figures"], res["cases"]
    lines = [
        f"# Clinical evaluation of the hip pain check",
        "",
        f"Commit `{res['commit']}`, {res['bot']}. Cases: {n['dev']} development, {n['heldout']} held-out "
        f"(not tuned on; three prompted warning-sign rule changes, see the README), {n['all']} in all. "
        f"\"Held-out, added later\" are the {n['heldout_added']} held-out cases of a second set, "
        "written after the first measurement (part of the held-out column too).",
        "",
        "| Measure | Development | Held-out | Held-out, added later | All |",
        "|---|---|---|---|---|",
    ]
    for key, label in ROWS:
        cells = [f[s][key] for s in SPLITS]
        shown = [str(v) if key.startswith("questions") else _pct(v) for v in cells]
        lines.append(f"| {label} | " + " | ".join(shown) + " |")
    lines += [
        "",
        "## Beside published symptom-checker figures (case vignettes)",
        "",
        "| | Top-3 | Correct triage | Emergencies correctly triaged |",
        "|---|---|---|---|",
        f"| **Hip pain check, held-out** ({n['heldout']} cases) | {_pct(f['heldout']['top3'])} | "
        f"{_pct(f['heldout']['urgency_exact'])} | {_pct(f['heldout']['emergency_sensitivity'])} |",
        f"| **Hip pain check, all** ({n['all']} cases) | {_pct(f['all']['top3'])} | "
        f"{_pct(f['all']['urgency_exact'])} | {_pct(f['all']['emergency_sensitivity'])} |",
    ]
    for p in res["published"]:
        lines.append(f"| {p['who']} | {_pct(p['top3'])} | {_pct(p['triage'])} | {_pct(p['emergency'])} |")
    lines += [
        "",
        "Published studies used general vignettes across all of medicine; ours are hip, groin and buttock",
        "pain only, so the figures are shown side by side, not as a like-for-like comparison.",
        "",
        "## Per condition (all cases)",
        "",
        "| Condition | Cases | Top-1 | Top-3 | Urgency right | Under-triaged |",
        "|---|---|---|---|---|---|",
    ]
    for condition, row in res["per_condition"]["all"].items():
        lines.append(f"| {condition} | {row['cases']} | {row['top1']} | {row['top3']} | {row['urgency_exact']} | "
                     f"{row['under_triage']} |")
    misses = [o for o in res["outcomes"] if not set(o["causes"][:3]) & set(o["accepted"])]
    lines += ["", "## Cases where no accepted cause was in the top three", ""]
    lines += [f"- `{o['case_id']}` ({o['split']}): reference {o['reference']}, listed {o['causes'] or 'none'}, "
              f"advice {o['urgency']} (reference {o['reference_urgency']})" for o in misses] or ["- none"]
    under = [o for o in res["outcomes"] if o["case_id"] in set(f["all"]["under_triaged_cases"])]
    lines += ["", "## Under-triaged cases", ""]
    lines += [f"- `{o['case_id']}` ({o['split']}): advice {o['urgency']}, reference {o['reference_urgency']}"
              for o in under] or ["- none"]
    return "\n".join(lines) + "\n"


def plot(res: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    f = res["figures"]
    labels = ["Top-3\n(held-out)", "Top-3\n(dev)", "Urgency\nexact", "Emergency\nsensitivity",
              "Under-triage\nemergency/same-day", "Over-triage\nroutine"]
    ours = [f["heldout"]["top3"], f["dev"]["top3"], f["all"]["urgency_exact"], f["all"]["emergency_sensitivity"],
            f["all"]["under_triage_emergency_or_same_day"], f["all"]["over_triage_routine"]]
    fig, ax = plt.subplots(figsize=(10, 5))
    bars = ax.bar(range(len(labels)), [(v or 0) * 100 for v in ours], color="#2a7ab0", label="Hip pain check")
    for bar, value in zip(bars, ours):
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 1, _pct(value), ha="center", fontsize=9)
    for y, text, style, dy in [(82.1, "GPs top-3 82.1% (Gilbert 2020)", "--", 0.8), (70.5, "Ada top-3 70.5%", ":", 0.8),
                               (52, "36 checkers top-3 52% (Hill 2020)", "-.", 0.8),
                               (80, "Emergencies 80% (Semigran 2015)", "-", -3.5)]:
        ax.axhline(y, linestyle=style, color="grey", linewidth=1)
        ax.text(len(labels) - 0.5, y + dy, text, ha="right", fontsize=8, color="dimgrey")
    ax.set_xticks(range(len(labels)), labels, fontsize=9)
    ax.set_ylim(0, 110)
    ax.set_ylabel("%")
    ax.set_title(f"Hip pain check on {res['cases']['all']} published case vignettes ({res['cases']['heldout']} held out)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write(res: dict, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "results.json", "markdown": out / "results.md", "plot": out / "results.png"}
    paths["json"].write_text(json.dumps(res, indent=2) + "\n")
    paths["markdown"].write_text(markdown(res))
    plot(res, paths["plot"])
    return paths
