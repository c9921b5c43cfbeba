"""Short follow-ups whose meaning comes from the conversation so far, for when the classifier is unsure."""

from __future__ import annotations

import re

# "What can I do about it?", "so what now": the next step after the answer just given.
# "what should i actually do about it?": what to do, not the step after (no "next", "now", "then", "else").
WHAT_TO_DO = re.compile(r"^\W*((so|and|ok|okay|right|but),? )*(what (can|should|do|could|shall) (i|we) "
                        r"(actually |even |really )?do( (about|with) (it|this|that|any of (it|this)))?|"
                        r"what (i|we) (can|should) do)\W*$",
                        re.I)
WHAT_NOW = re.compile(r"^\W*((so|and|ok|okay|right|but|then),? )*"
                      r"(what (can|should|do|could) (i|we) (actually |even )?do( (about|with) (it|this|that))?"
                      r"( now| next)?|what now|now what|what next|then what|what hap+ens? (now|next)( then)?|"
                      r"what are (my|our) options( now)?|what should (i|we) (be )?do(ing)?( now| next)?|"
                      # "What I can do?" (English as an additional language)
                      r"what (i|we) (can|should|could|must) do( now| next)?|"
                      # "is there anything I can do about it?"
                      r"is there any ?thing (else )?(i|we) can (actually )?do( (about|with) (it|this|that))?( now)?|"
                      # "ok and after that", "and then?"
                      r"(and )?(what )?after that|and then|"
                      # "ok and?" (said as a prompt for the next step, not a yes)
                      r"and(?=\W*$))"
                      # "what next and is there a time limit": the next step says its time limit
                      r"( and (is there an?y? |what'?s the |whats the )?"
                      r"(time limit|deadline|how long)( for (it|that))?)?"
                      # "what are my options, i don't want to just accept it": still the next step
                      r"([,.?!]? ?(i|we) (really )?(don'?t|dont|do not|won'?t|wont) (want to )?(just )?"
                      r"(accept|leave|let|give up|sit back|wait|do nothing)\b[^?]{0,40})?"
                      # "what can I actually do about it, it's november!!": a cry after the question
                      r"([,.!]+ ?(it'?s|its|it is|this is|that'?s|thats|we'?re|were|i'?m|im|i am)\b[^?]{0,30})?"
                      r"\W*$", re.I)
# "It's been months, what do I do?": time passing with nothing done, then "what now" (the last clause).
STILL_WAITING = re.compile(
    r"\b(it'?s|its|it has) been (months|weeks|ages|forever|so long|too long|over a (month|year)|\d+ (weeks|months))\b|"
    r"\bstill (nothing|no (reply|answer|plan|news|word|decision|response))\b|\bnothing (yet|since|has happened)\b|"
    r"\b(haven'?t|havent|have not) (heard|replied|done) (anything|a thing)\b", re.I)


def waiting_then_what_now(text: str) -> bool:
    """"its been months, what do i do": a wait told, then the next step asked for in the last clause."""
    clauses = [c for c in re.split(r"[,.;!?]+", text) if c.strip()]
    return len(clauses) >= 2 and bool(STILL_WAITING.search(text)) and bool(WHAT_NOW.search(clauses[-1]))


# "ok how", "but how do I do that?" after an answer: the answer's detail ("tell me more"), not a yes.
HOW_THEN = re.compile(r"^\W*((so|and|ok|okay|right|but|then|yes|yeah|fine),? )*(how|how so|how do (i|we) (actually )?"
                      r"(do|ask for|request|make) (that|it|this|one)|how (would|can|could|should) (i|we) "
                      r"(do|ask for|get) (that|it|this))\W*$", re.I)
# "Who can help me?", "is there anyone who can help": local help (the area, if given, is remembered).
WHO_CAN_HELP = re.compile(
    r"^\W*((so|and|ok|okay|but|then),? )*(who (can|could|will) help( me| us)?|is there any(one|body)"
    r"( (who|that) (can|could) help)?|who do i (ask|talk to|contact) for help|where can i get help)"
    r"( (here|near me|round here|locally))?( for free)?( (to )?(prepare|get ready|fill (it|this|them) in|"
    r"understand( (it|this|them|the letters?|everything))?))?"
    r"( with (my|our|his|her|the|this|that|it|ehcp?|ehc|sen|send|school|all this|everything|paperwork|forms?)\b"
    r"[\w' ]{0,40})?( now| then)?\W*$", re.I)
# "Who do I talk to?" on its own: local help when an area has been named (else the step after the last answer).
def _who_do_i(first: bool) -> re.Pattern[str]:
    adverbs = "even|actually|first" if first else "even|actually"
    endings = " first| then| now| there" if first else " then| now| there"
    return re.compile(r"^\W*((so|and|ok|okay|but|then),? )*who (do|should|can|shall) (i|we) "
                      rf"(({adverbs}) )?(ask|talk to|speak to|contact|go to|ring|call|phone)( about (it|this|that))?"
                      rf"({endings})?\W*$",
                      re.I)


