"""When the assistant is unsure: answer its best guess and offer the next most likely answers, or, with
nothing plausible, say so and offer a few likely topics and a person. Pure: reads the classifier's
rankings (as Rasa reports them) and returns what to show.

Measured on the blind conversation batches: the classifier's topic was usually right and the answer
picker's first choice often right even below its confidence bar; a generic "not sure" menu helped nobody.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

GUESS_WITH_TOPIC = 0.04  # answer picker's confidence needed when the classifier agrees on the topic
GUESS_ALONE = 0.15  # ... when it does not
TOPIC_SURE = 0.5  # classifier confidence in the topic
SUGGEST = 0.03  # below this an answer is not worth a button
TASK_SUGGEST = 0.1
MAX_SUGGESTIONS = 3
# Task intents a button can start, with the words on the button.
TASKS = {
    "ask_appeal_deadline": "Work out an appeal deadline", "ask_discrimination_deadline":
    "Work out a discrimination claim deadline", "ask_ehc_deadline": "EHC assessment timescales",
    "ask_review_deadline": "Annual review dates", "find_contact": "Find help near me",
    "human_handoff": "Talk to a person", "delete_my_data": "Delete my conversation",
}


@dataclass
class Guess:
    answer: str | None = None  # "<intent>/<key>": answer this
    suggestions: list[str] = field(default_factory=list)  # answer keys or task intents, most likely first


def _ranked_answers(parse: dict[str, Any]) -> list[tuple[str, float]]:
    selector = (parse.get("response_selector") or {})
    ranking: list[tuple[str, float]] = []
    for name, result in selector.items():
        if name == "all_retrieval_intents" or not isinstance(result, dict):
            continue
        for row in result.get("ranking") or []:
            key = row.get("intent_response_key")
            if key:
                ranking.append((str(key), float(row.get("confidence") or 0.0)))
    ranking.sort(key=lambda row: -row[1])
    return list(dict.fromkeys(ranking))


def _ranked_intents(parse: dict[str, Any]) -> list[tuple[str, float]]:
    return [(str(row.get("name")), float(row.get("confidence") or 0.0))
            for row in parse.get("intent_ranking") or [] if row.get("name") not in (None, "nlu_fallback")]


def best_guess(parse: dict[str, Any], retrieval_intents: Sequence[str]) -> Guess:
    answers = _ranked_answers(parse)
    intents = _ranked_intents(parse)
    topic, topic_confidence = intents[0] if intents else ("", 0.0)
    guess = Guess()
    if answers:
        key, confidence = answers[0]
        same_topic = key.split("/")[0] == topic and topic_confidence >= TOPIC_SURE
        if confidence >= (GUESS_WITH_TOPIC if same_topic else GUESS_ALONE):
            guess.answer = key
    for key, confidence in answers:
        if key != guess.answer and confidence >= SUGGEST and len(guess.suggestions) < MAX_SUGGESTIONS - 1:
            guess.suggestions.append(key)
    for name, confidence in intents:
        if name in TASKS and confidence >= TASK_SUGGEST and name != "human_handoff":
            guess.suggestions.insert(0, name)
    guess.suggestions = [s for s in dict.fromkeys(guess.suggestions) if s.split("/")[0] in retrieval_intents
                         or s in TASKS][:MAX_SUGGESTIONS]
    return guess
