"""What a parent has said so far about a deadline: which deadline they mean and which date is which.

Answer first: the dates are taken from whatever the parent has said, in any order and in any message
("the letter was dated 3 Nov, cert came on the 20th" or the letter date two messages ago), so the bot
can work the deadline out at once instead of asking for each date in turn.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.domain.dates import (
    DateAnswer,
    DateMention,
    find_dates,
    has_an_exact_date,
    latest_day,
    say_date,
    upcoming,
)

KINDS = ("appeal", "discrimination", "ehc", "review", "draft")
# The date each deadline is counted from, in the order they are needed.
ROLES = {"appeal": ("letter_date", "certificate_date"), "discrimination": ("conduct_date",),
         "ehc": ("request_date",), "review": ("meeting_date",), "draft": ("draft_date",)}
DISCRIMINATION_WORDS = re.compile(
    r"discriminat|reasonable adjust|equality act|treated \w+ (unfairly|differently)|"
    # six months is the discrimination claim's limit (an SEN appeal's is two): "the 6 months for tribunal"
    r"\b(6|six) months?\b.{0,25}\btribunal|\btribunal\b.{0,25}\b(6|six) months?\b|"
    r"because (of|he has|she has|they have) (his|her|their)? ?(disab\w*|autis\w*|adhd|epilep\w*|condition|"
    r"diagnosis|sen\b|special needs|wheelchair|diabet\w*|asthma|down'?s|needs)|"
    # something refused "because of her anxiety" (not "out of school for a year because of anxiety", a story)
    r"\b(refus\w*|won'?t (let|allow)|wont (let|allow)|not (allowed|let)|bann?\w*|kept (him|her|them) out|"
    r"excluded (him|her|them) from|punish\w*)\b.{0,60}\bbecause (of )?(his|her|their) (anxiety|mental health|"
    r"dyslexi\w*|dyspraxi\w*|cerebral palsy|hearing|sight|stammer\w*|tourette\w*|tics?)\b|"
    r"(won'?t|wont|refused to|not allowed to|wouldn'?t) (let|take|allow) .{0,40}(trip|residential|visit|club|"
    r"activit|outing|swimming|sports day|prom)|"
    # "the school said she can't go on the year 6 residential unless I go too"
    r"(can'?t|cannot|cant|not allowed to|isn'?t allowed to|won'?t be allowed to) (go|come|attend|take part) (on|to|in) "
    r"(the |a |his |her |their )?(year \d+ )?(school )?(trip|residential|visit|outing|swimming|sports day|prom|"
    r"school play)|"
    r"(banned|barred|excluded|stopped|kept) (him|her|them|my (son|daughter|child|kid)) (from|off) (going on )?(the |a |"
    r"his |her )?(year \d+ )?(trip|residential|visit|club|outing|swimming|sports day|prom|school play)|"
    # "she uses a wheelchair and was kept out of the lunchtime club"
    r"\b(kept|left|shut|locked) (him |her |them |my \w+ )?out of (the |a |his |her |their )?(\w+ ){0,2}(trip|"
    r"residential|visit|club|outing|swimming|sports day|prom|school play|lessons?|activit\w*|assembl\w*|playground|"
    r"dining hall)",
    re.I)
STRONG_APPEAL_WORDS = re.compile(r"\bappeal|cut ?off", re.I)
REVIEW_WORDS = re.compile(r"annual review|review meeting|\breview (was|on|happened)", re.I)
# "They're not going to amend it", "decided not to update her plan": a refusal to change a plan (appealable).
REFUSED_TO_CHANGE = re.compile(r"\b(not|won'?t|wont|refus\w* to|decided not to|aren'?t|arent) (going to |gonna )?"
                               r"(amend|update|change) (it|the plan|the ehcp|(his|her|their|my \w+'?s?) (ehc ?)?"
                               r"(plan|ehcp))\b|\b(not|won'?t|wont|refus\w* to|decided not to) (going to |gonna )?"
                               r"amend\b", re.I)
REFUSAL_WORDS = re.compile(
    r"refus|turned (us|him|her|it) down|said no|(?<!if they )(?<!they might )(?<!if it )(?<!scared they )"
    r"(?<!worried they )(?<!afraid they )(?<!or )(?<!to )say no|declin|"
    r"won'?t (re-?ass?ess?|ass?ess?|issue|do|amm?end|change)|wont (re-?ass?ess?|ass?ess?|issue|amm?end)|"
    r"(?<!yes or )\bno to (the )?(ass?ess?|ehc|plan)|not (to )?(amend|change|update) (the|his|her|their|my|our) "
    r"(ehc ?)?(plan|ehcp)|"
    r"\bnot (going to|gonna) (amend|update|change (the|his|her|their|my|our) (ehc ?)?(plan|ehcp))\b|"
    r"not (to )?(ass?ess?|issue)|ceas|stop(ping)? (the|his|her|my|our)( \w+'?s?)? (ehc ?)?(plan|ehcp)|"
    # with a word between: "want to stop my lads ehcp", "ending my sons plan"
    r"\bend(ing)? (the|his|her|my|our)( \w+'?s?)? (ehc ?)?(plan|ehcp)", re.I)
APPEAL_WORDS = re.compile(
    # "tribunel", "meditation", "certifcate", "ehcap": misspelt, still the appeal's words
    r"tribun\w*|decision letter|final (ehc ?)?(plan|ehcp|ehcap) (\w+ )?(letter|leter|dated|came|come|comes|arrived|"
    r"issued|was issued|turned up|landed|through|thru)|"
    # "his plan is being finalised, the final letter will be dated 1 december"
    r"\bfinal letter\b|\b(plan|ehcp) (is )?(being )?finali[sz](ed|ing)\b|"
    # "cert came 4 dec, letter was 1 oct": a certificate said short
    r"\bcert\b|"
    r"(letter|dated|came with|got) .{0,25}final (ehc ?)?(plan|ehcp)|ehcp letter|media\w*n|meditation|certif\w*|"
    r"\bcertf\w*|section [bfi]\b|"
    r"(sent|send|issued|received|had) (us |me )?(the |a |his |her |their )?final (ehc ?)?(plan|ehcp)|"
    # "the amended ehcp arrived": a final amended plan can be appealed
    r"amended (ehc ?)?(plan|ehcp) (letter|dated|came|arrived|was issued|issued|turned up)",
    re.I)
# Asking for an assessment is about the council's timescales, unless the council has said no.
EHC_REQUEST_WORDS = re.compile(
    # not "for the new school to be put in his ehcp" (naming a school)
    r"(request|requested|ask|asked|applied|application|sent|"
    r"(?<!be )(?<!been )(?<!get )(?<!gets )(?<!never )(?<!not )(?<!n't )(?<!didnt )put in)"
    r"(?!.{0,15}\b(final|draft|amended)\b).{0,40}(assess|ehc|plan)|"
    r"(ehc|ehcp|ehcna|assessment|needs assessment) (request|application)|decide (whether|if) to assess|"
    r"(request|application) (went|was sent|sent|goes|was put) in|\b(sent|put|made|submitted) (in )?(the|our|a|my) "
    r"request\b(?! for (his|her|their|the|my) (records|file|data|information))|"
    r"(yes or no|decide|decision|deciding)( to| on| about| whether to| if they will)? assess|"
    r"\b(6|16|20|six|sixteen|twenty)[- ]weeks?\b(?! ago)|week \d+", re.I)
EHC_WORDS = re.compile(r"needs assessment|final plan|ehc (plan|process)", re.I)
AMENDMENT_WORDS = re.compile(r"proposed (amendments|changes)|amendment (notice|letter)|amended plan", re.I)
DRAFT_WORDS = re.compile(r"draft (ehc ?)?(plan|ehcp)|proposed (amendments|changes)", re.I)
# "The council sent his amended ehcp after the annual review ... how long to challenge it?": the final amended
# plan, which is appealed, not the review's timeline.
AMENDED_PLAN_ISSUED = re.compile(
    r"(?<!not )(?<!n't )(?<!never )(?<!yet )(?<!nt )"  # "we've still not had the amended plan": not come
    r"\b(sent|issued|got|received|had|came with|finali[sz]ed) (us |me )?(the |a |his |her |their |my \w+'?s )?"
    r"(final )?amended (ehc ?)?(plan|ehcp)\b|\bamended (ehc ?)?(plan|ehcp) (\w+ )?(letter|dated|came|arrived|"
    r"was issued|issued|turned up)\b", re.I)
# A mediation certificate is only ever for an appeal: "after the annual review ... the certificate is dated 20
# november, what's my deadline" is the appeal's, not the review's.
# "when do i have to contact the mediation adviser by": the mediation adviser's own day (reg 33), said first.
# "mediaton", "meditation": mediation misspelt
MEDIATION = r"(media\w*n|meditation)"
MEDIATION_ADVISER_ASKED = re.compile(
    rf"\b(when|by when|deadline|last day|how long|time limit|too late)\b.{{0,50}}\b({MEDIATION} (advis[eo]r|service|"
    rf"people|certificate|cert)|(contact|ring|call|phone|email|tell|speak to|get in touch with|get hold of) (the )?"
    rf"{MEDIATION})\b|\b{MEDIATION} (advis[eo]r|certificate)\b.{{0,30}}\b(by when|deadline|last day|time limit|"
    r"by\W*$)", re.I)
KIND_WORDS = [("discrimination", DISCRIMINATION_WORDS), ("appeal", STRONG_APPEAL_WORDS), ("appeal", REFUSAL_WORDS),
              ("appeal", re.compile(r"mediat\w* (certif\w*|certf\w*|cert)\b|\b(certif\w*|certf\w*) (is |was )?dated|"
                                    r"\bcert (is |was )?dated", re.I)),
              ("draft", DRAFT_WORDS), ("appeal", AMENDED_PLAN_ISSUED), ("review", REVIEW_WORDS),
              ("ehc", EHC_REQUEST_WORDS), ("appeal", APPEAL_WORDS),
              ("ehc", EHC_WORDS)]
# "certifcate", "certficate", "certifiate": a certificate misspelt is still one (else its date is the letter's)
CERTIFICATE_ITSELF = re.compile(r"certificate|\bcertif\w*|\bcertf\w*|\bcerts?\b", re.I)
CERTIFICATE = re.compile(rf"{CERTIFICATE_ITSELF.pattern}|mediation", re.I)
CONTACTED_MEDIATION = re.compile(r"\b(rang|rung|ring|called|phoned|contacted|emailed|spoke|spoken|told|messaged)\b"
                                 r".{0,30}\bmediation\b", re.I)
LETTER = re.compile(r"letter|decision|refus|ceas|final (ehc ?)?plan|final ehcp|council|\bla\b|email", re.I)
DATED = re.compile(r"\bdated\b|date (on|of) (the|it)|written on|has (that|the) date", re.I)
# Taking back a date just typed, in the same message: "13/11... no wait, it's 16/11".
SELF_CORRECTION = re.compile(r"\b(no wait|wait no|no sorry|sorry (i mean|i meant|no)|i mean|i meant|"
                             r"no,? (it'?s|it was)|actually,? (it'?s|it was)|scratch that|correction)\b[^0-9]{0,20}$",
                             re.I)
CORRECTION = re.compile(r"misread|wrong (date|letter|one)|i meant|typo|mistake|not the right|my bad|correction|"
                        r"got it wrong|not that one|read (it |that |the date |the letter )?wrong|\bnot the \d|"
                        # "sorry no its dated 13 nov not oct"
                        r"\bnot (in )?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b(?! (yet|either))|"
                        r"\b(sorry,? no|no,? sorry)\b|"
                        # "sorry thats wrong, it was the 15th of october"
                        r"\b(that'?s|thats|that is|it'?s|its|that was|it was|(that|the) date (is|was)) "
                        r"(wrong|not right|incorrect)\b", re.I)
# A message that starts by taking back the date before: "no wait it was 29/10" (the letter's, unless a certificate
# was being talked about).
TAKEN_BACK = re.compile(r"^\W*(no,? wait|wait,? no|oops|whoops|sorry,? (it was|it'?s|its|the date|i)|"
                        r"actually,? (it was|it'?s|its)|no,? (it was|it'?s|its))\b|"
                        # "no, 15 october"
                        r"^\W*no\b,?(?= ?(the )?\d)", re.I)
DEADLINE_CUE = re.compile(
    r"deadline|appeal (in )?by|(get|send|put|lodge) (it|the appeal|an appeal|my appeal|our appeal) in by|how long|"
    r"cut ?off|last day|time limit|too late|when (do|must|should) (i|we)|by when|"
    r"until when|still (appeal|claim)|when (is|was) (the|my)|letter|dated|\bdue\b|last date|"
    r"\b(have|has|need|needs) to be (in|sent|lodged)( by)?\b|\bbe in by\b", re.I)
# Asking again about a deadline whose date was given a message or two ago ("is it too late now?").
ASKED_AGAIN = re.compile(
    r"deadline|too late|last day|time limit|\bin time\b|cut ?off|by when|until when|"
    # "we want to take it to tribunal, when does it have to be in by"
    r"\b(have|has|need|needs) to be (in|sent|lodged|with them)( by)?\b|\bbe in by\b|"
    # "when do i need to ring the mediation adviser by" after the dated letter
    rf"{MEDIATION_ADVISER_ASKED.pattern}|"
    # "have i missed it?" after the letter's and the certificate's dates
    r"\b(have|did|has) (i|we|he|she) (missed|miss) (it|the (deadline|date|appeal|boat))\b|\bmissed (it|the deadline)\?|"
    # "can I still appeal that?" after the dated refusal
    r"\b(can|could|do|am) (i|we) still (appeal|claim|challenge|able to appeal|allowed to appeal)\b|"
    # "can i still take them to tribunal?"
    r"\b(can|could) (i|we) still (take|bring|make|put in|get|do|file|lodge|start) (them|it|a claim|the school|this|"
    r"him|her|an? (disability )?(discrimination )?(claim|appeal))\b|"
    # "its nearly december and no plan, not even a draft. is that allowed" after a dated request
    r"\bnot even a draft\b|\b(still )?no (plan|draft|decision)\b.{0,40}\b(is (that|this|it) (allowed|legal|normal|ok|"
    r"right)|allowed)\b|"
    r"how long (have|do|did|would) (i|we)|(what|which) date|"
    # "when should we have the final version?" after a dated review
    r"when (should|will|would|do|must) (we|i) (expect to )?(have|get|receive|see|hear)\b|"
    # "how long have they got to decide?"
    r"how long (have|has|do|does|will) (they|it|the council|the la|the school) (got|get|have|take)\b|"
    r"when (do|must|should|would|did) (i|we) (have to |need to )?(appeal|claim|apply|send|get)|"
    # the council's next step after the dated event: "when should the council tell us?", "how long til the plan?"
    r"when (should|must|will|do|does|would|has|have) (the council|the la|they|it) "
    r"((actually|really|legally|even) )?(have to |need to )?"
    r"(tell|decide|send|reply|respond|let|finish|issue|get back)|how long (til|till|until|before|will it take)|"
    # "when should they have told me?"
    r"when (should|must|would|were) (the council|the la|they|it) (have )?(told|decided|sent|replied|responded|let|"
    r"finished|issued|got back|been)\b|"
    r"how long (are|is|do|does) (they|it|the council|the la) (actually |really |legally |even )?"
    r"(meant|supposed|allowed|got|have) to|"
    # time passing since the dated event: "heard nothing since, is that normal?"
    r"(heard|had|got) (absolutely |still |literally )?nothing|"
    r"(not|haven'?t|havent|never) (heard|had) (anything|back|a thing|a word|a peep)|"
    r"nothing since|still waiting|still no (plan|decision|reply|answer|news|word)\b|"
    # "when were they meant to get back to us by?" after a dated review
    r"when (were|was|are|is) (they|the council|the la|it) (meant|supposed|due|expected|required) to\b|"
    # "they haven't replied at all" after the dated request
    r"(haven'?t|havent|have not|hasn'?t|hasnt|has not|never|not) (even )?(replied|responded|got back|answered|"
    r"written back)\b|\bno (reply|response|answer) (yet|at all|from them|since)\b|"
    # "we're doing the school's complaint first, is that ok?": the clock does not stop for it
    r"complain\w* (to (the|his|her) school )?first|complaints? (process |procedure )?first|"
    r"(wait|waiting) (for|until|till) (the|their|a) complaint|does (the clock|it) stop|"
    r"no (reply|response|word) (yet|since)|is (that|this) normal|"
    # "are they even allowed to take this long?"
    r"\b(allowed|supposed|meant|able) to take (this|that|so) long\b|\btak(e|es|en|ing) (this|so) long\b|"
    # "it's only the school we disagree with, do we still need the certificate?": the deadline, said for that case
    r"\b(do|does) (we|i|he|she|they) (still |even |actually )?need (a|the|any) (mediation )?(certificate|cert)\b",
    re.I)
# "Does the complaint pause the time limit?": about the deadline of the story so far, dated or not.
PAUSE_ASKED = re.compile(r"\b(pause|stop|freeze|extend|hold)s? (the |my |our )?(time limit|clock|deadline)\b|"
                         r"\b(time limit|deadline|clock) (stop|pause|freeze)|"
                         # "does the 6 months wait until the complaint is finished?"
                         r"\b(time limit|deadline|clock|\d+ months?|six months?)\b.{0,30}\b(wait|waits|on hold|start "
                         r"again|restart)\b.{0,30}\b(complaint|appeal|panel|finish\w*|over|done)", re.I)
# A follow-up about the deadline in play ("and when do they have to decide?", "what time by?").
DEADLINE_FOLLOW_UP = re.compile(
    r"\bwhen\b|how long|what time|by when|deadline|last day|\bdue\b|too late|how many (days|weeks)|"
    r"what date|which date|still (in time|appeal)|christmas|\bshut\b|\bclosed\b|"
    r"^\W*(and|what about|how about) (the )?(final|decision|draft|plan|review|next)", re.I)
NO_CERTIFICATE = re.compile(
    r"\b(haven'?t|have not|havent|didn'?t|did not|don'?t|do not|dont|never) (got|get|have|had|received)"
    r"( a| any| the)? (one|certificate|cert|mediation)|\bno (mediation )?(certificate|cert)\b|"
    # "we havent done mediation or got a certificate"
    r"\b(haven'?t|have not|havent|not) (done|had|been to) (any )?mediation\b.{0,30}\b(certificate|cert)\b", re.I)
ENDED = re.compile(r"\b(until|till|ended|stopped|finished|last time)\b", re.I)
SCHOOL_ONLY = re.compile(r"section i\b|school (they )?(have |'ve |has been |was )?named|"
                         r"named (a|the|an) (wrong |different )?\w* ?school|names? (a|the|an) (wrong |different )?"
                         r"\w* ?school|\b(only|just) (about |with )?the school\b|"
                         r"type of school|which school|the school in the plan", re.I)
NOT_SCHOOL_ONLY = re.compile(r"section [bf]\b|\bneeds\b|provision|support|refus|ceas|won'?t assess", re.I)
# "the needs and provision parts are fine now": those parts named as not disputed
NOT_DISPUTED = re.compile(r"\b(section [bf]|needs|provision|support)\b[\w\s,/&]{0,40}?\b(are|is|'re|were|was)\s+"
                          r"(all\s+)?(fine|ok|okay|good|right|correct|agreed)\b", re.I)
LOOK_BACK = 6  # earlier messages searched for a date the parent already gave


@dataclass
class Gathered:
    kind: str
    dates: dict[str, dt.date] = field(default_factory=dict)
    problem: DateAnswer | None = None  # a future, vague or impossible date: explain and ask again
    note: str = ""  # e.g. which year we took for a date given without one

    @property
    def complete(self) -> bool:
        # An appeal can be worked out from a certificate alone (the letter's 2 months may be later: said).
        return ROLES[self.kind][0] in self.dates or (self.kind == "appeal" and "certificate_date" in self.dates)


def kind_from_text(text: str) -> str | None:
    for kind, pattern in KIND_WORDS:
        if pattern.search(text or ""):
            return kind
    return None


def kind_in_conversation(texts: Sequence[str]) -> str | None:
    """The deadline the conversation is about, from the parent's own words, newest first; a discrimination
    claim said earlier wins over a later "tribunal" (claims go to the Tribunal too)."""
    recent = list(texts[-LOOK_BACK:])
    for kind, pattern in KIND_WORDS:  # by priority over the whole conversation, not newest first
        if any(pattern.search(text or "") for text in recent):
            return kind
    return None


def school_only(texts: Sequence[str]) -> bool:
    """The appeal is only about the school named (section I): no mediation certificate is needed."""
    joined = NOT_DISPUTED.sub(" ", " ".join(texts[-LOOK_BACK:]))
    return bool(SCHOOL_ONLY.search(joined)) and not NOT_SCHOOL_ONLY.search(joined)


# Who a disability discrimination claim is against (law-and-services.md §2): the SEND Tribunal hears claims
# against schools, including maintained nursery schools and nursery classes in a school; claims against further
# education colleges and private nurseries go to the County Court.
COLLEGE = re.compile(r"\bcolleges?\b|\bfe\b|further education", re.I)
SCHOOL_NURSERY = re.compile(r"nursery (school|class)|(school'?s?|school) nursery|"
                            r"nursery (at|in|attached to) (the |a |his |her |their )?school", re.I)
PRIVATE_NURSERY = re.compile(r"(private|day|independent|pvi) (day )?nurser(y|ies)|pre-?school|playgroup", re.I)
NURSERY = re.compile(r"\bnurser(y|ies)\b", re.I)
SCHOOL = re.compile(r"\bschools?\b|\bacadem(y|ies)\b|\bpru\b|head ?teacher|\bhead\b|\bsenco\b|teacher|"
                    r"sixth form(?! college)", re.I)
# A suspension or exclusion from school (not "excluded him from the trip", which is a claim against the school).
EXCLUSION = re.compile(
    r"\b(suspen(d|ded|ds|sion|sions)|expel(led)?|off-?roll(ed|ing)?|exclu(de|ded|des|ding|sion|sions))\b"
    r"(?!(\s+(him|her|them|my \w+|our \w+))?\s+from\s+(the |a |an |his |her |their |all |any )?"
    r"(trip|residential|visit|club|activit|outing|swimming|sport|prom|lesson|class|assembl|play|lunch|break|"
    r"disco|party|event|performance|choir|team|group))", re.I)


def claim_against(texts: Sequence[str]) -> str | None:
    """Who a disability discrimination claim is against, from the parent's own words, newest message first:
    "school", "college", "private_nursery", "nursery" (not said which kind) or None (not said, or a message
    names more than one)."""
    for text in reversed(list(texts[-LOOK_BACK:])):
        text = text or ""
        if SCHOOL_NURSERY.search(text):
            found = {"school"}
        else:
            found = set()
            if PRIVATE_NURSERY.search(text):
                found.add("private_nursery")
            elif NURSERY.search(text):
                found.add("nursery")
            if COLLEGE.search(text):
                found.add("college")
            if SCHOOL.search(text):
                found.add("school")
        if len(found) == 1:
            return found.pop()
        if found:
            return None
    return None


# "I emailed the mediation people on 28 october and they havent sent a certificate yet": the certificate is awaited
CERTIFICATE_AWAITED = re.compile(
    rf"\b(haven'?t|havent|have not|not|never|still not|yet to)( been)? (sent|got|had|received|given|issued|come)\b"
    rf".{{0,30}}\b{CERTIFICATE_ITSELF.pattern}|{CERTIFICATE_ITSELF.pattern}.{{0,40}}\b(hasn'?t|hasnt|has not|not|"
    rf"never|still not|yet to)( yet)? (come|arrived|been sent|turned up|been issued)\b|\b(waiting|still waiting) "
    rf"(for|on) (the|a|my|our) (mediation )?{CERTIFICATE_ITSELF.pattern}|\bno {CERTIFICATE_ITSELF.pattern}\w* yet\b",
    re.I)


def awaiting_certificate(texts: Sequence[str]) -> bool:
    """The parent has contacted the mediation adviser and is waiting for the certificate."""
    recent = " ".join(texts[-LOOK_BACK:])
    return bool(CONTACTED_MEDIATION.search(recent) and CERTIFICATE_AWAITED.search(recent))


def about_exclusion(texts: Sequence[str]) -> bool:
    """The parent has talked about a suspension or exclusion from school in this conversation."""
    return any(EXCLUSION.search(text or "") for text in texts[-LOOK_BACK:])


CLAUSE_END = r"[.;!?]|\band\b|\bbut\b|,"
SENTENCE_END = r"[.;!?]"


def _clause_before(text: str, mention: DateMention, width: int = 60, ends: str = CLAUSE_END) -> str:
    before = text[max(0, mention.start - width):mention.start]
    return re.split(ends, before)[-1] if before else ""


def _last(pattern: re.Pattern[str], text: str) -> int:
    found = [m.start() for m in pattern.finditer(text)]
    return found[-1] if found else -1


def _appeal_roles(text: str, mentions: list[DateMention], known: dict[str, dt.date],
                  certificate_said: bool = False) -> dict[str, dt.date]:
    """Which date is the decision letter's and which the mediation certificate's: the nearer word before
    each date decides ("letter dated 3 Nov, certificate 20 Nov"); a date on its own after the letter date
    is the certificate's (the bot has just said "tell me its date")."""
    roles: dict[str, dt.date] = {}
    letters: list[tuple[bool, dt.date]] = []
    previous: str | None = None  # the role the date before this one took
    for mention in mentions:
        day = mention.answer.date
        assert day is not None
        clause = _clause_before(text, mention)
        if previous and SELF_CORRECTION.search(text[max(0, mention.start - 30):mention.start]):
            # "cert issued 13/11/2026... no wait its 16/11/2026": this date replaces the one just given
            if previous == "certificate_date":
                roles["certificate_date"] = day
            else:
                letters[-1] = (True, day)
            continue
        previous = "certificate_date" if _last(CERTIFICATE, clause) > _last(LETTER, clause) else "letter_date"
        certificate_at, letter_at = _last(CERTIFICATE, clause), _last(LETTER, clause)
        if certificate_at == letter_at == -1:  # "we got the mediation certificate, its dated 16 nov": the sentence
            sentence = _clause_before(text, mention, 100, SENTENCE_END)
            certificate_at, letter_at = _last(CERTIFICATE, sentence), _last(LETTER, sentence)
        if certificate_at > letter_at and CONTACTED_MEDIATION.search(clause) and not CERTIFICATE_ITSELF.search(clause):
            continue  # "rang the mediation people today": the certificate comes later, within days
        if certificate_at > letter_at:
            roles["certificate_date"] = day
        elif CORRECTION.search(text) or (TAKEN_BACK.search(text) and not certificate_said):
            # "sorry, I misread it, it's 23 October", "no wait it was 29/10": the letter's date again
            letters.append((True, day))
        elif letter_at >= 0 or not known.get("letter_date"):
            letters.append((bool(DATED.search(clause)), day))
        elif day > known["letter_date"]:
            roles["certificate_date"] = day
        else:
            letters.append((False, day))
    if letters:
        dated = [day for is_dated, day in letters if is_dated]
        roles["letter_date"] = dated[0] if dated else letters[0][1]
    return roles


