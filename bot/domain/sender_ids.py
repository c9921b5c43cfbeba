"""One identity per channel: Telegram and Twilio conversations are stored as "telegram:<id>" and
"twilio:<number>", and a public client (web chat, REST) may only use ids without ":", so no client can address
another channel's conversation."""

from __future__ import annotations

import re

SENDER = re.compile(r"^[A-Za-z0-9_-]{1,128}$")  # web chat and REST conversation ids: no ":" (channel prefixes)


def valid_sender(sender: str) -> bool:
    """A conversation id a public client (web chat, REST) may use. Telegram and Twilio ids are stored as
    "telegram:<id>" and "twilio:<number>", which no public client can send, so the channels never mix."""
    return bool(SENDER.match(sender))


def channel_sender(channel: str, sender: str) -> str:
    return f"{channel}:{sender}"


def provider_id(channel: str, sender: str) -> str:
    """The id the messaging provider knows (the part after "<channel>:")."""
    prefix = f"{channel}:"
    return sender[len(prefix):] if sender.startswith(prefix) else sender
