"""The SQL tracker store: what it stores, deletion on a confirmed request, purge by age, the
operator CLI, and the lock store from the environment."""
import asyncio
import time

import pytest
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.stores import forget
from bot.stores.lock_store import HipbotLockStore
from bot.stores.settings import StoreSettingsError
from bot.stores.tracker_store import HipbotTrackerStore
from bot.tools import privacy
from tests.conftest import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("HIPBOT_SQLITE_PATH", str(tmp_path / "store" / "conversations.db"))
    return HipbotTrackerStore(domain=DOMAIN)


def session(sender, timestamp=None):
    events = [ActionExecuted("action_session_start", timestamp=timestamp), SessionStarted(timestamp=timestamp),
              ActionExecuted("action_listen", timestamp=timestamp)]
    return DialogueStateTracker.from_events(sender, events, DOMAIN.slots)


def say(tracker, intent, text, reply_action, timestamp=None):
    tracker.update(UserUttered(text, {"name": intent, "confidence": 1.0}, timestamp=timestamp))
    tracker.update(ActionExecuted(reply_action, timestamp=timestamp))
    tracker.update(BotUttered("reply", timestamp=timestamp))
    tracker.update(ActionExecuted("action_listen", timestamp=timestamp))
    return tracker


def save(store, tracker):
    asyncio.run(store.save(tracker))


def test_sqlite_file_is_created_where_configured(store, tmp_path):
    save(store, say(session("a"), "greet", "hello", "utter_greet"))
    assert (tmp_path / "store" / "conversations.db").exists()
    assert store.count_events("a") == 7


def test_a_tracker_without_user_messages_is_not_stored(store):
    save(store, session("operator-query"))
    assert store.count_events("operator-query") == 0


def test_a_confirmed_deletion_removes_every_event_of_that_sender_only(store):
    save(store, say(session("other"), "greet", "hello", "utter_greet"))
    tracker = say(session("me"), "ask_causes", "what causes hip pain", "action_explain_causes")
    say(tracker, "forget_me", "delete my data", forget.ASK)
    save(store, tracker)
    assert store.count_events("me") == 11
    tracker = asyncio.run(store.retrieve("me"))
    say(tracker, "affirm", "yes", forget.DELETED)
    save(store, tracker)
    assert store.count_events("me") == 0
    assert asyncio.run(store.retrieve("me")) is None
    assert store.count_events("other") == 7


def test_the_question_alone_or_a_cancel_deletes_nothing(store):
    save(store, say(session("me"), "forget_me", "delete my data", forget.ASK))
    tracker = asyncio.run(store.retrieve("me"))  # as Rasa does for every message
    say(tracker, "cancel_forget", "no keep it", "utter_forget_cancelled")
    save(store, tracker)
    assert store.count_events("me") == 11


def test_forget_and_purge(store):
    now = time.time()
    long_ago = now - 40 * 86400
    save(store, say(session("old", long_ago), "greet", "hello", "utter_greet", timestamp=long_ago))
    save(store, say(session("recent", long_ago), "greet", "hello", "utter_greet", timestamp=long_ago))
    recent = asyncio.run(store.retrieve("recent"))
    save(store, say(recent, "thanks", "thanks", "utter_you_are_welcome", timestamp=now - 86400))
    save(store, say(session("today"), "greet", "hi", "utter_greet"))
    assert store.purge(30, now=now) == (1, 7)
    assert store.count_events("old") == 0 and store.count_events("recent") == 11
    assert store.purge(0.5, now=now) == (1, 11)
    assert store.forget("today") == 7 and store.forget("today") == 0


def test_privacy_cli(store, capsys):
    save(store, say(session("cli"), "greet", "hello", "utter_greet"))
    assert privacy.main(["purge", "--days", "1"]) == 0
    assert "Deleted 0 conversations" in capsys.readouterr().out
    assert privacy.main(["forget", "cli", "nobody"]) == 0
    out = capsys.readouterr().out
    assert "cli: deleted 7 stored events." in out and "nobody: deleted 0" in out
    assert store.count_events("cli") == 0


def test_privacy_cli_reports_bad_settings(monkeypatch, capsys):
    monkeypatch.setenv("DB_URL", "mysql://db/x")
    assert privacy.main(["forget", "x"]) == 2
    assert "DB_URL" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        privacy.main(["purge", "--days", "-1"])


def test_lock_store_from_the_environment():
    assert isinstance(HipbotLockStore(env={}), InMemoryLockStore)
    redis = HipbotLockStore(env={"REDIS_URL": "redis://:pw@127.0.0.1:6399/3"})
    assert isinstance(redis, RedisLockStore)
    assert redis.red.connection_pool.connection_kwargs["port"] == 6399
    assert redis.red.connection_pool.connection_kwargs["db"] == 3
    with pytest.raises(StoreSettingsError, match="REDIS_URL"):
        HipbotLockStore(env={"SANIC_WORKERS": "2"})
