"""The MiniLM dense featurizer: 384-dim unit sentence features from the packaged weights, no network."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import ACTION_NAME, FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_addons.dense_featurizer import EMBEDDING_DIM, MiniLMFeaturizer, packaged_model_zip


@pytest.fixture(scope="module")
def featurizer(tmp_path_factory: pytest.TempPathFactory) -> MiniLMFeaturizer:
    storage = LocalModelStorage(tmp_path_factory.mktemp("model_storage"))
    return MiniLMFeaturizer.create(
        {**MiniLMFeaturizer.get_default_config(), "max_length": 64},
        storage,
        Resource("minilm"),
        ExecutionContext(node_name="minilm_featurizer", graph_schema=None),
    )


def sentence_vector(message: Message) -> np.ndarray:
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is None  # sentence-level only
    assert sentence is not None
    assert sentence.type == FEATURE_TYPE_SENTENCE
    return sentence.features


def featurize(featurizer: MiniLMFeaturizer, *texts: str) -> list[np.ndarray]:
    messages = [Message(data={TEXT: text}) for text in texts]
    featurizer.process(messages)
    return [sentence_vector(message)[0] for message in messages]


def test_weights_come_from_the_installed_package() -> None:
    assert packaged_model_zip().name == "model.zip"
    assert packaged_model_zip().stat().st_size > 50_000_000


def test_shape_and_unit_length(featurizer: MiniLMFeaturizer) -> None:
    message = Message(data={TEXT: "what does a senco do"})
    featurizer.process([message])
    features = sentence_vector(message)
    assert features.shape == (1, EMBEDDING_DIM) == (1, 384)
    assert features.dtype == np.float32
    assert np.isfinite(features).all()
    assert np.linalg.norm(features) == pytest.approx(1.0, abs=1e-5)
    assert not message.get_dense_features(TEXT)[0]  # no sequence feature
    assert all(f.type != FEATURE_TYPE_SEQUENCE for f in message.features)


def test_paraphrases_are_closer_than_unrelated_texts(featurizer: MiniLMFeaturizer) -> None:
    senco, paraphrase, unrelated = featurize(
        featurizer, "what does a senco do", "whats the sencos job", "my son is being bullied"
    )
    close = float(senco @ paraphrase)  # unit vectors: dot product is cosine similarity
    far = float(senco @ unrelated)
    assert close > far + 0.2, (close, far)
    assert close > 0.5


def test_text_longer_than_max_length(featurizer: MiniLMFeaturizer) -> None:
    long_text = " ".join(["my daughter needs more help with reading and the school says wait"] * 30)
    assert len(long_text.split()) > 64 * 3
    (long_vector,) = featurize(featurizer, long_text)
    assert long_vector.shape == (384,)
    assert np.isfinite(long_vector).all()
    assert np.linalg.norm(long_vector) == pytest.approx(1.0, abs=1e-5)
    # Truncated to max_length wordpieces: only the start counts, so a longer tail changes nothing.
    (longer_vector,) = featurize(featurizer, long_text + " and also something completely different about buses")
    np.testing.assert_allclose(long_vector, longer_vector, atol=1e-5)


def test_batched_training_data_matches_single_messages(featurizer: MiniLMFeaturizer) -> None:
    texts = [f"can you explain what an ehcp is, question {i}" for i in range(70)] + ["hi", "what does a senco do"]
    examples = [Message(data={TEXT: text, INTENT: "ask"}) for text in texts]
    featurizer.process_training_data(TrainingData(training_examples=examples))
    batched = np.concatenate([sentence_vector(m) for m in examples])
    assert batched.shape == (72, 384)
    alone = np.stack(featurize(featurizer, texts[0], "hi", "what does a senco do"))
    np.testing.assert_allclose(batched[[0, 70, 71]], alone, atol=1e-4)


def test_messages_without_text_are_left_alone(featurizer: MiniLMFeaturizer) -> None:
    message = Message(data={ACTION_NAME: "utter_greet"})
    featurizer.process([message])
    assert message.features == []


def test_bad_max_length_is_rejected() -> None:
    with pytest.raises(InvalidConfigException):
        MiniLMFeaturizer.validate_config({**MiniLMFeaturizer.get_default_config(), "max_length": 1000})
