"""The clinical evaluation (`make evaluate-clinical`) on the whole case set, with the real servers.

Fails if an emergency or same-day case gets less urgent advice (beyond the two held-out cases
below, known since the first measurement), or if top-3 accuracy drops below a floor a little
under the figure measured (benchmarks/clinical/results.md: 95.2% on all 84 cases, 87.9% on the
33 held-out cases)."""
import pytest

from bot.evaluation.clinical.__main__ import evaluate
from bot.evaluation.clinical.play import RestBot
from bot.evaluation.clinical.report import write
from tests.conftest import TEST_BUILD, record_metric

pytestmark = pytest.mark.slow

TOP3_FLOOR = {"all": 0.90, "heldout": 0.84, "dev": 0.95}
# Held-out cases under-triaged at the first measurement. They are held out, so the assessment was
# not changed for them; fixing them would mean tuning on the held-out part (see README). Any other
# under-triaged emergency or same-day case fails the test.
KNOWN_HELD_OUT_UNDER_TRIAGE = {"hip-flexor-teen-pop", "replacement-late-infection"}


def test_clinical_evaluation(servers):
    res = evaluate(RestBot(servers.url), "the real bot over REST (test run)")
    write(res, TEST_BUILD / "clinical")
    f = res["figures"]
    for split in ("all", "heldout", "dev"):
        for key in ("top1", "top3", "urgency_exact", "under_triage", "over_triage_routine", "emergency_sensitivity",
                    "questions_median"):
            record_metric(f"clinical_{split}_{key}", f[split][key])
    serious = {o["case_id"] for o in res["outcomes"] if o["reference_urgency"] in ("urgent", "emergency")}
    under = set(f["all"]["under_triaged_cases"]) & serious
    assert f["all"]["no_end"] == 0
    assert f["dev"]["under_triage_emergency_or_same_day_count"] == 0, f["dev"]["under_triaged_cases"]
    assert under <= KNOWN_HELD_OUT_UNDER_TRIAGE, under - KNOWN_HELD_OUT_UNDER_TRIAGE
    for split, floor in TOP3_FLOOR.items():
        assert f[split]["top3"] >= floor, (split, f[split]["top3"])
