"""`make run`: start the action server, the Rasa server and the web server; wait until all are
healthy; print the URLs; stop them all cleanly on Ctrl-C (or when any of them dies).

The action server only answers requests carrying a shared secret (bot.web.action_server): SEND_ACTIONS_TOKEN if
set, else a new random one for each run, given to the action server in its environment and to the Rasa
server in the endpoints file written here (build/endpoints.<port>.yml, readable by this user only)."""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bot import settings
from bot.settings import BUILD_DIR, ROOT

MODEL = ROOT / "models" / "send-guide.tar.gz"
TF_THREAD_SETTINGS = ("TF_INTRA_OP_PARALLELISM_THREADS", "TF_INTER_OP_PARALLELISM_THREADS")


@dataclass
class Server:
    name: str
    command: list[str]
    health_url: str
    env: dict[str, str] | None = None  # added to the environment of this server only
    process: subprocess.Popen[bytes] | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def is_rasa_server(cmdline: str) -> bool:
    """A Rasa server's command line (ours, `-m rasa_addons.server run`, or a stock `-m rasa run`), or one of
    its forked workers'."""
    return any(f"-m {module} run" in cmdline for module in ("rasa_addons.server", "rasa"))


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback only)
            return response.status == 200
    except OSError:
        return False


def actions_token() -> str:
    """The action server's shared secret: SEND_ACTIONS_TOKEN, or a new random one."""
    from bot.web.action_server import TOKEN_ENV, valid_token

    token = settings.current().actions_token or secrets.token_urlsafe(32)
    if not valid_token(token):
        raise ValueError(f"{TOKEN_ENV} must be 24-200 letters, digits, '-' or '_'")
    return token


def endpoints_file(actions_port: int, token: str | None = None) -> Path:
    """endpoints.yml, with the action server URL moved if it is not on the default port, and the action
    server's shared secret (sent as `Authorization: Bearer ...` with every action call) if given."""
    source = ROOT / "endpoints.yml"
    if actions_port == 5055 and token is None:
        return source
    text = source.read_text(encoding="utf-8").replace("127.0.0.1:5055", f"127.0.0.1:{actions_port}")
    if token is not None:
        text, count = re.subn(r"(?m)^(action_endpoint:\n(?:[ \t]*#.*\n)*[ \t]+url: .*\n)",
                              lambda m: m.group(1) + f'  headers:\n    Authorization: "Bearer {token}"\n', text)
        if count != 1:
            raise ValueError("endpoints.yml: expected `action_endpoint:` followed by its `url:`")
    BUILD_DIR.mkdir(exist_ok=True)
    target = BUILD_DIR / f"endpoints.{actions_port}.yml"
    target.unlink(missing_ok=True)
    with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as out:
        out.write(text)  # the secret is readable by this user only
    return target


def servers(rasa_port: int, actions_port: int, web_port: int, secret: str | None = None) -> list[Server]:
    from bot.web.action_server import TOKEN_ENV
    from bot.web.channels import active_credentials

    secret = secret or actions_token()  # the action server's shared secret
    config = settings.current()

    py = sys.executable
    credentials = BUILD_DIR / f"credentials.{rasa_port}.yml"
    channels = active_credentials(config.credentials_file, credentials)
    print("Channels: " + ", ".join(c.rsplit(".", 1)[-1] for c in channels), flush=True)
    origins = [f"http://localhost:{web_port}", f"http://127.0.0.1:{web_port}"]
    origins += config.cors_origins
    # Rasa's HTTP API (trackers, model, ...) stays off unless a token is set to guard it.
    token = config.rasa_api_token
    api = ["--enable-api", "--auth-token", token] if token else []
    return [
        Server(
            "action server",
            [py, "-m", "bot.web.action_server", "--actions", "actions", "--port", str(actions_port)],
            f"http://127.0.0.1:{actions_port}/health",
            # Only the Rasa server needs the action server: listen on loopback unless told otherwise, and
            # answer only requests with the shared secret.
            env={"SANIC_HOST": config.actions_host, TOKEN_ENV: secret},
        ),
        Server(
            "Rasa server",
            # `rasa run` that keeps its version and the text of mistyped payloads to itself (rasa_addons/server.py).
            [py, "-m", "rasa_addons.server", "run", "--model", str(MODEL), "--port", str(rasa_port),
             # Loopback unless a deployment opens it (SEND_RASA_INTERFACE=0.0.0.0 behind its proxy).
             "--interface", config.rasa_interface,
             "--credentials", str(credentials),
             "--endpoints", str(endpoints_file(actions_port, secret)), "--cors", *origins, *api],
            f"http://127.0.0.1:{rasa_port}/",
            # One TensorFlow thread per op: the models are small, so extra threads only contend with the
            # action server for the cores (+10-19% throughput at 20 conversations, docs/benchmark.md).
            # TensorFlow's own variables, so read here (bot/settings.py lists them as OTHER_VARIABLES).
            env={name: os.environ.get(name, "1") for name in TF_THREAD_SETTINGS},
        ),
        Server(
            "web server",
            [py, "-m", "bot", "web", "--port", str(web_port)],
            f"http://127.0.0.1:{web_port}/healthz",
        ),
    ]


