"""Raw requests to the REST channel (/webhooks/rest/webhook): any body, the status and the replies as sent."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

from tests.support.running_bot import RunningBot


def post(bot: RunningBot, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(f"{bot.rasa_url}/webhooks/rest/webhook", body,
                                     {"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def ask(bot: RunningBot, message: str, sender: str | None = None) -> tuple[int, list[dict]]:
    status, body = post(bot, json.dumps({"sender": sender or str(uuid.uuid4()), "message": message}).encode())
    return status, json.loads(body)


def texts(replies: list[dict]) -> str:
    return " ".join(r.get("text") or "" for r in replies)
