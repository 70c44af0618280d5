"""The lock store from the environment: Redis from ``REDIS_URL``, otherwise in memory.

endpoints.yml names ``bot.stores.lock_store.HipbotLockStore``. Rasa instantiates that class
with the endpoint config; it returns Rasa's own ``RedisLockStore`` or ``InMemoryLockStore``, so
Rasa treats it exactly as if that store had been configured (including its check that several
Sanic workers need Redis).
"""
from __future__ import annotations

import logging
import os
from typing import Any, Mapping, Optional

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

from bot.stores import settings

logger = logging.getLogger(__name__)


class HipbotLockStore:
    def __new__(cls, endpoint_config: Any = None, env: Optional[Mapping[str, str]] = None) -> LockStore:  # type: ignore[misc]
        env = os.environ if env is None else env
        redis = settings.lock_store_kwargs(env)
        if redis is None:
            if int(env.get("SANIC_WORKERS") or 1) > 1:
                raise settings.StoreSettingsError(
                    "SANIC_WORKERS > 1 needs a shared lock store: set REDIS_URL (the in-memory one is per process)."
                )
            logger.info("Lock store: in memory (one Rasa process; set REDIS_URL for several).")
            return InMemoryLockStore()
        logger.info("Lock store: Redis on %s:%s, database %s.", redis["host"], redis["port"], redis["db"])
        return RedisLockStore(**redis)
