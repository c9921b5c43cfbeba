"""The audit trail: who viewed, exported or changed an enquiry and when; sign-ins and failed sign-ins.

Written in the same request as what it records; read by admins only (/staff/audit, CSV export); kept for
the enquiry retention period (bot.store.retention). Details name what was done, never what a parent wrote.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.store import db
from bot.store.models import AuditEntry

ACTIONS = {
    "signed_in": "Signed in",
    "sign_in_failed": "Failed sign-in",
    "signed_out": "Signed out",
    "account_set_up": "Staff account set up",
    "viewed_queue": "Viewed the queue",
    "viewed_enquiry": "Viewed an enquiry",
    "exported": "Exported enquiries",
    "claimed": "Claimed",
    "assigned": "Assigned",
    "closed": "Closed",
    "reopened": "Reopened",
    "noted": "Added a note",
    "viewed_audit": "Viewed the audit log",
    "exported_audit": "Exported the audit log",
    "refused": "Refused (outside their areas)",
    "account_created": "Account created",
    "account_changed": "Account areas or role changed",
    "account_disabled": "Account turned off",
    "account_enabled": "Account turned on",
    "password_reset": "Password reset",
    "password_changed": "Password changed",
    "two_factor_set_up": "Two-factor sign-in set up",
    "two_factor_removed": "Two-factor sign-in removed",
    "two_factor_failed": "Wrong two-factor code",
    "viewed_insights": "Viewed insights",
    "exported_insights": "Exported insights",
}


def record(actor: str, action: str, reference: str | None = None, detail: str = "", ip: str | None = None,
           session: Session | None = None) -> None:
    """Add one entry (in `session`'s transaction when given)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(at=dt.datetime.utcnow(), actor=(actor or "(none)")[:200], action=action,
                       reference=reference, detail=(detail or "")[:1000], ip=(ip or None) and ip[:64])
    if session is not None:
        session.add(entry)
        return
    with db.session() as own:
        own.add(entry)


@dataclass
class Page:
    entries: list[AuditEntry]
    total: int
    older: int | None  # id to pass as `before` for the next (older) page, None at the end


def entries(actor: str | None = None, action: str | None = None, reference: str | None = None,
            since: dt.date | None = None, until: dt.date | None = None, before: int | None = None,
            limit: int | None = 100) -> Page:
    """Newest first; `before` (an entry id) pages back."""
    conditions = []
    if actor:
        conditions.append(func.lower(AuditEntry.actor).contains(actor.strip().lower(), autoescape=True))
    if action:
        conditions.append(AuditEntry.action == action)
    if reference:
        conditions.append(AuditEntry.reference == reference.strip().upper())
    if since:
        conditions.append(AuditEntry.at >= dt.datetime.combine(since, dt.time()))
    if until:
        conditions.append(AuditEntry.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time()))
    with db.session() as session:
        total = int(session.execute(select(func.count(AuditEntry.id)).where(*conditions)).scalar_one())
        query = select(AuditEntry).where(*conditions)
        if before:
            query = query.where(AuditEntry.id < before)
        query = query.order_by(AuditEntry.id.desc())
        if limit:
            query = query.limit(limit + 1)
        rows = list(session.execute(query).scalars().all())
    older = None
    if limit and len(rows) > limit:
        rows = rows[:limit]
        older = rows[-1].id
    return Page(rows, total, older)


def export_csv(rows: list[AuditEntry]) -> str:
    from bot.store.enquiries import _cell, local

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["when_utc", "when_uk", "who", "action", "what", "reference", "detail", "ip"])
    for entry in rows:
        shown = local(entry.at)
        writer.writerow([_cell(value) for value in [
            entry.at.isoformat(timespec="seconds"), shown.strftime("%Y-%m-%d %H:%M:%S") if shown else "",
            entry.actor, entry.action, ACTIONS.get(entry.action, entry.action), entry.reference or "",
            entry.detail, entry.ip or ""]])
    return out.getvalue()


def purge(older_than_days: int, url: str | None = None) -> int:
    """Delete entries older than the retention period. Returns how many."""
    cutoff = dt.datetime.utcnow() - dt.timedelta(days=older_than_days)
    with db.session(url) as session:
        return int(session.execute(delete(AuditEntry).where(AuditEntry.at < cutoff)).rowcount or 0)
