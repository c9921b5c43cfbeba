"""The gate on what parents read: every blind batch in tests/conversations/, against the real servers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conversations import evaluate
from tests.support.running_bot import ROOT, RunningBot, start_bot, stop_bot

GATE = yaml.safe_load((evaluate.HERE / "gate.yml").read_text(encoding="utf-8"))
MIN_WORDS = 4  # "yes", "no", "thanks", "hi": a few words are bound to appear in training data too


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]+", "", re.sub(r"\s+", " ", evaluate.normalise(text))).strip()


def training_examples() -> set[str]:
    examples: set[str] = set()
    for path in Path(ROOT / "data").rglob("*.yml"):
        if path.name == "generated_menu.yml":
            continue  # the menu buttons' own labels (a parent may type a button's words): the UI, not phrasings
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in str(item.get("examples") or "").splitlines():
                line = re.sub(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}", r"\1\2", line.strip()[2:])
                examples.add(_plain(line))
    return examples


def test_the_batches_are_well_formed() -> None:
    cases = evaluate.load_cases(evaluate.batch_files())
    assert len({case.id for case in cases}) == len(cases), "case ids must be unique"
    allowed = set(re.findall(r"`([a-z_]+)`", (evaluate.HERE / "FORMAT.md").read_text().split("Topic tags")[1]))
    assert {case.topic for case in cases} <= allowed
    assert all(case.turns and case.expect for case in cases)


def test_no_evaluation_message_is_in_the_training_data() -> None:
    training = training_examples()
    copied = sorted({turn for case in evaluate.load_cases(evaluate.batch_files()) for turn in case.turns
                     if len(turn.split()) >= MIN_WORDS and _plain(turn) in training})
    assert not copied, f"evaluation messages copied into data/: {copied}"


@pytest.fixture(scope="module")
def evaluation_bot() -> Iterator[RunningBot]:
    running = start_bot(evaluate.server_env())
    yield running
    stop_bot(running.process)


def test_parents_get_the_right_answer(evaluation_bot: RunningBot) -> None:
    results = evaluate.run_all(evaluate.load_cases(evaluate.batch_files()),
                               evaluate.rest_sender(evaluation_bot.rasa_url))
    text = evaluate.report(results)
    evaluate.write_results(results, text)
    print(text)
    summary = evaluate.summary(results)
    topics: dict[str, float] = summary["topics"]  # type: ignore[assignment]
    measured = {"overall": summary["overall"], **{t: topics.get(t, 100.0) for t in evaluate.STRICT_TOPICS}}
    below_floor = {name: (round(measured[name], 1), floor) for name, floor in GATE["floor"].items()
                   if measured[name] + 1e-9 < floor}
    short_of_target = {name: (round(measured[name], 1), goal) for name, goal in GATE["target"].items()
                       if measured[name] + 1e-9 < goal}
    print(f"\nShort of the target (measured, target): {short_of_target or 'none'}")
    assert not below_floor, f"a change made parents' answers worse (measured, floor): {below_floor}"
