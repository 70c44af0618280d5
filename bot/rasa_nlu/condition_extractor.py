"""A Rasa NLU component that adds the conditions a message names as ``condition`` entities.

Rule-based: the names and synonyms of the knowledge base (``bot.knowledge``), with a small typo
allowed in long names ("bursitsi", "femoroacetabular impingment"). The value is the condition's
id, so actions need no synonym mapping. It replaced DIET's entity recognition, which learned
the same names from annotated examples but cost most of the training and start-up time.
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge import knowledge
from bot.rasa_nlu.base import RuleComponent, user_text

ENTITY = "condition"
EXTRACTOR = "ConditionExtractor"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ConditionExtractor(RuleComponent):
    @staticmethod
    def process_message(message: Message) -> None:
        text = user_text(message)
        if text is None:
            return
        entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != ENTITY]
        entities += [
            {"entity": ENTITY, "value": mention.condition.id, "start": mention.start, "end": mention.end,
             "confidence": 1.0, "extractor": EXTRACTOR}
            for mention in knowledge().mentions(text)
        ]
        message.set(ENTITIES, entities, add_to_output=True)
