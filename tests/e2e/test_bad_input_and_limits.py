"""Bad input, fuzzing, rate limits, CORS and what is reachable, against the running assistant (`make run`)."""

from __future__ import annotations

import json
import re
import socket
import sqlite3
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.conftest import ROOT, RunningBot


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


def test_malformed_requests_get_4xx(bot: RunningBot) -> None:
    for body in [b"", b"not json", b"[]", b"42", b'{"message": 42}', b'{"message": {"x": 1}}',
                 b'{"sender": ["a"], "message": "hi"}', b"\xff\xfe\xfd", b'{"sender": "a", "message": "hi"',
                 json.dumps({"sender": "x" * 1000, "message": "hi"}).encode()]:
        status, reply = post(bot, body)
        assert 400 <= status < 500, (body[:30], status)
        assert b"error" in reply
    status, _ = post(bot, b'{"sender": "a", "message": "hi"}', {"Content-Type": "text/plain"})
    assert status == 200  # the body is what counts


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                           max_leaves=8)
bodies = st.one_of(
    st.builds(lambda m: json.dumps({"sender": uuid.uuid4().hex, "message": m}).encode(), st.text(max_size=300)),
    st.builds(lambda m, s: json.dumps({"sender": s, "message": m}).encode(), json_values, json_values),
    st.builds(lambda v: json.dumps(v).encode(), json_values),
    st.binary(max_size=200),
)


@settings(max_examples=1000, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=bodies)
def test_fuzzing_the_rest_endpoint_finds_no_5xx(bot: RunningBot, body: bytes) -> None:
    status, _ = post(bot, body)
    assert status < 500, body


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


def test_rasa_http_api_is_off(bot: RunningBot) -> None:
    for path in ["/conversations/abc/tracker", "/model/parse", "/status"]:
        try:
            urllib.request.urlopen(bot.rasa_url + path, timeout=10)
            raise AssertionError(f"{path} answered")
        except urllib.error.HTTPError as error:
            assert error.code in (401, 403, 404, 405), (path, error.code)


def local_address() -> str:
    """This machine's address on its network (not loopback). Connecting a UDP socket sends nothing."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect(("10.255.255.255", 1))
        return str(sock.getsockname()[0])


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=3):
            return True
    except OSError:
        return False


def test_servers_listen_on_loopback_by_default(bot: RunningBot) -> None:
    """`make run` serves this machine only; a deployment opens the Rasa server with SEND_RASA_INTERFACE
    behind its proxy. The action server is never open (only the Rasa server calls it)."""
    address = local_address()
    assert not address.startswith("127."), address
    rasa_port = int(bot.rasa_url.rsplit(":", 1)[1])
    actions_port = int(bot.actions_url.rsplit(":", 1)[1])
    assert reachable("127.0.0.1", rasa_port) and reachable("127.0.0.1", actions_port)
    assert not reachable(address, rasa_port)
    assert not reachable(address, actions_port)


def rasa_server_rss_mb(bot: RunningBot) -> float:
    """Resident memory of the Rasa server process (a child of the runner), from /proc."""
    from pathlib import Path

    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if "-m rasa run" in cmdline and f"--port {bot.rasa_url.rsplit(':', 1)[1]}" in cmdline:
                status = (proc / "status").read_text()
                return int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1]) / 1024
        except (OSError, StopIteration):
            continue
    raise AssertionError("Rasa server process not found")


def test_heavy_messages_do_not_hold_up_another_parent(bot: RunningBot) -> None:
    """The worst message of the security probe (5,000 characters of short comma-separated words, which
    cost ~765 MB and held other replies for 5 s) sent four times at once: another parent is answered
    within 2 s and the Rasa server stays under its 1.5 GB limit."""
    worst = ",".join(["ab"] * 1700)[:5000]
    ask(bot, "hello")  # warm up
    with ThreadPoolExecutor(max_workers=5) as pool:
        heavy = [pool.submit(ask, bot, worst) for _ in range(4)]
        time.sleep(0.05)
        started = time.monotonic()
        status, replies = ask(bot, "what does a senco do")
        waited = time.monotonic() - started
        results = [future.result() for future in heavy]
    assert status == 200 and "co-ordinator" in texts(replies)
    assert waited < 2.0, f"another parent waited {waited:.2f} s"
    assert all(code == 200 for code, _ in results)
    assert rasa_server_rss_mb(bot) < 1500


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


def test_a_rest_client_cannot_reach_another_channels_conversation(bot: RunningBot) -> None:
    """Telegram and Twilio conversations are stored as "telegram:<id>" and "twilio:<number>"; a REST or
    web chat sender id is letters, digits, "-" and "_" only, so it can never name one of them."""
    for sender in ["twilio:whatsapp:+447700900123", "whatsapp:+447700900123", "+447700900123", "telegram:12345",
                   "a" * 129, "../../etc", "x y"]:
        status, body = post(bot, json.dumps({"sender": sender, "message": "delete my conversation"}).encode())
        assert status == 400 and b"sender" in body, sender
    assert ask(bot, "hello", "widget-" + uuid.uuid4().hex)[0] == 200


def action_call(action: str, sender: str) -> bytes:
    """What the Rasa server POSTs to the action server's /webhook to run one custom action."""
    return json.dumps({"next_action": action, "sender_id": sender, "version": "3.6.2", "domain": {},
                       "tracker": {"sender_id": sender, "slots": {}, "latest_message": {}, "events": [],
                                   "paused": False, "followup_action": None, "active_loop": {},
                                   "latest_action_name": None}}).encode()


