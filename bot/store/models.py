"""Database tables. Change them only with an Alembic migration (bot/store/migrations/versions)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import relationship

from bot.store.db import Base


class LocalAuthority(Base):
    __tablename__ = "local_authorities"

    code = Column(String(8), primary_key=True)  # registry code, e.g. WAR
    gss = Column(String(9), nullable=False, unique=True)
    name = Column(String(120), nullable=False)
    official_name = Column(String(200), nullable=False)
    slug = Column(String(120))


class Service(Base):
    """A service parents can contact: national (area_code NULL) or for one local authority."""

    __tablename__ = "services"

    id = Column(Integer, primary_key=True)
    key = Column(String(80), nullable=False, unique=True)
    kind = Column(String(40), nullable=False, index=True)
    name = Column(String(200), nullable=False)
    what = Column(Text)
    phone = Column(String(40))
    email = Column(String(200))
    url = Column(String(400))
    booking = Column(Text)
    hours = Column(String(200))
    area_code = Column(String(8), ForeignKey("local_authorities.code"), index=True)
    status = Column(String(20), nullable=False, default="current")  # current|unverified|out_of_date
    origin = Column(String(20), nullable=False)  # national|seed|deployment
    sources = Column(Text, nullable=False)  # source ids or URLs, comma separated
    reviewed = Column(Date, nullable=False, default=dt.date.today)


class Enquiry(Base):
    """A parent's request to be contacted by the local SENDIASS (with their explicit agreement)."""

    __tablename__ = "enquiries"

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), nullable=False, unique=True)
    created_at = Column(DateTime, nullable=False, default=dt.datetime.utcnow, index=True)
    status = Column(String(12), nullable=False, default="new", index=True)  # new | claimed | closed
    urgency = Column(Integer, nullable=False, default=0, index=True)  # 2 urgent, 1 soon, 0 routine
    urgency_reasons = Column(Text, nullable=False, default="")
    name = Column(String(120), nullable=False)
    email = Column(String(200))
    phone = Column(String(40))
    best_time = Column(String(200))
    area_gss = Column(String(9), index=True)
    area_name = Column(String(120))
    topic = Column(String(80), index=True)
    summary = Column(Text, nullable=False)
    deadline_date = Column(Date, index=True)
    deadline_kind = Column(String(40))
    transcript = Column(Text, nullable=False, default="[]")  # JSON list of {who, text}, redacted
    claimed_by = Column(String(200), index=True)  # the adviser it is assigned to (claimed: assigned to themselves)
    assigned_at = Column(DateTime)
    assigned_by = Column(String(200))
    closed_at = Column(DateTime)
    closed_by = Column(String(200))
    outcome = Column(String(20))  # bot.store.enquiries.OUTCOMES; NULL while open (or closed without one)
    outcome_detail = Column(String(500))
    notes = relationship("EnquiryNote", back_populates="enquiry", cascade="all, delete-orphan",
                         order_by="EnquiryNote.created_at")
    events = relationship("EnquiryEvent", back_populates="enquiry", cascade="all, delete-orphan",
                          order_by="EnquiryEvent.at")


class EnquiryNote(Base):
    __tablename__ = "enquiry_notes"

    id = Column(Integer, primary_key=True)
    enquiry_id = Column(Integer, ForeignKey("enquiries.id", ondelete="CASCADE"), nullable=False, index=True)
    author = Column(String(200), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=dt.datetime.utcnow)
    enquiry = relationship("Enquiry", back_populates="notes")


class EnquiryEvent(Base):
    """One step in handling an enquiry (claimed, assigned, closed, reopened, team emailed): who and when."""

    __tablename__ = "enquiry_events"

    id = Column(Integer, primary_key=True)
    enquiry_id = Column(Integer, ForeignKey("enquiries.id", ondelete="CASCADE"), nullable=False, index=True)
    at = Column(DateTime, nullable=False, default=dt.datetime.utcnow)
    actor = Column(String(200), nullable=False)  # an adviser's email, or "system"
    action = Column(String(20), nullable=False)  # claimed | assigned | closed | reopened | emailed
    detail = Column(String(500), nullable=False, default="")
    enquiry = relationship("Enquiry", back_populates="events")


class StaffUser(Base):
    __tablename__ = "staff_users"

    id = Column(Integer, primary_key=True)
    email = Column(String(200), nullable=False, unique=True)
    password_hash = Column(String(200), nullable=False)
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime)
    created_at = Column(DateTime, nullable=False, default=dt.datetime.utcnow)
    is_admin = Column(Boolean, nullable=False, default=False, server_default=false())
    disabled_at = Column(DateTime)  # turned off by an admin: cannot sign in; deleted after the retention period
    must_change_password = Column(Boolean, nullable=False, default=False, server_default=false())
    totp_secret = Column(String(64))  # base32; set: a 6-digit code is asked for after the password
    totp_last_step = Column(Integer)  # the 30-second step of the last code accepted (a code works once)
    totp_failures = Column(Integer, nullable=False, default=0, server_default="0")
    totp_locked_until = Column(DateTime)


