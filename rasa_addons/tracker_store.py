"""Rasa's SQL tracker store, with personal data redacted before anything is written, switched by settings.

The database is SEND_TRACKER_DB_URL (an SQLAlchemy URL, e.g. postgresql://rasa@db/rasa; default the SQLite file
var/tracker.db), defined once in bot.settings and used by retention (bot/store/retention.py) too, so the same
endpoints.yml serves one machine and several replicas; a `dialect`/`db` given in endpoints.yml is not used.
Connections are checked before use (pool_pre_ping), so the store recovers by itself when the database comes
back after an outage; meanwhile Rasa's FailSafeTrackerStore answers from memory.

User messages (and their parse data) pass through bot.domain.privacy.redact (emails, phones, postcodes, NI
numbers...). The answer to "what name should the adviser use?" is replaced entirely, as names cannot be
detected reliably; the hand-off form keeps the real details outside the conversation.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import ActionExecuted, Event, Restarted, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot import settings
from bot.domain import privacy
from bot.domain.privacy import CHECK_YOUR_ANSWERS, redact
from bot.store import retention

# "Delete my conversation": the action (actions/privacy.py) forgets what the knowledge database holds and
# returns Restarted; this store, which owns the conversation, deletes every stored event when it saves that turn.
DELETE_ACTION = "action_delete_conversation"
BOT_METADATA_KEPT = ("utter_action",)  # what insights and "not sure" counting read (bot.store.insights)
WHOLE_ANSWER_SLOTS = {"contact_name", "contact_details", "best_time", "handoff_summary"}
# Set on a tracker by retrieve/save: how many of its events are already stored. A turn is retrieved,
# run and saved under the conversation's lock, so this saves a count query per turn, and a conversation
# deleted part-way through a turn ("delete my conversation") is not written back whole.
STORED = "_send_events_stored"
log = logging.getLogger(__name__)


def redact_event(data: dict[str, Any], requested_slot: str | None) -> dict[str, Any]:
    """Personal data out of what the parent typed (or sent as a "/intent{...}" payload) and out of the
    bot's own replies (an error reply may repeat a mistyped email)."""
    if data.get("event") == "bot":
        text = data.get("text")
        clean = text and (CHECK_YOUR_ANSWERS if str(text).startswith(CHECK_YOUR_ANSWERS) else redact(str(text)))
        # A response sent with variables ({name}, {contact}, the mistyped email...) carries them in its metadata
        # (Rasa puts every key of the action's message there): only the response's name is kept.
        metadata = data.get("metadata") or {}
        kept = {key: metadata[key] for key in BOT_METADATA_KEPT if key in metadata}
        if clean == text and kept == metadata:
            return data
        return {**data, "text": clean, "metadata": kept}
    if data.get("event") != "user" or not data.get("text"):
        return data
    text = str(data["text"])
    if requested_slot in WHOLE_ANSWER_SLOTS and not text.startswith("/"):
        clean = "{{" + requested_slot.upper() + "}}"
    else:
        clean = redact(text)
    if clean == text:
        return data
    data = {**data, "text": clean}
    parse = dict(data.get("parse_data") or {})
    if parse:
        parse["text"] = clean
        parse["entities"] = [e for e in parse.get("entities", []) if e.get("entity") in {"faq_key", "area"}]
        data["parse_data"] = parse
    return data


