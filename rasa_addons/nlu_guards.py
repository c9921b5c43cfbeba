"""NLU components that keep the assistant safe and honest.

- ResponseSelectorGuard: FallbackClassifier only looks at the top-level intent ("role" at 0.99) and
  ignores how sure the ResponseSelector is about the answer ("role/ot" at 0.12). This guard turns a
  low-confidence answer into `nlu_fallback`, so the bot asks instead of answering wrongly. It also
  adds a `faq_key` entity naming the chosen answer, so follow-ups ("tell me more") know the topic. Kinds of
  question whose answer is not the one their words are nearest to are re-routed by bot/domain/answer_rules.py.
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
    answer_rules,
    areas,
    clock,
    date_rules,
    form_questions,
    glossary_terms,
    knowledge,
    message_limits,
    person_request,
    safeguarding,
    service_kinds,
    spelling,
)
from bot.domain.answer_rules import IN_THE_PLAN, NUMBER_ASKED, OTHER_NATION_ANSWERS, SENT_HOME, WHOSE_JOB
from bot.domain.date_rules import DEADLINE_INTENTS, REVIEW_OVERDUE_ANSWER, SAFETY_INTENTS
from bot.domain.dates import has_a_date, has_an_exact_date
from bot.domain.deadline_kinds import DEADLINE_QUESTIONS
from bot.domain.deadline_request import (
    ASKED_AGAIN,
    DEADLINE_CUE,
    PAUSE_ASKED,
    REFUSAL_WORDS,
    REFUSED_TO_CHANGE,
    STILL_TO_COME,
)
from bot.domain.follow_ups import (
    ALREADY_DONE,
    ASKS_FOR_HELP,
    ASKS_LOCAL_HELP,
    CONTACT_THEM,
    CONTINUES,
    COST_ASKED,
    ESCALATE,
    FIND_THERE,
    HOW_THEN,
    SCHOOL_ROUTE,
    WHAT_NOW,
    WHO_CAN_HELP,
    WHO_FIRST,
    WHO_IS_THE_SERVICE,
    WHO_TO_CALL,
    WHO_TO_CONTACT,
    WHO_TO_TALK_TO,
    waiting_then_what_now,
    who_first_about_the_school,
)
from rasa_addons.conversation_context import ANSWER_READ, CONCERN_READ, EARLIER_TEXTS, PREVIOUS_TEXT
from rasa_addons.semantic_classifier import selected_answer

SAFEGUARDING_INTENT = "safeguarding"
FULL_TEXT = "send_full_text"  # message data key: the text before MessageBound cut it
# Intents a place name must not override.
KEEP_INTENT = {"safeguarding", "human_handoff", "delete_my_data", "stop", "inform_date", "ask_appeal_deadline",
               "ask_discrimination_deadline", "ask_ehc_deadline", "ask_review_deadline", "ask_deadline"}
# "Who can help me round here?": with a place named, the parent wants local contacts.
LOCAL_HELP = re.compile(r"\bwho (can|could|do i|should i|shall i|will|helps?)\b|\b(help|advice|advise|support|"
                        r"service|services|local|near me|nearby|round here|around here|in my area|contact|"
                        r"get hold of|speak to|talk to|anyone|people|team|department|dept|office|number|phone|ring|"
                        r"call|email|get in touch)\b", re.I)
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
# "council number for ehcp please", "what's the phone number for the council's send team": the council's contacts
# (the contacts action asks which area).
COUNCIL_NUMBER = re.compile(r"\b(council|la|local authority|send team)('?s)?( send)?( team)? (phone )?(number|phone|"
                            r"email|contact details|contact)\b|\b(number|phone|email|contact details) (for|of) (the|my|"
                            r"our) (local )?(council|la|local authority|send team)\b|"
                            r"\bwhat number do (i|we) (ring|call|phone)\b.{0,20}"
                            r"\b(council|la|local authority|send team)\b",
                            re.I)
# A follow-up is short: a long message ending "what can I do?" is a new story for the classifier.
FOLLOW_UP_WORDS = 20
PRIVACY_ANSWER = "service/this_chat_privacy"
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
# "She's been off school for weeks with chronic fatigue. Whose job is it to make sure she's taught?": the council's
# duty to arrange education for a child too ill for school.
TOO_ILL = re.compile(r"\b(ill|illness|poorly|sick|unwell|hospital|chronic fatigue|cfs|long covid|bed ?bound|"
                     r"operation|surgery|cancer|chemo\w*|mental health|anxiety)\b", re.I)
# Missing school, not a medical need in school ("who is responsible for his epilepsy care at school?").
OFF_SCHOOL = re.compile(r"\b(off (school|sick|for)|miss(ed|es|ing)? (school|lessons|\d+|weeks|months|loads|so much)|"
                        r"(can'?t|cannot|cant|unable to) (go|get|attend|manage|face)\b|not (been )?(going|in school|at "
                        r"school|attending)|(hasn'?t|hasnt|haven'?t|havent|has not) been (in|to|at) school|"
                        r"(in|from|out of) hospital|bed ?bound|housebound|at home|"
                        r"(hasn'?t|hasnt|has not|haven'?t|havent|have not|not) been able to (go|get|attend))", re.I)
HEALTH_NEEDS = "school/health_needs"
# "school just emails worksheets. is that it?": what a child off ill gets instead of lessons, asked about.
WORK_SENT_HOME = re.compile(r"\b((work ?sheets?|school ?work|work|packs?)\b.{0,20}\b(sent|emailed|emails?|posted|"
                            r"online)|"
                            r"(emails?|sends?|sent|posts?) (us |her |him |me |home )?(work ?sheets?|school ?work|work|"
                            r"packs?))\b.{0,40}\b(is that (it|all|enough|ok|okay|right|allowed|legal)|that'?s it)\b",
                            re.I)
WHO_TEACHES = re.compile(r"\b(who|who'?s|anyone|anybody|someone|somebody)\b.{0,25}\b(meant|supposed|responsible|"
                         r"has|have|should)\b.{0,25}\b(teach\w*|educat\w*|lessons|schooling|tuition)\b", re.I)
# "The council wrote to say they're not going to amend it. What can I do?" after a review: the appeal
# (deadline_request.REFUSED_TO_CHANGE).
WHAT_CAN_DO = re.compile(r"\bwhat (can|could|should|do) (i|we) do\b|\b(my|our|what are the|any) options\b|"
                         r"\bcan (i|we) (challenge|appeal|fight|do anything)\b", re.I)
# A child at school is past the health visitor's worries about a baby's or toddler's development.
EARLY_DEVELOPMENT = "family/early_development"
AT_SCHOOL = re.compile(r"\b(year \d+|y\d+|reception|primary|secondary|at school|in school|teacher|class|senco|"
                       r"sendco|school gate|at the gate)\b", re.I)
REVIEW_PAPERS = re.compile(r"\b(reports?|advice|paperwork|papers|notice|invite|invitation)\b", re.I)
# Whether the school can stop a request for an EHC needs assessment, or must agree to it.
SCHOOL_BLOCKS = re.compile(r"\b(school|senco|sendco|head|headteacher|academy|teachers?|they)\b.{0,20}\b(can'?t|cannot|"
                           r"can not|cant|able to|allowed to|can|could)( \w+)? (block|stop|prevent|veto|refuse)\b|"
                           r"\b(do|does) (i|we) need (the )?(school|senco|sendco|head|headteacher)'?s? (permission|"
                           r"agreement|approval|to agree|ok|support|backing)\b|\bwithout the school\b", re.I)
ASSESSMENT_ASKED = re.compile(r"\b(ehc\w*|assess\w*|apply|applying|application|request\w*)\b", re.I)
WHO_CAN_REQUEST = "ehc/who_can_request"
# "Contact" is also a charity's name (service/contact): "who do I contact?" uses the verb.
CONTACT_CHARITY = "service/contact"
CONTACT_AS_A_VERB = re.compile(
    r"\b(who|how|where|when|what) (do|should|can|shall|would|could|must) (i|we) (\w+ )?contact\b|\bto contact\b|"
    r"\bcontact (them|him|her|the (school|council|senco|la|team|nhs|gp)|someone|somebody|anyone|anybody|you|us|me)\b",
    re.I)
CONTACT_THE_CHARITY = re.compile(r"charity|helpline|help ?line|contact a family|contact\.org|family fund", re.I)


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
        elif ((WHOSE_JOB.search(typed) or WHO_TEACHES.search(typed) or WORK_SENT_HOME.search(typed))
              and TOO_ILL.search(recent)
              and OFF_SCHOOL.search(recent)
              and not SENT_HOME.search(recent)
              and not IN_THE_PLAN.search(recent) and not typed.startswith("/")):
            # the classifier wavers between "too ill" and "work during an exclusion"; the words say which
            key, intent, confidence = HEALTH_NEEDS, HEALTH_NEEDS.split("/")[0], 0.9
            _set_answer(message, key, confidence)
        elif (SCHOOL_BLOCKS.search(typed) and ASSESSMENT_ASKED.search(recent) and not typed.startswith("/")
              and intent not in SAFETY_INTENTS):
            # "who decides if he gets an ehcp?" ... "so the school can't block it?": parents ask the council
            # themselves (the classifier is unsure between the school's and the council's answers)
            key, intent, confidence = WHO_CAN_REQUEST, WHO_CAN_REQUEST.split("/")[0], 0.9
            _set_answer(message, key, confidence)
        topic_matches = key.split("/")[0] == intent or any(
            other.split("/")[0] == intent for other in knowledge.get().equivalents.get(key, ()))
        needed = self.config["threshold"] if topic_matches else self.config["mismatch_threshold"]
        if confidence < needed:
            unsure = answer_rules.reroute(_asked(message, typed, key))
            if unsure is None or unsure.rule not in answer_rules.SURE_RULES:
                _set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, confidence)
                return
            # "...form tutor told him to go home" ... "can a teacher even do that?": the words are enough
            key, confidence = unsure.key, 0.9
            _set_answer(message, key, confidence)
            message.data[INTENT_RANKING_KEY] = [r for r in message.data[INTENT_RANKING_KEY]
                                                if r.get(INTENT_NAME_KEY) != intent or intent == key.split("/")[0]]
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
        if ((key == EARLY_DEVELOPMENT and AT_SCHOOL.search(recent))
                or (key in answer_rules.NAMED_ONLY and not answer_rules.names_it(key, recent))) and (
                runner_up := _runner_up(selected, key)) is not None:
            # a child at school is past the health visitor's worries; "the senco or a social worker?" is not the
            # SENCO-or-caseworker answer its title is nearest to
            key, confidence = runner_up
            _set_answer(message, key, confidence)
        _merge_equivalent_topics(message, key)
        entities = [e for e in message.data.get(ENTITIES, []) if e.get("entity") != "faq_key"]
        entities.append(
            {"entity": "faq_key", "value": key, "start": 0, "end": 0,
             "confidence_entity": confidence, "extractor": type(self).__name__}
        )
        message.data[ENTITIES] = entities
        rerouted = answer_rules.reroute(_asked(message, typed, key))
        if rerouted is None:
            return
        _set_answer(message, rerouted.key, 0.9 if rerouted.rule == "other_nation" else confidence)
        # The reading a rule turned away from is not a near second: the question is answered, not asked back as
        # ambiguous (FallbackClassifier compares the top two intents, and the old one kept the same score).
        if rerouted.key.split("/")[0] != intent:
            message.data[INTENT_RANKING_KEY] = [r for r in message.data[INTENT_RANKING_KEY]
                                                if r.get(INTENT_NAME_KEY) != intent]


# A message that is only a place ("we're in skegness", "oh we live in hexham"): nothing else was asked.
ONLY_A_PLACE = re.compile(r"^\W*((hi|ok|okay|yes|yeah|and|but|oh|sorry|right|well|also),? )*"
                          r"((we'?re|were|we are|i'?m|im|i am|we live|i live|we'?re based|we are based|i'?m based|"
                          r"we'?re from|i'?m from|from|living)( (in|at|near|round|around|just outside))? |"
                          r"(in|at|near) )?(?P<place>[a-z][a-z' .&-]{1,40}?)\W*$", re.I)


def _only_a_place(text: str) -> bool:
    found = ONLY_A_PLACE.match(text)
    if not found:
        return False
    match = areas.load().match(found.group("place"))
    return match.status in ("found", "ambiguous") and match.matched_text == areas.normalise(found.group("place"))


def _services(message: Message) -> tuple[str, ...]:
    """The kinds of service the message names (the entity ruler's service_kind)."""
    return tuple(str(e.get("value")) for e in message.data.get(ENTITIES, []) if e.get("entity") == "service_kind")


def _asked(message: Message, typed: str, key: str) -> answer_rules.Asked:
    return answer_rules.Asked(typed, tuple(_earlier(message)), key, _services(message), _answer_read(message))


def _answer_read(message: Message) -> str:
    """The key of the last answer the parent read, or "" (rasa_addons/conversation_context.py)."""
    return str((message.get("metadata") or {}).get(ANSWER_READ) or "")


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
            metadata = message.get("metadata") or {}
            kind = None if text.startswith("/") else (
                safeguarding.concern(text) or safeguarding.follow_up_concern(
                    text, metadata.get(PREVIOUS_TEXT), str(metadata.get(CONCERN_READ) or "")))
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
            text = message.get(TEXT) or ""
            if intent not in SAFETY_INTENTS and form_questions.stops(text):
                _set_intent(message, "stop", 0.95)
            elif intent == "stop" and form_questions.signs_off(text):
                # "thanks thats it for now, ill come back later": goodbye, not "OK, I've stopped"
                _set_intent(message, "goodbye", 0.9)
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
            if (WHO_CAN_HELP.search(text) or CONTACT_THEM.search(text) or ASKS_LOCAL_HELP.search(text)
                    or WHO_TO_CALL.search(text)
                    # "sent the SEND35 in october" ... "nothing back at all. who do i ring?": that service's number
                    or (WHO_TO_CALL.search(last) and service_kinds.kind_from_text(" ".join([*earlier[-2:], text])))):
                _set_intent(message, "find_contact", 0.9)
            elif (earlier and CONTINUES.search(text) and ASKS_FOR_HELP.search(earlier[-1])
                  and areas.load().match(earlier[-1]).area):
                _set_intent(message, "find_contact", 0.9)  # "who can help me in surrey" ... "with his ehcp"
            elif ((WHO_CAN_HELP.search(last) or WHO_TO_TALK_TO.search(last) or FIND_THERE.search(text)
                   or WHO_IS_THE_SERVICE.search(text)
                   or (WHO_TO_CONTACT.search(text) and areas.MOVED_TO.search(" ".join(earlier[-3:]))))
                  and any(areas.load().match(said).area for said in [*earlier[-3:], text])):
                _set_intent(message, "find_contact", 0.9)  # area known: "...not helping. who can help me"
            elif who_first_about_the_school(text, earlier):
                _set_answer(message, SCHOOL_ROUTE)
            elif (COST_ASKED.search(last) and (read := _answer_read(message)) in knowledge.get().answers
                  and (kind := service_kinds.kind_from_text(knowledge.get().answers[read].text))
                  and f"service/{kind}" in knowledge.get().answers):
                _set_answer(message, f"service/{kind}")
            elif earlier and HOW_THEN.search(text):
                _set_intent(message, "tell_me_more", 0.9)  # "ok how" after an answer: its detail
            elif WHO_FIRST.search(text) and _answer_read(message).partition("/")[2] in service_kinds.ROLE_SERVICE:
                _set_intent(message, "find_contact", 0.9)  # "who do i ring there?" after the council's answer
            elif WHO_FIRST.search(text) and (read := _answer_read(message)) and (
                    read.startswith("role/") or read not in knowledge.get().next_steps):
                # "who do i talk to then?" after a role's answer: that person; after an answer with no next step
                # (how to get short breaks, a baby's development: "who do i speak to first?"), that answer, which
                # says who
                _set_answer(message, read)
            elif (WHO_TO_TALK_TO.search(text) and (read := _answer_read(message)) in knowledge.get().next_steps
                  and not read.startswith("role/")):
                # "who do i ask?" (all they said) after the short breaks answer: how to get them (the answer's next
                # step); after a role's answer it is that person, not the next one up
                _set_intent(message, "what_next", 0.9)
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
            elif areas.nation_named(text) and not areas.moved_from_nation(text):
                # Wales, Scotland, Northern Ireland: their own law and services, whatever was asked.
                _set_intent(message, "find_contact", 0.9)
            elif not has_area:
                if (NUMBER_ASKED.search(text) and (kind := service_kinds.kind_from_text(text))
                        and service_kinds.get()[kind].national
                        and _chosen_answer(message) != f"service/{kind}"):
                    # "whats the number for the ACE advice line?": a national service asked for by name, not
                    # another service's answer (it had got EASS's) or what its name means ("whats the ipsea number")
                    _set_intent(message, "find_contact", 0.9)
                    continue
                if COUNCIL_NUMBER.search(text) and intent not in DEADLINE_INTENTS:
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
            elif ((intent in self.config["replace"] and len(text.split()) <= self.config["max_words"])
                  or _only_a_place(text)):
                # "we're in Skegness" after a transport answer: the place, whatever topic it was read with
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
    """A date is a deadline question's answer, whatever the classifier thought (bot/domain/date_rules.py)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_words": 12, "replace": ["nlu_fallback", "out_of_scope", "greet", "goodbye", "thanks"]}

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            said = date_rules.Said(
                text=text, full=message.data.get(FULL_TEXT) or text,
                intent=(message.data.get(INTENT) or {}).get(INTENT_NAME_KEY), earlier=_earlier(message),
                answer=_chosen_answer(message), today=clock.today(), read=_answer_read(message),
                max_words=self.config.get("max_words", date_rules.Said.max_words),
                replace=frozenset(self.config.get("replace", date_rules.Said.replace)))
            decision = date_rules.decide(said)
            if decision and decision.answer:
                _set_answer(message, decision.answer)
            elif decision and decision.intent:
                _set_intent(message, decision.intent, 0.9)
        return messages


