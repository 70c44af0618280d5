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
])
def test_bad_bodies_get_a_clear_4xx(raw, status):
    with pytest.raises(RequestProblem) as problem:
        parse_body(raw)
    assert problem.value.status == status
    assert problem.value.error


def test_good_body_passes_with_control_characters_removed():
    body = parse_body(b'{"sender": "a", "message": "hip\\u0007 pain", "extra": 1}')
    assert body["message"] == "hip  pain"


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
