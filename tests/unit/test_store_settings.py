"""Which tracker and lock store the environment selects, and when a turn deletes a conversation."""
from pathlib import Path

import pytest

from bot.stores import forget, settings
from bot.stores.settings import StoreSettingsError, lock_store_kwargs, tracker_store_kwargs


def test_default_is_a_sqlite_file_under_var():
    kwargs = tracker_store_kwargs({})
    assert kwargs == {"dialect": "sqlite", "db": str(settings.PROJECT / "var" / "conversations.db")}


def test_sqlite_path_from_the_environment(tmp_path):
    assert tracker_store_kwargs({"HIPBOT_SQLITE_PATH": str(tmp_path / "c.db")})["db"] == str(tmp_path / "c.db")


def test_postgres_from_db_url():
    kwargs = tracker_store_kwargs({"DB_URL": "postgresql+psycopg2://bot:s%40cret@db.internal:5433/hipbot?sslmode=require",
                                   "DB_HOST": "ignored"})
    assert kwargs == {"dialect": "postgresql", "host": "db.internal", "port": 5433, "db": "hipbot",
                      "username": "bot", "password": "s@cret", "query": {"sslmode": "require"}}
    assert "login_db" not in kwargs
    assert tracker_store_kwargs({"DB_URL": "postgres://db/x"})["dialect"] == "postgresql"


def test_sqlite_db_url_absolute_and_relative():
    assert tracker_store_kwargs({"DB_URL": "sqlite:////srv/hipbot/c.db"})["db"] == "/srv/hipbot/c.db"
    assert tracker_store_kwargs({"DB_URL": "sqlite:///c.db"})["db"] == str(Path("c.db").resolve())


def test_postgres_from_the_helm_chart_variables():
    env = {"DB_HOST": "pg", "DB_PORT": "5432", "DB_USER": "rasa", "DB_PASSWORD": "pw", "DB_DATABASE": "hipbot"}
    assert tracker_store_kwargs(env) == {"dialect": "postgresql", "host": "pg", "port": 5432, "username": "rasa",
                                         "password": "pw", "db": "hipbot"}


@pytest.mark.parametrize("env, variable", [
    ({"DB_URL": "mysql://db/x"}, "DB_URL"),
    ({"DB_URL": "postgresql://db"}, "DB_URL"),
    ({"DB_URL": "postgresql://db:notaport/x"}, "DB_URL"),
    ({"DB_URL": "sqlite://"}, "DB_URL"),
    ({"DB_HOST": "pg", "DB_PORT": "five"}, "DB_PORT"),
])
def test_unusable_database_settings_name_the_variable(env, variable):
    with pytest.raises(StoreSettingsError, match=variable):
        tracker_store_kwargs(env)


def test_description_never_shows_the_password():
    text = settings.describe(tracker_store_kwargs({"DB_URL": "postgresql://bot:topsecret@db:5432/hipbot"}))
    assert "topsecret" not in text and "db:5432" in text


def test_lock_store_in_memory_unless_redis_url():
    assert lock_store_kwargs({}) is None
    assert lock_store_kwargs({"REDIS_URL": "redis://:pw@cache:6380/2"}) == {
        "host": "cache", "port": 6380, "db": 2, "username": None, "password": "pw", "use_ssl": False,
        "key_prefix": "hipbot"}
    assert lock_store_kwargs({"REDIS_URL": "rediss://cache"})["use_ssl"] is True
    assert lock_store_kwargs({"REDIS_URL": "redis://cache"})["db"] == 1
    assert lock_store_kwargs({"REDIS_HOST": "r", "REDIS_PORT": "6390", "REDIS_PASSWORD": "pw"}) == {
        "host": "r", "port": 6390, "db": 1, "username": None, "password": "pw", "use_ssl": False, "key_prefix": "hipbot"}


@pytest.mark.parametrize("url", ["http://cache", "redis://", "redis://cache/abc", "redis://cache:x"])
def test_unusable_redis_url(url):
    with pytest.raises(StoreSettingsError, match="REDIS_URL"):
        lock_store_kwargs({"REDIS_URL": url})


def user(intent, text="..."):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def action(name):
    return {"event": "action", "name": name}


LISTEN = action("action_listen")
ASKED = [user("forget_me"), action(forget.ASK), {"event": "bot", "text": "sure?"}, LISTEN]


@pytest.mark.parametrize("intent", sorted(forget.CONFIRMING_INTENTS))
def test_a_confirmed_deletion(intent):
    assert forget.deletion_confirmed([*ASKED, user(intent), action(forget.DELETED), LISTEN])


@pytest.mark.parametrize("events", [
    [],
    ASKED,
    # deleted without the question before
    [user("affirm"), action(forget.DELETED), LISTEN],
    [user("greet"), action("utter_greet"), LISTEN, user("confirm_forget"), action(forget.DELETED)],
    # the question, then something else than a confirmation
    [*ASKED, user("ask_causes"), action(forget.DELETED)],
    # the question was not the bot's last action before the confirmation
    [*ASKED, user("greet"), action("utter_greet"), LISTEN, user("affirm"), action(forget.DELETED)],
    # a deletion in an earlier turn is not this turn's
    [*ASKED, user("affirm"), action(forget.DELETED), LISTEN, user("greet"), action("utter_greet")],
])
def test_no_deletion_without_the_confirmed_sequence(events):
    assert not forget.deletion_confirmed(events)


def test_the_names_match_the_domain_and_rules():
    import yaml

    domain = yaml.safe_load((settings.PROJECT / "domain.yml").read_text())
    assert {forget.ASK, forget.DELETED} <= set(domain["responses"])
    assert {"forget_me", *forget.CONFIRMING_INTENTS, "cancel_forget"} <= set(domain["intents"])
    rules = yaml.safe_load((settings.PROJECT / "data" / "rules" / "privacy.yml").read_text())["rules"]
    deleting = [r for r in rules if {"action": forget.DELETED} in r["steps"]]
    assert deleting and all(r["steps"][0] == {"action": forget.ASK} for r in deleting)
    confirmations = {step["intent"] for r in deleting for step in r["steps"][1]["or"]}
    assert confirmations == forget.CONFIRMING_INTENTS
