"""Refusing replayed webhook requests: remember the ids of accepted requests for a bounded time.

Twilio signs each request (X-Twilio-Signature) but the signature has no timestamp, so a signed request copied
once (from a proxy's log, say) would be accepted again and again. Each incoming message has its own
`MessageSid`: rasa_addons/channels/twilio.py remembers the ids it accepted here and answers a repeat without
running it. Bounded both ways: at most `limit` ids, each kept for `window` seconds (the oldest go first), so
memory stays small whatever the traffic. Per process: with several Rasa replicas, each remembers its own.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class SeenRecently:
    def __init__(self, window: float, limit: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self.limit = limit
        self.clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()  # id -> when first seen, oldest first
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        """True (and remember `key`) if it was not seen in the window; False for a repeat."""
        now = self.clock()
        with self._lock:
            while self._seen and now - next(iter(self._seen.values())) > self.window:
                self._seen.popitem(last=False)  # expired (insertion order is time order)
            if key in self._seen:
                return False
            while len(self._seen) >= self.limit:
                self._seen.popitem(last=False)
            self._seen[key] = now
            return True

    def __len__(self) -> int:
        return len(self._seen)
