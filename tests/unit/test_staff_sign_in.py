"""Staff sign-in under attack: guessing is slowed per email and per address but never locks the adviser out;
every failure looks the same; Argon2 stays off the event loop; a password reset signs the account out
everywhere; HSTS over HTTPS. (Through the real web server: tests/security/test_staff_sign_in.py.)"""

from __future__ import annotations

import asyncio
import gc
import time
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from bot.domain.sign_in_throttle import Throttle, address_key
from bot.store import db, migrate, staff_auth
from bot.store.models import StaffUser
from bot.web.server import HSTS, strict_transport_security

PASSWORD = "a long adviser password"


@pytest.fixture(scope="module", autouse=True)
def database() -> None:
    migrate.upgrade()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fresh_throttle(monkeypatch: pytest.MonkeyPatch) -> Throttle:
    """A throttle of its own with short delays (so the waits are real but quick)."""
    throttle = Throttle(base=0.05, max_delay=0.4)
    monkeypatch.setattr(staff_auth, "_throttle", throttle)  # what staff_auth.throttle() returns
    return throttle


def test_failures_delay_the_next_attempt_exponentially_up_to_a_cap_then_are_forgotten() -> None:
    clock = Clock()
    throttle = Throttle(clock=clock)
    waits = []
    for i in range(12):  # each from another address, straight after the one before
        waits.append(throttle.admit("adviser@example.gov.uk", f"192.0.2.{i}"))
        throttle.failed("Adviser@example.gov.uk ", f"192.0.2.{i}")
    # Three free, then 1, 2, 4 ... seconds after the last failure, never more than 30 s.
    assert waits == [0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30, 30]
    clock.now += 10
    assert throttle.admit("adviser@example.gov.uk", "198.51.100.1") == 20.0
    clock.now += 15 * 60 + 1  # 15 minutes after the last failure: forgotten
    assert throttle.admit("adviser@example.gov.uk", "198.51.100.1") == 0.0
    assert throttle.failures("adviser@example.gov.uk") == 0
    throttle.failed("adviser@example.gov.uk", "192.0.2.1")
    throttle.succeeded("adviser@example.gov.uk")  # signing in clears the email's count
    assert throttle.failures("adviser@example.gov.uk") == 0


def test_an_unknown_email_is_slowed_exactly_like_an_account() -> None:
    """The throttle counts the email typed, so how long a reply takes says nothing about which emails are
    accounts; sign_in counts both the same."""
    staff_auth.create_user("counted@example.gov.uk", PASSWORD)
    before = (staff_auth.throttle().failures("counted@example.gov.uk"),
              staff_auth.throttle().failures("nobody-here@example.gov.uk"))
    for email in ("counted@example.gov.uk", "nobody-here@example.gov.uk"):
        for _ in range(5):
            assert staff_auth.sign_in(email, "not the password at all") == (None, staff_auth.NOT_RIGHT)
    after = (staff_auth.throttle().failures("counted@example.gov.uk"),
             staff_auth.throttle().failures("NOBODY-here@example.gov.uk "))
    assert after == (before[0] + 5, before[1] + 5)


def test_the_reply_is_the_same_for_an_unknown_email_a_wrong_password_and_a_throttled_account(
        fresh_throttle: Throttle) -> None:
    staff_auth.create_user("same-reply@example.gov.uk", PASSWORD)
    replies = {staff_auth.sign_in("no-such-adviser@example.gov.uk", PASSWORD),
               staff_auth.sign_in("same-reply@example.gov.uk", "wrong wrong wrong")}
    for _ in range(8):  # well past the free attempts
        replies.add(asyncio.run(staff_auth.sign_in_slowed("same-reply@example.gov.uk", "wrong again!!", "192.0.2.9")))
    assert replies == {(None, staff_auth.NOT_RIGHT)}


def test_the_right_password_signs_in_while_someone_keeps_guessing(fresh_throttle: Throttle) -> None:
    staff_auth.create_user("guessed@example.gov.uk", PASSWORD)

    async def attack_and_sign_in() -> tuple[str | None, float, int]:
        stop = asyncio.Event()
        guesses = 0

        async def guess(address: str) -> None:
            nonlocal guesses
            while not stop.is_set():
                await staff_auth.sign_in_slowed("guessed@example.gov.uk", f"guess {guesses} of many", address)
                guesses += 1

        attackers = [asyncio.create_task(guess(f"203.0.113.{i}")) for i in range(6)]
        while guesses < 10:
            await asyncio.sleep(0.05)
        started = time.monotonic()
        token, _ = await staff_auth.sign_in_slowed("guessed@example.gov.uk", PASSWORD, "198.51.100.20")
        took = time.monotonic() - started
        stop.set()
        await asyncio.gather(*attackers)
        return token, took, guesses

    token, took, guesses = asyncio.run(attack_and_sign_in())
    assert guesses >= 10
    assert token is not None and staff_auth.current(token).email == "guessed@example.gov.uk"
    # At most the longest delay, plus the guesses' Argon2 checks that were let through at the same moment
    # (two at a time): seconds, not the old 15-minute lock-out.
    assert took < fresh_throttle.max_delay + 5


