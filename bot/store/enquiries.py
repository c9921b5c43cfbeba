"""Store and manage enquiries for SENDIASS advisers. Every write is one transaction.

The queue says what to do next: most urgent first, then the parent's deadline (soonest first), then the oldest.
Each enquiry has a "respond by" date from the service standard in the deployment file (working days, with
England's bank holidays, as bot.domain.deadlines counts them). Handling steps (claimed, assigned, closed with an
outcome, reopened, team emailed) are kept as events with who and when: the enquiry page's timeline.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, overload
from zoneinfo import ZoneInfo

import phonenumbers
from sqlalchemy import and_, delete, false, func, or_, select
from sqlalchemy.orm import Session

from bot.domain import clock
from bot.domain.privacy import redact
from bot.domain.triage import LABELS, Urgency
from bot.store import db
from bot.store.models import Enquiry, EnquiryEvent, EnquiryNote

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read out on the phone
STATUSES = ("new", "claimed", "closed")
STATUS_LABELS = {"new": "New", "claimed": "Assigned", "closed": "Closed"}
OPEN = ("new", "claimed")
OUTCOMES = {"advice_given": "Advice given", "referred": "Referred", "no_response": "No response",
            "duplicate": "Duplicate", "other": "Other"}
LONDON = ZoneInfo("Europe/London")
NO_AREA = "none"  # an adviser's "area" for enquiries that have no area recorded
DEADLINE_NAMES = {"sen_appeal": "SEND Tribunal appeal", "discrimination_claim": "discrimination claim",
                  "mediation_adviser": "contact a mediation adviser"}


def deadline_name(kind: str | None) -> str:
    """What the parent's deadline is for, readably (sen_appeal: "SEND Tribunal appeal")."""
    if not kind:
        return "deadline"
    return DEADLINE_NAMES.get(kind, kind.replace("_", " "))


def new_reference() -> str:
    return "SEND-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


@overload
def local(moment: dt.datetime) -> dt.datetime: ...


@overload
def local(moment: None) -> None: ...