def stop(running: list[Server]) -> None:
    for server in running:
        if server.process and server.process.poll() is None:
            server.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for server in running:
        if not server.process:
            continue
        try:
            server.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def run(web_port: int = 0) -> int:
    if not MODEL.exists():
        print(f"No trained model at {MODEL}. Run `make run` (it trains one).", file=sys.stderr)
        return 1
    from bot.store import loader

    config = settings.current()  # every setting checked before anything starts
    try:
        counts = loader.load_all()  # migrate and (re)load knowledge/: idempotent, about a second
        print("Knowledge loaded: " + ", ".join(f"{k}={v}" for k, v in counts.items()), flush=True)
    except Exception as error:  # a bad deployment file must be fixed before starting
        print(f"Could not load knowledge/: {error}", file=sys.stderr)
        return 1
    rasa_port, actions_port = config.rasa_port, config.actions_port
    web_port = web_port or config.web_port or free_port()
    # The servers get this process's environment (they read their settings from it) and the Rasa address.
    # Rasa's telemetry and its error reports to Sentry are off: nothing leaves the machine but the channels.
    env = {**os.environ, "SEND_BOT_URL": config.bot_address, "RASA_TELEMETRY_ENABLED": "false",
           "TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    group = servers(rasa_port, actions_port, web_port)
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    timeout = config.start_timeout
    started = time.monotonic()
    try:
        for server in group:
            server.process = subprocess.Popen(server.command, cwd=ROOT, env={**env, **(server.env or {})})
        pending = list(group)
        while pending and not stopping:
            for server in list(pending):
                if server.process and server.process.poll() is not None:
                    print(f"The {server.name} stopped while starting (exit {server.process.returncode}).",
                          file=sys.stderr)
                    return 1
                if healthy(server.health_url):
                    pending.remove(server)
            if time.monotonic() - started > timeout:
                names = ", ".join(s.name for s in pending)
                print(f"Timed out after {timeout:.0f}s waiting for: {names}", file=sys.stderr)
                return 1
            time.sleep(0.5)
        if stopping:
            return 0
        print(
            f"\nSEND parent guide is running (ready in {time.monotonic() - started:.0f}s):\n"
            f"  Demo page with the web chat:  http://localhost:{web_port}/\n"
            f"  Rasa REST channel:            http://localhost:{rasa_port}/webhooks/rest/webhook\n"
            f"  Action server:                http://localhost:{actions_port}/health\n"
            "Press Ctrl-C to stop.\n",
            flush=True,
        )
        while not stopping:
            for server in group:
                if server.process and server.process.poll() is not None:
                    print(f"The {server.name} stopped (exit {server.process.returncode}); "
                          "stopping the others.", file=sys.stderr)
                    return 1
            time.sleep(0.5)
        return 0
    finally:
        stop(group)
        print("Stopped.", flush=True)
