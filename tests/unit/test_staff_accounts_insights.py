"""Staff areas, accounts and two-factor sign-in (bot.store.staff_accounts), and the content team's insights
(bot.store.insights) read from a tracker database written by the real tracker store; their retention. (The web
pages: tests/e2e/test_staff_areas_accounts_insights.py.)"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyotp
import pytest
import yaml
from sqlalchemy import select, update

from bot.domain import triage
from bot.store import audit, db, enquiries, insights, migrate, retention, staff_accounts, staff_auth
from bot.store.models import InsightCount, StaffSession, StaffUser
from bot.store.staff_accounts import AccountError
from tests.support import conversation_store
from tests.support.running_bot import ROOT
from tests.support.staff_web import own_database

PASSWORD = "a long adviser password"
LEEDS, HULL, WAKEFIELD = "E08000035", "E06000010", "E08000036"


@pytest.fixture(scope="module", autouse=True)
def database() -> None:
    migrate.upgrade()


@pytest.fixture(autouse=True)
def no_email(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SEND_SMTP_HOST", "SEND_TEAM_INBOX", "SEND_STAFF_ADMIN_TWO_FACTOR"):
        monkeypatch.delenv(name, raising=False)


def user_id(email: str) -> int:
    with db.session() as session:
        return session.execute(select(StaffUser.id).where(StaffUser.email == email)).scalar_one()


def account(email: str, areas: list[str], admin: bool = False) -> None:
    staff_auth.create_user(email, PASSWORD, admin=admin)
    staff_accounts.set_areas_by_email(email, areas)


def signed_in(email: str, password: str = PASSWORD) -> tuple[str, str]:
    """(token, the page after the password)."""
    token, message = staff_auth.sign_in(email, password)
    assert token, message
    following, message = staff_accounts.after_password(token)
    assert following, message
    return token, following


# --- areas ------------------------------------------------------------------------------------------------


def test_areas_are_read_from_codes_names_and_none() -> None:
    assert staff_accounts.parse_areas("E08000035, kingston upon hull\nnone") == [LEEDS, HULL, "none"]
    assert staff_accounts.parse_areas(["e08000035", "Leeds", ""]) == [LEEDS]
    with pytest.raises(AccountError, match="Not an English council area: Narnia, E99999999"):
        staff_accounts.parse_areas("Leeds, Narnia, E99999999")
    assert staff_accounts.area_label(HULL) == "Kingston upon Hull"
    assert staff_accounts.area_label("none") == "Area not given"


def test_advisers_see_only_their_areas_enquiries() -> None:
    def make(area: str | None, topic: str) -> str:
        return enquiries.create(enquiries.NewEnquiry(name="P", summary="help", area_gss=area, topic=topic),
                                triage.Urgency(0, ()))

    leeds, hull, nowhere = make(LEEDS, "ehc/what"), make(HULL, "rights/young_people"), make(None, "school/transport")
    mine = {e.reference for e in enquiries.queue(areas={LEEDS})}
    assert leeds in mine and hull not in mine and nowhere not in mine
    both = {e.reference for e in enquiries.queue(areas={HULL, "none"})}
    assert {hull, nowhere} <= both and leeds not in both
    assert enquiries.queue(areas=set()) == []  # no areas yet: nothing
    assert enquiries.queue(areas={LEEDS}, search=hull) == []
    assert enquiries.get(hull, areas={LEEDS}) is None and enquiries.get(hull, areas={HULL}) is not None
    assert enquiries.get(hull) is not None  # None: every area (admins)
    assert "rights/young_people" not in enquiries.present_topics(areas={LEEDS})


def test_who_can_be_given_an_enquiry_and_who_is_a_colleague() -> None:
    account("wakefield@example.gov.uk", [WAKEFIELD])
    account("wakefield.too@example.gov.uk", [WAKEFIELD, "none"])
    account("elsewhere@example.gov.uk", ["E06000011"])
    account("chief@example.gov.uk", [], admin=True)
    covering = staff_accounts.covering(WAKEFIELD)
    assert {"wakefield@example.gov.uk", "wakefield.too@example.gov.uk", "chief@example.gov.uk"} <= set(covering)
    assert "elsewhere@example.gov.uk" not in covering
    assert "wakefield@example.gov.uk" not in staff_accounts.covering(None)
    assert "wakefield.too@example.gov.uk" in staff_accounts.covering(None)
    token, _ = signed_in("wakefield@example.gov.uk")
    me = staff_accounts.current(token)
    assert me.scope == frozenset({WAKEFIELD})
    colleagues = staff_accounts.colleagues(me)
    assert "wakefield.too@example.gov.uk" in colleagues and "elsewhere@example.gov.uk" not in colleagues


# --- sign-in steps and two-factor -------------------------------------------------------------------------


def test_an_admin_without_two_factor_sets_it_up_before_seeing_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    account("admin.setup@example.gov.uk", [], admin=True)
    token, following = signed_in("admin.setup@example.gov.uk")
    assert following == "/staff/login/two-factor"
    assert staff_accounts.current(token) is None  # nothing to see yet
    assert staff_accounts.pending(token, "setup").email == "admin.setup@example.gov.uk"
    secret, uri = staff_accounts.setup_secret(token, "setup")
    assert staff_accounts.setup_secret(token, "setup")[0] == secret  # the same until confirmed
    assert pyotp.parse_uri(uri).secret == secret and "issuer=SEND%20enquiries" in uri
    assert staff_accounts.confirm_setup(token, "setup", "000000" if pyotp.TOTP(secret).now() != "000000"
                                        else "111111")[0] is None
    assert staff_accounts.confirm_setup(token, "setup", pyotp.TOTP(secret).now()) == ("/staff/", "")
    assert staff_accounts.current(token).two_factor
    staff_accounts.remove_two_factor(_admin_actor(), user_id("admin.setup@example.gov.uk"))  # a lost phone
    assert staff_accounts.current(token) is None  # removing it signs them out
    assert signed_in("admin.setup@example.gov.uk")[1] == "/staff/login/two-factor"  # and they set it up again
    monkeypatch.setenv("SEND_STAFF_ADMIN_TWO_FACTOR", "0")  # turned off by the setting: a password alone
    assert signed_in("admin.setup@example.gov.uk")[1] == "/staff/"


def _admin_actor() -> staff_accounts.Account:
    return staff_accounts.Account(0, "test-admin@example.gov.uk", "x", True, frozenset())


def test_codes_work_once_and_five_wrong_ones_lock_codes() -> None:
    staff_auth.create_user("coded@example.gov.uk", PASSWORD)
    secret = pyotp.random_base32()
    with db.session() as session:
        session.execute(update(StaffUser).where(StaffUser.email == "coded@example.gov.uk").values(totp_secret=secret))
    totp = pyotp.TOTP(secret)
    token, following = signed_in("coded@example.gov.uk")
    assert following == "/staff/login/code" and staff_accounts.current(token) is None
    code = totp.now()
    assert staff_accounts.check_code(token, code) == ("/staff/", "")
    assert staff_accounts.current(token).email == "coded@example.gov.uk"

    token, _ = signed_in("coded@example.gov.uk")
    assert staff_accounts.check_code(token, code)[0] is None  # the same code again: refused
    wrong = str((int(code) + 500000) % 1000000).zfill(6)
    for _ in range(3):
        assert staff_accounts.check_code(token, wrong) == (None, "The code is not right. Enter the 6-digit code "
                                                                  "your authenticator app shows now.")
    assert staff_accounts.check_code(token, wrong)[1].startswith("Too many wrong codes")  # the fifth
    assert staff_accounts.pending(token, "code") is None  # that sign-in is over
    token, _ = signed_in("coded@example.gov.uk")
    assert staff_accounts.check_code(token, totp.at(dt.datetime.now(dt.timezone.utc), counter_offset=1))[1] \
        .startswith("Too many wrong codes")  # even a right code, for 15 minutes
    assert audit.entries(actor="coded@example.gov.uk", action="two_factor_failed").total >= 5


def test_sign_in_steps_must_be_finished_in_time() -> None:
    staff_auth.create_user("slow@example.gov.uk", PASSWORD, admin=True)
    token, _ = signed_in("slow@example.gov.uk")
    with db.session() as session:
        session.execute(update(StaffSession).values(stage_until=dt.datetime.utcnow() - dt.timedelta(seconds=1))
                        .where(StaffSession.stage == "setup"))
    assert staff_accounts.pending(token, "setup") is None
    assert staff_accounts.purge_sessions() >= 1
    assert staff_auth.current(token) is None


# --- accounts ---------------------------------------------------------------------------------------------


def test_admins_create_change_turn_off_and_reset_accounts() -> None:
    boss = _admin_actor()
    made, shown = staff_accounts.create(boss.email, "New.Person@Example.gov.uk", [LEEDS], admin=False)
    assert made.email == "new.person@example.gov.uk" and made.must_change_password and len(shown) == 19
    with pytest.raises(AccountError, match="already an account"):
        staff_accounts.create(boss.email, "new.person@example.gov.uk", [LEEDS], admin=False)
    with pytest.raises(AccountError, match="at least one area"):
        staff_accounts.create(boss.email, "no.areas@example.gov.uk", [], admin=False)
    with pytest.raises(AccountError, match="12 characters"):
        staff_accounts.create(boss.email, "short@example.gov.uk", [LEEDS], admin=False, password="")

    token, following = signed_in("new.person@example.gov.uk", shown)
    assert following == "/staff/login/new-password"
    assert staff_accounts.choose_password(token, "mine and only mine", "mine and only mine!")[1] \
        == "The two passwords are not the same"
    assert staff_accounts.choose_password(token, shown, shown)[1] == "Choose a password that is not the one you were given"
    assert staff_accounts.choose_password(token, "mine and only mine", "mine and only mine") == ("/staff/", "")
    assert staff_accounts.current(token).areas == frozenset({LEEDS})

    ident = made.id
    staff_accounts.update(boss, ident, [LEEDS, HULL], admin=False)
    assert staff_accounts.current(token).areas == frozenset({LEEDS, HULL})  # at once, no new sign-in
    staff_accounts.set_enabled(boss, ident, False)
    assert staff_accounts.current(token) is None
    refused, _ = staff_auth.sign_in("new.person@example.gov.uk", "mine and only mine")
    # The same reply as a wrong password, so a guesser cannot tell that the password was right.
    assert staff_accounts.after_password(refused) == (None, "The email or password is not right.")
    assert staff_auth.current(refused) is None
    staff_accounts.set_enabled(boss, ident, True)
    token, _ = signed_in("new.person@example.gov.uk", "mine and only mine")
    _, shown = staff_accounts.reset_password(boss, ident)
    assert staff_auth.current(token) is None  # signed out everywhere
    assert signed_in("new.person@example.gov.uk", shown)[1] == "/staff/login/new-password"
    for action in ("account_created", "account_changed", "account_disabled", "account_enabled", "password_reset"):
        assert audit.entries(actor=boss.email, action=action).total >= 1, action


def test_there_is_always_an_admin_and_nobody_turns_themselves_off() -> None:
    with db.session() as session:
        session.execute(update(StaffUser).values(is_admin=False))
    staff_auth.create_user("only.admin@example.gov.uk", PASSWORD, admin=True)
    only = user_id("only.admin@example.gov.uk")
    me = staff_accounts.Account(only, "only.admin@example.gov.uk", "x", True, frozenset())
    with pytest.raises(AccountError, match="at least one admin"):
        staff_accounts.update(me, only, [LEEDS], admin=False)
    with pytest.raises(AccountError, match="your own account"):
        staff_accounts.set_enabled(me, only, False)
    staff_auth.create_user("second.admin@example.gov.uk", PASSWORD, admin=True)
    staff_accounts.update(me, only, [LEEDS], admin=False)  # now there is another


def test_create_staff_takes_areas_on_the_command_line() -> None:
    import os

    env = {**os.environ}
    bad = subprocess.run([sys.executable, "-m", "bot", "create-staff", "cli@example.gov.uk", "--password-stdin",
                          "--areas", "Leeds,Atlantis"], cwd=ROOT, env=env, input=PASSWORD + "\n", text=True,
                         capture_output=True, check=False)
    assert bad.returncode == 2 and "Atlantis" in bad.stderr
    good = subprocess.run([sys.executable, "-m", "bot", "create-staff", "cli@example.gov.uk", "--password-stdin",
                           "--areas", f"{LEEDS},{HULL}"], cwd=ROOT, env=env, input=PASSWORD + "\n", text=True,
                          capture_output=True, check=False)
    assert good.returncode == 0, good.stderr
    found = next(a for a in staff_accounts.accounts() if a.email == "cli@example.gov.uk")
    assert found.areas == tuple(sorted([LEEDS, HULL]))


# --- insights ---------------------------------------------------------------------------------------------


@pytest.fixture()
def tracker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/tracker.db"
    conversation_store.write(url, conversation_store.realistic())
    monkeypatch.setenv("SEND_TODAY", conversation_store.TODAY)
    return url


def test_weekly_counts_from_the_conversation_store(tracker: str) -> None:
    result = insights.report(3, url=tracker)
    assert [w.start for w in result.weeks] == list(conversation_store.EXPECTED)
    for week in result.weeks:
        assert {m: week.counts[m] for m in conversation_store.EXPECTED[week.start]} == \
            conversation_store.EXPECTED[week.start], week.start
    assert result.weeks[-1].partial and not result.weeks[0].partial
    assert result.topics[0] == ("ehc", "EHC plans and assessments", 3)
    assert dict((i, n) for i, _, n in result.topics) == {"ehc": 3, "rights": 2, "unhappy": 2, "school": 1}
    questions = [said for g in result.groups for said, _ in g.examples]
    assert "Jo Bloggs" not in str(questions) and "{{CONTACT_NAME}}" not in str(questions)  # form answers
    assert not any("jo.bloggs" in q for q in questions)
    assert [g.count for g in result.groups] == [4, 3, 1]
    empty = insights.report(2, today=dt.date(2026, 6, 1), url=tracker)
    assert empty.total("conversations") == 0 and empty.groups == []


def test_similar_questions_are_grouped_and_one_word_ones_are_not_swallowed() -> None:
    groups = insights.group_questions([
        "how do I get a blue badge", "blue badge for my son please", "Blue badge for my son please",
        "can we get a blue badge for our daughter", "help", "help", "help with transport",
        "is there a holiday club for disabled children", "holiday clubs for disabled kids",
        "what is PIP", "what's pip", "my son's school wants to reduce his timetable"])
    by_first = {g.example: [said for said, _ in g.examples] for g in groups}
    assert by_first["blue badge for my son please"] == ["blue badge for my son please", "can we get a blue badge "
                                                        "for our daughter", "how do I get a blue badge"]
    assert groups[0].count == 4
    assert by_first["help"] == ["help"]  # "help with transport" is not the same question
    assert any(set(v) == {"what is PIP", "what's pip"} for v in by_first.values())
    assert "help with transport" in by_first
    assert any(set(v) == {"is there a holiday club for disabled children", "holiday clubs for disabled kids"}
               for v in by_first.values())
    assert len({g.key for g in groups}) == len(groups)


def test_each_group_is_rasa_nlu_training_data(tracker: str) -> None:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    result = insights.report(3, url=tracker)
    odd = insights.Group("x", [("tab\there: [a](b) # not a comment", 1), ("two\nlines", 2)])
    text = insights.nlu_yaml([*result.groups[:1], odd], result.since, result.until)
    assert text.count("- intent: TODO") == 2
    data = RasaYAMLReader().reads(text)
    assert {m.get("intent") for m in data.intent_examples} == {"TODO"}
    texts = [m.get("text") for m in data.intent_examples]
    assert "blue badge for my son please" in texts and "two lines" in texts
    assert yaml.safe_load(text)["version"] == "3.1"


def test_charts_are_valid_svg_with_every_figure_described(tracker: str) -> None:
    result = insights.report(3, url=tracker)
    svg = str(insights.week_chart("c", "Conversations <each> week", result.weeks, "conversations"))
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c-title c-desc"
    assert root.find("title") is not None or root.find(f"{ns}title") is not None
    assert "Conversations <each> week" in svg.replace("&lt;", "<").replace("&gt;", ">")
    assert "<each>" not in svg
    assert len(root.findall("rect")) == 3
    topics = str(insights.topic_chart("t", "Topics", [("x", "<script>alert(1)</script>", 2)]))
    assert "<script>" not in topics and ET.fromstring(topics) is not None
    body = insights.export_csv(result)
    assert body.splitlines()[0].startswith("week_starting,conversations,messages,unsure,not_sure,not_understood,handoffs")


def test_weekly_counts_outlive_the_conversations_and_are_purged_in_time(tracker: str) -> None:
    assert insights.roll_up(tracker) > 0
    assert retention.purge_conversations(30, url=tracker) > 0  # the conversations are months old
    result = insights.report(3, url=tracker)
    assert [w.counts["conversations"] for w in result.weeks] == [3, 4, 2]  # kept
    assert result.groups == []  # the questions went with the conversations
    assert insights.roll_up(tracker) == 0  # nothing left to add; nothing lowered
    assert [w.counts["messages"] for w in insights.report(3, url=tracker).weeks] == [7, 7, 3]
    assert insights.purge(7) >= 1  # SEND_TODAY is 4 March: the week of 16 February goes
    with db.session() as session:
        weeks = set(session.execute(select(InsightCount.week)).scalars())
    assert conversation_store.WEEK1 not in weeks and conversation_store.WEEK2 in weeks


def test_finished_weeks_are_counted_once_and_this_week_every_time(tracker: str, tmp_path: Path) -> None:
    with own_database({"SEND_DATABASE_URL": f"sqlite:///{tmp_path}/own.db"}):  # no counts saved by other tests
        _finished_weeks_are_counted_once(tracker)


def _finished_weeks_are_counted_once(tracker: str) -> None:
    first = insights.report(3, url=tracker)  # counts the two finished weeks and saves them
    with db.session() as session:
        marked = set(session.execute(select(InsightCount.week).where(InsightCount.measure == insights.ROLLED_UP))
                     .scalars())
    assert {conversation_store.WEEK1, conversation_store.WEEK2} <= marked
    assert retention.purge_conversations(30, url=tracker) > 0  # gone without a roll-up: the page read them once
    second = insights.report(3, url=tracker)
    assert [w.counts for w in second.weeks[:2]] == [w.counts for w in first.weeks[:2]]
    assert first.weeks[2].counts["conversations"] > 0 and second.weeks[2].counts["conversations"] == 0
    assert second.groups == []  # the questions are never kept: they went with the conversations


def test_retention_purges_sessions_and_accounts_turned_off_long_ago() -> None:
    boss = _admin_actor()
    made, _ = staff_accounts.create(boss.email, "gone.soon@example.gov.uk", [LEEDS], admin=False)
    staff_accounts.set_enabled(boss, made.id, False)
    with db.session() as session:
        session.execute(update(StaffUser).where(StaffUser.id == made.id)
                        .values(disabled_at=dt.datetime.utcnow() - dt.timedelta(days=400)))
    counts = retention.purge_all(30, 365, 365, 730, 365)
    assert counts["disabled_staff_accounts"] == 1 and "staff_sessions" in counts and "insight_counts" in counts
    assert staff_accounts.account(made.id) is None


def test_finished_weeks_questions_are_read_again_only_when_a_conversation_went(tracker: str) -> None:
    """The finished weeks' questions are kept in the web process between views; a deleted conversation (a
    parent's "delete", the nightly purge) takes its questions off the next view."""
    def questions() -> list[str]:
        return [said for g in insights.report(3, url=tracker).groups for said, _ in g.examples]

    first = questions()
    assert "respite care over the summer holidays" in first
    kept = insights._finished_questions[insights._store_key(tracker)]
    assert questions() == first and insights._finished_questions[insights._store_key(tracker)] is kept
    assert retention.delete_conversation("web-b2", url=tracker) > 0  # a finished week's conversation
    after = questions()
    assert "respite care over the summer holidays" not in after
    assert insights._finished_questions[insights._store_key(tracker)] is not kept