def _roles(kind: str, text: str, mentions: list[DateMention], known: dict[str, dt.date],
           certificate_said: bool = False) -> dict[str, dt.date]:
    if kind == "appeal":
        return _appeal_roles(text, mentions, known, certificate_said)
    chosen = mentions[-1] if ENDED.search(text) else mentions[0]
    assert chosen.answer.date is not None
    return {ROLES[kind][0]: chosen.answer.date}


# "they wrote on 2/11/26 saying they'll assess": the council's reply (not "they only got it on the 9th": when the
# request arrived, which is the request's date)
COUNCIL_REPLIED = re.compile(r"\b(they|the council|the la|la|council|caseworker)\b.{0,20}\b(wrote|emailed|replied|"
                             r"rang|called|phoned|decided|agreed|told us|told me|came back)\b(?!.{0,30}\b(got|received|"
                             r"receipt)\b)", re.I)


def gather(kind: str, texts: Sequence[str], known: dict[str, dt.date], today: dt.date) -> Gathered:
    """`texts`: the parent's messages, oldest first (the latest last); `known`: dates already in play."""
    result = Gathered(kind, dates={k: v for k, v in known.items() if k in ROLES[kind]})
    if not result.complete:  # a date given earlier ("it happened on 2.10.26" ... "how long do I have?")
        corrected_day = None  # "dated 3rd nov" / "sorry, it's the 13th not the 3rd" / "so when's the last day?"
        earlier_texts = texts[-LOOK_BACK:-1]
        for index in range(len(earlier_texts) - 1, -1, -1):
            earlier = earlier_texts[index]
            if corrected_day is None and not result.dates and (corrected_day := day_only(earlier)):
                continue
            if (kind == "ehc" and not EHC_REQUEST_WORDS.search(earlier)
                    and any(EHC_REQUEST_WORDS.search(said) and has_an_exact_date(said)
                            for said in earlier_texts[:index])):
                # "request went in on 21 september" ... "they wrote on 2/11 saying they'll assess": the request's date
                continue
            coming = STILL_TO_COME.search(earlier) is not None  # "the review is booked in for 9th december"
            older = [m for m in find_dates(earlier, today, allow_future=coming)
                     if m.answer.status == "ok" and m.answer.date]
            if corrected_day and len(older) == 1:
                older = [_with_day(older[0], corrected_day, today)]
                corrected_day = None
            if coming and len(older) == 1:
                older = [upcoming(older[0], today, True)]
            if older:
                # the newest message with a date; an appeal's other date told before it ("we got the
                # certificate, dated 16 nov" ... "the letter was 2 october") is read too, the newer kept
                result.dates = {**_roles(kind, earlier, older, {}), **result.dates}
                result.note = result.note or " ".join(m.answer.message for m in older if m.answer.message)
                if len(result.dates) == len(ROLES[kind]):
                    break
    latest = texts[-1] if texts else ""
    if (year := year_only(latest)) and (fixed := _year_corrected(kind, texts, year, today)):
        return fixed  # "sorry i meant 2025"
    ahead = STILL_TO_COME.search(latest) is not None
    supposed = ahead or HYPOTHETICAL.search(latest) is not None
    mentions = find_dates(latest, today, allow_future=supposed)
    if not mentions and (day := day_only(latest)) and not result.dates \
            and (month := month_said_before(texts[-LOOK_BACK:-1], today)):
        # "the letter came start of october" ... "just dug it out, it's dated the 1st": that month's 1st
        built = latest_day(day, month, today)
        if built.status == "ok" and built.date:
            result.dates[ROLES[kind][0]] = built.date
            return result
    if (not mentions and (day := day_only(latest)) and not result.dates and DAY_TOLD.search(latest)
            and (built := latest_day(day, today.month if day <= today.day else (today.month - 2) % 12 + 1,
                                     today)).status == "ok" and built.date):
        # "the letter was dated the 5th, they refused to assess": the latest 5th, said, so it can be put right
        role = "certificate_date" if kind == "appeal" and CERTIFICATE_ITSELF.search(latest) else ROLES[kind][0]
        result.dates[role] = built.date
        result.note = (f"I've taken the {found_ordinal(latest)} to mean {built.date.strftime('%-d %B %Y')}. "
                       "If it's from another month, tell me the full date.")
        return result
    if not mentions and (day := day_only(latest)) and result.dates:
        role = "letter_date" if "letter_date" in result.dates else next(iter(result.dates))
        if corrected := _day_changed(result.dates[role], day, today):
            result.dates[role] = corrected
            return result
    good = [upcoming(m, today, ahead and len(mentions) == 1) if supposed else m
            for m in mentions if m.answer.status == "ok" and m.answer.date]
    future = [m for m in mentions if m.answer.status == "future" and m.answer.date]
    # "letter 16/10/26 ... certificate dated 10/11/26 ... the SENCO thinks a month from it, so 10th dec??": with a
    # dated good date for each role, a date still to come (or one without a year, taken as last year's) is
    # someone's guess at the deadline, not a mistyped one.
    if kind == "appeal" and len([m for m in good if not m.answer.no_year]) >= len(ROLES[kind]):
        future = []
        good = [m for m in good if not m.answer.last_year]
    if kind == "appeal" and good and future and not supposed:
        # "certificate came 2 Dec 26, the letter was 10 sept 26": a date still to come beside a good one is most
        # likely mistyped; counting from the good one alone would say the deadline had passed. Ask about it.
        when = future[0].answer.date
        assert when is not None
        roles = _roles(kind, latest, sorted([*good, *future], key=lambda m: m.start), result.dates)
        result.dates.update({role: day for role, day in roles.items() if day <= today})
        whose = "the certificate's date" if roles.get("certificate_date") == when else "the letter's date"
        result.problem = DateAnswer("future", when, (
            f"{say_date(when)} is still to come, so it cannot be {whose} yet. Could you check that date? "
            "Dates are read day first, so 2/12/26 means 2 December 2026."))
        return result
    if mentions and not good:
        # a vague story date ("she passed in september") does not undo the letter's date given before
        if not (result.dates and all(m.answer.status == "vague" for m in mentions)):
            result.problem = mentions[0].answer
        return result
    if (good and kind == "ehc" and COUNCIL_REPLIED.search(latest) and not EHC_REQUEST_WORDS.search(latest)
            and not CORRECTION.search(latest) and not TAKEN_BACK.search(latest)):
        # "request went in on 21 september" ... "they wrote on 2/11/26 saying they'll assess": the dates count from
        # the request, not from the council's reply
        for said in reversed(texts[-LOOK_BACK:-1]):
            requested = [m.answer.date for m in find_dates(said, today) if m.answer.status == "ok" and m.answer.date]
            if EHC_REQUEST_WORDS.search(said) and requested and (request_day := requested[0]):
                result.dates["request_date"] = request_day
                return result
    if good:
        certificate_said = any(CERTIFICATE_ITSELF.search(said) for said in texts[-LOOK_BACK:-1])
        result.dates.update(_roles(kind, latest, good, result.dates, certificate_said))
        result.note = " ".join(m.answer.message for m in good if m.answer.message)
        if (kind == "appeal" and "letter_date" in result.dates and ARRIVED.search(latest)
                and not DATED.search(latest) and not CERTIFICATE_ITSELF.search(latest)):
            result.note = (result.note + " " + ARRIVED_NOTE).strip()
        if supposed and (later := [m.answer.date for m in good if m.answer.date and m.answer.date > today]):
            result.note = (f"{later[0].strftime('%A %-d %B %Y')} is still to come: the dates here count from that "
                           "day. " + result.note).strip()
    letter, certificate = result.dates.get("letter_date"), result.dates.get("certificate_date")
    if letter and certificate and certificate < letter:
        result.dates.pop("certificate_date")
        this_year = _a_year_later(certificate)
        # only a date said without a year, which was taken as last year (its note says which year was taken)
        year_taken = f"{certificate.day} {certificate.strftime('%B %Y')}" in result.note
        if this_year and year_taken and today < this_year and letter <= this_year:
            # "the certificate is dated 29 november" (no year) six days ahead: taken as last year it is before
            # the letter; this year it has not come yet. Say so, not "before the letter".
            result.note = ""
            result.problem = DateAnswer("future", this_year, (
                f"{say_date(this_year)} is still to come, so it cannot be the certificate's date yet. "
                "Could you check the date on the certificate?"))
        else:
            result.problem = DateAnswer("impossible", message=(
                "That certificate date is before the decision letter. The certificate comes after the decision: "
                "could you check the date on it?"))
    return result


