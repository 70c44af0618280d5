"""The guided hip pain check: plain Python, questions as data in ``content/interview.yml``.

    >>> from bot.interview import observe, update_answers, next_slot
    >>> answers = update_answers({}, observe("pain on the outside of my hip for 6 months"))
    >>> answers["pain_site"], answers["duration"]
    ('outer_hip', 'long')
    >>> next_slot(answers)
    'onset'
"""
from bot.interview.config import Interview, Option, Question, interview
from bot.interview.flow import (
    UNSURE, implied_findings, next_slot, plan, reported_findings, triage, update_answers,
    warning_signs_to_ask,
)
from bot.interview.observation import Observation, observe
from bot.interview.scoring import Candidate, rank

__all__ = [
    "Interview", "Option", "Question", "interview", "UNSURE", "implied_findings",
    "next_slot", "triage", "warning_signs_to_ask", "plan", "reported_findings", "update_answers", "Observation", "observe", "Candidate", "rank",
]
