"""A Rasa NLU component that adds the findings of ``bot.nlp`` (spaCy, rule-based) as entities.

Each finding becomes a ``finding`` entity whose value is the finding id and whose role is
``affirmed`` or ``negated``: "no fever, but I fell" -> fever/negated, fall_or_injury/affirmed.
An age written as a number becomes an ``age`` entity. The guided hip pain check reads them to
fill its slots (actions/interview.py); negated findings never raise an alarm.
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from bot.nlp import analyse
from bot.nlp.pipeline import SPAN_KEY
from bot.rasa_nlu.base import RuleComponent, user_text

FINDING, AGE = "finding", "age"
EXTRACTOR = "FindingExtractor"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class FindingExtractor(RuleComponent):
    @staticmethod
    def process_message(message: Message) -> None:
        text = user_text(message)
        if text is None:
            return
        doc = analyse(text)
        entities = [e for e in message.get(ENTITIES, []) if e.get("entity") not in (FINDING, AGE)]
        entities += [
            {"entity": FINDING, "value": span._.finding, "role": "negated" if span._.negated else "affirmed",
             "start": span.start_char, "end": span.end_char, "confidence": 1.0, "extractor": EXTRACTOR}
            for span in doc.spans[SPAN_KEY]
        ]
        if doc._.age is not None:
            entities.append({"entity": AGE, "value": str(doc._.age), "start": 0, "end": len(text),
                             "confidence": 1.0, "extractor": EXTRACTOR})
        message.set(ENTITIES, entities, add_to_output=True)
