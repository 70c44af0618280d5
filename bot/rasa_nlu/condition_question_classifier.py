"""A Rasa NLU component that keeps questions about a named condition with the condition.

The intent classifier sometimes reads a condition question with worrying words as a warning sign ("the
methotrexate side effects scare me. What are the treatment options for rheumatoid
arthritis?"), or is unsure (``nlu_fallback``), or takes it for a description of symptoms
("my hip clicks when I lift my leg, is that what a snapping hip feels like?"). When the message
names a condition of the knowledge base (a ``condition`` entity from ConditionExtractor) and
- the intent classifier said ``report_red_flag`` or ``nlu_fallback``, or
- the intent classifier said ``describe_symptoms`` and the message asks about one aspect (symptoms, treatment...),
the intent becomes ``ask_condition``. It runs before RedFlagClassifier, so a warning sign the
rules recognise still wins.
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_nlu.base import RuleComponent, set_intent, user_text

CONDITION_INTENT = "ask_condition"
UNSURE_INTENTS = {"report_red_flag", "nlu_fallback"}
NEEDS_ASPECT_INTENTS = {"describe_symptoms"}


def _names_a_condition(message: Message) -> bool:
    return any(e.get("entity") == "condition" for e in message.get(ENTITIES, []))


def _asks_an_aspect(message: Message) -> bool:
    return any(e.get("entity") == "aspect" for e in message.get(ENTITIES, []))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ConditionQuestionClassifier(RuleComponent):
    @staticmethod
    def process_message(message: Message) -> None:
        text = user_text(message)
        if text is None:
            return
        predicted = (message.get(INTENT) or {}).get("name")
        if predicted in UNSURE_INTENTS or (predicted in NEEDS_ASPECT_INTENTS and _asks_an_aspect(message)):
            if _names_a_condition(message):
                set_intent(message, CONDITION_INTENT)
