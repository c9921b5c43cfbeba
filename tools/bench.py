"""`make bench` and `make soak`: measure this assistant against a stock `rasa init` one on the same machine.

bench: training time (full, and after a responses-only change), server start time, single-user p50/p95 and
throughput at 20 and 50 concurrent conversations over the REST channel (loopback), RSS of each process, and
held-out NLU accuracy per topic. soak: 50 conversations for 5 minutes with look-ups and hand-offs; counts 5xx,
checks every hand-off reached the database, and samples memory. Results go to docs/benchmark.md (and
docs/soak.md), with the machine they ran on. Not a test: nothing here fails the build.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.settings import ROOT
from bot.web.runner import free_port, healthy, is_rasa_server
from tools.loadgen import LoadResult, Turn, run_load

DOCS = ROOT / "docs"
PY = sys.executable
QUIET = {"TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


def redis_url() -> str:
    """Rasa allows several Sanic workers only with a lock store they can share; this machine's Redis serves."""
    return os.environ.get("SEND_BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(redis_url(), socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    meminfo = Path("/proc/meminfo").read_text()  # Linux: always has MemTotal
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))  # type: ignore[union-attr]
    return {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "cpu": cpu, "cores": str(os.cpu_count()),
            "memory": f"{mem_kb / 1024 / 1024:.0f} GiB", "python": platform.python_version(),
            "rasa": importlib.metadata.version("rasa"), "os": platform.platform()}


def memory_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process in MB, from /proc."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0, 0.0
    rss = re.search(r"VmRSS:\s+(\d+)", status)
    hwm = re.search(r"VmHWM:\s+(\d+)", status)
    return (int(rss.group(1)) / 1024 if rss else 0.0), (int(hwm.group(1)) / 1024 if hwm else 0.0)


