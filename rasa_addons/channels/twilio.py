"""Twilio (SMS and WhatsApp) that checks X-Twilio-Signature, refuses replays and reads well without buttons.

Stock Rasa 3.6 does not check Twilio's signature, so anyone could post messages as any phone number.
This connector rejects unsigned or badly signed requests with 403.

The signature has no timestamp, so a copied request would stay valid for ever: each accepted `MessageSid` is
remembered for a week in the conversation store's database, so that every replica and a restarted one know it
(bot/store/webhook_ids.py), and a repeat is answered 204 with nothing run.
204, not an error, because a repeat can also be Twilio's own retry of a message already handled: an error
status would show in the council's Twilio debugger and could be retried again. A signed request without a
MessageSid gets 400.

Buttons become numbered options ("Reply 1, 2 or 3"), and a reply of "1" sends the first option's payload.
`api_base_url` (tests only) sends replies to a local fake Twilio API instead of api.twilio.com.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlparse

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from bot.domain.sender_ids import channel_sender, provider_id
from bot.store import webhook_ids
from rasa_addons.channels import for_messaging

log = logging.getLogger(__name__)
# Last options shown to each sender, so "2" can mean the second button. Per process and bounded (the
# oldest senders are forgotten): with several Rasa replicas, route each sender to one replica (sticky) or
# accept that numbers fall back to text.
MAX_REMEMBERED = 10_000
_OPTIONS: OrderedDict[str, list[str]] = OrderedDict()


def _remember(sender: str, options: list[str]) -> None:
    _OPTIONS[sender] = options
    _OPTIONS.move_to_end(sender)
    while len(_OPTIONS) > MAX_REMEMBERED:
        _OPTIONS.popitem(last=False)


class NumberedTwilioOutput(TwilioOutput):
    def __init__(self, account_sid: str | None, auth_token: str | None, twilio_number: str | None,
                 api_base_url: str | None = None) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.api_base_url = api_base_url

    def get_hostname(self, uri: str) -> str:
        if self.api_base_url:
            parsed = urlparse(uri)
            return self.api_base_url.rstrip("/") + parsed.path + (f"?{parsed.query}" if parsed.query else "")
        return super().get_hostname(uri)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        # Conversations are stored as "twilio:<number>"; Twilio knows the number.
        await super().send_response(provider_id("twilio", recipient_id), message)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        # An answer's source, "Was this helpful?" and the calendar file are for the web chat only: sent on,
        # Twilio's API would get them as unknown arguments and the turn would fail.
        payload = for_messaging(json_message)
        if payload:
            await super().send_custom_json(recipient_id, payload, **kwargs)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     **kwargs: Any) -> None:
        _remember(recipient_id, [b.get("payload") or b.get("title", "") for b in buttons])
        options = "\n".join(f"{i}. {b.get('title', '')}" for i, b in enumerate(buttons, start=1))
        await self.send_text_message(recipient_id, f"{text}\n\nReply with a number:\n{options}")


class SecureTwilioInput(TwilioInput):
    @classmethod
    def name(cls) -> str:
        return "twilio"  # keeps the route /webhooks/twilio/webhook

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
            raise AssertionError("unreachable: raise_missing_credentials_exception raises")
        channel = cls(credentials.get("account_sid"), credentials.get("auth_token"), credentials.get("twilio_number"))
        channel.webhook_url = credentials.get("webhook_url")  # the public URL Twilio calls (signature base)
        channel.api_base_url = credentials.get("api_base_url")
        return channel

    def get_output_channel(self) -> NumberedTwilioOutput:
        return NumberedTwilioOutput(self.account_sid, self.auth_token, self.twilio_number,
                                    getattr(self, "api_base_url", None))

    def _signature_ok(self, request: Request) -> bool:
        signature = request.headers.get("X-Twilio-Signature", "")
        url = getattr(self, "webhook_url", None) or request.url
        params = {key: request.form.get(key) for key in request.form}
        return bool(signature) and RequestValidator(self.auth_token or "").validate(url, params, signature)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def with_numbers(message: UserMessage) -> Any:
            text = (message.text or "").strip()
            options = _OPTIONS.get(message.sender_id or "", [])
            if text.isdigit() and 1 <= int(text) <= len(options):
                message.text = options[int(text) - 1]
            # "twilio:<number>": no REST or web chat client can address this conversation.
            message.sender_id = channel_sender("twilio", str(message.sender_id))
            return await on_new_message(message)

        blueprint = super().blueprint(with_numbers)

        @blueprint.middleware("request")
        async def check_signature(request: Request) -> HTTPResponse | None:
            if request.method != "POST":
                return None
            if not self._signature_ok(request):
                log.warning("twilio: rejected a request without a valid signature")
                return response.text("forbidden", status=403)
            message_sid = request.form.get("MessageSid") or ""
            if not message_sid:
                log.warning("twilio: rejected a signed request without a MessageSid")
                return response.text("MessageSid is required", status=400)
            # A replayed (or retried) request is not run twice, whichever replica ran it first.
            if not await asyncio.to_thread(webhook_ids.accepted.first_time, f"twilio:{message_sid}"):
                log.warning("twilio: ignored a repeated MessageSid (a replay, or Twilio retrying)")
                return response.text("", status=204)
            return None

        return blueprint
