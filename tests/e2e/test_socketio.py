"""The socket.io channel: session, a reply with buttons, and the triage payload as `custom`.

The client (``tests/e2e/clients.py``) talks HTTP long-polling; see its docstring.
"""
import queue
import uuid

import pytest

from bot.knowledge import knowledge
from tests.e2e.clients import converse

pytestmark = pytest.mark.slow


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
