"""One assistant for the whole security probe (tests/security/probe.py), started once per session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.security.probe import Probe, start_probe, stop_probe
from tests.support.running_bot import RunningBot
from tests.support.staff_web import own_database


@pytest.fixture(scope="session")
def probe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Probe]:
    folder = tmp_path_factory.mktemp("probe-databases")
    with own_database({"SEND_DATABASE_URL": f"sqlite:///{folder / 'send.db'}"}):
        running, fake = start_probe(folder, tmp_path_factory.mktemp("probe-credentials"))
        yield running
        assert stop_probe(running, fake) == 0, "the runner did not stop cleanly on Ctrl-C"


@pytest.fixture(scope="session")
def bot(probe: Probe) -> RunningBot:
    """The probe's assistant, for the checks that only need to talk to it."""
    return probe.bot
