"""Table-driven tests of every deadline rule and boundary (law-and-services.md §1, §2, §4, §10)."""

from __future__ import annotations

import datetime as dt

import pytest
from govuk_bank_holidays.bank_holidays import BankHolidays

from bot.domain import deadlines as dl

D = dt.date

# (decision letter, mediation certificate or None, expected last day, why)
SEN_APPEAL = [
    (D(2026, 3, 14), None, D(2026, 5, 14), "plain 2 months, a Thursday"),
    (D(2026, 1, 15), None, D(2026, 3, 16), "15 March 2026 is a Sunday -> Monday"),
    (D(2026, 1, 14), None, D(2026, 3, 16), "14 March 2026 is a Saturday -> Monday"),
    (D(2026, 2, 3), None, D(2026, 4, 7), "3 April 2026 is Good Friday, 6 April Easter Monday -> Tuesday 7"),
    (D(2026, 2, 6), None, D(2026, 4, 7), "6 April 2026 is Easter Monday -> Tuesday 7"),
    (D(2027, 1, 26), None, D(2027, 3, 30), "26 March 2027 Good Friday -> Tue 30 (Easter Monday 29)"),
    (D(2026, 3, 4), None, D(2026, 5, 5), "4 May 2026 early May bank holiday -> Tuesday"),
    (D(2026, 3, 25), None, D(2026, 5, 26), "25 May 2026 spring bank holiday -> Tuesday"),
    (D(2027, 3, 31), None, D(2027, 6, 1), "31 May 2027 bank holiday (clamped from 31 May) -> 1 June"),
    (D(2026, 6, 1), None, D(2026, 9, 1), "1 August -> first working day after 31 Aug (31 Aug bank holiday) = 1 Sep"),
    (D(2026, 6, 30), None, D(2026, 9, 1), "30 August is in August"),
    (D(2026, 6, 15), None, D(2026, 9, 1), "15 August 2026"),
    (D(2027, 6, 10), None, D(2027, 9, 1), "August 2027: 31 Aug 2027 is a Tuesday -> Wed 1 Sep"),
    (D(2026, 7, 1), None, D(2026, 9, 1), "1 September 2026 is a Tuesday (no move)"),
    (D(2026, 5, 31), None, D(2026, 7, 31), "31 July stays (not August)"),
    (D(2026, 10, 25), None, D(2027, 1, 4), "25 December -> first working day after 1 Jan 2027 (Mon 4)"),
    (D(2026, 10, 26), None, D(2027, 1, 4), "26 December (Boxing Day) in the Christmas window"),
    (D(2026, 10, 28), None, D(2027, 1, 4), "28 December (substitute Boxing Day) in the window"),
    (D(2026, 10, 31), None, D(2027, 1, 4), "31 December in the window"),
    (D(2026, 11, 1), None, D(2027, 1, 4), "1 January in the window"),
    (D(2026, 11, 2), None, D(2027, 1, 4), "2 January 2027 is a Saturday -> Monday 4"),
    (D(2026, 10, 24), None, D(2026, 12, 24), "24 December is outside the window, a Thursday"),
    (D(2027, 10, 30), None, D(2028, 1, 4), "30 Dec 2027 -> first working day after 1 Jan 2028: 3 Jan is a substitute holiday -> 4"),
    (D(2027, 11, 3), None, D(2028, 1, 4), "3 January 2028 substitute New Year -> 4th"),
    (D(2025, 12, 31), None, D(2026, 3, 2), "31 Dec + 2 months = 28 Feb 2026 (Saturday) -> Monday 2 March"),
    (D(2027, 12, 31), None, D(2028, 2, 29), "leap year: 29 February 2028, a Tuesday"),
    (D(2027, 12, 30), None, D(2028, 2, 29), "30 Dec -> 29 Feb 2028 (clamped)"),
    (D(2026, 12, 29), None, D(2027, 3, 1), "29 Dec 2026 + 2 = 28 Feb 2027 (Sunday) -> Monday 1 March"),
    (D(2026, 4, 30), None, D(2026, 6, 30), "30 June"),
    # With a mediation certificate: whichever is later
    (D(2026, 10, 1), D(2026, 11, 29), D(2027, 1, 4), "IPSEA example: 29 Dec from the certificate, Christmas rule -> 4 Jan"),
    (D(2026, 3, 2), D(2026, 3, 20), D(2026, 5, 5), "letter gives 2 May (Saturday), later than 20 April; Mon 4 May bank holiday -> 5 May"),
    (D(2026, 3, 2), D(2026, 4, 10), D(2026, 5, 11), "certificate gives 10 May (Sunday) -> 11 May"),
    (D(2026, 5, 1), D(2026, 7, 20), D(2026, 9, 1), "certificate gives 20 August -> 1 September"),
    (D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), "letter: 31 March; certificate: 28 March (Sat); later is 31 March"),
    (D(2026, 1, 31), D(2026, 3, 31), D(2026, 4, 30), "certificate 31 March + 1 month = 30 April (clamped)"),
    (D(2026, 7, 15), D(2026, 9, 1), D(2026, 10, 1), "letter would be 15 Sep; certificate 1 Oct is later"),
]


