"""Telegram that checks Telegram's secret token header, and can use a local fake Bot API in tests.

Stock Rasa 3.6 only compares getMe().username with `verify`, which is not a secret. Here the webhook
is registered with a `secret_token`, and every update must carry it in
X-Telegram-Bot-Api-Secret-Token, or it is rejected with 403. `api_base_url` moves the Bot API (tests).
A GET on the webhook gets 405 (stock Rasa answers it with a 500), and stock Rasa's /set_webhook route,
which anyone could call to re-register the webhook without the secret (so every real update would then
be refused), is not served: the webhook is set, with its secret, when the server starts.
Based on the verified connector in ecosystem-notes.md Appendix A (aiogram 2.15).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.bot.api import TelegramAPIServer
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.domain.sender_ids import channel_sender, provider_id
from bot.store import webhook_ids
from rasa_addons.channels import for_messaging

log = logging.getLogger(__name__)


class LocalTelegramOutput(TelegramOutput):
    def __init__(self, access_token: str | None, api_base_url: str | None) -> None:
        super().__init__(access_token)
        if api_base_url:
            self.server = TelegramAPIServer.from_base(api_base_url)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        # Conversations are stored as "telegram:<chat id>"; Telegram knows the chat id.
        await super().send_response(provider_id("telegram", recipient_id), message)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        # An answer's source, "Was this helpful?" and the calendar file are for the web chat only.
        payload = for_messaging(json_message)
        if payload:
            await super().send_custom_json(recipient_id, payload, **kwargs)


class SecureTelegramInput(TelegramInput):
    @classmethod
    def name(cls) -> str:
        return "telegram"  # keeps the route /webhooks/telegram/webhook

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
            raise AssertionError("unreachable: raise_missing_credentials_exception raises")
        channel = super().from_credentials(credentials)
        channel.api_base_url = credentials.get("api_base_url")
        channel.secret_token = str(credentials.get("secret_token") or "")
        if not channel.secret_token:
            raise RasaException("telegram: set secret_token (TELEGRAM_SECRET_TOKEN) to authenticate updates")
        return channel

    def get_output_channel(self) -> LocalTelegramOutput:
        channel = LocalTelegramOutput(self.access_token, getattr(self, "api_base_url", None))

        async def set_webhook_then_close() -> None:
            await channel.request("setWebhook", {"url": self.webhook_url, "secret_token": self.secret_token})
            await channel.session.close()  # avoid "Event loop is closed" on the first update

        try:
            asyncio.run(set_webhook_then_close())
        except TelegramAPIError as error:
            raise RasaException("Failed to set channel webhook: " + str(error)) from error
        except RuntimeError:
            # Already inside a running loop (per-update output channel): the webhook is set at startup.
            pass
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def in_own_namespace(message: UserMessage) -> Any:
            # "telegram:<chat id>": no REST or web chat client can address this conversation.
            message.sender_id = channel_sender("telegram", str(message.sender_id))
            return await on_new_message(message)

        blueprint = super().blueprint(in_own_namespace)

        @blueprint.middleware("request")
        async def check_secret(request: Request) -> HTTPResponse | None:
            if request.path.rstrip("/").endswith("/set_webhook"):
                return response.text("not found", status=404)
            if request.path.rstrip("/").endswith("/webhook") and request.method != "POST":
                return response.text("method not allowed: Telegram POSTs updates here", status=405,
                                     headers={"Allow": "POST"})
            if request.method != "POST":
                return None
            given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not hmac.compare_digest(given.encode(), self.secret_token.encode()):
                log.warning("telegram: rejected an update without the secret token")
                return response.text("forbidden", status=403)
            # The secret header never changes, so a copied update would pass it again: each update_id is run
            # once, whichever replica ran it first (200, so that Telegram does not retry a repeat).
            update_id = (request.json or {}).get("update_id") if isinstance(request.json, dict) else None
            if update_id is None:
                return response.text("update_id is required", status=400)
            key = f"telegram:{update_id}"
            if not await asyncio.to_thread(webhook_ids.accepted.first_time, key):
                log.warning("telegram: ignored a repeated update_id (a replay, or Telegram retrying)")
                return response.text("")
            return None

        return blueprint
