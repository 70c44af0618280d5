"""Start the real action server and Rasa server (as `make run` does) on free ports."""
from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml

from tests.conftest import RASA, ROOT, TEST_BUILD, rasa_env


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
    token: str = ""
    store: Path | None = None

    def tracker(self, sender: str) -> dict:
        """The operator's view of a conversation (Rasa's HTTP API with the token)."""
        response = httpx.get(f"{self.url}/conversations/{sender}/tracker", params={"token": self.token}, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def post(self, sender: str, message: str, timeout: float = 30):
        return httpx.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=timeout)

    def say(self, sender: str, message: str) -> list[dict]:
        response = self.post(sender, message)
        assert response.status_code == 200, response.text
        return response.json()


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: int = 240) -> None:
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
def servers(trained_model):
    TEST_BUILD.mkdir(parents=True, exist_ok=True)
    rasa_port, action_port = free_port(), free_port()
    # The project's endpoints (SQL tracker store, lock store) with this action server, and a
    # SQLite file of this run only: a developer's var/conversations.db is never touched.
    endpoints = TEST_BUILD / "endpoints.yml"
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    config["action_endpoint"] = {"url": f"http://127.0.0.1:{action_port}/webhook"}
    endpoints.write_text(yaml.safe_dump(config))
    store = TEST_BUILD / "e2e-conversations.db"
    store.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    log_actions = open(TEST_BUILD / "actions.log", "w")
    log_rasa_path = TEST_BUILD / "rasa.log"
    log_rasa = open(log_rasa_path, "w")
    env = rasa_env()
    actions = subprocess.Popen([RASA, "run", "actions", "--actions", "actions", "--port", str(action_port)],
                               cwd=ROOT, env=env, stdout=log_actions, stderr=subprocess.STDOUT)
    started = time.monotonic()
    # As `make run` starts it (bot.server), with the HTTP API on for the operator's token; the
    # rate limit is raised so that the tests' many messages per sender are not refused.
    rasa = subprocess.Popen([sys.executable, "-m", "bot.server", "--model", str(trained_model), "--port", str(rasa_port),
                             "--credentials", "credentials.yml", "--endpoints", str(endpoints)],
                            cwd=ROOT, env=rasa_env(RASA_AUTH_TOKEN=token, HIPBOT_SQLITE_PATH=str(store),
                                                   HIPBOT_RATE_LIMIT="1000/60"),
                            stdout=log_rasa, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", actions, TEST_BUILD / "actions.log")
        wait_until_up(f"http://127.0.0.1:{rasa_port}/webhooks/rest/", rasa, log_rasa_path)
        # Rasa answers its channel routes before the model is loaded; wait for a real reply.
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            try:
                warmup = httpx.post(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
                                    json={"sender": "warmup", "message": "hello"}, timeout=30)
                if warmup.status_code == 200 and warmup.json():
                    break
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(1)
        from tests.conftest import record_metric
        record_metric("server_start_seconds", round(time.monotonic() - started, 1))
        yield Servers(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", log_rasa_path, rasa, actions,
                      token, store)
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
