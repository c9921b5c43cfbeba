"""Detect messages that suggest a child at risk or a parent in crisis (patterns in knowledge/)."""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from bot.settings import KNOWLEDGE_DIR


@lru_cache(maxsize=1)
def _compiled() -> dict[str, re.Pattern[str]]:
    with (KNOWLEDGE_DIR / "safeguarding.yml").open(encoding="utf-8") as handle:
        doc = yaml.safe_load(handle)
    return {
        group: re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b", re.IGNORECASE)
        for group, patterns in doc["patterns"].items()
    }


def _clean(text: str) -> str:
    # Curly apostrophes and repeated spaces are common on phones.
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'"))


def concern(text: str) -> str | None:
    """The kind of concern ("self_harm", "abuse_or_danger", "parent_crisis"), or None."""
    cleaned = _clean(text or "")
    for group, pattern in _compiled().items():
        if pattern.search(cleaned):
            return group
    return None
