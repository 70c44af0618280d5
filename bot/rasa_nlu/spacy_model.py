"""Build the blank English spaCy pipeline that Rasa's SpacyNLP loads from a path.

No spaCy model can be downloaded here, so the project makes its own: ``spacy.blank("en")``
(rule-based tokenizer, no vectors) saved to disk with a meta.json that Rasa accepts.

    python -m bot.rasa_nlu.spacy_model build/spacy/en_hipbot
"""
from __future__ import annotations

import sys
from pathlib import Path

DEFAULT_PATH = Path("build/spacy/en_hipbot")


def build(path: Path = DEFAULT_PATH) -> Path:
    import spacy

    nlp = spacy.blank("en")
    nlp.meta["name"] = "hipbot"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = "Blank English pipeline (tokenizer only) for the hip pain bot"
    path.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(path)
    return path


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH))
