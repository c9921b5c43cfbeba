"""Two Rasa replicas and one action server on PostgreSQL (tracker store, enquiries) and Redis (lock store).

Turns of the same conversations alternate between the replicas; one replica is killed with SIGKILL part-way;
every conversation carries on on the other with its slots intact and no turn lost. Also: the tracker store
rides out a database outage and recovers without a restart. Needs the PostgreSQL and Redis on this machine
(127.0.0.1:5432 and :6379; SEND_TEST_POSTGRES_URL / SEND_TEST_REDIS_URL to point elsewhere).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import psycopg2
import pytest
import redis
import sqlalchemy as sa

from bot.domain import deadlines
from bot.web.channels import active_credentials
from bot.web.runner import endpoints_file
from tests.e2e.conftest import ROOT, free_port

MODEL = ROOT / "models" / "send-guide.tar.gz"
ADMIN_URL = os.environ.get("SEND_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("SEND_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
TOKEN = uuid.uuid4().hex


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, dropped afterwards."""
    name = "send_test_" + uuid.uuid4().hex[:10]
    admin = psycopg2.connect(ADMIN_URL)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(ADMIN_URL).set(database=name)
    yield url.render_as_string(hide_password=False)
    with admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


def wait_healthy(url: str, process: subprocess.Popen[bytes], seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server stopped while starting")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not start")


@dataclass
class Cluster:
    replicas: list[str]
    processes: list[subprocess.Popen[bytes]]
    env: dict[str, str]
    proxy: Proxy  # every server reaches PostgreSQL through it, so a test can cut the database off

    def tracker(self, sender: str, replica: int = 0) -> dict:
        url = f"{self.replicas[replica]}/conversations/{sender}/tracker?token={TOKEN}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.load(response)


@pytest.fixture(scope="module")
def cluster(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    tmp = tmp_path_factory.mktemp("scale")
    prefix = "sendtest" + uuid.uuid4().hex[:8]
    url = sa.engine.make_url(database)
    proxy = Proxy(url.port or 5432)
    proxy.start()
    via_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    env = {**os.environ, "SEND_DATABASE_URL": via_proxy, "SEND_TRACKER_DB_URL": via_proxy,
           "SEND_REDIS_URL": REDIS_URL, "SEND_REDIS_KEY_PREFIX": prefix, "TICKET_LOCK_LIFETIME": "10",
           "SEND_ACTION_TIMEOUT": "6", "TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "bot", "load-knowledge"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # Alembic migrations and knowledge, on PostgreSQL
    actions_port = free_port()
    endpoints = endpoints_file(actions_port)
    credentials = tmp / "credentials.yml"
    active_credentials(ROOT / "credentials.yml", credentials, env={})
    logs = [open(tmp / f"server{i}.log", "wb") for i in range(3)]
    # As in the Kubernetes set-up (deploy/helm): the action server has no access to the conversation store.
    action_env = {k: v for k, v in env.items() if k != "SEND_TRACKER_DB_URL"}
    processes = [subprocess.Popen([sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port",
                                   str(actions_port)], cwd=ROOT, env={**action_env, "SANIC_HOST": "127.0.0.1"},
                                  stdout=logs[0], stderr=subprocess.STDOUT)]
    replicas = []
    for i in (1, 2):
        port = free_port()
        replicas.append(f"http://127.0.0.1:{port}")
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "rasa", "run", "--model", str(MODEL), "--port", str(port), "--endpoints",
             str(endpoints), "--credentials", str(credentials), "--enable-api", "--auth-token", TOKEN],
            cwd=ROOT, env=env, stdout=logs[i], stderr=subprocess.STDOUT))
    try:
        wait_healthy(f"http://127.0.0.1:{actions_port}/health", processes[0])
        for url, process in zip(replicas, processes[1:], strict=True):
            wait_healthy(url + "/", process)
        yield Cluster(replicas, processes, env, proxy)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
        if proxy.server and proxy.server.is_serving():
            proxy.stop()


