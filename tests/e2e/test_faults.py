"""Faults: the action server stopped, frozen (slow) and restarted, the tracker store locked for a
moment, the Rasa server restarted, each in the middle of a conversation.

The user always gets a safe reply (the emergency number and the professional-assessment
recommendation), the conversation goes on once the fault is over, and no stored event is lost
(the events stored before a fault are still the start of the conversation afterwards).

These servers are this module's own, so that stopping them does not disturb other tests. They
keep conversations in a SQLite tracker store (``build/test/faults/tracker.db``), which is what
makes "no stored event lost" checkable across a restart, and the reply deadline is short.
"""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import uuid

import pytest

from bot.countries import configured_country
from bot.knowledge import knowledge
from bot.replies import recommendation
from tests.conftest import TEST_BUILD
from tests.e2e.clients import SocketSession
from tests.e2e.conftest import Servers

pytestmark = pytest.mark.slow

WORKDIR = TEST_BUILD / "faults"
TRACKER_DB = WORKDIR / "tracker.db"
REPLY_DEADLINE_SECONDS = "8"


@pytest.fixture(scope="module")
def faults(trained_model):
    shutil.rmtree(WORKDIR, ignore_errors=True)
    setup = Servers(trained_model, WORKDIR,
                    tracker_store=f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{TRACKER_DB}"\n',
                    env={"HIPBOT_REPLY_DEADLINE_SECONDS": REPLY_DEADLINE_SECONDS})
    try:
        setup.start()
        yield setup
    finally:
        setup.stop()


def new_user() -> str:
    return f"fault-{uuid.uuid4().hex}"


def text_of(replies: list[dict]) -> str:
    return "\n\n".join(r.get("text") or "" for r in replies)


def assert_safe(replies: list[dict]) -> None:
    text = text_of(replies)
    assert configured_country().emergency in text, text
    assert recommendation() in text, text


def assert_answers(replies: list[dict], condition: str) -> None:
    text = text_of(replies)
    assert knowledge().get(condition).name in text, text
    assert recommendation() in text


def user_texts(events: list[dict]) -> list[str]:
    return [e["text"] for e in events if e["event"] == "user"]


def test_action_server_stopped_and_restarted_mid_conversation(faults):
    user = new_user()
    assert_answers(faults.say(user, "what is bursitis?"), "bursitis")
    stored = faults.events(user)
    faults.stop_actions()
    try:
        for message in ["how is it treated?", "I fell and now I can't stand on my leg"]:
            assert_safe(faults.say(user, message))
        with SocketSession(faults.url) as session:
            assert_safe(session.say("what is sciatica?"))
    finally:
        faults.start_actions()
    assert_answers(faults.say(user, "what is sciatica?"), "sciatica")
    events = faults.events(user)
    assert events[:len(stored)] == stored
    assert user_texts(events) == ["what is bursitis?", "how is it treated?", "I fell and now I can't stand on my leg",
                                  "what is sciatica?"]


def test_slow_action_server_gets_the_safe_reply_and_the_turn_still_completes(faults):
    user = new_user()
    faults.say(user, "hello")
    os.kill(faults.actions.pid, signal.SIGSTOP)  # frozen: takes connections, never answers
    try:
        assert_safe(faults.say(user, "what is bursitis?"))
    finally:
        os.kill(faults.actions.pid, signal.SIGCONT)
    # The late turn finishes in the background; the next message follows up on its topic.
    assert_answers(faults.say(user, "how is it treated?"), "bursitis")
    assert user_texts(faults.events(user)) == ["hello", "what is bursitis?", "how is it treated?"]


def test_tracker_store_locked_for_a_moment(faults):
    user = new_user()
    assert_answers(faults.say(user, "what is bursitis?"), "bursitis")
    stored = faults.events(user)
    lock = sqlite3.connect(TRACKER_DB, timeout=60, isolation_level=None)
    try:
        lock.execute("BEGIN EXCLUSIVE")  # no other connection can read or write until released
        assert_safe(faults.say(user, "how is it treated?", timeout=60))
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert_answers(faults.say(user, "what is sciatica?"), "sciatica")
    events = faults.events(user)
    assert events[:len(stored)] == stored
    assert user_texts(events)[0] == "what is bursitis?" and user_texts(events)[-1] == "what is sciatica?"


def test_rasa_server_restarted_mid_conversation(faults):
    user = new_user()
    assert_answers(faults.say(user, "what is bursitis?"), "bursitis")
    stored = faults.events(user)
    faults.stop_rasa()
    faults.start_rasa()
    assert faults.events(user)[:len(stored)] == stored
    assert_answers(faults.say(user, "how is it treated?"), "bursitis")  # the topic is remembered
    assert user_texts(faults.events(user)) == ["what is bursitis?", "how is it treated?"]
