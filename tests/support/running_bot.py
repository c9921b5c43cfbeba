"""Start the whole assistant as `make run` does (bot.web.runner), on free ports: shared by the end-to-end tests,
the conversation evaluation and the benchmark."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningBot:
    rasa_url: str
    web_url: str
    actions_url: str
    process: subprocess.Popen[str]
    output: deque[str] = field(default_factory=lambda: deque(maxlen=20000))  # what the servers logged

    def say(self, message: str, sender: str | None = None, timeout: float = 30) -> list[dict]:
        body = json.dumps({"sender": sender or str(uuid.uuid4()), "message": message}).encode()
        request = urllib.request.Request(f"{self.rasa_url}/webhooks/rest/webhook", body,
                                         {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response)

    def conversation(self) -> Conversation:
        return Conversation(self, str(uuid.uuid4()))


@dataclass
class Conversation:
    bot: RunningBot
    sender: str

    def say(self, message: str) -> str:
        """Send a message; return all reply texts joined (buttons' titles appended)."""
        parts = []
        for reply in self.bot.say(message, self.sender):
            parts.append(reply.get("text") or "")
            parts.extend(f"[{b['title']}]" for b in reply.get("buttons", []))
        return "\n".join(parts)


def start_bot(extra_env: dict[str, str] | None = None) -> RunningBot:
    ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "WEB_PORT": free_port()}
    env = {**os.environ, **{k: str(v) for k, v in ports.items()}, **(extra_env or {})}
    process = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + 300
    seen: list[str] = []
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            raise RuntimeError("bot stopped while starting:\n" + "".join(seen[-40:]))
        seen.append(line)
        if "Press Ctrl-C to stop." in line:
            break
    else:
        stop_bot(process)
        raise RuntimeError("bot did not start in time:\n" + "".join(seen[-40:]))
    running = RunningBot(f"http://127.0.0.1:{ports['RASA_PORT']}", f"http://127.0.0.1:{ports['WEB_PORT']}",
                         f"http://127.0.0.1:{ports['ACTIONS_PORT']}", process)
    running.output.extend(seen)
    # Keep draining output (so the servers never block on a full pipe), and keep it for the log checks.
    threading.Thread(target=lambda: running.output.extend(process.stdout), daemon=True).start()  # type: ignore[arg-type]
    return running


def stop_bot(process: subprocess.Popen[str]) -> int:
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return -9
