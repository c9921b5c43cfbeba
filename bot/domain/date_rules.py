"""Whether a message with a date (or about a deadline) is a deadline question, whatever the classifier thought.

- a short message naming a date ("got the letter on 3rd nov") answers the date question;
- a message with a date about something that has a deadline ("they refused to assess, letter dated 3/11, what can I
  do?") gets the deadline worked out, not an answer asking for the date;
- a few questions about time limits are answers, not sums ("how long do I have to go to the ombudsman?").

Each rule below is one such kind; `decide` tries them in order and the first that applies wins. Pure: no Rasa.
rasa_addons/nlu_guards.DateAnswerDetector calls `decide` and writes the result into the message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.domain import knowledge
from bot.domain.answer_rules import (
    ASKS,
    CONCILIATION,
    GOVERNORS_UPHELD,
    HOW_LONG_ASKED,
    MEDIATION_WANTED,
    PERMANENT_EXCLUSION,
    REFUSAL_TOLD,
    SHORT_FOLLOW_UP_WORDS,
)
from bot.domain.dates import has_a_date, has_an_exact_date, names_a_date
from bot.domain.deadline_kinds import DEADLINE_QUESTIONS, INTENT_FOR_KIND, kind_for_answer
from bot.domain.deadline_request import (
    ASKED_AGAIN,
    CERTIFICATE_ITSELF,
    DATED,
    DAY_TOLD,
    DEADLINE_CUE,
    DISCRIMINATION_WORDS,
    LOOK_BACK,
    NO_CERTIFICATE,
    PAUSE_ASKED,
    day_only,
    kind_dated_earlier,
    kind_from_text,
    kind_in_conversation,
    latest_in_month_said,
    phase_transfer_request,
    year_only,
)
from bot.domain.deadline_text import late_from_month

# "Thank you, you helped me a lot today": thanks, not a date, unless a deadline is being talked about.
SMALL_TALK = {"thanks", "goodbye", "greet"}

# Questions with a date in them that no calculation answers ("they told me on Friday it's next Wednesday,
# how much notice should I get?").
NOT_A_DEADLINE = re.compile(r"\bnotice\b|how much warning|\bno (reports|paperwork)\b|"
                            r"\b(haven'?t|havent|have not|not) (had|got|received|seen|been sent) (any|the|any of the) "
                            r"(reports|paperwork|papers)\b|"
                            # "told them we don't want mediation, when do I get the certificate?": its timescale
                            r"\b(when (do|will|should|would|can|does)|how long (till|til|until|before)) (i|we|they|it) "
                            r"(get|receive|be sent|send|issue|come)s? (the|a|my|our|us|it)?\b[^?.]{0,20}"
                            r"\b(certificate|cert)\b|"
                            r"\bwhen\b[^?.]{0,30}\b(certificate|cert)\b[^?.]{0,10}\b(come|arrive|be sent|"
                            r"be issued|turn up|get here)|"
                            r"\b(reports|paperwork)\b.{0,30}\b(yet|before (the|it))\b|"
                            # "only got the invite today, they haven't sent the reports": notice, not a sum
                            r"\bonly (just )?(got|received|had|been sent|sent( us| me)?) the (invite|invitation)\b|"
                            r"\bonly (just )?(got|received|had|been sent|sent( us| me)?)( out)? the "
                            r"(reports?|paperwork|papers)\b|\b(reports?|paperwork|papers) (out |through )?"
                            r"(today|yesterday|late)\b|"
                            r"\b(invite|invitation)\b.{0,80}\b(allowed|enough notice|enough time|too late|late)\b|"
                            # "how long has the council got to set mediation up?": its timescale, not a sum
                            r"\bhow long\b.{0,40}\b(set (it |this )?up|arrange|organi[sz]e|book|sort (it )?out)\b|"
                            r"\b(haven'?t|havent|have not|not|never) sent (any of |any )?(the )?(reports|paperwork)\b",
                            re.I)
# "How long do I have to take it to the ombudsman?": the Ombudsman's own time limit (its answer), not a sum.
OMBUDSMAN_TIME_LIMIT = re.compile(r"\bhow long\b.{0,40}\b(ombudsman|lgsco)\b|\b(ombudsman|lgsco)'?s? (time limit|"
                                  r"deadline)\b|\b(time limit|deadline)\b.{0,30}\b(ombudsman|lgsco)\b|"
                                  # "i want to take it to the ombudsman. is there a time limit"
                                  r"\b(ombudsman|lgsco)\b.{0,25}\b(time limit|deadline)\b"
                                  r"(?!.{0,30}\b(appeal|tribunal))",
                                  re.I)
OMBUDSMAN_ANSWER = "service/ombudsman"
# "Had mediation on Friday, nothing agreed": the day of the meeting is neither the letter's nor the certificate's.
MEDIATION_HELD = re.compile(r"\b(had|have had|went to|attended|been to|did|done|finished)( the| our| a)? mediat\w*|"
                            r"\bmediat\w* (was|happened|took place|meeting was|ended)\b", re.I)  # "mediaton" too
LETTER_OR_CERTIFICATE = re.compile(rf"\bletter\b|\bdecision\b|\brefus\w*|\bfinal (ehc ?)?(plan|ehcp)\b|"
                                   rf"{DATED.pattern}|{CERTIFICATE_ITSELF.pattern}", re.I)
MEDIATION_TIMESCALES = "service/mediation_timescales"
# "told them 5 weeks ago we want mediation and the council still hasn't arranged a date. is there a time limit?":
# how long mediation may take (its answer), not an appeal's sum from "5 weeks ago".
MEDIATION_WAITING = re.compile(
    r"\bmediat\w*\b.{0,120}\b((hasn'?t|hasnt|has not|haven'?t|havent|have not|not|still not|never) (been )?"
    r"(arranged|set up|booked|organi[sz]ed|sorted|given (us|me) a date|got back)|(still )?no (date|word|news)|"
    r"still waiting|heard nothing)\b", re.I)
WAITING_TIME_ASKED = re.compile(r"\b(time limit|how long|deadline|supposed to|meant to|allowed|within|by law|"
                                r"have to)\b", re.I)
# "No annual review for 18 months": a review that is late, not the dates after a review that happened.
REVIEW_OVERDUE = re.compile(
    r"\b(no|not had an?|hasn'?t had an?|hasnt had an?|haven'?t had an?|havent had an?|never had an?|without an?)"
    r"( annual)? review\b.{0,25}\b(for|in|since)\b|\b(annual )?review (is|was|'s) (overdue|late|well overdue)\b|"
    r"\b(over|more than) (a|one|1) year since (his|her|the|their|our|my)( last)? (annual )?review\b|"
    r"\b\d+ months (since|without) (a|an|the|his|her|their)( last)? (annual )?review\b", re.I)
REVIEW_OVERDUE_ANSWER = "ehc/review_overdue"
MONTH_COUNTS = ("ehc", "review")  # deadlines whose dates can be said late from a month alone ("asked in March")

# Intents no guard overrides: safety first, and a request the parent made of the assistant itself.
SAFETY_INTENTS = {"safeguarding", "stop", "human_handoff", "delete_my_data"}

# "I missed the appeal deadline": a late appeal, not the rule for the time limit.
DEADLINE_WORD = re.compile(r"\b(deadline|time ?limit|cut ?off|last (day|date))\b", re.I)
MISSED = re.compile(r"\b(miss\w*|passed|gone|expired|over|too late|late)\b", re.I)

# How long the council had, not the parent: "how long were they meant to take", "should they have taken this long".
COUNCIL_TIME = re.compile(r"\bhow long (were|are|was|is|should|do|does|did|have|has) (they|the council|the la|it|the "
                          r"local authority) (meant|supposed|allowed|expected|got|have|had|legally)?( to)? ?(take|have|"
                          r"get|decide|tell|reply|respond)\b|\b(should|were) (they|the council|the la) (have )?(taken|"
                          r"meant to take) (this|that|so) long\b", re.I)
REQUESTED = re.compile(r"\b(we|i|school|senco|the school) (asked|requested|applied|put in|sent)( for)?\b|"
                       r"\brequest(ed)?\b.{0,30}\b(assess\w*|ehc\w*|plan)\b|\b(assess\w*|ehc\w*|plan)\b.{0,30}"
                       r"\brequest(ed)?\b", re.I)
ASSESSMENT_OR_PLAN = re.compile(r"\b(assess\w*|ehc\w*|plan)\b", re.I)
OTHER_CLOCKS = re.compile(r"\b(mediat\w*|review|tribunal|appeal\w*|complain\w*|complaint)\b", re.I)
CONCILIATION_ANSWER = "unhappy/discrimination_conciliation"
# Answers whose next step is a complaint to the council and then the Ombudsman.
COMPLAINT_ANSWERS = {"unhappy/la_failure", "ehc/section_f_duty", OMBUDSMAN_ANSWER}
YOUR_TIME = re.compile(r"\bhow long (do|have|did|would) (i|we) (have|got|get)\b|"
                       r"\b(is there a|what'?s the|whats the|any) (time limit|deadline)\b", re.I)
IRP_NAMED = re.compile(r"\bindependent review\b|\breview panel\b|\birp\b", re.I)


def exclusion_step(text: str, earlier: list[str]) -> str | None:
    said = " ".join([*earlier[-LOOK_BACK:], text])
    if PERMANENT_EXCLUSION.search(said) and IRP_NAMED.search(text):
        return "school/irp"  # "what's the time limit to ask for an independent review?"
    kind = kind_in_conversation([*earlier, text])
    if PERMANENT_EXCLUSION.search(said) and GOVERNORS_UPHELD.search(said) and kind != "discrimination":
        # "...the governors upheld it, their letter came on friday" ... "can we appeal that? how long have we got":
        # the review panel, not a SEND appeal from the governors' letter
        return "school/irp"
    if not PERMANENT_EXCLUSION.search(said) or kind:
        return None
    return "school/irp" if GOVERNORS_UPHELD.search(said) else "school/exclusion_challenge"


# Intents a date must not override.
DEADLINE_INTENTS = DEADLINE_QUESTIONS | {"inform_date"} | SAFETY_INTENTS




@dataclass(frozen=True)
class Said:
    """One message as the rules see it."""

    text: str  # what the classifier read (a long message is cut to its start and end)
    full: str  # the whole message
    intent: str | None  # the classifier's intent
    earlier: list[str]  # the parent's last few messages, oldest first
    answer: str  # the answer the classifier chose ("" if none)
    today: dt.date
    read: str = ""  # the answer the parent last read ("unhappy/la_failure"), or ""
    max_words: int = 12  # a message this short with a date answers the date question
    replace: frozenset[str] = frozenset({"nlu_fallback", "out_of_scope", "greet", "goodbye", "thanks"})


@dataclass(frozen=True)
class Decision:
    """An answer key ("service/ombudsman") or an intent ("ask_appeal_deadline"), and the rule that chose it."""

    answer: str | None = None
    intent: str | None = None
    rule: str = ""


Rule = Callable[[Said], "Decision | None"]


def _intent(kind_or_intent: str, rule: Rule) -> Decision:
    name = INTENT_FOR_KIND.get(kind_or_intent, kind_or_intent)
    return Decision(intent=name, rule=rule.__name__)


# Typed questions whose time limits are answers, not sums.
def exclusion_time_limit(s: Said) -> Decision | None:
    """"Permanently excluded, governors upheld it, how long have I got?": the review panel or the challenge."""
    if DEADLINE_CUE.search(s.text) or ASKED_AGAIN.search(s.text) or GOVERNORS_UPHELD.search(s.text):
        if step := exclusion_step(s.text, s.earlier):
            return Decision(answer=step, rule="exclusion_time_limit")
    return None


# A transport refusal: "the council refused school transport ... the letter came on 10 november ... how long do i
# have to challenge it?" is the council's own review, not the SEND Tribunal (it had been an SEN appeal's date).
TRANSPORT_ASKED_FOR = r"\b(transport|taxi|minibus|bus pass|travel (help|support|assistance))\b"
REFUSED_OR_STOPPED = rf"({REFUSAL_TOLD.pattern}|\b(declin\w*|stopp?\w*|cut|taken away|take away)\b)"
TRANSPORT_REFUSED = re.compile(rf"{REFUSED_OR_STOPPED}.{{0,60}}{TRANSPORT_ASKED_FOR}|"
                               rf"{TRANSPORT_ASKED_FOR}.{{0,60}}{REFUSED_OR_STOPPED}", re.I)
# the plan itself is being appealed ("the final ehcp dated ... left transport out of section F"): the Tribunal's
PLAN_APPEAL_WORDS = re.compile(r"\bsection [bfi]\b|\b(final|draft|amended) (ehc ?)?(plan|ehcp)\b|\bcertificate\b",
                               re.I)


def transport_time_limit(s: Said) -> Decision | None:
    said = " ".join([*s.earlier[-3:], s.full])
    if ((DEADLINE_CUE.search(s.text) or ASKED_AGAIN.search(s.text) or has_an_exact_date(s.full))
            and TRANSPORT_REFUSED.search(said) and not PLAN_APPEAL_WORDS.search(said)
            and not DISCRIMINATION_WORDS.search(said)):
        return Decision(answer="school/transport_challenge", rule="transport_time_limit")
    return None


def ombudsman_time_limit(s: Said) -> Decision | None:
    return Decision(answer=OMBUDSMAN_ANSWER, rule="ombudsman_time_limit") if OMBUDSMAN_TIME_LIMIT.search(s.text) \
        else None


def conciliation_asked(s: Said) -> Decision | None:
    """"I heard it's 8 months if I do conciliation": that rule is out of date, said plainly (not the sum again)."""
    if CONCILIATION.search(s.text):
        return Decision(answer=CONCILIATION_ANSWER, rule="conciliation_asked")
    return None


def complaint_time_limit(s: Said) -> Decision | None:
    """"How long do I have?" just after reading that help not given is a complaint to the council, then the
    Ombudsman: the Ombudsman's time limit, not an appeal's (section F named earlier had made it one)."""
    if (s.read in COMPLAINT_ANSWERS and YOUR_TIME.search(s.text) and not has_a_date(s.full)
            and len(s.text.split()) <= s.max_words):
        return Decision(answer=OMBUDSMAN_ANSWER, rule="complaint_time_limit")
    return None


def read_answers_timescales(s: Said) -> Decision | None:
    """"How long does that take?" just after the transport challenge: that answer's own timescales (`how_long:`),
    not an appeal's sum; answers that offer a deadline to work out keep the deadline question."""
    answer = knowledge.get().answers.get(s.read)
    if (answer is not None and answer.how_long and not answer.deadline and HOW_LONG_ASKED.search(s.text)
            and len(s.text.split()) <= SHORT_FOLLOW_UP_WORDS and not has_a_date(s.full)):
        return Decision(answer=answer.how_long, rule="read_answers_timescales")
    return None