def test_one_address_cannot_guess_in_parallel() -> None:
    clock = Clock()
    throttle = Throttle(clock=clock)
    for i in range(12):
        throttle.failed(f"sprayed{i}@example.gov.uk", "203.0.113.50")
    # 12 failures from one address: attempts from it take turns, 4 s apart; one that would wait longer than
    # the longest delay is refused unchecked. Another address is not held up.
    turns = [throttle.admit(f"new{i}@example.gov.uk", "203.0.113.50") for i in range(12)]
    assert turns[:8] == [4.0, 8.0, 12.0, 16.0, 20.0, 24.0, 28.0, None]
    assert throttle.admit("new@example.gov.uk", "198.51.100.1") == 0.0
    assert throttle.note_refusal("203.0.113.50") and not throttle.note_refusal("203.0.113.50")


def test_addresses_are_counted_by_ipv4_address_and_ipv6_64() -> None:
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:192.0.2.7") == "192.0.2.7"
    assert address_key(" 192.0.2.7 ") == "192.0.2.7"
    assert address_key(None) == ""


def test_memory_stays_bounded() -> None:
    throttle = Throttle(max_entries=100)
    for i in range(1000):  # attempts that have not failed are not remembered at all
        assert throttle.admit("someone@example.gov.uk", f"10.1.{i // 250}.{i % 250}") == 0.0
    assert not throttle._addresses and not throttle._emails
    for i in range(1000):
        throttle.failed(f"spray{i}@example.gov.uk", f"10.0.{i // 250}.{i % 250}")
    assert len(throttle._emails) <= 100 and len(throttle._addresses) <= 100


def test_argon2_runs_off_the_event_loop(fresh_throttle: Throttle) -> None:
    """Sixteen sign-ins at once: the event loop still ticks every few milliseconds."""
    staff_auth.create_user("busy@example.gov.uk", PASSWORD)

    async def sign_ins_and_ticks() -> tuple[list[str | None], float]:
        gaps: list[float] = []
        done = asyncio.Event()

        async def tick() -> None:
            last = time.monotonic()
            while not done.is_set():
                await asyncio.sleep(0.01)
                gaps.append(time.monotonic() - last)
                last = time.monotonic()

        ticker = asyncio.create_task(tick())
        results = await asyncio.gather(*[staff_auth.sign_in_slowed("busy@example.gov.uk", PASSWORD, "192.0.2.16")
                                         for _ in range(16)])
        done.set()
        await ticker
        return [token for token, _ in results], max(gaps)

    # Garbage collection is paused while measuring: in a test process that has loaded Rasa, one full
    # collection can itself take a few tenths of a second, which is not what this measures.
    gc.collect()
    gc.disable()
    try:
        tokens, longest_gap = asyncio.run(sign_ins_and_ticks())
    finally:
        gc.enable()
    assert all(tokens)
    assert longest_gap < 0.2, f"the event loop stalled for {longest_gap:.2f} s"


def test_a_password_reset_signs_the_account_out_everywhere() -> None:
    staff_auth.create_user("reset@example.gov.uk", PASSWORD)
    first, _ = staff_auth.sign_in("reset@example.gov.uk", PASSWORD)
    second, _ = staff_auth.sign_in("reset@example.gov.uk", PASSWORD)
    other, _ = staff_auth.sign_in("busy@example.gov.uk", PASSWORD)
    assert staff_auth.current(first) and staff_auth.current(second)
    staff_auth.create_user("reset@example.gov.uk", "a brand new long password")
    assert staff_auth.current(first) is None and staff_auth.current(second) is None
    assert staff_auth.current(other) is not None  # nobody else is signed out
    assert staff_auth.sign_in("reset@example.gov.uk", PASSWORD)[0] is None
    kept, _ = staff_auth.sign_in("reset@example.gov.uk", "a brand new long password")
    ended, _ = staff_auth.sign_in("reset@example.gov.uk", "a brand new long password")
    with db.session() as session:
        user_id = session.execute(select(StaffUser.id).where(StaffUser.email == "reset@example.gov.uk")).scalar_one()
    staff_auth.end_sessions(user_id, keep_token=kept)  # "sign out my other sessions" after a change
    assert staff_auth.current(kept) is not None and staff_auth.current(ended) is None


def test_hsts_only_over_https() -> None:
    assert strict_transport_security(SimpleNamespace(scheme="https")) == HSTS
    assert strict_transport_security(SimpleNamespace(scheme="http")) is None


def test_every_web_process_counts_the_same_failures_in_the_database() -> None:
    """Two throttles over the staff database (two web processes, or one restarted) see each other's failures; a
    successful sign-in clears the email's count for both."""
    from bot.store.sign_in_counts import DatabaseCounts

    clock = Clock()
    clock.now = time.time()
    first = Throttle(clock=clock, counts=DatabaseCounts())
    second = Throttle(clock=clock, counts=DatabaseCounts())
    for i in range(5):
        first.failed("shared-count@example.gov.uk", f"192.0.2.{100 + i}")
    assert second.failures("SHARED-count@example.gov.uk") == 5
    assert second.admit("shared-count@example.gov.uk", "198.51.100.77") == 4.0  # three free, then 1, 2, 4 s
    second.succeeded("shared-count@example.gov.uk")
    assert first.failures("shared-count@example.gov.uk") == 0


def test_counts_carry_on_in_memory_while_the_database_is_out(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.store import sign_in_counts

    counts = sign_in_counts.DatabaseCounts()

    def broken(*_args: object, **_kwargs: object) -> None:
        raise sign_in_counts.SQLAlchemyError("database is down")

    monkeypatch.setattr(sign_in_counts.db, "session", broken)
    throttle = Throttle(counts=counts)
    for _ in range(4):
        throttle.failed("while-down@example.gov.uk", "192.0.2.200")
    assert throttle.failures("while-down@example.gov.uk") == 4
