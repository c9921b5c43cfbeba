"""NLU components that keep the assistant safe and honest.

- ResponseSelectorGuard: FallbackClassifier only looks at the top-level intent ("role" at 0.99) and
  ignores how sure the ResponseSelector is about the answer ("role/ot" at 0.12). This guard turns a
  low-confidence answer into `nlu_fallback`, so the bot asks instead of answering wrongly. It also
  adds a `faq_key` entity naming the chosen answer, so follow-ups ("tell me more") know the topic.
- MessageBound: runs first; the classifier sees at most a fixed number of tokens of a message (its start
  and its end), so one huge message cannot stall or exhaust the server (bot/domain/message_limits.py). The
  whole message (up to MAX_CHARS) stays available to the safeguarding check.
- SafeguardingDetector: runs last; any message with risk or crisis language becomes the
  `safeguarding` intent, whatever was predicted before (see knowledge/safeguarding.yml).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_DEFAULT_INTENT,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
)
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.domain import (
    areas,
    clock,
    escalation,
    form_questions,
    glossary_terms,
    knowledge,
    message_limits,
    person_request,
    safeguarding,
    service_kinds,
    spelling,
)
from bot.domain.dates import has_a_date, has_an_exact_date, names_a_date
from bot.domain.deadline_kinds import DEADLINE_QUESTIONS, INTENT_FOR_KIND, kind_for_answer
from bot.domain.deadline_request import (
    ASKED_AGAIN,
    CERTIFICATE_ITSELF,
    COLLEGE,
    DATED,
    DEADLINE_CUE,
    DISCRIMINATION_WORDS,
    LOOK_BACK,
    NO_CERTIFICATE,
    PAUSE_ASKED,
    PRIVATE_NURSERY,
    REFUSAL_WORDS,
    REFUSED_TO_CHANGE,
    STILL_TO_COME,
    about_exclusion,
    day_only,
    kind_dated_earlier,
    kind_from_text,
    kind_in_conversation,
    latest_in_month_said,
    phase_transfer_request,
)
from bot.domain.deadline_text import late_from_month
from bot.domain.follow_ups import (
    ALREADY_DONE,
    ASKS_LOCAL_HELP,
    CONTACT_THEM,
    ESCALATE,
    FIND_THERE,
    HOW_THEN,
    WHAT_NOW,
    WHO_CAN_HELP,
    WHO_TO_TALK_TO,
    waiting_then_what_now,
)
from rasa_addons.conversation_context import EARLIER_TEXTS, PREVIOUS_TEXT
from rasa_addons.semantic_classifier import selected_answer

SAFEGUARDING_INTENT = "safeguarding"
FULL_TEXT = "send_full_text"  # message data key: the text before MessageBound cut it
# Intents a place name must not override.
KEEP_INTENT = {"safeguarding", "human_handoff", "delete_my_data", "stop", "inform_date", "ask_appeal_deadline",
               "ask_discrimination_deadline", "ask_ehc_deadline", "ask_review_deadline", "ask_deadline"}
# "Who can help me round here?": with a place named, the parent wants local contacts.
LOCAL_HELP = re.compile(r"\bwho (can|could|do i|should i|shall i|will|helps?)\b|\b(help|advice|advise|support|"
                        r"service|services|local|near me|nearby|round here|around here|in my area|contact|"
                        r"get hold of|speak to|talk to|anyone)\b", re.I)
# Words that ask for a deletion.
DELETE_WORDS = re.compile(r"\b(delet\w*|remov\w*|eras\w*|wipe\w*|forget|forgot|clear\w*|get rid|destroy\w*|"
                          r"scrub\w*)\b", re.I)
# Asking what this chat keeps and who sees it.
PRIVACY_ASKED = re.compile(r"\b(do|does|will|did) (you|this chat|this|it) (save|store|keep|record|remember|log)\b"
                           r".{0,30}\b(what i|my|i type|i write|i say|this|messages?|chat|conversation|details)|"
                           r"\bwho (can|could|will|else can) (see|read) (this|it|what i|my (messages?|chat))\b", re.I)
# Asking for a local service's details: worth a closer look for a misspelt place.
CONTACT_CUE = re.compile(r"\b(sendiass|sendias|iass|local offer|number|phone|contact|details|near me|nearby|"
                         r"round here|around here|in my area|local|locally|who helps|helps parents|"
                         r"any(one|body) (in|round|near|around)|(who|where) (do|can|should) (i|we) (talk|speak|go))\b",
                         re.I)
# Asking how to reach a service named ("whats their number?"), not about it ("take it to the local ombudsman").
NUMBER_ASKED = re.compile(r"\b(numbers?|phone|ring|call|contact details|details|email|website|helpline)\b", re.I)
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
                            r"\b(invite|invitation)\b.{0,40}\b(allowed|enough notice|enough time|too late|late)\b|"
                            # "how long has the council got to set mediation up?": its timescale, not a sum
                            r"\bhow long\b.{0,40}\b(set (it |this )?up|arrange|organi[sz]e|book|sort (it )?out)\b|"
                            r"\b(haven'?t|havent|have not|not|never) sent (any of |any )?(the )?(reports|paperwork)\b",
                            re.I)
# Asking how long something takes or when it must happen (an answer's `how_long` answers it).
HOW_LONG_ASKED = re.compile(
    r"\bhow (long|soon|quickly|often|many (days|weeks|times))\b|\bwithin how\b|\btime ?(scales?|frames?|limits?)\b|"
    r"\bwhen (will|should|does|do|must|would|is) (it|they|the council|the la|mediation|the "
    r"(certificate|cert|meeting|mediation|decision|plan))\b", re.I)
# "Who do they get reports from and how long?": more than the timescales is asked.
ALSO_ASKS = re.compile(r"\bwho\b|\bwhat happens\b|\bwhat (do|does|is|are)\b", re.I)
# "How long do I have to take it to the ombudsman?": the Ombudsman's own time limit (its answer), not a sum.
OMBUDSMAN_TIME_LIMIT = re.compile(r"\bhow long\b.{0,40}\b(ombudsman|lgsco)\b|\b(ombudsman|lgsco)'?s? (time limit|"
                                  r"deadline)\b|\b(time limit|deadline)\b.{0,30}\b(ombudsman|lgsco)\b", re.I)
OMBUDSMAN_ANSWER = "service/ombudsman"
# "Had mediation on Friday, nothing agreed": the day of the meeting is neither the letter's nor the certificate's.
MEDIATION_HELD = re.compile(r"\b(had|have had|went to|attended|been to|did|done|finished)( the| our| a)? mediat\w*|"
                            r"\bmediat\w* (was|happened|took place|meeting was|ended)\b", re.I)  # "mediaton" too
LETTER_OR_CERTIFICATE = re.compile(rf"\bletter\b|\bdecision\b|\brefus\w*|\bfinal (ehc ?)?(plan|ehcp)\b|"
                                   rf"{DATED.pattern}|{CERTIFICATE_ITSELF.pattern}", re.I)
MEDIATION_TIMESCALES = "service/mediation_timescales"
# "No annual review for 18 months": a review that is late, not the dates after a review that happened.
REVIEW_OVERDUE = re.compile(
    r"\b(no|not had an?|hasn'?t had an?|hasnt had an?|haven'?t had an?|havent had an?|never had an?|without an?)"
    r"( annual)? review\b.{0,25}\b(for|in|since)\b|\b(annual )?review (is|was|'s) (overdue|late|well overdue)\b|"
    r"\b(over|more than) (a|one|1) year since (his|her|the|their|our|my)( last)? (annual )?review\b|"
    r"\b\d+ months (since|without) (a|an|the|his|her|their)( last)? (annual )?review\b", re.I)
REVIEW_OVERDUE_ANSWER = "ehc/review_overdue"
MONTH_COUNTS = ("ehc", "review")  # deadlines whose dates can be said late from a month alone ("asked in March")
# A follow-up is short: a long message ending "what can I do?" is a new story for the classifier.
FOLLOW_UP_WORDS = 20
PRIVACY_ANSWER = "service/this_chat_privacy"
# The answers for families outside England (a move into England is about help in England).
OTHER_NATION_ANSWERS = {"choices/wales", "choices/scotland", "choices/northern_ireland", "choices/outside_england"}
# A permanent exclusion's time limits are in its answers, not the deadline calculator: the independent review
# panel once the governors have upheld it, else the governors' meeting.
# Spelt as parents type it: "permanantly excluded", "the governers upheld it".
PERMANENT_EXCLUSION = re.compile(
    r"\bperm[ae]n[ae]nt\w* (excl|exlc|exc)\w*|\bexpell?ed\b|\bexcluded perm\w*|\bperm ex\b", re.I)
GOVERNORS_UPHELD = re.compile(r"\bgov[ae]rn[oe]rs?\b.{0,60}\b(upheld|uphold|agreed|backed|supported|kept|confirmed|"
                              r"stood by|went with)\b|\bupheld\b", re.I)
# How to reach a service ("is IPSEA the same thing? how do I get to talk to them"): the service, not the word.
HOW_TO_REACH = re.compile(
    r"\bhow (do|can|would|should|could) (i|we|you) (actually )?(get (to )?)?(talk|speak|get hold|get in touch|contact|"
    r"reach|ring|call|phone|book|get advice)\b|\b(their|the) (phone )?(number|website|helpline)\b", re.I)
# A discrimination claim against a college or a private nursery (deadline_request's words for them) goes to the
# County Court, not the SEND Tribunal.
DISCRIMINATION_ANSWERS = {"unhappy/discrimination", "unhappy/discrimination_remedies"}
EHC_WORDS = re.compile(r"\b(ehc\w*|plan|assess\w*|section [a-k])\b", re.I)
# "They upheld it. What now, can we challenge it?": whatever answer was picked, the review panel is the step.
CHALLENGE_ASKED = re.compile(r"\b(challenge|appeal|fight|overturn|what now|now what|next step|options|is that it|"
                             r"what (can|could|should|do) (i|we) do)\b", re.I)
# "The council agreed to assess her!!" read as its nearest neighbour, the refusal: the classifier does not weigh "no".
REFUSED_ASSESSMENT, AGREED_ANSWER = "ehc/refused_assessment", "ehc/agreed_to_assess"
AGREED_TO_ASSESS = re.compile(r"(?<!not )(?<!n't )(?<!never )\b(agreed|agree to|said yes|accepted|approved|going ahead|"
                              r"will ass?ess?|are ass?ess?ing|decided to ass?ess?)\b", re.I)
# "Can they give us the money for his speech therapy so we pick our own therapist?": a personal budget, not the
# therapist's answer its words are nearest to.
PERSONAL_BUDGET = "family/personal_budget"
MONEY_INSTEAD = re.compile(
    r"\b(give|pay|hand|send) (us|me|them|the family|parents) (the )?(money|mony|cash|funding|budget)\b|"
    # the parent getting it ("can I get the money for his OT"), not "the council doesn't have the money for the 1:1"
    r"\b(i|we|us|me|parents?)\b.{0,25}\b(get|have|be given|receive|take|manage) (the )?(money|mony|cash|funding)"
    r"( ourselves| myself| ourself| instead|"
    r" directly| to pay| for (his|her|the|their|our|my) \w+)|"
    r"\b(money|cash|funding) (instead|directly|ourselves|myself)\b|"
    r"\bpay for (our|my) own (therapist|therapy|ot|salt|tutor|support|speech)|\bdirect payments?\b", re.I)
BENEFIT_WORDS = re.compile(r"\b(dla|pip|allowance|benefits?|universal credit|carer'?s)\b", re.I)
# "What can you actually appeal to the SEND Tribunal about?": which decisions, not how to send the form.
WHAT_CAN_APPEAL = re.compile(
    r"\bwhat (else )?(can|could|do|would) (i|you|u|we|parents) (actually |even |really )?(appeal|take to|go to)\b|"
    r"\bwhat (sort of |kind of |kinds of |types of )?(things|decisions|stuff) (can|could) (i|you|we)? ?"
    r"(actually |even |really )?(appeal|take)\b|"
    r"\bis (it|the (send )?tribunal) only (for|if|when)\b", re.I)
APPEAL_ANSWERS = {"service/how_to_appeal", "service/tribunal", "glossary/tribunal", "unhappy/la_decision"}
# "The council refused to assess, I want to go to the Ombudsman": a decision to appeal, which it cannot look at.
REFUSAL_TO_OMBUDSMAN = re.compile(r"\b(refus\w*|said no|turned (us|him|her|it) down|won'?t (assess|issue)|"
                                  r"decided not to (assess|issue))\b", re.I)
# "I'm 17 and starting college, do they have to give me transport?": the answer for that age, 16 to 18 or 19 to 25.
AGE_SAID = re.compile(r"\b(i'?m|im|i am|he'?s|hes|she'?s|shes|he is|she is|they'?re|aged?|turns?|turning) "
                      r"(1[6-9]|2[0-5])\b", re.I)
TRANSPORT_BY_AGE = {"school/transport_post16": range(16, 19), "school/transport_19_25": range(19, 26)}
# "ok how. when do i ask?" after an answer that has a "when" answer of its own (family/personal_budget_when).
WHEN_TO_ASK = re.compile(r"\bwhen (do|should|can|could|would|must) (i|we|you) (ask|apply|request|put in)\b|"
                         r"\bat what (point|stage)\b|\bwhen is the (best |right )?time to ask\b", re.I)
# "The council said no to the school we want. Do I need mediation first?": an appeal about the school named.
SCHOOL_SAID_NO = re.compile(r"\b(school|academy|college)\b.{0,60}\b(said no|say no|says no|refus\w*|won'?t name|"
                            r"turned (it |us )?down|rejected)\b|\b(said no|refus\w*|won'?t name|rejected)\b.{0,40}"
                            r"\b(school|academy|college)\b", re.I)
# "Who do I complain to and in what order?": the route of complaints, whatever the story around the question.
COMPLAINT_ROUTE_ASKED = re.compile(r"\b(who|where) (do|can|should|would) (i|we) (complain|make a complaint|put a "
                                   r"complaint in)( to)?\b|\bcomplain to (who|whom)\b|\bhow (do|can|should) (i|we) "
                                   r"(make a |put in a |raise a )?(formal )?complain(t)?\b", re.I)
SCHOOL_WORDS = re.compile(r"\b(school|teacher|senco|sendco|head|headteacher|academy|trust|ta|1 ?(to|:) ?1|one to one|"
                          r"governors?|exclu\w*|suspen\w*|class)\b", re.I)
COUNCIL_WORDS = re.compile(r"\b(council|la|local authority|caseworker|case worker|send team)\b", re.I)
# "The school won't apply for an EHC assessment. So who actually decides, the school or the SENCO?": the council.
WHO_DECIDES = re.compile(r"\bwho (actually |really |even )?(decides|makes the decision|has the (final )?say|gets to "
                         r"decide)\b", re.I)
# "It was his class teacher who decided. Are they even allowed?", "can a TA send my son home?": only the
# headteacher can exclude (school/exclusion_overview says so first).
NOT_THE_HEAD = re.compile(r"\b(ta|teaching assistant|class teacher|teacher|senco|sendco|deputy( head)?|support worker|"
                          r"lunchtime supervisor|dinner lady)\b.{0,60}\b(allowed|decided|decides|can)\b|\b(can|could) "
                          r"(a|the|his|her) (ta|teaching assistant|teacher|class teacher|senco|deputy)\b.{0,20}"
                          r"\b(exclude|suspend|send)\b|"
                          # "the senco told me she will exclude him if he has one more meltdown"
                          r"\b(ta|teaching assistant|class teacher|teacher|senco|sendco|deputy( head)?)\b.{0,80}"
                          r"\b(will|would|'ll|going to|gonna|threaten\w*( to)?|can) (exclude|suspend|"
                          r"send (him|her|them) home)\b|"
                          r"\b(ta|teaching assistant|class teacher|teacher|senco|sendco|deputy( head)?)\b.{0,40}"
                          r"\b(shell|hell|theyll) (exclude|suspend)\b", re.I)  # "says shell exclude him", no apostrophe
# "Is she allowed?", "can she even do that?": whether the one who did it may.
MAY_THEY = re.compile(r"\ballowed\b|\bcan (a|the|his|her)\b|\b(can|could) (she|he|they) (even |actually |legally |"
                      r"really |just )?(do (that|this|it)|exclude|suspend|send)\b|\bis (that|this|it) (even )?(legal|"
                      r"allowed|lawful)\b", re.I)
SENT_HOME = re.compile(r"\b(send|sent|sends|sending) (him|her|them|my \w+) home\b|\bexclud\w*|\bsuspend\w*", re.I)
# "School says the OT should do it, the OT says it's the school's job. Whose job is it?" about help in a plan: the
# council's duty to secure it (ehc/section_f_duty).
WHOSE_JOB = re.compile(r"\bwhose (job|responsibility|duty)\b|\bwho('?s| is) (actually |legally )?(responsible|"
                       r"supposed to (do|provide|deliver|make sure))\b", re.I)
IN_THE_PLAN = re.compile(r"\bsection f\b|\b(in|on) (his|her|their|the|my \w+'?s?) (ehc ?p?|plan|ehcp)\b", re.I)
# "She's been off school for weeks with chronic fatigue. Whose job is it to make sure she's taught?": the council's
# duty to arrange education for a child too ill for school.
TOO_ILL = re.compile(r"\b(ill|illness|poorly|sick|unwell|hospital|chronic fatigue|cfs|long covid|bed ?bound|"
                     r"operation|surgery|cancer|chemo\w*|mental health|anxiety)\b", re.I)
# Missing school, not a medical need in school ("who is responsible for his epilepsy care at school?").
OFF_SCHOOL = re.compile(r"\b(off (school|sick|for)|miss(ed|es|ing)? (school|lessons|\d+|weeks|months|loads|so much)|"
                        r"(can'?t|cannot|cant|unable to) (go|get|attend|manage|face)\b|not (been )?(going|in school|at "
                        r"school|attending)|(hasn'?t|hasnt|haven'?t|havent|has not) been (in|to|at) school|"
                        r"(in|from|out of) hospital|bed ?bound|housebound|at home)", re.I)
HEALTH_NEEDS = "school/health_needs"
WHO_TEACHES = re.compile(r"\b(who|who'?s|anyone|anybody|someone|somebody)\b.{0,25}\b(meant|supposed|responsible|"
                         r"has|have|should)\b.{0,25}\b(teach\w*|educat\w*|lessons|schooling|tuition)\b", re.I)
# "The council wrote to say they're not going to amend it. What can I do?" after a review: the appeal
# (deadline_request.REFUSED_TO_CHANGE).
WHAT_CAN_DO = re.compile(r"\bwhat (can|could|should|do) (i|we) do\b|\b(my|our|what are the|any) options\b|"
                         r"\bcan (i|we) (challenge|appeal|fight|do anything)\b", re.I)
# "What if they say no?" after an answer that names the answer for a refusal (`if_refused:` in knowledge/answers).
WHAT_IF_NO = re.compile(r"\bwhat (if|happens if|about if|do (i|we) do if) (they|the council|the la|it|school|the "
                        r"school|he|she) (say|says|said|refuse\w*|turn\w* (it |us |me |him |her )?down|won'?t|wont|"
                        r"don'?t|dont|do not|decide\w* not)\b|\bif (they|the council|the la) (say no|refuse)\b", re.I)
# "What if they decide not to give her a plan after all that?": no plan after the assessment, not a plan ending.
NO_PLAN_AFTER_ALL = re.compile(r"\b(decide\w*|say|says|said|choose|chooses|go for) (not to|they won'?t|they will not) "
                               r"(give|issue|write|do|make|put (him|her|them) on) (him |her |them |us )?(a |an |the )?"
                               r"(ehc ?)?(plan|ehcp)\b|\bno (ehc ?)?(plan|ehcp) (after|at the end)\b", re.I)
# "They've taken her TA away and didn't even tell us": support changed without the parent (SEN support's answer).
SUPPORT_REMOVED = re.compile(r"\b(taken|took|takes|taking|stopped|stops|cut|removed|pulled|withdrawn|dropped) "
                             r"(away )?(the |his |her |their )?(ta|teaching assistant|support|1 ?(:|to) ?1|one to one|"
                             r"help|interventions?|group|sessions?|hours)\b", re.I)
NOT_TOLD = re.compile(r"\b(didn'?t|did not|didnt|never) (even )?(tell|told|ask|asked|consult|inform|let (us|me) know)|"
                      r"\bwithout (even )?(telling|asking|consulting|informing|a word)|\b(no ?one|nobody) (told|asked)|"
                      r"\bfound out (from|by accident|through)", re.I)
INVOLVE_PARENTS = "graduated/involve_parents"
# "He's on SEN support but nothing has changed. School say wait and see. What can I do?": the step after.
NO_PROGRESS = re.compile(r"\b(nothing (has )?(change[sd]?|improv\w*|work\w*)|no (progress|change|better)|not (making|"
                         r"made) (any )?progress|still (can'?t|cannot|can not|not|isn'?t|struggl\w*)|wait and see|"
                         r"not working|isn'?t working|hasn'?t (worked|helped))\b", re.I)
SEN_SUPPORT_ANSWERS = {"graduated/sen_support", "graduated/what_is", "glossary/sen_support", "graduated/first_steps",
                       "graduated/apdr", "glossary/apdr", "graduated/waves", "graduated/support_plan"}
# "I want to appeal the plan. What do I need to do first?": the appeal's first step (mediation advice).
FIRST_STEP_ASKED = re.compile(r"\bwhat (do|should|must|would) (i|we) (need to |have to )?do first\b|"
                              r"\bwhere (do|should) (i|we) (even )?start\b|\b(the )?first step\b", re.I)
# "Can SENDIASS help me or is it just for parents?": that service's answer (who it helps), not the story's.
WHO_A_SERVICE_HELPS = re.compile(r"\b(can|could|will|would|do|does) (\w+ ){1,2}(help|advise|support|talk to) (me|us|"
                                 r"young people|students|teenagers|adults)\b|\b(just|only) for (parents|children|kids|"
                                 r"mums|families)\b", re.I)
# A child at school is past the health visitor's worries about a baby's or toddler's development.
EARLY_DEVELOPMENT = "family/early_development"
AT_SCHOOL = re.compile(r"\b(year \d+|y\d+|reception|primary|secondary|at school|in school|teacher|class|senco|"
                       r"sendco|school gate|at the gate)\b", re.I)
REVIEW_PAPERS = re.compile(r"\b(reports?|advice|paperwork|papers|notice|invite|invitation)\b", re.I)
# "His plan has speech and language therapy in it. Who pays, the NHS or the council?": therapy that teaches or
# trains is education (section F), which the council must secure.
THERAPY = re.compile(r"\b(speech( and language)?|salt|language therapy|occupational therap\w*|ot|physio\w*|"
                     r"therap(y|ies|ist))\b", re.I)
WHO_PAYS = re.compile(r"\bwho (pays|funds|has to pay|should pay|is paying|foots the bill)\b|\bwho('?s| is) "
                      r"(paying|funding)\b", re.I)
# "Who is responsible for the health bits in her plan?": the plan's health part (the ICB's), not section F.
HEALTH_PART = re.compile(r"\bhealth (bits?|parts?|side|provision|section|stuff)\b|\bsection g\b|\bicb\b|\bccg\b",
                         re.I)
A_PLAN = re.compile(r"\b(ehc ?p?|ehcp|plan|section f)\b", re.I)
# "So who can actually make the request then?" after asking about an EHC needs assessment: that request, not one
# for records (school/subject_access_request), unless records are mentioned.
RECORDS_WORDS = re.compile(r"\b(records?|data|information|info|files?|subject access|sar|cop(y|ies)|notes|emails?|"
                           r"cctv|gdpr|reports?)\b", re.I)
# "I've talked to the SENCO and the head, nothing": not "talk to the SENCO first" again, but the step after.
FIRST_STEPS = {"unhappy/school_route", "unhappy/overview", "role/class_teacher", "role/senco", "role/overview"}
SAFETY_INTENTS = {"safeguarding", "stop", "human_handoff", "delete_my_data"}
# General answers about exclusion, which give way to the review panel's once the governors have upheld one.
ASKS = re.compile(r"\?|\b(what|how|who|where|which)\b", re.I)  # a question, not "the governors upheld it"
EXCLUSION_ANSWERS = {"unhappy/exclusion", "school/exclusion_overview", "school/exclusion_challenge",
                     "school/exclusion_sen", "school/exclusion_ehcp", "school/exclusion_governors"}
# "Contact" is also a charity's name (service/contact): "who do I contact?" uses the verb.
CONTACT_CHARITY = "service/contact"
CONTACT_AS_A_VERB = re.compile(
    r"\b(who|how|where|when|what) (do|should|can|shall|would|could|must) (i|we) (\w+ )?contact\b|\bto contact\b|"
    r"\bcontact (them|him|her|the (school|council|senco|la|team|nhs|gp)|someone|somebody|anyone|anybody|you|us|me)\b",
    re.I)
CONTACT_THE_CHARITY = re.compile(r"charity|helpline|help ?line|contact a family|contact\.org|family fund", re.I)


IRP_NAMED = re.compile(r"\bindependent review\b|\breview panel\b|\birp\b", re.I)


def exclusion_step(text: str, earlier: list[str]) -> str | None:
    said = " ".join([*earlier[-LOOK_BACK:], text])
    if PERMANENT_EXCLUSION.search(said) and IRP_NAMED.search(text):
        return "school/irp"  # "what's the time limit to ask for an independent review?"
    if not PERMANENT_EXCLUSION.search(said) or kind_in_conversation([*earlier, text]):
        return None
    return "school/irp" if GOVERNORS_UPHELD.search(said) else "school/exclusion_challenge"


# Intents a date must not override.
DEADLINE_INTENTS = DEADLINE_QUESTIONS | {"inform_date"} | SAFETY_INTENTS


def _set_intent(message: Message, name: str, confidence: float) -> None:
    intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
    message.data[INTENT] = intent
    ranking = [r for r in message.data.get(INTENT_RANKING_KEY, []) if r.get(INTENT_NAME_KEY) != name]
    message.data[INTENT_RANKING_KEY] = [intent, *ranking]


def _set_answer(message: Message, key: str, confidence: float = 0.9) -> None:
    """Answer with this FAQ answer ("glossary/spld"), in the shapes Rasa's ResponseSelector writes."""
    _set_intent(message, key.split("/")[0], confidence)
    selectors = dict(message.data.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {})
    selectors[RESPONSE_SELECTOR_DEFAULT_INTENT] = selected_answer(
        key, confidence, [{"id": 0, PREDICTED_CONFIDENCE_KEY: confidence, "intent_response_key": key}])
    message.data[RESPONSE_SELECTOR_PROPERTY_NAME] = selectors
    entities = [e for e in message.data.get(ENTITIES, []) if e.get("entity") != "faq_key"]
    entities.append({"entity": "faq_key", "value": key, "start": 0, "end": 0, "confidence_entity": confidence,
                     "extractor": "nlu_guards"})
    message.data[ENTITIES] = entities


