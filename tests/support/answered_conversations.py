"""Conversations in which the assistant gave FAQ answers with their `custom` payload (source and "Was this
helpful?" key, bot.store.feedback), written into a tracker database by the real tracker store as Rasa writes them:
for the feedback tests, no Rasa server needed."""

from __future__ import annotations

from typing import Any

from bot.domain import knowledge as kb
from bot.store import feedback
from tests.support.conversation_store import save_events


def save(url: str, sender: str, answers: list[str]) -> None:
    """Save one conversation that was given these answers (keys like "role/senco") at `url`."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

    knowledge = kb.get()
    events: list[Any] = [ActionExecuted("action_listen")]
    for key in answers:
        answer = knowledge.answers[key]
        custom = feedback.answer_payload(knowledge, key, answer.sources, answer.reviewed)
        events += [UserUttered(answer.title, intent={"name": key.split("/")[0], "confidence": 0.9}),
                   ActionExecuted(f"utter_{key.split('/')[0]}"),
                   BotUttered(answer.text, data={"custom": custom}, metadata={"utter_action": f"utter_{key}"}),
                   ActionExecuted("action_listen")]
    save_events(url, 'version: "3.1"\nintents: [role]\n', {sender: events})
