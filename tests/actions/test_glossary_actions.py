"""Several terms asked at once get each one's meaning (actions/glossary.py, bot/domain/glossary_terms.py)."""

from __future__ import annotations

from actions.glossary import ActionExplainTerms
from bot.domain.glossary_terms import asked_terms
from tests.actions.helpers import responses, run, tracker


def test_terms_named_as_a_list_are_each_explained_in_order() -> None:
    assert asked_terms("her statement mentions MLD and SEMH, what do those mean") == ["glossary/mld", "glossary/semh"]
    assert asked_terms("what do they stand for?", ["the ep wrote ASD, ADHD and SpLD"]) == \
        ["glossary/asd", "glossary/adhd", "glossary/spld"]
    assert asked_terms("his plan says SEMH and MLD wat do they meen") == ["glossary/semh", "glossary/mld"]  # typos
    assert asked_terms("and what is a PEP", ["what do SEMH and SLCN mean"]) == []  # a new term, asked alone
    assert asked_terms("EHE or EOTAS, which is which") == []  # no question about meaning or difference
    assert asked_terms("his EHCP says SpLD, what does that mean?") == []  # one term asked, the other is the story


def test_the_action_sends_each_answer_and_remembers_the_last() -> None:
    entities = [{"entity": "glossary_term", "value": "glossary/mld"},
                {"entity": "glossary_term", "value": "glossary/semh"}]
    messages, events = run(ActionExplainTerms(), tracker("MLD and SEMH?", "explain_terms", entities=entities))
    assert responses(messages) == ["utter_glossary/mld", "utter_glossary/semh"]
    assert events[-1]["value"] == "glossary/semh"


def test_without_terms_it_reads_the_words_or_makes_a_best_guess() -> None:
    messages, _ = run(ActionExplainTerms(), tracker("what do SLCN and PMLD mean", "explain_terms"))
    assert responses(messages) == ["utter_glossary/slcn", "utter_glossary/pmld"]
    messages, events = run(ActionExplainTerms(), tracker("what do these mean", "explain_terms"))
    assert messages == [] and events[0]["name"] == "action_best_guess"
