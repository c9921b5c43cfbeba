"""One list of service kinds (knowledge/service_kinds.yml, issue 12 "each vocabulary once"): every kind named in
the code, the services files, the deployment files and the entity ruler is in it, and the ruler and the contacts
action read a parent's words the same way."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.build import nlp_pipeline
from bot.domain import knowledge, service_kinds
from bot.domain.knowledge import KnowledgeError
from bot.settings import KNOWLEDGE_DIR, ROOT

KINDS = service_kinds.get()
SERVICE_FILES = [KNOWLEDGE_DIR / "services.yml", KNOWLEDGE_DIR / "local-services.yml",
                 *sorted(KNOWLEDGE_DIR.glob("deployment*.yml"))]
CODE = sorted(p for folder in ("bot", "actions", "rasa_addons") for p in (ROOT / folder).rglob("*.py"))
# '/find_contact{"service_kind":"childrens_services"}', escaped or not
PAYLOAD = re.compile(r"""service_kind\\?["']\s*:\s*\\?["']([a-z_]+)""")


def _kinds_in_service_files() -> Iterator[tuple[str, str]]:
    for path in SERVICE_FILES:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries = (doc.get("services") or []) if path.name.startswith("deployment") else list(doc.values())
        for entry in entries:
            yield f"{path.name}: {entry.get('name')}", entry.get("kind")


def _kinds_in_code() -> Iterator[tuple[str, str]]:
    """Kinds the Python names: constants called *_KIND, directory.find("<kind>", ...), SlotSet("service_kind",
    "<kind>"), and service_kind payloads (in Python and in the YAML that responses and rules are made from)."""
    for path in CODE:
        where = str(path.relative_to(ROOT))
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and any(
                    isinstance(t, ast.Name) and re.search(r"(^|_)KIND$", t.id) for t in node.targets):
                yield f"{where}:{node.lineno}", str(node.value.value)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "find" \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "directory" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                yield f"{where}:{node.lineno}", str(node.args[0].value)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "SlotSet" \
                    and len(node.args) == 2 and all(isinstance(a, ast.Constant) for a in node.args) \
                    and getattr(node.args[0], "value", None) == "service_kind":
                yield f"{where}:{node.lineno}", str(getattr(node.args[1], "value", ""))
        yield from ((where, kind) for kind in PAYLOAD.findall(source))
    for path in [ROOT / "domain.yml", *KNOWLEDGE_DIR.rglob("*.yml"), *(ROOT / "data").rglob("*.yml")]:
        yield from ((str(path.relative_to(ROOT)), kind) for kind in PAYLOAD.findall(path.read_text(encoding="utf-8")))


def test_every_kind_in_the_services_and_deployment_files_is_in_the_vocabulary() -> None:
    found = list(_kinds_in_service_files())
    assert len(found) >= 20
    missing = [f"{where}: kind {kind!r}" for where, kind in found if kind not in KINDS]
    assert not missing, f"add these kinds to knowledge/service_kinds.yml: {missing}"


def test_every_kind_the_code_names_is_in_the_vocabulary() -> None:
    found = list(_kinds_in_code())
    missing = [f"{where}: {kind!r}" for where, kind in found if kind not in KINDS]
    assert not missing, f"add these kinds to knowledge/service_kinds.yml: {missing}"
    assert {("bot/store/directory.py", "sendiass"), ("knowledge/messages.yml", "childrens_services")} \
        <= {(where.partition(":")[0], kind) for where, kind in found}, "the check no longer sees the code's kinds"


def test_the_entity_ruler_uses_the_vocabulary_and_the_action_reads_its_words_as_the_same_kind() -> None:
    """The ruler marks a phrase as service_kind; the contacts action reads the kind from that phrase."""
    ruled = [p for p in nlp_pipeline.patterns() if p["label"] == "service_kind"]
    assert {p["id"] for p in ruled} == {k.id for k in KINDS.values() if k.words}
    wrong = [(p["pattern"], p["id"], service_kinds.kind_from_text(p["pattern"])) for p in ruled
             if service_kinds.kind_from_text(p["pattern"]) != p["id"]]
    assert not wrong, f"(word, ruler's kind, action's kind): {wrong}"


def test_local_advice_kinds_and_their_responses_match() -> None:
    messages = knowledge.get().messages
    advised = {name.removeprefix("utter_local_advice_") for name in messages if name.startswith("utter_local_advice_")}
    assert advised == {k.id for k in KINDS.values() if k.local_advice}
    assert all(k.label for k in KINDS.values() if k.local_advice), "a reply names a local-advice kind mid-sentence"


def test_labels_state_no_fact() -> None:
    """Labels are short noun phrases inside responses; a number or contact belongs in services.yml."""
    assert not [k.label for k in KINDS.values() if k.label and re.search(r"\d|@|www\.|https?:", k.label)]


@pytest.mark.parametrize("text,kind", [
    ("what is the local offer", "local_offer"),  # the Local Offer, not the SEND team
    ("the local offer's website for leeds", "local_offer"),
    ("how do I contact the SEN department", "send_team"),
    ("we saw two mediators", "mediation"),
    ("what\u2019s the number for children\u2019s services", "childrens_services"),
    ("IPSEA's number", "ipsea"),
    ("how do i contact sendiass in hull", "sendiass"),
    ("can I ask for a reassessment", None),  # not EASS
    ("I think there is bias against him", None),  # not IAS
    ("he smashed a window", None),  # not the MASH
])
def test_kind_from_text_reads_whole_words(text: str, kind: str | None) -> None:
    assert service_kinds.kind_from_text(text) == kind


@pytest.mark.parametrize("text,problem", [
    ("send_team:\n  words: [send team]\nlocal_offer:\n  words: [send team]\n", "already a word for send_team"),
    ("send_team:\n  words: [SEND team]\n", "lower case"),
    ("send_team:\n  synonyms: [send team]\n", "some of"),
    ("send_team:\n  national: 'yes'\n", "true or false"),
])
def test_a_mistake_in_the_vocabulary_file_is_named(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "service_kinds.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=problem):
        service_kinds.load(path)
