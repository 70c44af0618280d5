"""The intent classifier: Rasa's LogisticRegressionClassifier, stored as plain arrays.

Rasa stores the fitted scikit-learn model with skops. Importing skops builds its list of trusted
types by importing every module of scikit-learn (``sklearn.utils.all_estimators``): 14 s of the
server's 50 s start-up under py-spy (benchmarks/README.md, "Where the time went"). This
subclass stores the fitted weights with ``numpy.savez`` (no pickle) and the intent names as JSON,
and rebuilds the same classifier from them, so predictions are unchanged (tests/test_intent_classifier.py).
It also gives intent names as plain strings (the base class gives NumPy strings).
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict, List

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

logger = logging.getLogger(__name__)
WEIGHTS, INTENTS = "weights.npz", "intents.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(LogisticRegressionClassifier):
    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as model_dir:
            np.savez(model_dir / WEIGHTS, coef=self.clf.coef_, intercept=self.clf.intercept_)
            (model_dir / INTENTS).write_text(json.dumps([str(c) for c in self.clf.classes_]))

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearIntentClassifier":
        component = cls(config, execution_context.node_name, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                with np.load(model_dir / WEIGHTS, allow_pickle=False) as weights:
                    coef, intercept = weights["coef"], weights["intercept"]
                intents = json.loads((model_dir / INTENTS).read_text())
        except (ValueError, OSError):
            logger.debug("No trained intent classifier in resource '%s'.", resource.name)
            return component
        component.clf.coef_, component.clf.intercept_ = coef, intercept
        component.clf.classes_ = np.array(intents)
        component.clf.n_features_in_ = coef.shape[1]
        return component

    def process(self, messages: List[Message]) -> List[Message]:
        if not hasattr(self.clf, "coef_"):
            return messages  # untrained (no intent examples): leave the messages as they are
        for message in super().process(messages):
            intent = message.get(INTENT)
            message.set(INTENT, {"name": str(intent["name"]), "confidence": float(intent["confidence"])},
                        add_to_output=True)
            ranking = [{**r, "name": str(r["name"]), "confidence": float(r["confidence"])}
                       for r in message.get(INTENT_RANKING_KEY) or []]
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
