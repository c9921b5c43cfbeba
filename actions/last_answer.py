"""The answer the parent last read, before their latest message."""

from __future__ import annotations

from rasa_sdk import Tracker


def answer_before(tracker: Tracker) -> str:
    """The key of the last answer sent before the latest message (its response is utter_<topic>/<name>), or "".
    Not the faq_key slot: a message's own guess at an answer sets that slot in the same turn, whatever the bot
    then does ("can you find me local support" guessed the Local Offer's answer and got a contact look-up)."""
    read, before = "", ""
    for event in tracker.events:
        kind = event.get("event")
        if kind in ("restart", "session_started"):
            read = ""
        elif kind == "user":
            before = read
        elif kind == "bot":
            uttered = str((event.get("metadata") or {}).get("utter_action") or "")
            if uttered.startswith("utter_") and "/" in uttered:
                read = uttered.removeprefix("utter_")
    return before