WHO_TO_TALK_TO = _who_do_i(first=False)
# ... and "who do i talk to first?", which alone is the first person to see (the classifier knows: the teacher)
WHO_FIRST = _who_do_i(first=True)
# "not happy with the support she gets at school" ... "who do i even talk to first": the school's own route.
UNHAPPY_WITH_SCHOOL = re.compile(r"\b(not happy|unhappy|fed up|disappointed|not pleased|frustrated|upset)\b.{0,80}"
                                 r"\b(school|teacher|senco|support|class|nursery)\b|\b(school|teacher|senco|nursery)\b"
                                 r".{0,80}\b(not (doing|helping|listening)|isn'?t (doing|helping|listening)|useless|"
                                 r"not good enough|not enough)\b", re.I)
SCHOOL_ROUTE = "unhappy/school_route"


def who_first_about_the_school(text: str, earlier: list[str]) -> bool:
    """"who do I talk to first?" after saying the school's support is not right: the school's route (teacher or
    SENCO, then the head), not the next step of the answer read or a hand-off."""
    return bool(WHO_FIRST.search(text)) and any(UNHAPPY_WITH_SCHOOL.search(said) for said in earlier[-2:])
# "who do i call?" after an answer: a number to ring, not a person to pass the enquiry to.
WHO_TO_CALL = re.compile(r"^\W*((so|and|ok|okay|but|then|right),? )*(who|what number|which number) (do|should|can|"
                         r"shall|would) (i|we) (call|ring|phone)( (about (it|this|that)|for (help|advice|this|that|it)|"
                         r"then|now|first))?\W*$", re.I)
# "We've just moved to Penzance" ... "who do I contact about his EHCP now?": with an area named, its contacts.
WHO_TO_CONTACT = re.compile(r"\bwho (do|should|can|shall|would) (i|we) (contact|speak to|talk to|ring|call|phone|"
                            r"get in touch with|go to|deal with)\b", re.I)
# "Where do I find the Local Offer and SENDIASS there?": a look-up in the area just named.
FIND_THERE = re.compile(r"\b(where|how) (do|can|would|should) (i|we) (find|get|contact|reach|get hold of)\b.{0,50}"
                        r"\b(there|here|near (me|us)|in (my|our|the|that) area|locally)\b", re.I)
# "How do I contact them?", "what's their number": the contact details of the service or help just named.
CONTACT_THEM = re.compile(
    r"^\W*((so|and|ok|okay|right|but|then|great|thanks),? )*(how (do|can|would|could) (i|we) (contact|reach|call|"
    r"ring|phone|email|get (hold of|in touch with|through to)) (them|it|they|him|her)|"
    r"(what'?s|what is|what are) (their|the) (number|phone number|contact details|details|email)|"
    r"(where|how) (do|can) (i|we) find (them|their (number|details))|"
    # "can i ring them?", "do they have a phone number"
    r"(can|could|do|should|shall) (i|we) (just )?(ring|call|phone|email|contact|speak to|talk to) (them|it)|"
    r"(have they got|do they have|is there) (a|an) (phone( number)?|number|helpline|phone line|email))"
    r"\b[^?.!]{0,20}\W*$",
    re.I)
# "I've already been to the class teacher": a step taken, so "what now?" after it asks for the next one.
ALREADY_DONE = re.compile(
    r"\b(already|tried|i'?ve been to|been to (see )?|(spoken|spoke|talked) to|done that|did that)\b", re.I)
# "Is there anyone above them?", "can I take it higher?", "what's the next step?": the step after the answer
# just given (knowledge/next_steps.yml). Read on the message's last sentence, and only after an earlier message.
ESCALATE = re.compile(
    r"\b(any(one|body)|someone|somebody|who('?s| is)?|where) (else )?(above|higher( up)?( than)?|over) "
    r"(them|him|her|that|the (school|head|headteacher|trust|academy|council|panel|governors))\b|"
    r"\b(go|take (it|this|things|my complaint)|escalate( it| this)?) (any )?(higher|further|up)\b|\bescalat\w*|"
    r"\bover (their|his|her) heads?\b|(what'?s|what is|what are) (the|my) next (step|steps|stage)\W*$|"
    r"\bwhere (do|can) (i|we) go (from here|now|next)\b|"
    r"\bwho (do|should|can|shall) (i|we) (go to|speak to|talk to|contact|complain to|turn to|write to)( next| now)\b|"
    r"\bif (that|it|this) (doesn'?t|does not|still doesn'?t) (work|help)\b|\bis (that|this) the end\b|"
    # "what if talking to them doesn't work", "and if they still won't listen?"
    r"\bif (talking|talkin|talk|speaking|speakin|going|goin|writing)"
    r"( to (them|him|her|the (school|head|senco|council|teacher)))? "
    r"(still )?(doesn'?t|does not|won'?t|will not|didn'?t|did not) (work|help|change anything)\b|"
    r"\bif (they|the school|the council|the head|the senco|she|he) (still )?(don'?t|doesn'?t|do not|does not|won'?t|"
    r"will not) (listen|help|do anything|change|budge|respond|reply|answer|do (it|that|this)|"
    r"provide (it|that|this)|deliver (it|that|this)|follow (it|that|this))\b|"
    # "and what if they ignore me"
    r"\bwhat (if|happens if|do (i|we) do if) (they|the school|the head|the senco|she|he) (just |still |keeps? )?"
    r"(ignores?|ignoring|blanks?) (me|us|my|our|it|them)\b|"
    # "who's next up the chain?", "who's the next person to go to"
    r"\b(next|higher) up the (chain|ladder)\b|\bup the chain\b|\bwho('?s| is) (the )?next( person| one)?\b|"
    r"^\W*((so|and|ok|okay|then),? )*who next\W*$|\bwho do (i|we) (see|ask|try|go to) next\b|"
    # "who else?", "who else can I talk to"
    r"^\W*((so|and|ok|okay|then|but),? )*who else( (is there|can|could|should|do) (i|we)( \w+){0,3})?\W*$|"
    # "and if the senco is useless who do i go to": the step above the one named
    r"\bif (the|my|our|his|her) (senco|teacher|class teacher|head|headteacher|school|council|caseworker|la)\b"
    r".{0,25}\b(useless|rubbish|no good|no help|not helping|won'?t help|doesn'?t help|ignor\w+|does nothing)\b"
    r".{0,30}\bwho\b", re.I)
