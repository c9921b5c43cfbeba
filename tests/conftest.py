"""Shared test set-up: tests never touch the developer's own database (var/)."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
os.environ["RASA_TELEMETRY_ENABLED"] = "false"  # no telemetry or Sentry reports from the servers tests start
_TMP = tempfile.mkdtemp(prefix="send-tests-")
os.environ.setdefault("SEND_DATABASE_URL", f"sqlite:///{_TMP}/send.db")
os.environ.setdefault("SEND_TRACKER_DB_URL", f"sqlite:///{_TMP}/tracker.db")

from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402

from bot import settings  # noqa: E402 (after the variables above are set; it reads none at import)


class _MonkeyPatch(pytest.MonkeyPatch):
    """pytest's monkeypatch, and a variable set or removed is seen by bot.settings.current() (which otherwise
    reads the environment once per process)."""

    def setenv(self, name: str, value: str, prepend: str | None = None) -> None:
        super().setenv(name, value, prepend)
        settings.reset()

    def delenv(self, name: str, raising: bool = True) -> None:
        super().delenv(name, raising)
        settings.reset()


@pytest.fixture()
def monkeypatch() -> Iterator[pytest.MonkeyPatch]:
    patch = _MonkeyPatch()
    yield patch
    patch.undo()
    settings.reset()


@pytest.fixture(autouse=True)
def _settings_from_this_environment() -> Iterator[None]:
    """Each test starts and ends with the settings of the environment as it is then."""
    settings.reset()
    yield
    settings.reset()
