"""The shared shape of the project's rule-based Rasa NLU components: no training, no
configuration, one message at a time (``process_message``)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message


class RuleComponent(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "RuleComponent":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self.process_message(message)
        return messages

    @staticmethod
    def process_message(message: Message) -> None:
        raise NotImplementedError


def set_intent(message: Message, name: str) -> None:
    """Make ``name`` the message's intent, with confidence 1.0, at the top of the ranking."""
    message.set(INTENT, {"name": name, "confidence": 1.0}, add_to_output=True)
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": 1.0}, *ranking], add_to_output=True)


def user_text(message: Message) -> str | None:
    """The text the user typed; None for empty messages and button payloads ("/intent{...}")."""
    text = message.get(TEXT)
    return text if text and not text.startswith("/") else None
