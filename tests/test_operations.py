"""How the bot is started and maintained: `make run` never opens the HTTP API without a token,
`python -m bot.server` refuses unsafe set-ups, `make purge DAYS=N` deletes old conversations."""
import asyncio
import subprocess
import sys
import time

from tests.conftest import ROOT, rasa_env

RUN_SCRIPT = (ROOT / "scripts" / "run-bot.sh").read_text()


def test_make_run_starts_rasa_through_bot_server_without_api_flags():
    dry_run = subprocess.run(["make", "-n", "-B", "run"], cwd=ROOT, capture_output=True, text=True)
    assert "scripts/run-bot.sh" in dry_run.stdout
    assert "-m bot.server" in RUN_SCRIPT
    assert " run --model" not in RUN_SCRIPT  # Rasa is never started directly
    for flag in ("--enable-api", "--auth-token", "--jwt-secret", "--cors"):
        assert flag not in RUN_SCRIPT and flag not in dry_run.stdout


def run_server(*args, **env):
    return subprocess.run([sys.executable, "-m", "bot.server", *args], cwd=ROOT, env=rasa_env(**env),
                          capture_output=True, text=True, timeout=120)


def test_server_refuses_the_api_without_a_token():
    result = run_server(HIPBOT_ENABLE_API="true")
    assert result.returncode == 2 and "RASA_AUTH_TOKEN" in result.stderr


def test_server_refuses_api_flags_on_its_command_line():
    result = run_server("--enable-api", "--auth-token", "abcdefghijklmnopqrstuvwxyz")
    assert result.returncode == 2 and "environment" in result.stderr


def test_make_purge(tmp_path):
    from bot.stores.tracker_store import HipbotTrackerStore
    from tests.test_stores import DOMAIN, say, session

    store = HipbotTrackerStore(domain=DOMAIN, env={"HIPBOT_SQLITE_PATH": str(tmp_path / "c.db")})
    old = time.time() - 10 * 86400
    asyncio.run(store.save(say(session("old", old), "greet", "hello", "utter_greet", timestamp=old)))
    asyncio.run(store.save(say(session("new"), "greet", "hello", "utter_greet")))
    env = rasa_env(HIPBOT_SQLITE_PATH=str(tmp_path / "c.db"))
    refused = subprocess.run(["make", "purge", "DAYS=soon"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert refused.returncode == 2 and "usage: make purge DAYS=N" in refused.stderr
    assert store.count_events("old") == 7
    done = subprocess.run(["make", "purge", "DAYS=7"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Deleted 1 conversations (7 events)" in done.stdout
    assert store.count_events("old") == 0 and store.count_events("new") == 7
