"""spaCy over a blank English pipeline: body sites, symptoms and warning-sign findings, each
marked affirmed or negated (plain spaCy, no Rasa; Rasa's glue is bot/rasa_nlu/finding_extractor.py).

    >>> from bot.nlp import findings
    >>> [(f.finding, f.state) for f in findings("no fever, not swollen, but I fell and can't get up")]
    [('fever', 'negated'), ('joint_swelling', 'negated'), ('fall_or_injury', 'affirmed'), ('cannot_bear_weight', 'affirmed')]
"""
from bot.nlp.pipeline import Found, analyse, build, findings

__all__ = ["Found", "analyse", "build", "findings"]
