"""Load and validate the facts in knowledge/.

Every answer and service names its sources (ids in sources.yml) and a review date.
Placeholders like [[service.contact.phone]] and [[timescale.ehc_final_plan]] are filled
from services.yml and timescales.yml, so each fact is typed once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.domain.carried import Carried
from bot.settings import KNOWLEDGE_DIR

PLACEHOLDER = re.compile(r"\[\[([a-z_]+)\.([a-z0-9_]+)(?:\.([a-z_]+))?\]\]")


class KnowledgeError(ValueError):
    """A knowledge file is missing something or points at something that does not exist."""


@dataclass(frozen=True)
class Answer:
    key: str  # "<intent>/<name>", the retrieval intent response key
    title: str
    text: str
    more: str | None
    sources: tuple[str, ...]
    reviewed: dt.date
    status: str = "current"  # "unconfirmed": the text must carry UNCONFIRMED_CAVEAT (checked on load)
    deadline: str | None = None  # the deadline it offers to work out from a date that follows it
    how_long: str | None = None  # the answer that gives this one's timescales ("how long till it happens?")
    if_refused: str | None = None  # the answer for "what if they say no?" after this one

    @property
    def own_steps(self) -> str:
        """The numbered list under "What you can do:" in the text ("" if none): what "what should I do about it?"
        after this answer asks for, before the next step."""
        lines = self.text.splitlines()
        if OWN_STEPS_HEADING not in lines:
            return ""
        steps = []
        for line in lines[lines.index(OWN_STEPS_HEADING) + 1:]:
            if not re.match(r"\d+\. ", line):
                break
            steps.append(line)
        return "\n".join(steps)


UNCONFIRMED_CAVEAT = "check with your local SENDIASS or IPSEA"
OWN_STEPS_HEADING = "What you can do:"
ANSWER_STATUSES = ("current", "unconfirmed")
DEADLINE_KINDS = ("appeal", "discrimination", "ehc", "review")
AFTER_DEADLINE = "deadline/"  # next_steps.yml: the step after a deadline of this kind was worked out
STILL_TO_COME = "/to_come"  # "deadline/ehc/to_come": the step after its rule or dates still to come ("and then?")


@dataclass(frozen=True)
class Topic:
    intent: str  # the retrieval intent, e.g. "role"
    title: str
    order: int


@dataclass(eq=False)  # one object per load: hashed by identity (glossary_terms caches by it)
class Knowledge:
    sources: dict[str, dict[str, Any]]
    services: dict[str, dict[str, Any]]
    timescales: dict[str, dict[str, Any]]
    answers: dict[str, Answer] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    # answer key -> the set of answer keys that answer the same question (including itself)
    equivalents: dict[str, frozenset[str]] = field(default_factory=dict)
    # answer key -> the answer with the next step ("what next?"), from next_steps.yml
    next_steps: dict[str, str] = field(default_factory=dict)

    def same_answer(self, a: str, b: str) -> bool:
        return a == b or b in self.equivalents.get(a, frozenset())
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)

    def fill(self, text: str) -> str:
        """Replace [[...]] placeholders with the fact they name."""

        def replace(match: re.Match[str]) -> str:
            kind, ident, attr = match.groups()
            if kind == "service":
                service = self.services.get(ident)
                if service is None or attr is None or attr not in service:
                    raise KnowledgeError(f"unknown placeholder {match.group(0)}")
                if service.get("status") == "out_of_date":
                    raise KnowledgeError(f"{match.group(0)} points at an out-of-date service")
                return str(service[attr])
            if kind == "timescale" and ident in self.timescales:
                return str(self.timescales[ident]["label"])
            raise KnowledgeError(f"unknown placeholder {match.group(0)}")

        return PLACEHOLDER.sub(replace, text)

    def answers_for(self, intent: str) -> list[Answer]:
        return [a for a in self.answers.values() if a.key.split("/")[0] == intent]

    def button_text(self, answer: Answer) -> str:
        """What a menu button sends: the answer's title (a question for glossary words)."""
        if answer.key.startswith("glossary/"):
            return f"What does {answer.title} mean?"
        return answer.title