@pytest.mark.parametrize("letter,certificate,expected,why", SEN_APPEAL)
def test_sen_appeal_deadline(letter: dt.date, certificate: dt.date | None, expected: dt.date, why: str) -> None:
    result = dl.sen_appeal(letter, certificate)
    assert result.date == expected, f"{why}: got {result.date}; rules: {result.rules}"
    assert result.by_time == "5pm"
    assert result.rules and result.sources


# (date of the conduct, last day to claim, why)
DISCRIMINATION = [
    (D(2026, 3, 15), D(2026, 9, 14), "6 months starting with 15 March ends 14 September"),
    (D(2026, 1, 1), D(2026, 6, 30), "starting 1 January ends 30 June"),
    (D(2026, 2, 28), D(2026, 8, 27), "no August rule for discrimination claims"),
    (D(2026, 6, 26), D(2026, 12, 25), "no Christmas rule: 25 December stays"),
    (D(2026, 8, 31), D(2027, 2, 28), "no 31 February: the period ends on the last day of February"),
    (D(2027, 8, 31), D(2028, 2, 29), "leap year"),
    (D(2026, 5, 17), D(2026, 11, 16), "a Monday"),
    (D(2026, 5, 15), D(2026, 11, 14), "a Saturday: not moved"),
]


@pytest.mark.parametrize("conduct,expected,why", DISCRIMINATION)
def test_discrimination_claim_deadline(conduct: dt.date, expected: dt.date, why: str) -> None:
    result = dl.discrimination_claim(conduct)
    assert result.date == expected, why
    assert result.by_time is None


# (request date, decision to assess, decision not to issue, final plan)
EHC = [
    (D(2026, 1, 5), D(2026, 2, 16), D(2026, 4, 27), D(2026, 5, 25)),
    (D(2026, 9, 1), D(2026, 10, 13), D(2026, 12, 22), D(2027, 1, 19)),
    (D(2028, 2, 1), D(2028, 3, 14), D(2028, 5, 23), D(2028, 6, 20)),
    (D(2026, 11, 22), D(2027, 1, 3), D(2027, 3, 14), D(2027, 4, 11)),
]


@pytest.mark.parametrize("request_date,assess,not_issue,final", EHC)
def test_ehc_assessment_timeline(request_date: dt.date, assess: dt.date, not_issue: dt.date, final: dt.date) -> None:
    items = dl.ehc_assessment(request_date).items
    assert [i.date for i in items] == [assess, not_issue, final]
    assert [i.kind for i in items] == ["ehc_decision_to_assess", "ehc_decision_not_to_issue", "ehc_final_plan"]


@pytest.mark.parametrize("sent,last", [
    (D(2026, 3, 2), D(2026, 3, 16)), (D(2026, 12, 20), D(2027, 1, 3)), (D(2028, 2, 20), D(2028, 3, 5)),
])
def test_draft_plan_has_15_days_starting_with_the_day_it_was_sent(sent: dt.date, last: dt.date) -> None:
    assert dl.draft_plan_comments(sent).date == last


@pytest.mark.parametrize("meeting,changes,decision,final", [
    (D(2026, 3, 2), None, D(2026, 3, 30), D(2026, 5, 25)),
    (D(2026, 3, 2), D(2026, 3, 20), D(2026, 3, 30), D(2026, 5, 15)),
    (D(2026, 12, 1), None, D(2026, 12, 29), D(2027, 2, 23)),
])
def test_annual_review(meeting: dt.date, changes: dt.date | None, decision: dt.date, final: dt.date) -> None:
    items = dl.annual_review(meeting, changes).items
    assert [i.date for i in items][:2] == [decision, final]
    assert items[2].date == meeting.replace(year=meeting.year + 1)  # the next review, 12 months on


@pytest.mark.parametrize("year,post16,last", [
    (2027, False, D(2027, 2, 14)), (2027, True, D(2027, 3, 30)), (2028, False, D(2028, 2, 14)),
])
def test_phase_transfer(year: int, post16: bool, last: dt.date) -> None:
    assert dl.phase_transfer(year, post16).date == last


