"""Webhook ids accepted (bot/store/webhook_ids.py): a repeat is refused within the window, by every process that
shares the conversation store's database, after a restart too; through a database outage each process remembers
on its own."""

from __future__ import annotations

from pathlib import Path

from bot.store.webhook_ids import SeenRecently


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_repeat_within_the_window_is_refused_and_a_new_id_is_not(tmp_path: Path) -> None:
    clock = Clock()
    seen = SeenRecently(window=60, url=f"sqlite:///{tmp_path / 'tracker.db'}", clock=clock)
    assert seen.first_time("twilio:SM1")
    clock.now += 59
    assert not seen.first_time("twilio:SM1")
    assert seen.first_time("twilio:SM2")


def test_ids_are_forgotten_after_the_window(tmp_path: Path) -> None:
    clock = Clock()
    seen = SeenRecently(window=60, url=f"sqlite:///{tmp_path / 'tracker.db'}", clock=clock)
    seen.first_time("twilio:SM1")
    clock.now += 61
    assert seen.first_time("twilio:SM1")  # remembered again, from now
    assert not seen.first_time("twilio:SM1")


def test_another_process_and_a_restart_refuse_what_one_accepted(tmp_path: Path) -> None:
    """Two replicas (or one before and after a restart) are two of these on the same database."""
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    clock = Clock()
    assert SeenRecently(window=3600, url=url, clock=clock).first_time("telegram:7")
    assert not SeenRecently(window=3600, url=url, clock=clock).first_time("telegram:7")
    assert SeenRecently(window=3600, url=url, clock=clock).first_time("twilio:7")  # each channel its own ids


def test_without_the_database_each_process_still_refuses_its_own_repeats(tmp_path: Path) -> None:
    seen = SeenRecently(window=60, url=f"sqlite:///{tmp_path / 'missing' / 'tracker.db'}", clock=Clock())
    assert seen.first_time("twilio:SM1")
    assert not seen.first_time("twilio:SM1")
    assert seen.first_time("twilio:SM2")
