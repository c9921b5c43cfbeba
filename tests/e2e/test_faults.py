"""A real Rasa server whose action server is down, or hangs: the parent still gets an answer, quickly."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.web.channels import active_credentials
from tests.e2e.conftest import ROOT, free_port

MODEL = ROOT / "models" / "send-guide.tar.gz"


class SlowHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        time.sleep(30)  # longer than the assistant's limit

    def log_message(self, *_args: object) -> None:
        pass


def start_rasa(action_url: str, tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    endpoints = tmp / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "{action_url}"\ntracker_store:\n  type: SQL\n  dialect: sqlite\n'
        f'  db: "{tmp}/tracker.db"\n'
    )
    credentials = tmp / "credentials.yml"
    active_credentials(ROOT / "credentials.yml", credentials)
    port = free_port()
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "SEND_ACTION_TIMEOUT": "3"}
    process = subprocess.Popen(
        [sys.executable, "-m", "rasa", "run", "--model", str(MODEL), "--port", str(port),
         "--endpoints", str(endpoints), "--credentials", str(credentials)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("Rasa did not start")


def say(url: str, message: str, sender: str) -> tuple[list[dict], float]:
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(url + "/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response), time.monotonic() - started


class ActionServerStandIn:
    """The action server's address, either hanging (a server that never answers in time) or down (nothing
    listening). One Rasa server is started for both faults: each test sets the one it needs."""

    def __init__(self) -> None:
        self.port = free_port()
        self.server: http.server.ThreadingHTTPServer | None = None

    def hang(self) -> None:
        if self.server is None:
            self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), SlowHandler)
            self.server.daemon_threads = True
            threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, ActionServerStandIn]]:
    actions = ActionServerStandIn()
    process, url = start_rasa(f"http://127.0.0.1:{actions.port}/webhook", tmp_path_factory.mktemp("faults"))
    yield url, actions
    process.terminate()
    process.wait(timeout=30)
    actions.down()


@pytest.fixture()
def rasa_without_actions(faulty: tuple[str, ActionServerStandIn]) -> str:
    faulty[1].down()
    return faulty[0]


@pytest.fixture()
def rasa_with_hanging_actions(faulty: tuple[str, ActionServerStandIn]) -> str:
    faulty[1].hang()
    return faulty[0]


def test_action_server_down_still_answers(rasa_without_actions: str) -> None:
    replies, seconds = say(rasa_without_actions, "how do I contact SENDIASS in Hull", str(uuid.uuid4()))
    text = " ".join(r.get("text", "") for r in replies)
    assert "can't look that up right now" in text
    assert "IPSEA" in text and seconds < 10


def test_answers_that_need_no_action_server_still_work(rasa_without_actions: str) -> None:
    replies, _ = say(rasa_without_actions, "what does a senco do", str(uuid.uuid4()))
    assert "co-ordinator" in replies[0]["text"]


def test_hanging_action_server_answers_within_seconds(rasa_with_hanging_actions: str) -> None:
    replies, seconds = say(rasa_with_hanging_actions, "IPSEA's number", str(uuid.uuid4()))
    text = " ".join(r.get("text", "") for r in replies)
    assert "can't look that up right now" in text
    assert seconds < 10
