"""The knowledge files: every fact sourced and dated, generated Rasa files up to date, nothing stale."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from bot.build import build_responses
from bot.domain import knowledge as kb
from bot.settings import ROOT

K = kb.load()
OUT_OF_DATE = [
    (re.compile(r"\bSENDIST\b"), "SENDIST"),
    (re.compile(r"Parent Partnership", re.I), "Parent Partnership"),
    (re.compile(r"Disability Rights Commission", re.I), "Disability Rights Commission"),
    (re.compile(r"\bACE\b"), "ACE"),
    (re.compile(r"\bDRC\b"), "DRC"),
    (re.compile(r"0808 800 5793|0808 800 0327|01325 ?289 ?350|gsi\.gov\.uk"), "old phone/email"),
    (re.compile(r"\b(school action plus|school action)\b", re.I), "School Action"),
    (re.compile(r"\bstatement(s|ing)?\b", re.I), "statement"),
    (re.compile(r"\bnote in lieu\b", re.I), "note in lieu"),
    (re.compile(r"\bLEA\b"), "LEA"),
]
# A response may mention an old name only to say it was replaced.
REPLACED_WORDS = re.compile(r"\bold\b|replaced|old name|no longer|closed|used to be|were moved|is an old|former", re.I)


def all_response_texts() -> dict[str, str]:
    texts = {}
    for path in [ROOT / "domain.yml", build_responses.RESPONSES]:
        doc = yaml.safe_load(path.read_text())
        for name, variants in doc["responses"].items():
            for index, variant in enumerate(variants):
                texts[f"{name}#{index}"] = variant.get("text", "")
    return texts


def test_every_answer_has_sources_and_a_recent_review_date() -> None:
    assert len(K.answers) >= 100
    for answer in K.answers.values():
        assert answer.sources, answer.key
        assert all(s in K.sources for s in answer.sources), answer.key
        assert answer.reviewed <= dt.date.today()
        assert (dt.date.today() - answer.reviewed).days < 365, f"{answer.key} needs reviewing"


def test_every_source_points_at_a_real_file_or_issue() -> None:
    shared = ROOT.parent / "shared"
    for ident, source in K.sources.items():
        if source.get("file") and shared.exists():
            assert (shared / source["file"]).exists(), ident
        else:
            assert source.get("issue") or source.get("file"), ident


def test_generated_rasa_files_match_knowledge() -> None:
    for path, text in build_responses.outputs().items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run `make data`"


FACT = re.compile(r"\b\d+\s*(working )?(days?|weeks?|months?|years?)\b|\b0\d{2,4}[ \d]{5,}|£\s?\d|\b999\b|@")
# Made-up examples a parent is shown, not facts: an example address, and Ofcom's number for drama (07700 900xxx).
EXAMPLES = ("name@example.com", "07700 900123")


def test_every_fact_response_is_backed_by_knowledge() -> None:
    """Responses that state numbers (phones, timescales) must come from knowledge/, not domain.yml."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    for name, variants in domain["responses"].items():
        for variant in variants:
            assert not FACT.search(variant.get("text", "")), f"{name} states a fact: move it to knowledge/"
    generated = yaml.safe_load(build_responses.RESPONSES.read_text())["responses"]
    for name in generated:
        key = name.removeprefix("utter_")
        assert key in K.answers or name in K.messages or name == "utter_topic_menu", name


def test_a_message_that_says_it_states_no_fact_states_none() -> None:
    """`facts: none` in knowledge/messages.yml needs no source: it must then hold no number, phone or email."""
    fact_free = {name: m["text"] for name, m in K.messages.items() if m.get("facts") == "none"}
    assert len(fact_free) >= 20
    for name, text in fact_free.items():
        for example in EXAMPLES:
            text = text.replace(example, "")
        assert not FACT.search(text), f"{name} states a fact: give it sources (knowledge/messages.yml)"


# Sentences in Python that still state a fact, each with why it is there (see issue 12).
KNOWN_FACT_LITERALS = {
    ("bot/domain/deadline_text.py", "That is 1 month from your certificate"):
        "the appeal reply composes computed dates around these words; the rule itself is in timescales.yml",
    ("bot/domain/deadline_text.py", "at least 5 months"):
        "the phase-transfer reply composes computed dates around these words",
}


def _docstrings_and_patterns(tree: ast.AST) -> set[int]:
    """Docstrings (not shown to parents) and regular expressions (re.compile(...) and the like)."""
    skipped = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            skipped.add(id(body[0].value))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re":
            skipped |= {id(arg) for arg in node.args}
    return skipped


