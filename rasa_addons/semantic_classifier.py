"""Intent and answer classification by meaning: the nearest training examples in a pretrained sentence space.

Why: DIET and the ResponseSelector, trained from scratch on a few examples per answer, learned our own
phrasings but not a parent's: on the held-out messages they chose the right answer 73.7% of the time and
asked "did you mean…?" for 78 of 415. A pretrained sentence encoder (all-MiniLM-L6-v2, from the pinned PyPI
package, rasa_addons/dense_featurizer.py) already knows that "swallowed tablets" is near "overdose" and
"how long can they keep him on it" near "part-time timetable": the nearest training examples chose the right
answer 92.8% of the time on the same messages, with no training beyond encoding the examples (seconds).

How: training encodes every training example (text -> unit vector) and stores the vectors and their labels
("role/senco" for an FAQ answer, "ask_appeal_deadline" otherwise) in the model. A message is encoded the
same way; each label scores the mean cosine similarity of its `neighbours` most similar examples; a softmax
with `temperature` turns scores into confidences. The output has Rasa's own shapes: `intent` and
`intent_ranking` (labels summed by intent), and for FAQ intents `response_selector` exactly as Rasa's
ResponseSelector writes it, so FallbackClassifier, the guards, the retrieval actions and the fallback's best
guess work unchanged.
"""

from __future__ import annotations

import json
import re
import zlib
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_DEFAULT_INTENT,
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.domain.spelling import Speller
from rasa_addons import conversation_context
from rasa_addons.conversation_context import EARLIER_TEXTS, PREVIOUS_TEXT
from rasa_addons.dense_featurizer import DEFAULT_MAX_LENGTH, Encoder, get_encoder

# Words that point back to the conversation: a short message with one is read with the previous message.
POINTS_BACK = re.compile(r"\b(it|that|this|they|them|those|these|he|she|him|her|his|hers|there|same|too|also|"
                         r"instead|either|one|again|simpler|simply)\b", re.I)  # "explain again simpler"
# "Do I have to say yes?", "like who?", "now what??": a question, not a reply to the bot, though it has a "yes"
# or a "thanks" in it: read with the message before it.
ASKS = re.compile(r"\?|^\W*(do|does|did|can|could|should|must|how|what|who|why|when|where|is|are|will|would|"
                  r"have|has)\b.*\b\w+\b.*\b\w+\b", re.I)
# "What about academies?", "and the head?", "even if he's 19?": a follow-up, read with the message before it too;
# the surer reading wins ("and the head?" is about the head, "what about academies?" about the question before).
FOLLOWS_ON = re.compile(r"^\W*(and|but|what about|how about|what if|even if|even when|even at|what happens if)\b",
                        re.I)
VECTORS = "vectors.npy"
LABELS = "labels.json"
TEXTS = "texts.json"


SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def last_question(text: str) -> str | None:
    """The question a story ends with, if it stands on its own: its last sentence, when that asks something in
    five words or more and points back at nothing ("is that it?", "do I have to agree to this?" need the story)."""
    sentences = [s for s in SENTENCE_END.split(text.strip()) if s.strip()]
    if len(sentences) < 2:
        return None
    question = sentences[-1]
    if len(question.split()) < 5 or POINTS_BACK.search(question) or not ASKS.search(question):
        return None
    return question


def label_documents(texts: list[str], labels: list[str], names: list[str]) -> list[str]:
    """Each label's examples joined into one document, for the lexical score."""
    joined: dict[str, list[str]] = {name: [] for name in names}
    for text, label in zip(texts, labels, strict=True):
        joined[label].append(text)
    return [" ".join(joined[name]) for name in names]


class LexicalScorer:
    """How much of a message's wording (character n-grams, TF-IDF) each label's examples share.

    Why: the sentence encoder reads a message as a whole, so in "how does my son get extra time in his GCSEs,
    does he need an ehcp for that" the common "ehcp" outweighs the rarer "GCSEs" and "extra time"; n-gram
    TF-IDF weighs rare words up and tolerates typos. On the held-out messages the nearest label by meaning
    alone was right 93.3% of the time, by meaning + 0.5 x this score 97.1% (README "NLU numbers").
    """

    def __init__(self, documents: list[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self._vectorizer = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5),
                                           lowercase=True, dtype=np.float32)
        self._documents = self._vectorizer.fit_transform(documents).T.tocsr()

    def __call__(self, text: str) -> np.ndarray:
        return np.asarray((self._vectorizer.transform([text]) @ self._documents).todense()).ravel()


