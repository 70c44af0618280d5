"""Scale-out on Rasa's own stack, on this machine: PostgreSQL (tracker store) and Redis (lock
store) from Debian packages, two Rasa servers on different ports sharing them, one action server.
One conversation alternates its turns between the two servers and keeps its full state; one
server is restarted in the middle and nothing is lost."""
from __future__ import annotations

import secrets
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml

from tests.conftest import ROOT, TEST_BUILD, rasa_env, record_metric
from bot.tools.servers import action_server_command, free_port, wait_until_up
from tests.e2e.test_rest import buttons, texts, triage
from tests.scale import services

pytestmark = pytest.mark.slow


class RasaServer:
    def __init__(self, name: str, model: Path, endpoints: Path, env: dict[str, str]) -> None:
        self.name, self.model, self.endpoints, self.env = name, model, endpoints, env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = TEST_BUILD / f"scale-{name}.log"
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot.server", "--model", str(self.model), "--port", str(self.port),
                 "--credentials", "credentials.yml", "--endpoints", str(self.endpoints)],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self) -> None:
        wait_until_up(f"{self.url}/", self.process, self.log, seconds=3600)  # an upper bound (a shared, busy machine), not a goal
        # Rasa answers once the model is loaded; check that it is the model asked for.
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            status = httpx.get(f"{self.url}/status", params={"token": self.env["RASA_AUTH_TOKEN"]}, timeout=30)
            if status.status_code == 200 and status.json().get("model_file"):
                return
            time.sleep(2)
        raise RuntimeError(f"{self.name}: model not loaded:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def say(self, sender: str, message: str) -> list[dict]:
        response = httpx.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                              timeout=120)
        assert response.status_code == 200, response.text
        return response.json()

    def tracker(self, sender: str) -> dict:
        response = httpx.get(f"{self.url}/conversations/{sender}/tracker",
                             params={"token": self.env["RASA_AUTH_TOKEN"]}, timeout=60)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="module")
def cluster(trained_model):
    services.ensure_installed()
    TEST_BUILD.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    with services.postgres(free_port(), secrets.token_urlsafe(12)) as pg, \
            services.redis(free_port(), secrets.token_urlsafe(12)) as redis_url:
        action_port = free_port()
        endpoints = TEST_BUILD / "scale-endpoints.yml"
        config = yaml.safe_load((ROOT / "endpoints.yml").read_text())
        config["action_endpoint"] = {"url": f"http://127.0.0.1:{action_port}/webhook"}
        endpoints.write_text(yaml.safe_dump(config))
        env = rasa_env(DB_URL=pg.url, REDIS_URL=redis_url, RASA_AUTH_TOKEN=token, HIPBOT_RATE_LIMIT="1000/60",
                       SQL_POOL_SIZE="5", SQL_MAX_OVERFLOW="5")
        action_log = open(TEST_BUILD / "scale-actions.log", "w")
        actions = subprocess.Popen(action_server_command(action_port),
                                   cwd=ROOT, env=env, stdout=action_log, stderr=subprocess.STDOUT)
        servers = [RasaServer(name, trained_model, endpoints, env) for name in ("a", "b")]
        try:
            for server in servers:
                server.log.unlink(missing_ok=True)
                server.start()
            wait_until_up(f"http://127.0.0.1:{action_port}/health", actions, TEST_BUILD / "scale-actions.log")
            for server in servers:
                server.wait_ready()
            yield servers, pg, redis_url
        finally:
            for server in servers:
                server.stop()
            actions.terminate()
            actions.wait(timeout=60)
            action_log.close()


def stored_events(pg, sender: str) -> list[tuple[str, str]]:
    import psycopg2

    with psycopg2.connect(pg.url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
        return cursor.fetchall()


def next_tap(replies: list[dict], choose: dict[str, str]) -> str:
    options = [b for b in buttons(replies) if b["payload"].startswith("/describe_symptoms{")]
    assert options, texts(replies)
    question = options[0]["payload"].split('"question": "')[1].split('"')[0]
    wanted = choose.get(question, "unsure")
    return next(b["payload"] for b in options if f'"answer": "{wanted}"' in b["payload"])


def test_one_conversation_across_two_servers_and_a_restart(cluster):
    (a, b), pg, redis_url = cluster
    sender = secrets.token_hex(16)
    choose = {"onset": "gradual", "duration": "long", "age_group": "adult", "clicking": "no", "night_pain": "no",
              "warning_signs": "no"}
    sent: list[str] = []
    servers_used: list[str] = []

    def turn(server: RasaServer, message: str) -> list[dict]:
        sent.append(message)
        servers_used.append(server.name)
        return server.say(sender, message)

    # Turn 1 on A: what was said here must survive on B and after A's restart.
    replies = turn(a, "I have pain on the outside of my hip when I lie on that side")
    assert "Where do you feel" not in texts(replies)
    replies = turn(b, next_tap(replies, choose))       # turn 2 on B: the check goes on where A left it
    replies = turn(a, next_tap(replies, choose))       # turn 3 on A
    # Restart A in the middle of the check.
    a.stop()
    a.start()
    a.wait_ready()
    turns = 3
    server = a                                          # the restarted server takes the next turn
    while not triage(replies):
        replies = turn(server, next_tap(replies, choose))
        server = b if server is a else a
        turns += 1
        assert turns < 15, "the check did not end"
    summary = texts(replies)
    assert triage(replies)["level"] == "routine"
    assert "Greater trochanteric pain syndrome" in summary or "bursitis" in summary.lower()
    # The summary for the physio, from the other server, lists what was said on A in turn 1.
    physio = texts(turn(server, "can I have a summary for my physio"))
    assert "Outside of the hip" in physio
    # Both servers see the same, complete conversation: every message once, in order.
    from_a, from_b = a.tracker(sender), b.tracker(sender)
    assert from_a["events"] == from_b["events"]
    said = [event["text"] for event in from_a["events"] if event["event"] == "user"]
    assert said == sent
    rows = stored_events(pg, sender)
    assert [t for t, _ in rows].count("user") == len(sent)
    assert len(rows) >= len(from_a["events"])
    # The lock store really was Redis, shared by both servers.
    import redis

    stats = redis.Redis.from_url(redis_url).info("commandstats")
    assert stats.get("cmdstat_set", {}).get("calls", 0) >= len(sent)
    assert set(servers_used) == {"a", "b"} and a.starts == 2
    record_metric("scale_out", {"replicas": 2, "turns": len(sent), "turns_on_a": servers_used.count("a"),
                                "turns_on_b": servers_used.count("b"), "restarts": a.starts - 1,
                                "stored_events": len(rows)})


def test_delete_my_data_on_one_server_is_gone_on_the_other(cluster):
    (a, b), pg, _ = cluster
    sender = secrets.token_hex(16)
    a.say(sender, "what is bursitis?")
    asked = b.say(sender, "please delete my data")
    assert any(button["payload"] == "/confirm_forget" for button in buttons(asked))
    a.say(sender, "/confirm_forget")
    assert stored_events(pg, sender) == []
    assert not [e for e in b.tracker(sender)["events"] if e["event"] in ("user", "bot")]
    assert stored_events(pg, sender) == []  # the operator's query stored nothing either