@pytest.mark.parametrize("problem,last", [
    (D(2026, 3, 14), D(2027, 3, 14)), (D(2028, 2, 29), D(2029, 2, 28)),
])
def test_ombudsman_12_months(problem: dt.date, last: dt.date) -> None:
    assert dl.ombudsman(problem).date == last


def test_mediation_adviser_is_two_months_without_rule_12() -> None:
    assert dl.mediation_adviser(D(2026, 6, 15)).date == D(2026, 8, 15)


@pytest.mark.parametrize("day,months,expected,clamped", [
    (D(2026, 1, 31), 1, D(2026, 2, 28), True), (D(2028, 1, 31), 1, D(2028, 2, 29), True),
    (D(2026, 3, 31), 1, D(2026, 4, 30), True), (D(2026, 11, 30), 2, D(2027, 1, 30), False),
    (D(2026, 12, 15), 1, D(2027, 1, 15), False), (D(2026, 8, 31), 6, D(2027, 2, 28), True),
])
def test_month_arithmetic_clamps_to_month_end(day: dt.date, months: int, expected: dt.date, clamped: bool) -> None:
    assert dl.add_months(day, months) == (expected, clamped)


def test_bank_holidays_agree_with_the_official_gov_uk_list() -> None:
    official = BankHolidays(use_cached_holidays=True)
    for year in range(2024, 2029):
        gov = {h["date"] for h in official.get_holidays(division=BankHolidays.ENGLAND_AND_WALES, year=year)}
        # holidays also lists a Boxing Day that falls on a Saturday; only weekdays matter here.
        ours = {d for d in dl._bank_holidays(year) if d.weekday() < 5}
        assert gov == ours, f"{year}: gov.uk {sorted(gov ^ ours)}"


def test_a_clamped_month_end_is_explained() -> None:
    result = dl.sen_appeal(D(2025, 12, 31))
    assert any("earlier possible date" in rule for rule in result.rules)


def test_the_christmas_rule_is_explained() -> None:
    result = dl.sen_appeal(D(2026, 10, 26))
    assert any("25 December and 1 January" in rule for rule in result.rules)


def test_a_move_between_phases_with_its_year_gets_the_date_the_plan_must_name_the_new_school() -> None:
    from bot.domain.deadline_request import phase_transfer_request
    from bot.domain.deadline_text import phase_transfer_reply

    today = dt.date(2026, 11, 23)
    secondary = phase_transfer_request("starts secondary sept 2027, when must his plan name the school?", today)
    assert secondary is not None and (secondary.year, secondary.post16) == (2027, False)
    reply = phase_transfer_reply(dl.phase_transfer(2027), today, 2027)
    assert "before Monday 15 February 2027" in reply and "83 days" in reply
    college = phase_transfer_request("she goes to college next september, when should her ehcp be updated", today)
    assert college is not None and (college.year, college.post16) == (2027, True)
    assert "31 March 2027" in phase_transfer_reply(dl.phase_transfer(2027, True), today, 2027)
    # no year, no question of when, or a question about another deadline: not this
    assert phase_transfer_request("when does he start secondary", today) is None
    assert phase_transfer_request("he starts secondary in 2027, is the school good", today) is None
    assert phase_transfer_request("starts college in 2027, when can i appeal the refusal?", today) is None
    # transport to the new place is its own question
    assert phase_transfer_request("she gets the council taxi now, will that carry on when she goes into sixth "
                                  "form in september?", today) is None
    # a year group is not "this year": "in year 13" names no move
    assert phase_transfer_request("does her plan end when she's 19? she's in year 13 at a sixth form", today) is None
    # "start to finish" is the length of the process, not a start at a new school
    assert phase_transfer_request("the council began assessing her in september, how long does it take from start "
                                  "to finish", today) is None
    leaving = phase_transfer_request("he's leaving his college for a specialist college in april 2027, by when must "
                                     "the plan change?", today)
    assert leaving is not None and (leaving.year, leaving.post16, leaving.month) == (2027, True, 4)
    in_year_11 = phase_transfer_request("she's in year 11, when must they name her college?", today)
    assert in_year_11 is not None and (in_year_11.year, in_year_11.post16) == (2027, True)
    asked = ["ds is in year 6, when must the council confirm his secondary school in the plan"]
    later = phase_transfer_request("he starts year 7 in september 2027", today, asked)
    assert later is not None and later.year == 2027
    assert phase_transfer_request("he starts year 7 in september 2027", today, ["what is an ehcp"]) is None
    # "the cut off for the new school to be put in his plan": the plan's date, not an appeal's or a request's
    cut_off = phase_transfer_request("whats the cut off for her new school to go in the ehcp", today,
                                     ["she moves up to high school in 2027"])
    assert cut_off is not None and cut_off.year == 2027
    named = phase_transfer_request("when's the cut off for the secondary to be put in the plan", today,
                                   ["he goes to secondary next september"])
    assert named is not None and named.year == 2027


