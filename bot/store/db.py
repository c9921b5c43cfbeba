"""Database engine and sessions (SQLAlchemy 1.4). SQLite by default, PostgreSQL via SEND_DATABASE_URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker

from bot.settings import database_url

Base = declarative_base()


@lru_cache(maxsize=4)
def engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        # hide_parameters everywhere: errors are logged, and their parameters can be personal data.
        eng = create_engine(url, future=True, hide_parameters=True, connect_args={"timeout": 5})

        @event.listens_for(eng, "connect")
        def _sqlite_pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            # Deleted rows (contact details after "stop", purged enquiries) are overwritten, not left in free
            # pages: Debian's SQLite does this by default, other builds do not.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        return eng
    # pool_pre_ping: a connection dropped while the database was down is replaced, not reused.
    return create_engine(
        url, future=True, hide_parameters=True, pool_pre_ping=True, pool_size=5, max_overflow=5, pool_timeout=3,
        connect_args={"connect_timeout": 3},
    )


@contextmanager
def session(url: str | None = None) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on any error."""
    maker = sessionmaker(bind=engine(url), future=True, expire_on_commit=False)
    with maker() as db:
        with db.begin():
            yield db
