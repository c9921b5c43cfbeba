"""The deadline action with real Trackers: answer first, from dates in any message and in any order."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from actions.deadlines import ActionDeadline
from tests.actions.helpers import run, tracker

TODAY = "2026-11-23"  # a Monday


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEND_TODAY", TODAY)


def said(*texts: str, intent: str = "ask_appeal_deadline", slots: dict[str, Any] | None = None
         ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The parent's messages in order; the action runs after the last one."""
    events = [{"event": "user", "text": text} for text in texts]
    messages, returned = run(ActionDeadline(), tracker(texts[-1], intent, slots=slots, events=events))
    return messages, {e["name"]: e["value"] for e in returned if e.get("event") == "slot"}


def test_a_letter_date_in_the_first_message_gets_the_deadline_at_once() -> None:
    messages, slots = said("council refused to assess, letter dated 3/11/26, when do i have to appeal by")
    text = messages[0]["text"]
    assert text.startswith("Your appeal must reach the SEND Tribunal by 5pm on Monday 4 January 2027")
    assert "If you get one, tell me its date: 1 month from the certificate can give you longer" in text
    assert "3 December 2026" not in text  # one date in the reply: the deadline (a second reads as another)
    assert messages[1]["custom"]["ics"]["content"].startswith("BEGIN:VCALENDAR")
    assert slots["letter_date"] == "2026-11-03" and slots["deadline_kind"] == "sen_appeal"


def test_a_certificate_in_the_same_message_is_used_not_asked_for() -> None:
    messages, _ = said("letter dated 1 october 2026 and the mediation certificate was 20 november 2026")
    assert "Monday 21 December 2026" in messages[0]["text"]  # 20 Dec is a Sunday
    assert "tell me its date" not in messages[0]["text"]


def test_a_certificate_date_in_a_later_message_is_used() -> None:
    messages, _ = said("got the letter on 1 oct", "20/11/26", intent="inform_date",
                       slots={"deadline_in_play": "appeal", "letter_date": "2026-10-01"})
    assert "Monday 21 December 2026" in messages[0]["text"]


def test_the_dated_date_beats_the_day_it_arrived() -> None:
    messages, _ = said("i received the letter on 5 nov but it was dated 1 nov")
    assert "dated Sunday 1 November 2026" in messages[0]["text"] and "Monday 4 January 2027" in messages[0]["text"]


def test_no_date_gives_the_rule_then_offers_to_work_it_out() -> None:
    messages, slots = said("how long have i got to appeal")
    assert messages[0]["response"] == "utter_deadline_rule_appeal" and slots["deadline_in_play"] == "appeal"


def test_a_future_date_is_called_out_and_asked_again() -> None:
    messages, _ = said("the letter is dated next friday")
    assert "is in the future" in messages[0]["text"]


def test_a_vague_date_asks_for_the_date_on_the_letter() -> None:
    messages, _ = said("it came about 3 weeks ago")
    assert messages[0]["response"] == "utter_deadline_rule_appeal"
    assert "date is printed on the letter" in messages[1]["text"]


def test_a_passed_deadline_says_so_and_what_can_still_be_done() -> None:
    messages, _ = said("the letter was dated 10 january 2024")
    assert "passed" in messages[0]["text"] and "late appeal" in messages[0]["text"]


def test_a_date_given_earlier_is_remembered() -> None:
    messages, _ = said("the school excluded him from the trip because of his autism, it happened on 2.10.26",
                       "how long do i have to claim", intent="ask_discrimination_deadline")
    assert "1 April 2027" in messages[0]["text"]


def test_discrimination_words_win_over_a_generic_deadline_question() -> None:
    messages, _ = said("the school discriminated against him on 3 october 2026, last day to claim?",
                       intent="ask_appeal_deadline")
    assert "discrimination claim" in messages[0]["text"] and "2 April 2027" in messages[0]["text"]


def test_ehc_timeline() -> None:
    messages, _ = said("we asked for an ehc assessment on 5/1/26", intent="ask_ehc_deadline")
    assert "Monday 16 February 2026" in messages[0]["text"] and "Monday 25 May 2026" in messages[0]["text"]


def test_ehc_rule_without_a_date() -> None:
    messages, _ = said("when should the council decide whether to assess?", intent="ask_ehc_deadline")
    assert messages[0]["response"] == "utter_deadline_rule_ehc"


def test_a_follow_up_uses_the_deadline_the_last_answer_offered() -> None:
    messages, _ = said("what's the deadline for that", intent="ask_deadline",
                       slots={"faq_key": "unhappy/discrimination"})
    assert messages[0]["response"] == "utter_deadline_rule_discrimination"
    messages, _ = said("what's the deadline", intent="ask_deadline", slots={"faq_key": "role/senco"})
    assert messages[0]["response"] == "utter_which_deadline"


