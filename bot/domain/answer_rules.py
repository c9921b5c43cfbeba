"""Which answer a question is really asking for, once the classifier has picked its nearest answer.

The sentence classifier finds the answer whose examples a message is nearest to; a few kinds of question need the
words themselves, or what the parent said a turn or two before ("the governors upheld it. what now?" after a
permanent exclusion is the review panel, not the general answer about exclusions). Each rule below is one such
kind, tested in other words in tests/unit/test_answer_rules.py and test_nlu_guards.py. `reroute` tries them in
order and the first that applies wins, so a rule placed earlier is the more specific one.

Pure: no Rasa. rasa_addons/nlu_guards.ResponseSelectorGuard calls `reroute` with the answer it chose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.domain import areas, escalation, knowledge, role_words, service_kinds
from bot.domain.dates import has_a_date
from bot.domain.deadline_request import (
    ASKED_AGAIN,
    COLLEGE,
    DISCRIMINATION_WORDS,
    LOOK_BACK,
    NURSERY,
    PRIVATE_NURSERY,
    SCHOOL_NURSERY,
    about_exclusion,
)
from bot.domain.follow_ups import ALREADY_DONE, WHAT_NOW

# Asking how long something takes or when it must happen (an answer's `how_long` answers it).
HOW_LONG_ASKED = re.compile(
    r"\bhow (long|soon|quickly|often|many (days|weeks|times))\b|\bwithin how\b|\btime ?(scales?|frames?|limits?)\b|"
    r"\bwhen (will|should|does|do|must|would|is) (it|they|the council|the la|mediation|the "
    r"(certificate|cert|meeting|mediation|decision|plan))\b", re.I)
# "Who do they get reports from and how long?": more than the timescales is asked.
ALSO_ASKS = re.compile(r"\bwho\b|\bwhat happens\b|\bwhat (do|does|is|are)\b", re.I)
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
# A plan or its review named (one definition: a second, wider one further down used to replace this at import).
EHC_WORDS = re.compile(r"\b(ehc\w*|annual|plan|statement)\b", re.I)
# "They upheld it. What now, can we challenge it?": whatever answer was picked, the review panel is the step.
CHALLENGE_ASKED = re.compile(r"\b(challenge|appeal|fight|overturn|what now|now what|next step|options|is that it|"
                             r"what (can|could|should|do) (i|we) do)\b", re.I)
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
AGE_SAID = re.compile(r"\b(i'?m|im|i am|he'?s|hes|she'?s|shes|he is|she is|they'?re|aged?|turns?|turning|at) "
                      r"(1[6-9]|2[0-5])\b", re.I)
TRANSPORT_BY_AGE = {"school/transport_post16": range(16, 19), "school/transport_19_25": range(19, 26)}
TRANSPORT_ANSWERS = {*TRANSPORT_BY_AGE, "school/transport_eligibility"}
# "ok how. when do i ask?" after an answer that has a "when" answer of its own (family/personal_budget_when).
WHEN_TO_ASK = re.compile(r"\bwhen (do|should|can|could|would|must) (i|we|you) (ask|apply|request|put in)\b|"
                         r"\bwhen (am|are) (i|we) (allowed|able) to (ask|apply|request)\b|"
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
                          r"sen support|governors?|exclu\w*|suspen\w*|class)\b", re.I)
COUNCIL_WORDS = re.compile(r"\b(council|la|local authority|caseworker|case worker|send team)\b", re.I)
# "The school won't apply for an EHC assessment. So who actually decides, the school or the SENCO?": the council.
WHO_DECIDES = re.compile(r"\bwho (actually |really |even )?(decides|makes the decision|has the (final )?say|gets to "
                         r"decide)\b", re.I)
# "It was his class teacher who decided. Are they even allowed?", "can a TA send my son home?": only the
# headteacher can exclude (school/exclusion_overview says so first).
NOT_THE_HEAD = re.compile(r"\b(ta|teaching assistant|class teacher|teacher|senco|sendco|deputy( head)?|support worker|"
                          r"lunchtime supervisor|dinner lady|(form )?tutor|head of year|pastoral \w+|behaviour \w+)\b"
                          r".{0,60}\b(allowed|decided|decides|can)\b|\b(can|could) "
                          r"(a|the|his|her) (ta|teaching assistant|teacher|class teacher|senco|deputy|(form )?tutor|"
                          r"head of year)\b.{0,20}\b(exclude|suspend|send|do (that|this|it))\b|"
                          # "his form tutor told him to go home and not come back till monday"
                          r"\b(ta|teaching assistant|class teacher|teacher|senco|sendco|deputy( head)?|(form )?tutor|"
                          r"head of year)\b.{0,20}\b(told|tells|telling|sent|sends) (him|her|them|my \w+) (to )?"
                          r"(go )?home\b|"
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
WHOSE_JOB = re.compile(r"\b(whose|who'?s|whos) (job|responsibility|duty)\b|"
                       r"\bwho('?s| is) (actually |legally )?(responsible|supposed to (do|provide|deliver|make sure)|"
                       r"in charge of (making sure|checking|enforcing)|"
                       r"right)\b|\bwho (makes sure|checks|enforces)\b|"
                       # "who bears the legal responsibility for ensuring ... is delivered"
                       r"\bwho (bears|has|holds|carries)( the)?( legal| actual| main)? (responsibility|duty)\b", re.I)
# "in his plan", "section F", "my sons ehcp is actually followed"
IN_THE_PLAN = re.compile(r"\bsection f\b|\b(in|on) (his|her|their|the|my|my \w+'?s?) (ehc ?p?|plan|ehcp)\b|"
                         r"\b(ehc ?p?|ehcp|plan) (is |isn'?t |being |not being |gets )?(actually |properly )?(followed|"
                         r"delivered|carried out|put in place|stuck to)\b", re.I)
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
                             r"help|interventions?|group|sessions?|hours)\b|"
                             # "the school took my son off the SEN register without telling me"
                             r"\b(taken|took|takes|taking|removed|dropped) (him|her|them|my \w+)( \w+)? off (the )?"
                             r"(sen|send)( support)? (register|list)\b", re.I)
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
                              r"\bwhere (do|should) (i|we) (even )?start\b|\b(the )?first step\b|"
                              # "we want to challenge it. what are the steps, in order"
                              r"\bwhat (are|r) the steps\b|\bsteps,? in order\b|\bwhat('?s| is) the process\b|"
                              r"\bhow do (i|we) go about (it|this|that|appealing|challenging)\b", re.I)
# Challenging a council's decision, said as "challenge" rather than "appeal" (with an EHC word, not a school's).
CHALLENGED = re.compile(r"\bchalleng\w*|\bdispute\b", re.I)
# "Suspended for 10 days ... what about her education while she's off, do I just have to teach her myself?": the
# school's work and the sixth day, not home education.
EXCLUDED = re.compile(r"\b(exclu\w*|suspen\w*|sent home for)\b", re.I)
EDUCATION_WHILE_OFF = re.compile(r"\b(education|school ?work|work|learning|lessons|teaching)\b.{0,30}\b(while|whilst|"
                                 r"when|during)\b.{0,20}\b(off|out|excluded|suspended|at home|away)\b|"
                                 r"\bteach (her|him|them) (myself|ourselves|at home)\b|"
                                 r"\b(do|must|should) (i|we) (just )?(have to )?teach\b", re.I)
# "Is there anything that can make the autism assessment quicker?": the long-wait answer (Right to Choose).
QUICKER = re.compile(r"\b(quicker|faster|speed (it |this |things |that )?up|sooner|jump the (queue|list)|"
                     r"skip the (queue|wait|list)|hurry (it|things) up|shorten the wait)\b", re.I)
ASSESSMENT_WAIT = re.compile(r"\b(assessment|diagnos\w*|waiting list|wait(ing)? list|referral)\b", re.I)
# "Her PE teacher mocks the way she walks (she has CP). Is that illegal?": disability harassment by staff.
STAFF_MOCKS = re.compile(r"\b(teachers?|ta|teaching assistant|staff|head|headteacher|senco|coach|tutor|sir|miss)\b"
                         r".{0,40}\b(mock\w*|makes? fun|made fun|making fun|laugh\w* at|imitat\w*|humiliat\w*|"
                         r"belittl\w*|ridicul\w*|taunt\w*)", re.I)
# "School keeps asking me to pick him up early, is that allowed?": an informal exclusion, unlawful.
PICK_UP_EARLY = re.compile(r"\b(pick (him|her|them|my \w+) up|collect (him|her|them|my \w+)|come and (get|fetch) "
                           r"(him|her|them|my \w+)|take (him|her|them|my \w+) home|send(s|ing)? (him|her|them|my \w+) "
                           r"home)\b.{0,25}\b(early|at lunch\w*|"
                           r"at dinner\w*|before home ?time|mid ?day|after lunch|every day|all the time)\b", re.I)
COME_AND_GET = re.compile(r"\b(come|to) (and )?(get|fetch|collect|pick up) (him|her|them)\b|\b(rang|rings|ring|called|"
                          r"calls|phoned|phones) (me|us)?\b.{0,20}\b(come|collect|pick (him|her|them) up)\b", re.I)
# "My college wants to end my EHCP, can they do that?": ending a plan is the council's decision, and appealable.
# A plan ending told any way ("my ehcp is ending", "they will cease his EHCP"), not only as the council's intent.
ENDING_PLAN = re.compile(r"\b(ehc\w*|plan)\b.{0,30}\b(end\w*|ceas\w*|stop\w*)\b|\b(end\w*|ceas\w*|stop\w*)\b.{0,20}"
                         r"\b(ehc\w*|plan)\b", re.I)
ENDING_THE_PLAN = re.compile(r"\b(college|school|academy|sixth form|they|council|la)\b.{0,30}\b(want\w*|going|trying|"
                             r"plan\w*|say\w*|said|threaten\w*|about) (to )?(end|stop|cancel|cease|scrap|take away|"
                             r"remove|get rid of|drop)\b.{0,15}\b(ehc ?p?|ehcp|plan)\b|"
                             # "the council are ending the ehcp because he's going to college"
                             r"\b(college|school|academy|sixth form|they|council|la)\b.{0,15}\b(ending|stopping|"
                             r"cancell?ing|ceasing|scrapping|removing|dropping|taking away)\b.{0,15}\b(ehc ?p?|ehcp|"
                             r"plan)\b|"
                             # "my college tutor said my ehcp ends now im 19"
                             r"\b(said|says|told (me|us|him|her)|saying)\b.{0,20}\b(ehc ?p?|ehcp|plan) (ends|will end|"
                             r"stops|will stop|finishes|is ending|is finished|runs out)\b", re.I)
# The old "8 months with conciliation" for a discrimination claim (law-and-services §2: no longer applies).
CONCILIATION = re.compile(r"\bconcil+iat\w*|\b(8|eight|9|nine) months\b.{0,40}\b(discriminat\w*|claim)|"
                          r"\b(discriminat\w*|claim)\b.{0,40}\b(8|eight|9|nine) months\b", re.I)
# "What's the difference between the SENCO and the SEND caseworker?"
CASEWORKER = re.compile(r"\bcase ?(worker|officer|manager)s?\b", re.I)
SENCO_WORD = re.compile(r"\b(senco|sendco|senco'?s|special educational needs co-?ordinator)\b", re.I)
# "can I go to the ombudsman about my daughter's school?" ... "its an academy": the complaint route for that school.
SCHOOL_TYPE_ONLY = re.compile(r"^\W*((it'?s|its|it is|she'?s at|he'?s at|they'?re at|she goes to|he goes to)\s+)?"
                              r"(an? |a normal |a council |just a )?(academy|free school|maintained( school)?|"
                              r"council school|community school|primary|secondary|state school|church school)"
                              r"( school)?( not an academy)?\W*$", re.I)
COMPLAINT_WORDS = re.compile(r"\b(ombudsman|lgsco|complain\w*|dfe|department for education)\b", re.I)
IS_THAT_RIGHT = re.compile(r"\bis (that|this|it) (right|true|fair|ok|okay)\b", re.I)
ON_BEHALF = re.compile(r"\bon (his|her|their|my \w+'?s?) behalf\b|\bhave to be (him|her|them)\b|\b(for|instead of) "
                       r"(him|her|them)\b", re.I)
# "Who actually writes the EHCP? The school says they don't": the council, and its draft comes first.
WHO_WRITES_PLAN = re.compile(r"\bwho (\w+ )?(writes|drafts|does|puts together|completes) (the|an|a|"
                             r"my \w+'?s?|his|her|their) (ehc ?p?|ehcp|plan|ehc plan)\b|\b(does|do|is it) (the )?"
                             r"(school|senco|sendco|la|council|teachers?) (that )?(write|writes|draft|drafts) "
                             r"(the|an|a) (ehc ?p?|ehcp|plan|ehc plan)\b", re.I)
IS_IT_LEGAL = re.compile(r"\b(illegal|against the law|legal|allowed|discriminat\w*|what can (i|we) do)\b", re.I)
CONDITION = re.compile(r"\b(disab\w*|cp|cerebral palsy|autis\w*|adhd|dyslexi\w*|stammer\w*|stutter\w*|wheelchair|"
                       r"condition|down'?s|tics?|tourette\w*|the way (she|he|they) (walks|talks|moves|speaks))\b", re.I)

# "Can SENDIASS help me or is it just for parents?": that service's answer (who it helps), not the story's.
WHO_A_SERVICE_HELPS = re.compile(r"\b(can|could|will|would|do|does) (\w+ ){1,2}(help|advise|support|talk to) (me|us|"
                                 r"young people|students|teenagers|adults)\b|\b(just|only) for (parents|children|kids|"
                                 r"mums|families)\b", re.I)
# "His plan has speech and language therapy in it. Who pays, the NHS or the council?": therapy that teaches or
# trains is education (section F), which the council must secure.
THERAPY = re.compile(r"\b(speech( and language)?|salt|language therapy|occupational therap\w*|ot|physio\w*|"
                     r"therap(y|ies|ist))\b", re.I)
WHO_PAYS = re.compile(r"\bwho (pays|funds|has to pay|should pay|is paying|foots the bill)\b|\bwho('?s| is) "
                      r"(paying|funding)\b", re.I)
# "Who is responsible for the health bits in her plan?": the plan's health part (the ICB's), not section F.
HEALTH_PART = re.compile(r"\bhealth (bits?|parts?|side|provision|section|stuff)\b|\bsection g\b|\bicb\b|\bccg\b",
                         re.I)
A_PLAN = re.compile(r"\b(ehc ?p?|ehcp|ehcap|plan|section f)\b", re.I)  # "ehcap": misspelt
# "So who can actually make the request then?" after asking about an EHC needs assessment: that request, not one
# for records (school/subject_access_request), unless records are mentioned.
RECORDS_WORDS = re.compile(r"\b(records?|data|information|info|files?|subject access|sar|cop(y|ies)|notes|emails?|"
                           r"cctv|gdpr|reports?)\b", re.I)
# "Her EHCP says an hour of speech therapy a week in section F. She hasn't had a single session since September":
# help written in a plan and not given is the council's duty to secure (ehc/section_f_duty), not the therapist's role.
PLAN_SAYS = re.compile(r"\bsection f\b|\b(ehc ?p?|ehcp|plan) (that |which )?(says|say|said|states|stated|has|includes|"
                       r"gives|lists|should give|is meant to give)\b|"
                       # "the 1:1 support it says in it", "what the ehcp says"
                       r"\b(it|its|it'?s) (says|said|put|written) in (it|the plan|his plan|her plan)\b|"
                       # "my son have EHCP, it say 1 hour speech therapy every week"
                       r"\bit (say|says|said) (\d+|one|two|an?|weekly|every|daily|full[- ]time)\b|"
                       r"\bwhat (the|his|her|their) (ehc ?p?|ehcp|plan) (says|said)\b|"
                       r"\b(in|on) (his|her|their|the|my|my \w+'?s?) (ehc ?p?|plan|ehcp)\b", re.I)
NOT_GIVEN = re.compile(r"\b(hasn'?t|hasnt|has not|haven'?t|havent|have not|not|never|hardly|barely|isn'?t|isnt) "
                       r"(had|got|getting|received|receiving|been (given|getting|having|offered)|having|happen\w*|"
                       r"being (given|delivered|provided|done))\b|"
                       r"\bnot (being )?(delivered|provided|given|happening)\b|"
                       r"\b(zero|not a single|not one|not any) (sessions?|therapy|support|hours?|help)\b|"
                       # "school says they can't afford the 1:1 in her EHCP so she only gets it mornings"
                       r"\b(can'?t|cannot|cant|won'?t|wont|will not) (afford|fund|pay for|staff|provide)\b|"
                       r"\bonly (gets?|getting|has|had) (it|them|him|her|the \w+) (in the )?(mornings?|afternoons?|"
                       r"some days|half the)\b|"
                       r"\b(stopped|stops|has stopped) (coming( in)?|visiting|seeing (him|her|them)|happening|"
                       r"doing it)\b|"
                       # "1 hour every week, hes had 3 sessions since january"
                       r"\b(only )?(had|got|been given) (\d+|one|two|three|four|five|a few|a couple of) (sessions?|"
                       r"hours?) (since|in|all|this|the whole)\b|"
                       # "2 hours SALT a week but hes getting nothing", "school wont do the 1:1 in his plan"
                       r"\b(getting|gets|got|had|having|received|have|has) (nothing|none|zero)\b|"
                       # "since September nobody come"
                       r"\b(nobody|no one|no-one|noone) (has )?(come|came|comes|been|visited|turned up|shown up|"
                       r"seen (him|her|them))\b|"
                       r"\b(won'?t|wont|will not|refus\w* to|not|isn'?t|isnt|can'?t|cannot|cant) (do|doing|give|giving|"
                       r"follow|following|"
                       r"provide|providing|put in|putting in) (the|his|her|their|it|any|him|her|them|what|what'?s)\b",
                       re.I)
AN_EHC_PLAN = re.compile(r"\b(ehc\w*|section f)\b", re.I)
SEN_SUPPORT_PLAN = re.compile(r"\bsen support\b|\bsupport plan\b|\b(iep|isp)\b|\bprovision map\b", re.I)
# "Can the Ombudsman look at my son's academy?" ... "what can they look at then?": what the service named does.
WHAT_IT_COVERS = re.compile(r"\bwhat (can|does|do|will|would|could) (they|it|the \w+) (actually )?(look at|look into|"
                            r"investigate|deal with|cover|help with|do)\b|\bwhat (is|are) (they|it) (for|there for)\b",
                            re.I)
# A young person asking for themselves ("im 17 ... can i appeal myself or does my mum have to?"): their own rights.
SAYS_OWN_AGE = re.compile(r"\b(i'?m|im|i am|i turn(ed)?|i'?ll be)( now| nearly| almost| just)? (1[6-9]|2[0-5])\b", re.I)
WHO_MAY_ACT = re.compile(r"\b(myself|on my own|by myself|in my (own )?name|without my (mum|mom|dad|parents?|carers?)|"
                         r"my (mum|mom|dad|parents?|carers?) (has|have|need|needs|must|should|got) (to )?|"
                         r"(does|do) my (mum|mom|dad|parents?|carers?)|do i (need|have to get) my|am i allowed|"
                         r"can i (do|ask|appeal|apply|request|go|choose|decide)\b.{0,30}\b(myself|alone|on my own)|"
                         # "i'm 17, my mum wants one college and i want another, who gets to decide?"
                         r"who (gets to|can|will|should|has to|does) (decide|choose|make the decision)|who decides|"
                         r"(is it|it'?s|isn'?t it) my (choice|decision|call)|do i (get|have) (a|any|the) say|"
                         # "whose decision is it, mine or my mums?"
                         r"whose (decision|choice|call)\b|\bmine or my (mum|mom|dad|parents?|carers?)\b|"
                         # "i'm 16 and i want to ask for my own ehc plan, can i?"
                         r"\b(ask|apply|request) for my own\b|"
                         # "my mum keeps making decisions for me. can i make my own"
                         r"\b(make|take) my own\b|\bmy own (decisions?|choices?)\b|\bdecisions? for me\b|"
                         r"\bdecide (for )?myself\b)",
                         re.I)
YOUNG_PERSON_RIGHTS = "rights/young_people_yourself"
# "I've talked to the SENCO and the head, nothing": not "talk to the SENCO first" again, but the step after.
FIRST_STEPS = {"unhappy/school_route", "unhappy/overview", "role/class_teacher", "role/senco", "role/overview"}
# General answers about exclusion, which give way to the review panel's once the governors have upheld one.
ASKS = re.compile(r"\?|\b(what|how|who|where|which)\b", re.I)  # a question, not "the governors upheld it"
# a question without a question mark: "does the la have to give us respite"
YES_NO_ASKED = re.compile(r"\W*(is|are|does|do|can|could|will|would|should|has|have|am)\b", re.I)
EXCLUSION_ANSWERS = {"unhappy/exclusion", "school/exclusion_overview", "school/exclusion_challenge",
                     "school/exclusion_sen", "school/exclusion_ehcp", "school/exclusion_governors"}


@dataclass(frozen=True)
class Asked:
    """A parent's message, what they typed before it (oldest first), the answer chosen for it so far, the kinds of
    service it names (service_kinds) and the answer they last read."""

    text: str
    earlier: tuple[str, ...]
    key: str
    services: tuple[str, ...] = ()
    read: str = ""  # the answer the parent last read ("family/personal_budget"), or ""

    @property
    def said(self) -> str:
        """This message and the few before it."""
        return " ".join([*self.earlier[-LOOK_BACK:], self.text])


def _answers() -> dict[str, knowledge.Answer]:
    return knowledge.get().answers


MOVED_TO_ENGLAND = "choices/moved_to_england"
# The answers for families outside England.
OTHER_NATION_ANSWERS = {"choices/wales", "choices/scotland", "choices/northern_ireland", "choices/outside_england"}
# A follow-up this short is about the answer just read ("what if they say no?", "how long does that take?").
SHORT_FOLLOW_UP_WORDS = 8


def _about_the_answer_read(asked: Asked) -> str:
    """The answer a short follow-up is about: the one just read if there was one, else the classifier's pick."""
    if asked.read in _answers() and len(asked.text.split()) <= SHORT_FOLLOW_UP_WORDS:
        return asked.read
    return asked.key