# "The letter came on the 2nd": the day it arrived, which may be after the date printed on it (the time limit's).
ARRIVED = re.compile(r"\b(came|arrived|arrive|got it|received|turned up|landed|came through|dropped through)\b|"
                     # "got the refusal letter yesterday", "we got the final ehcp today"
                     r"\bgot (the |a |his |her |their |our |my )?(\w+ ){0,2}(letter|plan|ehcp|decision)\b", re.I)
ARRIVED_NOTE = ("You told me when the letter came. The time limit counts from the date printed on the letter, "
                "which may be earlier: if it is, tell me that date.")
# "If his letter ends up dated 15 June 2027, when would I have to appeal?": a date still to come, on purpose.
HYPOTHETICAL = re.compile(r"\b(if|ends? up|suppose|supposing|say (it'?s|it is|the letter)|were to|what if|let'?s say|"
                          r"hypothetically|would (i|we) have)\b", re.I)
# A letter or a meeting still to come: "the decision letter would go out on 15th january", "the review is booked in
# for 9th december".
STILL_TO_COME = re.compile(r"\b(booked|scheduled|planned|arranged|set|pencilled)( in)? (for|on)\b|\bcoming up on\b|"
                           r"\b(meeting|review|appointment|mediation|hearing|panel) is (on|this|next)\b|"
                           r"\b(panel|meeting|hearing|review) (meets|sits|is held|takes place) on\b|"
                           r"\b(will|would|'ll|is going to|are going to|gonna|is due to|expect(ed|ing)?( it| them)? to)"
                           r"( be)? (go|going|goes|come|coming|arrive|sent|send|issued|issue|out|posted|dated)\b", re.I)
