"""Deadline forms and actions with real Trackers: dates in the parent's words, kind errors, exact answers."""

from __future__ import annotations

import datetime as dt

from actions.deadline_forms import ValidateAppealDeadlineForm, ValidateEhcDeadlineForm
from actions.deadlines import ActionAppealDeadline, ActionChooseDeadline, ActionEhcDeadline
from tests.actions.helpers import run, tracker


def extract(form, slot: str, text: str, intent: str = "inform_date", slots: dict | None = None) -> dict:
    import asyncio

    track = tracker(text, intent, slots={"requested_slot": slot, **(slots or {})})
    return asyncio.run(getattr(form, f"extract_{slot}")(None, track, {}))


def test_the_requested_date_is_taken_from_the_message() -> None:
    assert extract(ValidateAppealDeadlineForm(), "letter_date", "14/3/26") == {"letter_date": "14/3/26"}


def test_safeguarding_is_never_taken_as_a_date() -> None:
    assert extract(ValidateAppealDeadlineForm(), "letter_date", "I can't cope", intent="safeguarding") == {}


def test_a_date_in_the_opening_message_fills_the_form() -> None:
    import asyncio

    track = tracker("the council refused on 3 March 2026, what's my deadline?", "ask_appeal_deadline")
    result = asyncio.run(ValidateAppealDeadlineForm().extract_letter_date(None, track, {}))
    assert result == {"letter_date": "2026-03-03"}


def test_no_certificate_is_understood() -> None:
    for text, intent in [("no", "deny"), ("not yet", "inform_date"), ("nope haven't got one", "deny")]:
        assert extract(ValidateAppealDeadlineForm(), "certificate_date", text, intent) == {"certificate_date": "none"}


def test_impossible_and_vague_dates_are_explained_and_asked_again() -> None:
    form = ValidateAppealDeadlineForm()
    for text, phrase in [("31 February 2026", "isn't a real date"), ("a few weeks ago", "exact date"),
                         ("banana", "couldn't find a date")]:
        from rasa_sdk.executor import CollectingDispatcher

        dispatcher = CollectingDispatcher()
        assert form.validate_letter_date(text, dispatcher, tracker(), {}) == {"letter_date": None}
        assert phrase in dispatcher.messages[0]["text"]


def test_a_certificate_before_the_letter_is_questioned() -> None:
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    result = ValidateAppealDeadlineForm().validate_certificate_date(
        "1 January 2026", dispatcher, tracker(slots={"letter_date": "2026-03-01"}), {})
    assert result == {"certificate_date": None}
    assert "before the decision letter" in dispatcher.messages[0]["text"]


def test_appeal_deadline_answer_is_exact_and_offers_a_calendar_file() -> None:
    letter = dt.date.today() - dt.timedelta(days=10)
    messages, events = run(ActionAppealDeadline(), tracker(
        slots={"letter_date": letter.isoformat(), "certificate_date": "none"}))
    assert "by 5pm on" in messages[0]["text"]
    assert "mediation adviser" in messages[0]["text"]
    ics = messages[1]["custom"]["ics"]
    assert ics["content"].startswith("BEGIN:VCALENDAR") and ics["filename"].endswith(".ics")
    names = {e["name"]: e["value"] for e in events}
    assert names["deadline_kind"] == "sen_appeal" and names["letter_date"] is None


def test_a_passed_appeal_deadline_says_what_can_still_be_done() -> None:
    messages, _ = run(ActionAppealDeadline(), tracker(
        slots={"letter_date": "2024-01-10", "certificate_date": "none"}))
    assert "passed" in messages[0]["text"] and "late appeal" in messages[0]["text"]


def test_ehc_timeline() -> None:
    messages, _ = run(ActionEhcDeadline(), tracker(slots={"request_date": "2026-01-05"}))
    assert "Monday 16 February 2026" in messages[0]["text"]
    assert "Monday 25 May 2026" in messages[0]["text"]


def test_follow_up_deadline_uses_the_topic_in_play() -> None:
    _, events = run(ActionChooseDeadline(), tracker(slots={"faq_key": "unhappy/discrimination"}))
    assert events == [{"event": "followup", "timestamp": None, "name": "discrimination_deadline_form"}]
    messages, events = run(ActionChooseDeadline(), tracker(slots={"faq_key": "role/senco"}))
    assert messages[0]["response"] == "utter_which_deadline" and events == []


def test_ehc_form_reads_last_tuesday() -> None:
    from rasa_sdk.executor import CollectingDispatcher

    result = ValidateEhcDeadlineForm().validate_request_date("last tuesday", CollectingDispatcher(), tracker(), {})
    assert dt.date.fromisoformat(result["request_date"]).weekday() == 1