def local(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored time (UTC, naive) as UK time, for people."""
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.timezone.utc).astimezone(LONDON)


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


def create(new: NewEnquiry, urgency: Urgency, sender_id: str | None = None, url: str | None = None,
           received_at: dt.datetime | None = None) -> str:
    """Save the enquiry (transcript and summary redacted) and, in the same transaction, drop the
    conversation's pending contact details and queue the team's email. Returns the reference number.

    The email is sent after the save, in the background: a failure leaves it in the outbox for a retry
    (bot.store.notify), and never loses or holds up the enquiry. `received_at` (UTC) is for imports and tests.
    """
    from bot.store import notify
    from bot.store.models import PendingContact

    transcript = [{"who": m["who"], "text": redact(m["text"])} for m in (new.transcript or [])]
    reference = new_reference()
    created_at = received_at or dt.datetime.utcnow()
    with db.session(url) as session:
        session.add(Enquiry(
            reference=reference, status="new", urgency=urgency.level, urgency_reasons="; ".join(urgency.reasons),
            name=new.name, email=new.email, phone=new.phone, best_time=new.best_time, area_gss=new.area_gss,
            area_name=new.area_name, topic=new.topic, summary=redact(new.summary),
            deadline_date=new.deadline_date, deadline_kind=new.deadline_kind,
            transcript=json.dumps(transcript), created_at=created_at,
        ))
        if sender_id:
            session.execute(delete(PendingContact).where(PendingContact.sender_hash == sender_hash(sender_id)))
        queued = notify.queue_new_enquiry(session, reference, urgency.level, respond_by(created_at, urgency.level))
    if queued:
        notify.kick(url)
    return reference


# --- service standard -------------------------------------------------------------------------------------


def respond_by(created_at: dt.datetime, urgency: int) -> dt.date:
    """The service standard's date: N working days after the day received (a weekend or bank holiday
    counts from the next working day)."""
    from bot.domain import deadlines, deployment

    try:
        standard = deployment.service_standard()
    except deployment.DeploymentError:  # checked by `make setup`; never a reason to lose an enquiry here
        standard = deployment.ServiceStandard()
    day = deadlines.next_working_day(local(created_at).date())
    for _ in range(standard.working_days(urgency)):
        day = deadlines.first_working_day_after(day)
    return day


@dataclass
class Row:
    """An enquiry as the staff view shows it."""

    e: Enquiry
    topic_name: str
    respond_by: dt.date
    due: str  # "overdue" | "today" | "later" | "done" (closed)

    @property
    def overdue(self) -> bool:
        return self.due == "overdue"


def annotate(rows: list[Enquiry], today: dt.date | None = None) -> list[Row]:
    today = today or clock.today()
    out = []
    dates: dict[tuple[dt.date, int], dt.date] = {}  # enquiries received the same day share a date
    for e in rows:
        day = local(e.created_at).date()
        by = dates.get((day, e.urgency)) or dates.setdefault((day, e.urgency), respond_by(e.created_at, e.urgency))
        due = "done" if e.status == "closed" else "overdue" if today > by else "today" if today == by else "later"
        out.append(Row(e, topic_name(e.topic), by, due))
    return out


# --- topics -----------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _titles() -> tuple[dict[str, str], dict[str, tuple[str, int]]]:
    """(answer key -> title, intent -> (topic title, menu order)) from knowledge/answers."""
    try:
        from bot.domain import knowledge

        k = knowledge.get()
        return ({key: a.title for key, a in k.answers.items()},
                {intent: (t.title, t.order) for intent, t in k.topics.items()})
    except Exception:  # a broken knowledge file must not take the staff view down; codes are shown instead
        return {}, {}


def topic_name(key: str | None) -> str:
    """A readable topic, e.g. "Your rights: Young people's rights" for rights/young_people."""
    if not key:
        return ""
    answers, topics = _titles()
    intent = key.split("/")[0]
    group = topics.get(intent, (None, 0))[0]
    if key in answers:
        return f"{group}: {answers[key]}" if group else answers[key]
    if group:
        return group
    return key.replace("/", ": ").replace("_", " ").capitalize()


def topic_choices(present: list[str] | None = None) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """For the topic filter: (intent, topic title, [(answer key, answer title)...]) in menu order; the
    answers are those in `present` (the topics enquiries actually have)."""
    answers, topics = _titles()
    present = sorted(set(present or []))
    groups = []
    for intent, (title, _order) in sorted(topics.items(), key=lambda item: (item[1][1], item[1][0])):
        inside = [(key, answers.get(key, key)) for key in present if key.split("/")[0] == intent]
        groups.append((intent, title, sorted(inside, key=lambda pair: pair[1])))
    known = set(topics)
    others = [(key, topic_name(key)) for key in present if key.split("/")[0] not in known]
    if others:
        groups.append(("", "Other", others))
    return groups


def present_topics(url: str | None = None, areas: Collection[str] | None = None) -> list[str]:
    query = select(Enquiry.topic).where(Enquiry.topic.isnot(None))
    if areas is not None:
        query = query.where(in_areas(areas))
    with db.session(url) as session:
        return [t for (t,) in session.execute(query.distinct())]


# --- who sees what ----------------------------------------------------------------------------------------


def in_areas(areas: Collection[str]) -> Any:
    """The condition for enquiries from these council areas (GSS codes; NO_AREA: those without an area)."""
    codes = sorted(a for a in areas if a and a != NO_AREA)
    conditions = [Enquiry.area_gss.in_(codes)] if codes else []
    if NO_AREA in areas:
        conditions.append(or_(Enquiry.area_gss.is_(None), Enquiry.area_gss == ""))
    return or_(*conditions) if conditions else false()


def area_visible(area_gss: str | None, areas: Collection[str] | None) -> bool:
    """Whether an enquiry from `area_gss` is within `areas` (None: every area, for admins)."""
    return areas is None or (area_gss in areas if area_gss else NO_AREA in areas)


# --- the queue --------------------------------------------------------------------------------------------


def _search_terms(text: str) -> list[Any]:
    """Conditions for a search: each word must match the reference, name, email, phone, summary or topic.
    Something that looks like a phone number is matched on its digits (07911 123456, +44 7911 123456)."""
    text = text.strip()[:200]
    if not text:
        return []
    digits = re.sub(r"\D", "", text)
    if re.fullmatch(r"[\d\s()+-]{5,}", text) and len(digits) >= 5:
        if digits.startswith("44") and text.lstrip().startswith("+"):
            digits = "0" + digits[2:]
        stripped = func.replace(func.replace(func.replace(Enquiry.phone, " ", ""), "-", ""), "+44", "0")
        return [stripped.contains(digits, autoescape=True)]
    answers, topics = _titles()
    conditions = []
    for word in text.lower().split()[:8]:
        fields = [func.lower(column).contains(word, autoescape=True)
                  for column in (Enquiry.reference, Enquiry.name, Enquiry.email, Enquiry.phone, Enquiry.summary,
                                 Enquiry.topic)]
        keys = [key for key, title in answers.items() if word in title.lower()]
        keys += [f"{intent}/" for intent, (title, _) in topics.items() if word in title.lower()]
        fields += [Enquiry.topic == key for key in keys if not key.endswith("/")]
        fields += [Enquiry.topic.startswith(key, autoescape=True) for key in keys if key.endswith("/")]
        conditions.append(or_(*fields))
    return conditions


def queue(status: str | None = None, area_gss: str | None = None, topic: str | None = None,
          assigned_to: str | None = None, search: str | None = None, url: str | None = None,
          areas: Collection[str] | None = None, latest_closed_first: bool = False,
          limit: int | None = None, offset: int = 0) -> list[Enquiry]:
    """Most urgent first, then the parent's deadline (soonest first; none last), then oldest first.

    status: new | claimed | closed | open (new or claimed); topic: an answer key (rights/young_people) or a
    whole topic (rights); assigned_to: an adviser's email, or "nobody"; search: words (see _search_terms);
    areas: only enquiries from these areas (an adviser's; None: all); latest_closed_first: order by when
    closed (or received), newest first; limit, offset: one page of them.
    """
    with db.session(url) as session:
        return list(session.execute(_queue_query(status, area_gss, topic, assigned_to, search, areas,
                                                 latest_closed_first).limit(limit).offset(offset or None))
                    .scalars().all())


def count(status: str | None = None, area_gss: str | None = None, topic: str | None = None,
          assigned_to: str | None = None, search: str | None = None, url: str | None = None,
          areas: Collection[str] | None = None) -> int:
    """How many enquiries queue() would list with these filters."""
    query = _queue_query(status, area_gss, topic, assigned_to, search, areas, False).order_by(None)
    with db.session(url) as session:
        return int(session.execute(select(func.count()).select_from(query.subquery())).scalar_one())


def _queue_query(status: str | None, area_gss: str | None, topic: str | None, assigned_to: str | None,
                 search: str | None, areas: Collection[str] | None, latest_closed_first: bool) -> Any:
    query = select(Enquiry)
    if areas is not None:
        query = query.where(in_areas(areas))
    if status == "open":
        query = query.where(Enquiry.status.in_(OPEN))
    elif status:
        query = query.where(Enquiry.status == status)
    if area_gss:
        query = query.where(Enquiry.area_gss == area_gss)
    if topic:
        query = query.where(or_(Enquiry.topic == topic, Enquiry.topic.startswith(topic + "/", autoescape=True)))
    if assigned_to == "nobody":
        query = query.where(Enquiry.claimed_by.is_(None))
    elif assigned_to:
        query = query.where(Enquiry.claimed_by == assigned_to)
    if search:
        query = query.where(and_(*_search_terms(search)))
    if latest_closed_first:
        query = query.order_by(func.coalesce(Enquiry.closed_at, Enquiry.created_at).desc(), Enquiry.id.desc())
    else:
        query = query.order_by(Enquiry.urgency.desc(), Enquiry.deadline_date.is_(None),
                               Enquiry.deadline_date.asc(), Enquiry.created_at.asc(), Enquiry.id.asc())
    return query


def get(reference: str, areas: Collection[str] | None = None) -> tuple[Enquiry, list[EnquiryNote]] | None:
    """The enquiry and its notes; None if there is none, or it is not from one of `areas` (None: any)."""
    with db.session() as session:
        enquiry = session.execute(select(Enquiry).where(Enquiry.reference == reference)).scalar_one_or_none()
        if enquiry is None or not area_visible(enquiry.area_gss, areas):
            return None
        notes = list(enquiry.notes)
        return enquiry, notes


@dataclass
class Step:
    at: dt.datetime
    who: str
    what: str
    detail: str = ""


def timeline(reference: str) -> list[Step]:
    """Everything that happened to an enquiry, oldest first: received, each handling step and each note."""
    with db.session() as session:
        e = session.execute(select(Enquiry).where(Enquiry.reference == reference)).scalar_one_or_none()
        if e is None:
            return []
        steps = [Step(e.created_at, "the assistant", "Received",
                      LABELS.get(e.urgency, "") + (f": {e.urgency_reasons}" if e.urgency_reasons else ""))]
        titles = {"claimed": "Claimed", "assigned": "Assigned", "closed": "Closed", "reopened": "Reopened",
                  "emailed": "Team inbox emailed"}
        steps += [Step(ev.at, ev.actor, titles.get(ev.action, ev.action.capitalize()), ev.detail)
                  for ev in e.events]
        steps += [Step(n.created_at, n.author, "Note added") for n in e.notes]
    return sorted(steps, key=lambda step: step.at)


# --- handling ---------------------------------------------------------------------------------------------


def _one(session: Session, reference: str) -> Enquiry:
    return session.execute(select(Enquiry).where(Enquiry.reference == reference)).scalar_one()


def _event(session: Session, enquiry: Enquiry, actor: str, action: str, detail: str = "") -> None:
    session.add(EnquiryEvent(enquiry_id=enquiry.id, at=dt.datetime.utcnow(), actor=actor, action=action,
                             detail=detail[:500]))


def claim(reference: str, adviser: str) -> bool:
    """Take a new enquiry. False (nothing changed) when it is no longer new."""
    with db.session() as session:
        enquiry = _one(session, reference)
        if enquiry.status != "new":
            return False
        enquiry.status, enquiry.claimed_by = "claimed", adviser
        enquiry.assigned_at, enquiry.assigned_by = dt.datetime.utcnow(), adviser
        _event(session, enquiry, adviser, "claimed")
        return True


def assign(reference: str, to: str, by: str) -> bool:
    """Give an open enquiry to an adviser (`to` == `by`: claim it). False when closed or already theirs."""
    with db.session() as session:
        enquiry = _one(session, reference)
        if enquiry.status == "closed" or (enquiry.status == "claimed" and enquiry.claimed_by == to):
            return False
        enquiry.status, enquiry.claimed_by = "claimed", to
        enquiry.assigned_at, enquiry.assigned_by = dt.datetime.utcnow(), by
        if to == by:
            _event(session, enquiry, by, "claimed")
        else:
            _event(session, enquiry, by, "assigned", f"to {to}")
        return True


def close(reference: str, adviser: str, outcome: str | None = None, detail: str | None = None) -> bool:
    """Close with an outcome (one of OUTCOMES; None: not recorded). False when it was already closed."""
    if outcome is not None and outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    detail = (detail or "").strip()[:500] or None
    with db.session() as session:
        enquiry = _one(session, reference)
        if enquiry.status == "closed":
            return False
        enquiry.status, enquiry.closed_at, enquiry.closed_by = "closed", dt.datetime.utcnow(), adviser
        enquiry.outcome, enquiry.outcome_detail = outcome, detail
        enquiry.claimed_by = enquiry.claimed_by or adviser
        label = OUTCOMES[outcome] if outcome else "outcome not recorded"
        _event(session, enquiry, adviser, "closed", label + (f" ({detail})" if detail else ""))
        return True


def reopen(reference: str, adviser: str) -> bool:
    """Open a closed enquiry again (back to its adviser, or to new if it had none)."""
    with db.session() as session:
        enquiry = _one(session, reference)
        if enquiry.status != "closed":
            return False
        enquiry.status = "claimed" if enquiry.claimed_by else "new"
        enquiry.closed_at = enquiry.closed_by = enquiry.outcome = enquiry.outcome_detail = None
        _event(session, enquiry, adviser, "reopened")
        return True


def add_note(reference: str, adviser: str, text: str) -> None:
    with db.session() as session:
        enquiry = _one(session, reference)
        session.add(EnquiryNote(enquiry_id=enquiry.id, author=adviser, text=text.strip()[:5000],
                                created_at=dt.datetime.utcnow()))


def record_emailed(reference: str, detail: str, url: str | None = None) -> None:
    """The team inbox was emailed about this enquiry (a timeline step; no-op if it has been purged)."""
    with db.session(url) as session:
        enquiry = session.execute(select(Enquiry).where(Enquiry.reference == reference)).scalar_one_or_none()
        if enquiry is not None:
            _event(session, enquiry, "system", "emailed", detail)


# --- export and retention ---------------------------------------------------------------------------------


def _cell(value: object) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _when(moment: dt.datetime | None) -> str:
    shown = local(moment)
    return shown.strftime("%Y-%m-%d %H:%M") if shown else ""


def export_csv(rows: list[Enquiry], today: dt.date | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["reference", "created_at", "status", "urgency", "urgency_reasons", "name", "email", "phone",
                     "best_time", "area", "topic", "summary", "deadline", "deadline_kind", "claimed_by",
                     "topic_name", "respond_by", "overdue", "assigned_by", "assigned_at", "closed_by", "closed_at",
                     "outcome", "outcome_detail"])
    for row in annotate(rows, today):
        e = row.e
        writer.writerow([_cell(value) for value in [
                         e.reference, e.created_at.isoformat(timespec="minutes"), e.status, e.urgency,
                         e.urgency_reasons, e.name, e.email or "", e.phone or "", e.best_time or "",
                         e.area_name or "", e.topic or "", e.summary,
                         e.deadline_date.isoformat() if e.deadline_date else "", e.deadline_kind or "",
                         e.claimed_by or "", row.topic_name, row.respond_by.isoformat(),
                         "yes" if row.overdue else "", e.assigned_by or "", _when(e.assigned_at),
                         e.closed_by or "", _when(e.closed_at), OUTCOMES.get(e.outcome or "", ""),
                         e.outcome_detail or ""]])
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
    from bot.store.models import PendingContact

    key = sender_hash(sender_id)
    with db.session() as session:
        pending = session.get(PendingContact, key) or PendingContact(sender_hash=key)
        for name, value in fields.items():
            setattr(pending, name, value)
        pending.updated_at = dt.datetime.utcnow()
        session.merge(pending)


def pending(sender_id: str) -> dict[str, str | None]:
    from bot.store.models import PendingContact

    with db.session() as session:
        row = session.get(PendingContact, sender_hash(sender_id))
        if row is None:
            return {}
        return {"name": row.name, "email": row.email, "phone": row.phone, "best_time": row.best_time,
                "summary": row.summary}


def forget(sender_id: str) -> None:
    from bot.store.models import PendingContact

    with db.session() as session:
        session.execute(delete(PendingContact).where(PendingContact.sender_hash == sender_hash(sender_id)))


def parent_phone(raw: str) -> str | None:
    """A UK number a parent typed, in national format, or None. Any possible UK number is accepted
    (including Ofcom's drama ranges, like the 07700 900123 in our own example), not only allocated ones."""
    try:
        number = phonenumbers.parse(raw.strip(), "GB")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 44 or not phonenumbers.is_possible_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
