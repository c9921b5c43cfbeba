"""The classifier by meaning (rasa_addons/semantic_classifier.py): trained, saved and loaded as Rasa does,
with Rasa's output shapes, and a follow-up read with the message before it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_addons.conversation_context import PREVIOUS_TEXT
from rasa_addons.semantic_classifier import LexicalScorer, SemanticClassifier, label_documents, label_scores, softmax

EXAMPLES = {
    "school/part_time": ["is a part time timetable allowed", "school want him on reduced hours",
                         "they cut her school day to mornings only"],
    "school/transport": ["can he get free transport to school", "who pays for the taxi to school",
                         "the council said no to a bus pass"],
    "service/sendiass": ["what is sendiass", "who gives free advice about send", "independent advice for parents"],
    "greet": ["hello", "hi there", "good morning"],
    "find_contact": ["who can help me near me", "local advice service in my area", "find help where i live"],
}


def message(text: str, label: str) -> Message:
    intent, _, key = label.partition("/")
    data = {TEXT: text, INTENT: intent}
    if key:
        data[INTENT_RESPONSE_KEY] = label
    return Message(data=data)


def trained(path: Path, examples: dict[str, list[str]], **config: Any) -> SemanticClassifier:
    """Trained on `examples`, saved and loaded as Rasa does (with `config` over the defaults on loading)."""
    path.mkdir(parents=True, exist_ok=True)
    storage = LocalModelStorage(path)
    resource = Resource("semantic")
    context = ExecutionContext(node_name="semantic", graph_schema=None)
    defaults = SemanticClassifier.get_default_config()
    trainer = SemanticClassifier.create(defaults, storage, resource, context)
    trainer.train(TrainingData([message(text, label) for label, texts in examples.items() for text in texts]))
    return SemanticClassifier.load({**defaults, **config}, storage, resource, context)


@pytest.fixture(scope="module")
def classifier(tmp_path_factory: pytest.TempPathFactory) -> SemanticClassifier:
    return trained(tmp_path_factory.mktemp("model_storage"), EXAMPLES)


def parse(classifier: SemanticClassifier, text: str, previous: str | None = None) -> dict:
    msg = Message(data={TEXT: text, "metadata": {PREVIOUS_TEXT: previous} if previous else {}})
    classifier.process([msg])
    return msg.as_dict(only_output_properties=True)


def test_label_scores_average_each_labels_nearest_examples() -> None:
    similarities = np.array([0.9, 0.1, 0.7, 0.5, 0.3])
    labels = np.array([0, 0, 0, 1, 1])
    assert label_scores(similarities, labels, 3, 2).tolist() == pytest.approx([0.8, 0.4, -1.0])
    assert softmax(np.array([1.0, 0.0]), 20.0)[0] > 0.99


def test_the_lexical_score_weighs_rare_shared_wording_and_survives_typos() -> None:
    texts = ["extra time in exams", "access arrangements for gcses", "what is an ehcp", "ehcp meaning"]
    labels = ["school/exams", "school/exams", "ehc/what", "ehc/what"]
    names = sorted(set(labels))
    assert label_documents(texts, labels, names) == ["what is an ehcp ehcp meaning",
                                                     "extra time in exams access arrangements for gcses"]
    score = LexicalScorer(label_documents(texts, labels, names))
    exams, ehc = names.index("school/exams"), names.index("ehc/what")
    scores = score("does he need an ehcp to get extra time in his gcse's")
    assert scores[exams] > scores[ehc] > 0
    assert score("acces arangements")[exams] > 0.2  # misspelt, still shares most character n-grams
    assert score("zzzz qqqq").max() == 0


def test_shared_rare_wording_raises_the_answers_confidence(tmp_path) -> None:
    examples = {"school/exams": ["how does my child get access arrangements", "help in exams for dyslexia",
                                 "can she have a reader or a scribe in tests"],
                "ehc/what": ["what is an ehcp", "does my son need an ehcp", "what does an ehcp give you"]}

    def exams_confidence(weight: float) -> float:
        loaded = trained(tmp_path / str(weight), examples, lexical_weight=weight)
        ranking = parse(loaded, "does he need an ehcp to get access arrangements in his gcses")[
            "response_selector"]["default"]["ranking"]
        return next(row["confidence"] for row in ranking if row["intent_response_key"] == "school/exams")

    assert exams_confidence(0.5) > 2 * exams_confidence(0.0)


def test_a_new_phrasing_gets_the_answer_in_rasas_shapes_after_saving_and_loading(classifier) -> None:
    out = parse(classifier, "does the council have to pay for his transport to school?")
    assert out["intent"]["name"] == "school"
    assert out["intent_ranking"][0]["name"] == "school"
    selected = out["response_selector"]["default"]
    assert selected["response"]["intent_response_key"] == "school/transport"
    assert selected["response"]["utter_action"] == "utter_school/transport"
    assert selected["ranking"][0]["intent_response_key"] == "school/transport"
    assert sorted(out["response_selector"]["all_retrieval_intents"]) == ["school", "service"]
    assert sum(row["confidence"] for row in out["intent_ranking"]) == pytest.approx(1.0, abs=1e-6)


def test_a_non_faq_intent_is_the_intent(classifier) -> None:
    assert parse(classifier, "hiya")["intent"]["name"] == "greet"


def test_a_vague_follow_up_is_read_with_the_previous_message(classifier) -> None:
    def answer(previous: str) -> str:
        out = parse(classifier, "can they do that", previous=previous)
        return out["response_selector"]["default"]["response"]["intent_response_key"]

    assert answer("the council said no to a bus pass for my son") == "school/transport"
    assert answer("they have cut my son's school day to mornings only") == "school/part_time"


def test_a_clear_question_is_not_pulled_back_to_the_previous_topic(classifier) -> None:
    out = parse(classifier, "what is sendiass", previous="they cut her school day to mornings only")
    assert out["response_selector"]["default"]["response"]["intent_response_key"] == "service/sendiass"


def test_a_yes_to_the_bot_stays_a_yes(tmp_path) -> None:
    classifier = trained(tmp_path, {**EXAMPLES, "affirm": ["yes please", "yes do that", "ok go on then"]})
    assert parse(classifier, "yes please do that", previous="can he get free transport to school")[
        "intent"]["name"] == "affirm"


def test_nonsense_is_not_understood(classifier) -> None:
    out = parse(classifier, "flibber wob zzz")
    assert out["intent"]["confidence"] < 0.05
    assert out["response_selector"]["default"]["response"]["confidence"] < 0.05
    assert parse(classifier, "can he get free transport to school")["intent"]["confidence"] > 0.5


def test_a_previous_reply_lends_no_intent_of_its_own(tmp_path) -> None:
    classifier = trained(tmp_path, {**EXAMPLES, "inform_area": ["we live in kent", "we are in leeds", "im in hull"]})
    assert parse(classifier, "my son is two years behind", previous="we live in kent")["intent"]["name"] \
        != "inform_area"
