"""An answer's source and "Was this helpful?" (bot.store.feedback): what the generated responses carry, what is
stored (no personal data, once per conversation and answer), that "delete my conversation" and retention remove
it, the weekly insights that count it, and that Telegram and Twilio leave the web chat's payload out. (The
endpoint and the widget: tests/e2e/test_widget_feedback.py and tests/e2e/test_widget_browser.py.)"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from bot import settings
from bot.build import build_responses
from bot.domain import knowledge as kb
from bot.store import db, feedback, insights, retention
from bot.store.models import AnswerFeedback
from tests.support import answered_conversations
from tests.support.staff_web import own_database

K = kb.load()


@pytest.fixture(scope="module", autouse=True)
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    tmp = tmp_path_factory.mktemp("feedback")
    with own_database({"SEND_DATABASE_URL": f"sqlite:///{tmp}/send.db"}):
        yield


# --- the generated responses ------------------------------------------------------------------------------


def test_every_fact_answer_carries_its_source_and_feedback_key_and_the_text_is_unchanged() -> None:
    generated = yaml.safe_load(build_responses.render_responses(K))["responses"]
    for key, answer in K.answers.items():
        response = generated[f"utter_{key}"][0]
        assert response["text"] == answer.text, key  # the text bubbles are what they were
        custom = response["custom"]
        assert custom["feedback"] == key
        assert custom["source"]["title"] == K.sources[answer.sources[0]]["title"]
        assert custom["source"]["url"] == f"/sources#{answer.sources[0]}"
        assert custom["source"]["reviewed"] == answer.reviewed.isoformat()
        assert key in feedback.keys()
    rule = generated["utter_deadline_rule_appeal"][0]["custom"]
    assert rule["feedback"] == "deadline_rule_appeal" and rule["source"]["title"].startswith("Law and services §1")
    unsourced = feedback.without_source_line(K)
    assert {"utter_safeguarding", "utter_legal_caveat"} <= set(unsourced)
    for name in unsourced:  # crisis signposting, the legal caveat, replies inside a task: no source line, no survey
        assert all("custom" not in variant for variant in generated[name]), name
        assert feedback.key_of(name) not in feedback.keys()
    assert feedback.title("role/senco") == K.answers["role/senco"].title
    assert feedback.title("deadline_rule_appeal") == "Appeal deadline: the rule"
    assert feedback.topic("role/senco") == "role" and feedback.topic("national_contacts") == ""


# --- storing, once, and forgetting -------------------------------------------------------------------------


def test_an_answer_counts_only_if_the_conversation_was_given_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/tracker.db"
    answered_conversations.save(url, "web-given", ["role/senco"])
    assert feedback.answer_was_given("web-given", "role/senco", url)
    assert not feedback.answer_was_given("web-given", "role/headteacher", url)
    assert not feedback.answer_was_given("web-someone-else", "role/senco", url)
    assert not feedback.answer_was_given("web-given", "role/senco", f"sqlite:///{tmp_path}/empty.db")


def test_one_answer_per_conversation_and_answer_with_no_personal_data() -> None:
    assert feedback.record("web-once", "role/senco", True)
    assert not feedback.record("web-once", "role/senco", False)  # a second answer is ignored
    assert feedback.record("web-once", "ehc/timescales", False)  # another answer of the same conversation
    with db.session() as session:
        rows = session.execute(select(AnswerFeedback).where(
            AnswerFeedback.conversation == feedback.conversation_hash("web-once"))).scalars().all()
        stored = [(r.answer, r.helpful, r.conversation) for r in rows]
    assert sorted(a for a, _, _ in stored) == ["ehc/timescales", "role/senco"]
    assert ("role/senco", True) in [(a, h) for a, h, _ in stored]
    assert all("web-once" not in c and len(c) == 64 for _, _, c in stored)  # a hash, never the id
    assert feedback.forget("web-once") == 2
    assert feedback.record("web-once", "role/senco", False)  # forgotten: a new conversation may answer
    feedback.forget("web-once")


def test_delete_my_conversation_removes_the_feedback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from actions.privacy import ActionDeleteConversation
    from tests.actions.helpers import run, tracker

    url = f"sqlite:///{tmp_path}/tracker.db"
    answered_conversations.save(url, "web-delete-me", ["role/senco"])
    monkeypatch.setenv("SEND_TRACKER_DB_URL", url)
    assert feedback.record("web-delete-me", "role/senco", False)
    assert feedback.record("web-keep-me", "role/senco", True)
    messages, events = run(ActionDeleteConversation(), tracker(sender="web-delete-me"))
    assert messages[-1].get("custom") == {"forget": True}
    assert events and events[0]["event"] == "restart"
    with db.session() as session:
        left = set(session.execute(select(AnswerFeedback.conversation)).scalars())
    assert feedback.conversation_hash("web-delete-me") not in left
    assert feedback.conversation_hash("web-keep-me") in left  # only that conversation's
    # The conversation itself is deleted by the Rasa server's tracker store (tests/unit/test_tracker_store.py),
    # not by the action server, which has no access to it.
    assert feedback.answer_was_given("web-delete-me", "role/senco", url)
    feedback.forget("web-keep-me")


# --- insights and retention --------------------------------------------------------------------------------


def test_insights_count_yes_and_no_each_week_and_the_topics_with_the_most_no(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEND_TODAY", "2026-03-04")  # a Wednesday: this week started on 2 March
    tracker_url = f"sqlite:///{tmp_path}/tracker.db"  # no conversations: the answers are counted on their own
    last_week = dt.datetime(2026, 2, 24, 10)  # UTC
    this_week = dt.datetime(2026, 3, 3, 10)
    answers = [("w-1", "unhappy/school_route", False, last_week), ("w-2", "unhappy/school_route", False, last_week),
               ("w-3", "unhappy/school_route", True, this_week), ("w-4", "role/senco", True, last_week),
               ("w-5", "role/senco", False, this_week), ("w-6", "deadline_rule_appeal", True, this_week)]
    for sender, key, helpful, at in answers:
        assert feedback.record(sender, key, helpful, at=at)
    try:
        result = insights.report(2, url=tracker_url)
        assert [(w.start, w.counts["helpful_yes"], w.counts["helpful_no"]) for w in result.weeks] == [
            (dt.date(2026, 2, 23), 1, 2), (dt.date(2026, 3, 2), 2, 1)]
        assert result.total("helpful_yes") == 3 and result.total("helpful_no") == 3
        first = result.feedback[0]
        assert (first.intent, first.no, first.yes) == ("unhappy", 2, 1)
        assert first.answers == [(K.answers["unhappy/school_route"].title, 2, 1)]
        assert [(t.intent, t.no, t.yes) for t in result.feedback[1:]] == [("role", 1, 1), ("", 0, 1)]
        assert result.feedback[2].title == feedback.OTHER_TOPIC
        assert result.weeks[0].unhelpful == {"unhappy": 2}
        lines = insights.export_csv(result).splitlines()
        header = lines[0].split(",")
        assert header[header.index("handoffs") + 1:header.index("handoffs") + 3] == ["helpful_yes", "helpful_no"]
        assert header[-2:] == [f"not helpful: {first.title}", f"not helpful: {result.feedback[1].title}"]
        assert lines[1].endswith(",1,2,,2,0") and lines[2].endswith(",2,1,yes,0,1")

        # Retention: the weekly counts are kept, the answers go with the conversations.
        assert insights.roll_up(tracker_url) > 0
        assert feedback.purge(0) == len(answers)
        kept = insights.report(2, url=tracker_url)
        assert (kept.total("helpful_yes"), kept.total("helpful_no")) == (3, 3)
        assert kept.feedback[0].intent == "unhappy"
    finally:
        for sender, *_ in answers:
            feedback.forget(sender)


def test_the_daily_purge_deletes_old_answers_with_the_conversations(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEND_TRACKER_DB_URL", f"sqlite:///{tmp_path}/tracker.db")  # never the developer's
    monkeypatch.delenv("SEND_SMTP_HOST", raising=False)
    old = dt.datetime.utcnow() - dt.timedelta(days=settings.current().retention.conversations + 1)
    assert feedback.record("web-old", "role/senco", True, at=old)
    assert feedback.record("web-new", "role/senco", True)
    counts = retention.purge_all()
    assert counts["helpful_answers"] >= 1
    with db.session() as session:
        left = set(session.execute(select(AnswerFeedback.conversation)).scalars())
    assert feedback.conversation_hash("web-old") not in left and feedback.conversation_hash("web-new") in left
    feedback.forget("web-new")


# --- other channels ----------------------------------------------------------------------------------------


def test_telegram_and_twilio_leave_the_web_chat_payload_out() -> None:
    from rasa_addons.channels import for_messaging
    from rasa_addons.channels.telegram import LocalTelegramOutput
    from rasa_addons.channels.twilio import NumberedTwilioOutput

    payload = feedback.answer_payload(K, "role/senco", K.answers["role/senco"].sources, K.answers["role/senco"].reviewed)
    assert for_messaging(payload) == {} and for_messaging({"ics": {}, "forget": True}) == {}
    assert for_messaging({"text": "hello", "source": {}}) == {"text": "hello"}

    sent: list[tuple[str, Any]] = []

    class Twilio(NumberedTwilioOutput):
        async def _send_message(self, message_data: dict[str, Any]) -> Any:
            sent.append(("twilio", dict(message_data)))

    class Telegram(LocalTelegramOutput):
        async def send_message(self, chat_id: Any, text: str, **kwargs: Any) -> Any:  # type: ignore[override]
            sent.append(("telegram", text))

    async def answer() -> None:
        message = {"text": K.answers["role/senco"].text, "custom": payload}
        await Twilio("AC0", "token", "whatsapp:+447700900000").send_response("twilio:+447700900123", dict(message))
        await Telegram("123456:ABC", None).send_response("telegram:42", dict(message))

    asyncio.run(answer())
    assert [kind for kind, _ in sent] == ["twilio", "telegram"]  # the text only, once each
    assert sent[0][1]["body"] == K.answers["role/senco"].text and "source" not in sent[0][1]