def say(base: str, sender: str, message: str) -> list[dict]:
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(base + "/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def say_with_failover(cluster: Cluster, preferred: int, sender: str, message: str) -> tuple[str, int]:
    """As a load balancer would: the preferred replica, or the other one if it is gone."""
    for replica in (preferred, 1 - preferred):
        try:
            replies = say(cluster.replicas[replica], sender, message)
            return "\n".join(r.get("text") or "" for r in replies), replica
        except (urllib.error.URLError, ConnectionError):
            continue
    raise AssertionError("no replica answered")


def test_delete_my_conversation_is_done_by_the_replica_that_owns_the_store(cluster: Cluster, database: str) -> None:
    """Told on one replica, deleted on the other: the Rasa replica saving the turn deletes the conversation
    from PostgreSQL (the action server, as in Kubernetes, has no tracker URL)."""
    sender = f"delete-{uuid.uuid4().hex[:6]}"
    say(cluster.replicas[0], sender, "my son is scared of the zebra crossing by school, what does a senco do")
    engine = sa.create_engine(database)
    query = sa.text("SELECT count(*) FROM events WHERE sender_id = :s AND data LIKE '%zebra crossing%'")
    with engine.connect() as connection:
        assert connection.execute(query, {"s": sender}).scalar_one() == 1
    reply = "\n".join(r.get("text") or "" for r in say(cluster.replicas[1], sender, "delete my conversation"))
    assert "deleted this conversation" in reply
    with engine.connect() as connection:
        assert connection.execute(query, {"s": sender}).scalar_one() == 0
        left = connection.execute(sa.text("SELECT count(*) FROM events WHERE sender_id = :s AND type_name = 'user'"),
                                  {"s": sender}).scalar_one()
    engine.dispose()
    assert left == 0
    assert "SENCO" in "\n".join(r.get("text") or "" for r in say(cluster.replicas[0], sender, "what does a senco do"))


def test_conversations_survive_a_replica_killed_mid_run(cluster: Cluster) -> None:
    letter = dt.date.today() - dt.timedelta(days=20)
    expected = deadlines.say(deadlines.sen_appeal(letter).date)
    turns = [
        ("how do I contact SENDIASS in Hull", "Kingston upon Hull"),
        ("how long have i got to appeal?", "date"),
        (letter.strftime("%d/%m/%y"), "mediation certificate"),
        # -- replica 2 is killed here --
        ("no", f"by 5pm on {expected}"),
        ("how do i contact sendiass", "Kingston upon Hull"),
    ]
    senders = [f"scale-{i}-{uuid.uuid4().hex[:6]}" for i in range(8)]
    before_kill = threading.Barrier(len(senders) + 1)
    after_kill = threading.Barrier(len(senders) + 1)
    served: dict[str, list[int]] = {s: [] for s in senders}

    def converse(index: int, sender: str) -> None:
        for number, (message, expected_text) in enumerate(turns):
            if number == 3:
                before_kill.wait(timeout=120)
                after_kill.wait(timeout=120)
            reply, replica = say_with_failover(cluster, (index + number) % 2, sender, message)
            served[sender].append(replica)
            assert expected_text in reply, (sender, message, reply)

    with ThreadPoolExecutor(len(senders)) as pool:
        futures = [pool.submit(converse, i, s) for i, s in enumerate(senders)]
        before_kill.wait(timeout=180)
        cluster.processes[2].send_signal(signal.SIGKILL)
        cluster.processes[2].wait(timeout=10)
        after_kill.wait(timeout=10)
        for future in futures:
            future.result(timeout=180)

    for sender in senders:
        assert set(served[sender][:3]) == {0, 1}  # both replicas served each conversation
        assert served[sender][3:] == [0, 0]  # then the survivor
        tracker = cluster.tracker(sender)
        slots = tracker["slots"]
        assert slots["area_gss"] == "E06000010" and slots["area_name"] == "Kingston upon Hull"
        assert slots["deadline_date"] == deadlines.sen_appeal(letter).date.isoformat()
        assert slots["deadline_kind"] == deadlines.sen_appeal(letter).kind
        # The letter date given on one replica was there for the answer computed on the other.
        assert {"event": "slot", "name": "letter_date", "value": letter.isoformat()}.items() <= next(
            e for e in tracker["events"] if e.get("name") == "letter_date" and e.get("value")).items()
        user_turns = [e for e in tracker["events"] if e["event"] == "user"]
        assert len(user_turns) == len(turns), [e.get("text") for e in user_turns]  # none lost, none doubled


def test_the_same_conversation_on_both_replicas_at_once_is_serialised(cluster: Cluster) -> None:
    """The Redis lock store makes two replicas take turns on one conversation."""
    sender = f"race-{uuid.uuid4().hex[:6]}"
    alive = [i for i, p in enumerate(cluster.processes[1:]) if p.poll() is None]
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda n: say(cluster.replicas[alive[n % len(alive)]], sender, f"what is a senco {n}"),
                      range(4)))
    events = cluster.tracker(sender, alive[0])["events"]
    kinds = [e["event"] for e in events if e["event"] in ("user", "bot")]
    assert kinds.count("user") == 4
    # Each user turn is followed by its own answer before the next user turn starts.
    assert "user,user" not in ",".join(kinds)


