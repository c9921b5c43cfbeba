"""The whole assistant, started once per test session (tests/support/running_bot.py), as a council runs it with
the messaging apps on: Telegram and Twilio point at a fake provider API on loopback (tests/support/channels.py),
so the channel tests share this one server instead of starting their own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.channels import channels_env, start_fake_providers
from tests.support.running_bot import ROOT, Conversation, RunningBot, free_port, start_bot, stop_bot

__all__ = ["ROOT", "Conversation", "RunningBot", "free_port", "start_bot", "stop_bot"]


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    fake = start_fake_providers()
    running = start_bot(channels_env(fake, Path(tmp_path_factory.mktemp("channels"))))
    yield running
    assert stop_bot(running.process) == 0, "the runner did not stop cleanly on Ctrl-C"
    fake.shutdown()
