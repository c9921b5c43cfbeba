"""Risk and crisis language is caught in many phrasings; ordinary SEND worries are not."""

from __future__ import annotations

import pytest

from bot.safeguarding import concern

URGENT = [
    "my son says he wants to kill himself",
    "she's been self-harming",
    "My daughter is selfharming again",
    "he talks about suicide a lot",
    "I think my child is being abused",
    "my partner hits my son",
    "her dad beats her",
    "I can't cope anymore",
    "i cant cope with this",
    "I’m at the end of my tether",
    "I'm at breaking point",
    "he’s hurting himself",
    "my child isn't safe at home",
    "the teacher locked him in a room and he came home with bruises",
    "my kid has run away from home",
    "my 14 year old has gone missing",
    "someone is grooming my daughter online",
    "I'm scared I'll hurt my child",
    "she said she doesn't want to be alive anymore",
    "he took an overdose last night",
    "my son is in danger",
    "I feel like there's no way out",
    "he threatened to kill himself",
    "MY CHILD IS BEING ABUSED",
    "i think my kids are being neglected by their dad",
    "i think someone is hurting my daughter",
    "the older boys keep hurting him on the bus",
]
NOT_URGENT = [
    "my son is at risk of exclusion",
    "what does a SENCO do",
    "my daughter is missing school a lot",
    "he is missing lessons for speech therapy",
    "how do I appeal the council's decision",
    "the school isn't safe for wheelchair users, they have no ramp",  # access, not risk: stays an FAQ
    "I'm worried about my son's reading",
    "my child struggles with handwriting",
    "the council missed the deadline",
    "the delays are hurting my son's education",
]


@pytest.mark.parametrize("text", URGENT)
def test_urgent_messages_are_caught(text: str) -> None:
    assert concern(text) is not None


@pytest.mark.parametrize("text", NOT_URGENT)
def test_ordinary_worries_are_not(text: str) -> None:
    assert concern(text) is None