def _timescales(asked: Asked) -> str | None:
    # "How long till it actually happens?" read as the mediation answer: the answer with its timescales; "how long
    # does that take?" after the transport answer: its review's timescales.
    about = _about_the_answer_read(asked)
    timescales = _answers()[about].how_long if about in _answers() else None
    if not timescales and about != asked.key and asked.key in _answers():
        timescales = _answers()[asked.key].how_long
    if timescales and HOW_LONG_ASKED.search(asked.text) and not ALSO_ASKS.search(asked.text):
        return timescales
    return None


MEDIATION_WANTED = re.compile(r"\b(want|wants|wanting|try|trying|go to|going to|going for|go for|ask(ed)? for|"
                              r"agreed? to|decided on|choose|chose|opt(ed)? for|do|have)\b.{0,20}\b(mediat\w*|"
                              r"meditat\w*)", re.I)  # "meditation": mediation misspelt
IT_ASKED = re.compile(r"\b(it|that|this|one)\b", re.I)


def _mediation_how_long(asked: Asked) -> str | None:
    # "we've decided we DO want to try mediation" ... "how long has the council got to actually set it up": the
    # mediation's own timescales, not those of the decision the mediation is about.
    if (asked.earlier and HOW_LONG_ASKED.search(asked.text) and IT_ASKED.search(asked.text)
            and not EHC_WORDS.search(asked.text) and MEDIATION_WANTED.search(asked.earlier[-1])):
        return "service/mediation_timescales"
    return None


