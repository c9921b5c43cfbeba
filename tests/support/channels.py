"""Telegram and Twilio for the tests, offline: a fake provider API on loopback that records what the bot sent,
the credentials and environment that turn both channels on against it, and signed (or forged) inbound requests.
Used by tests/e2e/test_channels.py (round trips) and tests/security/ (forged and replayed requests)."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from twilio.request_validator import RequestValidator

from tests.support.running_bot import ROOT, RunningBot

TELEGRAM_TOKEN = "123456:ABCdefGhIJKlmnoPQRstuVWxyz-test"
TELEGRAM_SECRET = "telegram-secret-for-tests"
TWILIO_SID = "AC00000000000000000000000000000000"
TWILIO_TOKEN = "twilio-auth-token-for-tests"
TWILIO_URL = "https://bot.example.gov.uk/webhooks/twilio/webhook"
TWILIO_FROM = "whatsapp:+447700900123"


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


def start_fake_providers() -> http.server.ThreadingHTTPServer:
    fake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeProviders)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    return fake


def channels_env(fake: http.server.ThreadingHTTPServer, folder: Path) -> dict[str, str]:
    """The environment for start_bot() that turns Telegram and Twilio on against `fake`: the production
    credentials.yml plus the test-only API base URLs, written into `folder`."""
    base = f"http://127.0.0.1:{fake.server_address[1]}"
    source = (ROOT / "credentials.yml").read_text()
    source = source.replace("  secret_token: ${TELEGRAM_SECRET_TOKEN}\n",
                            f"  secret_token: ${{TELEGRAM_SECRET_TOKEN}}\n  api_base_url: {base}\n")
    source = source.replace("  webhook_url: ${TWILIO_WEBHOOK_URL}\n",
                            f"  webhook_url: ${{TWILIO_WEBHOOK_URL}}\n  api_base_url: {base}\n")
    credentials = folder / "credentials.yml"
    credentials.write_text(source)
    return {
        "SEND_CREDENTIALS_FILE": str(credentials),
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_BOT_NAME": "send_guide_bot",
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.gov.uk/webhooks/telegram/webhook",
        "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
        "TWILIO_ACCOUNT_SID": TWILIO_SID, "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "TWILIO_NUMBER": "whatsapp:+447700900000", "TWILIO_WEBHOOK_URL": TWILIO_URL,
    }


def post(url: str, data: bytes, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, data, headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def telegram_update(text: str, update_id: int | None = None) -> bytes:
    """What Telegram posts for a message; each update has its own update_id."""
    update_id = update_id if update_id is not None else uuid.uuid4().int % 2**31
    return json.dumps({"update_id": update_id, "message": {
        "message_id": 1, "date": 0, "chat": {"id": 42, "type": "private"},
        "from": {"id": 42, "is_bot": False, "first_name": "Parent"}, "text": text}}).encode()


def twilio_params(body: str, message_sid: str | None = None) -> dict[str, str]:
    """What Twilio posts for an incoming WhatsApp message; each message has its own MessageSid."""
    return {"From": TWILIO_FROM, "To": "whatsapp:+447700900000", "Body": body,
            "MessageSid": message_sid or "SM" + uuid.uuid4().hex, "AccountSid": TWILIO_SID}


def twilio_signature(params: dict[str, str]) -> str:
    return str(RequestValidator(TWILIO_TOKEN).compute_signature(TWILIO_URL, params))


def twilio_post(bot: RunningBot, params: dict[str, str], signature: str | None = None) -> int:
    """Post `params` to the Twilio webhook, signed as Twilio signs them unless `signature` is given."""
    signature = twilio_signature(params) if signature is None else signature
    status, _ = post(bot.rasa_url + "/webhooks/twilio/webhook", urllib.parse.urlencode(params).encode(),
                     {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
    return status
