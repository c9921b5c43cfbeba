"""Measure the trained model on the held-out messages (tests/nlu/heldout.yml), never used in training.

A prediction is right when the intent and, for FAQ topics, the chosen answer both match (or the answer
is listed as answering the same question in knowledge/equivalent_answers.yml). A
clarifying question (nlu_fallback) is not right, but it is not a confident wrong answer either.
Run on its own for a per-topic report: .venv/bin/python -m tools.nlu_evaluate
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# heldout.yml: the first set; heldout_fresh.yml: written later, blind, after the first had guided training data.
HELDOUT_FILES = sorted((ROOT / "tests" / "nlu").glob("heldout*.yml"))
MODEL = ROOT / "models" / "send-guide.tar.gz"


@dataclass
class Report:
    total: int = 0
    correct: int = 0
    fallback: int = 0
    wrong: list[tuple[str, str, str, float]] = field(default_factory=list)
    fallbacks: list[tuple[str, str]] = field(default_factory=list)
    by_topic: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def confident_wrong_rate(self) -> float:
        return len(self.wrong) / self.total if self.total else 0.0


def heldout_examples(path: Path | None = None) -> list[tuple[str, str]]:
    """(intent, text) pairs from one held-out file, or from all of them."""
    if path is None:
        return [pair for each in HELDOUT_FILES for pair in heldout_examples(each)]
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in doc["nlu"]:
        for line in block["examples"].splitlines():
            text = line.strip().removeprefix("- ").strip()
            if text:
                pairs.append((block["intent"], text))
    return pairs


def offers_the_calculation(expected: str, predicted: str) -> bool:
    """A deadline question answered with the rule and an offer to work out the date is answered: the
    parent's next message naming a date starts that same calculation (action_deadline)."""
    from bot.domain import knowledge
    from bot.domain.deadline_kinds import INTENT_FOR_KIND, kind_for_answer

    answer = knowledge.get().answers.get(predicted)
    kind = kind_for_answer(predicted)
    return bool(kind and answer and INTENT_FOR_KIND[kind] == expected and "work out" in answer.text)


def full_intent(parse: dict) -> tuple[str, float]:
    intent = parse["intent"]["name"]
    confidence = float(parse["intent"].get("confidence") or 0.0)
    selector = (parse.get("response_selector") or {})
    if intent in selector.get("all_retrieval_intents", []):
        chosen = selector.get(intent) or selector.get("default") or {}
        response = chosen.get("response", {})
        return response.get("intent_response_key") or intent, float(response.get("confidence") or 0.0)
    return intent, confidence


async def _evaluate(pairs: list[tuple[str, str]]) -> Report:
    from rasa.core.agent import Agent

    from bot.domain import knowledge

    agent = Agent.load(str(MODEL))
    same = knowledge.get().same_answer
    report = Report()
    for expected, text in pairs:
        parse = await agent.parse_message(text)
        predicted, confidence = full_intent(parse)
        topic = expected.split("/")[0]
        report.total += 1
        report.by_topic[topic]["total"] += 1
        # equal, or answers the same question (knowledge/equivalent_answers.yml), or a deadline rule
        # with the offer to work it out
        if same(expected, predicted) or offers_the_calculation(expected, predicted):
            report.correct += 1
            report.by_topic[topic]["correct"] += 1
        elif predicted == "nlu_fallback":
            report.fallback += 1
            report.fallbacks.append((text, expected))
            report.by_topic[topic]["fallback"] += 1
        else:
            report.wrong.append((text, expected, predicted, confidence))
            report.by_topic[topic]["wrong"] += 1
    return report


def evaluate(pairs: list[tuple[str, str]] | None = None) -> Report:
    os.chdir(ROOT)  # the model's spaCy pipeline path is relative to the project
    return asyncio.run(_evaluate(pairs or heldout_examples()))


def main() -> int:
    if len(HELDOUT_FILES) > 1:
        for path in HELDOUT_FILES:
            part = evaluate(heldout_examples(path))
            print(f"{path.name}: {part.accuracy:.1%} of {part.total}, "
                  f"confident wrong {part.confident_wrong_rate:.1%}")
    report = evaluate()
    print(f"held-out messages: {report.total}")
    print(f"accuracy: {report.accuracy:.1%}   clarifying questions: {report.fallback}   "
          f"confident wrong answers: {len(report.wrong)} ({report.confident_wrong_rate:.1%})")
    for topic, counts in sorted(report.by_topic.items()):
        print(f"  {topic:12} {counts['correct']:3}/{counts['total']:3}  "
              f"fallback {counts['fallback']:2}  wrong {counts['wrong']:2}")
    if "-v" in sys.argv:
        for text, expected, predicted, confidence in report.wrong:
            print(f"WRONG {text!r}: expected {expected}, got {predicted} ({confidence:.2f})")
        for text, expected in report.fallbacks:
            print(f"ASKED {text!r}: expected {expected}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