def review_overdue(s: Said) -> Decision | None:
    if REVIEW_OVERDUE.search(s.text) and not has_an_exact_date(s.text):
        return Decision(answer=REVIEW_OVERDUE_ANSWER, rule="review_overdue")
    return None


def mediation_held(s: Said) -> Decision | None:
    """"Had mediation on friday": the certificate comes next, unless a letter or certificate was dated."""
    if MEDIATION_HELD.search(s.text) and not any(LETTER_OR_CERTIFICATE.search(said)
                                                 for said in [*s.earlier[-LOOK_BACK:], s.text]):
        return Decision(answer=MEDIATION_TIMESCALES, rule="mediation_held")
    return None


# "told the mediation adviser on 2 Nov that we DO want mediation. LA now saying earliest date is february. is that
# allowed?": how long mediation may take (its answer), not an appeal's sum from 2 November
MEDIATION_DATE_CHECKED = re.compile(r"\b(is (that|this|it) (allowed|legal|ok|okay|right)|can they|are they allowed|too "
                                    r"long|(earliest|first) (date|slot|they can)|not until)\b", re.I)


def mediation_chosen_then_asked(s: Said) -> Decision | None:
    if (MEDIATION_WANTED.search(s.full) and MEDIATION_DATE_CHECKED.search(s.text)
            and not CERTIFICATE_ITSELF.search(s.full) and not DATED.search(s.full)):
        return Decision(answer=MEDIATION_TIMESCALES, rule="mediation_chosen_then_asked")
    return None


