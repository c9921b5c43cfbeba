"""The whole hand-off path through the running bot, then the enquiry in the staff view in a real browser;
and the staff view refusing unauthenticated and cross-site requests."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import ROOT, RunningBot
from tests.e2e.test_widget_browser import assert_no_violations, browser  # noqa: F401  (shared fixture)
from tests.support.staff_web import NoRedirect

PASSWORD = "a long adviser password"
ADVISER = "adviser@example.gov.uk"


@pytest.fixture(scope="module")
def adviser() -> str:
    # An adviser for Hull (E06000010), where the test parent lives: advisers see their own areas only.
    subprocess.run([sys.executable, "-m", "bot", "create-staff", ADVISER, "--password-stdin", "--areas", "E06000010"],
                   cwd=ROOT, input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    return ADVISER


@pytest.fixture(scope="module")
def reference(bot: RunningBot) -> str:
    chat = bot.conversation()
    assert "Would you like me to pass it on?" in chat.say("can I speak to a real person please")
    assert "What name" in chat.say("yes")
    assert "How should they contact you" in chat.say("Jo Bloggs")
    assert "email address doesn't look complete" in chat.say("jo@example")
    assert "good time" in chat.say("jo.bloggs@example.com or 07911 123456")
    assert "council area" in chat.say("weekday mornings")
    assert "own words" in chat.say("Hull")
    reply = chat.say("my son has been excluded and the appeal is soon, call me on 07911 123456")
    match = re.search(r"SEND-[A-Z0-9]{6}", reply)
    assert match, reply
    assert "urgent" in reply
    return match.group(0)


def test_refusing_consent_passes_nothing_on(bot: RunningBot) -> None:
    chat = bot.conversation()
    chat.say("I want to talk to a human")
    replies = bot.say("no thanks", chat.sender)
    assert len(replies) == 1, replies  # one clear answer, not "OK" and then the hand-off's own reply
    assert "haven't passed anything on" in replies[0]["text"]


def stored_texts(sender: str) -> list[str]:
    """What the tracker store holds for one conversation (the embedded SQLite store `make run` uses)."""
    with sqlite3.connect(ROOT / "var" / "tracker.db") as connection:
        return [row[0] for row in connection.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]


def test_delete_my_conversation_removes_what_was_said(bot: RunningBot) -> None:
    chat = bot.conversation()
    chat.say("my son is scared of the zebra crossing by school, what does a senco do")
    assert any("zebra crossing" in data for data in stored_texts(chat.sender))
    assert "deleted this conversation" in chat.say("please delete my conversation")
    assert not any("zebra crossing" in data for data in stored_texts(chat.sender))
    assert "SENCO" in chat.say("what does a senco do")  # and the conversation carries on


def pending_rows() -> int:
    """Details typed into the hand-off form and not yet sent (the test session's own database, tests/conftest.py)."""
    path = os.environ["SEND_DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM pending_contacts").fetchone()[0])


def test_delete_my_conversation_inside_the_hand_off_deletes_everything(bot: RunningBot) -> None:
    """Not saved as the answer to "what name?" or "a good time?": the conversation and the details
    already typed both go."""
    chat = bot.conversation()
    before = pending_rows()
    chat.say("can I speak to a real person please")
    chat.say("yes")
    chat.say("Zebedee Quux")
    chat.say("zebedee.quux@example.com")
    assert pending_rows() == before + 1
    assert "deleted this conversation" in chat.say("delete my conversation")
    assert pending_rows() == before
    assert stored_texts(chat.sender) == [] or not any("Zebedee" in d or "quux" in d for d in stored_texts(chat.sender))


def test_a_question_in_the_middle_of_the_hand_off_is_answered_and_the_form_asks_again(bot: RunningBot) -> None:
    chat = bot.conversation()
    chat.say("i want to talk to someone real")
    chat.say("yes")
    assert "How should they contact you" in chat.say("Sam Jones")
    reply = chat.say("actually whats a mediation certificate?")
    assert "certificate" in reply.lower() and "How should they contact you" in reply
    assert "email address (like name@example.com)" not in reply  # not taken as mistyped contact details