def test_a_move_between_colleges_during_the_year_is_at_least_5_months_before_it() -> None:
    from bot.domain.deadline_request import phase_transfer_request
    from bot.domain.deadline_text import phase_transfer_reply

    today = dt.date(2026, 11, 23)
    moving = phase_transfer_request("he's switching college in april 2027, by when must the plan be changed", today)
    assert moving is not None and (moving.year, moving.month, moving.post16) == (2027, 4, True)
    typed = phase_transfer_request("hes moving collage in march 2027 from one college to another, when", today)
    assert typed is not None and typed.month == 3
    due = dl.post16_move(dt.date(2027, 4, 1))
    assert due.date == dt.date(2026, 11, 1)
    reply = phase_transfer_reply(due, today, 2027, 4)
    assert "at least 5 months before the move" in reply and "Sunday 1 November 2026" in reply
    assert "ask the council's SEND team in writing now" in reply  # already passed
    # from school to college in September: the 31 March rule, not this one
    september = phase_transfer_request("moving from school to college in september 2027, when is the deadline", today)
    assert september is not None and september.month == 9


def test_proposed_changes_after_a_review_give_the_final_amended_plan_date() -> None:
    from bot.domain.deadline_text import draft_reply

    sent = dt.date(2026, 10, 12)
    final = dl.amended_plan_due(sent)
    assert final.date == dt.date(2026, 12, 7)  # 8 weeks from the proposed changes
    reply = draft_reply(dl.draft_plan_comments(sent), dt.date(2026, 11, 23), final)
    assert "final amended plan is due by Monday 7 December 2026" in reply
    assert "final amended plan" not in draft_reply(dl.draft_plan_comments(sent), dt.date(2026, 11, 23))


def test_every_answer_that_offers_to_work_out_a_deadline_says_which() -> None:
    """"Tell me the date on the letter and I will work out the deadline": the date the parent then gives must
    start that calculation (a missing entry repeated the same answer instead)."""
    import re

    from bot.domain import knowledge

    answers = knowledge.get().answers
    offers = {key for key, answer in answers.items()
              if re.search(r"tell me the date[^.]*work out", answer.text + (answer.more or ""), re.I)}
    assert offers and not [key for key in offers if not answers[key].deadline]


def test_six_months_with_the_tribunal_is_the_discrimination_claim_and_its_pause_question() -> None:
    from bot.domain.deadline_request import PAUSE_ASKED, kind_from_text

    asked = "does the 6 months for the tribunal wait until the school complaint is over?"
    assert kind_from_text(asked) == "discrimination" and PAUSE_ASKED.search(asked)
    assert kind_from_text("how long to appeal to the tribunal") != "discrimination"
    assert PAUSE_ASKED.search("will the clock wait for the complaint to finish")
    assert not PAUSE_ASKED.search("the complaint took 6 months")


def test_only_the_school_after_saying_the_other_parts_are_fine() -> None:
    """"Actually no, the needs and provision parts are fine now, it's only the school they named": no
    mediation certificate is needed; parts said to be fine are not disputed."""
    from bot.domain.deadline_request import school_only

    assert school_only(["appeal the whole plan", "actually no, needs and provision are fine, only the school named"])
    assert school_only(["section F is ok but they named the wrong school"])
    assert not school_only(["the needs section is wrong and they named the wrong school"])


