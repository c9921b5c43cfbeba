"""Token-bucket rate limits for the public chat endpoints (per sender and per IP address).

Per IP, a flood is refused (429). Per sender, a client going faster than the rate is first slowed down
(its message waits for a token, up to SEND_MAX_WAIT_PER_SENDER seconds) and refused only beyond that, so
a script asking question after question still gets every answer, just more slowly, while many requests
fired at once for one conversation are refused. A parent types a few messages a minute and never meets
either limit. In memory, per process: with several replicas each enforces its own share.
Settings (bot.settings): SEND_RATE_PER_SENDER / SEND_BURST_PER_SENDER, SEND_RATE_PER_IP / SEND_BURST_PER_IP
(messages per second / bucket size), SEND_MAX_WAIT_PER_SENDER; a rate of 0 turns that limit off.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_KEYS = 50_000  # oldest buckets are forgotten beyond this, so memory stays bounded


@dataclass
class TokenBucket:
    rate: float  # tokens added per second; 0 means unlimited
    burst: float  # bucket size
    clock: Callable[[], float] = time.monotonic
    _buckets: OrderedDict[str, tuple[float, float]] = field(default_factory=OrderedDict)

    def allow(self, key: str) -> bool:
        """Take a token now, or refuse."""
        return self.reserve(key, max_wait=0.0) is not None

    def reserve(self, key: str, max_wait: float) -> float | None:
        """Seconds to wait before going ahead (0: now), or None if that would be longer than `max_wait`."""
        if self.rate <= 0:
            return 0.0
        now = self.clock()
        tokens, last = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        wait = max(0.0, (1 - tokens) / self.rate)
        if wait <= max_wait:
            tokens -= 1  # below zero: a token promised to a waiting message
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > MAX_KEYS:
            self._buckets.popitem(last=False)
        return wait if wait <= max_wait else None

    def retry_after(self, key: str) -> int:
        """Whole seconds until `key` has a token again (at least 1)."""
        tokens, _ = self._buckets.get(key, (self.burst, 0.0))
        return max(1, int((1 - tokens) / self.rate + 0.999)) if self.rate > 0 else 1


@dataclass
class ChatLimits:
    per_sender: TokenBucket
    per_ip: TokenBucket
    max_wait: float = 5.0

    @classmethod
    def from_env(cls) -> ChatLimits:
        """The limits in this process's settings (bot.settings)."""
        from bot import settings

        config = settings.current()
        return cls(
            per_sender=TokenBucket(config.rate_per_sender, config.burst_per_sender),
            per_ip=TokenBucket(config.rate_per_ip, config.burst_per_ip),
            max_wait=config.max_wait_per_sender,
        )

    def check(self, ip: str, sender: str) -> tuple[float, int]:
        """(seconds to hold the message before answering, 0) to go ahead, or (0, seconds) to refuse it with
        that Retry-After."""
        if not self.per_ip.allow("ip:" + ip):
            return 0.0, self.per_ip.retry_after("ip:" + ip)
        wait = self.per_sender.reserve("sender:" + sender, self.max_wait)
        if wait is None:
            return 0.0, max(1, int(self.max_wait))
        return wait, 0