def _other_nation(asked: Asked) -> str | None:
    # England's law asked by a parent who says, or said before, they live in Wales, Scotland or Northern Ireland
    # ("hi im in glasgow" ... "how do i get an ehcp?", "in belfst. what if they wont assess"): that nation's own
    # system and help, not England's.
    if areas.england_only(asked.key) and (nation := areas.nation_said_before([*asked.earlier, asked.text])):
        return areas.nation_answer(nation)
    return None


def _step_after_tried(asked: Asked) -> str | None:
    # "I already spoke to the senco twice, nothing changed": the step after the furthest one tried; "who do I
    # complain to?" keeps the whole route, complaint included, not only the next person.
    if (asked.key in FIRST_STEPS and (ALREADY_DONE.search(asked.text) or ABOVE_THEM.search(asked.text))
            and not (asked.key.startswith("unhappy/") and COMPLAINT_ROUTE_ASKED.search(asked.text))
            and (tried := escalation.furthest_after([asked.text])) and tried != asked.key and tried in _answers()):
        return tried
    return None


# "i complained to the head ... nothing happened. what next", "the senco is ignoring my emails. who is above her":
# the step after the one named (a newcomer's try-out: both had got the route from the class teacher)
ABOVE_THEM = re.compile(
    r"\b(who|anyone|anybody|someone|somebody)('s| is)? (above|over|higher (up )?than) (her|him|them|the \w+)\b|"
    r"\b(complained|spoke|spoken|talked|wrote|written|emailed|been) to (the|his|her|their) \w+\b.{0,80}"
    r"\b(nothing (happened|changed|has changed|has happened)|no (change|reply|answer)|what next|what now|ignor\w+)\b",
    re.I)


def _assessment_not_records(asked: Asked) -> str | None:
    if (asked.key == "school/subject_access_request" and not RECORDS_WORDS.search(asked.said)
            and EHC_WORDS.search(asked.said)):
        return "ehc/who_can_request" if re.search(r"\bwho\b", asked.text, re.I) else "ehc/request_assessment"
    return None


def _only_the_head_excludes(asked: Asked) -> str | None:
    if MAY_THEY.search(asked.text) and (
            (asked.key in EXCLUSION_ANSWERS | {"school/informal_exclusion", "school/suspension"}
             and NOT_THE_HEAD.search(asked.said))
            # the role asked about is not the head's: "can a teaching asistant send my son home?"
            or (asked.key.startswith("role/") and asked.key != "role/headteacher" and SENT_HOME.search(asked.text))):
        return "school/exclusion_overview"
    return None


def _who_decides_exclusion(asked: Asked) -> str | None:
    # "Permanently excluded ... who decides if it stands?": the governors, then the review panel.
    if (WHO_DECIDES.search(asked.text) and PERMANENT_EXCLUSION.search(asked.said)
            and asked.key not in ("school/irp", "school/exclusion_governors")):
        return "school/irp" if GOVERNORS_UPHELD.search(asked.said) else "school/exclusion_governors"
    return None


def _who_decides_assessment(asked: Asked) -> str | None:
    if (WHO_DECIDES.search(asked.text) and asked.key.startswith(("role/", "glossary/"))
            and asked.key != "role/local_authority" and re.search(r"\b(ehc\w*|assess\w*)\b", asked.said, re.I)):
        return "role/local_authority"
    return None


def _whose_job_in_plan(asked: Asked) -> str | None:
    if NO_PLAN_YET.search(asked.said):  # "he has sen support, no ehcp": the school's best endeavours, not section F
        return None
    if (WHOSE_JOB.search(asked.text) and asked.key != "ehc/section_f_duty" and IN_THE_PLAN.search(asked.said)
            and not re.search(r"\b(nhs|health|icb|social care)\b", asked.said, re.I)):  # health: the ICB's part
        return "ehc/section_f_duty"
    return None


def _therapy_in_plan(asked: Asked) -> str | None:
    if ((WHO_PAYS.search(asked.text) or WHOSE_JOB.search(asked.text)) and not NO_PLAN_YET.search(asked.said)
            and THERAPY.search(asked.said) and A_PLAN.search(asked.said) and not HEALTH_PART.search(asked.said)
            and asked.key not in ("ehc/therapy_is_education", "ehc/section_f_duty")):
        return "ehc/therapy_is_education"
    return None


def _council_not_dfe(asked: Asked) -> str | None:
    # "And if their complaints people just fob me off too?" about the council's delays: the Ombudsman, not the
    # Department for Education (which checks only schools' complaints)
    if (asked.key == "unhappy/dfe" and not SCHOOL_WORDS.search(asked.said)
            and (COUNCIL_WORDS.search(asked.said) or EHC_WORDS.search(asked.said))):
        return "service/ombudsman"
    return None


def _council_complaint(asked: Asked) -> str | None:
    # "The council missed every deadline ... I want to make an official complaint, how?": the council's
    # complaints and the Ombudsman, not the school's route its words are nearest to.
    if (asked.key in ("unhappy/school_route", "unhappy/after_head")
            and COUNCIL_WORDS.search(asked.said) and not SCHOOL_WORDS.search(asked.said)):
        return "unhappy/la_failure"
    # "how do i complain" straight after the council's duty to give the help in a plan: the council's complaints
    if (asked.key in ("unhappy/school_route", "unhappy/after_head") and asked.read == "ehc/section_f_duty"
            and COMPLAINT_ROUTE_ASKED.search(asked.text)):
        return "unhappy/la_failure"
    return None


def _school_complaint_not_council(asked: Asked) -> str | None:
    # "He's on SEN support but the school isn't doing what they promised. Who do I complain to?": the school's
    # route, not the Ombudsman (which looks at councils) that "complain" is nearest to.
    if (COMPLAINT_ROUTE_ASKED.search(asked.text) and asked.key in ("service/ombudsman", "unhappy/la_failure")
            and SCHOOL_WORDS.search(asked.said) and not COUNCIL_WORDS.search(asked.said)
            and not EHC_WORDS.search(asked.said)):
        return "unhappy/school_route"
    return None


def _complaint_route(asked: Asked) -> str | None:
    # "He's on SEN support. Who do I complain to and in what order?" after a story about the school: the
    # school's complaint route, not the answer nearest the story.
    if COMPLAINT_ROUTE_ASKED.search(asked.text) and not asked.key.startswith(("unhappy/", "service/", "school/")):
        school, council = SCHOOL_WORDS.search(asked.said), COUNCIL_WORDS.search(asked.said)
        return "unhappy/school_route" if school and not council else "unhappy/overview"
    return None


# "they said no because we're under 3 miles" ... "how do i appeal": the challenge to the answer just read (the
# transport review), not the SEND Tribunal that "appeal" is nearest to.
HOW_TO_APPEAL = re.compile(r"\b(how (do|can|could|would) (i|we)|can (i|we)|(do|would) (i|we) (have to|need to)) "
                           r"(appeal|challenge|fight|dispute)\b|^\W*(appeal|challenge)( it| that| this)?\W*$|"
                           # "how do i stop it" after the council says it will end the plan
                           r"\bhow (do|can|could) (i|we) (stop|block|prevent) (it|this|that|them)\b", re.I)
REFUSAL_TOLD = re.compile(r"\b(said no|say no|refus\w*|turned (us |him |her |me )?down|rejected|not eligible|"
                          r"isn'?t eligible|declined|won'?t (give|pay|fund|provide)|"
                          # "council says my son cant get school transport"
                          r"(says?|said|told (me|us)) (that )?(my \w+|he|she|they|we|i) (can'?t|cannot|cant|won'?t|"
                          r"wont|isn'?t allowed to|is not allowed to|doesn'?t) (get|have|qualify))\b", re.I)


# "school have put my son on a part time timetable, 9 till 11 only": the part-time timetable answer (it had got the
# no-school-place answer, which the words "out of school" are near).
PART_TIME = re.compile(r"\bpart[- ]?time (timetable|table|hours|days|school)\b|\breduced (timetable|hours|day|days)\b|"
                       # "on mornings only", "only doing afternoons", "half days"
                       r"\b(mornings?|afternoons?) only\b|\bonly (do(ing)? |in (for )?|go(ing)? in (for )?)?(the )?"
                       r"(mornings?|afternoons?)\b|\bhalf days\b|"
                       r"\bshort(ened)? (timetable|day|days)\b", re.I)


# "excluded again, 3rd time this term, 4 days each time" ... "what can i do": suspensions adding up (the governors
# must consider them when asked), not the steps to challenge a permanent exclusion.
SUSPENSIONS_ADDING_UP = re.compile(r"\b(excluded|suspended|sent home|exclusions?|suspensions?)\b.{0,60}\b(again|"
                                   r"(\d+|2nd|3rd|4th|5th|second|third|fourth|fifth) times?|times this term)\b", re.I)


def _suspensions_adding_up(asked: Asked) -> str | None:
    if (asked.key in ("school/exclusion_challenge", "school/exclusion_overview", "school/irp")
            and SUSPENSIONS_ADDING_UP.search(asked.said) and re.search(r"\b\d+ (school )?days\b", asked.said, re.I)
            and not PERMANENT_EXCLUSION.search(asked.said)
            and (WHAT_CAN_I_DO.search(asked.text) or SUSPENSIONS_ADDING_UP.search(asked.text))):
        return "school/exclusion_governors"
    return None


# "...i already said yes on the phone. can i change my mind? how long can they keep this up": about the part-time
# timetable just told
PART_TIME_CHECKED = re.compile(r"\b(change my mind|take it back|withdraw|is (that|this|it) (even )?(allowed|legal|ok|"
                               r"okay|right)|can (they|the school|the head|he|she) (do|keep|make|force)|"
                               r"how long (can|will|could|are they allowed)|am i stuck|stuck with|"
                               r"(have|need) to (agree|accept|say yes)|(said|say) yes|agreed)\b", re.I)


def _part_time_timetable(asked: Asked) -> str | None:
    if (asked.key != "school/part_time_timetable" and PART_TIME.search(asked.text)
            and asked.key.startswith(("unhappy/no_school", "school/", "choices/", "unhappy/overview"))
            and not re.search(r"\b(transport|bus|taxi|college|job|work|apprentice\w*)\b", asked.text, re.I)):
        return "school/part_time_timetable"
    # "they want her on mornings only" ... "i already said yes on the phone, can i change my mind?" (not understood)
    if (asked.key != "school/part_time_timetable" and asked.earlier and PART_TIME.search(asked.earlier[-1])
            and PART_TIME_CHECKED.search(asked.text)
            and not re.search(r"\b(transport|bus|taxi|college|job|work|apprentice\w*)\b", asked.said, re.I)):
        return "school/part_time_timetable"
    return None


def _if_refused(asked: Asked) -> str | None:
    # "What if they say no?" after a personal budget: when it can be refused and what to do then
    about = _about_the_answer_read(asked)
    if WHAT_IF_NO.search(asked.text) and about in _answers() and (refused := _answers()[about].if_refused):
        return refused
    if (about == asked.read and about in _answers() and (refused := _answers()[about].if_refused)
            and HOW_TO_APPEAL.search(asked.text) and (REFUSAL_TOLD.search(asked.said) or ENDING_PLAN.search(asked.said))
            and refused != asked.key):
        return refused
    if WHAT_IF_NO.search(asked.text) and asked.key in _answers():
        return _answers()[asked.key].if_refused
    # "they said no" alone, straight after an answer that names the answer for a refusal
    if (about == asked.read and about in _answers() and (refused := _answers()[about].if_refused)
            and len(asked.text.split()) <= SHORT_FOLLOW_UP_WORDS and REFUSAL_TOLD.search(asked.text)
            and refused != asked.key):
        return refused
    return None


