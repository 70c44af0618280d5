"""REST channel that validates its input before Rasa sees it.

Rasa 3.6's RestInput answers a body that is not a JSON object with a 500 (it calls
``.get`` on whatever was parsed). This subclass answers bad requests with a clear 4xx:
- 400 if the body is not a JSON object, ``sender`` is missing or not a short string, or
  ``message`` is missing, not a string, or only white space;
- 413 if ``message`` is longer than ``MAX_MESSAGE_CHARS`` or the body larger than the limit;
- 429 with a polite reply (as a bot message) and ``Retry-After`` when a sender writes faster
  than the rate limit (``bot/channels/limits.py``, shared with socket.io).
Every message gets a reply, even when the action server is down or slow (``degradation.guard``).
URL: ``/webhooks/rest/webhook`` (same as Rasa's).
"""
from __future__ import annotations

import json
import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot.channels import limits, log_privacy
from bot.channels.degradation import guard

MAX_MESSAGE_CHARS = 5000
MAX_SENDER_CHARS = 128
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATES = re.compile("[\ud800-\udfff]")


class RequestProblem(Exception):
    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status, self.error = status, error


def clean_text(text: str) -> str:
    """Control characters become spaces; lone UTF-16 surrogates (valid in JSON escapes, but not
    text, and not storable) become U+FFFD."""
    return _SURROGATES.sub("\ufffd", _CONTROL_CHARS.sub(" ", text))


def parse_body(raw: bytes) -> Dict[Text, Any]:
    """Validate a webhook body; returns the JSON object or raises ``RequestProblem``."""
    try:
        body = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: deeply nested JSON
        raise RequestProblem(400, "The request body must be JSON.")
    if not isinstance(body, dict):
        raise RequestProblem(400, "The request body must be a JSON object.")
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS \
            or clean_text(sender) != sender:
        raise RequestProblem(400, f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters.")
    message = body.get("message")
    if not isinstance(message, str):
        raise RequestProblem(400, "'message' must be a string.")
    message = clean_text(message)
    if not message.strip():
        raise RequestProblem(400, "'message' is empty. Please type a message.")
    if len(message) > MAX_MESSAGE_CHARS:
        raise RequestProblem(
            413, f"'message' is too long ({len(message)} characters). Please send at most {MAX_MESSAGE_CHARS}."
        )
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise RequestProblem(400, "'metadata' must be a JSON object.")
    body["message"] = message
    return body


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        return req.ctx.hipbot_body["sender"]

    def _extract_message(self, req: Request) -> Optional[Text]:
        return req.ctx.hipbot_body["message"]

    def _extract_input_channel(self, req: Request) -> Text:
        return self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        return request.ctx.hipbot_body.get("metadata")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(guard(on_new_message))

        @blueprint.on_request
        async def validate(request: Request):  # runs before the webhook handler
            if request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            try:
                if len(request.body or b"") > limits.max_body_bytes():
                    raise RequestProblem(413, f"The request body is too large (at most {limits.max_body_bytes()} bytes).")
                request.ctx.hipbot_body = body = parse_body(request.body)
            except RequestProblem as problem:
                return response.json({"error": problem.error}, status=problem.status)
            log_privacy.remember(body["message"])
            refusal = limits.shared_limiter().check(body["sender"])
            if refusal:
                return response.json([{"recipient_id": body["sender"], "text": refusal.text}], status=429,
                                     headers={"Retry-After": str(refusal.retry_after)})
            return None

        return blueprint