def test_the_wrong_letter_corrected_in_a_later_message_replaces_the_letter_date() -> None:
    """"I've got the wrong letter in front of me, the cease one is dated 16 october": the letter's date, not a
    mediation certificate's (it had been read as a certificate because it came after the letter date)."""
    from bot.domain.deadline_request import gather

    said = ["they're ceasing her plan, letter dated 2/10", "when do i have to appeal by",
            "sorry wrong one, the ceasing letter is dated 12 october"]
    found = gather("appeal", said, {"letter_date": dt.date(2026, 10, 2)}, dt.date(2026, 11, 23))
    assert found.dates == {"letter_date": dt.date(2026, 10, 12)}
    misread = gather("appeal", ["refusal letter dated 3 november", "deadline?", "oh i read it wrong, its the 10th nov "
                                "not the 3rd"], {"letter_date": dt.date(2026, 11, 3)}, dt.date(2026, 11, 23))
    assert misread.dates == {"letter_date": dt.date(2026, 11, 10)}
    said_wrong = gather("appeal", ["council amended the plan, letter date is 5 october", "excuse me i read wrong, it is "
                                   "15 october"], {"letter_date": dt.date(2026, 10, 5)}, dt.date(2026, 11, 23))
    assert said_wrong.dates == {"letter_date": dt.date(2026, 10, 15)}
    # the month corrected: "no sorry, it's dated 12 nov not oct" (it had been taken for a certificate's date)
    month = gather("appeal", ["letter refusing to assess dated 12 oct, when is my deadline", "no sorry its dated 12 "
                              "november not october"], {"letter_date": dt.date(2026, 10, 12)}, dt.date(2026, 11, 23))
    assert month.dates == {"letter_date": dt.date(2026, 11, 12)}
    # a certificate that came later is still a certificate
    later = gather("appeal", ["letter refusing to assess dated 12 oct", "got the mediation certificate, its dated 12 "
                              "november"], {"letter_date": dt.date(2026, 10, 12)}, dt.date(2026, 11, 23))
    assert later.dates == {"letter_date": dt.date(2026, 10, 12), "certificate_date": dt.date(2026, 11, 12)}
    # a later date taken back at the start of the next message: "no wait it was 29/10" (had been a certificate)
    for taken_back in ("no wait it was 29/10", "sorry it was 29/10", "sorry its 29 october", "actually it was 29/10"):
        redone = gather("appeal", ["council refused to assess, decision letter dated 29/09", taken_back],
                        {"letter_date": dt.date(2026, 9, 29)}, dt.date(2026, 11, 23))
        assert redone.dates == {"letter_date": dt.date(2026, 10, 29)}, taken_back


def test_when_must_they_legally_answer_after_a_dated_request_is_the_deadline_question() -> None:
    from bot.domain.deadline_request import ASKED_AGAIN

    assert ASKED_AGAIN.search("haven't heard a thing. when do they legally have to tell us yes or no")
    assert ASKED_AGAIN.search("not heard a word since")
    assert not ASKED_AGAIN.search("when do they do the assessment visits")


def test_a_letter_said_to_be_still_to_come_is_the_next_such_day() -> None:
    """"The decision letter would go out on 15th January": next January, not the one that has passed (the
    deadline had been given as long gone)."""
    from bot.domain.deadline_request import gather

    today = dt.date(2026, 11, 23)
    ahead = gather("appeal", ["they said the ceasing letter will be sent on 12 february, when would i appeal by"], {},
                   today)
    assert ahead.dates == {"letter_date": dt.date(2027, 2, 12)}
    panel = gather("appeal", ["the council panel meets on 16th december and they said the decision letter will be "
                              "dated that same day", "if its a no, when would my appeal deadline be"], {}, today)
    assert panel.dates == {"letter_date": dt.date(2026, 12, 16)}
    # a date supposed but not said to be still to come keeps its past reading
    assert gather("appeal", ["if the letter was dated 3 november when is the deadline"], {}, today).dates == \
        {"letter_date": dt.date(2026, 11, 3)}


def test_an_amended_plan_or_a_plan_to_be_stopped_is_an_appeal() -> None:
    from bot.domain.deadline_request import kind_from_text

    assert kind_from_text("the amended ehcp came on 2/11 and section f is still vague, when do we appeal by") == \
        "appeal"
    assert kind_from_text("the council wrote on 4 november saying they will end her plan, how long have we got") == \
        "appeal"
    # after the annual review, the final amended plan itself: its appeal, not the review's timeline
    from bot.domain.deadline_request import kind_in_conversation
    assert kind_in_conversation(["after her annual review they issued the amended plan and cut the 1:1 hours",
                                 "it was dated 2nd november, how long to challenge"]) == "appeal"
    assert kind_in_conversation(["the final ehcp eventually arrived, they named a school we never picked",
                                 "letter dated 5th nov, when is my deadline"]) == "appeal"
    assert kind_in_conversation(["annual review was on 3 november", "when will we get the amended plan"]) == "review"


def test_a_child_kept_off_a_trip_is_a_discrimination_question_and_amend_is_not_end() -> None:
    from bot.domain.deadline_request import kind_from_text

    assert kind_from_text("they barred her from the year 6 trip on 3 october because of her epilepsy, too late?") == \
        "discrimination"
    assert kind_from_text("at the review on 2 june they said they would amend her plan, how long do they have") != \
        "appeal"


def test_dates_with_dots_a_day_after_a_month_a_booked_meeting_and_a_story_date_after_the_letter() -> None:
    from bot.domain.deadline_request import gather

    today = dt.date(2026, 11, 23)
    assert gather("appeal", ["they wrote on 28.9 to say no to the assessment, is it too late"], {}, today).dates == \
        {"letter_date": dt.date(2026, 9, 28)}
    assert gather("appeal", ["the refusal came early in october", "found it, its dated the 2nd"], {}, today).dates == \
        {"letter_date": dt.date(2026, 10, 2)}
    assert gather("review", ["his review meeting is booked for 14th december", "when will they decide"], {},
                  today).dates == {"meeting_date": dt.date(2026, 12, 14)}
    story = gather("appeal", ["refused to assess, letter dated 3 july", "we were away all august, can we still appeal"],
                   {}, today)
    assert story.dates == {"letter_date": dt.date(2026, 7, 3)} and story.problem is None


