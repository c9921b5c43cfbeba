"""bot/domain/date_rules: each rule that turns a message into a deadline question (or a time limit's answer), asked in
a parent's words, and what keeps the classifier's reading. No Rasa and no model. (How the detector writes the result
into Rasa's message is in test_nlu_guards.py.)"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.date_rules import RULES, Decision, Said, decide

TODAY = dt.date(2026, 11, 23)

# (rule, what the parent typed (oldest first), the classifier's intent, the answer it chose, the decision)
EXAMPLES: list[tuple[str, list[str], str, str, Decision]] = [
    ("conciliation_asked", ["the trip was refused on 16 november 2026", "are you sure? i heard its 8 months if i do "
                            "conciliation"], "ask_discrimination_deadline", "",
     Decision(answer="unhappy/discrimination_conciliation")),
    ("exclusion_time_limit", ["my son got permanently excluded in october", "the governors upheld it",
                              "how long have i got"], "unhappy", "unhappy/exclusion", Decision(answer="school/irp")),
    ("exclusion_time_limit", ["my son was permanently excluded in october. the governors met and upheld it, their "
                              "letter came on friday", "can we appeal that? how long have we got"], "ask_appeal_deadline",
     "", Decision(answer="school/irp")),
    ("transport_time_limit", ["the council turned down his taxi to school, we're 2 miles away",
                              "letter dated 12 november, how long to challenge it"], "ask_appeal_deadline", "",
     Decision(answer="school/transport_challenge")),
    ("ombudsman_time_limit", ["how long do i have to take it to the ombudsman"], "ask_deadline", "",
     Decision(answer="service/ombudsman")),
    ("complaint_time_limit", ["his speech therapy in section F hasnt happened since april", "who do i complain to",
                              "how long do i have"], "ask_deadline", "", Decision(answer="service/ombudsman")),
    ("review_overdue", ["no annual review for 18 months, is that allowed"], "ask_review_deadline", "",
     Decision(answer="ehc/review_overdue")),
    ("mediation_held", ["we had mediation on friday and nothing was agreed"], "service", "service/mediation",
     Decision(answer="service/mediation_timescales")),
    ("mediation_waiting", ["we told the adviser a month ago we want mediation, still no date from the council. "
                           "how long are they allowed?"], "ask_appeal_deadline", "",
     Decision(answer="service/mediation_timescales")),
    # b56: mediation's own timescales chosen, a day in the story ("rang them yesterday"): still that answer
    # b59: "told the mediation adviser on 2 Nov 2026 that we DO want mediation. LA now saying earliest date is
    # february. is that allowed?" (here in other words)
    ("mediation_chosen_then_asked", ["we said we want mediation on 9 november, the council says march at the "
                                     "earliest, can they do that"], "ask_appeal_deadline", "",
     Decision(answer="service/mediation_timescales")),
    ("others_timescale_asked", ["phoned the mediation service yesterday to say we want it, how long before the "
                                "meeting has to be held"], "ask_appeal_deadline", "service/mediation_timescales",
     Decision(answer="service/mediation_timescales")),
    ("ombudsman_time_limit", ["the council lost our paperwork twice, going to the ombudsman now. any deadline?"],
     "ask_appeal_deadline", "", Decision(answer="service/ombudsman")),
    ("read_answers_timescales", ["they said no because we are under 3 miles", "how do i appeal",
                                 "how long does that take"], "ask_appeal_deadline", "",
     Decision(answer="school/transport_challenge")),
    ("phase_transfer", ["he starts secondary in september 2027, by when do they have to name the school?"], "ehc",
     "ehc/phase_transfer", Decision(intent="ask_ehc_deadline")),
    ("no_certificate_so_deadline", ["haven't got a certificate, so what's my deadline"], "service", "",
     Decision(intent="ask_appeal_deadline")),
    ("no_certificate", ["we haven't got a mediation certificate"], "service", "", Decision(intent="deny")),
    ("no_certificate", ["refusal to assess letter is dated 30 september. whats the deadline",
                        "no we havent done mediation or got a certificate or anything yet"], "glossary",
     "glossary/mediation_certificate", Decision(intent="deny")),
    ("asked_again_after_a_dated_letter", ["council refused to assess, letter dated 3/11/26", "is it too late now?"],
     "unhappy", "", Decision(intent="ask_appeal_deadline")),
    ("kind_named_after_a_date", ["the letter was 19/10/26", "when do i have to get the appeal in by?"], "service", "",
     Decision(intent="ask_appeal_deadline")),
    ("still_waiting_since_a_month", ["we asked for an ehc assessment back in march", "is it too late now?"],
     "unhappy", "", Decision(intent="ask_ehc_deadline")),
    ("claim_asked_after_a_month", ["the school left her out of sports day because of her wheelchair, that was in march",
                                   "can i still take them to tribunal for disability discrimination"], "unhappy",
     "unhappy/discrimination", Decision(intent="ask_discrimination_deadline")),
    ("day_corrected", ["letter dated 3rd november 2026", "sorry it was the 9th"], "nlu_fallback", "",
     Decision(intent="inform_date")),
    ("pause_asked", ["the school excluded him because of his disability",
                     "does the complaint pause the time limit?"], "unhappy", "",
     Decision(intent="ask_discrimination_deadline")),
    ("rule_asked", ["appeal deadline please"], "service", "", Decision(intent="ask_appeal_deadline")),
    ("council_time_asked", ["they assessed him and now say no plan. we asked back in june. how long were they meant "
                            "to take to tell us?"], "ehc", "ehc/timescales", Decision(intent="ask_ehc_deadline")),
    ("dated_deadline", ["the letter was dated the 5th, they refused to assess"], "ehc",
     "ehc/refused_assessment", Decision(intent="ask_appeal_deadline")),
    ("dated_deadline", ["they refused to assess, letter dated 3/11/26, what can I do?"], "unhappy",
     "unhappy/la_decision", Decision(intent="ask_appeal_deadline")),
    ("just_a_date", ["got the letter on 3rd nov"], "nlu_fallback", "", Decision(intent="inform_date")),
]


# The answer the parent had just read, where a rule needs it.
READ = {"how long do i have": "unhappy/la_failure", "how long does that take": "school/transport_challenge"}


def said(typed: list[str], intent: str, answer: str) -> Said:
    return Said(text=typed[-1], full=typed[-1], intent=intent, earlier=typed[:-1], answer=answer, today=TODAY,
                read=READ.get(typed[-1], ""))


@pytest.mark.parametrize(("rule", "typed", "intent", "answer", "expected"), EXAMPLES,
                         ids=[f"{e[0]}: {e[1][-1]}" for e in EXAMPLES])
def test_rule(rule: str, typed: list[str], intent: str, answer: str, expected: Decision) -> None:
    decision = decide(said(typed, intent, answer))
    assert decision is not None
    assert (decision.answer, decision.intent, decision.rule) == (expected.answer, expected.intent, rule)


def test_every_rule_has_an_example() -> None:
    assert {rule.__name__ for rule in RULES} == {example[0] for example in EXAMPLES}


@pytest.mark.parametrize(("typed", "intent"), [
    (["/ask_appeal_deadline"], "ask_appeal_deadline"),  # a button
    (["he hits me and i'm scared, letter dated 3/11/26"], "safeguarding"),  # safety first
    (["they told me on friday the review is next wednesday, how much notice should i get?"], "meetings"),
    (["complained to the head in october"], "unhappy"),  # a vague date in a story, no question about a deadline
    (["thank you, you helped me a lot today"], "thanks"),
    (["my son is 16 in april"], "rights"),
    # the notice for a review meeting is its own answer, not a sum
    (["they sent the annual review invite on friday for a meeting this tuesday, is that even allowed??"], "ehc"),
    # the council's time for mediation, not the assessment's
    (["we requested mediation about his plan on 1 november, how long have they got to set it up?"], "service"),
])
def test_keeps_the_classifier_reading(typed: list[str], intent: str) -> None:
    assert decide(said(typed, intent, "")) is None


def test_a_long_message_cut_for_the_classifier_still_counts_its_date() -> None:
    full = "they refused to assess him, " + "he struggles every day " * 20 + "letter dated 27th October 2026, appeal?"
    cut = "they refused to assess him ... appeal?"
    decision = decide(Said(text=cut, full=full, intent="unhappy", earlier=[], answer="", today=TODAY))
    assert decision is not None and decision.intent == "ask_appeal_deadline"


def test_have_i_missed_it_after_the_letters_and_certificates_dates_is_the_deadline_again() -> None:
    typed = ["they refused to assess, the letter was 2/7/2026, then mediation took ages",
             "the certificate came dated 20 october 2026", "have we missed it?"]
    decision = decide(said(typed, "nlu_fallback", ""))
    assert decision is not None and decision.intent == "ask_appeal_deadline"


def test_when_to_contact_the_mediation_adviser_after_a_dated_letter_is_the_deadline_again() -> None:
    """Misspelt too: "when must i phone the mediaton adviser by" after the letter's date (it had been the mediation
    answer, with no date)."""
    typed = ["final plan came, letter dated 9th november, we disagree with section b",
             "when must i phone the mediaton adviser by"]
    decision = decide(said(typed, "service", "service/mediation"))
    assert decision is not None and decision.intent == "ask_appeal_deadline"
