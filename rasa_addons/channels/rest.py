"""Rasa's REST channel (same URL, /webhooks/rest/webhook; same request and reply format), made safe for
the public internet:

- malformed bodies (not JSON, not an object, a message that is not text, a huge sender id) get a 400
  with a plain reason instead of Rasa's 500;
- empty or control-character-only messages get a kind reply without touching the conversation;
  very long messages are cut to MAX_MESSAGE_CHARS, and the classifier reads only the start and the end of
  a long one (bot/domain/message_limits.py), which the parent is told;
- a sender id is 1-128 letters, digits, "-" or "_": never a Telegram or Twilio conversation (those are
  stored as "telegram:<id>" and "twilio:<number>");
- rate limits (bot/web/rate_limit.py): a flood from one IP, or many messages at once for one conversation,
  get a 429 with a kind message; a script going faster than a person types is slowed, not refused;
- a request without a sender gets its own random conversation, never a shared "default" one;
- if anything fails while answering (a database outage, say), the parent still gets a useful reply
  with the national contacts, and the log says what failed without the message text.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import uuid
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.domain import message_limits, sender_ids
from bot.web.rate_limit import ChatLimits
from rasa_addons.action_fallback import national_contacts

log = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = message_limits.MAX_CHARS
MAX_METADATA_CHARS = 2000
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
EMPTY_REPLY = ("I didn't get a message there. What would you like to know? You can ask about SEN support, "
               "EHC plans, appeals, or who can help.")
SLOW_DOWN = "You're sending messages faster than I can answer. Please wait {seconds} seconds and try again."
LONG_MESSAGE = ("That's a long message, so I've read the start and the end of it. If I've missed something, "
                "you can send it as a separate, shorter message.")
FAILED = "Sorry, something went wrong on my side and I couldn't answer that. Please try again in a few minutes.\n"


class BadRequest(ValueError):
    pass


def parse_body(raw: bytes) -> tuple[str, str | None, dict[str, Any] | None, str | None]:
    """(sender, message, metadata, input_channel) from a request body, or BadRequest saying why."""
    try:
        body = json.loads(raw or b"")
    except RecursionError as error:  # deeply nested JSON: a clear 400, not a 500
        raise BadRequest("The body is nested too deeply.") from error
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest("The body must be JSON like {\"sender\": \"...\", \"message\": \"...\"}.") from error
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object with \"sender\" and \"message\".")
    message = body.get("message")
    if message is not None and not isinstance(message, str):
        raise BadRequest("\"message\" must be text.")
    sender = body.get("sender")
    if sender is None or sender == "":
        sender = uuid.uuid4().hex
    if not isinstance(sender, (str, int)) or isinstance(sender, bool) or not sender_ids.valid_sender(str(sender)):
        raise BadRequest("\"sender\" must be 1 to 128 letters, digits, \"-\" or \"_\".")
    metadata = body.get("metadata")
    if isinstance(metadata, dict) and len(json.dumps(metadata)) > MAX_METADATA_CHARS:
        metadata = None  # the widget sends none; a large one is only stored cost
    channel = body.get("input_channel")
    return (str(sender), message, metadata if isinstance(metadata, dict) else None,
            channel if isinstance(channel, str) and channel else None)


def clean_message(message: str | None) -> str:
    """Control and invisible formatting characters removed; at most MAX_MESSAGE_CHARS."""
    text = CONTROL.sub("", message or "").encode("utf-8", "ignore").decode("utf-8")  # lone surrogates go too
    return text.strip()[:MAX_MESSAGE_CHARS]


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self) -> None:
        self.limits = ChatLimits.from_env()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("safe_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Any:
            try:
                sender, message, metadata, channel = parse_body(request.body)
            except BadRequest as error:
                return response.json({"error": str(error)}, status=400)
            hold, refuse = self.limits.check(request.remote_addr or request.ip or "unknown", sender)
            if refuse:
                return response.json([{"recipient_id": sender, "text": SLOW_DOWN.format(seconds=refuse)}],
                                     status=429, headers={"Retry-After": str(refuse)})
            if hold:
                await asyncio.sleep(hold)  # faster than a person types: slowed down, still answered
            text = clean_message(message)
            if not text:
                return response.json([{"recipient_id": sender, "text": EMPTY_REPLY}])
            channel = self.name()  # a client cannot pass itself off as another channel
            if request.args.get("stream", "").lower() == "true":
                return response.stream(self.stream_response(on_new_message, text, sender, channel, metadata),
                                       content_type="text/event-stream")
            collector = CollectingOutputChannel()
            if message_limits.bound(text).cut:
                collector.messages.append({"recipient_id": sender, "text": LONG_MESSAGE})
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=channel,
                                                 metadata=metadata))
            except (CancelledError, Exception) as error:
                log.error("answering a REST message failed: %s", type(error).__name__)
                if all(m.get("text") == LONG_MESSAGE for m in collector.messages):
                    collector.messages.append({"recipient_id": sender, "text": FAILED + national_contacts()})
            return response.json(collector.messages)

        return webhook
