"""Telegram and Twilio end to end, offline: a fake provider API on loopback receives the bot's replies,
and forged inbound requests are rejected."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from twilio.request_validator import RequestValidator

from tests.e2e.conftest import RunningBot, start_bot, stop_bot

TELEGRAM_TOKEN = "123456:ABCdefGhIJKlmnoPQRstuVWxyz-test"
TELEGRAM_SECRET = "telegram-secret-for-tests"
TWILIO_SID = "AC00000000000000000000000000000000"
TWILIO_TOKEN = "twilio-auth-token-for-tests"
TWILIO_URL = "https://bot.example.gov.uk/webhooks/twilio/webhook"


class FakeProviders(http.server.BaseHTTPRequestHandler):
    """Answers like the Telegram Bot API and the Twilio REST API, and records what the bot sent."""

    sent: list[tuple[str, dict]] = []

    def _reply(self, body: dict, status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        if "json" in (self.headers.get("Content-Type") or ""):
            fields = json.loads(raw or "{}")
        else:
            fields = {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
        path = self.path
        if path.endswith("/getMe"):
            return self._reply({"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "SEND guide",
                                                       "username": "send_guide_bot"}})
        if path.endswith("/setWebhook"):
            FakeProviders.sent.append(("telegram:setWebhook", fields))
            return self._reply({"ok": True, "result": True})
        if path.endswith("/sendMessage"):
            FakeProviders.sent.append(("telegram", fields))
            return self._reply({"ok": True, "result": {"message_id": 2, "date": 0, "text": fields.get("text", ""),
                                                       "chat": {"id": 42, "type": "private"}}})
        if path.endswith("/Messages.json"):
            FakeProviders.sent.append(("twilio", fields))
            return self._reply({"sid": "SM1", "account_sid": TWILIO_SID, "body": fields.get("Body"),
                                "to": fields.get("To"), "from": fields.get("From"), "status": "queued"}, 201)
        return self._reply({"ok": False}, 404)

    do_GET = do_POST

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def channel_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    fake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeProviders)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{fake.server_address[1]}"
    credentials = Path(tmp_path_factory.mktemp("channels")) / "credentials.yml"
    # The production credentials.yml plus the test-only API base URLs.
    source = (Path(__file__).resolve().parents[2] / "credentials.yml").read_text()
    source = source.replace("  secret_token: ${TELEGRAM_SECRET_TOKEN}\n",
                            f"  secret_token: ${{TELEGRAM_SECRET_TOKEN}}\n  api_base_url: {base}\n")
    source = source.replace("  webhook_url: ${TWILIO_WEBHOOK_URL}\n",
                            f"  webhook_url: ${{TWILIO_WEBHOOK_URL}}\n  api_base_url: {base}\n")
    credentials.write_text(source)
    running = start_bot({
        "SEND_CREDENTIALS_FILE": str(credentials),
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_BOT_NAME": "send_guide_bot",
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.gov.uk/webhooks/telegram/webhook",
        "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
        "TWILIO_ACCOUNT_SID": TWILIO_SID, "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "TWILIO_NUMBER": "whatsapp:+447700900000", "TWILIO_WEBHOOK_URL": TWILIO_URL,
    })
    yield running
    stop_bot(running.process)
    fake.shutdown()


def post(url: str, data: bytes, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, data, headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def telegram_update(text: str) -> bytes:
    return json.dumps({"update_id": 1, "message": {
        "message_id": 1, "date": 0, "chat": {"id": 42, "type": "private"},
        "from": {"id": 42, "is_bot": False, "first_name": "Parent"}, "text": text}}).encode()


def test_telegram_round_trip_through_a_fake_bot_api(channel_bot: RunningBot) -> None:
    assert any(kind == "telegram:setWebhook" and f.get("secret_token") == TELEGRAM_SECRET
               for kind, f in FakeProviders.sent)
    status, _ = post(channel_bot.rasa_url + "/webhooks/telegram/webhook", telegram_update("what does a senco do"),
                     {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
    assert status == 200
    texts = [f.get("text", "") for kind, f in FakeProviders.sent if kind == "telegram"]
    assert any("co-ordinator" in t for t in texts)


def test_forged_telegram_update_is_rejected(channel_bot: RunningBot) -> None:
    before = len(FakeProviders.sent)
    status, _ = post(channel_bot.rasa_url + "/webhooks/telegram/webhook", telegram_update("hello"),
                     {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "wrong"})
    assert status == 403 and len(FakeProviders.sent) == before


def twilio_post(bot: RunningBot, body: str, signature: str | None = None) -> int:
    params = {"From": "whatsapp:+447700900123", "To": "whatsapp:+447700900000", "Body": body,
              "MessageSid": "SM123", "AccountSid": TWILIO_SID}
    signature = signature or RequestValidator(TWILIO_TOKEN).compute_signature(TWILIO_URL, params)
    status, _ = post(bot.rasa_url + "/webhooks/twilio/webhook", urllib.parse.urlencode(params).encode(),
                     {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
    return status


def test_twilio_whatsapp_round_trip_with_numbered_options(channel_bot: RunningBot) -> None:
    assert twilio_post(channel_bot, "hello") in (200, 204)
    bodies = [f.get("Body", "") for kind, f in FakeProviders.sent if kind == "twilio"]
    assert any("automated assistant" in b for b in bodies)
    assert any("Reply with a number:\n1. Who does what" in b for b in bodies)
    assert not any("/show_topic" in b for b in bodies), "payloads must not leak into SMS"
    count = len(bodies)
    assert twilio_post(channel_bot, "1") in (200, 204)  # "1" = the first option
    bodies = [f.get("Body", "") for kind, f in FakeProviders.sent if kind == "twilio"]
    assert any("Who does what: choose one" in b for b in bodies[count:])


def test_forged_twilio_request_is_rejected(channel_bot: RunningBot) -> None:
    before = len(FakeProviders.sent)
    assert twilio_post(channel_bot, "hello", signature="forged") == 403
    assert len(FakeProviders.sent) == before


def test_telegram_webhook_get_is_405_and_set_webhook_is_not_served(channel_bot: RunningBot) -> None:
    """A GET on the webhook got a 500 from stock Rasa; its /set_webhook let anyone re-register the webhook
    without the secret token, after which every real update would be refused."""
    before = len(FakeProviders.sent)
    base = channel_bot.rasa_url + "/webhooks/telegram"
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
