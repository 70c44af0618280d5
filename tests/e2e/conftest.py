"""Start the real action server and Rasa server (as `make run` does) on free ports.

``servers`` is shared by the whole session. The Rasa server runs with its HTTP API on, behind a
random token, so that tests can read a conversation's stored events (``Servers.events``).
``Servers`` can also stop and restart either process (the fault suite uses its own instance).
"""
from __future__ import annotations

import os
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from benchmarks.processes import free_port, wait_for_reply
from tests.conftest import RASA, ROOT, TEST_BUILD, rasa_env


# How long a server may take to start (the model load dominates; on a busy shared machine it can
# take many minutes): HIPBOT_TEST_START_SECONDS, default 900.
START_SECONDS = int(os.environ.get("HIPBOT_TEST_START_SECONDS") or 900)


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: int = START_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"server not up after {seconds}s:\n{log.read_text()[-4000:]}")


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


@dataclass
class Servers:
    """The action server and the Rasa server of one test setup, each restartable."""
    model: Path
    workdir: Path
    tracker_store: str = ""  # extra endpoints.yml text, e.g. a SQL tracker store
    env: dict[str, str] = field(default_factory=dict)  # extra environment for both servers
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    rasa_port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    rasa: subprocess.Popen | None = None
    actions: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def log(self) -> Path:
        return self.workdir / "rasa.log"

    def start_actions(self, wait: bool = True) -> None:
        log = self.workdir / "actions.log"
        with open(log, "a") as out:
            self.actions = subprocess.Popen(
                [RASA, "run", "actions", "--actions", "actions", "--port", str(self.action_port)],
                cwd=ROOT, env=rasa_env(**self.env), stdout=out, stderr=subprocess.STDOUT)
        if wait:
            wait_until_up(f"{self.action_url}/health", self.actions, log)

    def stop_actions(self) -> None:
        stop(self.actions)

    def start_rasa(self) -> None:
        endpoints = self.workdir / "endpoints.yml"
        endpoints.write_text(f'action_endpoint:\n  url: "{self.action_url}/webhook"\n{self.tracker_store}')
        with open(self.log, "a") as out:
            self.rasa = subprocess.Popen(
                [RASA, "run", "--model", str(self.model), "--port", str(self.rasa_port),
                 "--credentials", "credentials.yml", "--endpoints", str(endpoints),
                 "--enable-api", "--auth-token", self.token],
                cwd=ROOT, env=rasa_env(**self.env), stdout=out, stderr=subprocess.STDOUT)
        wait_until_up(f"{self.url}/webhooks/rest/", self.rasa, self.log)
        wait_for_reply(self.url, "hello", self.rasa, self.log, START_SECONDS)

    def stop_rasa(self) -> None:
        stop(self.rasa)

    def start(self) -> None:
        """Both servers, started together; returns once Rasa answers with a real reply."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        for log in ("actions.log", "rasa.log"):
            (self.workdir / log).write_text("")
        self.start_actions(wait=False)
        self.start_rasa()
        wait_until_up(f"{self.action_url}/health", self.actions, self.workdir / "actions.log")

    def stop(self) -> None:
        self.stop_rasa()
        self.stop_actions()

    def post(self, sender: str, message: str, timeout: float = 30):
        return httpx.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=timeout)

    def say(self, sender: str, message: str, timeout: float = 30) -> list[dict]:
        response = self.post(sender, message, timeout)
        assert response.status_code == 200, response.text
        return response.json()

    def tracebacks(self) -> int:
        """How many tracebacks the Rasa server has logged so far."""
        return self.log.read_text(errors="replace").count("Traceback")

    def events(self, sender: str) -> list[dict]:
        """The conversation's stored events, read over Rasa's HTTP API."""
        response = httpx.get(f"{self.url}/conversations/{sender}/tracker",
                             params={"token": self.token, "include_events": "ALL"}, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()["events"]


@pytest.fixture(scope="session")
def servers(trained_model):
    # A long reply deadline: these tests check what the bot says, not the safe reply that a
    # turn gets when a busy machine makes it slower than the default deadline.
    setup = Servers(trained_model, TEST_BUILD, env={"HIPBOT_REPLY_DEADLINE_SECONDS": "120"})
    started = time.monotonic()
    try:
        setup.start()
        from tests.conftest import record_metric
        record_metric("server_start_seconds", round(time.monotonic() - started, 1))
        yield setup
    finally:
        setup.stop()
