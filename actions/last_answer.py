"""The answer the parent last read, as it was before their latest message."""

from __future__ import annotations

from rasa_sdk import Tracker


def answer_before(tracker: Tracker) -> str:
    """The faq_key slot as it was before the latest message. The latest message's own guess at an answer (its
    faq_key entity, set in the same turn) is not an answer the parent has read: "can you find me local
    support" guessed the Local Offer's answer."""
    key, before = "", ""
    for event in tracker.events:
        if event.get("event") == "user":
            before = key
        elif event.get("event") == "slot" and event.get("name") == "faq_key":
            key = event.get("value") or ""
    return before
