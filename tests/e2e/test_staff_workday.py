"""An adviser's working day in the staff view, through the real web server (`python -m bot web`, no Rasa) on
its own SQLite database, in real Chromium checked with axe: the queue that says what to do next, filters and
search, case handling with the timeline, the audit log for admins; and the team's emails through a real SMTP
server (aiosmtpd on 127.0.0.1), including when it is down."""

from __future__ import annotations

import csv
import datetime as dt
import email
import email.policy
import io
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import ROOT, free_port
from tests.e2e.test_widget_browser import assert_no_violations, browser  # noqa: F401  (shared fixture)
from tests.support.staff_web import NoRedirect, create_staff, own_database, read_download, start_web, stop_web

PASSWORD = "a long adviser password"
LEAD = "lead@example.gov.uk"  # an admin
COLLEAGUE = "colleague@example.gov.uk"
TODAY = "2025-12-29"  # a Monday, after the Christmas Day and Boxing Day bank holidays (Thursday and Friday)


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Its own database and deployment file, for this process and the web server."""
    tmp = tmp_path_factory.mktemp("staff-workday")
    deployment = tmp / "deployment.yml"
    deployment.write_text('council: "Test Council"\narea: ""\n'
                          "service_standard: {urgent_working_days: 1, other_working_days: 2}\nservices: []\n")
    # Two-factor sign-in for admins is tested in test_staff_areas_accounts_insights.py; here it is off.
    values = {"SEND_DATABASE_URL": f"sqlite:///{tmp}/send.db", "SEND_DEPLOYMENT_FILE": str(deployment),
              "SEND_TODAY": TODAY, "SEND_STAFF_ADMIN_TWO_FACTOR": "0"}
    with own_database(values, unset=("SEND_SMTP_HOST", "SEND_TEAM_INBOX", "SEND_STAFF_BASE_URL")):
        # The colleague works for Hull and for enquiries with no area recorded (every enquiry here).
        create_staff(LEAD, PASSWORD, "--admin")
        create_staff(COLLEAGUE, PASSWORD, "--areas", "E06000010,none")
        yield values


@pytest.fixture(scope="module")
def web(environment: dict[str, str]) -> Iterator[str]:
    process, url = start_web({**os.environ, "SEND_OUTBOX_RETRY_SECONDS": "0"})
    yield url
    stop_web(process)


def at(day: int, hour: int = 10, month: int = 12) -> dt.datetime:
    return dt.datetime(2025, month, day, hour)


@pytest.fixture(scope="module")
def cases(environment: dict[str, str]) -> dict[str, str]:
    """Six enquiries around Christmas 2025 (today is Monday 29 December)."""
    from bot.domain import triage
    from bot.store import enquiries

    def make(name: str, level: int, received: dt.datetime, **fields: object) -> str:
        reasons = ("exclusion",) if level == 2 else ()
        return enquiries.create(enquiries.NewEnquiry(name=name, summary=f"{name} needs help", **fields),
                                triage.Urgency(level, reasons), received_at=received)

    refs = {
        # urgent, received Monday 22nd: respond by Tuesday 23rd, so overdue
        "old_urgent": make("Olive Urgent", 2, at(22), topic="unhappy/exclusion", area_gss="E06000010",
                           area_name="Kingston upon Hull"),
        # urgent with the parent's deadline soonest: first in the queue although newer
        "deadline_urgent": make("Dee Deadline", 2, at(23), topic="unhappy/exclusion",
                                deadline_date=dt.date(2026, 1, 5), deadline_kind="sen_appeal"),
        # urgent, received Christmas Eve: one working day is Monday 29th (25th and 26th are bank holidays)
        "due_today": make("Tia Today", 2, at(24), topic="school/transport", email="tia.today@example.com"),
        # soon, received on a Saturday: counts from Monday 29th, so respond by Wednesday 31st
        "soon": make("Sonny Soon", 1, at(27), deadline_date=dt.date(2026, 1, 10), deadline_kind="ehc_final_plan",
                     phone="07911 555123"),
        # routine, received Christmas Eve: two working days, Tuesday 30th
        "routine": make("Ayesha Quorn", 0, at(24), topic="rights/young_people"),
        "closed": make("Carl Closed", 0, at(1)),
    }
    enquiries.close(refs["closed"], COLLEAGUE, "advice_given")
    return refs


def sign_in(browser: Browser, web: str, account: str) -> tuple[BrowserContext, Page]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(web + "/staff/login")
    page.get_by_label("Email address").fill(account)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enquiries", exact=True)).to_be_visible()
    return context, page


def queue_refs(page: Page, table: str = "#queue") -> list[str]:
    return re.findall(r"SEND-[A-Z0-9]{6}", page.locator(f"{table} tbody").inner_text())


def test_the_queue_says_what_to_do_next(browser: Browser, web: str, cases: dict[str, str]) -> None:  # noqa: F811
    context, page = sign_in(browser, web, LEAD)
    assert queue_refs(page) == [cases[k] for k in ("deadline_urgent", "old_urgent", "due_today", "soon", "routine")]
    row = page.locator("#queue tbody tr")
    expect(row.nth(0)).to_contain_text("Wednesday 24 December 2025")  # deadline_urgent: received 23rd
    expect(row.nth(0)).to_contain_text("Overdue")
    expect(row.nth(0)).to_contain_text("Monday 5 January 2026")  # the parent's deadline
    expect(row.nth(0)).to_contain_text("SEND Tribunal appeal")
    expect(row.nth(1)).to_contain_text("Tuesday 23 December 2025")
    expect(row.nth(1)).to_contain_text("Overdue")
    expect(row.nth(2)).to_contain_text("Monday 29 December 2025")
    expect(row.nth(2)).to_contain_text("Due today")
    expect(row.nth(3)).to_contain_text("Wednesday 31 December 2025")
    expect(row.nth(4)).to_contain_text("Tuesday 30 December 2025")
    for later in (3, 4):
        expect(row.nth(later)).not_to_contain_text("Overdue")
    # Readable topics, never the codes
    expect(row.nth(4)).to_contain_text("Your rights: Young people (16 and over)")
    expect(row.nth(1)).to_contain_text("If you're unhappy: Exclusion")
    assert "rights/young_people" not in page.locator("main").inner_text()
    expect(page.locator(".staff-summary")).to_contain_text("5 open")
    expect(page.locator(".staff-summary")).to_contain_text("2 overdue")
    expect(page.locator(".staff-summary")).to_contain_text("1 due today")
    expect(page.locator(".staff-summary")).to_contain_text(f"Next: {cases['deadline_urgent']}")
    assert queue_refs(page, "#closed") == [cases["closed"]]
    assert_no_violations(page, "staff queue with respond-by dates")

    page.get_by_label("Topic").select_option(label="Your rights (all)")
    page.get_by_role("button", name="Filter").click()
    assert queue_refs(page) == [cases["routine"]]
    page.get_by_label("Topic").select_option(label="Exclusion")
    page.get_by_role("button", name="Filter").click()
    assert queue_refs(page) == [cases["deadline_urgent"], cases["old_urgent"]]
    assert_no_violations(page, "staff queue filtered by topic")
    page.get_by_role("link", name="Clear filters").click()

    for text, expected in (("+44 7911 555123", "soon"), ("07911555123", "soon"), ("ayesha", "routine"),
                           ("tia.today@example", "due_today"), ("Olive needs", "old_urgent"),
                           (cases["closed"].lower(), "closed"), ("transport", "due_today")):
        page.get_by_label("Search").fill(text)
        page.get_by_label("Status").select_option(label="All")
        page.get_by_role("button", name="Filter").click()
        assert queue_refs(page) == [cases[expected]], text
    page.get_by_label("Search").fill("nothing like this")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#queue")).to_contain_text("No enquiries match these filters")
    assert_no_violations(page, "staff queue search with no results")
    context.close()


def test_claim_assign_close_with_outcome_reopen_and_timeline(browser: Browser, web: str,  # noqa: F811
                                                             cases: dict[str, str]) -> None:
    context, page = sign_in(browser, web, LEAD)
    reference = cases["due_today"]
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=reference)).to_be_visible()
    expect(page.get_by_text("Respond by")).to_be_visible()
    page.get_by_role("button", name="Claim").click()
    expect(page.get_by_text(f"Claimed by {LEAD}")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("You have claimed this enquiry")
    page.get_by_label("Assign to a colleague").select_option(COLLEAGUE)
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text(f"Assigned to {COLLEAGUE} by {LEAD}")).to_be_visible()
    page.get_by_label("Add a note").fill("Rang, no answer")
    page.get_by_role("button", name="Add note").click()
    page.get_by_label("Referred").check()
    page.get_by_label("Outcome details (optional)").fill("to the LA's SEND team")
    page.get_by_role("button", name="Close").click()
    expect(page.get_by_text(f"Closed by {LEAD}")).to_be_visible()
    expect(page.get_by_text("Outcome: Referred (to the LA's SEND team)")).to_be_visible()
    timeline = page.locator(".staff-timeline tbody tr")
    steps = [timeline.nth(i).locator("td").nth(1).inner_text() for i in range(timeline.count())]
    assert steps == ["Received", "Claimed", "Assigned", "Note added", "Closed"]
    expect(timeline.nth(2)).to_contain_text(f"to {COLLEAGUE}")
    expect(timeline.nth(4)).to_contain_text("Referred")
    assert_no_violations(page, "closed enquiry with timeline")
    page.get_by_role("button", name="Reopen").click()
    expect(page.get_by_text(f"Assigned to {COLLEAGUE} by {LEAD}")).to_be_visible()
    expect(timeline.last).to_contain_text("Reopened")
    # A colleague who is not a member of staff cannot be given it (a tampered form): a clear error
    page.locator("#assignee").evaluate(
        "s => { s.add(new Option('someone else', 'someone@elsewhere.example')); s.value = 'someone@elsewhere.example'; }")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who to assign it to")
    assert_no_violations(page, "enquiry with an error")
    context.close()

    context, page = sign_in(browser, web, COLLEAGUE)
    page.get_by_role("link", name="Assigned to me").click()
    assert queue_refs(page) == [reference]
    context.close()


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd calls it by this name
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def wait_for(self, reference: str, timeout: float = 20) -> email.message.EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages:
                if reference in message["Subject"]:
                    return message
            time.sleep(0.2)
        raise AssertionError(f"no email about {reference}; got {[m['Subject'] for m in self.messages]}")


class MailServer:
    """A real SMTP server on 127.0.0.1 that can be stopped and started again on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def mail(environment: dict[str, str], web: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[MailServer]:
    server = MailServer()
    server.start()
    monkeypatch.setenv("SEND_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SEND_SMTP_PORT", str(server.port))
    monkeypatch.setenv("SEND_SMTP_STARTTLS", "0")
    monkeypatch.setenv("SEND_SMTP_TIMEOUT", "3")
    monkeypatch.setenv("SEND_SMTP_FROM", "send-guide@example.gov.uk")
    monkeypatch.setenv("SEND_TEAM_INBOX", "sendiass-team@example.gov.uk")
    monkeypatch.setenv("SEND_STAFF_BASE_URL", web)
    yield server
    server.stop()


def parent_enquiry(name: str, level: int) -> str:
    from bot.domain import triage
    from bot.store import enquiries

    return enquiries.create(enquiries.NewEnquiry(
        name=name, summary=f"my son {name.split()[1].lower()} was excluded, please ring",
        email=f"{name.split()[1].lower()}@example.com", phone="07911 123456", area_name="Kingston upon Hull",
        transcript=[{"who": "parent", "text": f"my son {name.split()[1].lower()} was excluded"}]),
        triage.Urgency(level, ("exclusion",) if level else ()))


def assert_nothing_personal(message: email.message.EmailMessage, name: str) -> None:
    whole = message.as_string().lower()
    surname = name.split()[1].lower()
    for secret in (surname, f"{surname}@example.com", "07911", "123456", "excluded", "hull"):
        assert secret not in whole, secret


def test_every_new_enquiry_emails_the_team_with_reference_and_link_only(web: str, mail: MailServer) -> None:
    urgent = parent_enquiry("Jo Zebrafinch", 2)
    message = mail.inbox.wait_for(urgent)
    assert message["Subject"].startswith("URGENT: New SEND enquiry " + urgent)
    assert message["To"] == "sendiass-team@example.gov.uk" and message["From"] == "send-guide@example.gov.uk"
    body = message.get_content()
    link = f"{web}/staff/enquiries/{urgent}"
    assert link in body
    assert_nothing_personal(message, "Jo Zebrafinch")
    routine = parent_enquiry("Sam Quillwort", 0)
    routine_message = mail.inbox.wait_for(routine)
    assert "URGENT" not in routine_message["Subject"] and f"{web}/staff/enquiries/{routine}" in routine_message.get_content()
    assert_nothing_personal(routine_message, "Sam Quillwort")
    # The link leads to the enquiry, after signing in
    try:
        urllib.request.build_opener(NoRedirect).open(link, timeout=10)
        status = 200
    except urllib.error.HTTPError as error:
        status, location = error.code, error.headers.get("Location")
    assert status == 302 and location == "/staff/login"
    from bot.store import enquiries
    from tests.e2e.test_staff_areas_accounts_insights import Http

    client = Http(web)
    client.sign_in(LEAD)
    status, page, _ = client.request(link[len(web):])
    assert status == 200 and urgent in page
    deadline = time.monotonic() + 10
    while "Team inbox emailed" not in [step.what for step in enquiries.timeline(urgent)]:
        assert time.monotonic() < deadline, "the timeline does not show the email"
        time.sleep(0.2)


def wait_until_tried(reference: str) -> None:
    """The background send after saving has tried (and failed)."""
    from sqlalchemy import select

    from bot.store import db
    from bot.store.models import OutboxEmail

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with db.session() as session:
            row = session.execute(select(OutboxEmail).where(OutboxEmail.reference == reference)).scalar_one()
            if row.last_error and row.locked_until is None:
                assert row.sent_at is None
                return
        time.sleep(0.2)
    raise AssertionError("the email was never tried")


def test_with_the_mail_server_down_enquiries_are_saved_and_emailed_later(mail: MailServer) -> None:
    from bot.store import enquiries, notify

    mail.stop()
    first = parent_enquiry("Ann Downtime", 2)
    assert enquiries.get(first)[0].name == "Ann Downtime"  # saved, whatever the mail server does
    wait_until_tried(first)
    assert notify.pending().count == 1
    mail.start()
    second = parent_enquiry("Ben Backagain", 0)  # the next save retries the waiting email too
    mail.inbox.wait_for(first)
    mail.inbox.wait_for(second)
    assert sum(first in m["Subject"] for m in mail.inbox.messages) == 1  # once, not twice

    mail.stop()
    third = parent_enquiry("Cas Command", 2)
    wait_until_tried(third)
    failed = subprocess.run([sys.executable, "-m", "bot", "send-outbox"], cwd=ROOT, env=dict(os.environ),
                            capture_output=True, text=True, timeout=60)
    assert failed.returncode == 1 and "waiting=1" in failed.stdout
    mail.start()
    sent = subprocess.run([sys.executable, "-m", "bot", "send-outbox"], cwd=ROOT, env=dict(os.environ),
                          capture_output=True, text=True, timeout=60)
    assert sent.returncode == 0 and "sent=1" in sent.stdout, sent.stdout + sent.stderr
    assert_nothing_personal(mail.inbox.wait_for(third), "Cas Command")
    assert notify.pending().count == 0


def test_the_web_server_retries_waiting_emails_by_itself(mail: MailServer) -> None:
    mail.stop()
    waiting = parent_enquiry("Dot Patience", 2)
    wait_until_tried(waiting)
    mail.start()
    process, _url = start_web({**os.environ, "SEND_OUTBOX_RETRY_SECONDS": "1"})
    try:
        assert_nothing_personal(mail.inbox.wait_for(waiting, timeout=30), "Dot Patience")
    finally:
        stop_web(process)


def test_admins_see_the_audit_trail_and_can_export_it(browser: Browser, web: str,  # noqa: F811
                                                      cases: dict[str, str]) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(web + "/staff/login")
    page.get_by_label("Email address").fill(COLLEAGUE)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("The email or password is not right.")).to_be_visible()
    context.close()

    context, page = sign_in(browser, web, COLLEAGUE)
    expect(page.get_by_role("link", name="Audit log")).to_have_count(0)  # not an admin
    page.goto(web + "/staff/audit")
    expect(page.get_by_role("heading", name="You cannot see this page")).to_be_visible()
    assert_no_violations(page, "audit log refused")
    page.goto(web + f"/staff/enquiries/{cases['soon']}")
    context.close()

    context, page = sign_in(browser, web, LEAD)
    exported = read_download(page, "Export CSV")
    assert cases["closed"] in exported and "respond_by" in exported
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    log = page.locator(".staff-audit tbody").inner_text()
    for seen in ("Failed sign-in", "Signed in", "Viewed the queue", "Viewed an enquiry", "Exported enquiries",
                 "Claimed", "Assigned", "Closed", "Reopened", "Added a note", "Staff account set up"):
        assert seen in log, seen
    assert_no_violations(page, "audit log")
    page.get_by_label("Reference").fill(cases["soon"])
    page.get_by_role("button", name="Filter").click()
    rows = page.locator(".staff-audit tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(COLLEAGUE)
    expect(rows.first).to_contain_text("Viewed an enquiry")
    expect(rows.first).to_contain_text("127.0.0.1")
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("What").select_option(label="Failed sign-in")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".staff-audit tbody")).to_contain_text(COLLEAGUE)
    expect(page.locator(".staff-audit tbody")).to_contain_text("wrong password")
    assert_no_violations(page, "audit log filtered")
    page.get_by_role("link", name="Clear filters").click()
    body = read_download(page, "Export the audit log as CSV")
    rows_csv = list(csv.DictReader(io.StringIO(body)))
    assert {"viewed_enquiry", "exported", "sign_in_failed", "closed", "viewed_audit"} <= {r["action"] for r in rows_csv}
    assert any(r["reference"] == cases["soon"] and r["who"] == COLLEAGUE for r in rows_csv)
    context.close()

    from bot.store import audit

    assert audit.entries(action="exported_audit", actor=LEAD).total == 1  # the export itself is recorded