def test_last_tuesday_is_read() -> None:
    messages, slots = said("the annual review meeting was last tuesday", intent="ask_review_deadline")
    assert dt.date.fromisoformat(slots["meeting_date"]) == dt.date(2026, 11, 17)
    assert "After the annual review meeting on Tuesday 17 November 2026" in messages[0]["text"]


def test_a_certificate_date_alone_gives_a_deadline_and_says_the_letter_may_give_longer() -> None:
    messages, _ = said("i have a mediation certificate dated 16/11/2026. when must i appeal by?")
    assert "Wednesday 16 December 2026" in messages[0]["text"] and "tell me the letter's date" in messages[0]["text"]


def test_a_certificate_told_first_then_the_letter_uses_both() -> None:
    messages, _ = said("we got the mediation certificate through, its dated 16 nov",
                       "the actual decision letter saying they wont issue a plan after the assessment was 2 october",
                       "so whats my deadline for the tribunal now")
    assert "Wednesday 16 December 2026" in messages[0]["text"]  # the certificate's month ends later than 2 Dec
    assert "assumed you have no mediation certificate" not in messages[0]["text"]


def test_the_day_the_parent_rang_the_mediation_adviser_is_not_the_certificate_date() -> None:
    messages, slots = said("rang the mediation people today, told them we dont want mediation we just want to go "
                           "to tribunal")
    assert "certificate_date" not in slots and "23 December 2026" not in str(messages)


def test_a_day_alone_corrects_the_date_just_given() -> None:
    messages, slots = said("the council wrote saying they want to stop her plan", "letter was dated 2nd nov",
                           "actually sorry it was the 9th", intent="inform_date",
                           slots={"deadline_in_play": "appeal", "letter_date": "2026-11-02"})
    assert "dated Monday 9 November 2026" in messages[0]["text"] and "Monday 11 January 2027" in messages[0]["text"]
    assert slots["letter_date"] == "2026-11-09"


def test_a_refusal_said_earlier_beats_a_later_mention_of_20_weeks() -> None:
    messages, _ = said("got a letter today dated 9th november saying they wont do an ehc plan",
                       "im so angry, 20 weeks of waiting for this", "how long do i have", intent="ask_deadline")
    assert "Your appeal must reach the SEND Tribunal by 5pm on Monday 11 January 2027" in messages[0]["text"]


def test_a_draft_plan_gets_its_15_days() -> None:
    messages, _ = said("got the draft ehcp through the door today how long have i got to send my comments",
                       intent="ask_ehc_deadline")
    assert "Monday 7 December 2026" in messages[0]["text"] and "15 days" in messages[0]["text"]


def test_a_request_date_without_a_year_after_the_rule() -> None:
    messages, _ = said("the 20 week rule, is that from when they get the request?", "ours went in 16/09 so when is it",
                       intent="inform_date")
    assert "Wednesday 3 February 2027" in messages[0]["text"]


def test_is_there_a_time_limit_after_an_answer_that_gives_one_repeats_that_answer() -> None:
    messages, _ = said("is there a time limit", intent="ask_deadline", slots={"faq_key": "service/ombudsman"})
    assert messages[0]["response"] == "utter_service/ombudsman"
    messages, _ = said("is there a time limit", intent="ask_deadline", slots={"faq_key": "service/sendiass"})
    assert messages[0]["response"] == "utter_which_deadline"


def test_when_something_begins_after_an_answer_with_no_deadline_is_that_answer_not_a_list_of_deadlines() -> None:
    """"Transport to sixth form?" then "she starts next september": part of the story, not a deadline."""
    events = [{"event": "user", "text": "does the council have to pay for taxis to sixth form"},
              {"event": "slot", "name": "faq_key", "value": "school/transport_post16"},
              {"event": "bot", "text": "Post-16 transport...",
               "metadata": {"utter_action": "utter_school/transport_post16"}},
              {"event": "user", "text": "he begins there in september 2027"}]
    messages, _ = run(ActionDeadline(), tracker("he begins there in september 2027", "inform_date", events=events))
    assert messages[0]["response"] == "utter_school/transport_post16"
    events[-1] = {"event": "user", "text": "the letter came on 3 november"}  # a date, but nothing begins
    messages, _ = run(ActionDeadline(), tracker("the letter came on 3 november", "inform_date", events=events))
    assert messages[0]["response"] == "utter_which_deadline"


def test_a_final_plan_sent_on_a_date_is_the_appeal_letter_not_an_assessment_request() -> None:
    """"They sent the final plan on ..." is the decision to appeal from, not a request for an assessment; the
    school they have named is the only thing disputed (no mediation certificate needed)."""
    messages, slots = said("the council sent us the final plan on 2nd november, we are unhappy with the school they've"
                           " named, what's the last day", intent="ask_deadline")
    assert "Monday 4 January 2027" in messages[0]["text"]
    assert slots["letter_date"] == "2026-11-02"
    messages, slots = said("we sent the request for an ehc needs assessment on 5 october, when will they decide",
                           intent="ask_deadline")
    assert "request_date" in slots


