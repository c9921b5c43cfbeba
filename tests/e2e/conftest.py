"""The whole assistant, started once per test session (tests/support/running_bot.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.running_bot import ROOT, Conversation, RunningBot, free_port, start_bot, stop_bot

__all__ = ["ROOT", "Conversation", "RunningBot", "free_port", "start_bot", "stop_bot"]


@pytest.fixture(scope="session")
def bot() -> Iterator[RunningBot]:
    running = start_bot()
    yield running
    assert stop_bot(running.process) == 0, "the runner did not stop cleanly on Ctrl-C"
