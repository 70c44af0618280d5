"""The socket.io channel: session, a reply with buttons, and the triage payload as `custom`.

The client is python-socketio's synchronous client over HTTP long-polling, the transport every
socket.io browser client starts with. (Its asyncio client needs an aiohttp newer than Rasa 3.6
allows, and its websocket transport does not complete against Rasa's Sanic server; see the
README's "Known limitations".)
"""
import queue
import uuid

import pytest
import socketio

from bot.knowledge import knowledge

pytestmark = pytest.mark.slow


def converse(url: str, messages: list[str], timeout: float = 30, session: str | None = None) -> list[dict]:
    """Send each message in a session and collect every `bot_uttered` event."""
    client = socketio.Client()
    received: queue.Queue = queue.Queue()
    confirmed: queue.Queue = queue.Queue()
    client.on("bot_uttered", received.put)
    client.on("session_confirm", confirmed.put)
    session = session or uuid.uuid4().hex
    client.connect(url, socketio_path="/socket.io", transports=["polling"], wait_timeout=10)
    collected = []
    try:
        client.emit("session_request", {"session_id": session})
        assert confirmed.get(timeout=10) == session
        for message in messages:
            client.emit("user_uttered", {"message": message, "session_id": session})
            collected.append(received.get(timeout=timeout))
            try:
                while True:
                    collected.append(received.get(timeout=2))
            except queue.Empty:
                pass
    finally:
        client.disconnect()
    return collected


def test_socketio_reply_and_triage_payload(servers):
    replies = converse(servers.url, ["what is sciatica?", "I fell and now I can't stand on my leg"])
    assert any("Sciatica" in (r.get("text") or "") for r in replies)
    triage = [r["custom"]["triage"] for r in replies if "custom" in r]
    assert triage and triage[0]["level"] == "emergency"
    assert triage[0]["emergency_number"] == "999"


def test_socketio_buttons_arrive_as_quick_replies(servers):
    replies = converse(servers.url, ["hello"])
    assert replies[0].get("quick_replies") or replies[0].get("buttons")


def test_socketio_session_survives_reconnect(servers):
    """With session persistence, a reconnecting page keeps its conversation (same session id)."""
    session = uuid.uuid4().hex
    converse(servers.url, ["what is bursitis?"], session=session)
    replies = converse(servers.url, ["how is it treated?"], session=session)
    name = knowledge().get("bursitis").name
    assert any(name in (r.get("text") or "") for r in replies), "the follow-up lost the earlier topic"


def test_socketio_empty_and_overlong_messages(servers):
    replies = converse(servers.url, ["x" * 20_000])
    assert "too long" in replies[0]["text"]
    with pytest.raises(queue.Empty):
        converse(servers.url, ["   "], timeout=5)
