"""Email the team's shared inbox about every new enquiry, through an outbox.

The email is queued in the enquiry's own transaction (so it is never lost) and sent after the save, in a
background thread (so the parent's reply never waits for, or fails because of, the mail server). An email
that could not be sent stays in the outbox and is tried again: after each new enquiry, every few minutes by
the web server, and by `python -m bot send-outbox` and `python -m bot purge`.

The email holds the reference, the urgency, the respond-by date and a link to the staff view: never the
parent's name, contact details or words (advisers read those after signing in). Settings: SEND_SMTP_*,
SEND_TEAM_INBOX and SEND_STAFF_BASE_URL (bot.settings).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import ssl
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from bot import settings
from bot.store import db
from bot.store.models import OutboxEmail

log = logging.getLogger(__name__)
LOCK = dt.timedelta(minutes=2)  # how long one sender holds an email before another may try it
_sending = threading.Lock()  # one delivery run at a time in a process


def compose(reference: str, urgency: int, respond_by: dt.date, base_url: str) -> tuple[str, str]:
    """(subject, body) of the new-enquiry email. Only the reference, urgency, date and link."""
    from bot.domain.triage import LABELS

    urgent = urgency >= 2
    due = respond_by.strftime("%A %-d %B %Y")
    # Short enough not to be folded (so an inbox rule on "URGENT" at the start always matches).
    subject = f"{'URGENT: ' if urgent else ''}New SEND enquiry {reference} (respond by {respond_by:%a %-d %b})"
    link = f"{base_url}/staff/enquiries/{reference}" if base_url else None
    lines = [
        "A parent has asked the SEND parent guide to pass their enquiry to the team.",
        "",
        f"Reference: {reference}",
        f"Urgency: {LABELS.get(urgency, 'Routine')}",
        f"Respond by: {due}",
        "",
        *(["Open it in the staff view (you will need to sign in):", link] if link
          else [f"Open the staff view and search for {reference}."]),
        "",
        "This email leaves out the parent's details and words on purpose: read them in the staff view.",
    ]
    if urgent:
        lines.insert(0, "URGENT: please look at this enquiry today.\n")
    return subject, "\n".join(lines) + "\n"


def queue_new_enquiry(session: Session, reference: str, urgency: int, respond_by: dt.date) -> bool:
    """Add the team's email to the outbox, in the caller's transaction. False when email is not set up."""
    config = settings.current().smtp
    if not config.enabled:
        return False
    subject, body = compose(reference, urgency, respond_by, config.staff_base_url)
    session.add(OutboxEmail(created_at=dt.datetime.utcnow(), reference=reference,
                            recipient=", ".join(config.team_inbox), subject=subject, body=body, attempts=0))
    return True


def _connect(config: settings.SmtpSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if config.ssl:
        server: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=context)
    else:
        server = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        if config.starttls:
            server.starttls(context=context)
    if config.user:
        server.login(config.user, config.password)
    return server


def _message(row: OutboxEmail, config: settings.SmtpSettings) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config.sender
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(idstring=f"outbox{row.id}", domain=config.sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(row.body)
    return message


def _error(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:300]


@dataclass
class Result:
    sent: int = 0
    failed: int = 0
    waiting: int = 0  # still in the outbox afterwards


def deliver(url: str | None = None) -> Result:
    """Send every unsent email in the outbox (oldest first) over one SMTP connection. A message the server
    refuses is marked and the rest still go; if the server cannot be reached, the run stops and everything
    waits for the next one."""
    config = settings.current().smtp
    result = Result()
    if not config.host:
        result.waiting = pending(url).count
        return result
    with _sending:
        with db.session(url) as session:
            ids = [i for (i,) in session.execute(
                select(OutboxEmail.id).where(OutboxEmail.sent_at.is_(None)).order_by(OutboxEmail.id))]
        server: smtplib.SMTP | None = None
        try:
            for ident in ids:
                now = dt.datetime.utcnow()
                with db.session(url) as session:  # take it, so another process does not send it too
                    taken = session.execute(
                        update(OutboxEmail)
                        .where(OutboxEmail.id == ident, OutboxEmail.sent_at.is_(None),
                               or_(OutboxEmail.locked_until.is_(None), OutboxEmail.locked_until < now))
                        .values(locked_until=now + LOCK, attempts=OutboxEmail.attempts + 1, last_attempt_at=now)
                    ).rowcount
                    row = session.get(OutboxEmail, ident) if taken else None
                if row is None:
                    continue
                try:
                    if server is None:
                        server = _connect(config)
                    refused = server.send_message(_message(row, config))
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
                    _failed(ident, error, url)
                    result.failed += 1
                    continue
                except (OSError, smtplib.SMTPException) as error:  # unreachable, TLS, login, disconnected
                    _failed(ident, error, url)
                    result.failed += 1
                    log.warning("team email %s not sent, will retry: %s", row.reference, _error(error))
                    server = None
                    break
                with db.session(url) as session:
                    session.execute(update(OutboxEmail).where(OutboxEmail.id == ident).values(
                        sent_at=dt.datetime.utcnow(), locked_until=None,
                        last_error=f"refused for {', '.join(refused)}"[:300] if refused else None))
                result.sent += 1
                from bot.store import enquiries

                enquiries.record_emailed(row.reference, f"to {row.recipient}", url)
        finally:
            if server is not None:
                try:
                    server.quit()
                except (OSError, smtplib.SMTPException):
                    pass
    result.waiting = pending(url).count
    return result


def _failed(ident: int, error: BaseException, url: str | None) -> None:
    with db.session(url) as session:
        session.execute(update(OutboxEmail).where(OutboxEmail.id == ident).values(
            locked_until=None, last_error=_error(error)))


def kick(url: str | None = None) -> threading.Thread | None:
    """Deliver in the background now (after a new enquiry). Returns the thread, for tests."""
    if not settings.current().smtp.enabled:
        return None

    def run() -> None:
        try:
            deliver(url)
        except Exception:  # never let the background send take anything else down
            log.exception("sending team emails failed; they stay in the outbox")

    thread = threading.Thread(target=run, name="send-outbox", daemon=True)
    thread.start()
    return thread


@dataclass
class Pending:
    count: int
    oldest: dt.datetime | None
    last_error: str | None


def pending(url: str | None = None) -> Pending:
    """What is waiting in the outbox (for the staff view's warning)."""
    with db.session(url) as session:
        count, oldest = session.execute(
            select(func.count(OutboxEmail.id), func.min(OutboxEmail.created_at)).where(OutboxEmail.sent_at.is_(None))
        ).one()
        error = session.execute(select(OutboxEmail.last_error).where(
            OutboxEmail.sent_at.is_(None), OutboxEmail.last_error.isnot(None))
            .order_by(OutboxEmail.last_attempt_at.desc()).limit(1)).scalar_one_or_none()
    return Pending(int(count or 0), oldest, error)


def purge_sent(older_than_days: int, url: str | None = None) -> int:
    """Delete emails sent more than `older_than_days` ago (unsent ones are kept until they go)."""
    from sqlalchemy import delete

    cutoff = dt.datetime.utcnow() - dt.timedelta(days=older_than_days)
    with db.session(url) as session:
        return int(session.execute(delete(OutboxEmail).where(OutboxEmail.sent_at < cutoff)).rowcount or 0)
