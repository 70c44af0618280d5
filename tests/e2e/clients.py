"""A socket.io client for the end-to-end tests.

python-socketio's synchronous client over HTTP long-polling, the transport every socket.io
browser client starts with. (Its asyncio client needs an aiohttp newer than Rasa 3.6 allows,
and its websocket transport does not complete against Rasa's Sanic server; see the README's
"Known limitations".)
"""
from __future__ import annotations

import queue
import uuid
from typing import Any

import socketio


class SocketSession:
    """One connected socket.io session (``with SocketSession(url) as s: s.say("hi")``)."""

    def __init__(self, url: str, session: str | None = None) -> None:
        self.url, self.session = url, session or uuid.uuid4().hex
        self.client = socketio.Client()
        self.received: queue.Queue = queue.Queue()
        self.confirmed: queue.Queue = queue.Queue()
        self.client.on("bot_uttered", self.received.put)
        self.client.on("session_confirm", self.confirmed.put)

    def __enter__(self) -> "SocketSession":
        self.client.connect(self.url, socketio_path="/socket.io", transports=["polling"], wait_timeout=10)
        self.client.emit("session_request", {"session_id": self.session})
        assert self.confirmed.get(timeout=10) == self.session
        return self

    def __exit__(self, *exc: Any) -> None:
        self.client.disconnect()

    def emit(self, data: Any, event: str = "user_uttered") -> None:
        self.client.emit(event, data)

    def replies(self, first_within: float = 30, quiet_for: float = 2) -> list[dict]:
        """The bot messages that arrive: the first within ``first_within`` seconds (else none),
        then any more until none arrives for ``quiet_for`` seconds."""
        collected = []
        try:
            collected.append(self.received.get(timeout=first_within))
            while True:
                collected.append(self.received.get(timeout=quiet_for))
        except queue.Empty:
            pass
        return collected

    def say(self, message: str, timeout: float = 30) -> list[dict]:
        self.emit({"message": message, "session_id": self.session})
        replies = self.replies(first_within=timeout)
        if not replies:
            raise queue.Empty(f"no reply within {timeout} s")
        return replies


def converse(url: str, messages: list[str], timeout: float = 30, session: str | None = None) -> list[dict]:
    """Send each message in a session and collect every `bot_uttered` event."""
    with SocketSession(url, session) as s:
        return [reply for message in messages for reply in s.say(message, timeout)]
