"""bot/server/action_validation.py: Rasa's check of action-server replies, validator built once."""
import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.server import action_validation

GOOD = {"events": [{"event": "slot", "name": "pain_site", "value": "groin", "timestamp": None},
                   {"event": "active_loop", "name": "assessment_form"}],
        "responses": [{"text": "How did it start?", "buttons": [{"title": "Suddenly", "payload": "/x"}]}]}
BAD = [
    {"events": [{"event": 3}], "responses": []},
    {"events": "not a list"},
    {"events": [], "responses": ["not an object"]},
    {"events": [{"event": "slot", "name": 7}]},
]


@pytest.fixture
def installed(monkeypatch):
    original = RemoteAction._validate_action_result
    action_validation.install()
    yield
    monkeypatch.setattr(RemoteAction, "_validate_action_result", original)


def test_a_valid_reply_passes_without_rebuilding_the_validator(installed, monkeypatch):
    def rebuilt(*_args, **_kwargs):
        raise AssertionError("jsonschema.validate rebuilds the validator and re-checks the schema on every call")
    monkeypatch.setattr(jsonschema, "validate", rebuilt)
    action = RemoteAction("action_x", None)
    assert action._validate_action_result(GOOD) is True
    assert action._validate_action_result({"events": [], "responses": []}) is True


@pytest.mark.parametrize("reply", BAD)
def test_an_invalid_reply_fails_as_in_rasa_with_the_same_message(installed, reply):
    with pytest.raises(jsonschema.ValidationError) as ours:
        RemoteAction("action_x", None)._validate_action_result(reply)
    with pytest.raises(jsonschema.ValidationError) as rasas:
        jsonschema.validate(reply, RemoteAction.action_response_format_spec())
    assert ours.value.message.startswith(rasas.value.message)
    assert "Failed to validate Action server response" in ours.value.message


def test_the_server_entry_point_installs_it():
    source = (action_validation.__file__.rsplit("/", 1)[0] + "/__main__.py")
    assert "action_validation import install" in open(source).read()
