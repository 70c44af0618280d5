"""A Rasa NLU component that adds the aspect asked about a condition as an ``aspect`` entity.

Rule-based (``bot.aspects``, patterns in ``content/aspects.yml``): "what are the symptoms of
sciatica?" -> ``aspect: symptoms``; "how is AVN treated and how long does it last?" ->
``treatment`` and ``outlook``. Condition names are blanked out first, so "stress fracture" or
"hip replacement" are not read as questions. Nothing is added when no specific aspect is asked.
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from bot import aspects
from bot.knowledge import knowledge
from bot.rasa_nlu.base import RuleComponent, user_text

ENTITY = "aspect"
EXTRACTOR = "AspectExtractor"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class AspectExtractor(RuleComponent):
    @staticmethod
    def process_message(message: Message) -> None:
        text = user_text(message)
        if text is None:
            return
        names = tuple(name for c in knowledge().find_in_text(text) for name in c.names)
        found = [a for a in aspects.detect(text, ignore=names) if a != aspects.DEFAULT]
        if not found:
            return
        entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != ENTITY]
        entities += [
            {"entity": ENTITY, "value": aspect_id, "start": 0, "end": len(text),
             "confidence": 1.0, "extractor": EXTRACTOR}
            for aspect_id in found
        ]
        message.set(ENTITIES, entities, add_to_output=True)