# "who can help me in surrey" ... "with his ehcp": the question before, finished.
CONTINUES = re.compile(r"^\W*(and |but )?(with|for|about|on|regarding) (his|her|their|my|our|the|a|an)\b"
                       r"[\w' ]{0,30}\W*$", re.I)
ASKS_FOR_HELP = re.compile(r"\b(who|where|any(one|body)|some(one|body)|help|support|advice|contact)\b", re.I)
# "I need some local advice": local contacts (the area given, remembered, or asked for).
ASKS_LOCAL_HELP = re.compile(
    r"\b(need|want|looking for|get|find|is there|are there|any)\b.{0,15}\blocal (advice|help|support|advisers?|"
    r"advocates?|services?|people|charit\w+|groups?|organisations?)\b|"
    r"\b(any(one|body)|someone|somebody) local\b|\blocal to (me|us)\b|"
    r"\blocal( \w+){0,2} (advice|help|support|advisers?|services?)\b|"
    r"\b(advice|help|support|services?) (near|round|around) (me|us|here)\b|"
    # "is there someone independent of the council round here who can help me fill in the form?"
    r"\b(any(one|body)|someone|somebody)\b.{0,40}\b(round here|around here|near (me|us)|in (my|our|this) area)\b"
    r".{0,30}\b(help|advi[cs]e|support|talk|speak)|"
    # "who near me can help me with it?", "who round here could advise us"
    r"\bwho\b.{0,15}\b(near (me|us)|round here|around here|locally|in (my|our) area)\b"
    r".{0,30}\b(help|advi[cs]e|support)|"
    # "who is the local sendiass here?", "where's our nearest SENDIASS": a look-up, not what SENDIASS means
    r"\b(who|where|which)( is|'s| are)? (the|my|our|your)? ?(local|nearest) (sendiass|sendias|iass|ias)\b|"
    # "who can i speak to round here about getting my son assessed"
    r"\bwho (can|could|should|do) (i|we) (speak|talk) to (round here|around here|locally|near (me|us)|in (my|our|this) "
    r"area)\b|"
    # "Who is there in my town?", "anyone in our area who helps with this?"
    r"\b(who|anyone|anybody|someone|somebody|what help|what support)( is| 's|'s)?( there)? (in|near|round|around) "
    r"(my|our|this|the) (town|city|area|county|borough|village|local area)\b", re.I)
# "we're in hull" ... "who is the sendiass": the one there (with an area known), not what SENDIASS means
WHO_IS_THE_SERVICE = re.compile(r"^\W*((so|and|ok|okay|then),? )*(who|where|which)( is|'s|s| are)( it)? "
                                r"(the |our |my |your )?(sendiass|sendias|iass|ias|send ?iass|local offer|send team|"
                                r"parent carer forum)( (then|here|there|for (us|me|this area)))?\W*$", re.I)
# "Excluded for 3 days": a suspension, whose next steps are not a permanent exclusion's (actions/what_next.py).
SUSPENSION = re.compile(r"\bsuspen\w*|fixed[- ]term|\b(excluded|sent (\w+ )?home|off( school)?) for "
                        r"(\d+|a|one|two|three|four|five|half a|a few) "
                        r"(school )?(days?|weeks?|afternoons?|mornings?)\b",
                        re.I)


# "is free help?", "do they charge?" just after an answer that sends the parent to a service: that service's answer
# (which says what it costs), not the thanks before it or the menu.
COST_ASKED = re.compile(r"^\W*((thank you|thanks|ok|okay|and|but|so)\W+)*(is (it|this|that|the help|help|they|she|he) "
                        r"(really )?free|is free( help)?|free help|is there a (cost|charge|fee)|"
                        r"(do|does) (they|it|she|he|you|sendiass) (charge|cost)( anything| money)?|"
                        r"how much (does it|do they|is it) (cost|charge)|"
                        r"do (i|we) (have to )?pay( for (it|this|that))?|"
                        r"(it'?s|its|is it) free)\W*$", re.I)
