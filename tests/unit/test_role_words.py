"""bot/domain/role_words: one vocabulary for the people who work with a child, each word under an answer's key."""

from __future__ import annotations

from bot.domain import knowledge
from bot.domain.role_words import ROLE_WORDS, SHORT_FORMS, role_for_word


def test_every_role_is_an_answer() -> None:
    answers = knowledge.get().answers
    for key in {*ROLE_WORDS, *SHORT_FORMS.values()}:
        assert f"role/{key}" in answers, key


def test_words_and_short_forms_name_their_role() -> None:
    assert role_for_word("Head  Teacher") == "headteacher"
    assert role_for_word("head") == "headteacher"
    assert role_for_word("TA") == "teaching_assistant"
    assert role_for_word("governing body") == "governors"
    assert role_for_word("dinner lady") is None