def after_deletion(events: list[Event]) -> int | None:
    """Where the conversation starts again in a turn that deleted it: just after the Restarted that
    action_delete_conversation returned (None: no deletion in these events)."""
    asked = False
    for index, event in enumerate(events):
        if isinstance(event, ActionExecuted) and event.action_name == DELETE_ACTION:
            asked = True
        elif asked and isinstance(event, Restarted):
            return index + 1
    return None


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """WAL and synchronous=NORMAL: a commit no longer waits for two fsyncs (a tenth of the server's CPU
    time under load); a power cut can lose the last turns, never corrupt the file."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA secure_delete=ON")  # deleted conversations are overwritten, not left in free pages
    cursor.close()


class RedactingSQLTrackerStore(SQLTrackerStore):
    engine: Any  # SQLAlchemy's Engine: Rasa's __init__ makes one, replaced below

    def __init__(self, domain: Any = None, dialect: str = "sqlite", host: str | None = None,
                 port: int | None = None, db: str = "rasa.db", username: str | None = None,
                 password: str | None = None, event_broker: Any = None, login_db: str | None = None,
                 query: dict | None = None, **kwargs: Any) -> None:
        parsed = sa.engine.make_url(settings.current().tracker_db_url)
        dialect, host, port, db = parsed.drivername, parsed.host, parsed.port, parsed.database or db
        username, password, query, login_db = parsed.username, parsed.password, dict(parsed.query) or None, None
        if parsed.get_backend_name() == "sqlite" and db and db != ":memory:":
            # A fresh checkout has no var/ yet; without its folder every turn's save fails and the parent's
            # conversation is forgotten between messages.
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(domain, dialect, host, port, db, username, password, event_broker, login_db, query,
                         **kwargs)
        engine_url = self.engine.url
        options = create_engine_kwargs(engine_url)
        if engine_url.get_backend_name() == "postgresql":  # fail fast while the database is unreachable
            options.setdefault("connect_args", {})["connect_timeout"] = 3
        elif engine_url.get_backend_name() == "sqlite":
            # SQLAlchemy 1.4 opens and closes a new connection per session for an SQLite file (NullPool);
            # the close checkpoints the WAL. Keeping connections was a tenth of the server's CPU under
            # load (docs/benchmark.md). Rasa uses the store from its event-loop thread only.
            options.update(poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False})
        self.engine.dispose()
        # hide_parameters: a failed write must not put what the parent typed into the log.
        self.engine = sa.create_engine(engine_url, pool_pre_ping=True, hide_parameters=True, **options)
        if engine_url.get_backend_name() == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._deletions_due: set[str] = set()  # conversations whose deletion failed (database down)
        privacy.warm_up()  # every message is redacted before it is stored
        retention.ensure_event_indexes(self.engine)

    def _events_where(self, query: Any, sender_id: str, all_sessions: bool) -> Any:
        """Rasa's `_event_query` filter (this sender; from the latest session start unless all sessions),
        in SQLAlchemy Core: the same rows without building an ORM object per event, which was most of the
        store's cost under load (py-spy, docs/benchmark.md)."""
        events = self.SQLEvent.__table__
        query = query.where(events.c.sender_id == sender_id)
        if all_sessions:
            return query
        start = (sa.select(sa.func.max(events.c.timestamp))
                 .where(events.c.sender_id == sender_id, events.c.type_name == SessionStarted.type_name)
                 .scalar_subquery())
        return query.where(sa.or_(events.c.timestamp >= start, start.is_(None)))

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        if sender_id in self._deletions_due:
            return None
        events = self.SQLEvent.__table__
        query = self._events_where(sa.select(events.c.data), sender_id, fetch_events_from_all_sessions)
        with self.session_scope() as session:
            rows = session.execute(query.order_by(events.c.id)).scalars().all()
        if not self.domain or not rows:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, [json.loads(row) for row in rows], self.domain.slots)
        if not fetch_events_from_all_sessions:
            setattr(tracker, STORED, len(rows))
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        stored = getattr(tracker, STORED, None)
        if stored is not None:
            return itertools.islice(tracker.events, stored, len(tracker.events))
        query = self._events_where(sa.select(sa.func.count()).select_from(self.SQLEvent.__table__),
                                   tracker.sender_id, all_sessions=False)
        stored = session.execute(query).scalar_one()
        return itertools.islice(tracker.events, stored, len(tracker.events))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        sender = tracker.sender_id
        requested: str | None = None
        unsaved = list(itertools.islice(tracker.events, getattr(tracker, STORED, 0), None))
        deleting = after_deletion(unsaved) is not None or sender in self._deletions_due
        try:
            with self.session_scope() as session:
                new_events = list(self._additional_events(session, tracker))
                cut = after_deletion(new_events)
                if cut is not None:
                    new_events = new_events[cut:]  # nothing said before "delete my conversation" is kept
                elif deleting:
                    new_events = list(tracker.events)  # a deletion that failed earlier: this tracker is new
                stored = 0 if deleting else len(tracker.events) - len(new_events)
                if deleting:
                    session.execute(self.SQLEvent.__table__.delete().where(
                        self.SQLEvent.__table__.c.sender_id == sender))
                # What was asked just before the new events: the last requested_slot already stored.
                for event in itertools.islice(tracker.events, stored):
                    if getattr(event, "key", None) == "requested_slot":
                        requested = event.value
                rows = []
                for event in new_events:
                    data = event.as_dict()
                    if data.get("event") == "slot" and data.get("name") == "requested_slot":
                        requested = data.get("value")
                    data = redact_event(data, requested)
                    rows.append({
                        "sender_id": sender, "type_name": event.type_name, "timestamp": data.get("timestamp"),
                        "intent_name": (data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                        "action_name": data.get("name"), "data": json.dumps(data),
                    })
                if rows:
                    session.execute(self.SQLEvent.__table__.insert(), rows)
                session.commit()
        except Exception:
            if deleting:  # tried again at this conversation's next turn; meanwhile it is not read back
                self._deletions_due.add(sender)
                log.error("deleting a conversation failed; it is deleted at its next turn")
            raise
        if deleting:
            self._deletions_due.discard(sender)
            if self.engine.url.get_backend_name() == "sqlite":
                with self.engine.connect() as connection:  # the overwritten pages into the file, the WAL emptied
                    connection.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        setattr(tracker, STORED, len(tracker.events))
