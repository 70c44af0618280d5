"""Keep users' message text out of the logs unless debug logging is explicitly on.

Rasa logs no message text at INFO, but some of its errors quote it (for example the REST
channel's ``rest.message.received.failure text='...'`` when handling a message fails). The channels
hand every incoming text to ``remember``; a filter on the log handlers replaces those texts in
any record (message and traceback) with ``[message text hidden]``. With ``--debug`` (or
``LOG_LEVEL=DEBUG``) records pass unchanged: the operator asked for them.
Texts are kept in memory only, the most recent few hundred.
"""
from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections import deque
from typing import Deque, Iterable

HIDDEN = "[message text hidden]"
# Shorter texts ("yes", "no") are common words: they are hidden only where a log quotes them.
MIN_UNQUOTED_CHARS = 6


def debug_enabled() -> bool:
    return (os.environ.get("LOG_LEVEL", "").upper() == "DEBUG"
            or logging.getLogger().isEnabledFor(logging.DEBUG)
            or logging.getLogger("rasa").isEnabledFor(logging.DEBUG))


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) >= MIN_UNQUOTED_CHARS:
            text = text.replace(secret, HIDDEN)
        else:
            text = re.sub(r"(['\"])" + re.escape(secret) + r"\1", r"\1" + HIDDEN + r"\1", text)
    return text


class MessageTextFilter(logging.Filter):
    def __init__(self, capacity: int = 500) -> None:
        super().__init__("hipbot-message-text")
        self._texts: Deque[str] = deque(maxlen=capacity)
        self._lock = threading.Lock()

    def remember(self, text: object) -> None:
        if isinstance(text, str) and text.strip():
            # As written, and as Rasa's structured logs render it (repr in the console, JSON in
            # containers), where quotes and non-ASCII characters are escaped.
            variants = {text, text.strip(), json.dumps(text)[1:-1], repr(text)[1:-1]}
            with self._lock:
                self._texts.extend(sorted(variants))

    def filter(self, record: logging.LogRecord) -> bool:
        if debug_enabled() or not self._texts:
            return True
        with self._lock:
            texts = list(self._texts)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to logging's own error report
            return True
        hidden = redact(message, texts)
        if hidden != message:
            record.msg, record.args = hidden, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, texts)
        return True


_FILTER = MessageTextFilter()


def install() -> MessageTextFilter:
    """Attach the filter to every handler of the root and ``rasa`` loggers (idempotent)."""
    for logger in (logging.getLogger(), logging.getLogger("rasa")):
        for handler in logger.handlers:
            if _FILTER not in handler.filters:
                handler.addFilter(_FILTER)
    return _FILTER


def remember(text: object) -> None:
    """A user's message arrived: hide its text from the logs from now on."""
    install().remember(text)
