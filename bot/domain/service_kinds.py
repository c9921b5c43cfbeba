"""The kinds of service a parent asks for (knowledge/service_kinds.yml): ids, the words parents use, the label a
reply uses, national or local. One list for the deployment check, the directory, the contacts action and the spaCy
entity ruler. Pure: reads one file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.domain.carried import Carried
from bot.domain.knowledge import KnowledgeError
from bot.settings import KNOWLEDGE_DIR

FILE = KNOWLEDGE_DIR / "service_kinds.yml"
FIELDS = {"words", "hints", "label", "national", "local_advice"}
IDENT = re.compile(r"[a-z][a-z_]*")


@dataclass(frozen=True)
class ServiceKind:
    id: str
    words: tuple[str, ...] = ()  # what parents call it, lower case (the entity ruler marks these)
    hints: tuple[str, ...] = ()  # everyday words that say which kind only in a request for a contact
    label: str | None = None  # how a reply names it mid-sentence ("the Local Offer")
    national: bool = False  # the same everywhere: no area needed
    local_advice: bool = False  # utter_local_advice_<id> says where to look when there is no local listing


def load(path: Path = FILE) -> dict[str, ServiceKind]:
    """Every kind, in the file's order (the first kind a message names wins). Errors name the entry."""
    with path.open(encoding="utf-8") as handle:
        doc = yaml.safe_load(handle) or {}
    kinds: dict[str, ServiceKind] = {}
    owner: dict[str, str] = {}
    for ident, raw in doc.items():
        where = f"{path.name}: {ident}"
        raw = raw or {}
        if not (isinstance(ident, str) and IDENT.fullmatch(ident)) or not isinstance(raw, dict) \
                or set(raw) - FIELDS:
            raise KnowledgeError(f"{where}: a kind is a lower-case id with some of {sorted(FIELDS)}")
        words, hints = raw.get("words") or [], raw.get("hints") or []
        if not isinstance(words, list) or not isinstance(hints, list):
            raise KnowledgeError(f"{where}: words and hints are lists ([send team, sen team])")
        for word in [*words, *hints]:
            if not isinstance(word, str) or not word or word != " ".join(word.lower().split()):
                raise KnowledgeError(f"{where}: word {word!r} must be lower case, single-spaced text")
            if word in owner:
                raise KnowledgeError(f"{where}: {word!r} is already a word for {owner[word]}")
            owner[word] = ident
        label = raw.get("label")
        national, local_advice = raw.get("national", False), raw.get("local_advice", False)
        if not (label is None or isinstance(label, str)) or not isinstance(national, bool) \
                or not isinstance(local_advice, bool):
            raise KnowledgeError(f"{where}: label is text; national and local_advice are true or false")
        kinds[ident] = ServiceKind(ident, tuple(words), tuple(hints), label, national, local_advice)
    return kinds


_carried: Carried[dict[str, ServiceKind]] = Carried(load)


def get() -> dict[str, ServiceKind]:
    """The kinds: what use() was given, else the project's file, read once per process."""
    return _carried.get()


def use(kinds: dict[str, ServiceKind] | None) -> None:
    """Read with these kinds from now on, not the project's file (rasa_addons/guard_knowledge.py); None: back to
    the project's."""
    _carried.use(kinds)


def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return _patterns_of(tuple(get().values()))


@lru_cache(maxsize=2)
def _patterns_of(kinds: tuple[ServiceKind, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Per kind, its words and hints as whole words, a plural or 's allowed ("mediators", "ipsea's")."""
    return tuple(
        (kind.id, re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, kind.words + kind.hints)) + r")(?:s|'s)?(?!\w)"))
        for kind in kinds if kind.words or kind.hints
    )


def kind_from_text(text: str) -> str | None:
    """The kind a message names by one of its words or hints ("the local offer's website" -> local_offer)."""
    said = " ".join(text.lower().replace("\u2019", "'").split())
    return next((kind for kind, pattern in _patterns() if pattern.search(said)), None)


# "who do i ring there?" after the council's answer: its SEND team (a role whose contact is a listed service).
ROLE_SERVICE = {"local_authority": "send_team", "la": "send_team"}  # role/local_authority, glossary/la


# "need someone to help me with a tribunal appeal": the Tribunal and the Ombudsman decide cases, they do not help a
# family bring one; someone to help is advice (local SENDIASS).
DECIDING_BODIES = frozenset({"tribunal", "ombudsman"})
HELP_WITH = re.compile(r"\b(someone|somebody|anyone|anybody|a person|an advocate) "
                       r"(to|who (can|could|will)|that (can|could)) (help|support|advise|come|represent)|"
                       r"\bhelp (me|us) (with|through|prepare|fight|at)\b|"
                       r"\bsupport (me|us) (with|through|at)\b", re.I)


def helper_instead(kind: str | None, text: str) -> bool:
    """Whether the parent asks for someone to help with a case at a deciding body, not the body itself."""
    return kind in DECIDING_BODIES and bool(HELP_WITH.search(text))
