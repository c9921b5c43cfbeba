"""The knowledge the NLU guards read, carried in the trained model (as Rasa's own components carry theirs).

Training copies what the guards and the fallback read — knowledge/'s answers, messages, timescales, service kinds
and safeguarding patterns, and the local authority list — into the model. Loading the model reads them back and
points the readers in bot.domain at them (knowledge.use, safeguarding.use, service_kinds.use, areas.use). So a Rasa
server understands with the knowledge its model was trained and tested with, whatever knowledge/ holds where it
runs; a change to those files retrains the model (fingerprint_addon), as a change to the training data does.
The action server and the web server still read knowledge/ (and the database) themselves.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import settings
from bot.domain import areas, glossary_terms, knowledge, safeguarding, service_kinds

KNOWLEDGE = "knowledge"  # the copy of knowledge/'s files, inside the resource
PLACES = "local-authorities"  # the copy of the local authority list, inside the resource
# A council's own settings are not the guards' knowledge: they stay with the deployment.
NOT_CARRIED = {"deployment.yml", "deployment.example.yml", "local-services.yml"}


def _knowledge_files(directory: Path) -> Iterator[Path]:
    """The files the readers in bot.domain load from a knowledge folder, relative to it."""
    for path in sorted(directory.glob("*.yml")):
        if path.name not in NOT_CARRIED:
            yield path.relative_to(directory)
    for path in sorted((directory / "answers").glob("*.yml")):
        yield path.relative_to(directory)


def _place_files(directory: Path) -> Iterator[Path]:
    for path in sorted(directory.glob("*.csv")):
        yield path.relative_to(directory)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class GuardKnowledge(GraphComponent, IntentClassifier):
    """First in the pipeline; changes no message. Its resource is the knowledge every later step reads."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Where training reads from: None is the project's knowledge/ and SEND_LA_DATA_DIR's list.
        return {"knowledge_dir": None, "la_data_dir": None}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource

    @classmethod
    def _folders(cls, config: dict[str, Any]) -> tuple[Path, Path]:
        config = {**cls.get_default_config(), **config}
        return (Path(config["knowledge_dir"] or settings.KNOWLEDGE_DIR),
                Path(config["la_data_dir"] or settings.current().la_data_dir))

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        """Changes when any carried file changes, so Rasa's training cache does not keep an old copy."""
        knowledge_dir, places_dir = cls._folders(config)
        digest = hashlib.sha256()
        for base, files in ((knowledge_dir, _knowledge_files(knowledge_dir)), (places_dir, _place_files(places_dir))):
            for relative in files:
                digest.update(str(relative).encode() + b"\0" + (base / relative).read_bytes() + b"\0")
        return digest.hexdigest()

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> GuardKnowledge:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        knowledge_dir, places_dir = self._folders(self.config)
        knowledge.load(knowledge_dir)  # a fact without a source fails training, not the first conversation
        with self._storage.write_to(self._resource) as directory:
            for base, files, into in ((knowledge_dir, _knowledge_files(knowledge_dir), KNOWLEDGE),
                                      (places_dir, _place_files(places_dir), PLACES)):
                for relative in files:
                    (directory / into / relative).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(base / relative, directory / into / relative)
        return self._resource

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> GuardKnowledge:
        # Rasa unpacks the model into a folder it deletes once loaded: read everything now.
        with model_storage.read_from(resource) as directory:
            carried = knowledge.load(directory / KNOWLEDGE)
            patterns = safeguarding.load(directory / KNOWLEDGE)
            kinds = service_kinds.load(directory / KNOWLEDGE / service_kinds.FILE.name)
            gazetteer = areas.read(directory / PLACES)
        knowledge.use(carried)
        safeguarding.use(patterns)
        service_kinds.use(kinds)
        areas.use(gazetteer)
        glossary_terms.terms()  # built now from the carried answers, not on the first parent's message
        return cls(config, model_storage, resource)

    def process(self, messages: list[Message]) -> list[Message]:
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