def _no_plan_after_assessment(asked: Asked) -> str | None:
    if (asked.key == "choices/plan_ending" and NO_PLAN_AFTER_ALL.search(asked.text)
            and not re.search(r"\b(stop|stopp\w*|end|ending|ceas\w*|take away|taking away)\b", asked.said, re.I)):
        return "ehc/refused_to_issue"
    return None


def _support_removed_untold(asked: Asked) -> str | None:
    if (SUPPORT_REMOVED.search(asked.said) and NOT_TOLD.search(asked.said) and asked.key != INVOLVE_PARENTS
            and not IN_THE_PLAN.search(asked.said)
            and not re.search(r"\b(has|have|got) (an? )?(ehc ?p?|plan|ehcp)\b", asked.said, re.I)):
        return INVOLVE_PARENTS
    return None


def _no_progress(asked: Asked) -> str | None:
    if (asked.key in SEN_SUPPORT_ANSWERS and asked.key != "graduated/no_progress" and NO_PROGRESS.search(asked.said)
            and WHAT_NOW.search(re.split(r"(?<=[.?!])\s+", asked.text.strip())[-1])):
        return "graduated/no_progress"
    return None


def _appeal_first_step(asked: Asked) -> str | None:
    if (FIRST_STEP_ASKED.search(asked.text) and asked.key != "unhappy/la_decision"
            and (re.search(r"\bappeal\w*", asked.said, re.I)
                 or (CHALLENGED.search(asked.said) and A_PLAN.search(asked.said)))
            and not DISCRIMINATION_WORDS.search(asked.said) and not PERMANENT_EXCLUSION.search(asked.said)):
        return "unhappy/la_decision"
    return None


def _education_while_excluded(asked: Asked) -> str | None:
    if (asked.key != "school/exclusion_education" and EDUCATION_WHILE_OFF.search(asked.text)
            and EXCLUDED.search(asked.said)):
        return "school/exclusion_education"
    return None


def _speed_up_assessment(asked: Asked) -> str | None:
    if (asked.key.startswith("family/") and asked.key != "family/waiting_list" and QUICKER.search(asked.text)
            and ASSESSMENT_WAIT.search(asked.said)):
        return "family/waiting_list"
    return None


# "my son (19) got a paid job" ... "someone told me the ehcp ends now, is that right?": a paid job usually ends it
# (choices/work_or_university), not the council ending it for age
PAID_WORK_OR_UNIVERSITY = re.compile(r"\b(paid (job|work|employment)|got a (job|full[- ]time job)|(started|starting|"
                                     r"has|got) (a |his |her )?(new )?job|working (full|part)[- ]time|universit\w*|"
                                     r"\buni\b)", re.I)


def _plan_being_ended(asked: Asked) -> str | None:
    # asked whether they may ("can they do that?", "is that right?"), not who may appeal ("on her behalf")
    if PAID_WORK_OR_UNIVERSITY.search(asked.said):
        return None
    if (asked.key not in ("choices/plan_ending", "choices/leaving_education") and asked.key.startswith(
            ("choices/", "adulthood/", "rights/")) and ENDING_THE_PLAN.search(asked.text)
            and (MAY_THEY.search(asked.text) or IS_IT_LEGAL.search(asked.text) or IS_THAT_RIGHT.search(asked.text))
            and not ON_BEHALF.search(asked.text)):
        return "choices/plan_ending"
    return None


# "im 19 and the council wants to stop my ehcp because of my age": the council ending a plan is the ending answer
# (appeal, the plan stays, 19 is no reason), whatever else the classifier was drawn to or unsure of.
FOR_AGE = re.compile(r"\b(because of|due to|cos of|cause of) (my|his|her|their) age\b|\btoo old\b|"
                     r"\b(turned|turning|turns|now|is|i'?m|im|hes|shes|he'?s|she'?s) (19|20|21|22|23|24|25|nineteen)\b",
                     re.I)


# "is the council legally obliged to give us any respite?", "is there any help to get a break?": short breaks (it
# had been the transport answer, and not understood)
RESPITE_ASKED = re.compile(r"\b(respite|short breaks?|(get|have|need|want|give (us|me)) a (break|rest|breather)|"
                           r"(a|any|some) (night|nights|weekend|time) off)\b", re.I)
SHORT_BREAK_ANSWERS = ("family/short_breaks", "family/ask_for_short_breaks", "family/carers_assessment",
                       "family/social_care_assessment")


def _short_breaks_asked(asked: Asked) -> str | None:
    if (asked.key not in SHORT_BREAK_ANSWERS and RESPITE_ASKED.search(asked.text)
            and (ASKS.search(asked.text) or BARE_CHECK.search(asked.text)
                 or YES_NO_ASKED.match(asked.text))
            # whose job it is ("who arranges respite?"), and the Tribunal's extended appeals
            and not re.search(r"\bwho (do|should|can|shall|would|arranges?|gives?|sorts?|provides?|is responsible|"
                              r"decides?|pays?)\b|\b(tribunal|appeal\w*|add)\b", asked.text, re.I)
            and not re.search(r"\b(school|lunch|play|break ?time|exams?|tests?|class)\b.{0,10}\bbreaks?\b|"
                              r"\bbreaks? (in|during|at) (school|class|lessons|exams?)\b", asked.text, re.I)):
        return "family/short_breaks"
    return None


# "...dla for our 4 yr old?" ... "and what about me, i gave up work to look after him": Carer's Allowance, not DLA
# again
CARER_GAVE_UP_WORK = re.compile(r"\b(gave up|give up|giving up|left|quit|had to leave|had to give up|stopped|lost) "
                                r"(my |our )?(work|job|career)\b|\b(stopped|stop|can'?t|cannot|cant|unable to) "
                                r"work(ing)?\b.{0,40}\b(look after|care for|caring)\b|\b(full[- ]time|main) carer\b",
                                re.I)
FOR_ME = re.compile(r"\b(what about|anything for|help for|money for|benefits? for) (me|us|myself|the carer|carers)\b|"
                    r"\b(can|could|do|would) i (get|claim|apply)\b|\bam i (entitled|eligible)\b|\bwhat can i (get|"
                    r"claim)\b", re.I)


def _carer_gave_up_work(asked: Asked) -> str | None:
    if (asked.key != "family/carers_allowance" and CARER_GAVE_UP_WORK.search(asked.text)
            and (FOR_ME.search(asked.text) or asked.key.startswith("family/"))):
        return "family/carers_allowance"
    return None


# "can the school make him do detentions when his ehcp says he cant cope with them": a sanction for what a disability
# causes is a question of reasonable adjustments (the Equality Act), not an exclusion or the plan's help
SANCTIONED = re.compile(r"\b(detentions?|sanctions?|sanctioned|punish\w*|isolation( booth| room)?|behaviour points|"
                        r"demerits?|red cards?|(loses?|lost|losing|miss(es|ed|ing)?) (his |her |their )?"
                        r"(break|play ?time|lunch ?time|golden time|rewards?))\b", re.I)
DISABILITY_SAID = re.compile(r"\b(ehc\w*|autis\w*|adhd|asd|pda|disab\w*|sen|send|dyslex\w*|dyspraxi\w*|tics|"
                             r"tourette\w*|sensory|anxiety|cant help it|can'?t help it|can'?t cope|cant cope)\b", re.I)


def _sanctioned_for_disability(asked: Asked) -> str | None:
    if (asked.key not in ("rights/equality", "glossary/reasonable_adjustments", "unhappy/discrimination")
            and SANCTIONED.search(asked.text) and DISABILITY_SAID.search(asked.said)
            and (ASKS.search(asked.text) or BARE_CHECK.search(asked.text)
                 or YES_NO_ASKED.match(asked.text))
            and not re.search(r"\b(exclu\w*|suspen\w*|sent home|bull\w*)\b", asked.said, re.I)
            # "isolated 3 weeks ago ... last day to claim?": the deadline
            and not has_a_date(asked.text) and not ASKED_AGAIN.search(asked.text)):
        return "rights/equality"
    return None


def _plan_ended_for_age(asked: Asked) -> str | None:
    if (asked.key not in ("choices/plan_ending", "choices/leaving_education") and ENDING_THE_PLAN.search(asked.text)
            and FOR_AGE.search(asked.text) and not ON_BEHALF.search(asked.text)  # who may appeal: rights
            and not PAID_WORK_OR_UNIVERSITY.search(asked.said)):
        return "choices/plan_ending"
    return None


def _plan_ended_follow_up(asked: Asked) -> str | None:
    # "the council are ending his ehcp because he's going to college" ... "is that allowed?": whether they may
    if (asked.key != "choices/plan_ending" and asked.earlier and len(asked.text.split()) <= SHORT_FOLLOW_UP_WORDS
            and ENDING_THE_PLAN.search(asked.earlier[-1]) and not ON_BEHALF.search(asked.text)
            and (MAY_THEY.search(asked.text) or IS_IT_LEGAL.search(asked.text) or IS_THAT_RIGHT.search(asked.text))):
        return "choices/plan_ending"
    return None


# "is that true?", "can they do that?" and nothing else, straight after an answer: about what that answer covers
# (read with the message before, the words had gone to a stranger: "is that true" after "school say no support
# until she's diagnosed" got the colleges' duties).
BARE_CHECK = re.compile(
    r"^\W*((so|and|but|ok|okay|wait|really|hang on)\W* )*(is (that|this|it) (really |even |actually )?"
    r"(true|right|correct|legal|allowed|lawful|ok|okay)|"
    r"(that'?s|thats|that is) (not )?(true|right|allowed|legal)( is it| then)?|"
    r"(are|is) (they|she|he|the school|the council) (really |even )?(allowed|right)( to (do|say) (that|this))?|"
    r"can (they|she|he|the school|the council) (really |even |actually )?(do|say) (that|this))\W*$", re.I)


def _bare_check(asked: Asked) -> str | None:
    if asked.read and asked.read != asked.key and asked.read in _answers() and BARE_CHECK.search(asked.text):
        return asked.read
    return None


# "is it the class teacher or the senco who should meet me, and how often": SEN support's meetings (three a year, led
# by a teacher who knows the child), not one role's answer; an EHC plan's reviews are yearly (another answer).
HOW_OFTEN_MEET = re.compile(r"\bhow often\b.{0,60}\b(meet\w*|review\w*|see (me|us)|talk to (me|us))\b|"
                            r"\b(meet\w*|review\w*)\b.{0,60}\bhow often\b", re.I)


def _how_often_meet(asked: Asked) -> str | None:
    if (asked.key != "graduated/reviews" and HOW_OFTEN_MEET.search(asked.text)
            and not EHC_WORDS.search(asked.said) and (asked.key.startswith(("role/", "graduated/")) or not asked.key)):
        return "graduated/reviews"
    return None


# "would i lose my ehcp" ... "what if i go to uni instead": university ends a plan (Disabled Students' Allowance
# instead), the answer that covers it, not the apprenticeships answer repeated.
UNIVERSITY = re.compile(r"\b(uni|university|universities|higher education|degree)\b", re.I)
PLAN_OR_SUPPORT = re.compile(r"\b(ehc\w*|plan|support|help|dsa|lose|keep|carry on|continue|stop)\b", re.I)


def _university(asked: Asked) -> str | None:
    if (asked.key != "choices/work_or_university" and UNIVERSITY.search(asked.text)
            and PLAN_OR_SUPPORT.search(asked.said) and asked.key.startswith(("adulthood/", "choices/", "rights/"))):
        return "choices/work_or_university"
    return None


