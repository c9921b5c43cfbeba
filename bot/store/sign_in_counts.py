"""Sign-in failure counts in the staff database, so that every web process (and a restarted one) slows the same
guesses (bot.domain.sign_in_throttle). If the database cannot be reached, this process counts in its own memory
until it can: sign-in is never blocked by the counting itself.

Each change is a read and a write in one transaction; two processes counting the same failure at the same instant
may count it once. That only makes a guess a little cheaper, never locks anyone out.
"""

from __future__ import annotations

import logging
import math
import time

from sqlalchemy import delete
from sqlalchemy.exc import SQLAlchemyError

from bot.domain.sign_in_throttle import Counts, MemoryCounts, _Count
from bot.store import db
from bot.store.models import SignInCount

log = logging.getLogger(__name__)
FORGET_AFTER = 900.0  # seconds after the last failure (the throttle's forget_after)
SWEEP_EVERY = 100  # writes between deletions of forgotten rows


class DatabaseCounts(Counts):
    def __init__(self, forget_after: float = FORGET_AFTER) -> None:
        self.forget_after = forget_after
        self.memory = MemoryCounts()  # only while the database is out
        self._writes = 0

    def _fallback(self, error: SQLAlchemyError) -> MemoryCounts:
        log.warning("sign-in counts: database unavailable (%s); counting in this process", type(error).__name__)
        return self.memory

    def get(self, kind: str, key: str) -> _Count | None:
        try:
            with db.session() as session:
                row = session.get(SignInCount, (kind, key))
                if row is None:
                    return self.memory.get(kind, key)
                noted = row.refusal_noted if row.refusal_noted is not None else -math.inf
                return _Count(int(row.failures), float(row.last_failure), float(row.next_turn), float(noted))
        except SQLAlchemyError as error:
            return self._fallback(error).get(kind, key)

    def put(self, kind: str, key: str, count: _Count) -> None:
        try:
            with db.session() as session:
                row = session.get(SignInCount, (kind, key)) or SignInCount(kind=kind, key=key)
                row.failures, row.last_failure, row.next_turn = count.failures, count.last_failure, count.next_turn
                row.refusal_noted = count.refusal_noted if math.isfinite(count.refusal_noted) else None
                session.add(row)
                self._writes += 1
                if self._writes % SWEEP_EVERY == 0:  # keep the table small: forgotten counts go
                    old = time.time() - self.forget_after
                    session.execute(delete(SignInCount).where(SignInCount.last_failure < old,
                                                              SignInCount.next_turn < old))
            self.memory.drop(kind, key)
        except SQLAlchemyError as error:
            self._fallback(error).put(kind, key, count)

    def drop(self, kind: str, key: str) -> None:
        self.memory.drop(kind, key)
        try:
            with db.session() as session:
                session.execute(delete(SignInCount).where(SignInCount.kind == kind, SignInCount.key == key))
        except SQLAlchemyError as error:
            self._fallback(error)
