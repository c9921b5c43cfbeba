"""The staff view under attack (`make security`): an enquiry whose answers are script and spreadsheet formulas,
filed by a "parent" through the real hand-off, then read by an adviser over HTTP (pages and CSV export); CSRF
and cross-site requests; the cookies' flags."""

from __future__ import annotations

import csv
import io
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import Message

import pytest

from tests.security.probe import Probe
from tests.support.running_bot import RunningBot
from tests.support.staff_web import NoRedirect, create_staff

PASSWORD = "a long adviser password"
ADVISER = "adviser@example.gov.uk"
# What a hostile "parent" types into the hand-off form: each would run in an adviser's browser or spreadsheet
# if it reached them as it is.
NAME = '<script>alert("name")</script>'
BEST_TIME = "=HYPERLINK(\"http://evil.example/\",\"click\") <img src=x onerror=alert('time')>"
SUMMARY = "+cmd|' /C calc'!A0 <svg onload=alert('summary')> my son was excluded from school"
LIVE_MARKUP = ("<script>alert", "<img src=x", "<svg onload")  # markup that would run, if not escaped


@pytest.fixture(scope="module")
def adviser(probe: Probe) -> str:
    # An adviser for Hull (E06000010), where the test parent lives: advisers see their own areas only.
    create_staff(ADVISER, PASSWORD, "--areas", "E06000010")
    return ADVISER


@pytest.fixture(scope="module")
def reference(bot: RunningBot) -> str:
    """An enquiry filed through the real hand-off form with script and formulas in every free-text answer."""
    chat = bot.conversation()
    assert "Would you like me to pass it on?" in chat.say("can I speak to a real person please")
    assert "What name" in chat.say("yes")
    assert "How should they contact you" in chat.say(NAME)
    assert "good time" in chat.say("hostile.parent@example.com")
    assert "council area" in chat.say(BEST_TIME)
    assert "own words" in chat.say("Hull")
    assert "Check your answers" in chat.say(SUMMARY)
    match = re.search(r"SEND-[A-Z0-9]{6}", chat.say("send it"))
    assert match
    return match.group(0)


@dataclass
class Reply:
    status: int
    body: str
    headers: Message
    set_cookies: list[str] = field(default_factory=list)


def request(url: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> Reply:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, body, headers or {})
    try:
        with urllib.request.build_opener(NoRedirect).open(req, timeout=30) as response:
            return Reply(response.status, response.read().decode(), response.headers,
                         response.headers.get_all("Set-Cookie") or [])
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.read().decode(), error.headers, error.headers.get_all("Set-Cookie") or [])


def cookie_value(set_cookie: str) -> str:
    return set_cookie.split(";", 1)[0].split("=", 1)[1]


def sign_in(web_url: str, headers: dict[str, str] | None = None) -> Reply:
    """Sign in as the adviser through the form, as a browser would (the form's CSRF token and cookie)."""
    form = request(web_url + "/staff/login", headers=headers)
    token = re.search(r'name="csrf" value="([^"]+)"', form.body).group(1)  # type: ignore[union-attr]
    login_cookie = next(c for c in form.set_cookies if c.startswith("send_staff_login="))
    return request(web_url + "/staff/login", {"email": ADVISER, "password": PASSWORD, "csrf": token},
                   {**(headers or {}), "Cookie": f"send_staff_login={cookie_value(login_cookie)}"})


def session(web_url: str) -> dict[str, str]:
    reply = sign_in(web_url)
    assert reply.status == 302, reply.body[:300]
    cookie = next(c for c in reply.set_cookies if c.startswith("send_staff="))
    return {"Cookie": f"send_staff={cookie_value(cookie)}"}