# "...30 weeks now and still no plan, theyre 6 months behind" ... "what can i do, they just keep saying theyre busy":
# the council is late, so the complaint and the Ombudsman, not the assessment's steps again.
COUNCIL_LATE = re.compile(r"\b(still no (plan|decision|draft|assessment)|no plan yet|(weeks|months) behind|"
                          r"running late|overdue|delay(s|ed)?|(past|over|more than) (the )?20 weeks|"
                          r"(2[1-9]|[3-9]\d) weeks (now|already)|"
                          r"keep (saying|telling (me|us)) (they'?re|theyre|they are) busy|"
                          # "heard nothing back at all" ... "are they late?"
                          r"(are|is) (they|the council|the la|it) late|(they'?re|theyre|they are) late|"
                          r"heard nothing( back)?|no (reply|response|answer) (yet|at all|since))\b", re.I)
WHAT_CAN_I_DO = re.compile(r"\bwhat (can|could|should|do) (i|we) (actually |even )?do\b|\b(my|our|what are the|any) "
                           r"options\b|\bwhat now\b", re.I)


# "the council hasnt replied about my daughters assessment for 10 weeks": late deciding (not a refusal to appeal)
COUNCIL_SILENT = re.compile(
    r"\b(council|la|local authority|caseworker|they)\b.{0,30}\b(hasn'?t|hasnt|has not|haven'?t|havent|have not|not|"
    r"never|still not)( yet)? (replied|responded|got back( to (me|us))?|answered|decided|come back( to (me|us))?|"
    r"been in touch)\b.{0,60}\b(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|many|several) "
    r"(weeks|months)\b", re.I)


def _council_silent(asked: Asked) -> str | None:
    if (asked.key != "unhappy/la_failure" and COUNCIL_SILENT.search(asked.text)
            and re.search(r"\b(ehc\w*|plan|assess\w*)\b", asked.text, re.I) and not REFUSAL_TOLD.search(asked.said)
            and not SCHOOL_WORDS.search(asked.text)):
        return "unhappy/la_failure"
    return None


# "he got permanently excluded yesterday, he has an ehcp. what do i do": the steps now (governors, review panel, the
# sixth day), not how a school should avoid excluding a child with a plan
EXCLUDED_ALREADY = re.compile(r"\b(got|been|was|has been|have been|is|just|he'?s|she'?s|hes|shes)\b.{0,15}"
                              rf"({PERMANENT_EXCLUSION.pattern})", re.I)


EXCLUSION_NEXT = re.compile(r"\bwhat (happens|now|next)\b|\b(can|could|should|do) (i|we) (fight|challenge|appeal|"
                            r"contest|dispute)\b|\bhow (do|can) (i|we) (fight|challenge|appeal)\b", re.I)


def _excluded_what_now(asked: Asked) -> str | None:
    if (asked.key in ("school/exclusion_ehcp", "school/exclusion_sen", "school/exclusion_overview", "unhappy/exclusion")
            and EXCLUDED_ALREADY.search(asked.said)
            and (WHAT_CAN_I_DO.search(asked.text) or WHAT_NOW.search(asked.text) or EXCLUSION_NEXT.search(asked.text))
            and not GOVERNORS_UPHELD.search(asked.said)):
        return "school/exclusion_challenge"
    return None


# "is there someone i can talk to on the phone about my sons ehcp, im not good with reading": a parent's own advice
# line (SENDIASS), not Childline, which "someone to talk to" is nearest to
PARENT_ASKING = re.compile(r"\b(my|our) (\w+ )?(son|daughter|child|kid|boy|girl|grandson|granddaughter)s?'?s?\b|"
                           r"\b(sons|daughters|childs|kids)\b", re.I)
CHILD_TALKING = re.compile(r"\b(for (him|her|them) to|(he|she|they) (can|could|wants? to|would like to)) (talk|speak|"
                           r"ring|call|chat)\b|\b(my|our) (\w+ )?(son|daughter|child|kid)\b.{0,30}\b(talk|speak) to "
                           r"someone\b", re.I)


def _parent_wants_someone_to_talk_to(asked: Asked) -> str | None:
    if (asked.key == "service/childline" and PARENT_ASKING.search(asked.text) and not CHILD_TALKING.search(asked.said)
            and re.search(r"\b(ehc\w*|sen|send|school|plan|assessment|tribunal|appeal|council)\b", asked.text, re.I)):
        return "service/sendiass"
    return None


# "the senco and me dont agree on what help she needs ... is there anyone neutral who can help sort it out": the
# council's independent disagreement resolution (and SENDIASS), not what an EHC plan is
SOMEONE_NEUTRAL = re.compile(r"\b(any(one|body)|some(one|body)|a person|people|service)\b.{0,20}\b(neutral|nutral|"
                             r"independent|impartial|in the middle|outside|not on (their|the school'?s|the council'?s) "
                             r"side)\b|\b(neutral|nutral|independent|impartial) (person|people|body|service|adviser|"
                             r"advisor|someone|party)\b", re.I)
DISAGREE = re.compile(r"\b(don'?t|dont|do not|can'?t|cant|cannot|never) (agree|see eye to eye)\b|\bdisagree\w*|"
                      r"\bfall(en)? out\b|\bkeep arguing\b", re.I)


def _someone_neutral(asked: Asked) -> str | None:
    if (asked.key not in ("service/disagreement_resolution", "service/mediation", "service/sendiass")
            and SOMEONE_NEUTRAL.search(asked.text) and DISAGREE.search(asked.said)
            and not re.search(r"\b(tribunal|appeal\w*|refus\w*|said no|decision letter)\b", asked.said, re.I)):
        return "service/disagreement_resolution"
    return None


# "is the send tribunal run by the council? feels pointless appealing to them about their own decision": what the
# Tribunal is (independent), not what can be appealed
TRIBUNAL_WHOSE = re.compile(r"\btribunal\b.{0,40}\b(run by|part of|paid by|on the (council|la)'?s side|same as|"
                            r"independent|impartial|biased|side with|in the council'?s pocket)\b|\b(is|are) (the )?"
                            r"(send |sen )?tribunal\b.{0,20}\b(the council|the la|independent|impartial)\b", re.I)


def _tribunal_whose(asked: Asked) -> str | None:
    if asked.key != "service/tribunal" and TRIBUNAL_WHOSE.search(asked.text) and "service/tribunal" in _answers():
        return "service/tribunal"
    return None


def _council_late(asked: Asked) -> str | None:
    if (asked.key != "unhappy/la_failure" and WHAT_CAN_I_DO.search(asked.text)
            and len(asked.text.split()) <= 15 and COUNCIL_LATE.search(asked.said)
            and re.search(r"\b(ehc\w*|plan|assess\w*|council|la|caseworker)\b", asked.said, re.I)
            and not SCHOOL_WORDS.search(asked.text)):
        return "unhappy/la_failure"
    return None


# "the GP says wait 3 years" ... "can i go private": the long-wait answer (Right to Choose, help at school meanwhile).
GOING_PRIVATE = re.compile(r"\b(go|going|pay|paying|get (it|one|him|her) done|see someone) (private|privately)\b|"
                           r"\bprivate(ly)? (assessment|diagnosis|clinic|provider|referral)\b", re.I)
DIAGNOSIS_TALK = re.compile(r"\b(adhd|autis\w*|asd|diagnos\w*|assess\w*|waiting list|wait(ing)?|gp|referr\w*|"
                            r"camhs|paediatrician)\b", re.I)


def _going_private(asked: Asked) -> str | None:
    if (asked.key != "family/waiting_list" and GOING_PRIVATE.search(asked.text) and DIAGNOSIS_TALK.search(asked.said)
            and not re.search(r"\b(ep|educational psycholog\w*|tutor|school|therap\w*|salt|ot)\b", asked.text, re.I)):
        return "family/waiting_list"
    return None


# "my college wont give me extra time in exams": exam access arrangements, not the college's general duties.
EXAM_HELP = re.compile(r"\b(extra time|access arrangements?|a reader|a scribe|rest breaks?|separate room|laptop|"
                       r"word processor)\b.{0,60}\b(exams?|gcses?|a ?levels?|tests?|sats)\b|"
                       r"\b(exams?|gcses?|a ?levels?)\b.{0,60}\b(extra time|access arrangements?|a reader|a scribe|"
                       r"rest breaks?|separate room)\b",
                       re.I)


# "who applies for it, me or the school?" after extra time in exams was talked about
WHO_APPLIES = re.compile(r"\bwho (applies|has to apply|needs to apply|should apply|asks|has to ask|does (it|that|the "
                         r"application))\b|\b(do|should|can) (i|we) apply\b", re.I)


def _exam_help(asked: Asked) -> str | None:
    if not asked.key.startswith("school/exam") and (
            EXAM_HELP.search(asked.text) or (WHO_APPLIES.search(asked.text) and EXAM_HELP.search(asked.said)
                                             and len(asked.text.split()) <= SHORT_FOLLOW_UP_WORDS + 4)):
        return "school/exam_arrangements"
    return None


# "LA just emailed back the school is full. is that it then?": full is not a reason on its own (its answer).
SCHOOL_FULL = re.compile(r"\b(school|it|they|class|year group)('?s|'?re| is| are| was)? (full|oversubscribed)\b|"
                         r"\bno (places|spaces|room)( left)?\b", re.I)
# "who makes the final decision about which school goes in section i, the school keeps saying it's theirs"
WHO_DECIDES_SCHOOL = re.compile(
    r"\bwho (actually |really |even )?(decides|gets to (decide|choose|pick)|makes (the|that) (final )?(decision|call)|"
    r"has the (final )?(say|decision)|chooses|picks)\b.{0,60}\b(which|what) (school|college)\b|"
    r"\b((which|what) (school|college)|section i|placement|school (we want|we asked for|in (the|his|her) plan))\b"
    r".{0,80}\bwho (actually |really |even )?(decides|gets to decide|makes the (final )?(decision|call)|"
    r"has the (final )?say)\b|"
    r"\bwho (actually |really |even )?(decides|gets to (decide|choose)|makes the (final )?decision)\b.{0,30}"
    r"\b(section i|the placement|the school (in|on) (the|his|her) (plan|ehcp))\b", re.I)
EHC_NAMING = re.compile(r"\b(ehc\w*|plan|draft|named?|naming|section i|council|la|local authority)\b", re.I)
# "needs rescue meds if he has a long seizure, who makes sure staff are trained?": the medical conditions duty.
MEDICAL_NEED = re.compile(r"\b(epilep\w*|seizures?|rescue (meds|medication|medicine)|buccal|midazolam|diabet\w*|"
                          r"insulin|epi-?pens?|anaphyla\w*|asthma|inhalers?|medical (condition|needs?)|tube fe\w*|"
                          r"catheter\w*|oxygen)\b", re.I)
STAFF_DUTY = re.compile(r"\b(train\w*|responsib\w*|whose (job|duty)|who (makes sure|has to|must|should)|"
                        r"not (their|our|my) job|duty)\b", re.I)
# "suspended again, 17 days this term" ... "who looks at whether he should be let back": the governors' meeting.
LET_BACK = re.compile(r"\b(let (him|her|them) back|(be|being|get|gets) let back|allowed back|take (him|her|them) back|"
                      r"reinstat\w*|back in(to)? (school|class))\b", re.I)
SUSPENDED = re.compile(r"\b(suspen\w*|sent home for \d+ days)\b", re.I)
# "he's 18 and dropped out of college" ... "the council says they will cease his EHCP now, can they?"
LEFT_EDUCATION = re.compile(r"\b(dropped out|drop(ping)? out|left (college|school|sixth form|his course|her course)|"
                            r"stopped going to (college|school)|quit (college|school|his course|her course)|"
                            r"not in (education|college|training)|neet)\b", re.I)


