"""Tracker and lock store settings from environment variables (plain Python, no Rasa).

Tracker store (keyword arguments of Rasa's ``SQLTrackerStore``):
- ``DB_URL`` such as ``postgresql://user:password@db:5432/hipbot``; or
- ``DB_HOST`` with ``DB_PORT``, ``DB_USER``, ``DB_PASSWORD``, ``DB_DATABASE`` (the names Rasa's
  Helm chart uses; ``DB_DIALECT`` defaults to ``postgresql``); otherwise
- a SQLite file: ``HIPBOT_SQLITE_PATH`` or ``var/conversations.db`` in the project.
``login_db`` is never used: with it Rasa rebuilds the engine without the pool settings
(``SQL_POOL_SIZE``, ``SQL_MAX_OVERFLOW``) and ignores ``POSTGRESQL_SCHEMA``.

Lock store: ``REDIS_URL`` such as ``redis://:password@redis:6379/1``, or ``REDIS_HOST`` with
``REDIS_PORT``, ``REDIS_PASSWORD``, ``REDIS_DB`` (the Helm chart's names), gives Redis; otherwise
the in-memory lock store (one process only).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Mapping, Optional
from urllib.parse import parse_qsl, unquote, urlsplit

PROJECT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE = PROJECT / "var" / "conversations.db"
DIALECTS = {"postgres": "postgresql", "postgresql": "postgresql", "sqlite": "sqlite"}


class StoreSettingsError(ValueError):
    """A store variable is set but cannot be used; the message names the variable."""


def _port(value: Optional[str], variable: str) -> Optional[int]:
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise StoreSettingsError(f"{variable}: the port must be a number, got {value!r}.")
    return int(value)


def tracker_store_kwargs(env: Mapping[str, str]) -> Dict[str, Any]:
    """Keyword arguments for ``SQLTrackerStore`` from the environment."""
    if env.get("DB_URL"):
        return _from_url(env["DB_URL"])
    if env.get("DB_HOST"):
        return {
            "dialect": env.get("DB_DIALECT") or "postgresql",
            "host": env["DB_HOST"],
            "port": _port(env.get("DB_PORT"), "DB_PORT"),
            "username": env.get("DB_USER") or None,
            "password": env.get("DB_PASSWORD") or None,
            "db": env.get("DB_DATABASE") or "rasa",
        }
    path = Path(env.get("HIPBOT_SQLITE_PATH") or DEFAULT_SQLITE).expanduser().resolve()
    return {"dialect": "sqlite", "db": str(path)}


def _from_url(url: str) -> Dict[str, Any]:
    parts = urlsplit(url)
    scheme = parts.scheme.split("+")[0]
    if scheme not in DIALECTS:
        raise StoreSettingsError(f"DB_URL: unsupported database {parts.scheme!r} (use postgresql:// or sqlite:///).")
    dialect = DIALECTS[scheme]
    if dialect == "sqlite":
        # sqlite:///relative/file.db or sqlite:////absolute/file.db
        path = unquote(parts.path)[1:]
        if not path:
            raise StoreSettingsError("DB_URL: a sqlite URL needs a file, e.g. sqlite:////var/lib/hipbot/conversations.db")
        return {"dialect": "sqlite", "db": str(Path(path).resolve())}
    try:
        port = parts.port
    except ValueError as error:
        raise StoreSettingsError(f"DB_URL: {error}") from None
    database = unquote(parts.path.lstrip("/"))
    if not parts.hostname or not database:
        raise StoreSettingsError("DB_URL: needs a host and a database, e.g. postgresql://user:password@db:5432/hipbot")
    kwargs: Dict[str, Any] = {
        "dialect": dialect, "host": parts.hostname, "port": port, "db": database,
        "username": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
    }
    if parts.query:
        kwargs["query"] = dict(parse_qsl(parts.query))
    return kwargs


def lock_store_kwargs(env: Mapping[str, str]) -> Optional[Dict[str, Any]]:
    """Keyword arguments for Rasa's ``RedisLockStore``, or None for the in-memory lock store."""
    url = env.get("REDIS_URL")
    if not url and env.get("REDIS_HOST"):
        db = env.get("REDIS_DB") or "1"
        if not db.isdigit():
            raise StoreSettingsError(f"REDIS_DB: the database must be a number, got {db!r}.")
        return {"host": env["REDIS_HOST"], "port": _port(env.get("REDIS_PORT"), "REDIS_PORT") or 6379, "db": int(db),
                "username": None, "password": env.get("REDIS_PASSWORD") or None, "use_ssl": False,
                "key_prefix": "hipbot"}
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise StoreSettingsError("REDIS_URL: expected redis://[:password@]host[:port][/db]")
    try:
        port = parts.port or 6379
    except ValueError as error:
        raise StoreSettingsError(f"REDIS_URL: {error}") from None
    db = parts.path.lstrip("/") or "1"
    if not db.isdigit():
        raise StoreSettingsError(f"REDIS_URL: the database must be a number, got {db!r}.")
    return {
        "host": parts.hostname, "port": port, "db": int(db),
        "username": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "use_ssl": parts.scheme == "rediss",
        "key_prefix": "hipbot",
    }


def describe(kwargs: Mapping[str, Any]) -> str:
    """Where the store is, for logs: never the password."""
    if kwargs["dialect"] == "sqlite":
        return f"sqlite file {kwargs['db']}"
    return f"{kwargs['dialect']} database {kwargs['db']!r} on {kwargs['host']}:{kwargs.get('port') or 'default port'}"
