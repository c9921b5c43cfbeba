"""The security probe's assistant (`make security`): the real servers started as `make run` starts them
(bot.web.runner, tests/support/running_bot.py) with every channel on — REST, socket.io (SEND_SOCKETIO=1), Telegram
and Twilio against a fake provider API on loopback — and both databases (conversations and enquiries) in one
folder of their own, so the probe can read every byte the servers stored, and everything they logged."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tests.support.channels import channels_env, start_fake_providers
from tests.support.running_bot import RunningBot, start_bot, stop_bot


@dataclass
class Probe:
    bot: RunningBot
    folder: Path  # the conversation store (tracker.db) and the enquiries database (send.db), with their -wal

    @property
    def tracker_db(self) -> Path:
        return self.folder / "tracker.db"

    @property
    def send_db(self) -> Path:
        return self.folder / "send.db"

    def database_files(self) -> list[Path]:
        """Every file the databases are made of: tracker.db, send.db and their -wal and -shm."""
        return sorted(path for path in self.folder.iterdir() if path.name.startswith(("tracker.db", "send.db")))

    def stored_texts(self, sender: str) -> list[str]:
        """The events the conversation store holds for one conversation (JSON, as stored)."""
        with sqlite3.connect(self.tracker_db) as connection:
            return [row[0] for row in connection.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]

    def webhook_ids_stored(self) -> list[str]:
        """The webhook ids accepted (bot/store/webhook_ids.py), shared by every Rasa process through this file."""
        with sqlite3.connect(self.tracker_db) as connection:
            return [row[0] for row in connection.execute("SELECT key FROM send_webhook_ids")]

    def logged(self) -> str:
        """Everything the three servers and the runner wrote (stdout and stderr, every level they log at)."""
        return "".join(self.bot.output)


def start_probe(folder: Path, credentials_folder: Path) -> tuple[Probe, object]:
    """Start the assistant with its databases in `folder`. The caller points this process at the same enquiries
    database (SEND_DATABASE_URL), so staff accounts made by the tests and the web server share it."""
    fake = start_fake_providers()
    env = {**channels_env(fake, credentials_folder), "SEND_SOCKETIO": "1",
           "SEND_DATABASE_URL": f"sqlite:///{folder / 'send.db'}",
           "SEND_TRACKER_DB_URL": f"sqlite:///{folder / 'tracker.db'}"}
    return Probe(start_bot(env), folder), fake


def stop_probe(probe: Probe, fake: object) -> int:
    code = stop_bot(probe.bot.process)
    fake.shutdown()  # type: ignore[attr-defined]
    return code
