"""Telegram and Twilio end to end, offline: a fake provider API on loopback receives the bot's replies
(tests/support/channels.py). Forged, replayed and other hostile requests: tests/security/test_webhooks.py."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import RunningBot
from tests.support.channels import TELEGRAM_SECRET, FakeProviders, post, telegram_update, twilio_params, twilio_post


@pytest.fixture()
def channel_bot(bot: RunningBot) -> RunningBot:
    """The session's assistant (tests/e2e/conftest.py), which runs with Telegram and Twilio on."""
    return bot


def test_telegram_round_trip_through_a_fake_bot_api(channel_bot: RunningBot) -> None:
    assert any(kind == "telegram:setWebhook" and f.get("secret_token") == TELEGRAM_SECRET
               for kind, f in FakeProviders.sent)
    status, _ = post(channel_bot.rasa_url + "/webhooks/telegram/webhook", telegram_update("what does a senco do"),
                     {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
    assert status == 200
    texts = [f.get("text", "") for kind, f in FakeProviders.sent if kind == "telegram"]
    assert any("co-ordinator" in t for t in texts)


def test_twilio_whatsapp_round_trip_with_numbered_options(channel_bot: RunningBot) -> None:
    assert twilio_post(channel_bot, twilio_params("hello")) in (200, 204)
    bodies = [f.get("Body", "") for kind, f in FakeProviders.sent if kind == "twilio"]
    assert any("automated assistant" in b for b in bodies)
    assert any("Reply with a number:\n1. Who does what" in b for b in bodies)
    assert not any("/show_topic" in b for b in bodies), "payloads must not leak into SMS"
    count = len(bodies)
    assert twilio_post(channel_bot, twilio_params("1")) in (200, 204)  # "1" = the first option
    bodies = [f.get("Body", "") for kind, f in FakeProviders.sent if kind == "twilio"]
    assert any("Who does what: choose one" in b for b in bodies[count:])
