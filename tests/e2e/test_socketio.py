"""The socket.io channel: session, a reply with buttons, and the triage payload as `custom`."""
import asyncio
import uuid

import pytest
import socketio

pytestmark = pytest.mark.slow


async def converse(url: str, messages: list[str], replies_each: int = 2, timeout: float = 30) -> list[dict]:
    client = socketio.AsyncClient()
    received: asyncio.Queue = asyncio.Queue()
    client.on("bot_uttered", lambda data: received.put_nowait(data))
    session = uuid.uuid4().hex
    await client.connect(url, socketio_path="/socket.io", transports=["websocket"])
    await client.emit("session_request", {"session_id": session})
    collected = []
    try:
        for message in messages:
            await client.emit("user_uttered", {"message": message, "session_id": session})
            first = await asyncio.wait_for(received.get(), timeout)
            collected.append(first)
            try:
                while True:
                    collected.append(await asyncio.wait_for(received.get(), 2))
            except asyncio.TimeoutError:
                pass
    finally:
        await client.disconnect()
    return collected


def test_socketio_reply_and_triage_payload(servers):
    replies = asyncio.run(converse(servers.url, ["what is sciatica?", "I fell and now I can't stand on my leg"]))
    assert any("Sciatica" in (r.get("text") or "") for r in replies)
    triage = [r["custom"]["triage"] for r in replies if "custom" in r]
    assert triage and triage[0]["level"] == "emergency"


def test_socketio_buttons_arrive_as_quick_replies(servers):
    replies = asyncio.run(converse(servers.url, ["hello"]))
    assert replies[0].get("quick_replies") or replies[0].get("buttons")
