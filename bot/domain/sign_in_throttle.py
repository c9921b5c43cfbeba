"""Slows password guessing at the staff sign-in without ever locking the real adviser out.

Failures are counted per email typed (whether or not it is an account, so an unknown email is slowed exactly
like a real one and the timing says nothing about which accounts exist) and per client address (IPv6 by /64).
After a few free failures each one delays the next attempt: 1 s, 2 s, 4 s, ... up to `max_delay`
(SEND_SIGN_IN_MAX_DELAY, 30 s). Counts are forgotten `forget_after` (15 minutes) after the last failure, and
an email's count when it signs in.

- Per email, the next attempt is checked no sooner than the last failure plus the delay. Attempts do not
  queue behind one another, and the password is always checked once the delay has passed: the right password
  signs in at most `max_delay` later, however hard someone else is guessing.
- Per address, attempts are spaced by the delay (each one reserves its turn), so one address cannot run
  guesses in parallel; an attempt that would have to wait longer than `max_delay` is refused unchecked.

Where the counts live is a `Counts`: in this process's memory (`MemoryCounts`, the default and the fallback), or
in the staff database (`bot.store.sign_in_counts`, what the web server uses), so that every web process and a
restarted one share them.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass
class _Count:
    failures: int = 0
    last_failure: float = 0.0
    next_turn: float = 0.0  # per address: when its next attempt may be checked
    refusal_noted: float = float("-inf")


def address_key(address: str | None) -> str:
    """The client address as counted: IPv4 as is, IPv6 by its /64 (one household or host has a whole /64)."""
    text = (address or "").strip()
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return text[:100]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def email_key(email: str | None) -> str:
    return (email or "").strip().lower()[:200]


EMAILS, ADDRESSES = "email", "address"  # the two kinds of count


class Counts(Protocol):
    """Where failure counts are kept. `get` returns a count to change, `put` stores it again."""

    def get(self, kind: str, key: str) -> _Count | None: ...

    def put(self, kind: str, key: str, count: _Count) -> None: ...

    def drop(self, kind: str, key: str) -> None: ...


class MemoryCounts:
    """Counts in this process's memory, at most `max_entries` of each kind (the least recently failed go first)."""

    def __init__(self, max_entries: int = 100_000) -> None:
        self.max_entries = max_entries
        self.tables: dict[str, OrderedDict[str, _Count]] = {EMAILS: OrderedDict(), ADDRESSES: OrderedDict()}

    def get(self, kind: str, key: str) -> _Count | None:
        return self.tables[kind].get(key)

    def put(self, kind: str, key: str, count: _Count) -> None:
        table = self.tables[kind]
        table[key] = count
        table.move_to_end(key)
        while len(table) > self.max_entries:
            table.popitem(last=False)

    def drop(self, kind: str, key: str) -> None:
        self.tables[kind].pop(key, None)


class Throttle:
    def __init__(self, *, email_free: int = 3, address_free: int = 10, base: float = 1.0,
                 max_delay: float = 30.0, forget_after: float = 900.0, max_entries: int = 100_000,
                 clock: Callable[[], float] = time.monotonic, counts: Counts | None = None) -> None:
        self.email_free, self.address_free = email_free, address_free
        self.base, self.max_delay, self.forget_after = base, max_delay, forget_after
        self.clock = clock
        self.counts: Counts = counts if counts is not None else MemoryCounts(max_entries)
        self._lock = threading.Lock()  # the checks run in worker threads (bot.store.staff_auth)

    @property
    def _emails(self) -> OrderedDict[str, _Count]:  # memory counts only (tests)
        assert isinstance(self.counts, MemoryCounts)
        return self.counts.tables[EMAILS]

    @property
    def _addresses(self) -> OrderedDict[str, _Count]:
        assert isinstance(self.counts, MemoryCounts)
        return self.counts.tables[ADDRESSES]

    def delay(self, failures: int, free: int) -> float:
        if failures < free:
            return 0.0
        return min(self.max_delay, self.base * 2.0 ** min(failures - free, 30))

    def _get(self, kind: str, key: str, now: float, create: bool) -> _Count | None:
        entry = self.counts.get(kind, key)
        if entry is not None and now - max(entry.last_failure, entry.next_turn) > self.forget_after:
            self.counts.drop(kind, key)
            entry = None
        if entry is None and create:
            entry = _Count()
        return entry

    def admit(self, email: str, address: str | None) -> float | None:
        """Seconds to wait before checking this attempt's password, or None: refuse it unchecked."""
        now = self.clock()
        with self._lock:
            wait = 0.0
            counted = self._get(EMAILS, email_key(email), now, create=False)
            if counted is not None:
                wait = max(0.0, counted.last_failure + self.delay(counted.failures, self.email_free) - now)
            place_key = address_key(address)
            place = self._get(ADDRESSES, place_key, now, create=False)
            if place is None:  # no recent failures from this address
                return wait
            spacing = self.delay(place.failures, self.address_free)
            turn = max(now, place.next_turn, place.last_failure + spacing if spacing else now)
            if turn - now > self.max_delay:
                return None
            if spacing:
                place.next_turn = turn + spacing
                self.counts.put(ADDRESSES, place_key, place)
            return max(wait, turn - now)

    def note_refusal(self, address: str | None, every: float = 60.0) -> bool:
        """True at most once a minute per address: whether to write a refusal to the audit log."""
        now = self.clock()
        with self._lock:
            place_key = address_key(address)
            place = self._get(ADDRESSES, place_key, now, create=True)
            assert place is not None
            if now - place.refusal_noted < every:
                return False
            place.refusal_noted = now
            self.counts.put(ADDRESSES, place_key, place)
            return True

    def failed(self, email: str, address: str | None) -> None:
        now = self.clock()
        with self._lock:
            for kind, key in ((EMAILS, email_key(email)), (ADDRESSES, address_key(address))):
                entry = self._get(kind, key, now, create=True)
                assert entry is not None
                entry.failures += 1
                entry.last_failure = now
                self.counts.put(kind, key, entry)

    def succeeded(self, email: str) -> None:
        with self._lock:
            self.counts.drop(EMAILS, email_key(email))

    def failures(self, email: str) -> int:
        with self._lock:
            entry = self._get(EMAILS, email_key(email), self.clock(), create=False)
            return entry.failures if entry else 0
