"""Awkward messages, rate limits, CORS and long messages, against the running assistant (`make run`).
Malformed and fuzzed bodies, what is reachable, the cost of one message and the action server's secret are
checked by the security probe (tests/security/, `make security`)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

from tests.e2e.conftest import RunningBot
from tests.support.rest import ask, texts


def test_awkward_messages_get_a_clear_reply(bot: RunningBot) -> None:
    awkward = ["", "   \n\t ", "😀😀😀", "🙏", "a" * 10_000, "ما هي خطة EHC", "Wie kann ich Hilfe bekommen?",
               "<script>alert('x')</script>", "<b>help</b> <img src=x onerror=alert(1)>", "\x00\x01\x02",
               "help\x00 with senco", "' OR 1=1; DROP TABLE events; --", "{{ 7*7 }}", "%s%s%n", "\u202eevil"]
    for message in awkward:
        status, replies = ask(bot, message)
        assert status == 200, (message[:20], status)
        assert texts(replies).strip(), f"no reply to {message[:20]!r}"
        assert "<script" not in texts(replies) and "onerror" not in texts(replies)


def test_empty_message_does_not_disturb_a_conversation_in_progress(bot: RunningBot) -> None:
    chat = bot.conversation()
    assert "date" in chat.say("when is my appeal deadline").lower()
    assert "didn't get a message" in chat.say("   ")
    assert "Your appeal must reach the SEND Tribunal" in chat.say("yesterday")  # the deadline still in play


def test_a_fast_script_is_slowed_not_refused(bot: RunningBot) -> None:
    """Per sender: burst 30, then 3 messages a second; a client going faster waits, and is answered."""
    sender = str(uuid.uuid4())
    started = time.monotonic()
    statuses = [ask(bot, "what is a senco", sender)[0] for _ in range(36)]
    assert statuses == [200] * 36
    assert time.monotonic() - started >= 1.5  # the last six waited for tokens


def test_many_messages_at_once_for_one_conversation_get_429_kindly(bot: RunningBot) -> None:
    sender = str(uuid.uuid4())
    with ThreadPoolExecutor(max_workers=60) as pool:
        results = list(pool.map(lambda _: ask(bot, "hi", sender), range(60)))
    statuses = [status for status, _ in results]
    assert statuses.count(200) >= 30 and 429 in statuses
    refused = next(replies for status, replies in results if status == 429)
    assert "wait" in texts(refused)
    assert ask(bot, "hi")[0] == 200  # another parent is unaffected


def preflight(bot: RunningBot, origin: str) -> str | None:
    request = urllib.request.Request(f"{bot.rasa_url}/webhooks/rest/webhook", method="OPTIONS", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers.get("Access-Control-Allow-Origin")
    except urllib.error.HTTPError as error:
        return error.headers.get("Access-Control-Allow-Origin")


def test_cors_only_for_configured_origins(bot: RunningBot) -> None:
    assert preflight(bot, bot.web_url.replace("127.0.0.1", "localhost")) == bot.web_url.replace("127.0.0.1",
                                                                                                 "localhost")
    assert preflight(bot, "https://evil.example") is None


def test_a_long_message_is_read_start_and_end_and_the_parent_is_told(bot: RunningBot) -> None:
    story = " ".join(["my son has had a really hard term and the school keeps changing things"] * 30)
    status, replies = ask(bot, story + ". What does a SENCO do?")
    assert status == 200
    # Told, and the question at the end understood (an answer about the SENCO, not "not sure").
    assert "long message" in texts(replies) and "SENCO" in texts(replies)
    assert "not sure I understood" not in texts(replies)


def test_a_long_message_still_gets_safeguarding_from_its_middle(bot: RunningBot) -> None:
    filler = " ".join(["we have been waiting for the council for months"] * 20)
    status, replies = ask(bot, f"{filler}. my daughter has been self harming. {filler}. what can i do?")
    assert status == 200 and "999" in texts(replies)