def call_action_server(bot: RunningBot, path: str, body: bytes | None = None,
                       headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(bot.actions_url + path, body, {"Content-Type": "application/json",
                                                                    **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def stored_events(sender: str) -> int:
    """Events the conversation store (the embedded SQLite one `make run` uses) holds for one conversation."""
    with sqlite3.connect(ROOT / "var" / "tracker.db") as connection:
        return int(connection.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0])


def test_the_action_server_refuses_calls_without_the_shared_secret(bot: RunningBot) -> None:
    """Anything on this machine could otherwise run any custom action for any conversation: here, delete a
    parent's conversation. Without the secret the Rasa server has, it is refused and nothing changes."""
    chat = bot.conversation()
    chat.say("what does a senco do")
    stored = stored_events(chat.sender)
    assert stored > 0
    forged = action_call("action_delete_conversation", chat.sender)
    for headers in ({}, {"Authorization": "Bearer not-the-secret-not-the-secret"}, {"Authorization": "Basic eDp5"}):
        assert call_action_server(bot, "/webhook", forged, headers) == 403, headers
    assert call_action_server(bot, "/webhook?token=not-the-secret-not-the-secret", forged) == 403
    assert call_action_server(bot, "/actions") == 403
    assert stored_events(chat.sender) == stored  # nothing was deleted
    assert call_action_server(bot, "/health") == 200  # health checks need no secret
    # The same call with the secret `make run` gave the Rasa server (in the endpoints file it wrote) is run.
    actions_port = bot.actions_url.rsplit(":", 1)[1]
    endpoints = (ROOT / "build" / f"endpoints.{actions_port}.yml").read_text()
    secret = re.search(r'Authorization: "Bearer ([A-Za-z0-9_-]+)"', endpoints).group(1)  # type: ignore[union-attr]
    assert call_action_server(bot, "/webhook", forged, {"Authorization": f"Bearer {secret}"}) == 200
    assert stored_events(chat.sender) == 0


def test_custom_actions_still_answer_through_the_guarded_action_server(bot: RunningBot) -> None:
    chat = bot.conversation()
    assert "date" in chat.say("when is my appeal deadline").lower()
    reply = chat.say("yesterday")
    assert "Your appeal must reach the SEND Tribunal" in reply  # computed by action_deadline
    assert "can't look that up right now" not in reply
    contact = bot.conversation().say("how do I contact SENDIASS in Hull")
    assert "Kingston upon Hull" in contact and "can't look that up right now" not in contact
