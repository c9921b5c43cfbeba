"""End-to-end conversation evaluation: talk to the running assistant over the REST channel, one fresh
conversation per case, and check what the reply to the last turn contains (tests/conversations/FORMAT.md).

    .venv/bin/python -m tests.conversations.evaluate            # start the servers, run every batch
    .venv/bin/python -m tests.conversations.evaluate --url http://127.0.0.1:5005 b07_*.yml
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import redis
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TODAY = "2026-11-23"  # the day the batches were written for (FORMAT.md)
STRICT_TOPICS = ("deadlines", "timescales", "safeguarding")  # must reach 100%
FALLBACK_MARK = "not sure i understood"
REDIS_URL = os.environ.get("SEND_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


@dataclass(frozen=True)
class Case:
    id: str
    topic: str
    turns: tuple[str, ...]
    expect: tuple[tuple[str, ...], ...]
    forbid: tuple[str, ...]
    batch: str


@dataclass
class Result:
    case: Case
    replies: list[str] = field(default_factory=list)
    missing: list[tuple[str, ...]] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def passed(self) -> bool:
        return not (self.missing or self.forbidden or self.error)

    @property
    def fell_back(self) -> int:
        return sum(FALLBACK_MARK in normalise(reply) for reply in self.replies)


def normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def batch_files(names: Iterable[str] = ()) -> list[Path]:
    chosen = [HERE / name for name in names] if names else sorted(HERE.glob("b*.yml"))
    return [path for path in chosen if path.is_file()]


def load_cases(paths: Iterable[Path]) -> list[Case]:
    cases: list[Case] = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for raw in data["cases"]:
            cases.append(Case(
                id=str(raw["id"]), topic=str(raw["topic"]),
                turns=tuple(str(turn) for turn in raw["turns"]),
                expect=tuple(tuple(str(alt) for alt in (group if isinstance(group, list) else [group]))
                             for group in raw.get("expect") or []),
                forbid=tuple(str(item) for item in raw.get("forbid") or []),
                batch=path.stem,
            ))
    return cases


def rest_sender(rasa_url: str) -> Callable[[str, str], str]:
    def send(sender: str, message: str) -> str:
        body = json.dumps({"sender": sender, "message": message}).encode()
        request = urllib.request.Request(f"{rasa_url}/webhooks/rest/webhook", body,
                                         {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            replies = json.load(response)
        parts = []
        for reply in replies:
            parts.append(reply.get("text") or "")
            parts.extend(f"[{button.get('title', '')}]" for button in reply.get("buttons") or [])
        return "\n".join(part for part in parts if part)

    return send


def server_env() -> dict[str, str]:
    """The servers as `make run` starts them, on the batches' day. With Redis on this machine (`make test`
    needs it), two Rasa workers sharing a Redis lock store, as a scaled deployment runs: the same answers,
    about 1.4 times as fast on two cores (keeps `make test` within its budget)."""
    env = {"SEND_TODAY": TODAY}
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:  # no Redis: one worker, slower
        return env
    return {**env, "SANIC_WORKERS": "2", "SEND_REDIS_URL": REDIS_URL,
            "SEND_REDIS_KEY_PREFIX": f"eval{uuid.uuid4().hex[:12]}"}


def run_case(case: Case, send: Callable[[str, str], str]) -> Result:
    result = Result(case)
    sender = f"eval-{uuid.uuid4().hex}"
    try:
        for turn in case.turns:
            result.replies.append(send(sender, turn))
    except Exception as error:  # a server error is a failed case, reported, not a crash of the run
        result.error = f"{type(error).__name__}: {error}"
        return result
    last = normalise(result.replies[-1])
    result.missing = [group for group in case.expect if not any(normalise(alt) in last for alt in group)]
    result.forbidden = [item for item in case.forbid if normalise(item) in last]
    return result


def run_all(cases: list[Case], send: Callable[[str, str], str], workers: int = 8) -> list[Result]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda case: run_case(case, send), cases))


def scores(results: list[Result], key: Callable[[Result], str]) -> dict[str, tuple[int, int]]:
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for result in results:
        row = table[key(result)]
        row[0] += result.passed
        row[1] += 1
    return {name: (row[0], row[1]) for name, row in sorted(table.items())}


def percent(passed: int, total: int) -> float:
    return 100.0 * passed / total if total else 100.0


def report(results: list[Result]) -> str:
    lines = ["", "Conversation evaluation (reply to the last turn of each case)", ""]
    for title, key in (("batch", lambda r: r.case.batch), ("topic", lambda r: r.case.topic)):
        lines.append(f"  {title:<34} passed / cases")
        for name, (passed, total) in scores(results, key).items():
            lines.append(f"  {name:<34} {passed:>4} / {total:<4} {percent(passed, total):5.1f}%")
        lines.append("")
    passed = sum(r.passed for r in results)
    turns = sum(len(r.replies) for r in results)
    fallbacks = sum(r.fell_back for r in results)
    lines.append(f"  overall {passed} / {len(results)} = {percent(passed, len(results)):.1f}%;"
                 f" fallback ('not sure I understood') reached in {fallbacks} of {turns} turns"
                 f" ({percent(fallbacks, turns):.1f}%)")
    failures = [r for r in results if not r.passed]
    if failures:
        lines += ["", f"Failures ({len(failures)}):"]
    for result in failures:
        lines.append(f"- {result.case.id} [{result.case.topic}] {' | '.join(result.case.turns)}")
        if result.error:
            lines.append(f"    error: {result.error}")
        for group in result.missing:
            lines.append(f"    missing one of: {list(group)}")
        for item in result.forbidden:
            lines.append(f"    forbidden: {item!r}")
        reply = result.replies[-1] if result.replies else ""
        lines.append("    reply: " + reply.replace("\n", " / ")[:400])
    return "\n".join(lines)


def summary(results: list[Result]) -> dict[str, object]:
    return {
        "overall": percent(sum(r.passed for r in results), len(results)),
        "cases": len(results),
        "topics": {name: percent(*score) for name, score in scores(results, lambda r: r.case.topic).items()},
        "batches": {name: percent(*score) for name, score in scores(results, lambda r: r.case.batch).items()},
        "failed": [r.case.id for r in results if not r.passed],
    }


def write_results(results: list[Result], text: str) -> Path:
    out = ROOT / "results" / "conversations"
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.txt").write_text(text, encoding="utf-8")
    (out / "summary.json").write_text(json.dumps(summary(results), indent=1), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", help="batch files in tests/conversations (default: all)")
    parser.add_argument("--url", help="a running Rasa server (default: start the servers with SEND_TODAY set)")
    args = parser.parse_args(argv)
    cases = load_cases(batch_files(args.files))
    if args.url:
        results = run_all(cases, rest_sender(args.url))
    else:
        from tests.support.running_bot import start_bot, stop_bot

        running = start_bot(server_env())
        try:
            results = run_all(cases, rest_sender(running.rasa_url))
        finally:
            stop_bot(running.process)
    text = report(results)
    print(text)
    print(f"\nWritten to {write_results(results, text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
