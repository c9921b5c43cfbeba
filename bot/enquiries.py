"""Store and manage enquiries for SENDIASS advisers. Every write is one transaction."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select

from bot import db
from bot.models import Enquiry, EnquiryNote
from bot.privacy import redact
from bot.triage import Urgency

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read out on the phone


def new_reference() -> str:
    return "SEND-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


@dataclass
class NewEnquiry:
    name: str
    summary: str
    email: str | None = None
    phone: str | None = None
    best_time: str | None = None
    area_gss: str | None = None
    area_name: str | None = None
    topic: str | None = None
    deadline_date: dt.date | None = None
    deadline_kind: str | None = None
    transcript: list[dict[str, str]] | None = None


def create(new: NewEnquiry, urgency: Urgency, sender_id: str | None = None, url: str | None = None) -> str:
    """Save the enquiry (transcript and summary redacted) and, in the same transaction, drop the
    conversation's pending contact details. Returns the reference number."""
    from bot.models import PendingContact

    transcript = [{"who": m["who"], "text": redact(m["text"])} for m in (new.transcript or [])]
    reference = new_reference()
    with db.session(url) as session:
        session.add(Enquiry(
            reference=reference, status="new", urgency=urgency.level, urgency_reasons="; ".join(urgency.reasons),
            name=new.name, email=new.email, phone=new.phone, best_time=new.best_time, area_gss=new.area_gss,
            area_name=new.area_name, topic=new.topic, summary=redact(new.summary),
            deadline_date=new.deadline_date, deadline_kind=new.deadline_kind,
            transcript=json.dumps(transcript), created_at=dt.datetime.utcnow(),
        ))
        if sender_id:
            session.execute(delete(PendingContact).where(PendingContact.sender_hash == sender_hash(sender_id)))
    return reference


def queue(status: str | None = None, area_gss: str | None = None, topic: str | None = None) -> list[Enquiry]:
    """Most urgent first, then oldest first."""
    query = select(Enquiry)
    if status:
        query = query.where(Enquiry.status == status)
    if area_gss:
        query = query.where(Enquiry.area_gss == area_gss)
    if topic:
        query = query.where(Enquiry.topic.like(f"{topic}%"))
    query = query.order_by(Enquiry.urgency.desc(), Enquiry.created_at.asc())
    with db.session() as session:
        return list(session.execute(query).scalars().all())


def get(reference: str) -> tuple[Enquiry, list[EnquiryNote]] | None:
    with db.session() as session:
        enquiry = session.execute(select(Enquiry).where(Enquiry.reference == reference)).scalar_one_or_none()
        if enquiry is None:
            return None
        notes = list(enquiry.notes)
        return enquiry, notes


def claim(reference: str, adviser: str) -> None:
    with db.session() as session:
        enquiry = session.execute(select(Enquiry).where(Enquiry.reference == reference)).scalar_one()
        if enquiry.status == "new":
            enquiry.status, enquiry.claimed_by = "claimed", adviser


def close(reference: str, adviser: str) -> None:
    with db.session() as session:
        enquiry = session.execute(select(Enquiry).where(Enquiry.reference == reference)).scalar_one()
        enquiry.status, enquiry.closed_at = "closed", dt.datetime.utcnow()
        enquiry.claimed_by = enquiry.claimed_by or adviser


def add_note(reference: str, adviser: str, text: str) -> None:
    with db.session() as session:
        enquiry = session.execute(select(Enquiry).where(Enquiry.reference == reference)).scalar_one()
        session.add(EnquiryNote(enquiry_id=enquiry.id, author=adviser, text=text.strip()[:5000],
                                created_at=dt.datetime.utcnow()))


def _cell(value: object) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(rows: list[Enquiry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["reference", "created_at", "status", "urgency", "urgency_reasons", "name", "email", "phone",
                     "best_time", "area", "topic", "summary", "deadline", "deadline_kind", "claimed_by"])
    for e in rows:
        writer.writerow([_cell(value) for value in [
                         e.reference, e.created_at.isoformat(timespec="minutes"), e.status, e.urgency,
                         e.urgency_reasons, e.name, e.email or "", e.phone or "", e.best_time or "",
                         e.area_name or "", e.topic or "", e.summary,
                         e.deadline_date.isoformat() if e.deadline_date else "", e.deadline_kind or "",
                         e.claimed_by or ""]])
    return out.getvalue()


def purge_closed(older_than_days: int, url: str | None = None) -> int:
    """Delete closed enquiries closed more than `older_than_days` ago. Returns how many."""
    cutoff = dt.datetime.utcnow() - dt.timedelta(days=older_than_days)
    with db.session(url) as session:
        result = session.execute(
            delete(Enquiry).where(Enquiry.status == "closed", Enquiry.closed_at < cutoff))
        return int(result.rowcount or 0)


def sender_hash(sender_id: str) -> str:
    import hashlib

    return hashlib.sha256(sender_id.encode()).hexdigest()


def remember(sender_id: str, **fields: str | None) -> None:
    """Keep a hand-off form answer outside the conversation until the enquiry is saved."""
    from bot.models import PendingContact

    key = sender_hash(sender_id)
    with db.session() as session:
        pending = session.get(PendingContact, key) or PendingContact(sender_hash=key)
        for name, value in fields.items():
            setattr(pending, name, value)
        pending.updated_at = dt.datetime.utcnow()
        session.merge(pending)


def pending(sender_id: str) -> dict[str, str | None]:
    from bot.models import PendingContact

    with db.session() as session:
        row = session.get(PendingContact, sender_hash(sender_id))
        if row is None:
            return {}
        return {"name": row.name, "email": row.email, "phone": row.phone, "best_time": row.best_time,
                "summary": row.summary}


def forget(sender_id: str) -> None:
    from bot.models import PendingContact

    with db.session() as session:
        session.execute(delete(PendingContact).where(PendingContact.sender_hash == sender_hash(sender_id)))

