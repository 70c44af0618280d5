"""Limits shared by the REST and socket.io channels: request size, a per-sender rate limit
with a polite reply, and the origins allowed to call the bot from a browser.

Plain Python. Defaults and reply texts are in ``bot/content/service.yml``; environment variables
override them per deployment:
- ``HIPBOT_MAX_BODY_BYTES``: largest request body (REST) or socket.io packet;
- ``HIPBOT_RATE_LIMIT``: ``MESSAGES/SECONDS`` per sender, e.g. ``20/60``;
- ``HIPBOT_CORS_ORIGINS``: origins (space or comma separated) allowed from a browser; none by default.
The rate limit is per process (see service.yml for replicas).
"""
from __future__ import annotations

import math
import os
import re
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Deque, List, Mapping, Optional

from bot.content_files import CONTENT_DIR, load
from bot.countries import configured_country

MAX_BODY_ENV, RATE_ENV, CORS_ENV = "HIPBOT_MAX_BODY_BYTES", "HIPBOT_RATE_LIMIT", "HIPBOT_CORS_ORIGINS"


class LimitSettingsError(ValueError):
    """A limit variable is set but cannot be used; the message names the variable."""


@lru_cache(maxsize=1)
def service() -> dict:
    return load(CONTENT_DIR / "service.yml", "service")


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int
    messages: int
    per_seconds: float
    tracked_senders: int

    @classmethod
    def from_environment(cls, env: Optional[Mapping[str, str]] = None) -> "Limits":
        env = os.environ if env is None else env
        defaults = service()["limits"]
        body = env.get(MAX_BODY_ENV) or str(defaults["max_body_bytes"])
        if not body.isdigit() or int(body) < 1024:
            raise LimitSettingsError(f"{MAX_BODY_ENV} must be a number of bytes, at least 1024; got {body!r}.")
        rate = defaults["rate_limit"]
        messages, seconds = rate["messages"], rate["per_seconds"]
        if env.get(RATE_ENV):
            match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*", env[RATE_ENV])
            if not match or int(match.group(1)) < 1 or float(match.group(2)) <= 0:
                raise LimitSettingsError(f"{RATE_ENV} must look like MESSAGES/SECONDS, e.g. 20/60; got {env[RATE_ENV]!r}.")
            messages, seconds = int(match.group(1)), float(match.group(2))
        return cls(int(body), messages, seconds, defaults["tracked_senders"])


@dataclass(frozen=True)
class Refusal:
    """A message refused for its rate: the polite reply and when to try again."""
    text: str
    retry_after: int


def too_many_text(seconds: int) -> str:
    return " ".join(service()["messages"]["too_many"].format(seconds=seconds, emergency=configured_country().emergency).split())


def too_long_text(max_chars: int) -> str:
    return " ".join(service()["messages"]["too_long"].format(max=max_chars).split())


class RateLimiter:
    """Sliding window per sender: at most ``messages`` within ``per_seconds``."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits, self.clock = limits, clock
        self._recent: "OrderedDict[str, Deque[float]]" = OrderedDict()
        self._lock = threading.Lock()

    def check(self, sender: str) -> Optional[Refusal]:
        """Count a message from ``sender``; a Refusal if it is over the limit (not counted then)."""
        now = self.clock()
        with self._lock:
            times = self._recent.pop(sender, None) or deque()
            while times and times[0] <= now - self.limits.per_seconds:
                times.popleft()
            refusal = None
            if len(times) >= self.limits.messages:
                wait = max(1, math.ceil(times[0] + self.limits.per_seconds - now))
                refusal = Refusal(too_many_text(wait), wait)
            else:
                times.append(now)
            self._recent[sender] = times
            while len(self._recent) > self.limits.tracked_senders:
                self._recent.popitem(last=False)
        return refusal


@lru_cache(maxsize=1)
def shared_limiter() -> RateLimiter:
    """One limiter per process, so a sender's messages count across both channels."""
    return RateLimiter(Limits.from_environment())


def max_body_bytes() -> int:
    return Limits.from_environment().max_body_bytes


def allowed_origins(env: Optional[Mapping[str, str]] = None) -> List[str]:
    """Origins allowed to call the bot from a browser (HIPBOT_CORS_ORIGINS); none by default."""
    env = os.environ if env is None else env
    origins = [o for o in re.split(r"[\s,]+", env.get(CORS_ENV) or "") if o]
    if "*" in origins:
        raise LimitSettingsError(f"{CORS_ENV}: '*' would let any web site use the bot; list the sites' origins.")
    bad = [o for o in origins if not re.fullmatch(r"https?://[^/\s]+", o)]
    if bad:
        raise LimitSettingsError(f"{CORS_ENV}: origins look like https://clinic.example (no path); got {bad}.")
    return origins
