"""Intent accuracy on held-out messages, and a preference for asking over answering wrongly.

A diagnostic since session 11, not the gate: the gate is what parents read at the end of a conversation
(tests/conversations, issue "Right answer, first time"). This set said 95.7% while blind conversations got a right
answer about one time in five; in session 11 the conversations went from 19.3% to 51.7% while this set fell to
74.7%. In session 12 the classifier by meaning (rasa_addons/semantic_classifier.py) took this set to 90.4% and
the conversations to 70.0%. The bars below are that measurement less 3 points, so it cannot quietly get worse;
the project's old 92% / 5% is not met (README "NLU numbers").
"""

from __future__ import annotations

import glob

import pytest
import yaml

from tools.nlu_evaluate import MODEL, ROOT, evaluate, heldout_examples

ACCURACY_BAR = 0.927  # measured 95.7% on 2026-11-23 (session 13: meaning plus shared wording), less 3 points
CONFIDENT_WRONG_BAR = 0.052  # measured 2.2%, plus 3 points


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
    training = training_texts()  # read once: per message it took 4.7 minutes of every `make test`
    overlap = [text for _, text in pairs if text.lower() in training]
    assert not overlap, f"held-out messages copied into training data: {overlap}"


@pytest.mark.skipif(not MODEL.exists(), reason="no trained model: run `make setup`")
def test_heldout_accuracy_and_confident_mistakes() -> None:
    report = evaluate()
    wrong = "\n".join(f"  {t!r}: expected {e}, got {p} ({c:.2f})" for t, e, p, c in report.wrong)
    assert report.accuracy >= ACCURACY_BAR, f"accuracy {report.accuracy:.1%}; wrong:\n{wrong}"
    assert report.confident_wrong_rate <= CONFIDENT_WRONG_BAR, f"confident wrong answers:\n{wrong}"
