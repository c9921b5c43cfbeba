"""What the conversation so far holds, read from the tracker's events: the parent's own messages and the answer
they last read."""

from __future__ import annotations

from rasa_sdk import Tracker

from bot.domain.knowledge import AFTER_DEADLINE


def parent_texts(tracker: Tracker, since_slot: str | None = None) -> list[str]:
    """The parent's own messages since the conversation (re)started, oldest first (buttons left out); with
    `since_slot`, only those after that slot was last set ("we're in Kent" remembered, then "sorry, we moved,
    we're in Medway now")."""
    texts: list[str] = []
    for event in tracker.events:
        if event.get("event") in ("restart", "session_started") or (
                since_slot and event.get("event") == "slot" and event.get("name") == since_slot):
            texts = []
        elif event.get("event") == "user" and not (event.get("text") or "").startswith("/"):
            texts.append(event.get("text") or "")
    return texts


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
        elif kind == "slot" and event.get("name") == "deadline_in_play" and event.get("value"):
            read = f"{AFTER_DEADLINE}{event['value']}"  # a deadline worked out (or its rule) was the last answer
    return before
