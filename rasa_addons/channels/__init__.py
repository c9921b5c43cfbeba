"""Channel connectors that authenticate inbound requests and can point at a local fake API in tests."""

from __future__ import annotations

from typing import Any

# `custom` payloads that only the web chat understands: an answer's source and "Was this helpful?"
# (bot.store.feedback), a calendar file, "forget this conversation". Telegram and Twilio leave them out (stock
# Twilio would pass them to its API as unknown arguments and fail the turn).
WEB_CHAT_ONLY = frozenset({"source", "feedback", "ics", "forget"})


def for_messaging(json_message: dict[str, Any]) -> dict[str, Any]:
    """The part of a `custom` payload a messaging channel can send ({} if none)."""
    return {key: value for key, value in json_message.items() if key not in WEB_CHAT_ONLY}
