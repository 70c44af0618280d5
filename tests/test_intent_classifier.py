"""bot/rasa_nlu/intent_classifier.py: stored as plain arrays, loaded back with the same predictions."""
import contextlib
import json
from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix

from bot.rasa_nlu.intent_classifier import INTENTS, WEIGHTS, LinearIntentClassifier


class FolderStorage:
    """The two ModelStorage methods the component uses, over a folder per resource."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @contextlib.contextmanager
    def write_to(self, resource):
        folder = self.root / resource.name
        folder.mkdir(parents=True, exist_ok=True)
        yield folder

    @contextlib.contextmanager
    def read_from(self, resource):
        folder = self.root / resource.name
        if not folder.exists():
            raise ValueError(f"no resource {resource.name}")
        yield folder


def message(vector, intent=None):
    m = Message(data={TEXT: "x", **({"intent": intent} if intent else {})})
    m.add_features(Features(csr_matrix(np.array([vector], dtype=float)), "sentence", TEXT, "test"))
    return m


RNG = np.random.default_rng(0)
INTENT_NAMES = ["greet", "ask_causes", "report_red_flag"]
TRAIN = [message(RNG.random(6) + np.eye(6)[i % 3] * 3, INTENT_NAMES[i % 3]) for i in range(60)]
PROBES = [RNG.random(6) + np.eye(6)[i % 3] * 2 for i in range(9)]


@pytest.fixture
def trained(tmp_path):
    storage, resource = FolderStorage(tmp_path), Resource("intents")
    context = ExecutionContext(graph_schema=None, node_name="intents")
    component = LinearIntentClassifier.create({}, storage, resource, context)
    component.train(TrainingData(training_examples=TRAIN))
    return component, storage, resource, context


def test_it_is_stored_as_arrays_and_names_not_a_pickle(trained, tmp_path):
    assert sorted(p.name for p in (tmp_path / "intents").iterdir()) == sorted([WEIGHTS, INTENTS])
    assert json.loads((tmp_path / "intents" / INTENTS).read_text()) == sorted(INTENT_NAMES)
    np.load(tmp_path / "intents" / WEIGHTS, allow_pickle=False)  # raises if anything needed a pickle


def test_loaded_classifier_predicts_exactly_as_the_trained_one(trained):
    component, storage, resource, context = trained
    loaded = LinearIntentClassifier.load({}, storage, resource, context)
    before = component.process([message(v) for v in PROBES])
    after = loaded.process([message(v) for v in PROBES])
    for a, b in zip(before, after):
        assert a.get("intent") == b.get("intent")
        assert a.get("intent_ranking") == b.get("intent_ranking")
    names = {m.get("intent")["name"] for m in after}
    assert names <= set(INTENT_NAMES) and len(names) > 1
    assert all(type(m.get("intent")["name"]) is str and type(m.get("intent")["confidence"]) is float for m in after)


def test_a_missing_resource_loads_an_untrained_classifier_that_leaves_messages_alone(tmp_path):
    context = ExecutionContext(graph_schema=None, node_name="intents")
    loaded = LinearIntentClassifier.load({}, FolderStorage(tmp_path), Resource("absent"), context)
    probe = message(PROBES[0])
    loaded.process([probe])
    assert probe.get("intent") is None
