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


@pytest.fixture(scope="module")
def rasa_without_actions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, url = start_rasa(f"http://127.0.0.1:{free_port()}/webhook", tmp_path_factory.mktemp("down"))
    yield url
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def rasa_with_hanging_actions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    process, url = start_rasa(f"http://127.0.0.1:{server.server_address[1]}/webhook",
                              tmp_path_factory.mktemp("slow"))
    yield url
    process.terminate()
    process.wait(timeout=30)
    server.shutdown()


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
