"""The load generator: simulated users talking to a bot over its REST channel (asyncio + httpx).

Each user sends its script's messages one after the other, waiting for each reply, as a person
in a chat would; ``concurrency`` users talk at the same time. Afterwards every conversation's
stored events are read back over Rasa's HTTP API to count lost events.
"""
from __future__ import annotations

import asyncio
import time
import uuid

import httpx

from benchmarks.stats import LoadRun, Turn


def script_for(scripts: list[list[str]], index: int, turns: int) -> list[str]:
    """User ``index``'s messages: its script (round robin), repeated until ``turns`` long."""
    script = scripts[index % len(scripts)]
    return [script[i % len(script)] for i in range(turns)]


async def _converse(client: httpx.AsyncClient, url: str, sender: str, messages: list[str],
                    degraded_marker: str | None) -> list[Turn]:
    turns = []
    for message in messages:
        started = time.perf_counter()
        try:
            response = await client.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message})
            status = response.status_code
            replies = response.json() if status == 200 else []
        except (httpx.HTTPError, ValueError):
            status, replies = 0, []
        latency = time.perf_counter() - started
        texts = " ".join(r.get("text") or "" for r in replies if isinstance(r, dict))
        degraded = bool(degraded_marker) and degraded_marker in texts
        turns.append(Turn(sender, latency, status, len(replies), degraded))
    return turns


async def stored_user_events(client: httpx.AsyncClient, url: str, token: str, sender: str) -> int:
    response = await client.get(f"{url}/conversations/{sender}/tracker",
                                params={"token": token, "include_events": "ALL"})
    response.raise_for_status()
    return sum(1 for event in response.json()["events"] if event.get("event") == "user")


async def run_load(url: str, token: str, scripts: list[list[str]], concurrency: int, turns: int,
                   label: str, degraded_marker: str | None = None, timeout: float = 120,
                   transport: httpx.AsyncBaseTransport | None = None) -> LoadRun:
    """``concurrency`` simultaneous conversations of ``turns`` messages each (``transport``: for tests)."""
    limits = httpx.Limits(max_connections=concurrency + 10, max_keepalive_connections=concurrency + 10)
    run_id = uuid.uuid4().hex[:8]
    senders = [f"bench-{label}-{run_id}-{i}" for i in range(concurrency)]
    async with httpx.AsyncClient(timeout=timeout, limits=limits, transport=transport) as client:
        started = time.perf_counter()
        results = await asyncio.gather(*(
            _converse(client, url, sender, script_for(scripts, i, turns), degraded_marker)
            for i, sender in enumerate(senders)))
        wall = time.perf_counter() - started
        run = LoadRun(concurrency, turns, wall, [turn for turns_ in results for turn in turns_])
        for sender in senders:
            run.stored_user_events[sender] = await stored_user_events(client, url, token, sender)
    return run