def test_no_stored_xss_in_the_staff_pages(bot: RunningBot, adviser: str, reference: str) -> None:
    cookie = session(bot.web_url)
    pages = {
        "queue": request(bot.web_url + "/staff/", headers=cookie),
        "search": request(bot.web_url + "/staff/?" + urllib.parse.urlencode({"q": "hostile.parent"}), headers=cookie),
        "enquiry": request(bot.web_url + f"/staff/enquiries/{reference}", headers=cookie),
        # reflected, too: a search for script
        "search for script": request(bot.web_url + "/staff/?" + urllib.parse.urlencode({"q": NAME}), headers=cookie),
    }
    for name, page in pages.items():
        assert page.status == 200, (name, page.status)
        for markup in LIVE_MARKUP:
            assert markup not in page.body, (name, markup)
        assert "default-src 'self'" in page.headers.get("Content-Security-Policy", "")
    # The answers are there, shown as text (escaped), so the check above looked at them.
    assert reference in pages["queue"].body and reference in pages["search"].body
    enquiry = pages["enquiry"].body
    assert "&lt;script&gt;alert(" in enquiry and "&lt;img src=x onerror=alert(" in enquiry
    assert "&lt;svg onload=alert(" in enquiry


def test_the_csv_export_is_formula_safe(bot: RunningBot, adviser: str, reference: str) -> None:
    reply = request(bot.web_url + "/staff/export.csv", headers=session(bot.web_url))
    assert reply.status == 200
    rows = list(csv.DictReader(io.StringIO(reply.body)))
    row = next(r for r in rows if r["reference"] == reference)
    for each in rows:
        for column, value in each.items():
            assert value[:1] not in ("=", "+", "-", "@", "\t", "\r"), (column, value)
    assert row["best_time"] == "'" + BEST_TIME  # kept whole, as text
    assert row["summary"].startswith("'+cmd|")
    assert row["name"] == NAME  # a CSV is not HTML: shown as typed, never run


def test_unauthenticated_and_cross_site_requests_are_refused(bot: RunningBot, adviser: str, reference: str) -> None:
    assert request(bot.web_url + "/staff/").status == 302
    assert request(bot.web_url + "/staff/export.csv").status == 302
    assert request(bot.web_url + f"/staff/enquiries/{reference}").status == 302
    assert request(bot.web_url + f"/staff/enquiries/{reference}/close", {"csrf": "x"}).status == 403
    # A signed-in adviser's cookie, but no CSRF token, or a request from another site.
    from bot.store import staff_accounts, staff_auth

    token, _ = staff_auth.sign_in(adviser, PASSWORD)
    assert token is not None
    staff_accounts.after_password(token)  # no second factor for this adviser: the session is signed in
    cookie = {"Cookie": f"send_staff={token}"}
    assert request(bot.web_url + f"/staff/enquiries/{reference}/note", {"note": "x"}, cookie).status == 403
    csrf = staff_auth.current(token).csrf_token
    assert request(bot.web_url + f"/staff/enquiries/{reference}/note", {"note": "x", "csrf": csrf},
                   {**cookie, "Origin": "https://evil.example"}).status == 403
    assert request(bot.web_url + f"/staff/enquiries/{reference}/note", {"note": "ok", "csrf": csrf},
                   cookie).status == 302
    # Login itself needs its CSRF cookie.
    assert request(bot.web_url + "/staff/login", {"email": adviser, "password": PASSWORD}).status == 403


def flags(set_cookie: str) -> set[str]:
    return {part.strip().lower() for part in set_cookie.split(";")[1:]}


def test_staff_cookies_are_http_only_same_site_strict_and_secure_over_https(bot: RunningBot, adviser: str) -> None:
    over_http = sign_in(bot.web_url)
    over_https = sign_in(bot.web_url, {"X-Forwarded-Proto": "https"})  # as the deployment's proxy says it
    for reply, secure in ((over_http, False), (over_https, True)):
        assert reply.status == 302
        session_cookie = next(c for c in reply.set_cookies if c.startswith("send_staff="))
        assert {"httponly", "samesite=strict", "path=/staff"} <= flags(session_cookie), session_cookie
        assert ("secure" in flags(session_cookie)) == secure, session_cookie
    form = request(bot.web_url + "/staff/login", headers={"X-Forwarded-Proto": "https"})
    login_cookie = next(c for c in form.set_cookies if c.startswith("send_staff_login="))
    assert {"httponly", "samesite=strict", "path=/staff", "secure"} <= flags(login_cookie), login_cookie
