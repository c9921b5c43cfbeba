"""Advisers see only their own council areas; admins manage accounts from the web; two-factor sign-in;
insights for the content team. Through the real web server (`python -m bot web`, no Rasa) on its own SQLite
databases (the knowledge database and a tracker database filled by the real tracker store), in real
Chromium checked with axe."""

from __future__ import annotations

import csv
import datetime as dt
import html
import http.cookiejar
import io
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.test_widget_browser import assert_no_violations, browser  # noqa: F401  (shared fixture)
from tests.support import conversation_store
from tests.support.staff_web import NoRedirect, create_staff, own_database, read_download, start_web, stop_web

PASSWORD = "a long adviser password"
ADMIN = "head@example.gov.uk"
LEEDS = "leeds.adviser@example.gov.uk"
HULL = "hull.adviser@example.gov.uk"
NEWCOMER = "newcomer@example.gov.uk"
LEEDS_GSS, HULL_GSS = "E08000035", "E06000010"


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    tmp = tmp_path_factory.mktemp("staff-areas")
    deployment = tmp / "deployment.yml"
    deployment.write_text(f'council: "Leeds City Council"\narea: "{LEEDS_GSS}"\n'
                          "service_standard: {urgent_working_days: 1, other_working_days: 2}\nservices: []\n")
    values = {"SEND_DATABASE_URL": f"sqlite:///{tmp}/send.db", "SEND_DEPLOYMENT_FILE": str(deployment),
              "SEND_TODAY": conversation_store.TODAY, "SEND_TRACKER_DB_URL": f"sqlite:///{tmp}/tracker.db"}
    with own_database(values, unset=("SEND_SMTP_HOST", "SEND_TEAM_INBOX", "SEND_STAFF_ADMIN_TWO_FACTOR")):
        conversation_store.write(values["SEND_TRACKER_DB_URL"], conversation_store.realistic())
        create_staff(ADMIN, PASSWORD, "--admin")
        create_staff(LEEDS, PASSWORD, "--areas", LEEDS_GSS)
        create_staff(HULL, PASSWORD, "--areas", "Kingston upon Hull,none")
        yield values


@pytest.fixture(scope="module")
def web(environment: dict[str, str]) -> Iterator[str]:
    process, url = start_web({**os.environ, "SEND_OUTBOX_RETRY_SECONDS": "0"})
    yield url
    stop_web(process)


@pytest.fixture(scope="module")
def cases(environment: dict[str, str]) -> dict[str, str]:
    from bot.domain import triage
    from bot.store import enquiries

    def make(name: str, area: str | None, area_name: str | None, received: dt.datetime) -> str:
        return enquiries.create(enquiries.NewEnquiry(name=name, summary=f"{name} needs help", area_gss=area,
                                                     area_name=area_name, topic="ehc/what",
                                                     email=f"{name.split()[0].lower()}@example.com"),
                                triage.Urgency(1, ("deadline",)), received_at=received)

    return {
        "leeds": make("Lena Leeds", LEEDS_GSS, "Leeds", dt.datetime(2026, 2, 17, 10)),
        "leeds_two": make("Larry Leeds", LEEDS_GSS, "Leeds", dt.datetime(2026, 2, 24, 10)),
        "hull": make("Harriet Hull", HULL_GSS, "Kingston upon Hull", dt.datetime(2026, 2, 25, 10)),
        "no_area": make("Nina Nowhere", None, None, dt.datetime(2026, 3, 2, 10)),
    }


# --- signing in -------------------------------------------------------------------------------------------

_used_steps: dict[str, int] = {}