def test_a_misspelt_refusal_to_assess_is_still_an_appeal() -> None:
    from bot.domain.deadline_request import kind_from_text

    assert kind_from_text("letter dated 2.11 says they wont asess him, how long do i have") == "appeal"
    assert kind_from_text("they decided not to asses her, letter was 4/11") == "appeal"


def test_a_certificate_after_an_annual_review_makes_it_an_appeal() -> None:
    from bot.domain.deadline_request import kind_in_conversation

    assert kind_in_conversation(["after the annual review they decided not to amend her plan",
                                 "mediation cert is dated 3rd nov, when is my deadline"]) == "appeal"
    assert kind_in_conversation(["the annual review meeting was on 3rd november, when do we hear"]) == "review"


def test_a_meeting_still_to_come_is_not_a_date_to_count_from() -> None:
    from bot.domain.deadline_request import kind_dated_earlier

    assert kind_dated_earlier(["the annual review meeting is on friday and no reports yet"]) is None
    assert kind_dated_earlier(["the annual review was on 3rd november"]) == "review"


def test_a_day_alone_after_this_month_or_last_month_is_that_months_day() -> None:
    import datetime as dt

    from bot.domain.deadline_request import month_said_before

    today = dt.date(2026, 11, 23)
    assert month_said_before(["got a letter from the council this month refusing the plan"], today) == 11
    assert month_said_before(["it came last month"], dt.date(2027, 1, 5)) == 12
    assert month_said_before(["it came last month"]) is None  # without today: no month


def test_a_month_alone_that_has_long_gone_says_which_dates_have_passed() -> None:
    from bot.domain.deadline_request import ASKED_AGAIN, latest_in_month_said
    from bot.domain.deadline_text import EHC_PASSED, REVIEW_PASSED, month_only_reply

    today = D(2026, 11, 23)
    march = latest_in_month_said(["we asked for an ehc assessment back in march and still nothing"], today)
    assert march == D(2026, 3, 31)
    reply = month_only_reply(dl.ehc_assessment(march), today, "the request", EHC_PASSED)
    assert reply and "end of March" in reply and "Tuesday 18 August 2026" in reply and "passed" in reply
    assert "Ombudsman" in reply and "exact date" in reply
    june = latest_in_month_said(["the annual review was in june", "its been months"], today)
    assert june == D(2026, 6, 30)
    review = month_only_reply(dl.annual_review(june), today, "the review meeting", REVIEW_PASSED)
    assert review and "Tuesday 28 July 2026" in review and "complaints" in review
    # a month later in the year is last year's; this month, or a month with nothing passed yet, is asked about
    assert latest_in_month_said(["the review was in december"], today) == D(2025, 12, 31)
    assert latest_in_month_said(["we applied earlier this month"], today) is None
    assert latest_in_month_said(["we applied in november"], today) is None
    assert latest_in_month_said(["applied in march. its the end of november now"], today) == D(2026, 3, 31)
    # the latest month named; not a month that is only a point of comparison ("nearly december")
    assert latest_in_month_said(["we asked back in april", "they said yes in june but its nearly december"],
                                today) == D(2026, 6, 30)
    assert month_only_reply(dl.ehc_assessment(D(2026, 10, 31)), today, "the request", EHC_PASSED) is None
    for asked in ("can i still appeal that", "could we still appeal?", "am i still able to appeal"):
        assert ASKED_AGAIN.search(asked), asked


def test_an_amended_plan_not_yet_had_is_still_the_reviews_timeline() -> None:
    from bot.domain.deadline_request import kind_in_conversation

    assert kind_in_conversation(["the review meeting was 2nd july", "we still have not had the amended plan"]) == \
        "review"
    assert kind_in_conversation(["the review meeting was 2nd july", "they never sent the amended plan"]) == "review"


def test_asking_again_when_the_council_must_reply_and_a_trip_refused_is_discrimination() -> None:
    from bot.domain.deadline_request import ASKED_AGAIN, kind_in_conversation

    for text in ("how long have they got to decide", "and when should we get the final plan then",
                 "how long has the council got"):
        assert ASKED_AGAIN.search(text), text
    assert kind_in_conversation(["the school told us he can't go on the year 5 trip because of his wheelchair",
                                 "that was 6 weeks ago today", "how long do i have"]) == "discrimination"
    # weeks ago are when something happened, not the EHC clock's 6 weeks
    assert kind_in_conversation(["he was put on a reduced timetable 6 weeks ago"]) is None


