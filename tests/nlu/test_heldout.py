"""Intent accuracy on held-out messages, and a preference for asking over answering wrongly."""

from __future__ import annotations

import glob

import pytest
import yaml

from tests.nlu.evaluate import MODEL, ROOT, evaluate, heldout_examples

ACCURACY_BAR = 0.92
CONFIDENT_WRONG_BAR = 0.05


def training_texts() -> set[str]:
    texts = set()
    for path in glob.glob(str(ROOT / "data" / "nlu" / "*.yml")):
        for block in yaml.safe_load(open(path, encoding="utf-8"))["nlu"]:
            texts.update(line.strip()[2:].strip().lower() for line in block["examples"].splitlines())
    return texts


def test_heldout_set_is_big_broad_and_separate_from_training() -> None:
    pairs = heldout_examples()
    assert len(pairs) >= 300
    topics = {intent.split("/")[0] for intent, _ in pairs}
    assert {"role", "graduated", "ehc", "rights", "partnership", "meetings", "service", "unhappy",
            "funding", "adulthood", "glossary", "safeguarding"} <= topics
    overlap = [text for _, text in pairs if text.lower() in training_texts()]
    assert not overlap, f"held-out messages copied into training data: {overlap}"


@pytest.mark.skipif(not MODEL.exists(), reason="no trained model: run `make setup`")
def test_heldout_accuracy_and_confident_mistakes() -> None:
    report = evaluate()
    wrong = "\n".join(f"  {t!r}: expected {e}, got {p} ({c:.2f})" for t, e, p, c in report.wrong)
    assert report.accuracy >= ACCURACY_BAR, f"accuracy {report.accuracy:.1%}; wrong:\n{wrong}"
    assert report.confident_wrong_rate <= CONFIDENT_WRONG_BAR, f"confident wrong answers:\n{wrong}"
