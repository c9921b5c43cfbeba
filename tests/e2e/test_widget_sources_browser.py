"""An answer's source and "Was this helpful?" in the web chat, in real Chromium against the whole assistant: a
parent asks a fact question, sees "Source: …", answers "Yes" by keyboard, and a member of staff sees it
counted on the insights page. Checked with axe. (The endpoint on its own: test_widget_feedback.py.)"""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, expect

from bot.store import insights
from tests.e2e.conftest import RunningBot
from tests.e2e.test_widget_browser import (  # noqa: F401  (browser: a shared fixture)
    ask,
    assert_no_violations,
    browser,
    open_by_keyboard,
    open_page,
    start_chat,
    stored,
)
from tests.support.staff_web import create_staff

THANKS = "Thank you for your feedback."
PASSWORD = "a long adviser password"


def test_fact_answer_shows_its_source_and_asks_was_this_helpful(browser: Browser, bot: RunningBot) -> None:  # noqa: F811
    before = insights.report(1).total("helpful_yes")
    page = open_page(browser, bot, 1024, 800)
    open_by_keyboard(page)
    start_chat(page)
    greeting = page.locator(".send-chat__msg--bot").first
    expect(greeting.locator(".send-chat__source, .send-chat__feedback")).to_have_count(0)  # states no facts

    ask(page, "what does a senco do")
    answer = page.locator(".send-chat__msg--bot").filter(has_text="co-ordinator").last
    source = answer.locator(".send-chat__source")
    expect(source).to_have_count(1)
    expect(source).to_contain_text("Source: Your SEND Partners (council guidance for parents)")
    expect(source).to_contain_text(re.compile(r"Checked \d{1,2} [A-Z][a-z]+ \d{4}\."))
    link = source.get_by_role("link")
    assert link.get_attribute("href") == bot.web_url + "/sources#seed-partners"
    assert not link.inner_text().startswith("http"), "a readable name, not a URL"
    assert link.get_attribute("target") == "_blank" and "(opens in new tab)" in link.inner_text()
    # The text bubble is the answer alone: the source and the question are under it.
    assert "Source:" not in answer.locator(".send-chat__text").inner_text()
    expect(answer.get_by_role("group", name="Was this helpful?")).to_be_visible()
    assert_no_violations(page, "answer with its source and Was this helpful?")

    yes = answer.get_by_role("button", name="Yes this answer was helpful")
    for _ in range(40):  # by keyboard
        if yes.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Shift+Tab")
    else:
        raise AssertionError("Yes cannot be reached with the keyboard")
    with page.expect_response(lambda r: r.url.endswith("/chat/feedback")) as sent:
        page.keyboard.press("Enter")
    assert sent.value.status == 201, sent.value.text()
    status = answer.locator(".send-chat__feedback-status")
    expect(status).to_have_text(THANKS)
    assert status.get_attribute("role") == "status"  # announced politely
    expect(answer.get_by_role("button", name=re.compile("this answer was"))).to_have_count(0)  # once only
    assert page.evaluate("document.activeElement.id") == "send-chat-input", "focus goes on, not to the page"
    entry = next(e for e in stored(page, "history") if e.get("feedback"))
    assert entry["feedback"] == {"answer": "role/senco", "given": "yes"}
    assert_no_violations(page, "after answering")

    page.reload()  # answered stays answered
    answer = page.locator(".send-chat__msg--bot").filter(has_text="co-ordinator").last
    expect(answer.locator(".send-chat__feedback-status")).to_have_text(THANKS)
    expect(answer.get_by_role("button", name=re.compile("this answer was"))).to_have_count(0)
    expect(answer.locator(".send-chat__source")).to_contain_text("Your SEND Partners")

    # A second answer from the same conversation cannot be sent again, even by hand.
    again = page.evaluate("""sender => fetch('/chat/feedback', {method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({sender: sender, answer: 'role/senco', helpful: false})}).then(r => r.status)""",
                          stored(page, "sender"))
    assert again == 200

    sources = page.context.new_page()
    sources.goto(bot.web_url + "/sources#seed-partners")
    expect(sources.locator("#seed-partners h2")).to_have_text("Your SEND Partners (council guidance for parents)")
    assert_no_violations(sources, "sources page")
    page.context.close()

    # Staff insights count it.
    account = f"content-{uuid.uuid4().hex[:8]}@example.gov.uk"
    create_staff(account, PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    staff.goto(bot.web_url + "/staff/login")
    staff.get_by_label("Email address").fill(account)
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    staff.get_by_role("link", name="Insights").click()
    expect(staff.locator("#total-helpful_yes")).to_have_text(str(before + 1))
    topics = staff.locator("#helpful-topics tbody tr").filter(has_text="Who does what")
    expect(topics).to_have_count(1)
    expect(topics).to_contain_text("The SENCO (0 no, 1 yes)")
    assert_no_violations(staff, "insights with Was this helpful?")
    context.close()
