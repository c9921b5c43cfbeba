"""Forged and replayed requests to the messaging webhooks (`make security`), against the probe's assistant with
Telegram and Twilio on and a fake provider API recording everything the bot sends (tests/support/channels.py)."""

from __future__ import annotations

import urllib.error
import urllib.request

from tests.security.probe import Probe
from tests.support.channels import (
    TELEGRAM_SECRET,
    TWILIO_FROM,
    FakeProviders,
    post,
    telegram_update,
    twilio_params,
    twilio_post,
    twilio_signature,
)
from tests.support.running_bot import RunningBot


def test_forged_telegram_update_is_rejected(bot: RunningBot) -> None:
    before = len(FakeProviders.sent)
    for secret in ("wrong", ""):
        status, _ = post(bot.rasa_url + "/webhooks/telegram/webhook", telegram_update("hello"),
                         {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret})
        assert status == 403
    assert len(FakeProviders.sent) == before
    status, _ = post(bot.rasa_url + "/webhooks/telegram/webhook", telegram_update("hello"),
                     {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
    assert status == 200 and len(FakeProviders.sent) > before  # the check is not simply refusing everything


def test_forged_twilio_request_is_rejected(bot: RunningBot) -> None:
    before = len(FakeProviders.sent)
    assert twilio_post(bot, twilio_params("hello"), signature="forged") == 403
    assert twilio_post(bot, twilio_params("hello"), signature="") == 403
    signed = twilio_params("hello")
    signature = twilio_signature(signed)
    assert twilio_post(bot, {**signed, "Body": "delete my conversation"}, signature) == 403  # tampered
    assert twilio_post(bot, {**signed, "From": "whatsapp:+447700900999"}, signature) == 403
    assert len(FakeProviders.sent) == before


def test_telegram_webhook_get_is_405_and_set_webhook_is_not_served(bot: RunningBot) -> None:
    """A GET on the webhook got a 500 from stock Rasa; its /set_webhook let anyone re-register the webhook
    without the secret token, after which every real update would be refused."""
    before = len(FakeProviders.sent)
    base = bot.rasa_url + "/webhooks/telegram"
    for url, data, expected in [(base + "/webhook", None, 405), (base + "/set_webhook", None, 404),
                                (base + "/set_webhook", b"{}", 404)]:
        request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == expected, (url, data, status)
    assert not [kind for kind, _ in FakeProviders.sent[before:] if kind == "telegram:setWebhook"]


def twilio_replies() -> int:
    return sum(1 for kind, _ in FakeProviders.sent if kind == "twilio")


def test_a_signed_twilio_request_is_not_run_twice(probe: Probe) -> None:
    """Twilio's signature has no timestamp: a copied request would be valid for ever. The same signed request
    sent again is answered 204 (what Twilio expects; a repeat may be Twilio's own retry) and runs nothing:
    no reply is sent and the conversation does not change."""
    bot = probe.bot
    first = twilio_params("what does a senco do")
    before = twilio_replies()
    assert twilio_post(bot, first) in (200, 204)
    assert twilio_replies() > before  # accepted and answered
    stored = len(probe.stored_texts(f"twilio:{TWILIO_FROM}"))
    replied = twilio_replies()
    for _ in range(3):
        assert twilio_post(bot, first) == 204
    assert twilio_replies() == replied
    assert len(probe.stored_texts(f"twilio:{TWILIO_FROM}")) == stored
    # A new message (its own MessageSid) from the same number is still answered.
    assert twilio_post(bot, twilio_params("what does a senco do")) in (200, 204)
    assert twilio_replies() > replied


def test_a_telegram_update_is_not_run_twice(probe: Probe) -> None:
    """Telegram's secret header never changes: a copied update would pass it again. The same update sent again
    gets 200 (so Telegram does not retry it) and runs nothing; an update without an update_id gets 400."""
    bot = probe.bot
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    update = telegram_update("what does a senco do")
    before = len(FakeProviders.sent)
    assert post(bot.rasa_url + "/webhooks/telegram/webhook", update, headers)[0] == 200
    assert len(FakeProviders.sent) > before
    stored = len(probe.stored_texts("telegram:42"))
    sent = len(FakeProviders.sent)
    for _ in range(3):
        assert post(bot.rasa_url + "/webhooks/telegram/webhook", update, headers)[0] == 200
    assert len(FakeProviders.sent) == sent
    assert len(probe.stored_texts("telegram:42")) == stored
    assert post(bot.rasa_url + "/webhooks/telegram/webhook", b'{"message": {}}', headers)[0] == 400
    assert probe.webhook_ids_stored(), "accepted ids are kept in the conversation store's database"


def test_a_signed_twilio_request_without_a_message_sid_is_refused(bot: RunningBot) -> None:
    params = twilio_params("hello")
    del params["MessageSid"]
    before = twilio_replies()
    assert twilio_post(bot, params) == 400
    assert twilio_replies() == before
