"""NLU evaluation on held-out messages: the metrics, in plain Python (no Rasa).

The runner that parses the messages with a trained model is bot/rasa_nlu/evaluate.py
(`make evaluate`); the slow tests call the same code and assert floors.
"""
from bot.evaluation.metrics import Example, Prediction, Report, evaluate

__all__ = ["Example", "Prediction", "Report", "evaluate"]