def mediation_waiting(s: Said) -> Decision | None:
    if MEDIATION_WAITING.search(s.full) and WAITING_TIME_ASKED.search(s.text):
        return Decision(answer=MEDIATION_TIMESCALES, rule="mediation_waiting")
    return None


# Answers about how long someone else takes (mediation's 30 days, the certificate's 3 working days): asked "how long
# till it comes" with a date in the story ("rang them this morning"), still that answer, not the parent's appeal sum.
OTHERS_TIMESCALE_ANSWERS = {MEDIATION_TIMESCALES}


def others_timescale_asked(s: Said) -> Decision | None:
    if (s.answer in OTHERS_TIMESCALE_ANSWERS and HOW_LONG_ASKED.search(s.text) and not YOUR_TIME.search(s.text)
            and not DATED.search(s.full)):
        return Decision(answer=s.answer, rule="others_timescale_asked")
    return None


def phase_transfer(s: Said) -> Decision | None:
    """"Starts secondary sept 2027, by when?": the phase transfer date."""
    if s.intent not in SMALL_TALK and phase_transfer_request(s.text, s.today, s.earlier):
        return _intent("ehc", phase_transfer)
    return None


# No date anywhere in the message.
def no_certificate_so_deadline(s: Said) -> Decision | None:
    """"Haven't got one, so what's my deadline?"."""
    if NO_CERTIFICATE.search(s.text) and ASKED_AGAIN.search(s.text):
        return _intent("appeal", no_certificate_so_deadline)
    return None


