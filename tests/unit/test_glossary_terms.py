"""The term a parent asks the meaning of, in a message full of other words."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.domain.glossary_terms import asked_term, asked_term_after, asked_terms
from rasa_addons import nlu_guards


@pytest.mark.parametrize(("text", "key"), [
    ("draft ehcp says his primary need is SEMH wtf does that mean", "glossary/semh"),
    ("his ep report says SLCN and SpLD all over it, what do they mean??", "glossary/spld"),
    ("whats an EHCNA? everyone talks in letters", "glossary/ehcna"),
    ("LA told me covid rules mean they can take longer than 20 weeks", None),
    ("what are all the sections in an EHCP and which matter most", None),
    ("the social worker says she needs a PEP. what is that", "glossary/pep"),
    ("what does sendist stand for", "glossary/sendist"),
    ("the school say they use their best endeavours, what does that mean legally", "glossary/best_endeavours"),
    ("the report keeps saying the SALT will visit?? who even are they", "glossary/salt"),
])
def test_the_term_asked_about(text: str, key: str | None) -> None:
    assert asked_term(text) == key


@pytest.mark.parametrize("text", [
    "my son has adhd what can i do",  # no question about a meaning
    "the ta keeps getting taken off him, what does the law say",  # "ta" in lower case is not TA... and no term
    "hi, what time is it",
    "whats the longest an ehcp can take, by law i mean?",  # "i mean" is not "what does it mean"
])
def test_no_term_asked(text: str) -> None:
    assert asked_term(text) is None


def test_a_short_what_does_that_mean_reads_the_term_in_the_message_before() -> None:
    assert asked_term_after("what does that mean?", ["his plan talks about SEMH needs a lot"]) == "glossary/semh"
    assert asked_term_after("what does that mean?", []) is None
    assert asked_term_after("ok thanks", ["his plan talks about SEMH needs"]) is None


def test_one_section_of_a_plan_named_alone_is_the_sections_entry() -> None:
    said = ["reading the draft plan, its got Section F and Section I all over it"]
    assert asked_term_after("what are they", said) == "glossary/section_b_f_i"
    assert asked_term("whats section b") == "glossary/section_b_f_i"
    assert asked_term("what is section e") == "glossary/section_e"


def test_the_detector_answers_the_term_unless_the_chosen_answer_already_explains_it() -> None:
    detector = nlu_guards.GlossaryDetector({})

    def answer(text: str, chosen: str) -> str:
        msg = Message(data={TEXT: text, INTENT: {"name": chosen.split("/")[0], "confidence": 0.8},
                            ENTITIES: [{"entity": "faq_key", "value": chosen}]})
        detector.process([msg])
        return str(msg.data["response_selector"]["default"]["response"]["intent_response_key"]
                   if "response_selector" in msg.data else chosen)

    assert answer("draft ehcp says his primary need is SEMH what does that mean", "ehc/draft_plan") == "glossary/semh"
    assert answer("what is the local offer", "service/local_offer") == "service/local_offer"  # same question


def test_the_other_term_is_the_one_not_already_known() -> None:
    before = "the report says ASD and SpLD. i know what ASD is"
    assert asked_term_after("whats the other one?", [before]) == "glossary/spld"
    assert asked_term_after("and the other one", ["it lists SEMH and MLD"]) is None  # which one is not said
    assert asked_term_after("the other one", ["she has an ehcp"]) is None


def test_what_are_they_doing_is_not_a_question_about_a_term() -> None:
    story = "he has no ehcp and they say no money for a 1 to 1. what are they actually meant to be doing"
    assert asked_term(story) is None
    assert asked_term("the plan says EOTAS, what is that?") == "glossary/eotas"


def test_who_is_a_body_is_asking_what_it_is() -> None:
    assert asked_term("whos the ICB? is that the nhs or the council") == "glossary/icb"


def test_a_message_that_is_only_terms_asks_what_they_mean() -> None:
    assert asked_terms("SLCN and SpLD?") == ["glossary/slcn", "glossary/spld"]
    assert asked_terms("semh, slcn") == ["glossary/semh", "glossary/slcn"]
    assert asked_terms("my son has SLCN and SpLD") == []  # told, not asked


def test_in_plain_english_after_a_term_is_its_meaning() -> None:
    assert asked_term_after("in english please", ["the letter says they are thinking about EOTAS for her"]) \
        == "glossary/eotas"
    assert asked_term_after("in english please", ["the council wrote to me"]) is None


def test_one_after_a_term_points_back_to_it() -> None:
    from bot.domain.glossary_terms import term_one_refers_to

    assert term_one_refers_to("how do we get one to see ds, school keep saying waiting list", ["whats an EP"]) \
        == "glossary/ep"
    assert term_one_refers_to("how can i get one for my son", ["what does SALT mean"]) == "glossary/salt"
    assert term_one_refers_to("how do we get one", ["my son is 7"]) is None  # no term before
    assert term_one_refers_to("what does it do", ["whats an EP"]) is None


def test_a_complaint_about_what_a_plan_says_is_not_a_question_about_its_terms() -> None:
    """"Not happy with what's written in the EHCP, section F is so vague": the vague plan, not what "EHCP" and
    "section F" mean (it had explained both)."""
    from bot.domain.glossary_terms import asked_terms

    assert asked_terms("not happy with whats written in the ehcp, section F is so vague it just says 'support'") == []
    assert asked_terms("whats SLCN and SpLD?") == ["glossary/slcn", "glossary/spld"]