def test_no_python_string_states_a_fact() -> None:
    """The same check for the words the Python code sends: a number, phone or email belongs in knowledge/."""
    files = sorted([*ROOT.glob("actions/*.py"), *ROOT.glob("rasa_addons/**/*.py"),
                    ROOT / "bot" / "domain" / "deadline_text.py"])
    found = set()
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _docstrings_and_patterns(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped \
                    and FACT.search(node.value):
                where = str(path.relative_to(ROOT))
                known = next((k for k in KNOWN_FACT_LITERALS if k[0] == where and k[1] in node.value), None)
                assert known, f"{where}:{node.lineno} states a fact: move it to knowledge/messages.yml"
                found.add(known)
    assert found == set(KNOWN_FACT_LITERALS), "a known fact literal is gone: take it off the list"


@pytest.mark.parametrize("pattern,label", OUT_OF_DATE)
def test_no_out_of_date_name_is_presented_as_current(pattern: re.Pattern[str], label: str) -> None:
    for name, text in all_response_texts().items():
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
            if pattern.search(sentence):
                assert REPLACED_WORDS.search(sentence), f"{name}: {label} used as current: {sentence!r}"


def test_placeholders_are_filled_and_unknown_ones_fail() -> None:
    assert "0808 808 3555" in K.answers["service/contact"].text
    assert "20 weeks" in K.answers["ehc/timescales"].text
    with pytest.raises(kb.KnowledgeError):
        K.fill("call [[service.nobody.phone]]")
    with pytest.raises(kb.KnowledgeError):
        K.fill("[[service.ace_helpline.what]]")  # out of date: never quoted


def test_timescales_in_answers_agree_with_the_timescale_table() -> None:
    labels = {t["label"] for t in K.timescales.values()}
    for phrase in ["6 weeks", "16 weeks", "20 weeks", "15 days", "2 months", "1 month", "6 months", "12 months"]:
        assert phrase in labels


def test_the_knowledge_report_lists_every_fact_and_flags_old_reviews() -> None:
    import datetime as dt

    from bot.build import knowledge_report

    text = knowledge_report.report(max_age_months=12, today=dt.date(2028, 1, 1))
    loaded = kb.get()
    fact_messages = [m for m in loaded.messages.values() if m.get("facts") != "none"]
    local = yaml.safe_load((ROOT / "knowledge" / "local-services.yml").read_text(encoding="utf-8"))
    total = len(loaded.answers) + len(loaded.services) + len(loaded.timescales) + len(fact_messages) + len(local)
    assert f"{total} facts" in text
    assert "answer role/senco" in text and "<- re-check" in text
    assert "local service hull_sendiass" in text  # the seeds' local services are facts to re-check too
    assert "<- re-check" not in knowledge_report.report(max_age_months=12, today=dt.date(2026, 11, 23))


def test_the_knowledge_report_lists_the_councils_own_contacts(tmp_path: Path) -> None:
    from bot.build import knowledge_report

    deployment = tmp_path / "deployment.yml"
    deployment.write_text(yaml.safe_dump({"council": "Test", "area": "", "services": [
        {"kind": "sendiass", "name": "Our SENDIASS", "phone": "01234 567890", "status": "current",
         "sources": ["https://example.org/sendiass"], "reviewed": "2025-01-02"}]}), encoding="utf-8")
    text = knowledge_report.report(max_age_months=12, today=dt.date(2026, 11, 23), deployment_file=deployment)
    assert "2025-01-02  current       deployment service 1 (Our SENDIASS)" in text
    assert "deployment service 1 (Our SENDIASS)  (https://example.org/sendiass)  <- re-check" in text


def test_unconfirmed_answers_say_so() -> None:
    unconfirmed = [a for a in kb.get().answers.values() if a.status == "unconfirmed"]
    assert unconfirmed, "the notes mark some facts UNCONFIRMED; their answers carry status: unconfirmed"
    for answer in unconfirmed:
        assert kb.UNCONFIRMED_CAVEAT.lower() in answer.text.lower(), answer.key


def test_every_intent_has_a_rule() -> None:
    """The assistant runs on rules alone (config.yml): an intent without one would get the core fallback."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    intents = {i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]}
    ruled = set()
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        for rule in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules") or []:
            ruled |= {step["intent"] for step in rule.get("steps", []) if "intent" in step}
    assert intents <= ruled, sorted(intents - ruled)


def test_every_faq_label_in_the_training_data_has_an_answer() -> None:
    """A label with examples but no answer can be chosen, and then the bot has nothing to say."""
    answers = set(kb.get().answers)
    topics = {key.split("/")[0] for key in answers}
    missing = set()
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            label = str(block.get("intent") or "")
            if label.split("/")[0] in topics and "/" in label and label not in answers:
                missing.add(f"{path.name}: {label}")
    assert not missing, sorted(missing)


def test_a_name_given_twice_in_a_knowledge_file_stops_loading(tmp_path: Path) -> None:
    """YAML keeps the last of two equal keys without a word: a second answer named like an existing one would
    silently replace it (it happened: two glossary entries named icb)."""
    from bot.domain.knowledge import KnowledgeError, _read

    twice = tmp_path / "twice.yml"
    twice.write_text("answers:\n  icb:\n    title: A\n  icb:\n    title: B\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="'icb' is given twice"):
        _read(twice)
