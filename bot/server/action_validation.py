"""Rasa's check of each action-server reply, with the JSON Schema validator built once.

Rasa 3.6 checks every reply of the action server with ``jsonschema.validate(result, schema)``
(``RemoteAction._validate_action_result``). That call first validates the schema itself against
the JSON Schema meta-schema and builds a new validator, every time: about 33 ms of CPU per
custom-action call here, against about 2 ms with a validator built once. Our bot calls the action
server two or three times per turn (the form's validation, the next question), and under load
py-spy found 37% of the Rasa server's CPU in it (benchmarks/README.md, "Where the time went").

``install()`` replaces that method with one that uses a validator built once from the same
schema, so replies are checked exactly as before and raise the same error with the same message.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict

import jsonschema
from jsonschema.exceptions import best_match
from rasa.shared.constants import DOCS_BASE_URL

# What Rasa appends to the message of a failed check.
DOCS_HINT = (
    ". Failed to validate Action server response from API, make sure your response from the Action "
    f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
)


@lru_cache(maxsize=1)
def _validator() -> Any:
    from rasa.core.actions.action import RemoteAction  # imports TensorFlow: only when first needed

    schema = RemoteAction.action_response_format_spec()
    return jsonschema.validators.validator_for(schema)(schema)


def validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result`` with the validator built once."""
    error = best_match(_validator().iter_errors(result))  # the error jsonschema.validate raises
    if error is None:
        return True
    error.message += DOCS_HINT
    raise error


def install() -> None:
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = validate_action_result