class _UniqueKeyLoader(yaml.SafeLoader):
    """safe_load that refuses a key given twice in one mapping (YAML keeps the last one silently, so a second
    answer with an existing name would replace the first without a word)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise KnowledgeError(f"{self.name}: line {key_node.start_mark.line + 1}: {key!r} is given twice")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader)


def _as_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise KnowledgeError(f"{where}: 'reviewed' must be a date (YYYY-MM-DD)") from error


def _check_sources(refs: Any, sources: dict[str, Any], where: str) -> tuple[str, ...]:
    if not refs or not isinstance(refs, list):
        raise KnowledgeError(f"{where}: needs a non-empty 'sources' list")
    unknown = [ref for ref in refs if ref not in sources]
    if unknown:
        raise KnowledgeError(f"{where}: unknown source id(s) {unknown}")
    return tuple(refs)


def load(directory: Path = KNOWLEDGE_DIR) -> Knowledge:
    """Read every knowledge file and check that each fact names sources and a review date."""
    sources = _read(directory / "sources.yml")
    for ident, source in sources.items():
        if not (source.get("file") or source.get("issue")):
            raise KnowledgeError(f"source {ident}: needs 'file' or 'issue'")
    services = _read(directory / "services.yml")
    timescales = _read(directory / "timescales.yml")
    for kind, table in (("service", services), ("timescale", timescales)):
        for ident, entry in table.items():
            _check_sources(entry.get("sources"), sources, f"{kind} {ident}")
            entry["reviewed"] = _as_date(entry.get("reviewed"), f"{kind} {ident}")
    knowledge = Knowledge(sources=sources, services=services, timescales=timescales)

    for path in sorted((directory / "answers").glob("*.yml")):
        doc = _read(path)
        intent = doc["intent"]
        knowledge.topics[intent] = Topic(intent, doc["title"], int(doc.get("menu_order", 99)))
        default_reviewed = doc.get("reviewed")
        for name, entry in doc["answers"].items():
            key = f"{intent}/{name}"
            where = f"{path.name}: {key}"
            if not entry.get("title") or not entry.get("text"):
                raise KnowledgeError(f"{where}: needs 'title' and 'text'")
            knowledge.answers[key] = Answer(
                key=key,
                title=entry["title"],
                text=knowledge.fill(entry["text"].strip()),
                more=knowledge.fill(entry["more"].strip()) if entry.get("more") else None,
                sources=_check_sources(entry.get("sources"), sources, where),
                reviewed=_as_date(entry.get("reviewed", default_reviewed), where),
                status=str(entry.get("status", "current")),
                deadline=entry.get("deadline"),
                how_long=entry.get("how_long"),
                if_refused=entry.get("if_refused"),
            )
            answer = knowledge.answers[key]
            if answer.status not in ANSWER_STATUSES:
                raise KnowledgeError(f"{where}: status must be one of {ANSWER_STATUSES}")
            if answer.deadline is not None and answer.deadline not in DEADLINE_KINDS:
                raise KnowledgeError(f"{where}: deadline must be one of {DEADLINE_KINDS}")
            if answer.status == "unconfirmed" and UNCONFIRMED_CAVEAT.lower() not in answer.text.lower():
                raise KnowledgeError(f"{where}: an unconfirmed answer must say {UNCONFIRMED_CAVEAT!r}")

    for group in _read(directory / "equivalent_answers.yml") or []:
        unknown = [key for key in group if key not in knowledge.answers]
        if unknown:
            raise KnowledgeError(f"equivalent_answers.yml: unknown answer(s) {unknown}")
        for key in group:
            knowledge.equivalents[key] = frozenset(group)

    for answer in knowledge.answers.values():
        for field_name in ("how_long", "if_refused"):
            if (named := getattr(answer, field_name)) is not None and named not in knowledge.answers:
                raise KnowledgeError(f"{answer.key}: {field_name} names no answer: {named}")

    for key, following in (_read(directory / "next_steps.yml") or {}).items():
        # "deadline/<kind>": after a deadline worked out (actions/what_next.py)
        worked_out = (key.startswith(AFTER_DEADLINE)
                      and key.removeprefix(AFTER_DEADLINE).removesuffix(STILL_TO_COME) in DEADLINE_KINDS)
        if (key not in knowledge.answers and not worked_out) or following not in knowledge.answers:
            raise KnowledgeError(f"next_steps.yml: unknown answer in {key}: {following}")
        knowledge.next_steps[key] = following

    for name, entry in _read(directory / "messages.yml").items():
        where = f"messages.yml: {name}"
        if entry.get("facts") == "none":  # says no fact (a question, a "sorry", a form prompt): no source
            if entry.get("sources") or entry.get("reviewed") or PLACEHOLDER.search(entry["text"]):
                raise KnowledgeError(f"{where}: 'facts: none' takes no sources, review date or [[...]] placeholder")
        else:
            _check_sources(entry.get("sources"), sources, where)
            entry["reviewed"] = _as_date(entry.get("reviewed"), where)
        entry["text"] = knowledge.fill(entry["text"].strip())
        knowledge.messages[name] = entry
    return knowledge


_carried: Carried[Knowledge] = Carried(load)


def get() -> Knowledge:
    """The knowledge: what use() was given, else the project's files, loaded once per process."""
    return _carried.get()


def use(knowledge: Knowledge | None) -> None:
    """Answer from this knowledge from now on, not the project's files (rasa_addons/guard_knowledge.py); None: back
    to the project's."""
    _carried.use(knowledge)


def _from_project() -> Knowledge:
    return _carried.from_project()
