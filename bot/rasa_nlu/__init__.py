"""Rasa-facing NLU glue: the blank spaCy pipeline builder and custom graph components."""
