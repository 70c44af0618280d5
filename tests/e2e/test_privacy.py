"""Privacy and API security on the real servers (started as `make run` starts them, with a
SQLite store of this test run): conversations are stored, "delete my data" removes them after a
confirmation, the operator's API needs the token, logs hold no message text."""
import sqlite3
import subprocess
import sys
import uuid

import httpx
import pytest

from tests.conftest import ROOT, rasa_env
from tests.e2e.test_rest import buttons, texts

pytestmark = pytest.mark.slow


def sender() -> str:
    return uuid.uuid4().hex


def stored(servers, user: str) -> list[tuple[str, str]]:
    with sqlite3.connect(servers.store) as db:
        return db.execute("SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (user,)).fetchall()


def said(tracker: dict) -> list[dict]:
    return [e for e in tracker["events"] if e["event"] in ("user", "bot")]


def test_conversations_are_stored_in_the_sqlite_file(servers):
    user = sender()
    servers.say(user, "what is bursitis?")
    rows = stored(servers, user)
    assert [t for t, _ in rows].count("user") == 1 and any(t == "bot" for t, _ in rows)


def test_delete_my_data_mid_check_after_confirmation(servers):
    user = sender()
    servers.say(user, "what is sciatica?")
    started = servers.say(user, "I have pain on the outside of my hip when I lie on that side")
    assert buttons(started)  # the hip pain check asks its first question
    asked = servers.say(user, "please delete my data")
    assert "delete this conversation" in texts(asked)
    assert [b["payload"] for b in buttons(asked)] == ["/confirm_forget", "/cancel_forget"]
    assert stored(servers, user)  # nothing is deleted before the confirmation
    done = servers.say(user, "yes")
    assert "has been deleted" in texts(done)
    assert stored(servers, user) == []
    # The operator's tracker query shows no stored events for that sender and stores none.
    assert said(servers.tracker(user)) == [] and stored(servers, user) == []
    # Writing again starts a new conversation: the check is not running any more.
    again = servers.say(user, "hello")
    assert "Hello!" in texts(again)


def test_delete_my_data_cancelled_keeps_everything(servers):
    user = sender()
    servers.say(user, "what causes hip pain?")
    servers.say(user, "delete this chat")
    kept = servers.say(user, "no, keep it")
    assert "nothing has been deleted" in texts(kept)
    texts_said = [e.get("text") for e in said(servers.tracker(user)) if e["event"] == "user"]
    assert texts_said == ["what causes hip pain?", "delete this chat", "no, keep it"]


def test_operator_cli_forgets_a_sender(servers):
    user = sender()
    servers.say(user, "what is bursitis?")
    assert stored(servers, user)
    result = subprocess.run([sys.executable, "-m", "bot.tools.privacy", "forget", user], cwd=ROOT,
                            env=rasa_env(HIPBOT_SQLITE_PATH=str(servers.store)), capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert stored(servers, user) == [] and said(servers.tracker(user)) == []


@pytest.mark.parametrize("params", [{}, {"token": "wrong-token-value-here"}])
def test_http_api_needs_the_token(servers, params):
    response = httpx.get(f"{servers.url}/conversations/someone/tracker", params=params, timeout=30)
    assert response.status_code == 401


def test_no_cross_origin_access_by_default(servers):
    response = httpx.options(f"{servers.url}/webhooks/rest/webhook", timeout=30, headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in {k.lower() for k in response.headers}


def test_logs_hold_no_message_text(servers):
    marker = f"my hip hurts marker{uuid.uuid4().hex[:8]} since tuesday"
    servers.say(sender(), marker)
    servers.say(sender(), "what is " + marker)
    for log in (servers.log, servers.log.with_name("actions.log")):
        assert marker not in log.read_text(errors="replace"), log