class SignInCount(Base):
    """Failed staff sign-ins counted per email typed and per client address (bot.domain.sign_in_throttle), shared by
    every web process. Times are seconds since the epoch; rows are forgotten 15 minutes after the last failure."""

    __tablename__ = "staff_sign_in_counts"

    kind = Column(String(8), primary_key=True)  # email | address
    key = Column(String(200), primary_key=True)  # the email as typed (lower case) or the address (IPv6 by /64)
    failures = Column(Integer, nullable=False, default=0)
    last_failure = Column(Float, nullable=False, default=0.0, index=True)
    next_turn = Column(Float, nullable=False, default=0.0)
    refusal_noted = Column(Float)  # when a refusal was last written to the audit log


class StaffUserArea(Base):
    """A council area (GSS code) an adviser works for: they see enquiries from it. "none": enquiries with no
    area recorded. Admins see every area."""

    __tablename__ = "staff_user_areas"

    user_id = Column(Integer, ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True)
    gss = Column(String(9), primary_key=True, index=True)


class StaffSession(Base):
    """A signed-in adviser. Only the SHA-256 of the cookie's token is stored."""

    __tablename__ = "staff_sessions"

    token_hash = Column(String(64), primary_key=True)
    user_id = Column(Integer, ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False)
    csrf_token = Column(String(64), nullable=False, index=True)
    expires_at = Column(DateTime, nullable=False)
    # How far sign-in has got (bot.store.staff_accounts): "new" (password right), "code", "password" (choose a new
    # one), "setup" (set up two-factor), "done". Only "done" sessions see anything.
    stage = Column(String(12), nullable=False, default="new", server_default="new")
    stage_until = Column(DateTime)  # the steps after the password must be done by then
    setup_secret = Column(String(64))  # a two-factor secret being set up, until confirmed with a code


class PendingContact(Base):
    """Contact details typed into the hand-off form, kept here (not in the conversation) until the
    enquiry is saved, so the stored conversation holds no personal data. Keyed by a hash of the
    conversation id; removed on submit, on "stop", and by the retention job after a day."""

    __tablename__ = "pending_contacts"

    sender_hash = Column(String(64), primary_key=True)
    name = Column(String(120))
    email = Column(String(200))
    phone = Column(String(40))
    best_time = Column(String(200))
    summary = Column(Text)
    updated_at = Column(DateTime, nullable=False, default=dt.datetime.utcnow)


class OutboxEmail(Base):
    """An email to send (the team's new-enquiry notice), saved in the enquiry's own transaction and sent
    after it: a failed send stays here and is retried, so an enquiry is never lost or held up by email.
    Holds no parent's details or words."""

    __tablename__ = "outbox"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime, nullable=False, default=dt.datetime.utcnow, index=True)
    reference = Column(String(16), nullable=False, index=True)
    recipient = Column(String(500), nullable=False)
    subject = Column(String(300), nullable=False)
    body = Column(Text, nullable=False)
    attempts = Column(Integer, nullable=False, default=0)
    last_attempt_at = Column(DateTime)
    last_error = Column(String(300))
    locked_until = Column(DateTime)  # a sender is working on it (so two never send it twice)
    sent_at = Column(DateTime, index=True)


class AuditEntry(Base):
    """Who did what, when: every view, export and change of an enquiry, sign-ins and failed sign-ins.
    Admins read it at /staff/audit; kept for the enquiry retention period (bot.store.retention)."""

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=dt.datetime.utcnow, index=True)
    actor = Column(String(200), nullable=False, index=True)  # staff email (as typed, for failed sign-ins)
    action = Column(String(40), nullable=False, index=True)
    reference = Column(String(16), index=True)
    detail = Column(String(1000), nullable=False, default="")
    ip = Column(String(64))


class InsightCount(Base):
    """Weekly counts for the content team's insights (bot.store.insights): no personal data. Rolled up from the
    conversation store before old conversations are deleted, so the figures outlive them; kept for
    SEND_INSIGHTS_RETENTION_DAYS."""

    __tablename__ = "insight_counts"

    week = Column(Date, primary_key=True)  # the Monday (UK) the week starts
    measure = Column(String(40), primary_key=True)  # conversations | messages | unsure | ... | topic
    key = Column(String(120), primary_key=True, default="")  # for topic: the topic's intent
    count = Column(Integer, nullable=False, default=0)


class AnswerFeedback(Base):
    """"Was this helpful?" in the web chat (bot.store.feedback): yes or no to one answer. No personal data: a hash of
    the conversation id (so "delete my conversation" can remove it), the answer's key and when. Deleted with
    the conversations (their weekly counts are kept in insight_counts)."""

    __tablename__ = "answer_feedback"
    __table_args__ = (UniqueConstraint("conversation", "answer", name="uq_answer_feedback_once"),)

    id = Column(Integer, primary_key=True)
    conversation = Column(String(64), nullable=False, index=True)  # sha256 of the conversation (sender) id
    answer = Column(String(120), nullable=False, index=True)  # role/senco, national_contacts
    helpful = Column(Boolean, nullable=False)
    at = Column(DateTime, nullable=False, default=dt.datetime.utcnow, index=True)  # UTC
