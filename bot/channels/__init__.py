"""Rasa input channels, hardened versions of Rasa's own (referenced from credentials.yml)."""