def test_a_day_corrected_in_the_message_after_the_date_and_a_refusal_to_amend_is_an_appeal() -> None:
    from bot.domain.deadline_request import gather, kind_in_conversation

    today = dt.date(2026, 11, 23)
    texts = ["council wont assess, the letter says 2nd november", "oh wait its the 12th not the 2nd, sorry",
             "when is my deadline"]
    assert gather("appeal", texts, {}, today).dates == {"letter_date": dt.date(2026, 11, 12)}
    assert kind_in_conversation(["after her review the la wrote that they're not going to update her plan, "
                                 "dated 10 nov, how long do i have"]) == "appeal"


def test_a_misspelt_certificate_is_still_one_and_a_letter_that_came_says_which_date_counts() -> None:
    from bot.domain.deadline_request import ARRIVED_NOTE, gather

    today = dt.date(2026, 11, 23)
    typed = gather("appeal", ["mediaton certifcate dated 3rd nov, letter dated 1st sept, when must i appeal"], {},
                   today)
    assert typed.dates == {"certificate_date": dt.date(2026, 11, 3), "letter_date": dt.date(2026, 9, 1)}
    came = gather("appeal", ["they refused to assess, the letter arrived on the 4th of this month"], {}, today)
    assert came.dates == {"letter_date": dt.date(2026, 11, 4)} and ARRIVED_NOTE in came.note
    dated = gather("appeal", ["they refused to assess, the letter is dated 4 november"], {}, today)
    assert ARRIVED_NOTE not in dated.note
    got = gather("appeal", ["got the refusal letter yesterday"], {}, today)
    assert got.dates == {"letter_date": dt.date(2026, 11, 22)} and ARRIVED_NOTE in got.note


def test_a_year_less_certificate_date_still_to_come_is_said_to_be_ahead_not_before_the_letter() -> None:
    from bot.domain.deadline_request import gather

    today = dt.date(2026, 11, 23)
    ahead = gather("appeal", ["letter dated 2 oct 2026", "the mediation certificate is dated 28 november"], {}, today)
    assert ahead.problem is not None and ahead.problem.status == "future" and "28 November 2026" in ahead.problem.message
    before = gather("appeal", ["letter dated 2 oct 2026", "the certificate is dated 1 june 2026"], {}, today)
    assert before.problem is not None and before.problem.status == "impossible"


def test_a_refusal_to_amend_misspelt_is_still_an_appeal() -> None:
    from bot.domain.deadline_request import kind_from_text

    assert kind_from_text("the la wont ammend her plan, letter dated 9th nov, how long") == "appeal"


def test_when_to_get_the_appeal_in_by_is_a_deadline_question() -> None:
    from bot.domain.deadline_request import DEADLINE_CUE

    for asked in ("when do i have to get the appeal in by", "when must we send it in by", "appeal in by when?"):
        assert DEADLINE_CUE.search(asked), asked


def test_a_month_the_plan_was_due_is_not_when_it_was_asked_for() -> None:
    """"Our EHC plan was due in August and we still haven't got it": the plan is late, not counted from August."""
    from bot.domain.deadline_request import ASKED_AGAIN, latest_in_month_said

    today = dt.date(2026, 11, 23)
    assert latest_in_month_said(["the final plan was supposed to come in september, still nothing"], today) is None
    assert latest_in_month_said(["we asked in september, still nothing"], today) == dt.date(2026, 9, 30)
    for text in ("they havent replied at all", "the council has not even responded", "no reply yet"):
        assert ASKED_AGAIN.search(text), text


def test_when_were_they_meant_to_reply_is_the_deadline_question() -> None:
    from bot.domain.deadline_request import ASKED_AGAIN

    for text in ("when were they meant to get back to us by", "when was the council supposed to decide?"):
        assert ASKED_AGAIN.search(text), text


def test_a_discrimination_said_by_month_only_whose_time_limit_has_passed_says_so() -> None:
    """"They left her out of sports day in march this year, can I still claim?": even from 31 March the usual time
    limit has passed (the claim's rule alone would not tell them)."""
    from bot.domain.deadline_text import late_from_month

    reply = late_from_month("discrimination", dt.date(2026, 3, 31), dt.date(2026, 11, 23))
    assert reply and "Wednesday 30 September 2026" in reply and "passed" in reply and "late claim" in reply
    assert late_from_month("discrimination", dt.date(2026, 10, 31), dt.date(2026, 11, 23)) is None  # not yet


