"""Figures of the clinical evaluation, on made-up outcomes whose right answers are counted by hand."""
from bot.evaluation.clinical.cases import Case
from bot.evaluation.clinical.figures import figures, per_condition
from bot.evaluation.clinical.play import Outcome
from bot.evaluation.clinical.report import markdown, results


def case(cid, reference, urgency, accept=()):
    return Case(cid, "dev", "https://example.org", "x", {"age": 50, "sex": "male", "pain_site": "groin"},
                reference, tuple(accept), urgency)


CASES = [
    case("a", "osteoarthritis", "routine"),
    case("b", "bursitis", "routine", accept=["gluteal_tendinopathy"]),
    case("c", "hip_fracture", "emergency"),
    case("d", "septic_arthritis", "urgent"),
]
OUTCOMES = {
    "a": Outcome("a", ["osteoarthritis", "bursitis"], "routine", "summary", 6),
    "b": Outcome("b", ["labral_tear", "sciatica", "gluteal_tendinopathy"], "soon", "summary", 8),  # top-3 via accepted
    "c": Outcome("c", [], "urgent", "escalation", 2),      # under-triaged emergency
    "d": Outcome("d", ["septic_arthritis"], "urgent", "escalation", 10),
}


def test_figures():
    f = figures(CASES, OUTCOMES)
    assert f["top1"] == 0.5 and f["top3"] == 0.75
    assert f["summaries"] == 2 and f["top3_summaries"] == 1.0
    assert f["urgency_exact"] == 0.5
    assert f["under_triage"] == 0.25 and f["under_triage_emergency_or_same_day_count"] == 1
    assert f["under_triage_emergency_or_same_day"] == 0.5
    assert f["over_triage_routine"] == 0.5 and f["emergency_sensitivity"] == 0.0
    assert f["questions_median"] == 7 and f["questions_max"] == 10
    assert f["under_triaged_cases"] == ["c"]


def test_no_advice_at_all_counts_as_under_triage():
    f = figures([case("e", "osteoarthritis", "routine")], {"e": Outcome("e", [], None, "no_end", 3)})
    assert f["under_triage"] == 1.0 and f["no_end"] == 1


def test_per_condition_and_report():
    rows = per_condition(CASES, OUTCOMES)
    assert rows["bursitis"] == {"cases": 1, "top1": 0, "top3": 1, "urgency_exact": 0, "under_triage": 0}
    text = markdown(results(CASES, OUTCOMES, "abc123", "test"))
    assert "abc123" in text and "Gilbert 2020" in text and "`c` (dev): advice urgent, reference emergency" in text


def test_held_out_cases_added_later_are_reported_on_their_own():
    later = Case("e", "heldout", "https://example.org", "x", {"age": 30, "sex": "female", "pain_site": "groin"},
                 "osteoarthritis", (), "routine", added="2026-11-28")
    res = results(CASES + [later], {**OUTCOMES, "e": Outcome("e", ["bursitis"], "routine", "summary", 5)}, "abc", "test")
    assert res["cases"] == {"dev": 4, "heldout": 1, "heldout_added": 1, "all": 5}
    assert res["figures"]["heldout_added"]["top3"] == 0.0
    assert "| Held-out, added later |" in markdown(res)