def _merge_equivalent_topics(message: Message, key: str) -> None:
    """"What does a SENCO do?" read as role (0.51) and glossary (0.49): both give the same answer (role/senco and
    glossary/senco are equivalents), so the two readings are one and their confidences add up; otherwise the
    FallbackClassifier takes the near tie for an ambiguous question."""
    ranking = list(message.data.get(INTENT_RANKING_KEY) or [])
    top = message.data.get(INTENT) or {}
    equivalent_topics = {other.split("/")[0] for other in knowledge.get().equivalents.get(key, ())}
    merged = [r for r in ranking[1:3] if r.get(INTENT_NAME_KEY) in equivalent_topics - {top.get(INTENT_NAME_KEY)}]
    if not merged:
        return
    confidence = min(1.0, float(top.get("confidence") or 0.0) + sum(float(r.get("confidence") or 0.0) for r in merged))
    _set_intent(message, str(top.get(INTENT_NAME_KEY)), confidence)
    message.data[INTENT_RANKING_KEY] = [r for r in message.data[INTENT_RANKING_KEY] if r not in merged]


def _score_of(selected: dict[str, Any], key: str) -> float:
    """The classifier's confidence in one answer, from the answer picker's ranking (0 if not ranked)."""
    return sum(float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0) for r in selected.get("ranking") or []
               if r.get("intent_response_key") == key)


