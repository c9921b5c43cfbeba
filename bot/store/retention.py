"""Retention: delete old conversations and their "Was this helpful?" answers, closed enquiries, audit entries,
sent team emails, expired staff sessions, staff accounts turned off long ago and old weekly insight counts (run
daily: `python -m bot purge`, which also retries team emails still waiting in the outbox, and first rolls up the
weekly insight counts of the conversations it is about to delete).

Conversations live in Rasa's tracker store (table `events`, at SEND_TRACKER_DB_URL: bot.settings, the same
definition rasa_addons/tracker_store.py uses); enquiries in the knowledge database.
"""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import create_engine, delete, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot import settings
from bot.store import audit, db, enquiries, feedback, insights, notify, staff_accounts
from bot.store.models import PendingContact

# How long conversations, enquiries, the audit trail, weekly insight counts and accounts turned off by an admin
# are kept: settings.current().retention (SEND_*_RETENTION_DAYS).
OUTBOX_DAYS = 30  # sent team emails (they hold no personal data); unsent ones stay until they go


def _tracker_engine(url: str | None = None) -> Engine:
    return create_engine(url or settings.current().tracker_db_url, future=True)


# Rasa indexes the events table by conversation only. Insights read a period (this week's turns; the questions not
# understood) and retention purges by time, so these are added by the conversation store's owner as it starts
# (rasa_addons/tracker_store.py). On a large existing table the first start takes longer while they are built.
EVENT_INDEXES = {"ix_events_timestamp": "timestamp",
                 "ix_events_type_intent_timestamp": "type_name, intent_name, timestamp"}


def ensure_event_indexes(engine: Engine) -> None:
    """Make the indexes if they are missing. Two replicas starting at once both run CREATE INDEX IF NOT EXISTS,
    and PostgreSQL lets one of them fail with a unique violation on its catalogue: that index is made, by the
    other replica, so it counts as done (a replica had stopped while starting)."""
    for name, columns in EVENT_INDEXES.items():
        try:
            with engine.begin() as connection:
                if not engine.dialect.has_table(connection, "events"):
                    return
                connection.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON events ({columns})"))
        except IntegrityError:
            with engine.connect() as connection:
                made = {index["name"] for index in inspect(connection).get_indexes("events")}
            if name not in made:
                raise


def purge_conversations(older_than_days: int | None = None, url: str | None = None) -> int:
    """Delete every conversation whose last event is older than the limit (default: the conversation retention
    period). Returns events deleted."""
    if older_than_days is None:
        older_than_days = settings.current().retention.conversations
    cutoff = time.time() - older_than_days * 86400
    engine = _tracker_engine(url)
    with engine.begin() as connection:
        if not engine.dialect.has_table(connection, "events"):
            return 0
        if engine.dialect.name == "sqlite":
            connection.execute(text("PRAGMA secure_delete=ON"))
        result = connection.execute(text(
            "DELETE FROM events WHERE sender_id IN "
            "(SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff)"),
            {"cutoff": cutoff})
        return int(result.rowcount or 0)


def delete_conversation(sender_id: str, url: str | None = None) -> int:
    """"Delete my conversation": every stored event of this conversation."""
    engine = _tracker_engine(url)
    with engine.begin() as connection:
        if not engine.dialect.has_table(connection, "events"):
            return 0
        if engine.dialect.name == "sqlite":
            connection.execute(text("PRAGMA secure_delete=ON"))
        result = connection.execute(text("DELETE FROM events WHERE sender_id = :sender"), {"sender": sender_id})
        deleted = int(result.rowcount or 0)
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:  # copy the overwritten pages into the file and empty the WAL
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return deleted


def purge_pending(older_than_hours: int = 24) -> int:
    cutoff = dt.datetime.utcnow() - dt.timedelta(hours=older_than_hours)
    with db.session() as session:
        result = session.execute(delete(PendingContact).where(PendingContact.updated_at < cutoff))
        return int(result.rowcount or 0)


def purge_all(conversation_days: int | None = None, enquiry_days: int | None = None,
              audit_days: int | None = None, insights_days: int | None = None,
              disabled_account_days: int | None = None) -> dict[str, int]:
    """Everything past its retention period; a period not given is the configured one (SEND_*_RETENTION_DAYS)."""
    days = settings.current().retention
    conversation_days = days.conversations if conversation_days is None else conversation_days
    enquiry_days = days.enquiries if enquiry_days is None else enquiry_days
    audit_days = days.audit if audit_days is None else audit_days
    insights_days = days.insights if insights_days is None else insights_days
    disabled_account_days = days.disabled_accounts if disabled_account_days is None else disabled_account_days
    counts = {
        "insight_counts_kept": insights.roll_up(),  # before the conversations they count are deleted
        "conversation_events": purge_conversations(conversation_days),
        "helpful_answers": feedback.purge(conversation_days),  # "Was this helpful?", with the conversations
        "closed_enquiries": enquiries.purge_closed(enquiry_days),
        "pending_contacts": purge_pending(),
        "audit_entries": audit.purge(audit_days),
        "sent_team_emails": notify.purge_sent(OUTBOX_DAYS),
        "staff_sessions": staff_accounts.purge_sessions(),
        "disabled_staff_accounts": staff_accounts.purge_disabled(disabled_account_days),
        "insight_counts": insights.purge(insights_days),
    }
    delivered = notify.deliver()  # the daily job is also a retry for team emails that could not go
    counts["team_emails_sent_now"] = delivered.sent
    return counts
