"""Urgency rules, redaction, enquiry storage (a real SQLite database), staff accounts and retention."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.domain import triage
from bot.domain.privacy import redact
from bot.store import enquiries, migrate, retention, staff_auth

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module", autouse=True)
def database() -> None:
    migrate.upgrade()


@pytest.mark.parametrize("texts,topic,deadline,kind,level", [
    (["what does a senco do"], "role/senco", None, None, 0),
    (["I can't cope any more"], None, None, None, 2),
    (["help"], None, TODAY + dt.timedelta(days=10), "sen_appeal", 2),
    (["help"], None, TODAY + dt.timedelta(days=14), "discrimination_claim", 2),
    (["help"], None, TODAY - dt.timedelta(days=3), "sen_appeal", 2),
    (["help"], None, TODAY + dt.timedelta(days=15), "sen_appeal", 1),
    (["help"], None, TODAY + dt.timedelta(days=30), "ehc_final_plan", 1),
    (["help"], None, TODAY + dt.timedelta(days=90), "sen_appeal", 0),
    (["my son has been excluded"], None, None, None, 2),
    (["he is on a part-time timetable"], None, None, None, 2),
    (["question"], "unhappy/no_school_place", None, None, 2),
])
def test_urgency_rules(texts: list[str], topic: str | None, deadline: dt.date | None, kind: str | None,
                       level: int) -> None:
    result = triage.assess(texts, topic, deadline, kind, today=TODAY)
    assert result.level == level, result.reasons
    assert bool(result.reasons) == (level > 0)


@pytest.mark.parametrize("raw,gone", [
    ("email me at jo.bloggs@example.com", "jo.bloggs@example.com"), ("email me at jo.bloggs@example.com", "example.com"),
    ("call 07911 123456 after 3", "07911 123456"),
    ("my number is 07700 900123", "07700 900123"),
    ("we live at CV34 4UL", "CV34 4UL"),
    ("his NI number is AB123456C", "AB123456C"),
    ("ring +44 20 7946 0000", "7946 0000"),
    ("card 4111 1111 1111 1111 please", "1111 1111"), ("card 4111-1111-1111-1111", "1111-1111"),
    ("his nhs number is 943 476 5919", "476 5919"), ("nhs no 9434765919", "9434765919"),
    ("he was born on 3/4/2015", "3/4/2015"), ("dob 12 march 2014", "12 march 2014"),
    ("her birthday is 5th june", "5th june"),
    # found by the security probe (tests/security/test_personal_data.py): ways of writing them that leaked
    ("ring +44 (0)7700 900405", "900405"), ("ring 07700.900.414", "900.414"), ("ring +44-7700-900415", "900415"),
    ("my number is 0 7 7 0 0 9 0 0 4 1 6", "9 0 0 4 1 6"),
    ("NI QQ 12 34 56 C", "34 56"), ("NI AB-12-34-56-C", "34-56"), ("ni qq123456d", "123456"),
    ("amex 3714 496353 98431", "496353"), ("date of birth 2015-07-14", "2015-07-14"), ("born 2016/01/09", "2016/01/09"),
])
def test_personal_data_is_redacted(raw: str, gone: str) -> None:
    assert gone not in redact(raw)


@pytest.mark.parametrize("text", [
    "the letter is dated 14/03/2026 and it's 20 weeks", "from 01.09.2025-01.10.2025", "dated 2026-03-14",
    "letter 14.03.2026, certificate 20.03.2026", "my son is 11 and in year 6", "reference SEND-AB12CD",
])
def test_dates_and_timescales_are_not_redacted(text: str) -> None:
    assert redact(text) == text


def test_enquiry_saved_with_reference_redacted_transcript_and_pending_details_removed() -> None:
    enquiries.remember("sender-1", name="Jo", email="jo@example.com")
    reference = enquiries.create(enquiries.NewEnquiry(
        name="Jo", summary="call me on 07911 123456 about my son's exclusion", email="jo@example.com",
        transcript=[{"who": "parent", "text": "my email is jo@example.com"}]),
        triage.Urgency(2, ("exclusion",)), sender_id="sender-1")
    assert reference.startswith("SEND-") and len(reference) == 11
    enquiry, _notes = enquiries.get(reference)
    assert "07911" not in enquiry.summary
    assert "jo@example.com" not in json.dumps(json.loads(enquiry.transcript))
    assert enquiry.email == "jo@example.com"  # the contact field itself is kept for the adviser
    assert enquiries.pending("sender-1") == {}


def test_queue_is_urgent_first_then_oldest_and_filters() -> None:
    refs = [enquiries.create(enquiries.NewEnquiry(name=f"P{i}", summary="s", area_gss="E06000010", topic="ehc/x"),
                             triage.Urgency(level, ())) for i, level in enumerate([0, 2, 1, 2])]
    order = [e.reference for e in enquiries.queue(area_gss="E06000010")]
    assert order.index(refs[1]) < order.index(refs[3]) < order.index(refs[2]) < order.index(refs[0])
    enquiries.claim(refs[0], "adviser@example.gov.uk")
    enquiries.add_note(refs[0], "adviser@example.gov.uk", "called back")
    enquiries.close(refs[0], "adviser@example.gov.uk")
    closed = enquiries.queue(status="closed", area_gss="E06000010")
    assert [e.reference for e in closed] == [refs[0]]
    assert enquiries.get(refs[0])[1][0].text == "called back"


def test_csv_export_neutralises_formulas() -> None:
    reference = enquiries.create(enquiries.NewEnquiry(name="=HYPERLINK(\"x\")", summary="+cmd"),
                                 triage.Urgency(0, ()))
    body = enquiries.export_csv([enquiries.get(reference)[0]])
    assert "'=HYPERLINK" in body and ",'+cmd," in body


def test_staff_sign_in_hashes_passwords_and_never_locks_out() -> None:
    """Repeated failures slow the web sign-in (tests/unit/test_staff_sign_in.py); they never lock out."""
    staff_auth.create_user("adviser@example.gov.uk", "correct horse battery")
    token, _ = staff_auth.sign_in("adviser@example.gov.uk", "correct horse battery")
    session = staff_auth.current(token)
    assert session and session.email == "adviser@example.gov.uk"
    assert staff_auth.csrf_ok(session, session.csrf_token) and not staff_auth.csrf_ok(session, "nope")
    for _ in range(10):
        token, message = staff_auth.sign_in("adviser@example.gov.uk", "wrong password!!")
        assert token is None and message == staff_auth.NOT_RIGHT
    token, message = staff_auth.sign_in("adviser@example.gov.uk", "correct horse battery")
    assert token is not None
    with pytest.raises(ValueError):
        staff_auth.create_user("adviser2@example.gov.uk", "short")


def test_retention_deletes_old_conversations_only(tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/tracker.db"
    engine = create_engine(url, future=True)
    now = dt.datetime.now().timestamp()
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp REAL)"))
        connection.execute(text("INSERT INTO events (sender_id, timestamp) VALUES "
                                "('old', :a), ('old', :b), ('new', :c)"),
                           {"a": now - 40 * 86400, "b": now - 31 * 86400, "c": now - 86400})
    assert retention.purge_conversations(30, url) == 2
    assert retention.delete_conversation("new", url) == 1


def test_database_errors_never_carry_what_was_typed(tmp_path: Path) -> None:
    """Errors get logged; with hide_parameters their text holds no personal data."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.store import db

    with pytest.raises(SQLAlchemyError) as error:
        with db.engine(f"sqlite:///{tmp_path}/x.db").begin() as connection:
            connection.execute(text("INSERT INTO missing_table VALUES (:v)"), {"v": "jo.secret@example.com"})
    assert "jo.secret" not in str(error.value)


def test_bot_replies_and_payload_messages_are_redacted_too() -> None:
    from rasa_addons.tracker_store import redact_event

    bot = redact_event({"event": "bot", "text": "jo@example.com doesn't look like an email"}, None)
    assert "jo@example.com" not in bot["text"]
    payload = redact_event({"event": "user", "text": '/inform{"email":"jo@example.com"}'}, None)
    assert "jo@example.com" not in payload["text"]


def test_the_enquiries_database_overwrites_what_it_deletes() -> None:
    """Contact details dropped after "stop" must not stay in the file's free pages, whatever SQLite's build."""
    from bot.store import db

    with db.engine().connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_a_deleted_conversation_leaves_nothing_in_the_database_file(tmp_path: Path) -> None:
    import sqlite3

    from bot.store import retention

    path = tmp_path / "tracker.db"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, data TEXT)")
        connection.executemany("INSERT INTO events (sender_id, data) VALUES (?, ?)",
                               [("keep", "x" * 200)] * 50 + [("gone", "SECRET-MARKER-" + "y" * 300)] * 20)
    assert retention.delete_conversation("gone", f"sqlite:///{path}") == 20
    for file in tmp_path.iterdir():
        assert b"SECRET-MARKER" not in file.read_bytes(), file.name