def _runner_up(selected: dict[str, Any], instead_of: str) -> tuple[str, float] | None:
    """The best-ranked answer other than `instead_of`, with its confidence."""
    found = next((r for r in selected.get("ranking") or []
                  if r.get("intent_response_key") not in (None, instead_of)), None)
    return None if found is None else (str(found["intent_response_key"]),
                                       float(found.get(PREDICTED_CONFIDENCE_KEY) or 0.0))


def _chosen_answer(message: Message) -> str:
    return next((str(e.get("value")) for e in message.data.get(ENTITIES, []) if e.get("entity") == "faq_key"), "")


def _open_to_guards(messages: list[Message], weak_guesses: bool = False
                    ) -> Iterator[tuple[Message, str, str | None]]:
    """(message, text, intent) for each typed message whose intent a place or a follow-up may change; with
    weak_guesses, also the classifier's unsure guesses at a deadline or a person with no date or deadline words
    in the message ("they still haven't replied. what's the next step?" read as a review deadline)."""
    for message in messages:
        text = message.get(TEXT) or ""
        intent = (message.data.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if text.startswith("/"):
            continue
        if intent not in KEEP_INTENT or (weak_guesses and _weak_guess(message, text, intent)):
            yield message, text, intent


WEAK = 0.8  # below this, the classifier's own deadline or person intent may give way to a follow-up reading


def _weak_guess(message: Message, text: str, intent: str | None) -> bool:
    if intent in DEADLINE_QUESTIONS and waiting_then_what_now(text):
        return True  # "its been months, what do i do": what to do about the wait, not the dates again
    confidence = float((message.data.get(INTENT) or {}).get("confidence") or 0.0)
    if confidence >= WEAK or person_request.asks_for_a_person(text):
        return False
    if intent == "human_handoff":
        return True
    return (intent in DEADLINE_QUESTIONS and not has_a_date(text) and not DEADLINE_CUE.search(text)
            and not ASKED_AGAIN.search(text) and not PAUSE_ASKED.search(text))


class ConfiguredClassifier(GraphComponent, IntentClassifier):
    """A rule-based step in the NLU pipeline: nothing to train, only its config."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ConfiguredClassifier:
        return cls(config)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ResponseSelectorGuard(ConfiguredClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # threshold: below this ResponseSelector confidence, ask instead of answering.
        # mismatch_threshold: when DIET's topic and the selector's answer disagree, the selector
        # must be at least this sure.
        return {"threshold": 0.3, "mismatch_threshold": 0.6}

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._guard(message)
        return messages

    def _guard(self, message: Message) -> None:
        intent = (message.data.get(INTENT) or {}).get(INTENT_NAME_KEY)
        typed = message.get(TEXT) or ""
        recent = " ".join([*_earlier(message)[-2:], typed])
        if (not typed.startswith("/") and WHAT_CAN_DO.search(typed) and REFUSED_TO_CHANGE.search(recent)
                and not has_an_exact_date(typed) and intent not in SAFETY_INTENTS):
            # "had the annual review ... now they won't amend it. what can I do?": the appeal, whatever the
            # classifier read (the review's deadline, the council's delays)
            _set_answer(message, "unhappy/la_decision", 0.9)
            return
        selectors = message.data.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}
        selected = selectors.get(intent) or selectors.get(RESPONSE_SELECTOR_DEFAULT_INTENT)
        if not selected or intent not in selectors.get(RESPONSE_SELECTOR_RETRIEVAL_INTENTS, []):
            return
        response = selected.get("response", {})
        key = response.get("intent_response_key") or ""
        confidence = float(response.get("confidence") or 0.0)
        if key == REFUSED_ASSESSMENT and AGREED_TO_ASSESS.search(typed) and not REFUSAL_WORDS.search(typed):
            # "The council agreed to assess her!!": good news, not the refusal it is nearest to; the two answers'
            # scores together say how sure the classifier is that this is about the decision to assess.
            key, confidence = AGREED_ANSWER, confidence + _score_of(selected, AGREED_ANSWER)
            _set_answer(message, key, confidence)
        elif (MONEY_INSTEAD.search(typed) and not BENEFIT_WORDS.search(typed)
              and not key.startswith(PERSONAL_BUDGET)):
            key, intent = PERSONAL_BUDGET, PERSONAL_BUDGET.split("/")[0]
            confidence += _score_of(selected, PERSONAL_BUDGET)
            _set_answer(message, key, confidence)
        elif ((WHOSE_JOB.search(typed) or WHO_TEACHES.search(typed)) and TOO_ILL.search(recent)
              and OFF_SCHOOL.search(recent)
              and not SENT_HOME.search(recent)
              and not IN_THE_PLAN.search(recent) and not typed.startswith("/")):
            # the classifier wavers between "too ill" and "work during an exclusion"; the words say which
            key, intent, confidence = HEALTH_NEEDS, HEALTH_NEEDS.split("/")[0], 0.9
            _set_answer(message, key, confidence)
        topic_matches = key.split("/")[0] == intent or any(
            other.split("/")[0] == intent for other in knowledge.get().equivalents.get(key, ()))
        needed = self.config["threshold"] if topic_matches else self.config["mismatch_threshold"]
        if confidence < needed:
            _set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, confidence)
            return
        if key == CONTACT_CHARITY and CONTACT_AS_A_VERB.search(typed) and not CONTACT_THE_CHARITY.search(typed):
            # "who do I contact to ask for it?" after short breaks: the verb, not the charity called Contact
            runner_up = _runner_up(selected, CONTACT_CHARITY)
            if runner_up is None or runner_up[1] < self.config["threshold"]:
                _set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, confidence)
                return
            key, confidence = runner_up
            _set_answer(message, key, confidence)
        elif (key == CONTACT_CHARITY and not re.search(r"\bcontact\b", recent, re.I)
              and (named := service_kinds.kind_from_text(recent)) not in (None, "contact")
              and f"service/{named}" in knowledge.get().answers):
            # "someone said ring sendiass. who are they?" / "do they charge?": the service named, not the charity
            key = f"service/{named}"
            _set_answer(message, key, confidence)
        if key == REVIEW_OVERDUE_ANSWER and STILL_TO_COME.search(recent):
            # "his annual review is next tuesday, isn't that short notice?": a review still to come is not late;
            # "... is this thursday" / "I haven't seen a single report": what must come before it
            if REVIEW_PAPERS.search(typed):
                key = "ehc/review_notice"
                _set_answer(message, key, confidence)
            elif (runner_up := _runner_up(selected, REVIEW_OVERDUE_ANSWER)) is not None:
                key, confidence = runner_up
                _set_answer(message, key, confidence)
        if (key == EARLY_DEVELOPMENT and AT_SCHOOL.search(recent)
                and (runner_up := _runner_up(selected, EARLY_DEVELOPMENT)) is not None):
            key, confidence = runner_up
            _set_answer(message, key, confidence)
        _merge_equivalent_topics(message, key)
        entities = [e for e in message.data.get(ENTITIES, []) if e.get("entity") != "faq_key"]
        entities.append(
            {"entity": "faq_key", "value": key, "start": 0, "end": 0,
             "confidence_entity": confidence, "extractor": type(self).__name__}
        )
        message.data[ENTITIES] = entities
        # "How long till it actually happens?" read as the mediation answer: the answer with its timescales.
        text = message.get(TEXT) or ""
        said = " ".join([*_earlier(message)[-LOOK_BACK:], text])  # this message and the few before it
        timescales = knowledge.get().answers[key].how_long if key in knowledge.get().answers else None
        if timescales and HOW_LONG_ASKED.search(text) and not ALSO_ASKS.search(text) and not text.startswith("/"):
            _set_answer(message, timescales, confidence)
        # England's law asked by a parent who says, or said before, they live in Wales, Scotland or Northern
        # Ireland ("hi im in glasgow" ... "how do i get an ehcp?", "in belfst. what if they wont assess"): that
        # nation's own system and help, not England's.
        elif (areas.england_only(key) and not text.startswith("/")
              and (nation := areas.nation_said_before(
                  [*_earlier(message), text]))):
            _set_answer(message, areas.nation_answer(nation))
            # England's reading is not a near second: the question is answered, not asked back as ambiguous
            message.data[INTENT_RANKING_KEY] = [r for r in message.data[INTENT_RANKING_KEY]
                                                if r.get(INTENT_NAME_KEY) != intent]
        # "I already spoke to the senco twice, nothing changed": the step after the furthest one tried
        elif (key in FIRST_STEPS and not text.startswith("/") and ALREADY_DONE.search(text)
              # "who do I complain to?": the whole route, complaint included, not only the next person
              and not (key.startswith("unhappy/") and re.search(r"\bcomplain", text, re.I))
              and (tried := escalation.furthest_after([text])) and tried != key and tried in knowledge.get().answers):
            _set_answer(message, tried, confidence)
        elif (key == "school/subject_access_request" and not text.startswith("/")
              and not RECORDS_WORDS.search(said)
              and EHC_WORDS.search(said)):
            _set_answer(message, "ehc/who_can_request" if re.search(r"\bwho\b", text, re.I)
                        else "ehc/request_assessment", confidence)
        elif (not text.startswith("/") and MAY_THEY.search(text)
              and ((key in EXCLUSION_ANSWERS | {"school/informal_exclusion", "school/suspension"}
                    and NOT_THE_HEAD.search(said))
                   # the role asked about is not the head's: "can a teaching asistant send my son home?"
                   or (key.startswith("role/") and key != "role/headteacher" and SENT_HOME.search(text)))):
            _set_answer(message, "school/exclusion_overview", confidence)
        # "Permanently excluded ... who decides if it stands?": the governors, then the review panel.
        elif (WHO_DECIDES.search(text) and not text.startswith("/") and PERMANENT_EXCLUSION.search(said)
              and key not in ("school/irp", "school/exclusion_governors")):
            _set_answer(message, "school/irp" if GOVERNORS_UPHELD.search(said) else "school/exclusion_governors",
                        confidence)
        elif (WHO_DECIDES.search(text) and key.startswith(("role/", "glossary/")) and key != "role/local_authority"
              and not text.startswith("/")
              and re.search(r"\b(ehc\w*|assess\w*)\b", said, re.I)):
            _set_answer(message, "role/local_authority", confidence)
        elif (WHOSE_JOB.search(text) and key != "ehc/section_f_duty" and not text.startswith("/")
              and IN_THE_PLAN.search(said)
              and not re.search(r"\b(nhs|health|icb|social care)\b", said, re.I)):  # health: the ICB's part
            _set_answer(message, "ehc/section_f_duty", confidence)
        elif ((WHO_PAYS.search(text) or WHOSE_JOB.search(text)) and not text.startswith("/")
              and THERAPY.search(said) and A_PLAN.search(said) and not HEALTH_PART.search(said)
              and key not in ("ehc/therapy_is_education", "ehc/section_f_duty")):
            _set_answer(message, "ehc/therapy_is_education", confidence)
        # "And if their complaints people just fob me off too?" about the council's delays: the Ombudsman, not the
        # Department for Education (which checks only schools' complaints)
        elif (key == "unhappy/dfe" and not text.startswith("/")
              and not SCHOOL_WORDS.search(said)
              and (COUNCIL_WORDS.search(said) or EHC_WORDS.search(said))):
            _set_answer(message, "service/ombudsman", confidence)
        # "The council missed every deadline ... I want to make an official complaint, how?": the council's
        # complaints and the Ombudsman, not the school's route its words are nearest to.
        elif (key in ("unhappy/school_route", "unhappy/after_head") and not text.startswith("/")
              and COUNCIL_WORDS.search(said) and not SCHOOL_WORDS.search(said)):
            _set_answer(message, "unhappy/la_failure", confidence)
        # "He's on SEN support. Who do I complain to and in what order?" after a story about the school: the
        # school's complaint route, not the answer nearest the story.
        elif (COMPLAINT_ROUTE_ASKED.search(text) and not key.startswith(("unhappy/", "service/", "school/"))
              and not text.startswith("/")):
            school, council = SCHOOL_WORDS.search(said), COUNCIL_WORDS.search(said)
            _set_answer(message, "unhappy/school_route" if school and not council else "unhappy/overview",
                        confidence)
        # "What if they say no?" after a personal budget: when it can be refused and what to do then
        elif (WHAT_IF_NO.search(text) and not text.startswith("/") and key in knowledge.get().answers
              and (refused := knowledge.get().answers[key].if_refused)):
            _set_answer(message, refused, confidence)
        elif (key == "choices/plan_ending" and NO_PLAN_AFTER_ALL.search(text) and not text.startswith("/")
              and not re.search(r"\b(stop|stopp\w*|end|ending|ceas\w*|take away|taking away)\b", said, re.I)):
            _set_answer(message, "ehc/refused_to_issue", confidence)
        elif (SUPPORT_REMOVED.search(said) and NOT_TOLD.search(said) and key != INVOLVE_PARENTS
              and not text.startswith("/") and not IN_THE_PLAN.search(said)
              and not re.search(r"\b(has|have|got) (an? )?(ehc ?p?|plan|ehcp)\b", said, re.I)):
            _set_answer(message, INVOLVE_PARENTS, confidence)
        elif (key in SEN_SUPPORT_ANSWERS and key != "graduated/no_progress" and not text.startswith("/")
              and NO_PROGRESS.search(said) and WHAT_NOW.search(re.split(r"(?<=[.?!])\s+", text.strip())[-1])):
            _set_answer(message, "graduated/no_progress", confidence)
        elif (FIRST_STEP_ASKED.search(text) and not text.startswith("/") and key != "unhappy/la_decision"
              and re.search(r"\bappeal\w*", said, re.I) and not DISCRIMINATION_WORDS.search(said)
              and not PERMANENT_EXCLUSION.search(said)):
            _set_answer(message, "unhappy/la_decision", confidence)
        elif (WHO_A_SERVICE_HELPS.search(text) and not key.startswith("service/") and not text.startswith("/")
              and (services := [f"service/{e.get('value')}" for e in message.data.get(ENTITIES, [])
                             if e.get("entity") == "service_kind"
                             and f"service/{e.get('value')}" in knowledge.get().answers])):
            _set_answer(message, services[0], confidence)
        # "ok how. when do i ask?" after a personal budget: when to ask for one
        elif (WHEN_TO_ASK.search(text) and not text.startswith("/")
              and (when := f"{key}_when") in knowledge.get().answers):
            _set_answer(message, when, confidence)
        # "Council say no to the school. Can I appeal? Do I need mediation first?": the school's appeal, which
        # needs no certificate.
        elif (key in ("service/mediation", "service/how_to_appeal") and not text.startswith("/")
              and SCHOOL_SAID_NO.search(" ".join([*_earlier(message)[-2:], text]))):
            _set_answer(message, "choices/school_refused", confidence)
        # "What can you actually appeal to the SEND Tribunal about?": the decisions that can be appealed.
        elif key in APPEAL_ANSWERS and WHAT_CAN_APPEAL.search(text) and not text.startswith("/"):
            _set_answer(message, "unhappy/what_can_appeal", confidence)
        # "They refused to assess, I want to go to the Ombudsman": which of the two fits, and mediation first.
        elif key == "service/ombudsman" and REFUSAL_TO_OMBUDSMAN.search(text) and not text.startswith("/"):
            _set_answer(message, "service/tribunal_or_ombudsman", confidence)
        # "im 17 and starting at a new college": the transport answer for that age.
        elif (key in TRANSPORT_BY_AGE and (age := AGE_SAID.search(text))
              and int(age.group(2)) not in TRANSPORT_BY_AGE[key]):
            _set_answer(message, next(k for k, ages in TRANSPORT_BY_AGE.items() if int(age.group(2)) in ages),
                        confidence)
        # "Is IPSEA the same thing? How do I get to talk to them?": the service's answer says how to reach it.
        elif (key.startswith("glossary/") and HOW_TO_REACH.search(text)
              and (service := f"service/{key.split('/', 1)[1]}") in knowledge.get().answers):
            _set_answer(message, service, confidence)
        # "Suspended 4 times this term ... can the governors look at it?": their exclusion meeting.
        elif (key == "role/governors" and not text.startswith("/")
              and about_exclusion([*_earlier(message), text])):
            _set_answer(message, "school/exclusion_governors", confidence)
        # "His FE college won't make adjustments. Do I go to the SEND Tribunal?": where that claim goes.
        elif (not text.startswith("/") and (COLLEGE.search(said)
                                            or PRIVATE_NURSERY.search(said))
              and (key in DISCRIMINATION_ANSWERS or (key == "service/tribunal" and not EHC_WORDS.search(said)))):
            _set_answer(message, "unhappy/discrimination_where", confidence)
        # "The governors upheld it. What are my options now?" after a permanent exclusion: the review panel,
        # the step after the governors, not the general answer about exclusions.
        elif ((key in EXCLUSION_ANSWERS or CHALLENGE_ASKED.search(text)) and not text.startswith("/")
              and ASKS.search(text)
              and GOVERNORS_UPHELD.search(said)
              and PERMANENT_EXCLUSION.search(said)):
            _set_answer(message, "school/irp", confidence)


def _earlier(message: Message) -> list[str]:
    """The parent's earlier typed messages, oldest first (rasa_addons/conversation_context.py)."""
    return list((message.get("metadata") or {}).get(EARLIER_TEXTS) or [])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class MessageBound(ConfiguredClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}  # the limits live in bot/domain/message_limits.py (read at run time, not frozen into the model)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            # Voice typing's "full stop", "question mark": read as the marks (the conversation keeps the words)
            if (written := spelling.written_punctuation(text)) != text:
                message.set(TEXT, written)
                text = written
            bounded = message_limits.bound(text)
            if bounded.text != text:
                message.data[FULL_TEXT] = text[: message_limits.MAX_CHARS]
                message.set(TEXT, bounded.text)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PersonRequestDetector(ConfiguredClassifier):
    """"Talk to a person", "I need help from a person": a person is always one step away, whatever the
    classifier thought (bot/domain/person_request.py). Safeguarding, after it, still wins."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if person_request.asks_for_a_person(message.get(TEXT) or ""):
                _set_intent(message, "human_handoff", 0.95)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafeguardingDetector(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafeguardingDetector:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.data.get(FULL_TEXT) or message.get(TEXT) or ""
            previous = (message.get("metadata") or {}).get(PREVIOUS_TEXT)
            kind = None if text.startswith("/") else (
                safeguarding.concern(text) or safeguarding.follow_up_concern(text, previous))
            if kind:
                _set_intent(message, SAFEGUARDING_INTENT, 1.0)
                # Which reply: a parent in crisis gets support for themselves first (utter_safeguarding).
                entities = [e for e in message.data.get(ENTITIES, []) if e.get("entity") != "concern"]
                entities.append({"entity": "concern", "value": kind, "start": 0, "end": 0,
                                 "extractor": type(self).__name__})
                message.data[ENTITIES] = entities
        return messages


# "Saw on TikTok that EHCPs are being scrapped and the tribunal is going": the proposed reforms, said plainly.
LAW_CHANGE = re.compile(
    # all plans or the Tribunal itself, not "his ehcp" (a plan being ended is an appeal)
    r"\b(scrap\w*|abolish\w*|get(ting)? rid of|ax(e|es|ed|ing)|phas(e|ed|ing) out)\b.{0,20}"
    r"\b(ehcps|ehc ?plans|the (send )?tribunal|send tribunal|statements)\b|"
    r"\b(ehcps|ehc ?plans|the (send )?tribunal)\b.{0,20}\b(being|are|is|will be|to be|getting|gonna be) "
    r"(scrapped|abolished|axed|got rid of|phased out|going(?! (ahead|to|well|on))|taken away)\b|"
    r"\bsend reforms?\b|\bwhite paper\b|\bindividual support plans?\b|\bisps?\b.{0,30}\breplac\w*", re.I)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LawChangeDetector(ConfiguredClassifier):
    """"Is it true EHCPs are being abolished?" in a story or after one: what the proposed reforms mean now (the
    law has not changed), even when the story around it drowns the question for the classifier."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def process(self, messages: list[Message]) -> list[Message]:
        for message, text, intent in _open_to_guards(messages):
            full = message.data.get(FULL_TEXT) or text
            earlier = _earlier(message)[-1:]
            if intent != "law_changes" and (LAW_CHANGE.search(full) or (
                    earlier and LAW_CHANGE.search(earlier[-1]) and len(text.split()) <= 12
                    and re.search(r"\b(true|real|bother|worth|still|should i)\b", text, re.I))):
                _set_intent(message, "law_changes", 0.9)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DeleteRequestCheck(ConfiguredClassifier):
    """Deleting cannot be undone, so only a message that asks to delete deletes. "Do you keep what I type?"
    read as "delete my conversation" had deleted it; such a question is answered with what this chat keeps."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            intent = (message.data.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if intent == "delete_my_data" and not text.startswith("/") and not DELETE_WORDS.search(text):
                _set_answer(message, PRIVACY_ANSWER, 0.8)  # "what do you store about me?": what this chat keeps
            elif (intent not in KEEP_INTENT and not text.startswith("/") and PRIVACY_ASKED.search(text)
                  and not DELETE_WORDS.search(text)):
                # "wait, do you save what I type?" after telling the child's name: about this chat, not the story
                _set_answer(message, PRIVACY_ANSWER, 0.8)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class StopRequestCheck(ConfiguredClassifier):
    """"Actually stop, I don't want to send anything" in the middle of the hand-off form had been saved as the best
    time to call: a parent changing their mind stops, whatever the classifier read (bot/domain/form_questions.py)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.data.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if intent not in SAFETY_INTENTS and form_questions.stops(message.get(TEXT) or ""):
                _set_intent(message, "stop", 0.95)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class GlossaryDetector(ConfiguredClassifier):
    """"His EP report says SpLD, what does that mean?": the meaning of the term asked about
    (bot/domain/glossary_terms.py), not an answer about the story around it, unless the answer chosen already
    explains that term."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def process(self, messages: list[Message]) -> list[Message]:
        kb = knowledge.get()
        for message, typed, _intent in _open_to_guards(messages):
            text = spelling.join_dotted(typed)  # "the I.C.B": the ICB
            earlier = [spelling.join_dotted(said) for said in _earlier(message)]
            several = glossary_terms.asked_terms(text, earlier)
            if several:  # "SLCN and SpLD, what do they mean?": each one (actions/glossary.py)
                _set_intent(message, "explain_terms", 0.9)
                message.data[ENTITIES] = [e for e in message.data.get(ENTITIES, []) if e.get("entity") != "faq_key"] \
                    + [{"entity": "glossary_term", "value": key, "start": 0, "end": 0, "extractor": "nlu_guards"}
                       for key in several]
                continue
            # "whats an EP" ... "how do we get one to see him": the person's own answer (who they are, how to reach)
            term = glossary_terms.term_one_refers_to(text, earlier)
            person = next((k for k in sorted(kb.equivalents.get(term or "", ())) if k.startswith("role/")), None)
            if person:
                _set_answer(message, person)
                continue
            key = glossary_terms.asked_term(text) or glossary_terms.asked_term_after(text, earlier)
            chosen = _chosen_answer(message)
            if key and not kb.same_answer(key, chosen):
                _set_answer(message, key)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class FollowUpDetector(ConfiguredClassifier):
    """Short follow-ups whose meaning is the conversation so far: "who can help me?" wants local help (the
    area given earlier is remembered), "what can I do about it?" the next step after the answer just given.
    A classifier reads them as "what can you do?" (help); the actions that know the context answer them."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def process(self, messages: list[Message]) -> list[Message]:
        for message, text, _intent in _open_to_guards(messages, weak_guesses=True):
            last = re.split(r"(?<=[.?!])\s+", text.strip())[-1]
            earlier = _earlier(message)
            if WHO_CAN_HELP.search(text) or CONTACT_THEM.search(text) or ASKS_LOCAL_HELP.search(text):
                _set_intent(message, "find_contact", 0.9)
            elif ((WHO_CAN_HELP.search(last) or WHO_TO_TALK_TO.search(last) or FIND_THERE.search(text))
                  and any(areas.load().match(said).area for said in [*earlier[-3:], text])):
                _set_intent(message, "find_contact", 0.9)  # area known: "...not helping. who can help me"
            elif earlier and HOW_THEN.search(text):
                _set_intent(message, "tell_me_more", 0.9)  # "ok how" after an answer: its detail
            elif WHAT_NOW.search(text) or (earlier and waiting_then_what_now(text)) or (
                    earlier and len(text.split()) <= FOLLOW_UP_WORDS and (
                    ESCALATE.search(last) or (WHAT_NOW.search(last) and ALREADY_DONE.search(text)))):
                # also "I've already been to the class teacher. so what now?": the step after that
                _set_intent(message, "what_next", 0.9)  # "is there anyone above them?" after an answer
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class AreaAnswerDetector(ConfiguredClassifier):
    """A short message naming a council area ("Hull", "we're in Rugby") is an answer to "which area?",
    even when the classifier was unsure: there are 153 areas and far more names than examples.
    A question about a service that names an area ("sendiass in Kingston") wants its contacts."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_words": 6, "replace": ["nlu_fallback", "out_of_scope", "greet", "inform_date"],
                "contact_topics": ["service"]}

    def process(self, messages: list[Message]) -> list[Message]:
        for message, text, intent in _open_to_guards(messages):
            entities = message.data.get(ENTITIES, [])
            # "Behind in reading" is not Reading: an everyday word is a place only when used as one.
            entities = [e for e in entities if e.get("entity") != "area"
                        or areas.names_the_place(text, str(e.get("value") or ""))]
            message.data[ENTITIES] = entities
            has_area = any(e.get("entity") == "area" for e in entities)
            moved = areas.MOVED_TO.search(text)
            if moved and areas.load().match(moved.group(1)).status == "found" and (
                    intent in self.config["replace"] or _chosen_answer(message) in OTHER_NATION_ANSWERS):
                _set_intent(message, "find_contact", 0.9)  # "we moved from Cardiff to Bristol": help in Bristol
            elif areas.nation_named(text):
                # Wales, Scotland, Northern Ireland: their own law and services, whatever was asked.
                _set_intent(message, "find_contact", 0.9)
            elif not has_area:
                if (NUMBER_ASKED.search(text) and (kind := service_kinds.kind_from_text(text))
                        and service_kinds.get()[kind].national
                        and _chosen_answer(message).split("/")[-1] != kind):
                    # "whats the number for the ACE advice line?": a national service asked for by name, not
                    # another service's answer (it had got EASS's)
                    _set_intent(message, "find_contact", 0.9)
                    continue
                # A misspelt place ("birmingam sendiass number"): the entity ruler needs exact names, the
                # gazetteer does not. Only when the message asks for a local contact (a fuzzy search costs more).
                if CONTACT_CUE.search(text) and areas.load().match(text).area:
                    _set_intent(message, "find_contact", 0.9)
                elif (intent in self.config["replace"] and len(text.split()) <= 3
                      and areas.load().match(text).area):
                    _set_intent(message, "inform_area", 0.9)  # "sheffeild" on its own: an area, misspelt
                continue
            elif intent in self.config["replace"] and len(text.split()) <= self.config["max_words"]:
                _set_intent(message, "inform_area", 0.9)
            elif (_chosen_answer(message) in OTHER_NATION_ANSWERS
                  and not areas.nation_named(text, english_wins=False)):  # "we're in Stoke": an English area
                short = len(text.split()) <= self.config["max_words"]
                _set_intent(message, "inform_area" if short else "find_contact", 0.9)
            elif (intent in self.config["contact_topics"] or LOCAL_HELP.search(text)
                  or any(e.get("entity") == "service_kind" for e in entities)):
                _set_intent(message, "find_contact", 0.9)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DateAnswerDetector(ConfiguredClassifier):
    """A date is a deadline question's answer, whatever the classifier thought:
    - a short message naming a date ("got the letter on 3rd nov") answers the date question;
    - a message with a date about something that has a deadline ("they refused to assess, letter dated
      3/11, what can I do?") gets the deadline worked out, not an answer asking for the date."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_words": 12, "replace": ["nlu_fallback", "out_of_scope", "greet", "goodbye", "thanks"]}

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            intent = (message.data.get(INTENT) or {}).get(INTENT_NAME_KEY)
            earlier_said = _earlier(message)
            # Typed questions whose time limits are answers, not sums (whatever the classifier thought).
            answer = None if text.startswith("/") or intent in SAFETY_INTENTS else (
                # "permanently excluded, governors upheld it, how long have I got?"
                ((DEADLINE_CUE.search(text) or ASKED_AGAIN.search(text) or GOVERNORS_UPHELD.search(text))
                 and exclusion_step(text, earlier_said))
                or (OMBUDSMAN_TIME_LIMIT.search(text) and OMBUDSMAN_ANSWER)
                or (REVIEW_OVERDUE.search(text) and not has_an_exact_date(text) and REVIEW_OVERDUE_ANSWER)
                # "had mediation on friday": the certificate comes next
                or (MEDIATION_HELD.search(text) and not any(LETTER_OR_CERTIFICATE.search(said)
                                                            for said in [*earlier_said[-LOOK_BACK:], text])
                    and MEDIATION_TIMESCALES))
            if answer:
                _set_answer(message, answer)
                continue
            if text.startswith("/") or intent in DEADLINE_INTENTS or NOT_A_DEADLINE.search(text):
                continue
            if intent not in SMALL_TALK and phase_transfer_request(text, clock.today(), earlier_said):
                _set_intent(message, INTENT_FOR_KIND["ehc"], 0.9)  # "starts secondary sept 2027, by when?"
                continue
            # A long message was cut to its start and end for the classifier; a letter's date in the middle of the
            # story still counts ("...a letter dated 27th October 2026 ... when must the appeal reach them?").
            full = message.data.get(FULL_TEXT) or text
            if not has_a_date(full):
                earlier = _earlier(message)
                if NO_CERTIFICATE.search(text) and ASKED_AGAIN.search(text):
                    _set_intent(message, INTENT_FOR_KIND["appeal"], 0.9)  # "haven't got one, so what's my deadline"
                elif NO_CERTIFICATE.search(text) and len(text.split()) <= self.config["max_words"]:
                    _set_intent(message, "deny", 0.9)  # "we haven't got a certificate": the deadline stands
                elif ASKED_AGAIN.search(text) and (kind := kind_dated_earlier(earlier)):
                    _set_intent(message, INTENT_FOR_KIND[kind], 0.9)  # "is it too late now?" after a dated letter
                elif (ASKED_AGAIN.search(text) and (kind := kind_in_conversation(earlier)) in MONTH_COUNTS
                      and latest_in_month_said(earlier[-LOOK_BACK:], clock.today())):
                    # "asked for the assessment in march" ... "still no plan": counted from that month's end
                    _set_intent(message, INTENT_FOR_KIND[kind], 0.9)
                elif day_only(text) and any(has_an_exact_date(said) for said in earlier[-3:]):
                    _set_intent(message, "inform_date", 0.9)  # "actually sorry it was the 9th"
                elif PAUSE_ASKED.search(text) and (kind := kind_in_conversation([*earlier, text])):
                    _set_intent(message, INTENT_FOR_KIND[kind], 0.9)  # "does the complaint pause the time limit?"
                elif (intent in self.config["replace"] and DEADLINE_CUE.search(text)
                      and (kind := kind_from_text(text))):
                    _set_intent(message, INTENT_FOR_KIND[kind], 0.9)  # "is it 6 weeks to appeal?": the rule
                continue
            answer = _chosen_answer(message) or None
            # The parent's own words first ("we sent the request on 5 october": the EHC clock, whatever answer
            # the classifier picked); a vague date alone ("last week") is not a deadline question.
            # A vague date in a story ("complained to the head in october") with no question about a deadline
            # is not a date to count from, whatever deadline the chosen answer offers.
            asked = DEADLINE_CUE.search(text) or has_an_exact_date(full) or ASKED_AGAIN.search(text)
            # "we asked back in march and there's still no plan": the wait for that request
            kind = ((kind_from_text(full) if DEADLINE_CUE.search(text) or has_an_exact_date(full)
                     or ASKED_AGAIN.search(text) else None)
                    or (kind_for_answer(answer) if asked else None)
                    # "that was on 3rd july, we're doing the complaint first, is that ok?" after the story
                    or (kind_in_conversation(earlier_said) if ASKED_AGAIN.search(text) else None))
            # "requested the assessment back in march" on its own: the dates that have passed since, if some have
            if (not kind and not ASKS.search(text) and (told := kind_from_text(full)) in MONTH_COUNTS
                    and (latest := latest_in_month_said([full], clock.today()))
                    and late_from_month(told, latest, clock.today())):
                kind = told
            if kind:
                _set_intent(message, INTENT_FOR_KIND[kind], 0.9)
            elif ((intent in self.config["replace"] and len(text.split()) <= self.config["max_words"]
                   # "my son is 16 in april" is not an answer unless a deadline is being talked about
                   and ((has_an_exact_date(text) and intent not in SMALL_TALK) or kind_in_conversation(
                       _earlier(message))))
                  or (len(text.split()) <= 4 and names_a_date(text))):  # "31st February 2026": just a date
                _set_intent(message, "inform_date", 0.9)
        return messages


