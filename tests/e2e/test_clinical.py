"""The clinical evaluation (`make evaluate-clinical`) on the whole case set, with the real servers.

Fails if any emergency or same-day case gets less urgent advice, or if top-3 accuracy drops below
a floor a little under the figure measured (benchmarks/clinical/results.md, 2026-11-28: 92.7% on
all 96 cases, 86.7% on the 45 held-out cases, 98.0% on the 51 development cases)."""
import pytest

from bot.evaluation.clinical.__main__ import evaluate
from bot.evaluation.clinical.play import RestBot
from bot.evaluation.clinical.report import write
from tests.conftest import TEST_BUILD, record_metric

pytestmark = pytest.mark.slow

TOP3_FLOOR = {"all": 0.90, "heldout": 0.84, "dev": 0.95}


def test_clinical_evaluation(servers):
    res = evaluate(RestBot(servers.url), "the real bot over REST (test run)")
    write(res, TEST_BUILD / "clinical")
    f = res["figures"]
    for split in ("all", "heldout", "heldout_added", "dev"):
        for key in ("top1", "top3", "urgency_exact", "under_triage", "over_triage_routine", "emergency_sensitivity",
                    "questions_median"):
            record_metric(f"clinical_{split}_{key}", f[split][key])
    serious = {o["case_id"] for o in res["outcomes"] if o["reference_urgency"] in ("urgent", "emergency")}
    assert f["all"]["no_end"] == 0
    assert f["all"]["under_triage_emergency_or_same_day_count"] == 0, set(f["all"]["under_triaged_cases"]) & serious
    for split, floor in TOP3_FLOOR.items():
        assert f[split]["top3"] >= floor, (split, f[split]["top3"])
