"""The staff view's domain parts, on a real SQLite database: respond-by dates from the service standard,
the queue's order, filters and search, case handling with its timeline, the team email outbox, the audit
trail and its retention. (The web pages themselves: tests/e2e/test_staff_workday.py.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.domain import deployment, triage
from bot.store import audit, db, enquiries, migrate, notify, retention, staff_auth
from bot.store.models import AuditEntry, Enquiry, OutboxEmail

URGENT, SOON, ROUTINE = triage.Urgency(2, ("exclusion",)), triage.Urgency(1, ("deadline",)), triage.Urgency(0, ())


@pytest.fixture(scope="module", autouse=True)
def database() -> None:
    migrate.upgrade()


@pytest.fixture(autouse=True)
def no_email(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SEND_SMTP_HOST", "SEND_TEAM_INBOX", "SEND_STAFF_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


def new(area: str, **fields: object) -> enquiries.NewEnquiry:
    return enquiries.NewEnquiry(**{"name": "Parent", "summary": "help please", "area_gss": area, **fields})


@pytest.mark.parametrize("received,urgency,expected", [
    (dt.datetime(2026, 11, 23, 10), 2, dt.date(2026, 11, 24)),   # Monday: next working day
    (dt.datetime(2026, 11, 23, 10), 0, dt.date(2026, 11, 25)),   # Monday: two working days
    (dt.datetime(2026, 11, 27, 16), 2, dt.date(2026, 11, 30)),   # Friday: Monday
    (dt.datetime(2026, 11, 28, 12), 2, dt.date(2026, 12, 1)),    # Saturday counts from Monday
    (dt.datetime(2026, 12, 24, 10), 2, dt.date(2026, 12, 29)),   # Christmas, Boxing Day (substitute Monday 28)
    (dt.datetime(2026, 12, 24, 10), 1, dt.date(2026, 12, 30)),
    (dt.datetime(2027, 3, 25, 10), 0, dt.date(2027, 3, 31)),     # Good Friday 26, Easter Monday 29 March
    (dt.datetime(2026, 6, 30, 23, 30), 2, dt.date(2026, 7, 2)),  # 00:30 on 1 July in the UK (summer time)
])
def test_respond_by_counts_working_days_with_bank_holidays(received: dt.datetime, urgency: int,
                                                           expected: dt.date) -> None:
    assert enquiries.respond_by(received, urgency) == expected


def test_the_service_standard_comes_from_the_deployment_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "deployment.yml"
    path.write_text("council: ''\nservice_standard: {urgent_working_days: 0, other_working_days: 5}\n")
    monkeypatch.setenv("SEND_DEPLOYMENT_FILE", str(path))
    assert deployment.service_standard() == deployment.ServiceStandard(0, 5)
    monday = dt.datetime(2026, 11, 23, 10)
    assert enquiries.respond_by(monday, 2) == dt.date(2026, 11, 23)
    assert enquiries.respond_by(monday, 0) == dt.date(2026, 11, 30)
    for bad in ("service_standard: {urgent_working_days: -1}", "service_standard: {urgent_days: 1}",
                "service_standard: 3", "service_standard: {other_working_days: two}"):
        with pytest.raises(deployment.DeploymentError, match="service_standard"):
            deployment.read_service_standard(__import__("yaml").safe_load(bad)["service_standard"], "deployment.yml")
    # A broken file never stops an enquiry being saved: the defaults are used.
    path.write_text("service_standard: {urgent_working_days: lots}\n")
    assert enquiries.respond_by(monday, 2) == dt.date(2026, 11, 24)


def test_the_shipped_deployment_files_have_a_valid_service_standard() -> None:
    from bot.settings import KNOWLEDGE_DIR

    for name in ("deployment.yml", "deployment.example.yml"):
        assert deployment.service_standard(KNOWLEDGE_DIR / name) == deployment.ServiceStandard(1, 2)


def test_overdue_and_due_today() -> None:
    reference = enquiries.create(new("E06000011"), URGENT, received_at=dt.datetime(2026, 11, 23, 9))
    row = enquiries.annotate([enquiries.get(reference)[0]], today=dt.date(2026, 11, 24))[0]
    assert (row.respond_by, row.due) == (dt.date(2026, 11, 24), "today")
    assert enquiries.annotate([row.e], today=dt.date(2026, 11, 25))[0].overdue
    enquiries.close(reference, "a@example.gov.uk", "advice_given")
    assert enquiries.annotate([enquiries.get(reference)[0]], today=dt.date(2027, 1, 1))[0].due == "done"


def test_queue_is_urgency_then_the_parents_deadline_then_age() -> None:
    area = "E06000012"
    at = dt.datetime(2026, 11, 2, 9)
    old_urgent = enquiries.create(new(area), URGENT, received_at=at)
    urgent_late_deadline = enquiries.create(new(area, deadline_date=dt.date(2026, 12, 20)), URGENT,
                                            received_at=at + dt.timedelta(days=2))
    urgent_soon_deadline = enquiries.create(new(area, deadline_date=dt.date(2026, 12, 1)), URGENT,
                                            received_at=at + dt.timedelta(days=3))
    soon = enquiries.create(new(area, deadline_date=dt.date(2026, 11, 20)), SOON, received_at=at)
    routine_new = enquiries.create(new(area), ROUTINE, received_at=at + dt.timedelta(days=1))
    routine_old = enquiries.create(new(area), ROUTINE, received_at=at - dt.timedelta(days=1))
    order = [e.reference for e in enquiries.queue(area_gss=area)]
    assert order == [urgent_soon_deadline, urgent_late_deadline, old_urgent, soon, routine_old, routine_new]
    enquiries.close(soon, "a@example.gov.uk")
    assert soon not in [e.reference for e in enquiries.queue("open", area_gss=area)]
    assert [e.reference for e in enquiries.queue("closed", area_gss=area)] == [soon]


def test_readable_topic_names_and_topic_filters() -> None:
    assert enquiries.topic_name("rights/young_people") == "Your rights: Young people (16 and over)"
    assert enquiries.topic_name("unhappy/exclusion") == "If you're unhappy: Exclusion"
    assert enquiries.topic_name("rights") == "Your rights"
    assert enquiries.topic_name("made_up/thing") == "Made up: thing"
    assert enquiries.topic_name(None) == ""
    area = "E06000013"
    rights = enquiries.create(new(area, topic="rights/young_people"), ROUTINE)
    exclusion = enquiries.create(new(area, topic="unhappy/exclusion"), URGENT)
    assert [e.reference for e in enquiries.queue(area_gss=area, topic="rights")] == [rights]
    assert [e.reference for e in enquiries.queue(area_gss=area, topic="unhappy/exclusion")] == [exclusion]
    assert enquiries.queue(area_gss=area, topic="right") == []  # a whole topic, not a prefix of its name
    groups = {intent: (title, answers) for intent, title, answers in enquiries.topic_choices(["rights/young_people"])}
    assert groups["rights"] == ("Your rights", [("rights/young_people", "Young people (16 and over)")])
    assert groups["role"][1] == []


def test_search_by_reference_name_email_phone_words_and_topic() -> None:
    area = "E06000014"
    found = enquiries.create(new(area, name="Ayesha Quorn", email="a.quorn@example.com", phone="07911 555123",
                                 summary="transport to school stopped", topic="school/transport"), ROUTINE)
    other = enquiries.create(new(area, name="Bea Other", summary="annual review"), ROUTINE)

    def search(text: str) -> list[str]:
        return [e.reference for e in enquiries.queue(area_gss=area, search=text)]

    for text in (found.lower(), found[-6:], "quorn", "AYESHA", "a.quorn@example", "07911 555123", "07911555123",
                 "+44 7911 555123", "555123", "transport stopped", "TRANSPORT"):
        assert search(text) == [found], text
    assert search("review") == [other]
    assert search("quorn review") == []  # every word must match
    assert search("100%") == [] and search("a_b") == []  # LIKE wildcards are literal


def test_claim_assign_close_with_outcome_reopen_and_the_timeline() -> None:
    ref = enquiries.create(new("E06000015"), ROUTINE)
    assert enquiries.claim(ref, "a@example.gov.uk")
    assert not enquiries.claim(ref, "b@example.gov.uk")  # already taken
    assert enquiries.assign(ref, "b@example.gov.uk", "a@example.gov.uk")
    enquiry = enquiries.get(ref)[0]
    assert (enquiry.status, enquiry.claimed_by, enquiry.assigned_by) == ("claimed", "b@example.gov.uk",
                                                                          "a@example.gov.uk")
    assert [e.reference for e in enquiries.queue(assigned_to="b@example.gov.uk")] == [ref]
    enquiries.add_note(ref, "b@example.gov.uk", "left a voicemail")
    with pytest.raises(ValueError):
        enquiries.close(ref, "b@example.gov.uk", "made_up")
    assert enquiries.close(ref, "b@example.gov.uk", "no_response", "three calls")
    assert not enquiries.close(ref, "b@example.gov.uk", "other")
    assert not enquiries.assign(ref, "a@example.gov.uk", "a@example.gov.uk")  # closed: reopen first
    enquiry = enquiries.get(ref)[0]
    assert (enquiry.status, enquiry.closed_by, enquiry.outcome, enquiry.outcome_detail) == (
        "closed", "b@example.gov.uk", "no_response", "three calls")
    assert enquiries.reopen(ref, "a@example.gov.uk")
    enquiry = enquiries.get(ref)[0]
    assert (enquiry.status, enquiry.claimed_by, enquiry.closed_at, enquiry.outcome) == (
        "claimed", "b@example.gov.uk", None, None)
    steps = [(s.what, s.who, s.detail) for s in enquiries.timeline(ref)]
    assert steps[0][:2] == ("Received", "the assistant")
    assert steps[1:] == [("Claimed", "a@example.gov.uk", ""), ("Assigned", "a@example.gov.uk", "to b@example.gov.uk"),
                         ("Note added", "b@example.gov.uk", ""),
                         ("Closed", "b@example.gov.uk", "No response (three calls)"),
                         ("Reopened", "a@example.gov.uk", "")]
    unassigned = enquiries.create(new("E06000015"), ROUTINE)
    enquiries.close(unassigned, "c@example.gov.uk")
    enquiries.reopen(unassigned, "c@example.gov.uk")
    assert enquiries.get(unassigned)[0].status == "claimed"  # closing without an adviser made the closer own it


def test_csv_export_has_readable_topic_respond_by_and_outcome() -> None:
    ref = enquiries.create(new("E06000016", topic="rights/young_people"), URGENT,
                           received_at=dt.datetime(2026, 11, 23, 9))
    enquiries.close(ref, "a@example.gov.uk", "referred")
    body = enquiries.export_csv([enquiries.get(ref)[0]], today=dt.date(2026, 11, 30))
    header, line = body.splitlines()[:2]
    columns = dict(zip(header.split(","), __import__("csv").reader([line]).__next__(), strict=True))
    assert columns["topic_name"] == "Your rights: Young people (16 and over)"
    assert columns["respond_by"] == "2026-11-24" and columns["outcome"] == "Referred"
    assert columns["closed_by"] == "a@example.gov.uk" and columns["overdue"] == ""


def test_team_email_has_reference_and_link_but_nothing_the_parent_said() -> None:
    subject, body = notify.compose("SEND-ABC234", 2, dt.date(2026, 11, 24), "https://staff.example.gov.uk")
    assert subject == "URGENT: New SEND enquiry SEND-ABC234 (respond by Tue 24 Nov)"
    assert len("Subject: " + subject) <= 78  # not folded
    assert "Respond by: Tuesday 24 November 2026" in body
    assert "https://staff.example.gov.uk/staff/enquiries/SEND-ABC234" in body
    subject, body = notify.compose("SEND-ABC234", 0, dt.date(2026, 11, 24), "")
    assert "URGENT" not in subject and "URGENT" not in body and "search for SEND-ABC234" in body


def test_an_unreachable_mail_server_never_loses_the_enquiry(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.running_bot import free_port

    monkeypatch.setenv("SEND_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SEND_SMTP_PORT", str(free_port()))  # nothing listens there
    monkeypatch.setenv("SEND_SMTP_STARTTLS", "0")
    monkeypatch.setenv("SEND_SMTP_TIMEOUT", "2")
    monkeypatch.setenv("SEND_TEAM_INBOX", "team@example.gov.uk")
    ref = enquiries.create(new("E06000017", name="Zed Marker", email="zed@example.com"), URGENT)
    assert enquiries.get(ref)[0].name == "Zed Marker"
    result = notify.deliver()
    assert result.sent == 0 and result.waiting >= 1
    with db.session() as session:
        row = session.execute(select(OutboxEmail).where(OutboxEmail.reference == ref)).scalar_one()
    assert row.sent_at is None and row.attempts >= 1 and "Error" in (row.last_error or "")
    assert "Zed" not in row.body and "zed@example.com" not in row.body and "URGENT" in row.subject
    assert notify.pending().count >= 1
    # Sent ones are purged after a while; unsent ones are kept until they go.
    notify.purge_sent(0)
    with db.session() as session:
        assert session.get(OutboxEmail, row.id) is not None
    with db.session() as session:
        session.execute(update(OutboxEmail).values(sent_at=dt.datetime.utcnow() - dt.timedelta(days=40)))
    assert notify.purge_sent(30) >= 1 and notify.pending().count == 0


def test_no_email_settings_no_outbox() -> None:
    ref = enquiries.create(new("E06000018"), URGENT)
    with db.session() as session:
        assert session.execute(select(OutboxEmail).where(OutboxEmail.reference == ref)).first() is None
    assert notify.kick() is None


def test_sign_ins_and_failures_are_audited_and_admins_are_flagged() -> None:
    staff_auth.create_user("auditor@example.gov.uk", "a long admin password", admin=True)
    staff_auth.create_user("plain@example.gov.uk", "a long adviser password")
    token, _ = staff_auth.sign_in("auditor@example.gov.uk", "a long admin password", ip="10.0.0.1")
    assert staff_auth.current(token).is_admin
    staff_auth.create_user("auditor@example.gov.uk", "another long password")  # a reset keeps the flag
    token, _ = staff_auth.sign_in("auditor@example.gov.uk", "another long password")
    assert staff_auth.current(token).is_admin
    token, _ = staff_auth.sign_in("plain@example.gov.uk", "a long adviser password")
    assert not staff_auth.current(token).is_admin
    staff_auth.sign_in("plain@example.gov.uk", "not the password", ip="10.0.0.2")
    staff_auth.sign_in("nobody@example.gov.uk", "whatever it is")
    failed = audit.entries(action="sign_in_failed").entries
    assert ("plain@example.gov.uk", "wrong password", "10.0.0.2") in [(a.actor, a.detail, a.ip) for a in failed]
    assert "no such account" in [a.detail for a in failed if a.actor == "nobody@example.gov.uk"]
    signed_in = audit.entries(actor="auditor@", action="signed_in").entries
    assert signed_in[-1].ip == "10.0.0.1"
    assert "plain@example.gov.uk" in staff_auth.users()


def test_audit_pages_filters_export_and_retention() -> None:
    for i in range(5):
        audit.record("pager@example.gov.uk", "viewed_enquiry", reference=f"SEND-PAGE{i:02d}")
    first = audit.entries(actor="pager@", limit=2)
    assert first.total == 5 and [a.reference for a in first.entries] == ["SEND-PAGE04", "SEND-PAGE03"]
    second = audit.entries(actor="pager@", limit=2, before=first.older)
    assert [a.reference for a in second.entries] == ["SEND-PAGE02", "SEND-PAGE01"]
    assert audit.entries(reference="send-page00").total == 1
    audit.record("=cmd@example.gov.uk", "exported", detail="@SUM(1)")
    body = audit.export_csv(audit.entries(action="exported", limit=None).entries)
    assert "'=cmd@example.gov.uk" in body and "'@SUM(1)" in body
    with pytest.raises(ValueError):
        audit.record("x", "made_up")
    with db.session() as session:
        session.execute(update(AuditEntry).where(AuditEntry.actor == "pager@example.gov.uk")
                        .values(at=dt.datetime.utcnow() - dt.timedelta(days=400)))
    counts = retention.purge_all(30, 365, 365)
    assert counts["audit_entries"] >= 5 and audit.entries(actor="pager@").total == 0
    assert audit.entries(actor="auditor@").total > 0  # recent ones stay


def test_purging_a_closed_enquiry_removes_its_timeline() -> None:
    from bot.store.models import EnquiryEvent

    ref = enquiries.create(new("E06000019"), ROUTINE)
    enquiries.claim(ref, "a@example.gov.uk")
    enquiries.close(ref, "a@example.gov.uk", "duplicate")
    with db.session() as session:
        enquiry = session.execute(select(Enquiry).where(Enquiry.reference == ref)).scalar_one()
        enquiry.closed_at = dt.datetime.utcnow() - dt.timedelta(days=400)
        ident = enquiry.id
    assert enquiries.purge_closed(365) >= 1
    with db.session() as session:
        assert session.execute(select(EnquiryEvent).where(EnquiryEvent.enquiry_id == ident)).first() is None
