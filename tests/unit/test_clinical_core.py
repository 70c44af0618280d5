"""A quick guard for changes to interview.yml and scoring.py: the development cases played with
the plain-Python core (no NLU; the reported figures come from the real bot, tests/e2e/test_clinical.py)."""
from bot.evaluation.clinical.cases import load_cases
from bot.evaluation.clinical.core_bot import CoreBot
from bot.evaluation.clinical.figures import figures
from bot.evaluation.clinical.play import play
from bot.interview import interview
from bot.knowledge import knowledge


def test_development_cases_played_with_the_core():
    cases = [c for c in load_cases(known_conditions=knowledge().conditions) if c.split == "dev"]
    bot, bounds = CoreBot(), interview().question("age_group").age_bounds
    f = figures(cases, {c.id: play(c, bot, bounds) for c in cases})
    assert f["under_triage_emergency_or_same_day_count"] == 0, f["under_triaged_cases"]
    assert f["top3"] >= 0.9 and f["over_triage_routine"] <= 0.1
    assert f["questions_median"] <= 8 and f["no_end"] == 0
