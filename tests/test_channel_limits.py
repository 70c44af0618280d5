"""The REST and socket.io channels apply the shared limits: body size, per-sender rate limit
with a polite reply, allowed origins. In-process, no Rasa server (a fake Rasa behind the channel)."""
import asyncio
import json
from types import SimpleNamespace

import pytest

from bot.channels import limits
from bot.channels.rest import SafeRestInput
from bot.channels.socketio import SafeSocketIOInput


@pytest.fixture
def tight_limits(monkeypatch):
    monkeypatch.setenv("HIPBOT_RATE_LIMIT", "3/60")
    monkeypatch.setenv("HIPBOT_MAX_BODY_BYTES", "2048")
    monkeypatch.setenv("HIPBOT_CORS_ORIGINS", "https://clinic.example")
    limits.shared_limiter.cache_clear()
    yield
    limits.shared_limiter.cache_clear()


async def _ignore(_message):
    return None


def rest_guard():
    blueprint = SafeRestInput().blueprint(_ignore)
    (middleware,) = [m.middleware for m in blueprint._future_middleware if m.attach_to == "request"]

    def post(body: bytes):
        request = SimpleNamespace(method="POST", path="/webhooks/rest/webhook", body=body, ctx=SimpleNamespace())
        return asyncio.run(middleware(request))
    return post


def test_rest_rate_limit_answers_politely_with_429(tight_limits):
    post = rest_guard()
    body = json.dumps({"sender": "fast", "message": "hello"}).encode()
    assert [post(body) for _ in range(3)] == [None, None, None]  # None: passed on to Rasa
    refused = post(body)
    assert refused.status == 429 and int(refused.headers["Retry-After"]) > 0
    reply = json.loads(refused.body)
    assert reply[0]["recipient_id"] == "fast" and "faster than I can answer" in reply[0]["text"]
    assert post(json.dumps({"sender": "someone-else", "message": "hello"}).encode()) is None


def test_rest_body_size_limit(tight_limits):
    post = rest_guard()
    refused = post(json.dumps({"sender": "big", "message": "hi", "metadata": {"x": "y" * 3000}}).encode())
    assert refused.status == 413 and "too large" in json.loads(refused.body)["error"]


def socket_channel():
    channel = SafeSocketIOInput(session_persistence=True)
    received = []

    async def on_new_message(message):  # as the bot would: it answers every message it gets
        received.append(message.text)
        await message.output_channel.send_text_message(message.sender_id, f"reply to {message.text}")

    channel.blueprint(on_new_message)
    emitted = []

    async def emit(event, data=None, room=None, **kwargs):
        emitted.append((event, data, room))

    channel.sio.emit = emit
    handler = channel.sio.handlers["/"]["user_uttered"]

    def say(text, session="s1"):
        asyncio.run(handler("sid-1", {"message": text, "session_id": session}))
    return channel, say, received, emitted


def test_socketio_rate_limit_answers_politely(tight_limits):
    _, say, received, emitted = socket_channel()
    for n in range(4):
        say(f"message {n}")
    assert received == ["message 0", "message 1", "message 2"]
    refusals = [e for e in emitted if "faster than I can answer" in e[1]["text"]]
    assert len(emitted) == 4 and len(refusals) == 1 and refusals[0][2] == "s1"
    say("other session", session="s2")
    assert received[-1] == "other session"


def test_socketio_origins_and_packet_size_are_limited(tight_limits):
    channel, *_ = socket_channel()
    assert channel.sio.eio.cors_allowed_origins == ["https://clinic.example"]
    assert channel.sio.eio.max_http_buffer_size == 2048
