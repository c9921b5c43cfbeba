"""Conversations in which the assistant gave FAQ answers with their `custom` payload (source and "Was this
helpful?" key, bot.feedback), written into a tracker database by the real tracker store as Rasa writes them:
for the feedback tests, no Rasa server needed."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
from typing import Any

from bot import feedback
from bot import knowledge as kb


def save(url: str, sender: str, answers: list[str]) -> None:
    """Save one conversation that was given these answers (keys like "role/senco") at `url`."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from rasa_addons.tracker_store import RedactingSQLTrackerStore

    knowledge = kb.get()
    saved = os.environ.get("SEND_TRACKER_DB_URL")
    os.environ["SEND_TRACKER_DB_URL"] = url
    try:
        domain = Domain.from_yaml('version: "3.1"\nintents: [role]\n')
        store = RedactingSQLTrackerStore(domain=domain)
        events: list[Any] = [ActionExecuted("action_listen")]
        for key in answers:
            answer = knowledge.answers[key]
            custom = feedback.answer_payload(knowledge, key, answer.sources, answer.reviewed)
            events += [UserUttered(answer.title, intent={"name": key.split("/")[0], "confidence": 0.9}),
                       ActionExecuted(f"utter_{key.split('/')[0]}"),
                       BotUttered(answer.text, data={"custom": custom}, metadata={"utter_action": f"utter_{key}"}),
                       ActionExecuted("action_listen")]
        tracker = DialogueStateTracker.from_events(sender, events, domain.slots)
        # In a thread of its own: Playwright's sync API may be running an event loop in this one.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, store.save(tracker)).result()
        store.engine.dispose()
    finally:
        if saved is None:
            os.environ.pop("SEND_TRACKER_DB_URL", None)
        else:
            os.environ["SEND_TRACKER_DB_URL"] = saved