def _who_decides_school(asked: Asked) -> str | None:
    if (asked.key != "choices/school_says_no" and WHO_DECIDES_SCHOOL.search(asked.text)
            and EHC_NAMING.search(asked.said) and not NO_PLAN_YET.search(asked.said)):
        return "choices/school_says_no"
    return None


def _school_full(asked: Asked) -> str | None:
    if (asked.key != "choices/school_says_no" and SCHOOL_FULL.search(asked.said) and EHC_NAMING.search(asked.said)
            and (ASKS.search(asked.text) or BARE_CHECK.search(asked.text) or re.search(r"\bis that it\b", asked.text,
                                                                                         re.I))
            and not asked.key.startswith(("school/transport", "safeguarding"))):
        return "choices/school_says_no"
    return None


def _medical_duty(asked: Asked) -> str | None:
    if (asked.key != "school/medical_conditions" and MEDICAL_NEED.search(asked.said) and STAFF_DUTY.search(asked.text)
            and not IN_THE_PLAN.search(asked.said)):
        return "school/medical_conditions"
    return None


def _let_back_after_suspensions(asked: Asked) -> str | None:
    if (asked.key != "school/exclusion_governors" and LET_BACK.search(asked.text) and SUSPENDED.search(asked.said)
            and not GOVERNORS_UPHELD.search(asked.said) and not PERMANENT_EXCLUSION.search(asked.said)
            and not re.search(r"\b(panel|irp|review)\b", asked.said, re.I)):
        return "school/exclusion_governors"
    return None


def _taken_back_after_exclusion(asked: Asked) -> str | None:
    # "excluded permanent today" ... "will they have to take her back": the governors' duty to consider it, or,
    # once they have upheld it, what the review panel can and cannot do
    if (asked.key not in ("school/irp", "school/exclusion_governors", "school/exclusion_challenge")
            and LET_BACK.search(asked.text) and PERMANENT_EXCLUSION.search(asked.said)):
        panel = GOVERNORS_UPHELD.search(asked.said) or re.search(r"\b(panel|irp)\b", asked.said, re.I)
        return "school/irp" if panel else "school/exclusion_governors"
    return None


# "the head said if we dont like it we should home educate him": pushed to leave (off-rolling), not how to leave
PUSHED_TO_LEAVE = re.compile(
    r"\b(head|headteacher|school|senco|teacher|they|academy)\b.{0,40}\b(said|says|suggested|told (us|me)|keeps? "
    r"saying|want(s|ed)? (us|me)|asked (us|me)|advised)\b.{0,40}\b(home ?(educate|school|ed)\w*|ehe|take (him|her|"
    r"them) out|find (him |her |them )?(another|a different|a new) school|move (him|her|them) (to another )?school|"
    r"deregister\w*|take (him|her|them) off (the )?roll)\b", re.I)
ASKS_IF_ALLOWED = re.compile(rf"{MAY_THEY.pattern}|{IS_IT_LEGAL.pattern}|{IS_THAT_RIGHT.pattern}|\bcan (they|the "
                             r"(head|school)) (say|do|tell|make)\b|\bwhat (can|should|do) (i|we) (do|say)\b", re.I)


def _pushed_to_leave(asked: Asked) -> str | None:
    if (asked.key in ("school/home_education", "school/deregistration", "school/home_education_new_law",
                      "school/eotas", "unhappy/no_school_place") and PUSHED_TO_LEAVE.search(asked.said)
            and (ASKS_IF_ALLOWED.search(asked.text) or PUSHED_TO_LEAVE.search(asked.text))):
        return "school/off_rolling"
    return None


# "can we get the money from his ehcp to pay our own speech therapist?": a personal budget
PLAN_MONEY_OURSELVES = re.compile(
    r"\b(money|funding|cash|budget)\b.{0,20}\b(from|in|for|of) (his|her|their|the|my \w+'?s?) (ehc ?p?|ehcp|plan)\b"
    r".{0,60}\b(pay|choose|pick|our own|my own|private|ourselves|myself)\b", re.I)
# "can i take them to court for it" after the school's reasonable adjustments: a discrimination claim
COURT_ASKED = re.compile(r"\b(take|taking|bring|drag) (them|the school|the academy|it|this) to (court|tribunal|a "
                         r"tribunal)\b|\bsue (them|the school|the academy)\b|\blegal action\b", re.I)
ADJUSTMENTS_TOLD = re.compile(r"\breasonable adjust\w*|\bdiscriminat\w*|\bequality act\b", re.I)


# "school refuse her in reception, they say no place for children like her without EHCP": a school must not refuse a
# child with SEN and no plan because it feels it cannot meet the needs (not the naming of a school in a plan)
NO_PLAN_YET = re.compile(r"\b(without|no|not got|hasn'?t got|has not got|doesn'?t have|does not have|don'?t have) "
                         r"(an? )?"
                         r"(ehc ?p?|ehcp|ehc plan|plan)\b", re.I)
REFUSED_A_PLACE = re.compile(r"\b(refus\w*|won'?t (take|have|accept|admit)|wont (take|have|accept|admit)|(no|not a) "
                             r"place|turned (us |him |her )?away|say no|said no|can'?t take)\b", re.I)


def _refused_without_plan(asked: Asked) -> str | None:
    if (asked.key in ("choices/school_says_no", "choices/school_refused", "choices/ask_for_school",
                      "choices/special_school")
            and NO_PLAN_YET.search(asked.said) and REFUSED_A_PLACE.search(asked.said)
            and re.search(r"\b(school|reception|class|academy|nursery|year \d)\b", asked.said, re.I)):
        return "choices/mainstream_right"
    return None


# "my EHCP ended when i left college ... can i get my ehcp back?": a new assessment can be asked for (up to 25)
PLAN_ENDED_ALREADY = re.compile(r"\b(ehc ?p?|ehcp|plan)\b.{0,20}\b(ended|stopped|finished|was (ceased|stopped|ended|"
                                r"taken away))\b|\b(lost|lose) (my|his|her|their) (ehc ?p?|ehcp|plan)\b|"
                                r"\b(ceased|ended|stopped) (my|his|her|their) (ehc ?p?|ehcp|plan)\b", re.I)
GET_IT_BACK = re.compile(r"\bget (my |his |her |their |the |it |an? )?(ehc ?p?|ehcp|plan)? ?back\b|\b(re-?apply|apply "
                         r"again|ask again|start again)\b|\b(new|another) (ehc ?p?|ehcp|plan|assessment)\b", re.I)


def _plan_back(asked: Asked) -> str | None:
    if (asked.key != "ehc/who_can_request" and GET_IT_BACK.search(asked.text)
            and PLAN_ENDED_ALREADY.search(asked.said)):
        return "ehc/who_can_request"
    return None


# "section F just says 'access to speech and language therapy as needed'" ... "shouldn't it say how much?"
HOW_MUCH_ASKED = re.compile(r"\b(say|says|state|states|put|specify|specifies) (exactly )?how (much|many|often|long)\b|"
                            r"\bhow many hours\b|\bquantif\w*|\bnot specific\b|\bspecific enough\b|\btoo vague\b|"
                            r"\b(as needed|as required|access to)\b", re.I)
SECTION_F_TOLD = re.compile(r"\bsection f\b|\b(ehc ?p?|ehcp|plan|draft)\b.{0,40}\b(says|said|just says|only says)\b",
                            re.I)


def _section_f_how_much(asked: Asked) -> str | None:
    if (asked.key != "ehc/section_f_vague" and asked.key.startswith(("ehc/", "glossary/", "role/"))
            and HOW_MUCH_ASKED.search(asked.text) and SECTION_F_TOLD.search(asked.said)
            and not NOT_GIVEN.search(asked.said)):
        return "ehc/section_f_vague"
    return None


# "and what about the governors, do they have any role in SEN?" straight after the SENCO's answer: the role named
# now, which the message before (all about the SENCO) had drowned
WHAT_ABOUT_ROLE = re.compile(
    r"^\W*((and|but|so|ok|okay|right)\W+){0,2}(what about|how about|and) (the |a |his |her |their |our )?"
    rf"(?P<role>{role_words.words_pattern()})\b", re.I)


def _role_named_now(asked: Asked) -> str | None:
    if asked.key.startswith("role/") and (found := WHAT_ABOUT_ROLE.search(asked.text)):
        named = f"role/{role_words.role_for_word(found.group('role'))}"
        return named if named != asked.key and named in _answers() else None
    return None


# "what does the council sen team actually do": that role's own answer (it had got the SENCO's, "sen" being near)
WHAT_ROLE_DOES = re.compile(
    r"^\W*((and|but|so|ok|okay)\W+)?what( (does|do)|'?s|s| is) (the |a |an |my |our |his |her |your )?(local )?"
    rf"(?P<role>{role_words.words_pattern()})( (sen|send))?( team| service| department)?"
    # "actually", "actualy", "even", "really"; "whats a senco actually meant to do? ours just sends emails"
    r"( \w+)? ((meant|supposed) to )?do\b(\W*$|\W*[?.!]\s)", re.I)
# "the head says he wont talk to me about sen and i have to go through the senco. is that allowed": the head's
# answer (who runs SEN in the school and is the next step after the SENCO), not bringing someone to a meeting
HEAD_WONT_TALK = re.compile(r"\b(head|headteacher|head teacher|principal)\b.{0,30}\b(won'?t|wont|will not|refuses? to|"
                            r"refused to|doesn'?t want to|does not want to) (talk|speak|meet|see|listen)\b", re.I)


def _role_asked_by_name(asked: Asked) -> str | None:
    if (found := WHAT_ROLE_DOES.search(asked.text)) and (role := role_words.role_for_word(found.group("role"))):
        named = f"role/{role}"
        return named if named != asked.key and named in _answers() else None
    if HEAD_WONT_TALK.search(asked.text) and asked.key != "role/headteacher":
        return "role/headteacher"
    return None


def _plan_money_ourselves(asked: Asked) -> str | None:
    if asked.key != "family/personal_budget" and PLAN_MONEY_OURSELVES.search(asked.text):
        return "family/personal_budget"
    return None


def _court_for_adjustments(asked: Asked) -> str | None:
    if (asked.key not in ("unhappy/discrimination", "unhappy/discrimination_where", "school/exclusion_discrimination")
            and COURT_ASKED.search(asked.text) and ADJUSTMENTS_TOLD.search(asked.said)
            and not re.search(r"\b(exclu\w*|suspen\w*|college|nursery)\b", asked.said, re.I)):
        return "unhappy/discrimination"
    return None


def _left_education(asked: Asked) -> str | None:
    if (asked.key != "choices/leaving_education" and LEFT_EDUCATION.search(asked.said)
            and ENDING_PLAN.search(asked.said)):
        return "choices/leaving_education"
    # "council want to stop my lads ehcp, hes 17 and still at college": the council ending it, not leaving education
    if (asked.key == "choices/leaving_education" and ENDING_THE_PLAN.search(asked.text)
            and not LEFT_EDUCATION.search(asked.said)):
        return "choices/plan_ending"
    return None


# "school says he cant have an EHCP because he is doing well academically": the school does not decide; the test is
# that a child has or may have SEN, and parents can ask the council themselves.
SCHOOL_SAYS_NO_PLAN = re.compile(
    r"\b(school|senco|sendco|head|headteacher|teachers?)\b.{0,40}\b(says?|said|told (me|us)|saying|claims?)\b.{0,40}"
    r"\b(can'?t|cannot|cant|won'?t|wont|will not|doesn'?t|does not|isn'?t|is not|not)( \w+)? (get|have|need|qualify|"
    r"be eligible|eligible|bad enough|entitled|apply)\b.{0,30}\b(ehc\w*|plan|assessment)\b|"
    # "the headteacher told me 'we dont do ehcps at this school'"
    r"\b(school|senco|sendco|head|headteacher|teachers?)\b.{0,40}\b(we|they) (don'?t|dont|do not) (do|give|apply for|"
    r"ask for|request|go for) (ehc ?p?s?|ehcps?|plans|assessments)\b", re.I)
