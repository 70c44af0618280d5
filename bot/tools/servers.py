"""Start the real action server and Rasa server (as `make run` does: `python -m bot.server`, the
project's credentials and endpoints) on free ports, wait until the model answers, stop them.
Used by the end-to-end tests, the fault suite (which stops and restarts each server) and
`make evaluate-clinical`.

    with running_bot(Path("models/hipbot.tar.gz"), Path("build/clinical")) as bot:
        httpx.post(f"{bot.url}/webhooks/rest/webhook", json={"sender": "a", "message": "hello"})

Each setup gets its own SQLite conversation file in its folder (a developer's
var/conversations.db is never touched) and the HTTP API behind a random token, so that callers
can read what was stored (``Servers.events``).
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[2]
# How long a server may take to start (loading the model dominates; on a busy shared machine it
# can take many minutes): HIPBOT_TEST_START_SECONDS, default 1500.
START_SECONDS = int(os.environ.get("HIPBOT_TEST_START_SECONDS") or 1500)


def action_server_command(port: int) -> list[str]:
    """The action server as scripts/run-bot.sh starts it: rasa_sdk directly, without Rasa's CLI."""
    return [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bot_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="2")
    env.update(extra or {})
    return env


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: int = START_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"server not up after {seconds}s:\n{log.read_text(errors='replace')[-4000:]}")


def wait_for_reply(url: str, process: subprocess.Popen, log: Path, seconds: float = START_SECONDS,
                   message: str = "hello", poll: float = 1.0) -> None:
    """Rasa answers its channel routes before the model is loaded: wait until it gives a real
    (non-empty) reply to ``message`` over REST. Raises with the log's tail if the process exits
    or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            response = httpx.post(f"{url}/webhooks/rest/webhook", timeout=60,
                                  json={"sender": f"startup-{uuid.uuid4().hex}", "message": message})
            if response.status_code == 200 and response.json():
                return
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(poll)
    raise RuntimeError(f"no reply after {seconds}s:\n{log.read_text(errors='replace')[-4000:]}")


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
    """The action server and the Rasa server of one setup, each restartable."""
    model: Path
    workdir: Path
    name: str = ""                     # prefix of the setup's files in ``workdir``
    endpoints_extra: str = ""          # more endpoints.yml text, e.g. an event broker
    tracker_store: str = ""            # endpoints.yml text replacing the project's tracker store
    env: dict[str, str] = field(default_factory=dict)  # more environment for both servers
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    rasa_port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    rasa: subprocess.Popen | None = None
    actions: subprocess.Popen | None = None
    start_seconds: float = 0.0
    chat_apis: object = None           # the tests' fake Telegram and Slack APIs, when they are on

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def log(self) -> Path:
        return self.workdir / f"{self.name}rasa.log"

    @property
    def store(self) -> Path:
        """This setup's SQLite conversation file (when the project's tracker store is used)."""
        return self.workdir / f"{self.name}conversations.db"

    def _env(self) -> dict[str, str]:
        # The rate limit is raised: tests send many messages per sender on purpose.
        return bot_env({"RASA_AUTH_TOKEN": self.token, "HIPBOT_SQLITE_PATH": str(self.store),
                        "HIPBOT_RATE_LIMIT": "1000/60", **self.env})

    def _endpoints(self) -> Path:
        config = yaml.safe_load((ROOT / "endpoints.yml").read_text())
        config["action_endpoint"] = {"url": f"{self.action_url}/webhook"}
        if self.tracker_store:
            config.update(yaml.safe_load(self.tracker_store))
        path = self.workdir / f"{self.name}endpoints.yml"
        path.write_text(yaml.safe_dump(config) + self.endpoints_extra)
        return path

    def start_actions(self, wait: bool = True) -> None:
        log = self.workdir / f"{self.name}actions.log"
        with open(log, "a") as out:
            self.actions = subprocess.Popen(
                action_server_command(self.action_port),
                cwd=ROOT, env=self._env(), stdout=out, stderr=subprocess.STDOUT)
        if wait:
            wait_until_up(f"{self.action_url}/health", self.actions, log)

    def stop_actions(self) -> None:
        stop(self.actions)

    def start_rasa(self) -> None:
        """As `make run` starts it: bot.server, with the HTTP API on for this setup's token."""
        with open(self.log, "a") as out:
            self.rasa = subprocess.Popen(
                [sys.executable, "-m", "bot.server", "--model", str(self.model), "--port", str(self.rasa_port),
                 "--credentials", "credentials.yml", "--endpoints", str(self._endpoints())],
                cwd=ROOT, env=self._env(), stdout=out, stderr=subprocess.STDOUT)
        wait_until_up(f"{self.url}/webhooks/rest/", self.rasa, self.log)
        wait_for_reply(self.url, self.rasa, self.log)

    def stop_rasa(self) -> None:
        stop(self.rasa)

    def start(self) -> None:
        """Both servers, started together; returns once Rasa answers with a real reply."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        for log in ("actions.log", "rasa.log"):
            (self.workdir / f"{self.name}{log}").write_text("")
        self.store.unlink(missing_ok=True)
        started = time.monotonic()
        self.start_actions(wait=False)
        self.start_rasa()
        wait_until_up(f"{self.action_url}/health", self.actions, self.workdir / f"{self.name}actions.log")
        self.start_seconds = round(time.monotonic() - started, 1)

    def stop(self) -> None:
        self.stop_rasa()
        self.stop_actions()

    def post(self, sender: str, message: str, timeout: float = 30) -> httpx.Response:
        return httpx.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                          timeout=timeout)

    def say(self, sender: str, message: str, timeout: float = 30) -> list[dict]:
        response = self.post(sender, message, timeout)
        assert response.status_code == 200, response.text
        return response.json()

    def tracebacks(self) -> int:
        """How many tracebacks the Rasa server has logged so far."""
        return self.log.read_text(errors="replace").count("Traceback")

    def tracker(self, sender: str) -> dict:
        """The operator's view of a conversation (Rasa's HTTP API with the token)."""
        response = httpx.get(f"{self.url}/conversations/{sender}/tracker",
                             params={"token": self.token, "include_events": "ALL"}, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def events(self, sender: str) -> list[dict]:
        """The conversation's stored events, read over Rasa's HTTP API."""
        return self.tracker(sender)["events"]


@contextlib.contextmanager
def running_bot(model: Path, build: Path, env: Mapping[str, str] | None = None, name: str = "",
                endpoints_extra: str = "") -> Iterator[Servers]:
    """Both servers on free ports, files in ``build`` (names start with ``name``); stopped on exit."""
    servers = Servers(Path(model), Path(build), name=name, endpoints_extra=endpoints_extra, env=dict(env or {}))
    try:
        servers.start()
        yield servers
    finally:
        servers.stop()