DAY_ALONE = re.compile(r"\bthe (\d{1,2})(st|nd|rd|th)\b(?! (form|grade|year|time|floor|birthday|century|week))", re.I)


MONTH_NAMED = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


THIS_OR_LAST_MONTH = re.compile(r"\b(this|last) month\b", re.I)


def month_said_before(texts: Sequence[str], today: dt.date | None = None) -> int | None:
    """The month named most recently in earlier messages ("the letter came start of october"; with today, also
    "a letter this month", "last month"), or None."""
    for text in reversed(texts):
        if today and (relative := THIS_OR_LAST_MONTH.search(text)):
            return today.month if relative.group(1).lower() == "this" else (today.month - 2) % 12 + 1
        found = [m for m in MONTH_NAMED.finditer(text) if m.group(0).lower() not in ("may", "march", "mar")
                 or re.search(r"\b(in|of|start of|end of|mid|early|late|beginning of) " + m.group(0), text, re.I)]
        if found:
            return MONTHS.index(found[-1].group(1).lower()[:3]) + 1
    return None


# "we asked back in April", "the review was in june": a month the event was in (not "nearly december").
IN_MONTH = re.compile(r"\b(?:in|of|during|since|early|mid|late|start of|end of|beginning of)\s+(?:the\s+)?"
                      r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b(?!\s*\d)", re.I)


# "Our EHC plan was due in August": a month named as when something should have happened.
DUE_BEFORE = re.compile(r"\b(due|expected|promised|supposed to (come|arrive|be (ready|done|issued|sent|finished))|"
                        r"meant to (come|arrive|be (ready|done|issued|sent|finished))|should have (come|arrived|had it|"
                        r"got it|been (issued|sent|finished)))( back)?( by| in| for| at the end of| before)?\W*$", re.I)


def latest_in_month_said(texts: Sequence[str], today: dt.date) -> dt.date | None:
    """"Asked back in April, they said yes in June": the last day of the most recent month named as when something
    happened (the latest any date in the story can be), if that month has ended; else None."""
    ends = []
    for text in texts:
        for found in IN_MONTH.finditer(text):
            month = MONTHS.index(found.group(1).lower()) + 1
            if month == today.month:
                continue  # this month ("it's the end of november now"): not over, so it says nothing yet
            if DUE_BEFORE.search(text[max(0, found.start() - 30):found.start()]):
                continue  # "the plan was due in August": when it should have come, not when it was asked for
            year = today.year if month < today.month else today.year - 1
            ends.append(dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
    return max(ends, default=None)


# A day alone told as a date: "dated the 5th", "it was on the 2nd" (not "the 2nd letter they sent").
DAY_TOLD = re.compile(r"\b(dated|date[ds]?|on|from|sent|written|was|is|it'?s|its)\s+the\s+\d{1,2}(st|nd|rd|th)\b"
                      r"(?!\s+(letter|time|one|meeting|review|attempt|request|appeal|school|child|kid|year|week|day|"
                      r"term|email|call|plan|draft|assessment))", re.I)


def found_ordinal(text: str) -> str:
    found = DAY_ALONE.search(text)
    return found.group(1) + found.group(2).lower() if found else ""


def day_only(text: str) -> int | None:
    """"Actually sorry, it was the 9th": a day of the month on its own, correcting a date just given (the first
    named: "it's the 13th not the 3rd")."""
    if len(text.split()) > 16 or find_dates(text) or not (found := DAY_ALONE.search(text)):
        return None
    day = int(found.group(1))
    return day if 1 <= day <= 31 else None


def _a_year_later(day: dt.date) -> dt.date | None:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return None


def _day_changed(date: dt.date, day: int, today: dt.date) -> dt.date | None:
    """The date with its day of the month corrected ("sorry, it was the 9th"), if that is a real day and not in
    the future."""
    try:
        corrected = date.replace(day=day)
    except ValueError:  # "the 31st" of a 30-day month
        return None
    return corrected if corrected <= today else None


# "sorry i meant 2025" after "dated 20/12/26": the year alone, correcting the date just given
YEAR_ALONE = re.compile(r"^\W*((sorry|oops|no|wait|actually|i meant|i mean|meant|it was|it'?s|its|should be|"
                        r"should have been|typo|the year is|year)\W+)*(20\d\d)\b(\W+not (20\d\d))?\W*"
                        r"(sorry|my bad|typo)?\W*$", re.I)


def year_only(text: str) -> int | None:
    """"Sorry I meant 2025": a year on its own, correcting the year of a date just given."""
    found = YEAR_ALONE.search(text or "")
    return int(found.group(3)) if found else None


def _year_corrected(kind: str, texts: Sequence[str], year: int, today: dt.date) -> Gathered | None:
    """The newest earlier date with the year put right, in the role it had."""
    for earlier in reversed(texts[-LOOK_BACK:-1]):
        said = [m for m in find_dates(earlier, today, allow_future=True) if m.answer.date]
        if not said:
            continue
        old = said[0].answer.date
        assert old is not None
        try:
            new = old.replace(year=year)
        except ValueError:  # 29 February
            return None
        result = Gathered(kind)
        if new > today:
            result.problem = DateAnswer("future", new, f"{say_date(new)} is still to come. Could you check the date "
                                                       "on the letter? Dates are read day first.")
            return result
        result.dates = _roles(kind, earlier, [DateMention(said[0].start, said[0].end, DateAnswer("ok", new))], {})
        return result
    return None


def _with_day(mention: DateMention, day: int, today: dt.date) -> DateMention:
    corrected = _day_changed(mention.answer.date, day, today) if mention.answer.date else None
    return DateMention(mention.start, mention.end, DateAnswer("ok", corrected)) if corrected else mention


def kind_dated_earlier(texts: Sequence[str]) -> str | None:
    """The deadline a recent message gave an exact date for ("letter dated 17/09, refusal to assess"), newest first."""
    for text in reversed(texts):
        if has_an_exact_date(text) and not STILL_TO_COME.search(text) and (kind := kind_from_text(text)):
            return kind  # not a meeting still to come ("the review meeting is on monday" ... "is that normal?")
    return None


# "He starts secondary in September 2027, when must the plan name the school?": the phase-transfer date.
# A date that says when something begins ("she starts college next September"), not when a letter came.
BEGINS = re.compile(r"\b(starts?|starting|begins?|beginning|joins?|joining|moves?|moving|going (in)?to)\b", re.I)
PHASE_MOVE = re.compile(
    r"secondary|high school|year 7|junior school|phase transfer|transfer|transition|moving (up|on)|"
    r"(move|moves|moving|start|starts|starting|going|goes) (up |on )?(to|into|at|school|college|sixth|year)(?! finish)|"
    r"college|sixth form|post[- ]?16", re.I)
TRANSPORT = re.compile(r"\b(taxi|transport|minibus|escort|bus pass|bus|buses|travel (help|support|training|assistance)|"
                       r"pay for (my|his|her|their) (bus|travel|fares?))\b", re.I)
POST_16 = re.compile(r"college|sixth form|post[- ]?16|year 12", re.I)
WHEN_ASKED = re.compile(r"\bwhen\b|by when|deadline|cut ?off|what date|how (long|early|soon)|in time|\bby\b|\bdue\b",
                        re.I)
CUT_OFF = re.compile(r"\bcut ?off\b", re.I)
MOVE_YEAR = re.compile(r"\b(20[2-4]\d)\b")
# "next year"; and "in year 6" or "in year 11", the last year before a move, means the coming September; not
# "in year 13" (a year group, no move named).
COMING_SEPTEMBER = re.compile(r"\b(next|this|coming|in) (september|sept|year|school year|academic year)\b(?! ?\d)|"
                              r"\bin year (6|11)\b", re.I)


# "moving from one college to another in January 2028": post-16 to post-16 at another time of year.
POST16_TO_POST16 = re.compile(
    r"(coll[ae]ge|sixth form).{0,40}\b(another|(other|different|new) (coll[ae]ge|sixth form|one))\b|"
    r"(coll[ae]ge|sixth form) to (a |another |the )?(coll[ae]ge|sixth form)|"
    r"(change|changing|switch|switching|move|moving) (coll[ae]ges?|sixth form)|"
    # "leaving her college and moving to a specialist college"
    r"(leav\w+|left) (her|his|their|the|my|our) (coll[ae]ge|sixth form)\b.{0,60}\b(coll[ae]ge|sixth form)|"
    r"(coll[ae]ge|sixth form)\b.{0,40}\bto (a|an) (\w+ ){0,2}(coll[ae]ge|sixth form)", re.I)
MOVE_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|oct|nov|dec)[a-z]*\.? (20[2-4]\d)\b", re.I)
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


@dataclass(frozen=True)
class PhaseTransferRequest:
    year: int  # the calendar year of the move
    post16: bool
    month: int = 9  # a move between two post-16 places can be at another time of year


# A year later than the coming September: "he's year 5 not 6, so it's the september after".
SEPTEMBER_AFTER = re.compile(r"\b(the )?(september|sept) after( next| that)?\b|\b(year|yr) (5|10) not (6|11)\b", re.I)


def phase_transfer_request(text: str, today: dt.date, earlier: Sequence[str] = ()) -> PhaseTransferRequest | None:
    """A question about when a plan must be amended for a move between phases, with the year of the move
    (in this message, or the question asked a message or two before and the year given now)."""
    text = text or ""
    said = " ".join([*earlier[-2:], text])
    if TRANSPORT.search(said):
        return None  # "will the taxi carry on when she goes into sixth form?": transport, not the plan's date
    if not (PHASE_MOVE.search(said) and WHEN_ASKED.search(said)) or kind_from_text(CUT_OFF.sub("", text)):
        return None  # "starts college in 2027, when can I appeal?" is about the appeal (a "cut off" is either)
    if not (MOVE_YEAR.search(text) or COMING_SEPTEMBER.search(text) or WHEN_ASKED.search(text)
            or SEPTEMBER_AFTER.search(text)):
        return None  # this message neither asks nor gives the year
    if POST16_TO_POST16.search(said) and (moved := MOVE_MONTH.search(text) or MOVE_MONTH.search(said)):
        return PhaseTransferRequest(int(moved.group(2)), True, MONTHS.index(moved.group(1).lower()[:3]) + 1)
    if found := MOVE_YEAR.search(text) or MOVE_YEAR.search(said):
        year = int(found.group(1))
    elif SEPTEMBER_AFTER.search(text):  # a year later than the coming September
        year = (today.year if today.month < 9 else today.year + 1) + 1
    elif COMING_SEPTEMBER.search(said):
        year = today.year if today.month < 9 else today.year + 1  # the next September
    else:
        return None
    return PhaseTransferRequest(year, bool(POST_16.search(said)))
