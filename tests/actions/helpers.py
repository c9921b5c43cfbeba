"""Run a Rasa SDK action with a real Tracker and CollectingDispatcher."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


def tracker(text: str = "", intent: str = "", entities: list[dict[str, Any]] | None = None,
            slots: dict[str, Any] | None = None, sender: str = "test-user",
            events: list[dict[str, Any]] | None = None) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0},
              "entities": entities or []}
    return Tracker(sender, slots or {}, latest, events or [], False, None, {}, "action_listen")


def run(action: Action, track: Tracker, domain: dict[str, Any] | None = None
        ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Returns (messages sent, events returned)."""
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, track, domain or {})
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    return dispatcher.messages, result


# What CollectingDispatcher.utter_message keeps itself; any other key is a variable of the response.
DISPATCHER_KEYS = {"text", "buttons", "elements", "custom", "template", "response", "image", "attachment"}


def variables(message: dict[str, Any]) -> dict[str, Any]:
    """The variables an action gave a response (Rasa fills them into the response's {placeholders})."""
    return {key: value for key, value in message.items() if key not in DISPATCHER_KEYS}


def responses(messages: list[dict[str, Any]]) -> list[str | None]:
    return [message.get("response") for message in messages]
