"""Remembering accepted webhook ids (bot/web/replay.py): a repeat is refused within the window, memory is bounded."""

from __future__ import annotations

from bot.web.replay import SeenRecently


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_repeat_within_the_window_is_refused_and_a_new_id_is_not() -> None:
    clock = Clock()
    seen = SeenRecently(window=60, limit=100, clock=clock)
    assert seen.first_time("SM1")
    clock.now += 59
    assert not seen.first_time("SM1")
    assert seen.first_time("SM2")


def test_ids_are_forgotten_after_the_window() -> None:
    clock = Clock()
    seen = SeenRecently(window=60, limit=100, clock=clock)
    seen.first_time("SM1")
    clock.now += 61
    assert seen.first_time("SM1")  # remembered again, from now
    assert not seen.first_time("SM1")


def test_memory_is_bounded_oldest_first() -> None:
    seen = SeenRecently(window=3600, limit=3, clock=Clock())
    for sid in ("a", "b", "c", "d"):
        assert seen.first_time(sid)
    assert len(seen) == 3
    assert not seen.first_time("d") and not seen.first_time("b")
    assert seen.first_time("a")  # the oldest was forgotten to make room


def test_a_repeat_at_the_limit_does_not_push_itself_out() -> None:
    seen = SeenRecently(window=3600, limit=2, clock=Clock())
    seen.first_time("a")
    seen.first_time("b")
    assert not seen.first_time("a")
    assert not seen.first_time("a")
