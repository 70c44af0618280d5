"""A Rasa NLU component that makes warning signs win over the learned intent classifier.

It runs last, after the intent classifier and the FallbackClassifier. For each message it asks ``bot.triage`` (rule-based, negation-aware) for
warning signs:
- affirmed warning signs -> intent ``report_red_flag`` (confidence 1.0) and one ``red_flag``
  entity per red flag, whatever the intent classifier predicted, even a low-confidence ``nlu_fallback``;
- the intent classifier said ``report_red_flag`` but every sign mentioned is negated ("I didn't fall, no fever")
  -> intent ``describe_symptoms``, so a negated sign never raises an alarm.
Ruled-out findings are stored on the message as ``ruled_out_findings`` for later turns.
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_nlu.base import RuleComponent, set_intent, user_text
from bot.triage import assess

RED_FLAG_INTENT = "report_red_flag"
NEGATED_INTENT = "describe_symptoms"
EXTRACTOR = "RedFlagClassifier"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RedFlagClassifier(RuleComponent):
    @staticmethod
    def process_message(message: Message) -> None:
        text = user_text(message)
        if text is None:
            return
        result = assess(text)
        message.set("ruled_out_findings", sorted(result.ruled_out), add_to_output=True)
        predicted = (message.get(INTENT) or {}).get("name")
        if result.is_red_flag:
            set_intent(message, RED_FLAG_INTENT)
            entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != "red_flag"]
            entities += [
                {"entity": "red_flag", "value": flag_id, "start": 0, "end": len(text),
                 "confidence": 1.0, "extractor": EXTRACTOR}
                for flag_id in result.reasons
            ]
            message.set(ENTITIES, entities, add_to_output=True)
        elif predicted == RED_FLAG_INTENT and result.ruled_out:
            set_intent(message, NEGATED_INTENT)
