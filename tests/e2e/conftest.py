"""Start the real action server and Rasa server (as `make run` does) on free ports."""
from __future__ import annotations

import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import RASA, ROOT, TEST_BUILD, rasa_env
from tests.e2e.chat_apis import FakeChatApis, start_fake_chat_apis


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
    chat_apis: FakeChatApis | None = None
    start_seconds: float = 0.0

    def post(self, sender: str, message: str, timeout: float = 30):
        return httpx.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=timeout)

    def say(self, sender: str, message: str) -> list[dict]:
        response = self.post(sender, message)
        assert response.status_code == 200, response.text
        return response.json()


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: int = 480) -> None:
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


@pytest.fixture(scope="session")
def chat_apis():
    """The fake Telegram and Slack APIs the server's channels talk to (see chat_apis.py)."""
    apis = start_fake_chat_apis()
    yield apis
    apis.close()


@contextmanager
def running_servers(model: Path, name: str = "", env: dict[str, str] | None = None, endpoints_extra: str = ""):
    """The action server and Rasa on free ports (logs and endpoints in build/test/<name>*),
    stopped on exit. ``env`` adds settings (e.g. HIPBOT_CLINIC); ``endpoints_extra`` adds to
    endpoints.yml (e.g. an event broker)."""
    TEST_BUILD.mkdir(parents=True, exist_ok=True)
    rasa_port, action_port = free_port(), free_port()
    endpoints = TEST_BUILD / f"{name}endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n{endpoints_extra}')
    log_actions = open(TEST_BUILD / f"{name}actions.log", "w")
    log_rasa_path = TEST_BUILD / f"{name}rasa.log"
    log_rasa = open(log_rasa_path, "w")
    environment = rasa_env(**(env or {}))
    actions = subprocess.Popen([RASA, "run", "actions", "--actions", "actions", "--port", str(action_port)],
                               cwd=ROOT, env=environment, stdout=log_actions, stderr=subprocess.STDOUT)
    started = time.monotonic()
    rasa = subprocess.Popen([RASA, "run", "--model", str(model), "--port", str(rasa_port),
                             "--credentials", "credentials.yml", "--endpoints", str(endpoints)],
                            cwd=ROOT, env=environment, stdout=log_rasa, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", actions, TEST_BUILD / f"{name}actions.log")
        wait_until_up(f"http://127.0.0.1:{rasa_port}/webhooks/rest/", rasa, log_rasa_path, seconds=1200)
        # Rasa answers its channel routes before the model is loaded; wait for a real reply.
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            try:
                if httpx.post(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
                              json={"sender": "warmup", "message": "hello"}, timeout=30).json():
                    break
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(1)
        servers = Servers(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", log_rasa_path, rasa, actions)
        servers.start_seconds = round(time.monotonic() - started, 1)
        yield servers
    finally:
        for process in (rasa, actions):
            process.terminate()
        for process in (rasa, actions):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        log_actions.close()
        log_rasa.close()


@pytest.fixture(scope="session")
def servers(trained_model, chat_apis):
    # Telegram and Slack on, talking to the local fake
    with running_servers(trained_model, env=chat_apis.env()) as running:
        running.chat_apis = chat_apis
        from tests.conftest import record_metric
        record_metric("server_start_seconds", running.start_seconds)
        yield running