def children(pid: int) -> list[tuple[int, str]]:
    """Direct child processes as (pid, command line)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid:
                cmd = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                found.append((int(stat.parent.name), cmd))
        except (OSError, ValueError, IndexError):
            continue
    return found


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 300) -> float:
    started = time.monotonic()
    while not healthy(url):
        if process.poll() is not None:
            raise RuntimeError(f"server for {url} stopped while starting")
        if time.monotonic() - started > seconds:
            raise RuntimeError(f"{url} did not start in {seconds:.0f}s")
        time.sleep(0.2)
    return time.monotonic() - started


@dataclass
class Running:
    name: str
    process: subprocess.Popen[bytes]
    rest_url: str
    start_s: float

    def processes(self) -> dict[str, int]:
        """Name -> pid of the server processes (the Rasa server itself, and ours' helpers)."""
        found = {"Rasa server": self.process.pid}
        for pid, cmd in children(self.process.pid):
            if is_rasa_server(cmd):
                found["Rasa server"] = pid
            elif "rasa_sdk" in cmd or "bot.web.action_server" in cmd:
                found["action server"] = pid
            elif "bot web" in cmd:
                found["web server"] = pid
        # With SANIC_WORKERS > 1 the Rasa server forks workers, each with its own copy of the model.
        workers = [pid for pid, cmd in children(found["Rasa server"]) if is_rasa_server(cmd)]
        found.update({f"Rasa worker {i}": pid for i, pid in enumerate(workers, 1)})
        return found

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def start_ours(extra_env: dict[str, str] | None = None) -> Running:
    """The whole assistant, as `make run` starts it; start time is until all three servers are healthy."""
    ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "WEB_PORT": free_port()}
    # Every simulated parent shares one loopback address, so the per-IP limit is off for the load;
    # the per-sender limit stays on.
    env = {**os.environ, **QUIET, **{k: str(v) for k, v in ports.items()}, "SEND_RATE_PER_IP": "0",
           **(extra_env or {})}
    started = time.monotonic()
    process = subprocess.Popen([PY, "-m", "bot", "run"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    assert process.stdout is not None
    seen: deque[bytes] = deque(maxlen=30)  # the servers' last lines, to show if they do not start
    for raw in process.stdout:
        seen.append(raw)
        if b"Press Ctrl-C to stop." in raw:
            break
    else:
        raise RuntimeError("our assistant did not start:\n" + b"".join(seen).decode(errors="replace"))
    start_s = time.monotonic() - started
    output = process.stdout  # not None (asserted above); a name the lambda keeps narrowed
    threading.Thread(target=lambda: [None for _ in output], daemon=True).start()
    return Running("SEND parent guide", process, f"http://127.0.0.1:{ports['RASA_PORT']}/webhooks/rest/webhook",
                   start_s)


def train_stock(workdir: Path) -> float:
    """`rasa init --no-prompt` (which trains its model); returns seconds."""
    workdir.mkdir(parents=True)
    started = time.monotonic()
    subprocess.run([PY, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(workdir)], cwd=workdir.parent,
                   env={**os.environ, **QUIET}, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def start_stock(workdir: Path) -> Running:
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen([PY, "-m", "rasa", "run", "--port", str(port), "--model", "models"], cwd=workdir,
                               env={**os.environ, **QUIET}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    wait_for(f"http://127.0.0.1:{port}/", process)
    return Running("stock rasa init", process, f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                   time.monotonic() - started)


def training_times(workdir: Path) -> dict[str, float]:
    """Full training from an empty cache, then again after changing one response's text only."""
    for name in ("config.yml", "domain.yml"):
        shutil.copy(ROOT / name, workdir / name)
    shutil.copytree(ROOT / "data", workdir / "data")
    (workdir / "build").symlink_to(ROOT / "build")  # the project's spaCy pipeline
    env = {**os.environ, **QUIET, "PYTHONPATH": str(ROOT), "RASA_CACHE_DIRECTORY": str(workdir / "cache")}

    def train() -> float:
        started = time.monotonic()
        subprocess.run([PY, "-m", "rasa", "train", "--out", str(workdir / "models")], cwd=workdir, env=env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.monotonic() - started

    full = train()
    domain = workdir / "domain.yml"
    changed = domain.read_text().replace("You're welcome.", "You're very welcome.", 1)
    assert changed != domain.read_text(), "the responses-only change did not apply"
    domain.write_text(changed)
    return {"full": full, "responses_only": train()}


def date_days_ago(days: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days)).strftime("%d/%m/%Y")


def our_scripts() -> list[list[Turn]]:
    """Conversations a parent has: FAQ answers, a deadline (form + custom actions), contact look-ups."""
    return [
        ["hi", "what does a senco do", "tell me more", "thanks"],
        ["how long have i got to appeal?", date_days_ago(20), "no"],
        ["how do I contact SENDIASS in Hull", "what about mediation"],
        ["what is an ehcp", "how do i ask for an ehc needs assessment", "what's the deadline for that?",
         date_days_ago(10)],
        ["the school wont listen to me", "what does the send tribunal do", "IPSEA's number", "bye"],
    ]


def stock_scripts() -> list[list[Turn]]:
    return [["hi", "I am sad", "yes", "bye"], ["hello", "great", "are you a bot?"],
            ["good morning", "very bad", "no", "goodbye"], ["hey", "perfect", "see you later"]]


def load_suite(target: Running, scripts: list[list[Turn]]) -> dict[str, LoadResult]:
    run_load(target.rest_url, scripts, users=2, seconds=10)  # warm-up (models, caches, connections)
    return {
        "1 user": run_load(target.rest_url, scripts, users=1, seconds=30),
        "20 users": run_load(target.rest_url, scripts, users=20, seconds=45),
        "50 users": run_load(target.rest_url, scripts, users=50, seconds=45),
    }


def nlu_by_topic() -> tuple[float, dict[str, tuple[int, int]]]:
    sys.path.insert(0, str(ROOT))
    from tools.nlu_evaluate import evaluate

    report = evaluate()
    return report.accuracy, {t: (c["correct"], c["total"]) for t, c in sorted(report.by_topic.items())}


def _mark(ok: bool) -> str:
    return "met" if ok else "**not met**"


def bench(report_path: Path = DOCS / "benchmark.md") -> int:
    facts = machine()
    print(f"Benchmark on {facts['cpu']} ({facts['cores']} cores); this takes about 15 minutes.", flush=True)
    with tempfile.TemporaryDirectory(prefix="send-bench-") as tmp:
        work = Path(tmp)
        print("Training the stock `rasa init` assistant...", flush=True)
        stock_train = train_stock(work / "stock")
        print("Training this assistant twice (full, then after a responses-only change)...", flush=True)
        (work / "ours").mkdir()
        ours_train = training_times(work / "ours")
        print("Held-out NLU accuracy...", flush=True)
        accuracy, topics = nlu_by_topic()
        results: dict[str, dict[str, LoadResult]] = {}
        memory: dict[str, dict[str, tuple[float, float]]] = {}
        starts: dict[str, float] = {}
        two_workers = {"SEND_REDIS_URL": redis_url(), "SANIC_WORKERS": "2"}
        configurations = [("ours", start_ours, our_scripts()),
                          ("ours, 2 workers", lambda: start_ours(two_workers), our_scripts()),
                          ("stock", lambda: start_stock(work / "stock"), stock_scripts())]
        if not redis_reachable():
            print(f"No Redis at {redis_url()}: skipping the two-worker configuration.", flush=True)
            configurations.pop(1)
        for name, start, scripts in configurations:
            print(f"Load on {name}...", flush=True)
            running = start()
            try:
                starts[name] = running.start_s
                results[name] = load_suite(running, scripts)
                memory[name] = {proc: memory_mb(pid) for proc, pid in running.processes().items()}
            finally:
                running.stop()
    text = render_bench(facts, stock_train, ours_train, accuracy, topics, results, memory, starts)
    report_path.write_text(text, encoding="utf-8")
    print(text)
    print(f"Written to {report_path.relative_to(ROOT)}")
    return 0


# What each change bought: 20 concurrent conversations, same scripts, same machine, measured with py-spy
# profiles of the Rasa server between changes (not rerun by `make bench`).
TUNING = [
    ("first measurement", "18.4 req/s; half the Rasa server's CPU in jsonschema re-checking its own schema "
     "for every action server response"),
    ("validator built once (rasa_addons/action_validation.py)", "26.4 req/s (+43%)"),
    ("ResponseSelector only for FAQ intents (a LazyResponseSelector, gone with the ResponseSelector); SQLite WAL and "
     "synchronous=NORMAL for the tracker store", "33.0 req/s (+25%)"),
    ("tracker store reads and writes in SQLAlchemy Core instead of an ORM object per event",
     "37.6 req/s (+14%)"),
    ("two Sanic workers (needs a shared lock store: SEND_REDIS_URL; the scale-out setting), measured at "
     "this point", "66.2 req/s (+76%)"),
    ("one process again. SQLite connections kept in a pool (SQLAlchemy 1.4 opened, set up and closed one, "
     "with a WAL checkpoint, per session: a tenth of the CPU); the count of stored events carried from "
     "retrieve to save instead of a query; the action server addressed as 127.0.0.1 (no name lookup per "
     "call); menu button payloads escaped so Rasa no longer logs an error for each", "44.6 req/s (+16% on 38.3, "
     "the bench before them)"),
    ("one TensorFlow thread per op for the Rasa server (TF_INTRA/INTER_OP_PARALLELISM_THREADS=1): the small "
     "models gain nothing from a second thread, which contended with the action server", "51.4 req/s (+15%)"),
]


def _rss(memory: dict[str, tuple[float, float]], prefix: str) -> tuple[float, float]:
    """(sum of current, largest peak) over the processes whose name starts with `prefix`."""
    picked = [value for name, value in memory.items() if name.startswith(prefix)]
    return sum(v[0] for v in picked), max((v[1] for v in picked), default=0.0)


def render_bench(facts: dict[str, str], stock_train: float, ours_train: dict[str, float], accuracy: float,
                 topics: dict[str, tuple[int, int]], results: dict[str, dict[str, LoadResult]],
                 memory: dict[str, dict[str, tuple[float, float]]], starts: dict[str, float]) -> str:
    ours, stock = results["ours"], results["stock"]
    single = ours["1 user"]

    def ratio(name: str) -> float:
        base = stock["20 users"].throughput
        return results[name]["20 users"].throughput / base if base and name in results else 0.0

    # Peak RSS of the one process that answers (the server, or its largest worker).
    rasa_rss = max(_rss(memory["ours"], "Rasa server")[1], _rss(memory["ours"], "Rasa worker")[1])
    two = "ours, 2 workers"
    lines = [
        "# Benchmark", "",
        f"Run by `make bench` on {facts['date']}: {facts['cpu']}, {facts['cores']} cores, {facts['memory']} RAM, "
        f"Python {facts['python']}, Rasa {facts['rasa']}, {facts['os']}. Loopback only; closed-loop virtual "
        "users (tools/loadgen.py), each playing scripted conversations with a new sender per conversation. "
        "This assistant's scripts include custom actions (deadline forms, contact look-ups); the stock "
        "assistant's are its own mood-bot conversations. The per-IP rate limit is off during the load "
        "(every simulated parent shares 127.0.0.1); the per-sender limit stays on. \"This assistant\" is "
        "`make run` as it ships (one Rasa process, embedded SQLite, in-memory lock store); \"2 workers\" is "
        "the same with `SANIC_WORKERS=2` and the Redis lock store that Rasa requires for it.", "",
        "## Targets", "",
        "| Target | Measured | |", "|---|---|---|",
        f"| single-user p50 ≤ 60 ms | {single.percentile(50):.0f} ms | {_mark(single.percentile(50) <= 60)} |",
        f"| single-user p95 ≤ 150 ms | {single.percentile(95):.0f} ms | {_mark(single.percentile(95) <= 150)} |",
        f"| throughput at 20 users ≥ 1.3× stock, zero errors (as shipped) | {ratio('ours'):.2f}×, "
        f"{ours['20 users'].errors} errors | {_mark(ratio('ours') >= 1.3 and ours['20 users'].errors == 0)} |",
    ]
    if two in results:
        errors = results[two]["20 users"].errors
        lines.append(f"| the same with 2 workers + Redis lock store | {ratio(two):.2f}×, {errors} errors | "
                     f"{_mark(ratio(two) >= 1.3 and errors == 0)} |")
    lines += [
        f"| Rasa server RSS ≤ 1.5 GB (peak, per process) | {rasa_rss:.0f} MB | {_mark(0 < rasa_rss <= 1536)} |",
        f"| full training ≤ 5 minutes | {ours_train['full']:.0f} s | {_mark(ours_train['full'] <= 300)} |", "",
        "## Latency and throughput (REST channel)", "",
        "| Assistant | Load | Requests | Throughput (req/s) | p50 (ms) | p95 (ms) | Errors | 5xx |",
        "|---|---|---|---|---|---|---|---|",
    ]
    labels = {"ours": "this assistant", two: "this assistant, 2 workers", "stock": "stock `rasa init`"}
    for name, label in labels.items():
        for load, r in results.get(name, {}).items():
            lines.append(f"| {label} | {load} | {r.requests} | {r.throughput:.1f} | {r.percentile(50):.0f} | "
                         f"{r.percentile(95):.0f} | {r.errors} | {r.server_errors} |")
    lines += ["", "## Start, training and memory", "",
              "| | This assistant | Stock `rasa init` |", "|---|---|---|",
              f"| server start (until healthy) | {starts['ours']:.1f} s (Rasa, action and web servers) | "
              f"{starts['stock']:.1f} s |",
              f"| full training | {ours_train['full']:.0f} s | {stock_train:.0f} s (`rasa init`, includes "
              "scaffolding) |",
              f"| training after a responses-only change | {ours_train['responses_only']:.0f} s | |"]
    for proc in ("Rasa server", "action server", "web server"):
        mine = memory["ours"].get(proc)
        theirs = memory["stock"].get(proc)
        lines.append(f"| RSS {proc} (now / peak) | " + (f"{mine[0]:.0f} / {mine[1]:.0f} MB" if mine else "") +
                     " | " + (f"{theirs[0]:.0f} / {theirs[1]:.0f} MB" if theirs else "") + " |")
    if two in memory:
        now, peak = _rss(memory[two], "Rasa")
        lines.append(f"| RSS with 2 workers, all Rasa processes (now) / largest peak | {now:.0f} / {peak:.0f} MB | |")
    lines += ["", "## What each change bought", "",
              "Profiled with py-spy on the Rasa server under 20 concurrent conversations, then changed one thing "
              "at a time:", "", "| Change | Throughput at 20 users |", "|---|---|"]
    lines += [f"| {change} | {effect} |" for change, effect in TUNING]
    lines += ["", "What is left (last profile): NLU about 41% of the Rasa server's CPU (DIET about 29%), dialogue "
              "policies about 12%, the tracker store about 13%, custom action calls about 4%. The stock "
              "assistant keeps conversations in memory only; this one stores every event (redacted) in SQLite.",
              "", f"## Held-out NLU accuracy: {accuracy:.1%} overall", "", "| Topic | Correct | Messages |",
              "|---|---|---|"]
    lines += [f"| {t} | {c} | {n} |" for t, (c, n) in topics.items()]
    return "\n".join(lines) + "\n"


def handoff_script(counter: Callable[[], None]) -> list[Turn]:
    def send_it(_reply: str) -> str:
        counter()  # counted as requested just before it is sent
        return "yes"

    return ["can I speak to a real person please", "yes", "Sam Parent", "sam.parent@example.com",
            "weekday mornings", "Hull", "my daughter needs help with her EHC plan review", send_it]


def soak(minutes: float = 5, users: int = 50, report_path: Path = DOCS / "soak.md") -> int:
    facts = machine()
    requested = 0
    lock = threading.Lock()

    def count() -> None:
        nonlocal requested
        with lock:
            requested += 1

    with tempfile.TemporaryDirectory(prefix="send-soak-") as tmp:
        database = f"sqlite:///{tmp}/send.db"
        running = start_ours({"SEND_DATABASE_URL": database, "SEND_TRACKER_DB_URL": f"sqlite:///{tmp}/tracker.db"})
        samples: list[tuple[float, float]] = []
        done = threading.Event()

        def sample() -> None:
            pid = running.processes().get("Rasa server", running.process.pid)
            started = time.monotonic()
            while not done.wait(10):
                samples.append((time.monotonic() - started, memory_mb(pid)[0]))

        try:
            scripts = [*our_scripts(), handoff_script(count)]
            run_load(running.rest_url, scripts, users=2, seconds=10)  # warm-up (not counted below)
            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            warm_requested = requested
            result = run_load(running.rest_url, scripts, users=users, seconds=minutes * 60, keep_replies=True)
            done.set()
            from sqlalchemy import create_engine, text

            with create_engine(database).connect() as connection:
                stored = connection.execute(text("SELECT count(*) FROM enquiries")).scalar_one()
        finally:
            running.stop()
    references = sum(len(re.findall(r"SEND-[A-Z0-9]{6}", reply)) for reply in result.replies)
    first = [rss for t, rss in samples if t <= 70] or [0.0]
    last = [rss for t, rss in samples if t >= samples[-1][0] - 60] if samples else [0.0]
    growth = (sum(last) / len(last)) / (sum(first) / len(first)) - 1 if first[0] else 0.0
    lines = [
        "# Soak", "",
        f"Run by `make soak` on {facts['date']}: {facts['cpu']}, {facts['cores']} cores. {users} concurrent "
        f"conversations for {minutes:g} minutes (FAQ answers, deadline forms, contact look-ups and hand-offs).", "",
        "| Check | Result |", "|---|---|",
        f"| requests | {result.requests} ({result.throughput:.1f}/s, p50 {result.percentile(50):.0f} ms, "
        f"p95 {result.percentile(95):.0f} ms) |",
        f"| 5xx responses | {result.server_errors} |",
        f"| other errors (transport, 4xx) | {result.errors - result.server_errors} |",
        f"| hand-offs requested (during the soak and its warm-up) | {requested} ({requested - warm_requested} "
        "during the soak) |",
        f"| enquiries in the database | {stored} |",
        f"| reference numbers given (during the soak) | {references} |",
        f"| Rasa server RSS, first minute → last minute | {sum(first) / len(first):.0f} MB → "
        f"{sum(last) / len(last):.0f} MB ({growth:+.1%}) |",
        "", "RSS samples (seconds, MB): " + ", ".join(f"{t:.0f}:{rss:.0f}" for t, rss in samples), "",
    ]
    verdict = result.server_errors == 0 and stored == requested and growth < 0.10
    lines.append("Verdict: " + ("zero 5xx, no enquiry lost, memory flat." if verdict else "**see the figures**."))
    text_out = "\n".join(lines) + "\n"
    report_path.write_text(text_out, encoding="utf-8")
    print(text_out)
    return 0 if verdict else 1
