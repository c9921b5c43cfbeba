"""Webhook ids already accepted, kept in the conversation store's database so that every Rasa process shares them.

Twilio's signature has no timestamp and Telegram's secret header never changes, so a request copied once (from a
proxy's log, say) would pass its check again and again. Each carries its own id (Twilio's `MessageSid`,
Telegram's `update_id`): the channel accepts a request only the first time its id is recorded here. In the
database, not in memory, so that a restart does not forget and several replicas refuse a request another replica
ran. Ids are kept for `window` seconds (a week for the channels); older rows go as new ones come. If the database
cannot be reached, each process falls back to remembering in its own memory (bounded), so webhooks keep working
through an outage.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache

from sqlalchemy import Column, Float, MetaData, String, Table, delete, insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, ProgrammingError, SQLAlchemyError

from bot import settings

log = logging.getLogger(__name__)

_METADATA = MetaData()
WEBHOOK_IDS = Table(
    "send_webhook_ids", _METADATA,
    Column("key", String(255), primary_key=True),  # "<channel>:<id>"
    Column("seen_at", Float, nullable=False, index=True),  # seconds since the epoch: shared by every process
)
MEMORY_LIMIT = 50_000  # ids each process keeps in memory while the database is out


_TABLE_MADE: set[str] = set()  # database URLs where the table is known to exist


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    from bot.store import retention

    return retention._tracker_engine(url)


def _ready(url: str) -> Engine:
    engine = _engine(url)
    if url not in _TABLE_MADE:
        try:
            _METADATA.create_all(engine, checkfirst=True)
        except (IntegrityError, ProgrammingError):
            # Two replicas creating the table at once (PostgreSQL refuses one of them): the other made it.
            log.info("webhook ids: the table was made by another process")
        _TABLE_MADE.add(url)
    return engine


class SeenRecently:
    """`first_time(key)` is True once per key within `window` seconds."""

    def __init__(self, window: float, url: str | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.window = window
        self.url = url
        self.clock = clock
        self._memory: OrderedDict[str, float] = OrderedDict()  # only while the database is out
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        """True (and remember `key`) if it was not seen in the window; False for a repeat. Blocking: call it
        from a thread, not the event loop."""
        now = self.clock()
        key = key[:255]
        try:
            engine = _ready(self.url or settings.current().tracker_db_url)
            with engine.begin() as connection:
                connection.execute(delete(WEBHOOK_IDS).where(WEBHOOK_IDS.c.seen_at < now - self.window))
            with engine.begin() as connection:
                connection.execute(insert(WEBHOOK_IDS).values(key=key, seen_at=now))
            return True
        except IntegrityError:
            return False  # recorded before, by this process or another
        except SQLAlchemyError as error:
            log.warning("webhook ids: database unavailable (%s); remembering in this process",
                        type(error).__name__)
            return self._first_time_in_memory(key, now)

    def _first_time_in_memory(self, key: str, now: float) -> bool:
        with self._lock:
            while self._memory and now - next(iter(self._memory.values())) > self.window:
                self._memory.popitem(last=False)  # expired (insertion order is time order)
            if key in self._memory:
                return False
            while len(self._memory) >= MEMORY_LIMIT:
                self._memory.popitem(last=False)
            self._memory[key] = now
            return True


REPLAY_WINDOW_SECONDS = 7 * 24 * 3600  # a week: far longer than Twilio's and Telegram's own retries
accepted = SeenRecently(REPLAY_WINDOW_SECONDS)  # what the channels use (rasa_addons/channels/)
