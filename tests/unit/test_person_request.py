"""bot/domain/person_request: which messages ask for a person (the hand-off form), and which ask for something else."""

from __future__ import annotations

import pytest

from bot.domain.person_request import asks_for_a_person


@pytest.mark.parametrize("text", ["i want to talk to a person", "can i speak to someone please",
                                  "i need to talk to someone, can someone call me back", "i want a real adviser",
                                  "i dont want a bot i need someone to talk to", "i don't want to talk to a robot",
                                  "my husband and i want to talk to someone about his plan"])
def test_asking_for_a_person(text: str) -> None:
    assert asks_for_a_person(text)


@pytest.mark.parametrize("text", [
    "what is ipsea's phone number? need to talk to someone about tribunal",  # that service's number
    "my daughter wants to talk to someone about the bullying",  # someone for the child
    "my son needs someone to talk to, he wont talk to me",
    "my 14yo wants to talk to someone about his feelings but not me",
    "am i talking to a real person?",  # whether this is a bot
    "i need to talk to someone local, who do i contact?",  # a local service
])
def test_asking_for_something_else(text: str) -> None:
    assert not asks_for_a_person(text)
