"""Graceful degradation: every user message gets a safe reply, even when part of the service fails.

Rasa 3.6 logs an error and sends nothing when a custom action fails (the action server is down,
answers with an error, or the tracker store cannot be read), and it waits up to 5 minutes for a
slow action server. ``guard`` wraps the channel's ``on_new_message`` so that a turn that
produced no bot message, raised, or took longer than the reply deadline is answered with
``bot.answers.service_unavailable``: please try again, the warning signs with the configured
country's emergency number, and the professional-assessment recommendation.

A slow turn is not cancelled: it carries on in the background, so its events are still stored
and the conversation continues where it was once the service is back. Nothing of the message
text is logged.

The deadline is ``HIPBOT_REPLY_DEADLINE_SECONDS`` (default 25 seconds).
"""
from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, Awaitable, Callable, Dict, Optional, Set, Text

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.answers import service_unavailable
from bot.countries import configured_country

logger = logging.getLogger(__name__)

DEADLINE_ENV = "HIPBOT_REPLY_DEADLINE_SECONDS"
DEFAULT_DEADLINE_SECONDS = 25.0

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]

# Turns still running after their deadline (kept referenced so they are not garbage collected).
_background: Set[asyncio.Future] = set()


def reply_deadline() -> float:
    raw = os.environ.get(DEADLINE_ENV)
    if not raw:
        return DEFAULT_DEADLINE_SECONDS
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{DEADLINE_ENV}={raw!r} is not a number of seconds")
    if value <= 0:
        raise ValueError(f"{DEADLINE_ENV} must be positive, not {raw!r}")
    return value


def safe_reply_text() -> Text:
    return service_unavailable(configured_country()).text


class WatchedOutputChannel(OutputChannel):
    """Passes every message on to ``inner`` and counts them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> Text:  # channel-specific responses are chosen by this name
        return self.inner.name()

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_text_message(recipient_id, text, **kwargs)

    def __getattr__(self, attribute: str) -> Any:  # e.g. CollectingOutputChannel.messages
        return getattr(self.inner, attribute)


def guard(on_new_message: OnNewMessage, deadline: Optional[float] = None) -> OnNewMessage:
    """``on_new_message`` that always leaves the user with at least one reply."""

    async def guarded(message: UserMessage) -> None:
        inner = message.output_channel
        watched = WatchedOutputChannel(inner)
        message.output_channel = watched
        turn = asyncio.ensure_future(on_new_message(message))
        limit = deadline if deadline is not None else reply_deadline()
        try:
            done, _ = await asyncio.wait({turn}, timeout=limit)
        except asyncio.CancelledError:  # the request itself was cancelled: let the turn finish
            _keep_running(turn)
            raise
        if turn in done:
            problem = turn.exception()
            if problem is not None:
                logger.error("A turn failed (%s); the user gets the safe reply.", type(problem).__name__)
        else:
            logger.error("A turn took longer than %.0f s; the user gets the safe reply.", limit)
            _keep_running(turn)
        if watched.sent == 0:
            await inner.send_text_message(message.sender_id, safe_reply_text())

    return guarded


def _keep_running(turn: asyncio.Future) -> None:
    _background.add(turn)
    turn.add_done_callback(_finished_late)


def _finished_late(turn: asyncio.Future) -> None:
    _background.discard(turn)
    if not turn.cancelled() and turn.exception() is not None:
        logger.error("A late turn failed (%s).", type(turn.exception()).__name__)
