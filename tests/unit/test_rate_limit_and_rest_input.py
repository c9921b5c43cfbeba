"""Rate limits and the REST channel's input checks (the parts that need no running server)."""

from __future__ import annotations

import pytest

from bot.settings import SettingsError
from bot.web.rate_limit import ChatLimits, TokenBucket
from rasa_addons.channels.rest import MAX_MESSAGE_CHARS, BadRequest, clean_message, parse_body


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_bucket_allows_a_burst_then_refills_at_its_rate() -> None:
    clock = Clock()
    bucket = TokenBucket(rate=1.0, burst=3, clock=clock)
    assert [bucket.allow("a") for _ in range(4)] == [True, True, True, False]
    assert bucket.retry_after("a") == 1
    assert bucket.allow("b")  # other keys are not affected
    clock.now += 1.0
    assert bucket.allow("a") and not bucket.allow("a")
    clock.now += 100
    assert sum(bucket.allow("a") for _ in range(10)) == 3  # never more than the burst


def test_rate_zero_means_no_limit() -> None:
    bucket = TokenBucket(rate=0, burst=0)
    assert all(bucket.allow("a") for _ in range(1000))


def test_reserve_slows_down_then_refuses() -> None:
    clock = Clock()
    bucket = TokenBucket(rate=2.0, burst=2, clock=clock)
    assert [bucket.reserve("a", max_wait=1.0) for _ in range(5)] == [0.0, 0.0, 0.5, 1.0, None]
    clock.now += 1.0  # the two promised tokens have arrived; nothing else is owed
    assert bucket.reserve("a", max_wait=1.0) == 0.5


def test_chat_limits_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEND_RATE_PER_SENDER", "0.5")
    monkeypatch.setenv("SEND_BURST_PER_SENDER", "2")
    monkeypatch.setenv("SEND_MAX_WAIT_PER_SENDER", "2")
    monkeypatch.setenv("SEND_RATE_PER_IP", "not a number")
    monkeypatch.setenv("SEND_BURST_PER_IP", "5")
    with pytest.raises(SettingsError, match="SEND_RATE_PER_IP"):  # a bad value is an error naming the variable
        ChatLimits.from_env()
    monkeypatch.delenv("SEND_RATE_PER_IP")
    limits = ChatLimits.from_env()
    assert limits.per_ip.rate == 50.0  # unset: the default
    assert limits.check("1.2.3.4", "s1") == (0, 0) and limits.check("1.2.3.4", "s1") == (0, 0)
    hold, refuse = limits.check("1.2.3.4", "s1")
    assert hold == pytest.approx(2.0, abs=0.1) and refuse == 0  # held for two seconds, then answered
    assert limits.check("1.2.3.4", "s1") == (0, 2)  # refused: try again in two seconds
    assert limits.check("1.2.3.4", "s2") == (0, 0)  # another conversation is not affected
    assert limits.check("1.2.3.4", "s3")[1] > 0  # the sixth message from one address is a flood


@pytest.mark.parametrize("raw", [b"", b"not json", b"[1, 2]", b'"text"', b"42", b"null", b'{"message": 5}',
                                 b'{"message": ["a"]}', b'{"sender": {"a": 1}, "message": "hi"}',
                                 b'{"sender": true, "message": "hi"}', b"\xff\xfe",
                                 b'{"sender": "' + b"x" * 300 + b'", "message": "hi"}'])
def test_malformed_bodies_are_refused_with_a_reason(raw: bytes) -> None:
    with pytest.raises(BadRequest):
        parse_body(raw)


def test_good_bodies() -> None:
    assert parse_body(b'{"sender": "abc", "message": "hi", "metadata": {"a": 1}}') == ("abc", "hi", {"a": 1}, None)
    assert parse_body(b'{"sender": 42, "message": "hi"}')[0] == "42"
    sender, message, _, _ = parse_body(b'{"message": "hi"}')
    assert len(sender) == 32 and message == "hi"  # its own conversation, never a shared "default"
    assert parse_body(b'{"sender": "a"}')[1] is None


def test_clean_message() -> None:
    assert clean_message("  hello\x00\x07 there\u200b ") == "hello there"
    assert clean_message("\x01\x02 \t") == ""
    assert clean_message(None) == ""
    assert clean_message("line one\nline two") == "line one\nline two"
    assert len(clean_message("a" * 10_000)) == MAX_MESSAGE_CHARS


def test_lone_surrogates_are_dropped() -> None:
    assert clean_message("a\ud800b") == "ab"