def test_stop_part_way(bot: RunningBot) -> None:
    chat = bot.conversation()
    chat.say("can someone call me")
    chat.say("yes")
    assert "stopped" in chat.say("stop")


def test_enquiry_appears_in_the_staff_view(browser: Browser, bot: RunningBot, adviser: str,  # noqa: F811
                                           reference: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(bot.web_url + "/staff/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_no_violations(page, "staff sign in")
    page.get_by_label("Email address").fill(adviser)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Urgent")
    expect(row).to_contain_text("exclusion")
    assert_no_violations(page, "staff queue")
    cookie = next(c for c in context.cookies() if c["name"] == "send_staff")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("jo.bloggs@example.com")).to_be_visible()  # the contact field, for the adviser
    transcript = page.locator(".staff-transcript").inner_text()
    assert "07911" not in transcript and "Jo Bloggs" not in transcript  # redacted in the conversation
    page.get_by_role("button", name="Claim").click()
    expect(page.get_by_text(f"Claimed by {adviser}")).to_be_visible()
    page.get_by_label("Add a note").fill("Phoned back, sending exclusion guide")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Phoned back, sending exclusion guide")).to_be_visible()
    page.get_by_role("button", name="Close").click()
    expect(page.get_by_text("Closed by")).to_be_visible()
    assert_no_violations(page, "staff enquiry")
    with page.expect_download() as download:
        page.goto(bot.web_url + "/staff/")
        page.get_by_role("link", name="Export CSV").click()
    assert reference in download.value.path().read_text()
    context.close()


def request(url: str, data: dict | None = None, headers: dict | None = None) -> int:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, body, headers or {})
    try:
        with urllib.request.build_opener(NoRedirect).open(req, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_unauthenticated_and_cross_site_requests_are_refused(bot: RunningBot, adviser: str, reference: str) -> None:
    assert request(bot.web_url + "/staff/") == 302
    assert request(bot.web_url + "/staff/export.csv") == 302
    assert request(bot.web_url + f"/staff/enquiries/{reference}") == 302
    assert request(bot.web_url + f"/staff/enquiries/{reference}/close", {"csrf": "x"}) == 403
    # A signed-in adviser's cookie, but no CSRF token, or a request from another site.
    from bot import staff_accounts, staff_auth

    token, _ = staff_auth.sign_in(adviser, PASSWORD)
    assert token is not None
    staff_accounts.after_password(token)  # no second factor for this adviser: the session is signed in
    cookie = {"Cookie": f"send_staff={token}"}
    assert request(bot.web_url + f"/staff/enquiries/{reference}/note", {"note": "x"}, cookie) == 403
    csrf = staff_auth.current(token).csrf_token
    assert request(bot.web_url + f"/staff/enquiries/{reference}/note", {"note": "x", "csrf": csrf},
                   {**cookie, "Origin": "https://evil.example"}) == 403
    assert request(bot.web_url + f"/staff/enquiries/{reference}/note", {"note": "ok", "csrf": csrf}, cookie) == 302
    # Login itself needs its CSRF cookie.
    assert request(bot.web_url + "/staff/login", {"email": adviser, "password": PASSWORD}) == 403


def test_logs_never_contain_what_parents_type(bot: RunningBot) -> None:
    marker = "zebracrossing" + uuid.uuid4().hex[:8]
    chat = bot.conversation()
    chat.say(f"my son {marker} needs help, my email is {marker}@example.com")
    chat.say("can I speak to a real person please")
    chat.say("yes")
    chat.say(f"Jo {marker}")
    time.sleep(1)
    logged = "".join(bot.output)
    assert "INFO" in logged  # the servers do log, at INFO
    assert marker not in logged
