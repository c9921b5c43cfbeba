"""Retention: delete old conversations and their "Was this helpful?" answers, closed enquiries, audit entries,
sent team emails, expired staff sessions, staff accounts turned off long ago and old weekly insight counts (run
daily: `python -m bot purge`, which also retries team emails still waiting in the outbox, and first rolls up the
weekly insight counts of the conversations it is about to delete).

Conversations live in Rasa's tracker store (table `events`, SQLite var/tracker.db by default or
SEND_TRACKER_DB_URL); enquiries in the knowledge database.
"""

from __future__ import annotations

import datetime as dt
import os
import time

from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import Engine

from bot.settings import ROOT
from bot.store import audit, db, enquiries, feedback, insights, notify, staff_accounts
from bot.store.models import PendingContact

CONVERSATION_DAYS = int(os.environ.get("SEND_CONVERSATION_RETENTION_DAYS", "30"))
ENQUIRY_DAYS = int(os.environ.get("SEND_ENQUIRY_RETENTION_DAYS", "365"))
# The audit trail is kept for the enquiry retention period unless set on its own.
AUDIT_DAYS = int(os.environ.get("SEND_AUDIT_RETENTION_DAYS", "") or ENQUIRY_DAYS)
# Weekly insight counts (no personal data: bot.store.insights) and accounts turned off by an admin.
INSIGHTS_DAYS = int(os.environ.get("SEND_INSIGHTS_RETENTION_DAYS", "730"))
DISABLED_ACCOUNT_DAYS = int(os.environ.get("SEND_DISABLED_ACCOUNT_RETENTION_DAYS", "") or AUDIT_DAYS)
OUTBOX_DAYS = 30  # sent team emails (they hold no personal data); unsent ones stay until they go


def tracker_url() -> str:
    return os.environ.get("SEND_TRACKER_DB_URL", f"sqlite:///{ROOT / 'var' / 'tracker.db'}")


def _tracker_engine(url: str | None = None) -> Engine:
    return create_engine(url or tracker_url(), future=True)


def purge_conversations(older_than_days: int = CONVERSATION_DAYS, url: str | None = None) -> int:
    """Delete every conversation whose last event is older than the limit. Returns events deleted."""
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


def purge_all(conversation_days: int = CONVERSATION_DAYS, enquiry_days: int = ENQUIRY_DAYS,
              audit_days: int = AUDIT_DAYS, insights_days: int = INSIGHTS_DAYS,
              disabled_account_days: int = DISABLED_ACCOUNT_DAYS) -> dict[str, int]:
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