def test_a_date_still_to_come_on_purpose_is_worked_out_and_said_so() -> None:
    """"What if the letter is dated ...": the parent asks ahead, so a future date is used, not questioned; a
    future date given as the letter's own is still questioned."""
    messages, _ = said("what if the decision letter is dated 10 july 2027, when's the appeal deadline")
    reply = " ".join(m.get("text") or "" for m in messages)
    assert "Friday 10 September 2027" in reply and "still to come" in reply
    messages, _ = said("the decision letter is dated 10 july 2027, when's the appeal deadline")
    assert "in the future" in messages[0]["text"] and "September" not in messages[0]["text"]


def test_only_the_school_disputed_said_in_a_follow_up_needs_no_certificate() -> None:
    messages, _ = said("the final ehcp letter is dated 2/11/2026 and names a special school miles away",
                       "it's just the school we want changed, do we need a certificate?")
    assert "Monday 4 January 2027" in messages[0]["text"]
    assert "you do not need a mediation certificate" in messages[0]["text"]


def test_a_date_without_a_year_asked_ahead_is_the_next_such_day() -> None:
    """"What if the certificate comes on 20 December?": this December, not last year's (a passed deadline)."""
    messages, _ = said("the council's letter refusing to assess is dated 3 november 2026",
                       "what if the mediation certificate comes on 20 december")
    reply = " ".join(m.get("text") or "" for m in messages)
    assert "Wednesday 20 January 2027" in reply and "passed" not in reply


def test_a_date_taken_back_in_the_same_message_is_replaced() -> None:
    messages, slots = said("refusal letter 2/10/2026, certificate dated 10/11/2026, no sorry i mean 12/11/2026")
    assert slots["certificate_date"] == "2026-11-12" and slots["letter_date"] == "2026-10-02"
    assert "Monday 14 December 2026" in messages[0]["text"]  # 12 Dec is a Saturday


def test_a_discrimination_claim_against_a_college_goes_to_the_county_court() -> None:
    messages, slots = said("the college discriminated against my son on 3 october 2026, last day to claim?",
                           intent="ask_discrimination_deadline")
    text = messages[0]["text"]
    assert text.startswith("A disability discrimination claim against a further education college goes to the "
                           "County Court")
    assert "claim to the SEND Tribunal" not in text and "Friday 2 April 2027" in text
    assert len(messages) == 1  # no calendar reminder for a date we could not confirm
    assert slots["deadline_kind"] == "discrimination_claim"


def test_a_discrimination_claim_about_an_exclusion_says_get_advice_first() -> None:
    messages, _ = said("he was excluded from school because of his autism on 3 october 2026, how long to claim?",
                       intent="ask_discrimination_deadline")
    text = messages[0]["text"]
    assert "not settled" in text and "As a guide only" in text and "Friday 2 April 2027" in text
    assert "The last day to make a disability discrimination claim to the SEND Tribunal" not in text
    assert len(messages) == 1


def test_after_the_exclusion_discrimination_answer_a_date_gets_advice_first() -> None:
    messages, _ = said("it happened on 3 october 2026", intent="inform_date",
                       slots={"faq_key": "school/exclusion_discrimination"})
    assert "As a guide only" in messages[0]["text"]
    messages, _ = said("how long do i have?", intent="ask_deadline",
                       slots={"faq_key": "school/exclusion_discrimination"})
    assert messages[0]["response"] == "utter_deadline_rule_discrimination_exclusion"


def test_a_discrimination_claim_against_a_school_is_still_the_tribunal_with_a_reminder() -> None:
    messages, _ = said("the school discriminated against him on 3 october 2026, last day to claim?",
                       intent="ask_discrimination_deadline")
    assert messages[0]["text"].startswith("The last day to make a disability discrimination claim to the SEND "
                                          "Tribunal is Friday 2 April 2027")
    assert messages[1]["custom"]["ics"]["content"].startswith("BEGIN:VCALENDAR")


def test_a_month_long_gone_says_which_dates_passed_and_asked_again_says_what_to_do() -> None:
    told = [{"event": "user", "text": "we requested the ehc assessment back in march"}]
    messages, events = run(ActionDeadline(), tracker("we requested the ehc assessment back in march",
                                                     "ask_ehc_deadline", events=told))
    assert "end of March" in messages[0]["text"] and "Tuesday 18 August 2026" in messages[0]["text"]
    assert {"event": "slot", "timestamp": None, "name": "deadline_passed", "value": True} in events
    again = [*told, {"event": "slot", "name": "deadline_in_play", "value": "ehc"},
             {"event": "bot", "text": messages[0]["text"]},
             {"event": "user", "text": "still nothing, no draft, no plan"}]
    messages, _ = run(ActionDeadline(), tracker("still nothing, no draft, no plan", "ask_ehc_deadline",
                                                slots={"deadline_passed": True, "deadline_in_play": "ehc"},
                                                events=again))
    assert messages[0]["response"] == "utter_unhappy/la_failure"


