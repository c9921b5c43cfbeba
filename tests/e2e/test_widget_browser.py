"""The web chat in a real headless Chromium (Debian's), driven by keyboard and mouse, checked with axe-core.

Desktop (1024x800) and phone (360x740, 320x640) sizes. On a phone the open chat is a modal dialog. The
screenshots in docs/ (widget-phone-*.png, widget-desktop.png) are taken by test_screenshots_for_docs.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, Route, expect, sync_playwright

from tests.e2e.conftest import ROOT, RunningBot

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DOCS = ROOT / "docs"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        "resultTypes": ["violations"]}
PHONE = {"width": 360, "height": 740}
EXIT_URL = "https://www.bbc.co.uk/**"


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


def open_page(browser: Browser, bot: RunningBot, width: int, height: int, path: str = "/") -> Page:
    context = browser.new_context(viewport={"width": width, "height": height})
    opened = context.new_page()
    # The exit goes to a neutral page; it is served locally here (no network in tests).
    opened.route(EXIT_URL, lambda route: route.fulfill(
        body="<html lang='en'><title>Weather</title></html>", content_type="text/html"))
    opened.goto(bot.web_url + path)
    return opened


@pytest.fixture
def page(browser: Browser, bot: RunningBot) -> Iterator[Page]:
    opened = open_page(browser, bot, 1024, 800)
    yield opened
    opened.context.close()


@pytest.fixture
def phone(browser: Browser, bot: RunningBot) -> Iterator[Page]:
    opened = open_page(browser, bot, PHONE["width"], PHONE["height"])
    yield opened
    opened.context.close()


def assert_no_violations(page: Page, state: str) -> None:
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, f"{state}:\n{results.generate_report()}"


def is_focused(locator: Locator) -> bool:
    return bool(locator.evaluate("el => el === document.activeElement"))


def open_by_keyboard(page: Page) -> None:
    launcher = page.get_by_role("button", name="Ask about SEND support")
    for _ in range(30):
        page.keyboard.press("Tab")
        if is_focused(launcher):
            break
    else:
        pytest.fail("the launcher cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#send-chat-panel")).to_be_visible()


def start_chat(page: Page) -> None:
    page.get_by_role("button", name="Start chat").press("Enter")
    expect(page.locator(".send-chat__msg--bot").first).to_contain_text("automated assistant", timeout=20000)
    wait_for_reply(page)


def wait_for_reply(page: Page) -> None:
    """Until the guide has finished answering (the typing status cleared, Send enabled again)."""
    page.wait_for_function(
        "() => !document.querySelector('.send-chat__send').disabled"
        " && !document.querySelector('.send-chat__status').textContent", timeout=20000)


def ask(page: Page, question: str) -> None:
    count = page.locator(".send-chat__msg--bot").count()
    page.get_by_label("Your message").fill(question)
    page.keyboard.press("Enter")
    wait_for_reply(page)
    assert page.locator(".send-chat__msg--bot").count() > count, f"no answer to {question!r}"


def stored(page: Page, key: str) -> Any:
    return page.evaluate("key => JSON.parse(sessionStorage.getItem('send-chat:' + key))", key)


def answer_with(page: Page, question: str, messages: list[dict]) -> None:
    """Answer `question` with these Rasa REST messages (a bot reply with exact text); other messages go
    to the real assistant."""
    def handle(route: Route) -> None:
        request = route.request
        if request.method == "OPTIONS":  # CORS preflight: the bot is on another port
            route.fulfill(status=204, headers={"Access-Control-Allow-Origin": "*",
                                               "Access-Control-Allow-Methods": "POST",
                                               "Access-Control-Allow-Headers": "Content-Type"})
        elif json.loads(request.post_data or "{}").get("message") == question:
            route.fulfill(body=json.dumps(messages), content_type="application/json",
                          headers={"Access-Control-Allow-Origin": "*"})
        else:
            route.continue_()
    page.route("**/webhooks/rest/webhook", handle)


# ---- Desktop ----------------------------------------------------------------------------------------

def test_keyboard_conversation_quick_reply_and_accessibility(page: Page) -> None:
    assert page.locator("html").get_attribute("lang") == "en"
    assert_no_violations(page, "closed")

    open_by_keyboard(page)
    launcher = page.locator(".send-chat__launcher")
    assert launcher.get_attribute("aria-expanded") == "true"
    expect(page.get_by_text("This is an automated assistant, not a person.")).to_be_visible()  # privacy first
    panel = page.locator("#send-chat-panel")
    assert panel.get_attribute("lang") == "en-GB"
    assert panel.get_attribute("aria-modal") is None, "on a desktop the chat is not modal"
    assert page.locator("main").get_attribute("inert") is None
    start_chat(page)
    expect(page.get_by_role("log")).to_be_visible()
    for action in ("Exit this page", "Start again", "Download this conversation"):
        expect(page.get_by_role("button", name=action)).to_be_visible()  # no "More" menu needed on a desktop
    expect(page.get_by_role("button", name="More options")).to_be_hidden()
    assert_no_violations(page, "open")

    ask(page, "what does the senco do")
    expect(page.locator(".send-chat__msg--bot").filter(has_text="co-ordinator")).to_have_count(1)

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
    assert is_focused(launcher), "focus must return to the launcher"
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


def test_used_quick_replies_do_not_come_back_after_a_reload(page: Page) -> None:
    open_by_keyboard(page)
    start_chat(page)
    greeting = page.locator(".send-chat__msg--bot").first
    reply = greeting.get_by_role("group", name="Suggested replies").get_by_role("button").first
    reply.click()
    wait_for_reply(page)
    expect(greeting.locator(".send-chat__replies")).to_have_count(0)
    groups = page.locator(".send-chat__replies").count()  # the new answer may offer replies of its own
    page.reload()
    expect(page.locator(".send-chat__msg--user")).to_have_count(1)
    expect(page.locator(".send-chat__msg--bot").first.locator(".send-chat__replies")).to_have_count(0)
    expect(page.locator(".send-chat__replies")).to_have_count(groups)
    greeting_entry = stored(page, "history")[0]
    assert greeting_entry["buttons"] and greeting_entry["used"] is True, greeting_entry


# ---- Phone: a modal dialog ------------------------------------------------------------------------------

def test_phone_chat_is_a_modal_dialog_with_a_compact_header(phone: Page) -> None:
    launcher = phone.get_by_role("button", name="Ask about SEND support")
    launcher.click()
    dialog = phone.get_by_role("dialog", name="SEND parent guide")
    expect(dialog).to_be_visible()
    assert dialog.get_attribute("aria-modal") == "true"
    assert dialog.evaluate("el => el.contains(document.activeElement)"), "focus must move into the dialog"
    # The page behind is inert while the dialog is open.
    behind = phone.evaluate("""() => [...document.body.children]
        .filter(el => !el.classList.contains('send-chat') && !['SCRIPT', 'STYLE'].includes(el.tagName))
        .map(el => [el.tagName, el.inert])""")
    assert behind and all(inert for _tag, inert in behind), behind
    expect(launcher).to_be_hidden()  # full screen: the dialog's own Close takes over

    start_chat(phone)
    # Compact header: title, Close, Exit this page; the rest behind "More".
    expect(dialog.get_by_role("heading", name="SEND parent guide")).to_be_visible()
    expect(dialog.get_by_role("button", name="Close chat")).to_be_visible()
    expect(dialog.get_by_role("button", name="Exit this page")).to_be_visible()
    more = dialog.get_by_role("button", name="More options")
    expect(more).to_have_attribute("aria-expanded", "false")
    expect(dialog.get_by_role("button", name="Start again")).to_be_hidden()
    expect(dialog.get_by_role("button", name="Download this conversation")).to_be_hidden()

    # The conversation log takes most of the screen.
    box = dialog.get_by_role("log").bounding_box()
    assert box is not None
    share = box["height"] / PHONE["height"]
    print(f"\nlog height at 360x740: {box['height']:.0f}px = {share:.1%} of the viewport")
    assert share >= 0.6, f"the log gets only {share:.1%} of the height"
    assert_no_violations(phone, "phone dialog")

    # Tab stays in the dialog.
    for _ in range(25):
        phone.keyboard.press("Tab")
        where = phone.evaluate("""() => { const a = document.activeElement;
            return !a || a === document.body ? 'body' : document.querySelector('#send-chat-panel').contains(a)
              ? 'dialog' : a.outerHTML.slice(0, 80); }""")
        assert where in ("dialog", "body"), f"Tab reached the page behind the dialog: {where}"

    # The More menu.
    more.click()
    expect(more).to_have_attribute("aria-expanded", "true")
    for action in ("Start again", "Download this conversation"):
        expect(dialog.get_by_role("button", name=action)).to_be_visible()
    expect(dialog.get_by_role("link", name="Privacy notice")).to_be_visible()
    assert_no_violations(phone, "phone More menu")
    dialog.get_by_role("button", name="Start again").focus()
    phone.keyboard.press("Escape")  # closes the menu first, focus back on its button
    expect(more).to_have_attribute("aria-expanded", "false")
    assert is_focused(more)
    expect(dialog).to_be_visible()

    phone.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert is_focused(launcher)
    assert phone.evaluate("[...document.body.children].every(el => !el.inert)"), "inert must go when closed"
    assert phone.locator("#send-chat-panel").get_attribute("aria-modal") is None


def test_phone_start_again_is_in_the_more_menu(phone: Page) -> None:
    phone.get_by_role("button", name="Ask about SEND support").click()
    start_chat(phone)
    ask(phone, "what is IPSEA")
    phone.get_by_role("button", name="More options").click()
    phone.get_by_role("button", name="Start again").click()
    expect(phone.locator(".send-chat__msg--user")).to_have_count(0)
    expect(phone.locator(".send-chat__msg--bot").first).to_contain_text("automated assistant", timeout=20000)
    expect(phone.get_by_role("button", name="Start again")).to_be_hidden()


def test_phone_log_follows_the_on_screen_keyboard(phone: Page) -> None:
    phone.get_by_role("button", name="Ask about SEND support").click()
    start_chat(phone)
    ask(phone, "what does the senco do")
    log = phone.get_by_role("log")
    tall = log.bounding_box()
    field = phone.get_by_label("Your message")
    field.focus()
    phone.set_viewport_size({"width": 360, "height": 400})  # the keyboard takes the lower part of the screen
    phone.wait_for_function("() => Math.round(visualViewport.height) === 400")
    phone.wait_for_timeout(100)
    panel = phone.locator("#send-chat-panel").bounding_box()
    short = log.bounding_box()
    box = field.bounding_box()
    assert panel and short and box and tall
    assert panel["y"] + panel["height"] <= 401, "the dialog must fit above the keyboard"
    assert box["y"] + box["height"] <= 400, "the message field must stay above the keyboard"
    assert 80 <= short["height"] < tall["height"], (tall, short)
    expect(phone.get_by_role("button", name="Exit this page")).to_be_in_viewport()
    phone.set_viewport_size(PHONE)
    phone.wait_for_function(f"() => Math.round(visualViewport.height) === {PHONE['height']}")
    phone.wait_for_timeout(100)
    again = log.bounding_box()
    assert again and abs(again["height"] - tall["height"]) < 2


def test_reflow_at_320_pixels(browser: Browser, bot: RunningBot) -> None:
    small = open_page(browser, bot, 320, 640)
    small.get_by_role("button", name="Ask about SEND support").click()
    expect(small.locator(".send-chat__launcher")).to_be_hidden()  # full screen on a phone
    expect(small.get_by_role("dialog")).to_be_visible()
    small.get_by_role("button", name="Start chat").click()
    expect(small.locator(".send-chat__msg--bot").first).to_be_visible(timeout=20000)
    wait_for_reply(small)
    ask(small, "what does the senco do")
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"horizontal scrolling at 320px: {width}px"
    panel_width = small.evaluate("document.querySelector('#send-chat-panel').scrollWidth")
    assert panel_width <= 320, f"the dialog scrolls sideways at 320px: {panel_width}px"
    box = small.get_by_role("log").bounding_box()
    assert box and box["height"] >= 0.5 * 640
    assert_no_violations(small, "320px")
    small.get_by_role("button", name="More options").click()
    assert small.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_violations(small, "320px, More menu open")
    small.context.close()


# ---- Answers: scrolling, deadlines, links ---------------------------------------------------------------

def first_line_visible(page: Page) -> dict:
    return page.evaluate("""() => {
        const log = document.querySelector('.send-chat__log');
        const users = log.querySelectorAll('.send-chat__msg--user');
        const lastUser = users[users.length - 1];
        let first = lastUser.nextElementSibling;  // the first message of the latest answer
        const l = log.getBoundingClientRect(), m = first.getBoundingClientRect();
        return {top: m.top - l.top, height: m.height, logHeight: log.clientHeight,
                atBottom: log.scrollTop + log.clientHeight >= log.scrollHeight - 2}; }""")


def test_new_answer_shows_its_first_line_not_its_end(phone: Page) -> None:
    long_answer = "\n".join(f"Line {n}: a long answer, with more to read than fits on a phone screen."
                            for n in range(1, 40))
    answer_with(phone, "tell me everything", [{"text": long_answer}])
    phone.get_by_role("button", name="Ask about SEND support").click()
    start_chat(phone)
    ask(phone, "tell me everything")
    seen = first_line_visible(phone)
    assert 0 <= seen["top"] <= 20, f"the first line of the answer must be at the top of the log: {seen}"
    assert not seen["atBottom"], "the log must not jump to the end of a long answer"
    # A real answer: its first line is in view too.
    ask(phone, "what does the senco do")
    seen = first_line_visible(phone)
    assert 0 <= seen["top"] < seen["logHeight"] - 20, seen


def test_deadline_answer_keeps_its_calendar_button_after_a_reload(phone: Page) -> None:
    phone.get_by_role("button", name="Ask about SEND support").click()
    start_chat(phone)
    letter = dt.date.today() - dt.timedelta(days=20)  # a deadline still to come: it comes with a calendar file
    ask(phone, f"the council refused to assess, the letter is dated {letter.day} {letter:%B %Y}. "
               "whats my deadline to appeal")
    expect(phone.locator(".send-chat__msg--bot").filter(has_text="Your appeal must reach")).to_have_count(1)
    link = phone.get_by_role("link", name="Add this deadline to your calendar (.ics file)")
    expect(link).to_have_count(1)
    assert "govuk-button" in (link.get_attribute("class") or "")  # styled as a button
    filename = link.get_attribute("download")
    assert filename and filename.endswith(".ics")
    seen = first_line_visible(phone)
    assert 0 <= seen["top"] < seen["logHeight"] - 20, seen
    phone.reload()
    expect(link).to_have_count(1)
    assert link.get_attribute("download") == filename
    assert (link.get_attribute("href") or "").startswith("blob:")
    with phone.expect_download() as download:
        link.click()
    path = download.value.path()
    assert "BEGIN:VCALENDAR" in Path(path).read_text()
    assert download.value.suggested_filename == filename
    assert_no_violations(phone, "deadline answer")


def test_phone_numbers_are_tap_to_call_and_long_links_readable(phone: Page) -> None:
    text = ("Call IPSEA on 0808 800 5000, the council on 01234 567890 or 020 7946 0000, Childline on 0800 1111, "
            "Samaritans on 116 123 or +44 (0)20 7946 0001. In an emergency call 999.\n"
            "Not numbers: £999, 1 December 2025, reference 12345678901, section 111 of the Act.\n"
            "See https://www.gov.uk/disability-living-allowance-children and "
            "https://councilfordisabledchildren.org.uk/information-advice-and-support-services-network/"
            "find-your-local-iass?from=chat#top.")
    answer_with(phone, "numbers please", [{"text": text}])
    phone.get_by_role("button", name="Ask about SEND support").click()
    start_chat(phone)
    ask(phone, "numbers please")
    answer = phone.locator(".send-chat__msg--bot").last
    calls = {a.inner_text(): a.get_attribute("href") for a in answer.locator("a[href^='tel:']").all()}
    assert calls == {"0808 800 5000": "tel:08088005000", "01234 567890": "tel:01234567890",
                     "020 7946 0000": "tel:02079460000", "0800 1111": "tel:08001111",
                     "116 123": "tel:116123", "+44 (0)20 7946 0001": "tel:+442079460001", "999": "tel:999"}
    links = [(a.inner_text(), a.get_attribute("href"), a.get_attribute("target"))
             for a in answer.locator("a[href^='http']").all()]
    assert links == [
        ("www.gov.uk/disability-living-allowance-children (opens in new tab)",
         "https://www.gov.uk/disability-living-allowance-children", "_blank"),
        ("councilfordisabledchildren.org.uk/…/find-your-local-iass (opens in new tab)",
         "https://councilfordisabledchildren.org.uk/information-advice-and-support-services-network/"
         "find-your-local-iass?from=chat#top", "_blank")]
    assert answer.locator("*:not(span, div, a, br)").count() == 0, "text only: no other elements"
    # A real answer: the safeguarding signposts.
    ask(phone, "I'm worried about my child's safety")
    answer = phone.locator(".send-chat__msg--bot").filter(has_text="immediate danger")
    calls = {a.inner_text(): a.get_attribute("href") for a in answer.locator("a[href^='tel:']").all()}
    assert calls.get("999") == "tel:999" and len(calls) >= 2, calls
    for number, href in calls.items():  # each signposted number, tap to call, digits only
        assert href == "tel:" + "".join(ch for ch in number if ch.isdigit()), (number, href)
    for link in answer.locator("a[href^='http']").all():
        assert not link.inner_text().startswith("http") and link.inner_text().endswith(" (opens in new tab)")
    assert_no_violations(phone, "links")


# ---- Deleting the conversation ---------------------------------------------------------------------------

def test_delete_my_conversation_clears_the_screen_and_storage(phone: Page) -> None:
    phone.get_by_role("button", name="Ask about SEND support").click()
    start_chat(phone)
    ask(phone, "what is IPSEA")
    sender = stored(phone, "sender")
    assert any(entry["who"] == "user" for entry in stored(phone, "history"))
    phone.get_by_label("Your message").fill("delete my conversation")
    phone.keyboard.press("Enter")
    wait_for_reply(phone)
    messages = phone.locator(".send-chat__msg")
    expect(messages).to_have_count(1)
    expect(messages.first).to_contain_text("deleted this conversation")
    history = stored(phone, "history")
    assert [entry["who"] for entry in history] == ["bot"] and "deleted" in history[0]["text"]
    assert "IPSEA" not in json.dumps(history)
    assert stored(phone, "sender") not in (None, sender), "a new conversation needs a new sender id"
    phone.reload()
    expect(messages).to_have_count(1)
    expect(messages.first).to_contain_text("deleted this conversation")


# ---- Exit this page ---------------------------------------------------------------------------------------

def test_exit_this_page_leaves_and_forgets(page: Page, bot: RunningBot) -> None:
    open_by_keyboard(page)
    start_chat(page)
    ask(page, "what is sendiass")
    length = page.evaluate("history.length")
    exit_button = page.get_by_role("button", name="Exit this page")
    assert exit_button.evaluate("el => getComputedStyle(el.closest('.send-chat__header')).position") == "sticky"
    exit_button.click()
    page.wait_for_url(EXIT_URL)
    assert page.evaluate("history.length") == length, "the exit must replace the history entry"
    page.goto(bot.web_url + "/")
    expect(page.get_by_role("button", name="Ask about SEND support")).to_be_visible()
    assert page.locator(".send-chat__msg").count() == 0, "the conversation must be forgotten after exit"
    assert stored(page, "history") is None and stored(page, "open") is None


def test_exit_this_page_by_pressing_shift_three_times(phone: Page, bot: RunningBot) -> None:
    phone.get_by_role("button", name="Ask about SEND support").click()
    start_chat(phone)
    ask(phone, "what is sendiass")
    sender = stored(phone, "sender")
    exit_button = phone.get_by_role("button", name="Exit this page")
    expect(exit_button).to_be_in_viewport()
    # Two presses, then too long a pause: the count starts again (as GOV.UK Frontend's component).
    phone.keyboard.press("Shift")
    expect(phone.locator(".send-chat__exit-indicator")).to_be_visible()
    expect(phone.get_by_role("status").filter(has_text="press 2 more times")).to_have_count(1)
    phone.keyboard.press("Shift")
    phone.wait_for_timeout(5500)
    expect(phone.locator(".send-chat__exit-indicator")).to_be_hidden()
    phone.keyboard.press("Shift")
    assert phone.url.startswith(bot.web_url)
    # Shift typed as part of a capital letter does not count.
    phone.get_by_label("Your message").focus()
    phone.keyboard.press("Shift+A")
    phone.keyboard.press("Shift")
    assert phone.url.startswith(bot.web_url)
    phone.wait_for_timeout(5500)
    # Three quick presses leave.
    length = phone.evaluate("history.length")
    for _ in range(3):
        phone.keyboard.press("Shift")
    phone.wait_for_url(EXIT_URL)
    assert phone.evaluate("history.length") == length
    phone.goto(bot.web_url + "/")
    assert stored(phone, "history") is None
    assert stored(phone, "sender") != sender
    assert phone.locator(".send-chat__msg").count() == 0


# ---- Council colour ---------------------------------------------------------------------------------------

def colour_page(browser: Browser, bot: RunningBot, colour: str) -> tuple[Page, list[str]]:
    """A council page with data-colour set, served by the test (the widget comes from the real server)."""
    # A page the test serves has no address of its own, so Chromium asks before it talks to the bot on loopback.
    context = browser.new_context(viewport={"width": 1024, "height": 800}, permissions=["local-network-access"])
    opened = context.new_page()
    warnings: list[str] = []
    opened.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    html = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Council page</title>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<link rel='stylesheet' href='/static/govuk/govuk-frontend.min.css'>"
            "<link rel='stylesheet' href='/static/send-chat.css'></head>"
            "<body class='govuk-template__body'><main class='govuk-main-wrapper'><h1 class='govuk-heading-l'>SEND"
            "</h1></main>"
            f"<script src='/static/send-chat.js' defer data-bot-url='{bot.rasa_url}' data-council='Example Council'"
            f" data-colour='{colour}'></script></body></html>")
    opened.route(bot.web_url + "/council-page", lambda route: route.fulfill(body=html, content_type="text/html"))
    opened.goto(bot.web_url + "/council-page")
    expect(opened.get_by_role("button", name="Ask about SEND support")).to_be_visible()
    return opened, warnings


def test_council_colour_applies_to_the_launcher_and_answers(browser: Browser, bot: RunningBot) -> None:
    page, warnings = colour_page(browser, bot, "#4c2c92")  # GOV.UK purple: 10:1 with white
    launcher = page.get_by_role("button", name="Ask about SEND support")
    assert launcher.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(76, 44, 146)"
    launcher.click()
    start_chat(page)
    border = page.locator(".send-chat__msg--bot .send-chat__text").first.evaluate(
        "el => getComputedStyle(el).borderLeftColor")
    assert border == "rgb(76, 44, 146)"
    assert not warnings, warnings
    assert_no_violations(page, "council colour")
    page.context.close()


def test_council_colour_with_poor_contrast_is_refused(browser: Browser, bot: RunningBot) -> None:
    page, warnings = colour_page(browser, bot, "#ffdd00")  # GOV.UK yellow: 1.3:1 with white text
    launcher = page.get_by_role("button", name="Ask about SEND support")
    assert launcher.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(29, 112, 184)"  # #1d70b8
    assert any("#ffdd00" in text and "4.5:1" in text for text in warnings), warnings
    launcher.click()
    start_chat(page)
    border = page.locator(".send-chat__msg--bot .send-chat__text").first.evaluate(
        "el => getComputedStyle(el).borderLeftColor")
    assert border == "rgb(29, 112, 184)"
    assert_no_violations(page, "refused colour")
    page.context.close()


# ---- Screenshots for the docs -----------------------------------------------------------------------------

def test_screenshots_for_docs(browser: Browser, bot: RunningBot) -> None:
    DOCS.mkdir(exist_ok=True)
    phone = open_page(browser, bot, PHONE["width"], PHONE["height"])
    phone.screenshot(path=str(DOCS / "widget-phone-closed.png"))
    phone.get_by_role("button", name="Ask about SEND support").click()
    start_chat(phone)
    phone.screenshot(path=str(DOCS / "widget-phone-open.png"))
    ask(phone, "what does the senco do")
    phone.screenshot(path=str(DOCS / "widget-phone-answering.png"))
    phone.get_by_label("Your message").focus()
    phone.set_viewport_size({"width": 360, "height": 400})  # as if the on-screen keyboard were up
    phone.wait_for_function("() => Math.round(visualViewport.height) === 400")
    phone.get_by_label("Your message").fill("what is an EHC plan")
    phone.wait_for_timeout(200)
    phone.screenshot(path=str(DOCS / "widget-phone-keyboard.png"))
    phone.context.close()

    desktop = open_page(browser, bot, 1280, 800)
    desktop.get_by_role("button", name="Ask about SEND support").click()
    start_chat(desktop)
    ask(desktop, "what does the senco do")
    desktop.mouse.move(10, 400)  # no hover colour on the launcher
    desktop.screenshot(path=str(DOCS / "widget-desktop.png"))
    desktop.context.close()
    for name in ("closed", "open", "answering", "keyboard"):
        assert (DOCS / f"widget-phone-{name}.png").stat().st_size > 5000