class Proxy:
    """A TCP proxy to PostgreSQL that the test can cut and restore, to simulate a database outage."""

    def __init__(self, target_port: int) -> None:
        self.port = free_port()
        self.target_port = target_port
        self.loop = asyncio.new_event_loop()
        self.server: asyncio.base_events.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self.writers |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _start(self) -> None:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)

    async def _stop(self) -> None:
        assert self.server
        self.server.close()
        await self.server.wait_closed()
        for writer in self.writers:
            writer.close()
        self.writers.clear()

    def start(self) -> None:
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(10)


def test_database_outage_gets_useful_answers_and_recovers(cluster: Cluster) -> None:
    """The connection to PostgreSQL is cut (the proxy every server goes through stops): answers that need no
    database still come, a contact look-up says it can't and gives the national services, and when the
    database comes back everything works again without a restart."""
    base = cluster.replicas[0]  # the replica the kill test leaves running
    sender = f"outage-{uuid.uuid4().hex[:6]}"

    def text(message: str, who: str = sender) -> str:
        return "\n".join(r.get("text") or "" for r in say(base, who, message))

    assert "Kingston upon Hull" in text("sendiass in hull")
    cluster.proxy.stop()  # the database goes away
    try:
        started = time.monotonic()
        assert "co-ordinator" in text("what does a senco do")  # answers needing no database still work
        reply = text("how do I contact SENDIASS in Birmingham")
        assert "can't look that up right now" in reply and "IPSEA" in reply
        assert time.monotonic() - started < 30
    finally:
        cluster.proxy.start()  # ...and comes back: no restart
    time.sleep(1)
    assert "Birmingham" in text("how do I contact SENDIASS in Birmingham", f"after-{uuid.uuid4().hex[:6]}")
    assert "Kingston upon Hull" in text("how do i contact sendiass")  # the conversation from before


def test_replicas_starting_at_once_all_get_the_event_indexes(database: str) -> None:
    """Each replica's tracker store makes the events indexes as it starts; PostgreSQL lets all but one of
    several CREATE INDEX IF NOT EXISTS at once fail with a unique violation, which had stopped a replica."""
    from bot.store import retention

    engine = sa.create_engine(database)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE IF NOT EXISTS events (id serial PRIMARY KEY, sender_id text, "
                                   "type_name text, intent_name text, timestamp float)"))
    failures: list[str] = []

    def start() -> None:
        replica = sa.create_engine(database)
        try:
            retention.ensure_event_indexes(replica)
        except Exception as error:  # what stopped a replica
            failures.append(repr(error))
        finally:
            replica.dispose()

    for _ in range(3):
        with engine.begin() as connection:
            for name in retention.EVENT_INDEXES:
                connection.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
        with ThreadPoolExecutor(6) as pool:
            list(pool.map(lambda _: start(), range(6)))
    with engine.connect() as connection:
        made = {index["name"] for index in sa.inspect(connection).get_indexes("events")}
    engine.dispose()
    assert failures == [] and set(retention.EVENT_INDEXES) <= made
