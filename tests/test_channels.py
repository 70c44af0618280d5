"""Input validation of the REST channel and the socket.io custom-payload fix."""
import asyncio
import json

import pytest

from bot.channels.rest import MAX_MESSAGE_CHARS, RequestProblem, parse_body
from bot.channels.socketio import CustomJsonSocketIOOutput


@pytest.mark.parametrize("raw, status", [
    (b"", 400),
    (b"{not json", 400),
    (b"[1, 2]", 400),
    (b'"text"', 400),
    (b'{"message": "hi"}', 400),
    (b'{"sender": "", "message": "hi"}', 400),
    (b'{"sender": 5, "message": "hi"}', 400),
    (b'{"sender": "a", "message": 5}', 400),
    (b'{"sender": "a", "message": "   "}', 400),
    (b'{"sender": "a", "message": "\\u0000\\u0001"}', 400),
    (b'{"sender": "a", "message": "hi", "metadata": [1]}', 400),
    (json.dumps({"sender": "a", "message": "x" * (MAX_MESSAGE_CHARS + 1)}).encode(), 413),
    (b"\xff\xfe\x00", 400),
    (b"[" * 100_000, 400),  # nested too deeply for Python's parser (was a 500)
    (b'{"sender": "a", "message": "hi", "x": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", 400),
    (b'{"sender": "\\ud800", "message": "hi"}', 400),  # a lone surrogate cannot be stored
    (b'{"sender": "a\\u0000b", "message": "hi"}', 400),
])
def test_bad_bodies_get_a_clear_4xx(raw, status):
    with pytest.raises(RequestProblem) as problem:
        parse_body(raw)
    assert problem.value.status == status
    assert problem.value.error


def test_good_body_passes_with_control_characters_removed():
    body = parse_body(b'{"sender": "a", "message": "hip\\u0007 pain", "extra": 1}')
    assert body["message"] == "hip  pain"


def test_lone_surrogates_in_a_message_become_replacement_characters():
    body = parse_body(b'{"sender": "a", "message": "\\ud800 hip \\udfff"}')
    assert body["message"] == "\ufffd hip \ufffd"
    body["message"].encode("utf-8")  # storable


class FakeSio:
    def __init__(self):
        self.emitted = []

    async def emit(self, event, data=None, **kwargs):
        self.emitted.append((event, data, kwargs))


def test_socketio_custom_payload_reaches_the_client():
    sio = FakeSio()
    output = CustomJsonSocketIOOutput(sio, "bot_uttered")
    asyncio.run(output.send_custom_json("room1", {"triage": {"level": "emergency", "reasons": []}}))
    event, data, kwargs = sio.emitted[0]
    assert event == "bot_uttered"
    assert data == {"custom": {"triage": {"level": "emergency", "reasons": []}}}
    assert kwargs["room"] == "room1"


@pytest.mark.parametrize("data", [
    None, "text", 42, ["a"], {}, {"message": None}, {"message": 7}, {"message": ["hi"]}, {"message": b"hi"},
    {"message": "hi", "session_id": ["x"]}, {"message": "hi", "session_id": 3},
])
def test_malformed_socketio_events_are_ignored(data):
    from bot.channels.socketio import well_formed
    assert well_formed(data, "metadata") is None


@pytest.mark.parametrize("metadata, kept", [
    ({"page": "home"}, {"page": "home"}), ('{"page": "home"}', {"page": "home"}),
    ("{not json", None), ("[1]", None), (5, None), ("[" * 100_000, None),
])
def test_socketio_metadata_is_kept_only_if_it_is_an_object(metadata, kept):
    from bot.channels.socketio import well_formed
    cleaned = well_formed({"message": "hi", "session_id": "s", "metadata": metadata}, "metadata")
    assert cleaned["message"] == "hi" and cleaned["session_id"] == "s"
    assert cleaned.get("metadata") == kept


def test_socketio_user_message_handler_takes_events_without_data_or_with_extra_arguments():
    """socket.io calls the handler with only the sid for ``emit("user_uttered")`` (was a TypeError)."""
    from bot.channels.socketio import SafeSocketIOInput
    received = []

    async def on_new_message(message):
        received.append(message.text)

    channel = SafeSocketIOInput(user_message_evt="user_uttered", session_persistence=True)
    channel.blueprint(on_new_message)
    handler = channel.sio.handlers["/"]["user_uttered"]
    asyncio.run(handler("sid1"))
    asyncio.run(handler("sid1", "text", "extra"))
    assert received == []