def test_staff_pages_refuse_the_signed_out_and_non_admins(web: str, cases: dict[str, str]) -> None:
    from bot.store import staff_auth
    from tests.e2e.test_staff_areas_accounts_insights import Http

    opener = urllib.request.build_opener(NoRedirect)

    def status(path: str, cookie: str | None = None, data: bytes | None = None) -> int:
        request = urllib.request.Request(web + path, data, {"Cookie": f"send_staff={cookie}"} if cookie else {})
        try:
            with opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    for path in ("/staff/audit", "/staff/audit.csv", f"/staff/enquiries/{cases['soon']}"):
        assert status(path) == 302, path
    assert status(f"/staff/enquiries/{cases['soon']}/reopen", data=b"csrf=x") == 403
    assert status(f"/staff/enquiries/{cases['soon']}/assign", data=b"csrf=x&assignee=x") == 403
    # A password alone opens a session that has not finished signing in: it sees nothing
    token, _ = staff_auth.sign_in(COLLEAGUE, PASSWORD)
    assert status("/staff/", token) == 302 and status("/staff/export.csv", token) == 302
    csrf = staff_auth.current(token).csrf_token
    assert status(f"/staff/enquiries/{cases['soon']}/close", token, f"csrf={csrf}&outcome=advice_given".encode()) == 403
    client = Http(web)
    client.sign_in(COLLEAGUE)
    assert client.request("/staff/audit")[0] == 403 and client.request("/staff/audit.csv")[0] == 403
    assert client.request(f"/staff/enquiries/{cases['soon']}/close",
                          {"csrf": client.csrf, "outcome": "made_up"})[0] == 400


