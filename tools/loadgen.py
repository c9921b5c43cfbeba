"""A small closed-loop load generator for Rasa's REST channel (loopback only), used by the benchmark and soak.

Each virtual user plays scripted conversations back to back, a new sender id per conversation, sending the
next message as soon as the last reply arrives. aiohttp comes with Rasa, so nothing else is installed; Locust
would pull in gevent and Flask at versions that clash with Rasa's pins.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import aiohttp

# A script is a list of turns; a turn is a message, or a function of the previous reply text giving one.
Turn = str | Callable[[str], str]


@dataclass
class LoadResult:
    users: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0  # transport errors and non-200 answers
    server_errors: int = 0  # 5xx
    empty_replies: int = 0
    conversations: int = 0
    replies: list[str] = field(default_factory=list)  # every reply text, when kept

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + self.errors

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        if len(self.latencies_ms) == 1:
            return self.latencies_ms[0]
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[int(p) - 1]

    def summary(self) -> dict[str, float | int]:
        return {"users": self.users, "requests": self.requests, "throughput_rps": round(self.throughput, 1),
                "p50_ms": round(self.percentile(50), 1), "p95_ms": round(self.percentile(95), 1),
                "errors": self.errors, "server_errors": self.server_errors, "empty_replies": self.empty_replies}


async def _user(session: aiohttp.ClientSession, url: str, scripts: Sequence[Sequence[Turn]], first: int,
                stop_at: float, result: LoadResult, keep_replies: bool) -> None:
    index = first
    while time.monotonic() < stop_at:
        sender = uuid.uuid4().hex
        last = ""
        for turn in scripts[index % len(scripts)]:
            if time.monotonic() >= stop_at:
                return
            message = turn(last) if callable(turn) else turn
            started = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": message}) as response:
                    body = await response.json(content_type=None)
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status != 200:
                        result.errors += 1
                        result.server_errors += response.status >= 500
                        continue
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                result.errors += 1
                continue
            result.latencies_ms.append(elapsed)
            last = "\n".join(str(m.get("text") or "") for m in body if isinstance(m, dict))
            result.empty_replies += not body
            if keep_replies:
                result.replies.append(last)
        result.conversations += 1
        index += 1


async def _run(url: str, scripts: Sequence[Sequence[Turn]], users: int, seconds: float,
               keep_replies: bool) -> LoadResult:
    result = LoadResult(users=users, seconds=seconds)
    timeout = aiohttp.ClientTimeout(total=60)
    connector = aiohttp.TCPConnector(limit=users)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        started = time.monotonic()
        stop_at = started + seconds
        await asyncio.gather(*(_user(session, url, scripts, i, stop_at, result, keep_replies)
                               for i in range(users)))
        result.seconds = time.monotonic() - started
    return result


def run_load(rest_url: str, scripts: Sequence[Sequence[Turn]], users: int, seconds: float,
             keep_replies: bool = False) -> LoadResult:
    """Drive `users` concurrent conversations against `rest_url` for about `seconds`."""
    return asyncio.run(_run(rest_url, scripts, users, seconds, keep_replies))