def label_scores(similarities: np.ndarray, label_of: np.ndarray, n_labels: int, neighbours: int) -> np.ndarray:
    """Each label's mean similarity over its `neighbours` most similar examples (fewer if it has fewer)."""
    order = np.lexsort((-similarities, label_of))  # by label, most similar first within each label
    labels = label_of[order]
    first = np.searchsorted(labels, labels)  # where each label's run starts
    keep = (np.arange(len(order)) - first) < neighbours
    totals = np.zeros(n_labels)
    counts = np.zeros(n_labels, dtype=int)
    np.add.at(totals, labels[keep], similarities[order][keep])
    np.add.at(counts, labels[keep], 1)
    scores = np.full(n_labels, -1.0)
    seen = counts > 0
    scores[seen] = totals[seen] / counts[seen]
    return scores


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    exps = np.exp((scores - scores.max()) * temperature)
    return exps / exps.sum()


def selected_answer(key: str, confidence: float, ranking: list[dict[str, Any]]) -> dict[str, Any]:
    """One FAQ answer chosen, in the shape Rasa's ResponseSelector writes (the retrieval actions read it)."""
    return {
        RESPONSE_SELECTOR_PREDICTION_KEY: {
            RESPONSE_SELECTOR_RESPONSES_KEY: None,
            PREDICTED_CONFIDENCE_KEY: confidence,
            INTENT_RESPONSE_KEY: key,
            RESPONSE_SELECTOR_UTTER_ACTION_KEY: f"utter_{key}",
        },
        RESPONSE_SELECTOR_RANKING_KEY: ranking,
    }


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SemanticClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "neighbours": 2,  # examples per label that count towards its score
            "lexical_weight": 0.5,  # how much shared wording (LexicalScorer) adds to the score by meaning
            "temperature": 20.0,  # softmax sharpness: similarities are cosines in [-1, 1]
            "ranking_length": 10,  # labels reported in the rankings
            "max_length": DEFAULT_MAX_LENGTH,  # wordpieces the encoder reads
            # A short message the classifier is unsure of is read again with the parent's previous message
            # (rasa_addons/conversation_context.py), and that reading is used if it is surer.
            "follow_up_words": 12,
            "follow_up_below": 0.6,
            "points_back_words": 12,  # up to this long, a word pointing back ("it", "he") is enough to join
            # Below this similarity to any example a message is not understood (nonsense, far off topic).
            "min_similarity": 0.5,
            "min_similarity_words": 6,  # longer messages are further from the short examples, not nonsense
            "correct_spelling": True,  # misspelt words put right before reading (bot/domain/spelling.py)
            # A long story the classifier is unsure of, ending in a question ("... friends said there's something
            # called respite but I don't know who gives it. how do we get a break"): the question alone is read
            # too, and its answer taken when the question on its own is sure of one.
            "story_words": 30,
            "story_unsure_below": 0.5,
            "question_sure": 0.6,
            "standalone_intents": ["affirm", "deny", "stop", "thanks", "goodbye", "greet", "human_handoff",
                                   "delete_my_data", "inform_date", "inform_area", "safeguarding"],
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["transformers", "safetensors", "tensorflow"]

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 vectors: np.ndarray | None = None, labels: list[str] | None = None,
                 retrieval_intents: list[str] | None = None, texts: list[str] | None = None) -> None:
        self.config = config
        self._storage = model_storage
        self._resource = resource
        self.vectors = vectors if vectors is not None else np.zeros((0, 0), dtype=np.float32)
        self.labels = labels or []
        self.texts = texts or []
        self.retrieval_intents = retrieval_intents or []
        self._set_index()

    def _set_index(self) -> None:
        self.label_names = sorted(set(self.labels))
        position = {name: i for i, name in enumerate(self.label_names)}
        self.label_of = np.array([position[label] for label in self.labels], dtype=int)
        self.intent_of = [name.split("/")[0] for name in self.label_names]
        self.lexical = (LexicalScorer(label_documents(self.texts, self.labels, self.label_names))
                        if self.texts and float(self.config["lexical_weight"]) > 0 else None)
        # Our own words are the training examples' (saved in the model with them), so "ehcp" is never "help".
        self.speller = Speller(self.texts) if self.texts and self.config.get("correct_spelling", True) else None

    def _encoder(self) -> Encoder:
        return get_encoder(None, int(self.config["max_length"]))

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SemanticClassifier:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> SemanticClassifier:
        with model_storage.read_from(resource) as directory:
            vectors = np.load(directory / VECTORS).astype(np.float32)
            saved = json.loads((directory / LABELS).read_text(encoding="utf-8"))
            texts = json.loads((directory / TEXTS).read_text(encoding="utf-8"))
        classifier = cls(config, model_storage, resource, vectors, saved["labels"], saved["retrieval_intents"],
                         texts)
        classifier._encoder()  # load the encoder now, not on the first parent's message
        conversation_context.install()  # the previous message, for follow-ups (checks Rasa's version)
        return classifier

    def train(self, training_data: TrainingData) -> Resource:
        pairs: dict[tuple[str, str], None] = {}
        for example in training_data.intent_examples:
            text = example.get(TEXT)
            label = example.get(INTENT_RESPONSE_KEY) or example.get(INTENT)
            if isinstance(text, str) and text.strip() and label:
                pairs[(text.strip(), str(label))] = None
        self.texts = [text for text, _ in pairs]
        self.labels = [label for _, label in pairs]
        self.retrieval_intents = sorted(training_data.retrieval_intents)
        self.vectors = self._encoder()(self.texts)
        self._set_index()
        with self._storage.write_to(self._resource) as directory:
            np.save(directory / VECTORS, self.vectors.astype(np.float16))
            # The examples themselves: the lexical scorer is fitted again from them on load (no pickle).
            (directory / TEXTS).write_text(json.dumps(self.texts), encoding="utf-8")
            (directory / LABELS).write_text(json.dumps(
                {"labels": self.labels, "retrieval_intents": self.retrieval_intents}), encoding="utf-8")
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        todo = [m for m in messages if isinstance(m.get(TEXT), str) and m.get(TEXT).strip()]
        if not todo or not self.labels:
            return messages
        encode = self._encoder()
        # What the classifier reads: misspelt words put right ("apeal" -> "appeal"); the message keeps its text.
        readable = [self._readable(m.get(TEXT)) for m in todo]
        for message, text, query in zip(todo, readable, encode(readable), strict=True):
            confidence, best = self._confidences(query, text)
            joined = False
            metadata = message.get("metadata") or {}
            previous = metadata.get(PREVIOUS_TEXT)
            if previous and self._is_follow_up(text, confidence) and (
                    not self._is_reply(confidence) or (ASKS.search(text) and len(text.split()) >= 2)):
                # The message first: the encoder cuts long texts at the end. Read with the message before,
                # and, when the topic was set further back ("senco says he isn't bad enough for an ehcp" /
                # "he's two years behind" / "should i still apply?"), with the earlier ones too, the latest
                # first; the surer reading is taken.
                earlier = [self._readable(said) for said in metadata.get(EARLIER_TEXTS) or [] if said != previous]
                readings = [f"{text} {self._readable(previous)}"]
                if earlier:
                    readings.append(" ".join([readings[0], *earlier[::-1]]))
                vectors = encode(readings)
                together, together_best = max(
                    (self._confidences(vector, joined) for vector, joined in zip(vectors, readings, strict=True)),
                    key=lambda reading: float(reading[0].max()))
                # The earlier message gives the topic, not the kind of message: "we live in Kent" then "my
                # daughter is behind in reading" is not another answer to "which area?".
                # A longer follow-up ("so does he just sit at home the whole time?? they sent a few
                # worksheets") is read with the message before only when that reading is surer.
                short = len(text.split()) <= int(self.config["points_back_words"])
                if (not self._is_reply(together)
                        and ((short and POINTS_BACK.search(text))
                             or together.max() > confidence.max())):
                    confidence, best, joined = together, together_best, True
            if (not joined and len(text.split()) >= int(self.config["story_words"])
                    and confidence.max() < float(self.config["story_unsure_below"])
                    and (question := last_question(text))):
                asked, asked_best = self._confidences(encode([question])[0], question)
                # and the story agrees: the question's answer is among the story's own three nearest
                if (asked.max() >= float(self.config["question_sure"])
                        and self.intent_of[int(asked.argmax())] in self.retrieval_intents
                        and int(asked.argmax()) in np.argsort(confidence)[-3:]):
                    confidence, best = asked, max(best, asked_best)
            # A short message near nothing ("flibber wob zzz"): every confidence near zero, so the bot says so.
            # Not a short question pointing back ("can she even do that?" after "the senco says she'll exclude
            # him"): read with the story, it is as near as the story is.
            far = (best < float(self.config["min_similarity"])
                   and len(text.split()) <= int(self.config["min_similarity_words"])
                   and not (joined and POINTS_BACK.search(text)))
            self._classify(message, confidence * (0.02 if far else 1.0))
        return messages

    def _readable(self, text: str) -> str:
        return self.speller.correct(text) if self.speller is not None else text

    def _is_reply(self, confidence: np.ndarray) -> bool:
        """"Yes please do that", "no thanks", "stop it": an answer to the bot, complete on its own."""
        return self.intent_of[int(confidence.argmax())] in self.config["standalone_intents"]

    def _is_follow_up(self, text: str, confidence: np.ndarray) -> bool:
        """Short, and either unsure or pointing back ("can they do that?", "does he get it too?")."""
        return (len(text.split()) <= int(self.config["follow_up_words"])
                and (confidence.max() < float(self.config["follow_up_below"]) or POINTS_BACK.search(text) is not None
                     or FOLLOWS_ON.search(text) is not None))

    def _confidences(self, query: np.ndarray, text: str) -> tuple[np.ndarray, float]:
        """Each label's confidence, and the best label's similarity by meaning (for "near nothing")."""
        scores = label_scores(self.vectors @ query, self.label_of, len(self.label_names),
                              int(self.config["neighbours"]))
        best = float(scores.max())
        if self.lexical is not None:
            scores = scores + float(self.config["lexical_weight"]) * self.lexical(text)
        return softmax(scores, float(self.config["temperature"])), best

    def _classify(self, message: Message, confidence: np.ndarray) -> None:
        by_intent: dict[str, float] = {}
        for intent, value in zip(self.intent_of, confidence, strict=True):
            by_intent[intent] = by_intent.get(intent, 0.0) + float(value)
        ranked = sorted(by_intent.items(), key=lambda item: -item[1])[: int(self.config["ranking_length"])]
        ranking = [{INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: value} for name, value in ranked]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        self._select_answer(message, confidence)

    def _select_answer(self, message: Message, confidence: np.ndarray) -> None:
        """The answer among the FAQ labels, as Rasa's ResponseSelector reports it (one global selector)."""
        faq = [i for i, intent in enumerate(self.intent_of) if intent in self.retrieval_intents]
        if not faq:
            return
        total = float(confidence.sum()) / float(confidence[faq].sum() or 1.0)  # FAQ answers share what FAQ has
        ranked = sorted(faq, key=lambda i: -confidence[i])[: int(self.config["ranking_length"])]
        ranking = [{"id": zlib.crc32(self.label_names[i].encode()),
                    PREDICTED_CONFIDENCE_KEY: float(confidence[i]) * total,
                    INTENT_RESPONSE_KEY: self.label_names[i]} for i in ranked]
        properties = message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}
        properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = self.retrieval_intents
        properties[RESPONSE_SELECTOR_DEFAULT_INTENT] = selected_answer(
            self.label_names[ranked[0]], float(confidence[ranked[0]]) * total, ranking)
        message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)
