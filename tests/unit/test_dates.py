"""Dates as parents write them: day first, in many forms; impossible, future and vague dates explained."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.dates import find_dates, names_a_date, parse_date

TODAY = dt.date(2026, 11, 22)  # a Sunday

OK = [
    ("14 March 2026", dt.date(2026, 3, 14)),
    ("14/3/26", dt.date(2026, 3, 14)),
    ("14.03.2026", dt.date(2026, 3, 14)),
    ("2026-03-14", dt.date(2026, 3, 14)),
    ("14th of march", dt.date(2026, 3, 14)),
    ("March 14th", dt.date(2026, 3, 14)),
    ("march 14th 2026", dt.date(2026, 3, 14)),
    ("14-03-2026", dt.date(2026, 3, 14)),
    ("3/4/26", dt.date(2026, 4, 3)),
    ("03/04/2026", dt.date(2026, 4, 3)),
    ("the letter was dated 2nd Oct", dt.date(2026, 10, 2)),
    ("1st sept 2025", dt.date(2025, 9, 1)),
    ("5 jan", dt.date(2026, 1, 5)),
    ("25 december", dt.date(2025, 12, 25)),  # no year and in the future this year: last year's
    ("last Tuesday", dt.date(2026, 11, 17)),
    ("on friday", dt.date(2026, 11, 20)),
    ("3 weeks ago", dt.date(2026, 11, 1)),
    ("two weeks ago", dt.date(2026, 11, 8)),
    ("a week ago", dt.date(2026, 11, 15)),
    ("4 days ago", dt.date(2026, 11, 18)),
    ("yesterday", dt.date(2026, 11, 21)),
    ("today", TODAY),
    ("I got it on 29 Feb 2024", dt.date(2024, 2, 29)),
]


@pytest.mark.parametrize("text,expected", OK)
def test_dates_parents_write(text: str, expected: dt.date) -> None:
    answer = parse_date(text, TODAY)
    assert (answer.status, answer.date) == ("ok", expected)


@pytest.mark.parametrize("text", ["31 February", "31/02/2026", "30th feb 2026", "29/2/26", "32/1/26", "12/13/2026"])
def test_impossible_dates_are_explained(text: str) -> None:
    answer = parse_date(text, TODAY)
    assert answer.status == "impossible"
    assert "real date" in answer.message


@pytest.mark.parametrize("text", ["1/12/2026", "25 December 2026", "next year"])
def test_future_letter_dates_are_questioned(text: str) -> None:
    answer = parse_date(text, TODAY)
    assert answer.status in {"future", "none"}
    if answer.status == "future":
        assert "in the future" in answer.message


@pytest.mark.parametrize("text", ["a few weeks ago", "last month", "not sure", "beginning of March", "ages ago",
                                  "a couple of months ago", "dunno"])
def test_vague_answers_ask_for_the_exact_date(text: str) -> None:
    answer = parse_date(text, TODAY)
    assert answer.status == "vague"
    assert "exact date" in answer.message


@pytest.mark.parametrize("text", ["hello", "no", "what does senco mean"])
def test_no_date(text: str) -> None:
    assert parse_date(text, TODAY).status == "none"


@pytest.mark.parametrize("text, expected", [
    ("got the letter on 3rd nov", True), ("12/09/2026", True), ("2026-09-12", True), ("nov 3rd", True),
    ("the 1st of september", True), ("yesterday", False), ("what is a senco", False), ("my son is 7", False),
    ("he's in year 9", False),
])
def test_names_a_date(text: str, expected: bool) -> None:
    assert names_a_date(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("the letter was 2nd novmber 2025", dt.date(2025, 11, 2)), ("15 septmber 2025", dt.date(2025, 9, 15)),
    ("3 agust 2025", dt.date(2025, 8, 3)), ("januray 9th 2026", dt.date(2026, 1, 9)),
])
def test_misspelt_months(text: str, expected: dt.date) -> None:
    assert parse_date(text, today=dt.date(2026, 11, 22)).date == expected


def test_words_near_month_names_are_left_alone() -> None:
    assert not names_a_date("i remember the member number")


MONDAY = dt.date(2026, 11, 23)
# Found by an independent check (issue "Right answer, first time", point 3): each was misread before.
READS = [
    ("2026/11/03", "ok", dt.date(2026, 11, 3)), ("2026.11.03", "ok", dt.date(2026, 11, 3)),
    ("next friday", "future", dt.date(2026, 11, 27)), ("this coming friday", "future", dt.date(2026, 11, 27)),
    ("tuesday next week", "future", dt.date(2026, 12, 1)), ("the day before yesterday", "ok", dt.date(2026, 11, 21)),
    ("3 weeks ago on tuesday", "ok", dt.date(2026, 11, 3)), ("a week last tuesday", "ok", dt.date(2026, 11, 10)),
    # that many weeks before last Friday (the British "a week last Tuesday", with more weeks)
    ("2 weeks ago last friday", "ok", dt.date(2026, 11, 6)), ("three weeks last wednesday", "ok", dt.date(2026, 10, 28)),
    ("2 weeks and 3 days ago", "ok", dt.date(2026, 11, 6)), ("the 2nd of this month", "ok", dt.date(2026, 11, 2)),
    ("2 months", "none", None), ("10 days", "none", None), ("about 3 weeks ago", "vague", None),
    ("roughly 3 weeks ago", "vague", None), ("maybe 3 weeks ago", "vague", None), ("3 or 4 weeks ago", "vague", None),
    ("nov 3 25", "ok", dt.date(2025, 11, 3)), ("he is 11 may I ask something", "none", None), ("that was 20th may this year", "ok", dt.date(2026, 5, 20)),
    ("a fortnight ago", "ok", dt.date(2026, 11, 9)), ("3 wks ago", "ok", dt.date(2026, 11, 2)),
    ("first of november", "ok", dt.date(2026, 11, 1)), ("3 jully", "ok", dt.date(2026, 7, 3)),
    # a month back to the day is one day; "a month ago" alone is not
    ("exactly a month ago today", "ok", dt.date(2026, 10, 23)), ("2 months ago to the day", "ok", dt.date(2026, 9, 23)),
    ("a month ago", "vague", None),
    # b56: "a fortnight ago today" is one day, not that day and today; "monday the 9th" is the 9th, not last Monday
    ("a fortnight ago today", "ok", dt.date(2026, 11, 9)), ("3 weeks ago to the day", "ok", dt.date(2026, 11, 2)),
    ("it was monday the 9th", "ok", dt.date(2026, 11, 9)), ("dated thursday 29th", "ok", dt.date(2026, 10, 29)),
    ("friday 31st", "ok", dt.date(2026, 10, 31)),
]


@pytest.mark.parametrize("text,status,expected", READS)
def test_dates_read_right(text: str, status: str, expected: dt.date | None) -> None:
    answer = parse_date(text, MONDAY)
    assert (answer.status, answer.date) == (status, expected)


def test_a_year_less_date_in_the_future_is_taken_as_last_year_and_said() -> None:
    answer = parse_date("5th december", MONDAY)
    assert answer.date == dt.date(2025, 12, 5) and "5 December 2025" in answer.message


def test_every_date_in_a_message_is_found_in_order() -> None:
    mentions = find_dates("received it 5 nov, it was dated 1 nov; certificate 20/11/26", MONDAY)
    assert [m.answer.date for m in mentions] == [dt.date(2026, 11, 5), dt.date(2026, 11, 1), dt.date(2026, 11, 20)]


def test_a_day_of_last_or_this_month() -> None:
    today = dt.date(2026, 11, 23)
    for said, day in [("the letter came last month on the 3rd", dt.date(2026, 10, 3)),
                      ("it was on the 9th of last month", dt.date(2026, 10, 9)),
                      ("the head rang this month, on the 12th", dt.date(2026, 11, 12))]:
        assert [m.answer.date for m in find_dates(said, today)] == [day], said
    assert find_dates("on the 31st of last month", dt.date(2026, 12, 1))[0].answer.status == "impossible"


def test_a_day_and_month_at_the_end_of_a_sentence_is_a_date() -> None:
    from bot.domain.dates import find_dates

    found = find_dates("the letter with the plan was dated 14/10. when is the cut off?", dt.date(2026, 11, 23))
    assert [m.answer.date for m in found] == [dt.date(2026, 10, 14)]
    assert find_dates("version 3/4.5 of the form", dt.date(2026, 11, 23)) == []
