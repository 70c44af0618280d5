"""Start the real action server and Rasa server (as `make run` does) on free ports, wait until the
model answers, and stop both afterwards. Used by the end-to-end tests and `make evaluate-clinical`.

    with running_bot(Path("models/hipbot.tar.gz"), Path("build/clinical")) as bot:
        httpx.post(f"{bot.url}/webhooks/rest/webhook", json={"sender": "a", "message": "hello"})
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

import httpx

ROOT = Path(__file__).resolve().parents[2]
RASA = str(Path(sys.executable).parent / "rasa")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Servers:
    url: str
    action_url: str
    log: Path
    rasa: subprocess.Popen
    actions: subprocess.Popen
    start_seconds: float = 0.0
    chat_apis: object = None  # the tests' fake Telegram and Slack APIs, when they are on

    def post(self, sender: str, message: str, timeout: float = 30) -> httpx.Response:
        return httpx.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                          timeout=timeout)

    def say(self, sender: str, message: str) -> list[dict]:
        response = self.post(sender, message)
        assert response.status_code == 200, response.text
        return response.json()


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: int = 1500) -> None:
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


def _wait_for_model(url: str, seconds: int = 1500) -> None:
    """Rasa answers its channel routes before the model is loaded; wait for a real reply."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.post(f"{url}/webhooks/rest/webhook", json={"sender": "warmup", "message": "hello"},
                          timeout=30).json():
                return
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(1)


def bot_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="2")
    env.update(extra or {})
    return env


@contextlib.contextmanager
def running_bot(model: Path, build: Path, env: Mapping[str, str] | None = None, name: str = "",
                endpoints_extra: str = "") -> Iterator[Servers]:
    """Both servers on free ports, with logs and endpoints in ``build`` (file names start with
    ``name``); stopped (terminate, then kill) on exit. ``endpoints_extra`` is added to
    endpoints.yml (e.g. an event broker)."""
    build.mkdir(parents=True, exist_ok=True)
    env = dict(env) if env is not None else bot_env()
    rasa_port, action_port = free_port(), free_port()
    endpoints = build / f"{name}endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n{endpoints_extra}')
    log_rasa_path = build / f"{name}rasa.log"
    with open(build / f"{name}actions.log", "w") as log_actions, open(log_rasa_path, "w") as log_rasa:
        started = time.monotonic()
        actions = subprocess.Popen([RASA, "run", "actions", "--actions", "actions", "--port", str(action_port)],
                                   cwd=ROOT, env=env, stdout=log_actions, stderr=subprocess.STDOUT)
        rasa = subprocess.Popen([RASA, "run", "--model", str(model), "--port", str(rasa_port),
                                 "--credentials", "credentials.yml", "--endpoints", str(endpoints)],
                                cwd=ROOT, env=env, stdout=log_rasa, stderr=subprocess.STDOUT)
        try:
            wait_until_up(f"http://127.0.0.1:{action_port}/health", actions, build / f"{name}actions.log")
            wait_until_up(f"http://127.0.0.1:{rasa_port}/webhooks/rest/", rasa, log_rasa_path)
            _wait_for_model(f"http://127.0.0.1:{rasa_port}")
            yield Servers(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", log_rasa_path,
                          rasa, actions, round(time.monotonic() - started, 1))
        finally:
            for process in (rasa, actions):
                process.terminate()
            for process in (rasa, actions):
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