AFTER_A_PLAN = re.compile(r"\b(has|have|got) (an? )?(ehc ?p?|ehcp|plan)\b|\b(his|her|their) (ehc ?p?|ehcp|plan)\b",
                          re.I)


def _school_says_no_plan(asked: Asked) -> str | None:
    if (asked.key not in ("ehc/request_assessment", "ehc/who_can_request")
            and SCHOOL_SAYS_NO_PLAN.search(asked.said)
            and not AFTER_A_PLAN.search(SCHOOL_SAYS_NO_PLAN.sub(" ", asked.said))
            and (len(asked.earlier) == 0 or ASKS.search(asked.text) or BARE_CHECK.search(asked.text))):
        return "ehc/request_assessment"
    return None


# "the amended final plan came and they've reduced his 1:1 hours, can i appeal": an appeal about the plan's sections
# (the late-appeal answer had been chosen).
FINAL_PLAN_CHANGED = re.compile(r"\b(amended|new|final|updated)\b.{0,20}\b(final )?(ehc ?p?|ehcp|plan)\b.{0,80}"
                                r"\b(reduced|cut|removed|taken out|took out|dropped|lowered|halved|less|fewer)\b", re.I)
APPEAL_WORD = re.compile(r"\b(appeal|challenge|tribunal)\b", re.I)


def _final_plan_changed(asked: Asked) -> str | None:
    if (asked.key not in ("unhappy/la_decision", "unhappy/what_can_appeal") and FINAL_PLAN_CHANGED.search(asked.said)
            and APPEAL_WORD.search(asked.text) and not re.search(r"\b(missed|passed|too late|late)\b", asked.said,
                                                                 re.I)):
        return "unhappy/la_decision"
    return None


# Answers given only when the message names what they compare (a rule below chooses them): the classifier, which
# knows them by their titles, would pick them for near neighbours ("the senco or a social worker?").
# "What does this chat keep?": asked about the chat or its data, not "can i go private" (a private assessment).
THE_CHAT = re.compile(r"\b(chat|conversation|data|privacy|gdpr|information|info|details|messages?|i (type|write|say|"
                      r"said|typed|wrote|put)|stored|store|keep|kept|record(ed|ing)?|saved?|shared?|pass\w*|delete|"
                      r"anonymous|confidential|(sees|see|read|reads))\b", re.I)
NAMED_ONLY = {"role/senco_or_caseworker": CASEWORKER, "unhappy/discrimination_conciliation": CONCILIATION,
              "service/this_chat_privacy": THE_CHAT}


def names_it(key: str, text: str) -> bool:
    return bool(NAMED_ONLY[key].search(text)) if key in NAMED_ONLY else True


def _senco_or_caseworker(asked: Asked) -> str | None:
    if (asked.key != "role/senco_or_caseworker" and CASEWORKER.search(asked.text)
            and SENCO_WORD.search(asked.text)):
        return "role/senco_or_caseworker"
    return None


def _moved_within_england(asked: Asked) -> str | None:
    # "we moved from leeds to york, son has ehcp" ... "does the plan move with us": not the answer for families from
    # Wales, Scotland or Northern Ireland (an IDP or a CSP is not an EHC plan); the notes say nothing sure about a
    # move between English councils, so free local advice (a second try-out)
    said = [*asked.earlier[-LOOK_BACK:], asked.text]
    if (asked.key == MOVED_TO_ENGLAND and not any(areas.moved_from_nation(text) for text in said)
            and not any(areas.nation_named(text, english_wins=False) for text in said)
            and not areas.nation_said_before(said)):  # "moving up to glasgo": Scotland's answer (_other_nation)
        return "service/sendiass"
    return None


def _moved_to_england(asked: Asked) -> str | None:
    # "we moved from cardiff last month, she had an IDP" ... "does it carry over?": help in England now, not the
    # nation they left (before _other_nation, which would send them back there)
    if not any(areas.moved_from_nation(said) for said in [*asked.earlier[-LOOK_BACK:], asked.text]):
        return None
    if asked.key in OTHER_NATION_ANSWERS:
        return MOVED_TO_ENGLAND
    return asked.key if areas.england_only(asked.key) else None  # England's own answer: they live here now


# "I'm unhappy" ... "with the school": the route for the one named, from the list the overview gave.
WITH_WHOM = (
    (re.compile(r"\b(school|nursery|teacher|senco|sendco|head|headteacher|academy)\b", re.I), "unhappy/school_route"),
    (re.compile(r"\b(council|la|local authority|send team|caseworker|case worker)\b", re.I), "unhappy/la_decision"),
    (re.compile(r"\b(discriminat\w*|unfair\w*|treated differently)\b", re.I), "unhappy/discrimination"),
)


BENEFIT_ANSWERS = {"family/benefits_overview", "family/dla"}
DIAGNOSIS_SAID = re.compile(r"\bdiagnos\w*|\bdiagnoz\w*|\bdiognos\w*|\blabel\b|"
                            r"\bwaiting (on|for) (the|an|his|her|their) (assessment|referral)\b", re.I)


def _diagnosis_for_benefit(asked: Asked) -> str | None:
    # "is there any money help for us" (benefits) ... "we dont have a formal diagnosis yet though": DLA without one
    if (asked.read in BENEFIT_ANSWERS and asked.key != "family/dla" and DIAGNOSIS_SAID.search(asked.text)
            and len(asked.text.split()) <= 12):
        return "family/dla"
    return None


# "Who is the council person that deals with my child's EHCP?": the caseworker, in the council's answer.
COUNCIL_PERSON = re.compile(r"\b(council|la|local authority)('?s)?( \w+){0,2} (person|people|officer|worker|lady|man|"
                            r"woman|contact)\b|\bwho (at|in|from) the (council|la|local authority)\b", re.I)
# Asking how to reach a service named ("whats their number?"), not about it ("take it to the local ombudsman").
NUMBER_ASKED = re.compile(r"\b(numbers?|phone|ring|call|contact details|details|email|website|helpline)\b", re.I)
PLAN_WORDS = re.compile(r"\b(ehc\w*|plan|assessment|annual review)\b", re.I)


def _council_person(asked: Asked) -> str | None:
    # asked who ("who is the council person..."), not told ("council officer told me her plan stops at 19")
    if (asked.key != "role/local_authority" and COUNCIL_PERSON.search(asked.text) and PLAN_WORDS.search(asked.text)
            and re.search(r"\bwho\b", asked.text, re.I) and not NUMBER_ASKED.search(asked.text)):
        return "role/local_authority"
    return None


# "Is there anyone free who can go to the EHCP meeting with them?": SENDIASS can come to meetings.
MEETING_COMPANION = re.compile(r"\b(go|come|attend|sit in|be there)( \w+){0,3} (to|at|in|with)( \w+){0,3} "
                               r"(meeting|review|tribunal|hearing)s?\b.{0,30}\b(with (me|us|them|him|her))?|"
                               r"\b(someone|somebody|anyone|anybody) (to )?(go|come|attend|support|help)\b.{0,40}"
                               r"\b(meeting|review|hearing)\b", re.I)


def _meeting_companion(asked: Asked) -> str | None:
    if asked.key != "service/sendiass" and MEETING_COMPANION.search(asked.text) and re.search(
            r"\b(free|afford|can'?t pay|no money|cost|charge|solicitor|lawyer)\b", asked.text, re.I):
        return "service/sendiass"
    return None


# "I need IPSEA's phone number" ... "the one I found online doesn't work": that service's own answer (how to reach it).
NOT_WORKING = re.compile(r"\b(doesn'?t|does not|dont|don'?t|isn'?t|is not|not) (work|working|connect|go through|"
                         r"answer|answering)\b|\b(wrong|dead|old) (number|link|website)\b|\bno (one|answer)\b", re.I)


def _service_not_working(asked: Asked) -> str | None:
    if not (asked.earlier and NOT_WORKING.search(asked.text) and len(asked.text.split()) <= 12):
        return None
    before = asked.earlier[-1]
    # "ipseas phone number": the service's name with a possessive s
    named = service_kinds.kind_from_text(before) or service_kinds.kind_from_text(re.sub(r"(\w)'?s\b", r"\1", before))
    key = f"service/{named}" if named else ""
    return key if key in _answers() and key != asked.key else None


def _unhappy_with_whom(asked: Asked) -> str | None:
    if asked.read != "unhappy/overview" or len(asked.text.split()) > 6 or ASKS.search(asked.text):
        return None
    for said, key in WITH_WHOM:
        if said.search(asked.text):
            return key if key != asked.key else None
    return None


def _school_type_for_complaint(asked: Asked) -> str | None:
    if (asked.key != "unhappy/dfe" and asked.earlier and SCHOOL_TYPE_ONLY.match(asked.text)
            and COMPLAINT_WORDS.search(asked.earlier[-1])
            and re.search(r"\b(schools?|academ\w*|head ?teacher|senco|teachers?)\b", asked.earlier[-1], re.I)):
        return "unhappy/dfe"
    return None


def _who_writes_the_plan(asked: Asked) -> str | None:
    if asked.key != "ehc/draft_plan" and WHO_WRITES_PLAN.search(asked.text):
        return "ehc/draft_plan"
    return None


# "nursery says they cant cope with my 3yo and want me to pick her up at 11 every day": a private or voluntary
# nursery is not under the school exclusion rules; what it must do for SEN is the early years answer
EARLY_YEARS_SETTING = re.compile(rf"{NURSERY.pattern}|{PRIVATE_NURSERY.pattern}|\bchildminder\b|\bday ?care\b", re.I)


def _sent_home_early(asked: Asked) -> str | None:
    if (EARLY_YEARS_SETTING.search(asked.said) and not SCHOOL_NURSERY.search(asked.said)
            and (PICK_UP_EARLY.search(asked.said) or SENT_HOME.search(asked.said)
                 # "nursery keep calling me to colect my 2yo": school rules chosen, whatever the spelling
                 or asked.key.startswith(("school/informal_exclusion", "school/exclusion", "school/suspension")))):
        return "choices/early_years_support" if asked.key != "choices/early_years_support" else None
    asked_now = PICK_UP_EARLY.search(asked.said) and (MAY_THEY.search(asked.text) or IS_IT_LEGAL.search(asked.text))
    # asked first, told after: "can the senco send him home?" ... "she did it twice, just rang and said come get him"
    told_after = (asked.earlier and MAY_THEY.search(asked.earlier[-1]) and SENT_HOME.search(asked.earlier[-1])
                  and COME_AND_GET.search(asked.text))
    about_exclusion = asked.key in EXCLUSION_ANSWERS | {"school/part_time_timetable", "school/suspension"}
    if about_exclusion and (asked_now or told_after):
        return "school/informal_exclusion"
    # told in so many words, whatever answer the rest was nearest to: "school keep phoning me to pick him up at
    # lunchtime, he has autism" (it had got the bullying answer)
    if asked.key != "school/informal_exclusion" and PICK_UP_EARLY.search(asked.text) and not asked.key.startswith(
            ("school/part_time", "school/exclusion", "unhappy/exclusion")):
        return "school/informal_exclusion"
    return None


def _staff_mocking_disability(asked: Asked) -> str | None:
    told_now = STAFF_MOCKS.search(asked.text)
    # or told just before, and asked about now: "is that illegal?", "can he do that?"
    told_before = (asked.earlier and STAFF_MOCKS.search(asked.earlier[-1])
                   and (MAY_THEY.search(asked.text) or IS_IT_LEGAL.search(asked.text)))
    if asked.key != "school/disability_harassment" and (told_now or told_before) and CONDITION.search(asked.said):
        return "school/disability_harassment"
    return None


