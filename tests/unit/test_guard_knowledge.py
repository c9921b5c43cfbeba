"""The guards' knowledge travels in the trained model (rasa_addons/guard_knowledge.py): trained, saved and loaded
as Rasa does, the loaded model reads what it was trained with, not what knowledge/ holds later."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.domain import areas, glossary_terms, knowledge, safeguarding, service_kinds
from bot.settings import KNOWLEDGE_DIR
from rasa_addons.guard_knowledge import GuardKnowledge

# Words no pattern in the project's safeguarding.yml catches, and a place no list names.
NEW_WORDS = "he keeps talking about the blue door man"
NEW_PLACE = "Lower Snodsbury"


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A copy of knowledge/ with one more safeguarding pattern and one more name for Leeds."""
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, copy)
    doc = yaml.safe_load((copy / "safeguarding.yml").read_text(encoding="utf-8"))
    doc["patterns"]["abuse_or_danger"].append("blue door man")
    (copy / "safeguarding.yml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    with (copy / "local-authorities" / "extra_names.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{NEW_PLACE.lower()},LDS,a test place\n")
    return copy


@pytest.fixture
def project_readers_afterwards() -> Iterator[None]:
    yield
    for module in (knowledge, safeguarding, service_kinds, areas):
        module.use(None)


def config(copy: Path) -> dict[str, str]:
    return {"knowledge_dir": str(copy), "la_data_dir": str(copy / "local-authorities")}


def test_a_loaded_model_reads_the_knowledge_it_was_trained_with(
        tmp_path: Path, knowledge_copy: Path, project_readers_afterwards: None) -> None:
    (tmp_path / "model").mkdir()
    storage, resource = LocalModelStorage(tmp_path / "model"), Resource("guard_knowledge")
    context = ExecutionContext(node_name="guard_knowledge", graph_schema=None)
    GuardKnowledge.create(config(knowledge_copy), storage, resource, context).train(TrainingData())
    assert safeguarding.concern(NEW_WORDS) is None  # the project's own pattern list does not know them
    shutil.rmtree(knowledge_copy)  # what the model was trained with is gone from disk

    GuardKnowledge.load(config(knowledge_copy), storage, resource, context)

    assert safeguarding.concern(NEW_WORDS) == "abuse_or_danger"
    assert areas.load().match(f"we live in {NEW_PLACE}").area.name == "Leeds"
    assert knowledge.get() is not knowledge._from_project()
    assert "glossary/ehcp" in {term.key for term in glossary_terms.terms()}
    assert set(service_kinds.get()) == set(service_kinds.load())
    # the council's own settings stay with the deployment, not in the model
    with storage.read_from(resource) as directory:
        carried = {path.name for path in directory.rglob("*")}
    assert "deployment.yml" not in carried and "local-services.yml" not in carried
    assert {"safeguarding.yml", "messages.yml", "service_kinds.yml", "extra_names.csv"} <= carried


def test_a_change_to_a_carried_file_retrains(knowledge_copy: Path) -> None:
    before = GuardKnowledge.fingerprint_addon(config(knowledge_copy))
    assert GuardKnowledge.fingerprint_addon(config(knowledge_copy)) == before
    with (knowledge_copy / "answers" / "role.yml").open("a", encoding="utf-8") as handle:
        handle.write("\n# a reviewer's note\n")
    assert GuardKnowledge.fingerprint_addon(config(knowledge_copy)) != before
    changed = GuardKnowledge.fingerprint_addon(config(knowledge_copy))
    (knowledge_copy / "local-services.yml").write_text("# a council's own listing\n", encoding="utf-8")
    assert GuardKnowledge.fingerprint_addon(config(knowledge_copy)) == changed  # not carried: no retraining