def no_certificate(s: Said) -> Decision | None:
    """"We haven't got a certificate": the deadline stands."""
    if NO_CERTIFICATE.search(s.text) and len(s.text.split()) <= s.max_words:
        return _intent("deny", no_certificate)
    return None


def asked_again_after_a_dated_letter(s: Said) -> Decision | None:
    """"Is it too late now?" after a dated letter."""
    if ASKED_AGAIN.search(s.text) and (kind := kind_dated_earlier(s.earlier)):
        return _intent(kind, asked_again_after_a_dated_letter)
    return None


def kind_named_after_a_date(s: Said) -> Decision | None:
    """"Letter was 19/10/26" (no kind said) ... "when do I have to get the appeal in by?"."""
    if (ASKED_AGAIN.search(s.text) and (kind := kind_from_text(s.text))
            and any(has_an_exact_date(said) for said in s.earlier[-LOOK_BACK:])):
        return _intent(kind, kind_named_after_a_date)
    return None


def still_waiting_since_a_month(s: Said) -> Decision | None:
    """"Asked for the assessment in march" ... "still no plan": counted from that month's end."""
    if (ASKED_AGAIN.search(s.text) and (kind := kind_in_conversation(s.earlier)) in MONTH_COUNTS
            and latest_in_month_said(s.earlier[-LOOK_BACK:], s.today)):
        return _intent(str(kind), still_waiting_since_a_month)
    return None


