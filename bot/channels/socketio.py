"""socket.io channel whose custom payloads reach the browser.

Rasa 3.6's ``SocketIOOutput.send_custom_json`` passes the payload's keys as keyword
arguments to ``emit``, so a payload such as ``{"triage": {...}}`` never reaches the client
(RasaHQ/rasa#8445). Here custom payloads are emitted as ``{"custom": {...}}``, the same shape
the REST channel returns. Empty messages are ignored; overlong ones, and messages over the
per-sender rate limit, get a polite reply (``bot/channels/limits.py``, shared with REST). Only
the origins in ``HIPBOT_CORS_ORIGINS`` may connect from a browser (Rasa's server disables
Engine.IO's origin check). Every
other message gets a reply, even when the action server is down or slow (``degradation.guard``).

With ``session_persistence: true`` Rasa 3.6 calls ``sio.enter_room(...)`` without ``await``;
in the python-socketio 5.x that Rasa 3.6.21 resolves to (5.18), ``AsyncServer.enter_room`` is
a coroutine, so the client never joins its session's room and never receives a reply. The
``session_request`` handler is replaced here by one that awaits it.

Rasa's ``user_uttered`` handler raises on an event that is not an object, a message that is not a
string, or metadata that is not JSON; here such events are ignored (``well_formed``).
"""
from __future__ import annotations

import inspect
import json
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.channels import limits, log_privacy
from bot.channels.degradation import guard
from bot.channels.rest import MAX_MESSAGE_CHARS, clean_text


class CustomJsonSocketIOOutput(SocketIOOutput):
    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


def well_formed(data: Any, metadata_key: Text) -> Optional[Dict[Text, Any]]:
    """A ``user_uttered`` event that Rasa can handle, or ``None`` to ignore it: it must be an
    object whose ``message`` and ``session_id`` (if present) are strings; metadata that is not an
    object (or a JSON string of one) is dropped."""
    if not isinstance(data, dict) or not isinstance(data.get("message"), str):
        return None
    if not isinstance(data.get("session_id", ""), str):
        return None
    metadata = data.get(metadata_key)
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except (ValueError, RecursionError):
            metadata = None
    cleaned = {key: value for key, value in data.items() if key != metadata_key}
    if isinstance(metadata, dict):
        cleaned[metadata_key] = metadata
    return cleaned


class SafeSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def get_output_channel(self) -> Optional[OutputChannel]:
        output = super().get_output_channel()
        return CustomJsonSocketIOOutput(output.sio, output.bot_message_evt) if output else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        guarded = guard(on_new_message)

        async def handle(message: UserMessage) -> None:
            text = clean_text(message.text) if isinstance(message.text, str) else ""
            if not text.strip() or not isinstance(message.sender_id, str):  # e.g. a session_id that is a list
                return
            log_privacy.remember(text)
            if len(text) > MAX_MESSAGE_CHARS:
                await message.output_channel.send_text_message(message.sender_id, limits.too_long_text(MAX_MESSAGE_CHARS))
                return
            refusal = limits.shared_limiter().check(message.sender_id)
            if refusal:
                await message.output_channel.send_text_message(message.sender_id, refusal.text)
                return
            message.text = text
            if isinstance(message.output_channel, SocketIOOutput):
                message.output_channel = CustomJsonSocketIOOutput(
                    message.output_channel.sio, message.output_channel.bot_message_evt
                )
            await guarded(message)

        blueprint = super().blueprint(handle)
        sio = self.sio
        sio.eio.cors_allowed_origins = limits.allowed_origins()
        sio.eio.max_http_buffer_size = limits.max_body_bytes()

        rasa_user_message = sio.handlers[self.namespace or "/"][self.user_message_evt]

        async def user_message(sid: Text, data: Any = None, *_: Any) -> None:  # emit() may send 0 or 2+ args
            """Rasa's handler, given only a well-formed event (it calls ``data.get`` and
            ``text.strip()`` and parses string metadata, each a traceback on bad input)."""
            cleaned = well_formed(data, self.metadata_key)
            if cleaned is not None:
                await rasa_user_message(sid, cleaned)

        sio.on(self.user_message_evt, namespace=self.namespace)(user_message)

        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            data = data if isinstance(data, dict) else {}
            if not isinstance(data.get("session_id"), str) or not data["session_id"].strip():
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                joined = sio.enter_room(sid, data["session_id"], namespace=self.namespace)
                if inspect.isawaitable(joined):
                    await joined
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)

        sio.on("session_request", namespace=self.namespace)(session_request)
        return blueprint
