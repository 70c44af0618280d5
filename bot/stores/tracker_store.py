"""Rasa's SQL tracker store, configured from the environment, that can forget.

endpoints.yml names ``bot.stores.tracker_store.HipbotTrackerStore``; the database comes from
``bot/stores/settings.py`` (SQLite file by default, PostgreSQL from ``DB_URL`` or ``DB_HOST``...).
On top of Rasa's ``SQLTrackerStore`` it
- deletes every stored event of a sender when a turn confirmed "delete my data"
  (``bot/stores/forget.py``) and stores nothing of that turn;
- does not store a conversation in which nobody said anything (an operator's tracker query or a
  session start alone leaves no row);
- offers ``forget(sender)`` and ``purge(older_than_days)`` for the operator CLI
  (``python -m bot.tools.privacy``).
Deleting in the tracker store, not in a custom action, is deliberate: the action server has no
access to the store, and Rasa saves the tracker after the action ran, which would write back
every event an action had deleted.
"""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any, Mapping, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot.stores import forget, settings

logger = logging.getLogger(__name__)
DAY_SECONDS = 24 * 60 * 60


class HipbotTrackerStore(SQLTrackerStore):
    def __init__(self, domain=None, event_broker=None, host: Optional[str] = None,
                 env: Optional[Mapping[str, str]] = None, **kwargs: Any) -> None:
        store = settings.tracker_store_kwargs(os.environ if env is None else env)
        if store["dialect"] == "sqlite":
            Path(store["db"]).parent.mkdir(parents=True, exist_ok=True)
        logger.info("Conversations are stored in the %s.", settings.describe(store))
        super().__init__(domain, event_broker=event_broker, **store, **kwargs)

    async def save(self, tracker: DialogueStateTracker) -> None:
        events = [event.as_dict() for event in tracker.events]
        if forget.deletion_confirmed(events):
            deleted = self.forget(tracker.sender_id)
            logger.info("Deleted a conversation at the user's request (%d events).", deleted)
            return
        if not forget.has_user_message(events):
            return
        await super().save(tracker)

    def forget(self, sender_id: str) -> int:
        """Delete every stored event of this sender; returns how many were deleted."""
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete(
                synchronize_session=False
            )
            session.commit()
        return deleted

    def purge(self, older_than_days: float, now: Optional[float] = None) -> tuple[int, int]:
        """Delete whole conversations whose latest event is older than that many days.

        Returns (conversations, events) deleted."""
        import sqlalchemy as sa

        cutoff = (time.time() if now is None else now) - older_than_days * DAY_SECONDS
        event = self.SQLEvent
        with self.session_scope() as session:
            stale = (session.query(event.sender_id).group_by(event.sender_id)
                     .having(sa.func.max(event.timestamp) < cutoff))
            senders = [sender for (sender,) in stale.all()]
            deleted = 0
            for start in range(0, len(senders), 500):
                chunk = senders[start:start + 500]
                deleted += session.query(event).filter(event.sender_id.in_(chunk)).delete(synchronize_session=False)
            session.commit()
        return len(senders), deleted

    def count_events(self, sender_id: str) -> int:
        with self.session_scope() as session:
            return session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).count()