def test_the_mediation_advisers_day_is_given_and_first_when_asked() -> None:
    """Reg 33's 2 months have no Christmas rule: a letter of 27 October means the adviser by 27 December, though
    the appeal can reach the Tribunal on 4 January."""
    messages, _ = said("final plan letter dated 27 october, we disagree with section B and F", intent="ask_deadline")
    text = messages[0]["text"]
    assert "mediation adviser named in your letter first (by Sunday 27 December 2026 at the latest" in text
    assert "Monday 4 January 2027" in text
    messages, _ = said("final plan letter dated 27 october, we disagree with section B and F",
                       "when do i have to contact the mediation adviser by", intent="ask_deadline")
    first = messages[0]["text"].splitlines()[0]
    assert first.startswith("Contact the mediation adviser") and "Sunday 27 December 2026" in first


def test_no_mediation_advisers_day_when_the_appeal_is_only_about_the_school() -> None:
    messages, _ = said("final plan dated 27 october, we only disagree with the school named in section I",
                       "when do i have to contact the mediation adviser by", intent="ask_deadline")
    assert "Contact the mediation adviser" not in messages[0]["text"]
    assert "in your letter by" not in messages[0]["text"]


def test_a_date_taken_as_last_years_is_said_before_a_deadline_that_has_passed() -> None:
    messages, _ = said("council refused assessment, letter dated 2nd december", intent="ask_appeal_deadline")
    assert "2 December 2025" in messages[0]["text"] and "If you meant another year" in messages[0]["text"]
    assert "Your appeal must reach the SEND Tribunal" in messages[1]["text"]


def test_a_month_said_after_a_phase_transfer_question_is_still_about_the_move() -> None:
    messages, _ = said("my son moves to secondary in september 2027, when should the ehcp name the new school",
                       "its now november and nobody has said anything", intent="ask_deadline")
    assert "15 February 2027" in messages[0]["text"]


def test_a_passed_letter_date_with_the_adviser_contacted_and_no_certificate_yet_is_not_too_late() -> None:
    """Tried by a newcomer: "letter on 1 september ... emailed the mediation people on 28 october, they havent sent a
    certificate yet" had been told the deadline passed 21 days ago; the month from the certificate is still theirs
    (here in other words)."""
    messages, _ = said("decision letter dated 2 september 2026 refusing to assess. i rang the mediation adviser on 25 "
                       "october and im still waiting for the certificate. have i missed the deadline?")
    text = messages[0]["text"]
    assert text.startswith("You said you have contacted the mediation adviser. If you did that by Monday 2 November 2026")
    assert "1 month from the date on the mediation certificate" in text and "3 working days" in text
    assert "passed 2" not in text  # not "That date passed 21 days ago" as the headline
    messages, _ = said("decision letter dated 2 september 2026 refusing to assess, have i missed the deadline?")
    assert "That date passed" in messages[0]["text"]  # without the adviser contacted: passed, and what can be done


def test_a_year_put_right_in_the_next_message_is_used() -> None:
    """b58: "letter dated 20/12/26" (still to come) ... "sorry i meant 2025": the deadline from 20 December 2025, long
    passed (here in other words)."""
    messages, _ = said("the council refused to assess, decision letter 14/11/27", "oops i meant 2025",
                       intent="inform_date")
    text = messages[0]["text"]
    assert "Wednesday 14 January 2026" in text and "passed" in text


def test_the_request_date_is_counted_from_not_the_councils_reply_after_it() -> None:
    """b59: "request for assessment went in on 21 September 2026" ... "they wrote on 2/11/26 saying they'll assess" ...
    "when's the latest the plan should be finished?" had counted from 2 November (here in other words)."""
    messages, _ = said("we sent the request for an ehc needs assessment on 14 september 2026",
                       "the la emailed on 26/10/26 to say yes they will assess", "so when should the final plan come",
                       intent="ask_ehc_deadline")
    assert "Monday 1 February 2027" in messages[0]["text"]  # 20 weeks from 14 September


def test_the_councils_reply_dated_after_the_request_does_not_replace_the_request_date() -> None:
    """b59, the same told one message at a time: the reply's date, given after the request's, is not the request."""
    messages, _ = said("we sent the request for an ehc needs assessment on 14 september 2026",
                       "the la emailed on 26/10/26 to say yes they will assess", intent="ask_ehc_deadline")
    assert "Monday 1 February 2027" in messages[0]["text"]