def test_a_date_still_to_come_beside_a_good_one_is_asked_about_not_dropped() -> None:
    """"Certificate came 2 Dec 26, the letter was 10 sept 26": counting from the letter alone had said the deadline
    passed 13 days ago; 2 December is still to come, so it is asked about, and the answer given next is used."""
    from bot.domain.deadline_request import gather

    today = dt.date(2026, 11, 23)
    first = "mediation certificate came 2 Dec 26, the decision letter was 10 sept 26. deadline?"
    found = gather("appeal", [first], {}, today)
    assert found.problem is not None and found.problem.status == "future"
    assert "certificate" in found.problem.message and "2 December 2026" in found.problem.message
    for answer in ("sorry 2 nov", "sorry it was 2 nov", "no wait its 2/11/26"):
        fixed = gather("appeal", [first, answer], {}, today)
        assert fixed.dates == {"letter_date": dt.date(2026, 9, 10), "certificate_date": dt.date(2026, 11, 2)}, answer


def test_a_guessed_deadline_beside_both_dates_is_not_taken_for_a_mistyped_one() -> None:
    """Letter and certificate both dated, then "so 10th dec??": someone's guess at the deadline, not a date to ask
    about (it had been asked about, and no deadline given)."""
    from bot.domain.deadline_request import gather

    today = dt.date(2026, 11, 23)
    said = ("LA said no to assessment (letter 16/10/26), they sent the certificate dated 10/11/26. the SENCO thinks i "
            "have a month from the certificate so 10th dec?? which is it")
    found = gather("appeal", [said], {}, today)
    assert found.problem is None
    assert found.dates == {"letter_date": dt.date(2026, 10, 16), "certificate_date": dt.date(2026, 11, 10)}


def test_a_certificate_said_short_is_an_appeal() -> None:
    from bot.domain.deadline_request import kind_from_text

    assert kind_from_text("cert came 4 dec, letter was 1 oct") == "appeal"


def test_a_letter_date_said_to_be_wrong_is_replaced_not_taken_for_a_certificate() -> None:
    """"sorry thats wrong, it was the 15th of october" and "no, 15 october" had become a mediation certificate's
    date, and the deadline was said to have passed."""
    from bot.domain.deadline_request import gather

    today = dt.date(2026, 11, 23)
    for correction in ("sorry thats wrong, it was the 15th of october", "no, 15 october", "that date is wrong, its 15/10/26"):
        found = gather("appeal", ["appeal deadline please, letter dated 15 september", correction], {}, today)
        assert found.dates == {"letter_date": dt.date(2026, 10, 15)}, correction


def test_a_plan_ended_told_with_a_word_between_is_an_appeal() -> None:
    """"council are stopping my sons ehcp ... letter dated 2nd nov, deadline?": the appeal against ending it."""
    from bot.domain.deadline_request import kind_in_conversation
    assert kind_in_conversation(["council are stopping my sons ehcp, he doesnt need it they say",
                                 "letter dated 2nd nov, deadline?"]) == "appeal"
    assert kind_in_conversation(["they want to end her daughters plan"]) == "appeal"


def test_a_day_alone_told_as_the_letters_date_is_the_latest_such_day_and_said() -> None:
    from bot.domain.deadline_request import gather

    today = dt.date(2026, 11, 23)
    told = gather("appeal", ["the letter was dated the 5th, they refused to assess"], {}, today)
    assert told.dates == {"letter_date": dt.date(2026, 11, 5)} and "5 November 2026" in told.note
    later = gather("appeal", ["they refused, letter dated the 28th"], {}, today)
    assert later.dates == {"letter_date": dt.date(2026, 10, 28)}
    # a day counted, not a date told
    assert gather("appeal", ["its the 2nd letter they sent refusing him"], {}, today).dates == {}


def test_a_child_kept_out_of_a_club_is_a_discrimination_claim() -> None:
    from bot.domain.deadline_request import kind_in_conversation
    assert kind_in_conversation(["hes autistic and they kept him out of the after school club all term",
                                 "it finally stopped on 2 november, how long to go to tribunal"]) == "discrimination"


def test_a_refusal_because_of_anxiety_is_a_discrimination_claim() -> None:
    from bot.domain.deadline_request import kind_in_conversation
    assert kind_in_conversation(["they wont let him leave lessons when panicking because of his anxiety, "
                                 "last time was 12th nov", "how long to go to the tribunal"]) == "discrimination"
    # a story about the child, with a plan being stopped: the appeal
    assert kind_in_conversation(["the council want to end her ehcp, shes been out of school a year because of "
                                 "anxiety", "letter dated 3 november", "how long to challenge it"]) == "appeal"