def test_a_long_list_comes_in_pages_latest_closed_first(browser: Browser, web: str,  # noqa: F811
                                                         cases: dict[str, str]) -> None:
    """A large council has thousands of enquiries: the queue shows 100 at a time, with GOV.UK pagination, and
    the counts and "what next" still cover them all. (Speed at 10,000 enquiries: tools/staff_bench.py.)"""
    from bot.domain import triage
    from bot.store import enquiries

    made = []
    for n in range(120):
        ref = enquiries.create(enquiries.NewEnquiry(name=f"Paged {n}", summary="paged"), triage.Urgency(0, ()),
                               received_at=at(2, 9, month=11))
        enquiries.close(ref, LEAD, "advice_given")
        made.append(ref)
    context, page = sign_in(browser, web, LEAD)
    page.goto(web + "/staff/?status=closed&q=paged")
    caption = page.locator("#queue caption")
    expect(caption).to_contain_text("120 closed enquiries")
    expect(caption).to_contain_text("(1 to 100 shown)")
    first = queue_refs(page)
    assert len(first) == 100
    pages = page.get_by_role("navigation", name="Pages of enquiries")
    pages.get_by_role("link", name="Next page").click()
    expect(page.locator("#queue caption")).to_contain_text("(101 to 120 shown)")
    second = queue_refs(page)
    assert len(second) == 20 and not set(first) & set(second)
    assert set(first) | set(second) == set(made)
    assert first[0] == made[-1] and second[-1] == made[0]  # the latest closed first
    expect(page.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    assert_no_violations(page, "second page of closed enquiries")
    context.close()
