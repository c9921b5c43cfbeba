"""The whole hand-off path through the running bot, then the enquiry in the staff view in a real browser.
Deleting, stopping and what is stored or logged, CSRF, cookies and stored XSS: the security probe
(tests/security/, `make security`)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import RunningBot
from tests.e2e.test_widget_browser import assert_no_violations, browser  # noqa: F401  (shared fixture)
from tests.support.staff_web import create_staff

PASSWORD = "a long adviser password"
ADVISER = "adviser@example.gov.uk"


@pytest.fixture(scope="module")
def adviser() -> str:
    # An adviser for Hull (E06000010), where the test parent lives: advisers see their own areas only.
    create_staff(ADVISER, PASSWORD, "--areas", "E06000010")
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
    check = chat.say("my son has been excluded and the appeal is soon, call me on 07911 123456")
    for answer in ("Check your answers", "Jo Bloggs", "jo.bloggs@example.com", "weekday mornings", "Hull",
                   "excluded", "[Change contact details]"):
        assert answer in check, check
    reply = chat.say("yes")
    match = re.search(r"SEND-[A-Z0-9]{6}", reply)
    assert match, reply
    assert "urgent" in reply
    return match.group(0)


def test_check_your_answers_lets_the_parent_change_one_answer_before_sending(bot: RunningBot) -> None:
    chat = bot.conversation()
    chat.say("can I speak to a real person please")
    chat.say("yes")
    chat.say("Sam Jones")
    chat.say("sam@example.com")
    chat.say("evenings")
    chat.say("Leeds")
    assert "[Change contact details]" in chat.say("help with an annual review")
    payload = '/change_answer{"form_slot":"contact_details"}'  # what the "Change contact details" button sends
    assert "How should they contact you" in chat.say(payload)
    check = chat.say("sam.jones@example.org")
    assert "Check your answers" in check and "sam.jones@example.org" in check and "sam@example.com" not in check
    assert "What name" in chat.say("sorry, I need to change my name")  # typed, not only the button
    assert "Check your answers" in chat.say("Samantha Jones")
    assert re.search(r"SEND-[A-Z0-9]{6}", chat.say("send it"))


def test_refusing_consent_passes_nothing_on(bot: RunningBot) -> None:
    chat = bot.conversation()
    chat.say("I want to talk to a human")
    replies = bot.say("no thanks", chat.sender)
    assert len(replies) == 1, replies  # one clear answer, not "OK" and then the hand-off's own reply
    assert "haven't passed anything on" in replies[0]["text"]


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
