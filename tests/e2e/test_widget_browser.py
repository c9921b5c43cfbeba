"""The web chat in a real headless Chromium (Debian's), driven by keyboard and mouse, checked with axe-core."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e.conftest import ROOT, RunningBot

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DOCS = ROOT / "docs"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian chromium is needed: `make test` installs it (apt-get install chromium)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync", "--disable-quic"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, bot: RunningBot) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    opened = context.new_page()
    opened.goto(bot.web_url + "/")
    yield opened
    context.close()


def assert_no_violations(page: Page, state: str) -> None:
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, f"{state}:\n{results.generate_report()}"


def open_by_keyboard(page: Page) -> None:
    launcher = page.get_by_role("button", name="Ask about SEND support")
    for _ in range(30):
        page.keyboard.press("Tab")
        if launcher.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the launcher cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#send-chat-panel")).to_be_visible()


def start_chat(page: Page) -> None:
    page.get_by_role("button", name="Start chat").press("Enter")
    expect(page.locator(".send-chat__msg--bot").first).to_contain_text("automated assistant", timeout=20000)


def ask(page: Page, question: str) -> None:
    count = page.locator(".send-chat__msg--bot").count()
    page.get_by_label("Your message").fill(question)
    page.keyboard.press("Enter")
    expect(page.locator(".send-chat__msg--bot")).to_have_count(count + 1, timeout=20000)


def test_keyboard_conversation_quick_reply_and_accessibility(page: Page) -> None:
    DOCS.mkdir(exist_ok=True)
    assert page.locator("html").get_attribute("lang") == "en"
    assert_no_violations(page, "closed")
    page.screenshot(path=str(DOCS / "widget-closed.png"))

    open_by_keyboard(page)
    launcher = page.locator(".send-chat__launcher")
    assert launcher.get_attribute("aria-expanded") == "true"
    expect(page.get_by_text("This is an automated assistant, not a person.")).to_be_visible()  # privacy first
    assert page.locator("#send-chat-panel").get_attribute("lang") == "en-GB"
    start_chat(page)
    expect(page.get_by_role("log")).to_be_visible()
    assert_no_violations(page, "open")
    page.screenshot(path=str(DOCS / "widget-open.png"))

    ask(page, "what does the senco do")
    expect(page.locator(".send-chat__msg--bot").last).to_contain_text("co-ordinator")
    page.screenshot(path=str(DOCS / "widget-answering.png"))

    ask(page, "hello")
    reply = page.get_by_role("group", name="Suggested replies").last.get_by_role("button").first
    box = reply.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24
    title = reply.inner_text()
    count = page.locator(".send-chat__msg--bot").count()
    reply.click()
    expect(page.locator(".send-chat__msg--user").last).to_have_text(f"You said: {title}")
    expect(page.locator(".send-chat__msg--bot")).to_have_count(count + 1, timeout=20000)
    assert_no_violations(page, "answering")

    page.keyboard.press("Escape")
    expect(page.locator("#send-chat-panel")).to_be_hidden()
    assert launcher.evaluate("el => el === document.activeElement"), "focus must return to the launcher"
    assert launcher.get_attribute("aria-expanded") == "false"


def test_conversation_survives_reload_and_start_again(page: Page) -> None:
    open_by_keyboard(page)
    start_chat(page)
    ask(page, "what is IPSEA")
    page.reload()
    expect(page.locator(".send-chat__msg--user")).to_contain_text(["what is IPSEA"])
    page.get_by_role("button", name="Start again").click()
    expect(page.locator(".send-chat__msg--user")).to_have_count(0)
    expect(page.locator(".send-chat__msg--bot").first).to_contain_text("automated assistant", timeout=20000)


def test_messages_are_text_not_html(page: Page) -> None:
    open_by_keyboard(page)
    start_chat(page)
    ask(page, "<img src=x onerror=alert(1)><b>bold</b>")
    user = page.locator(".send-chat__msg--user").last
    expect(user).to_contain_text("<b>bold</b>")
    assert user.locator("img, b").count() == 0


def test_reflow_at_320_pixels(browser: Browser, bot: RunningBot) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    small = context.new_page()
    small.goto(bot.web_url + "/")
    small.get_by_role("button", name="Ask about SEND support").click()
    expect(small.locator(".send-chat__launcher")).to_be_hidden()  # full screen on a phone
    small.get_by_role("button", name="Start chat").click()
    expect(small.locator(".send-chat__msg--bot").first).to_be_visible(timeout=20000)
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"horizontal scrolling at 320px: {width}px"
    assert_no_violations(small, "320px")
    context.close()


def test_exit_this_page_leaves_and_forgets(page: Page, bot: RunningBot) -> None:
    open_by_keyboard(page)
    start_chat(page)
    ask(page, "what is sendiass")
    # The exit goes to a neutral page; it is served locally here (no network in tests).
    page.route("https://www.bbc.co.uk/**",
               lambda route: route.fulfill(body="<html lang='en'><title>Weather</title></html>",
                                           content_type="text/html"))
    page.get_by_role("button", name="Exit this page").click()
    page.wait_for_url("https://www.bbc.co.uk/**")
    page.goto(bot.web_url + "/")
    expect(page.get_by_role("button", name="Ask about SEND support")).to_be_visible()
    assert page.locator(".send-chat__msg").count() == 0, "the conversation must be forgotten after exit"