def claim_asked_after_a_month(s: Said) -> Decision | None:
    """"They left her out of sports day in march" ... "can I still take them to tribunal for discrimination?": the
    claim's time limit from that month (whether it has passed even from the month's end)."""
    if (ASKED_AGAIN.search(s.text) and kind_in_conversation([*s.earlier, s.text]) == "discrimination"
            and latest_in_month_said(s.earlier[-LOOK_BACK:], s.today)):
        return _intent("discrimination", claim_asked_after_a_month)
    return None


def day_corrected(s: Said) -> Decision | None:
    """"Actually sorry it was the 9th" after a date."""
    if (day_only(s.text) or year_only(s.text)) and any(has_an_exact_date(said) for said in s.earlier[-3:]):
        return _intent("inform_date", day_corrected)
    return None


def pause_asked(s: Said) -> Decision | None:
    """"Does the complaint pause the time limit?"."""
    if PAUSE_ASKED.search(s.text) and (kind := kind_in_conversation([*s.earlier, s.text])):
        return _intent(kind, pause_asked)
    return None


def rule_asked(s: Said) -> Decision | None:
    """"Is it 6 weeks to appeal?", "appeal deadline please": the rule, then the offer to work it out."""
    if (((s.intent in s.replace and DEADLINE_CUE.search(s.text))
         or (len(s.text.split()) <= 5 and DEADLINE_WORD.search(s.text) and not MISSED.search(s.text)))
            and (kind := kind_from_text(s.text))):
        return _intent(kind, rule_asked)
    return None


