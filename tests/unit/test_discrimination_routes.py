"""Where a disability discrimination claim goes (law-and-services.md §2): schools to the SEND Tribunal; further
education colleges and private nurseries to the County Court (its time limit UNCONFIRMED); a claim about an
exclusion needs advice first, so its date is a guide, not a settled Tribunal deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain import deadline_request, deadline_text
from bot.domain import deadlines as dl

TODAY = dt.date(2026, 11, 23)
RESULT = dl.discrimination_claim(dt.date(2026, 10, 3))  # last day Friday 2 April 2027
SETTLED = "The last day to make a disability discrimination claim to the SEND Tribunal is"


def test_a_claim_against_a_school_goes_to_the_send_tribunal() -> None:
    text = deadline_text.discrimination_reply(RESULT, TODAY, "school")
    assert text.startswith(f"{SETTLED} Friday 2 April 2027")
    assert "County Court" not in text


def test_a_claim_against_someone_not_named_says_it_is_for_schools_and_where_others_go() -> None:
    text = deadline_text.discrimination_reply(RESULT, TODAY)
    assert text.startswith(SETTLED)
    assert "further education college or a private nursery goes to the County Court" in text


@pytest.mark.parametrize("against,body", [("college", "a further education college"),
                                          ("private_nursery", "a private nursery")])
def test_a_claim_against_a_college_or_private_nursery_goes_to_the_county_court(against: str, body: str) -> None:
    text = deadline_text.discrimination_reply(RESULT, TODAY, against)
    assert text.startswith(f"A disability discrimination claim against {body} goes to the County Court, "
                           "not the SEND Tribunal.")
    assert SETTLED not in text and "claim to the SEND Tribunal" not in text
    assert "Friday 2 April 2027" in text
    assert "could not confirm" in text and "check with your local SENDIASS or IPSEA" in text  # UNCONFIRMED limit
    assert "Christmas and August" not in text and "complain to the school" not in text


def test_a_nursery_not_said_which_gets_both_routes() -> None:
    text = deadline_text.discrimination_reply(RESULT, TODAY, "nursery")
    assert "part of a school, it goes to the SEND Tribunal" in text and "private nursery, it goes to the County Court" \
        in text
    assert SETTLED not in text


@pytest.mark.parametrize("against", [None, "school", "college"])
def test_a_claim_about_an_exclusion_says_get_advice_and_gives_the_date_as_a_guide_only(against: str | None) -> None:
    text = deadline_text.discrimination_reply(RESULT, TODAY, against, exclusion=True)
    assert text.startswith("Where a disability discrimination claim about an exclusion goes is not settled, so get "
                           "advice quickly: check with your local SENDIASS or IPSEA")
    assert "As a guide only" in text and "Friday 2 April 2027" in text
    assert SETTLED not in text


@pytest.mark.parametrize("texts,against,exclusion", [
    (["the school discriminated against him on 3 october"], "school", False),
    (["the school excluded him from the trip because of his autism, it happened on 2.10.26"], "school", False),
    (["the college wouldn't make reasonable adjustments for her"], "college", False),
    (["his sixth form college treated him unfairly because of his adhd"], "college", False),
    (["his sixth form said no to extra time"], "school", False),
    (["the private nursery refused to take him because of his needs"], "private_nursery", False),
    (["the nursery class at his school won't let him go on the outing"], "school", False),
    (["the nursery won't let him join in"], "nursery", False),
    (["he was suspended for 3 days because of his adhd"], None, True),
    (["she was permanently excluded from school", "when is the last day to claim"], "school", True),
    (["the college discriminated against her", "how long do i have"], "college", False),
    (["he's at school but the college said no"], None, False),  # two bodies in one message: not guessed
])
def test_who_the_claim_is_against_and_whether_it_is_about_an_exclusion(
        texts: list[str], against: str | None, exclusion: bool) -> None:
    assert deadline_request.claim_against(texts) == against
    assert deadline_request.about_exclusion(texts) is exclusion