def _who_a_service_helps(asked: Asked) -> str | None:
    if WHO_A_SERVICE_HELPS.search(asked.text) and not asked.key.startswith("service/"):
        return next((f"service/{kind}" for kind in asked.services if f"service/{kind}" in _answers()), None)
    return None


def _when_to_ask(asked: Asked) -> str | None:
    # "ok how. when do i ask?" after a personal budget: when to ask for one
    if WHEN_TO_ASK.search(asked.text) and (when := f"{asked.key}_when") in _answers():
        return when
    return None


def _school_refused(asked: Asked) -> str | None:
    # "Council say no to the school. Can I appeal? Do I need mediation first?": the school's appeal, which
    # needs no certificate.
    if (asked.key in ("service/mediation", "service/how_to_appeal")
            and SCHOOL_SAID_NO.search(" ".join([*asked.earlier[-2:], asked.text]))):
        return "choices/school_refused"
    return None


def _what_can_appeal(asked: Asked) -> str | None:
    # "What can you actually appeal to the SEND Tribunal about?": the decisions that can be appealed.
    if asked.key in APPEAL_ANSWERS and WHAT_CAN_APPEAL.search(asked.text):
        return "unhappy/what_can_appeal"
    return None


def _refusal_to_ombudsman(asked: Asked) -> str | None:
    # "They refused to assess, I want to go to the Ombudsman": which of the two fits, and mediation first.
    if asked.key == "service/ombudsman" and REFUSAL_TO_OMBUDSMAN.search(asked.text):
        return "service/tribunal_or_ombudsman"
    # "council refused to assess" ... "i want to put a formal complaint in instead of all the tribunal stuff"
    if (asked.key in ("service/ombudsman", "service/tribunal", "unhappy/la_failure", "unhappy/la_decision")
            and re.search(r"\bcomplain\w*", asked.text, re.I) and asked.earlier
            and REFUSAL_TO_OMBUDSMAN.search(" ".join(asked.earlier[-LOOK_BACK:]))):
        return "service/tribunal_or_ombudsman"
    return None


def _transport_for_age(asked: Asked) -> str | None:
    # "im 17 and starting at a new college": the transport answer for that age.
    # "he's 17 now and at college" just after the school transport answer (5 to 16): the answer for 17
    about = asked.read if asked.read in TRANSPORT_ANSWERS and len(asked.text.split()) <= 12 else asked.key
    if (about in TRANSPORT_ANSWERS and (age := AGE_SAID.search(asked.text))
            and int(age.group(2)) not in TRANSPORT_BY_AGE.get(about, ())):
        found = next(k for k, ages in TRANSPORT_BY_AGE.items() if int(age.group(2)) in ages)
        return found if found != asked.key else None
    return None


def _how_to_reach_service(asked: Asked) -> str | None:
    # "Is IPSEA the same thing? How do I get to talk to them?": the service's answer says how to reach it.
    if (asked.key.startswith("glossary/") and HOW_TO_REACH.search(asked.text)
            and (service := f"service/{asked.key.split('/', 1)[1]}") in _answers()):
        return service
    return None


HELPLINE_ASKED = re.compile(r"\b(help ?line|advice ?line|phone ?line|"
                            r"someone (to|i can|we can) (ring|call|phone|talk to)|"
                            r"(number|line|anyone|somebody|someone) (i|we) (can|could) (ring|call|phone)|"
                            r"(who|where) (can|do|should) (i|we) (ring|call|phone))\b", re.I)
DISCRIMINATION_SAID = re.compile(r"\bdiscrim\w*", re.I)  # "discrimation" too


def _discrimination_helpline(asked: Asked) -> str | None:
    # "the school is discriminating against her because of her epilepsy" ... "is there a helpline i can ring for
    # advice on that": the Equality Act's own advice service (its answer names SENDIASS and IPSEA too).
    if HELPLINE_ASKED.search(asked.text) and (asked.read in DISCRIMINATION_ANSWERS or (
            DISCRIMINATION_SAID.search(asked.said) and asked.key in DISCRIMINATION_ANSWERS | {"service/eass"})
            or (DISCRIMINATION_SAID.search(asked.text) and not EHC_WORDS.search(asked.text))):
        return "service/eass"
    return None


def _governors_on_exclusion(asked: Asked) -> str | None:
    # "Suspended 4 times this term ... can the governors look at it?": their exclusion meeting.
    if asked.key == "role/governors" and about_exclusion([*asked.earlier, asked.text]):
        return "school/exclusion_governors"
    return None


def _discrimination_where(asked: Asked) -> str | None:
    # "His FE college won't make adjustments. Do I go to the SEND Tribunal?": where that claim goes.
    if ((COLLEGE.search(asked.said) or PRIVATE_NURSERY.search(asked.said))
            and (asked.key in DISCRIMINATION_ANSWERS
                 or (asked.key == "service/tribunal" and not EHC_WORDS.search(asked.said)))):
        return "unhappy/discrimination_where"
    return None


def _review_panel(asked: Asked) -> str | None:
    # "The governors upheld it. What are my options now?" after a permanent exclusion: the review panel, the step
    # after the governors, not the general answer about exclusions.
    if ((asked.key in EXCLUSION_ANSWERS or CHALLENGE_ASKED.search(asked.text)) and ASKS.search(asked.text)
            and GOVERNORS_UPHELD.search(asked.said) and PERMANENT_EXCLUSION.search(asked.said)):
        return "school/irp"
    return None


# "school says its not their problem, council says talk to school": each passing it to the other
PASSED_BETWEEN = re.compile(r"\bnot (their|our|the school'?s|the council'?s|the nhs'?s?) (problem|job|"
                            r"responsibility)\b|"
                            # "school say it is council problem, council say it is school problem"
                            r"\b(say|says|said) (it is|it'?s|its) (the )?(council|school|nhs|la)('?s)? (problem|job|"
                            r"responsibility)\b|\b(round|around) in circles\b|\bpassing the buck\b|"
                            r"\bblam\w* each other\b|"
                            r"\b(says?|said|told (me|us)) (to )?(talk|speak|go) to the (school|council|nhs)\b", re.I)


# "his plan says weekly speech and language therapy": his plan (a plan for SEN support is named as such)
HIS_PLAN_SAYS = re.compile(r"\b(his|her|their|my \w+'?s?) plan (says|said|states|has|includes)\b", re.I)


def _plan_help_not_given(asked: Asked) -> str | None:
    # (a college with "no SENCO" that won't give the plan's help: the college's own answer says both)
    if (asked.key not in ("ehc/section_f_duty", "unhappy/la_failure", "role/college_named_person")
            and (NOT_GIVEN.search(asked.text) or (PASSED_BETWEEN.search(asked.text) and NOT_GIVEN.search(asked.said)))
            and PLAN_SAYS.search(asked.said)
            and (AN_EHC_PLAN.search(asked.said) or IN_THE_PLAN.search(asked.said) or HIS_PLAN_SAYS.search(asked.said))
            and not HEALTH_PART.search(asked.said)
            and not SEN_SUPPORT_PLAN.search(asked.said)):
        return "ehc/section_f_duty"
    return None


def _what_a_service_covers(asked: Asked) -> str | None:
    if (WHAT_IT_COVERS.search(asked.text) and asked.earlier
            and (kind := service_kinds.kind_from_text(" ".join([asked.earlier[-1], asked.text])))
            and (service := f"service/{kind}") in _answers() and asked.key != service):
        return service
    return None


def _young_person_asking(asked: Asked) -> str | None:
    # a young person who gave their own age (16 to 25) asking whether they may act: their rights, whatever answer
    # the words were nearest to (a parent's duties, a plan at 19)
    if (asked.key != YOUNG_PERSON_RIGHTS and WHO_MAY_ACT.search(asked.text) and SAYS_OWN_AGE.search(asked.said)
            and not HOW_LONG_ASKED.search(asked.text)):  # "how long until they send me the certificate?": its time
        return YOUNG_PERSON_RIGHTS
    return None


# In order: the first rule that names an answer wins.
RULES: tuple[Callable[[Asked], str | None], ...] = (
    _mediation_how_long, _discrimination_helpline, _timescales, _plan_ended_for_age, _moved_within_england,
    _moved_to_england, _other_nation,
    _short_breaks_asked, _carer_gave_up_work, _who_decides_school, _sanctioned_for_disability,
    _council_silent, _excluded_what_now, _parent_wants_someone_to_talk_to, _someone_neutral,
    _tribunal_whose,
    _young_person_asking, _plan_help_not_given, _step_after_tried,
    _assessment_not_records, _only_the_head_excludes, _who_decides_exclusion, _who_decides_assessment,
    _whose_job_in_plan, _therapy_in_plan, _council_not_dfe, _council_complaint, _school_complaint_not_council,
    _complaint_route, _if_refused, _no_plan_after_assessment, _support_removed_untold, _no_progress,
    _appeal_first_step, _who_a_service_helps, _when_to_ask, _school_refused, _what_can_appeal,
    _refusal_to_ombudsman, _transport_for_age, _how_to_reach_service, _governors_on_exclusion,
    _discrimination_where, _review_panel, _what_a_service_covers, _education_while_excluded,
    _speed_up_assessment, _staff_mocking_disability, _sent_home_early, _plan_being_ended,
    _school_type_for_complaint, _who_writes_the_plan, _plan_ended_follow_up, _senco_or_caseworker,
    _unhappy_with_whom, _diagnosis_for_benefit, _council_person, _meeting_companion, _service_not_working,
    _bare_check, _how_often_meet, _university, _council_late, _going_private, _exam_help, _school_full,
    _medical_duty, _let_back_after_suspensions, _taken_back_after_exclusion, _pushed_to_leave,
    _refused_without_plan, _plan_back, _section_f_how_much, _role_named_now, _role_asked_by_name,
    _plan_money_ourselves,
    _court_for_adjustments, _left_education, _school_says_no_plan, _final_plan_changed, _part_time_timetable,
    _suspensions_adding_up,
)


# Rules whose words are enough even when the classifier is unsure of its pick (the guard would otherwise ask).
SURE_RULES = {"only_the_head_excludes", "plan_help_not_given", "young_person_asking", "what_a_service_covers",
              "staff_mocking_disability", "school_type_for_complaint", "who_writes_the_plan", "plan_ended_follow_up",
              "senco_or_caseworker", "moved_to_england", "unhappy_with_whom",
              "diagnosis_for_benefit", "sent_home_early", "council_person", "meeting_companion",
              "service_not_working", "bare_check", "council_late", "going_private", "whose_job_in_plan",
              "final_plan_changed", "school_says_no_plan", "if_refused", "pushed_to_leave",
              "role_asked_by_name", "mediation_how_long", "discrimination_helpline", "plan_ended_for_age",
              "part_time_timetable", "short_breaks_asked", "carer_gave_up_work",
              "who_decides_school", "sanctioned_for_disability",
              "council_silent", "excluded_what_now", "parent_wants_someone_to_talk_to",
              "someone_neutral", "tribunal_whose", "moved_within_england"}


@dataclass(frozen=True)
class Rerouted:
    key: str
    rule: str  # the rule's name, without its underscore ("other_nation")


def reroute(asked: Asked) -> Rerouted | None:
    """The answer the message is really asking for, if a rule says it is not `asked.key`; None keeps the choice.
    A button's payload ("/faq{...}") is never re-routed."""
    if asked.text.startswith("/"):
        return None
    for rule in RULES:
        if (key := rule(asked)) is not None:
            return Rerouted(key, rule.__name__.lstrip("_"))
    return None