# A date in the message.
def asks_council_time(text: str, full: str | None = None) -> bool:
    """"We asked back in june, they've now said no plan. How long were they meant to take to tell us?": the council's
    own timescales from the request, not the parent's time to appeal (whatever else the words say)."""
    full = full or text
    return bool(COUNCIL_TIME.search(text) and REQUESTED.search(full) and ASSESSMENT_OR_PLAN.search(full)
                and not OTHER_CLOCKS.search(full))


def council_time_asked(s: Said) -> Decision | None:
    return _intent("ehc", council_time_asked) if asks_council_time(s.text, s.full) else None


def _day_told_first(s: Said) -> bool:
    """"the letter was dated the 5th, they refused to assess": a day alone, told as a date (not correcting a date
    given just before: day_corrected)."""
    return bool(DAY_TOLD.search(s.text) and day_only(s.text)
                and not any(has_an_exact_date(said) for said in s.earlier[-3:]))


def dated_deadline(s: Said) -> Decision | None:
    """The parent's own words first ("we sent the request on 5 october": the EHC clock, whatever answer the classifier
    picked); a vague date in a story ("complained to the head in october") with no question about a deadline is not a
    date to count from, whatever deadline the chosen answer offers."""
    text, full = s.text, s.full
    day_told = _day_told_first(s)
    asked = DEADLINE_CUE.search(text) or has_an_exact_date(full) or ASKED_AGAIN.search(text) or day_told
    kind = ((kind_from_text(full) if DEADLINE_CUE.search(text) or has_an_exact_date(full)
             or ASKED_AGAIN.search(text) or day_told else None)
            or (kind_for_answer(s.answer or None) if asked else None)
            # "that was on 3rd july, we're doing the complaint first, is that ok?" after the story
            or (kind_in_conversation(s.earlier) if ASKED_AGAIN.search(text) else None))
    # "requested the assessment back in march" on its own: the dates that have passed since, if some have
    if (not kind and not ASKS.search(text) and (told := kind_from_text(full)) in MONTH_COUNTS
            and (latest := latest_in_month_said([full], s.today))
            and late_from_month(str(told), latest, s.today)):
        kind = told
    return _intent(kind, dated_deadline) if kind else None


def just_a_date(s: Said) -> Decision | None:
    """A short message with a date answers the date question; "my son is 16 in april" only while a deadline is being
    talked about; "31st February 2026" is just a date."""
    if ((s.intent in s.replace and len(s.text.split()) <= s.max_words
         and ((has_an_exact_date(s.text) and s.intent not in SMALL_TALK) or kind_in_conversation(s.earlier)))
            or (len(s.text.split()) <= 4 and names_a_date(s.text))):
        return _intent("inform_date", just_a_date)
    return None


ANSWERS: tuple[Rule, ...] = (conciliation_asked, exclusion_time_limit, transport_time_limit, ombudsman_time_limit,
                              complaint_time_limit, review_overdue, mediation_held, mediation_waiting,
                              mediation_chosen_then_asked, others_timescale_asked, read_answers_timescales)
UNDATED: tuple[Rule, ...] = (council_time_asked, no_certificate_so_deadline, no_certificate,
                             asked_again_after_a_dated_letter, kind_named_after_a_date, still_waiting_since_a_month,
                             claim_asked_after_a_month, day_corrected, pause_asked, rule_asked)
DATED_RULES: tuple[Rule, ...] = (council_time_asked, dated_deadline, just_a_date)
RULES = tuple(dict.fromkeys((*ANSWERS, phase_transfer, *UNDATED, *DATED_RULES)))  # each rule once


def decide(s: Said) -> Decision | None:
    """The deadline reading of a message, or None to keep the classifier's."""
    if s.text.startswith("/"):
        return None
    if s.intent not in SAFETY_INTENTS:
        for rule in ANSWERS:
            if decision := rule(s):
                return decision
    if s.intent in DEADLINE_INTENTS or NOT_A_DEADLINE.search(s.text):
        return None
    if decision := phase_transfer(s):
        return decision
    # A long message was cut to its start and end for the classifier; a letter's date in the middle of the story
    # still counts ("...a letter dated 27th October 2026 ... when must the appeal reach them?").
    dated = has_a_date(s.full) or _day_told_first(s)
    for rule in DATED_RULES if dated else UNDATED:
        if decision := rule(s):
            return decision
    return None