def code_for(secret: str) -> str:
    """A code the server has not seen yet: each works once, so a second sign-in within the same 30 seconds
    uses the next step's code (accepted for clock drift), or waits for it."""
    totp = pyotp.TOTP(secret)
    step = max(int(time.time()) // 30, _used_steps.get(secret, -1) + 1)
    while step > int(time.time()) // 30 + 1:
        time.sleep(1)
    _used_steps[secret] = step
    return totp.at(step * 30)


def sign_in(browser: Browser, web: str, account: str, password: str = PASSWORD,  # noqa: F811
            secret: str | None = None) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(web + "/staff/login")
    page.get_by_label("Email address").fill(account)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if secret:
        expect(page.get_by_role("heading", name="Enter your two-factor code")).to_be_visible()
        page.get_by_label("6-digit code").fill(code_for(secret))
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Enquiries", exact=True)).to_be_visible()
    return context, page


class Http:
    """A member of staff's own client over HTTP (cookies, CSRF and Origin as a browser sends them)."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        self.csrf = ""

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        headers = {"Origin": self.web} if data is not None else {}
        try:
            with self.opener.open(urllib.request.Request(self.web + path, data, headers), timeout=20) as response:
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers.get("Location") or ""

    def sign_in(self, email: str, password: str = PASSWORD, secret: str | None = None) -> None:
        _status, body, _ = self.request("/staff/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', body).group(1)
        status, _, location = self.request("/staff/login", {"csrf": csrf, "email": email, "password": password})
        assert status == 302, status
        if location == "/staff/login/code":
            _, body, _ = self.request(location)
            step_csrf = re.search(r'name="csrf" value="([^"]+)"', body).group(1)
            status, _, location = self.request(location, {"csrf": step_csrf, "code": code_for(secret or "")})
        assert location == "/staff/", location
        _, body, _ = self.request("/staff/")
        self.csrf = html.unescape(re.search(r'name="csrf" value="([^"]+)"', body).group(1))


def refs(page: Page, table: str = "#queue") -> set[str]:
    return set(re.findall(r"SEND-[A-Z0-9]{6}", page.locator(f"{table} tbody").inner_text()))


# --- areas ------------------------------------------------------------------------------------------------


def test_an_adviser_sees_only_enquiries_from_their_own_areas(browser: Browser, web: str,  # noqa: F811
                                                             cases: dict[str, str]) -> None:
    context, page = sign_in(browser, web, LEEDS)
    assert refs(page) == {cases["leeds"], cases["leeds_two"]}
    expect(page.locator(".staff-my-areas")).to_contain_text("From your areas: Leeds")
    options = page.locator("#area option").all_inner_texts()
    assert options == ["All my areas", "Leeds"]
    assert_no_violations(page, "an adviser's queue, their areas only")

    for search in (cases["hull"], "Harriet", "harriet@example.com", cases["no_area"]):  # search finds nothing
        page.get_by_label("Search").fill(search)
        page.get_by_label("Status").select_option(label="All")
        page.get_by_role("button", name="Filter").click()
        expect(page.locator("#queue")).to_contain_text("No enquiries match these filters")
    page.goto(web + f"/staff/?area={HULL_GSS}&status=all")  # another area, typed into the address
    expect(page.locator("#queue")).to_contain_text("No enquiries match these filters")

    page.goto(web + f"/staff/enquiries/{cases['hull']}")  # a guessed address: as if there were no such enquiry
    expect(page.get_by_role("heading", name="Enquiry not found")).to_be_visible()
    assert "Harriet" not in page.content()
    assert_no_violations(page, "another area's enquiry")
    page.goto(web + "/staff/")
    exported = read_download(page, "Export CSV")
    exported_refs = {row["reference"] for row in csv.DictReader(io.StringIO(exported))}
    assert exported_refs == {cases["leeds"], cases["leeds_two"]}
    context.close()

    context, page = sign_in(browser, web, HULL)  # Hull and enquiries with no area
    assert refs(page) == {cases["hull"], cases["no_area"]}
    context.close()

    page = admin_page(browser, web)  # admins see every area
    assert refs(page) == set(cases.values())
    assert len(page.locator("#area option").all_inner_texts()) > 150


def test_an_adviser_cannot_act_on_another_areas_enquiry(web: str, cases: dict[str, str]) -> None:
    from bot.store import audit, enquiries

    client = Http(web)
    client.sign_in(LEEDS)
    hull = cases["hull"]
    refused_before = audit.entries(actor=LEEDS, action="refused").total
    before = enquiries.get(hull)[0]
    for action, form in (("claim", {}), ("assign", {"assignee": LEEDS}), ("note", {"note": "peeking"}),
                         ("close", {"outcome": "advice_given"}), ("reopen", {})):
        status, body, _ = client.request(f"/staff/enquiries/{hull}/{action}", {"csrf": client.csrf, **form})
        assert status == 404, (action, status)
        assert "Harriet" not in body
    status, _, _ = client.request(f"/staff/enquiries/{hull}")
    assert status == 404
    enquiry, notes = enquiries.get(hull)
    assert (enquiry.status, enquiry.claimed_by, enquiry.closed_at, notes) == ("new", None, None, [])
    assert enquiries.timeline(hull)[1:] == []  # nothing happened to it
    assert before.status == "new"
    refused = audit.entries(actor=LEEDS, action="refused").entries
    assert len(refused) - refused_before == 6 and {a.reference for a in refused} == {hull}
    assert audit.entries(actor=LEEDS, action="viewed_enquiry", reference=hull).total == 0
    _, body, _ = client.request("/staff/export.csv?status=all")
    assert hull not in body and "Harriet" not in body

    # Their own area's enquiry can be given only to someone who works for that area (or an admin)
    leeds = cases["leeds_two"]
    status, body, _ = client.request(f"/staff/enquiries/{leeds}/assign", {"csrf": client.csrf, "assignee": HULL})
    assert status == 400 and "Choose who to assign it to" in body
    assert enquiries.get(leeds)[0].claimed_by is None
    status, _, _ = client.request(f"/staff/enquiries/{leeds}/assign", {"csrf": client.csrf, "assignee": ADMIN})
    assert status == 302 and enquiries.get(leeds)[0].claimed_by == ADMIN

    status, body, _ = client.request("/staff/accounts")  # not an admin
    assert status == 403
    status, _, _ = client.request("/staff/accounts/new", {"csrf": client.csrf, "email": "x@example.gov.uk",
                                                          "role": "admin", "areas": LEEDS_GSS})
    assert status == 403
    from bot.store import staff_accounts

    assert "x@example.gov.uk" not in [a.email for a in staff_accounts.accounts()]


# --- two-factor and accounts ------------------------------------------------------------------------------

_admin: dict[str, object] = {}


def admin_secret(browser: Browser, web: str) -> str:  # noqa: F811
    """The admin's first sign-in sets up two-factor (on by default for admins); the secret, for later."""
    if "secret" in _admin:
        return str(_admin["secret"])
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(web + "/staff/login")
    page.get_by_label("Email address").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    secret = page.locator("#secret").inner_text().replace(" ", "")
    uri = page.locator("#otpauth-uri").inner_text()
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri and "issuer=SEND" in uri
    assert pyotp.parse_uri(uri).secret == secret
    assert_no_violations(page, "two-factor set-up")
    page.goto(web + "/staff/")  # nothing to see before it is done
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.go_back()
    page.get_by_label("6-digit code").fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert_no_violations(page, "two-factor set-up with a wrong code")
    page.get_by_label("6-digit code").fill(code_for(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Enquiries", exact=True)).to_be_visible()
    _admin.update(secret=secret, page=page)  # signed in: kept for the tests after this one
    return secret


def admin_page(browser: Browser, web: str) -> Page:  # noqa: F811
    """The admin, signed in (each code works once, so signing in again and again would wait for new ones)."""
    admin_secret(browser, web)
    page = _admin["page"]
    assert isinstance(page, Page)
    page.goto(web + "/staff/")
    return page


def test_admins_sign_in_with_a_two_factor_code(browser: Browser, web: str) -> None:  # noqa: F811
    secret = admin_secret(browser, web)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(web + "/staff/login")
    page.get_by_label("Email address").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your two-factor code")).to_be_visible()
    assert_no_violations(page, "two-factor code")
    page.get_by_label("6-digit code").fill("12345")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert_no_violations(page, "two-factor code wrong")
    code = code_for(secret)
    page.get_by_label("6-digit code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Enquiries", exact=True)).to_be_visible()
    context.close()

    # The same code does not work twice
    context = browser.new_context()
    page = context.new_page()
    page.goto(web + "/staff/login")
    page.get_by_label("Email address").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("6-digit code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    page.get_by_role("button", name="Cancel and sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    context.close()

    from bot.store import audit

    assert audit.entries(actor=ADMIN, action="two_factor_set_up").total == 1
    assert audit.entries(actor=ADMIN, action="two_factor_failed").total >= 2


def test_an_admin_creates_an_adviser_who_can_then_sign_in(browser: Browser, web: str,  # noqa: F811
                                                          cases: dict[str, str]) -> None:
    page = admin_page(browser, web)
    page.get_by_role("link", name="Accounts").click()
    expect(page.get_by_role("heading", name="Staff accounts")).to_be_visible()
    expect(page.locator(".staff-accounts")).to_contain_text(LEEDS)
    assert_no_violations(page, "staff accounts")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an email address in the right format")
    assert_no_violations(page, "create an account with an error")
    page.get_by_label("Email address").fill(NEWCOMER)
    page.get_by_label("Adviser", exact=True).check()
    page.get_by_label("Other areas").fill("Narnia")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Not an English council area: Narnia")
    page.get_by_label("Other areas").fill("")
    page.get_by_label("Kingston upon Hull").check()
    page.get_by_label("Make a one-time password for me to pass on").check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Account created")).to_be_visible()
    one_time = page.locator("#one-time-password").inner_text()
    assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", one_time)
    assert_no_violations(page, "account created with a one-time password")

    # The newcomer signs in with it, must choose their own password, then sees Hull's enquiries only
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(web + "/staff/login")
    page.get_by_label("Email address").fill(NEWCOMER)
    page.get_by_label("Password").fill(one_time)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Choose your own password")).to_be_visible()
    assert_no_violations(page, "choose a new password")
    page.get_by_label("New password").fill("my very own password")
    page.get_by_label("Type it again").fill("my very own passwrod")
    page.get_by_role("button", name="Save password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The two passwords are not the same")
    assert_no_violations(page, "choose a new password with an error")
    page.get_by_label("New password").fill("my very own password")
    page.get_by_label("Type it again").fill("my very own password")
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", name="Enquiries", exact=True)).to_be_visible()
    assert refs(page) == {cases["hull"]}
    context.close()
    context, page = sign_in(browser, web, NEWCOMER, "my very own password")  # the one-time one is gone
    context.close()

    # The admin adds Leeds, resets the password (setting one), turns the account off and on again
    page = admin_page(browser, web)
    page.get_by_role("link", name="Accounts").click()
    page.get_by_role("link", name=NEWCOMER).click()
    expect(page.get_by_role("heading", name=NEWCOMER)).to_be_visible()
    assert_no_violations(page, "one account")
    page.get_by_label("Leeds").check()
    page.get_by_role("button", name="Save areas and role").click()
    expect(page.get_by_role("alert")).to_contain_text("Areas and role saved")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Kingston upon Hull, Leeds")
    page.get_by_label("I will set one").check()
    page.get_by_label("Password to set (at least 12 characters)").fill("a password set by the admin")
    page.get_by_role("button", name="Reset password").click()
    expect(page.get_by_role("heading", name="Password reset")).to_be_visible()
    expect(page.locator("#one-time-password")).to_have_count(0)
    page.goto(web + "/staff/accounts")
    page.get_by_role("link", name=NEWCOMER).click()
    page.get_by_role("button", name="Turn off").click()
    expect(page.get_by_role("alert")).to_contain_text("Account turned off")
    admin = page

    context = browser.new_context()
    page = context.new_page()
    page.goto(web + "/staff/login")
    page.get_by_label("Email address").fill(NEWCOMER)
    page.get_by_label("Password").fill("a password set by the admin")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The email or password is not right")
    context.close()

    admin.get_by_role("button", name="Turn on").click()
    expect(admin.get_by_role("alert")).to_contain_text("Account turned on")

    context = browser.new_context()
    page = context.new_page()
    page.goto(web + "/staff/login")
    page.get_by_label("Email address").fill(NEWCOMER)
    page.get_by_label("Password").fill("a password set by the admin")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("New password").fill("my second own password")
    page.get_by_label("Type it again").fill("my second own password")
    page.get_by_role("button", name="Save password").click()
    assert refs(page) == {cases["hull"], cases["leeds"], cases["leeds_two"]}  # Hull and, now, Leeds

    # An adviser may turn on two-factor sign-in for themselves
    page.get_by_role("link", name="Your account").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Kingston upon Hull, Leeds")
    assert_no_violations(page, "your account")
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    secret = page.locator("#secret").inner_text().replace(" ", "")
    page.get_by_label("6-digit code").fill(code_for(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("alert")).to_contain_text("Two-factor sign-in is on")
    assert_no_violations(page, "your account with two-factor on")
    context.close()
    context, page = sign_in(browser, web, NEWCOMER, "my second own password", secret=secret)
    context.close()

    from bot.store import audit

    for action in ("account_created", "account_changed", "password_reset", "account_disabled", "account_enabled"):
        assert audit.entries(actor=ADMIN, action=action).total >= 1, action
    assert audit.entries(actor=NEWCOMER, action="password_changed").total == 2
    assert audit.entries(actor=NEWCOMER, action="two_factor_set_up").total == 1


# --- insights ---------------------------------------------------------------------------------------------


def test_insights_for_the_content_team(browser: Browser, web: str, cases: dict[str, str]) -> None:  # noqa: F811
    expected = conversation_store.EXPECTED
    context, page = sign_in(browser, web, LEEDS)  # any signed-in member of staff
    page.get_by_role("link", name="Insights").click()
    expect(page.get_by_role("heading", name="Insights", exact=True)).to_be_visible()
    page.get_by_label("Period").select_option(label="The last 4 weeks")
    page.get_by_role("button", name="Show").click()
    totals = {m: sum(week[m] for week in expected.values()) for m in ("conversations", "messages", "unsure")}
    for measure, value in totals.items():
        expect(page.locator(f"#total-{measure}")).to_have_text(str(value))
    expect(page.locator("#total-handoffs")).to_have_text("4")  # every area's (counts only)

    rows = page.locator("#weekly tbody tr")
    expect(rows).to_have_count(4)
    by_week = {rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").all_inner_texts()
               for i in range(4)}
    for start, counts in expected.items():
        label = start.strftime("%-d %b %Y") + (" (so far)" if start == conversation_store.WEEK3 else "")
        cells = by_week[label]
        assert [int(c.split()[0]) for c in cells[:5]] == [counts[m] for m in
                                                        ("conversations", "messages", "unsure", "not_sure",
                                                         "not_understood")], label
    assert "EHC plans and assessments (2)" in by_week["16 Feb 2026"][6]

    # Charts: SVG bars with a title and a description naming every figure; the same figures in the table
    chart = page.locator("svg[aria-labelledby='chart-conversations-title chart-conversations-desc']")
    expect(chart).to_have_attribute("role", "img")
    assert chart.locator("rect").count() == 4
    description = chart.locator("desc").text_content()
    assert "week of 16 Feb: 3" in description and "week of 2 Mar (so far): 2" in description
    topics = page.locator("#topics tbody tr").all_inner_texts()
    assert topics[0].split("\t") == ["EHC plans and assessments", "3"]

    groups = page.locator("#question-groups tbody tr")
    expect(groups).to_have_count(3)
    expect(groups.nth(0).locator("th")).to_have_text("blue badge for my son please")
    expect(groups.nth(0).locator("td").first).to_have_text("4")
    expect(groups.nth(1)).to_contain_text("respite care")
    assert "jo.bloggs" not in page.content() and "Jo Bloggs" not in page.content()
    assert_no_violations(page, "insights")

    figures = read_download(page, "Download the weekly figures (CSV)")
    weekly = list(csv.DictReader(io.StringIO(figures)))
    assert [row["conversations"] for row in weekly[-3:]] == ["3", "4", "2"]
    assert weekly[-1]["so_far"] == "yes" and weekly[-2]["topic: If you're unhappy"] == "2"

    with page.expect_download() as download:
        groups.nth(0).get_by_role("link").click()
    group_yaml = Path(download.value.path()).read_text()
    data = yaml.safe_load(group_yaml)
    assert data["nlu"] == [{"intent": "TODO", "examples": "- blue badge for my son please\n"
                                                          "- can I get a blue badge for my son\n"
                                                          "- how do i get a blue badge\n"}]
    everything = yaml.safe_load(read_download(page, re.compile("Download every group of questions")))
    assert [g["intent"] for g in everything["nlu"]] == ["TODO"] * 3
    assert "{{EMAIL}}" in everything["nlu"][1]["examples"]
    context.close()

    from bot.store import audit

    assert audit.entries(actor=LEEDS, action="viewed_insights").total >= 2
    assert audit.entries(actor=LEEDS, action="exported_insights").total == 3
