"""Misspelt words put right before the classifier reads a message: "how do i apeal the ehcp" is about an appeal.

The sentence encoder splits an unknown word into pieces that mean something else ("apeal" read nothing like
"appeal", and the answer on asking for an assessment came back). A word is left alone if it is English
(pyspellchecker's frequency list) or one of our own words (every word of the training examples: "ehcp", "senco",
"sendiass", "pls"); short words (under 5 letters) are left alone too. Otherwise it becomes the closest English
word, preferring one of our own among the candidates ("tribunel" -> "tribunal", "assesment" -> "assessment").
Only what the classifier reads changes: the conversation keeps what the parent typed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cached_property, lru_cache

from rapidfuzz.distance import DamerauLevenshtein, Levenshtein
from spellchecker import SpellChecker

WORD = re.compile(r"[A-Za-z]+")
# Our terms typed letter by letter or misheard by voice typing: "e h c p", "send ias", "the sand co".
SPLIT_TERMS = ((re.compile(r"\be\.? ?h\.? ?c\.? ?p\b", re.I), "ehcp"),
               (re.compile(r"\bsend ias+\b|\bs\.? ?e\.? ?n\.? ?d\.? ?i\.? ?a\.? ?s+\b", re.I), "sendiass"),
               (re.compile(r"\b(sand|send|sen) co\b|\bs\.? ?e\.? ?n\.? ?c\.? ?o\b", re.I), "senco"),
               (re.compile(r"\b(an?|the) e\.? p\b", re.I), "an EP"),
               # voice typing: "how do i a peel to the send tribal"
               (re.compile(r"\ba peel\b", re.I), "appeal"),
               (re.compile(r"\b(send|sen) tribal\b", re.I), "SEND Tribunal"),
               # a real word, so no spell checker puts it right; here it is always mediation
               (re.compile(r"\bmeditation\b", re.I), "mediation"),
               (re.compile(r"\bmeditat(e|or|ing)\b", re.I), r"mediat\1"))
# Letters with dots ("the I.C.B", "S.A.L.T"): the term (three letters or more, so "e.g." stays).
DOTTED = re.compile(r"(?<![\w.])((?:[A-Za-z]\.){2,}[A-Za-z])\.?(?![\w.])")
MIN_LENGTH = 5  # "wen", "ur", "im": too short to guess safely
MIN_TERM_USES = 5  # an own word used this often in the training examples is a term, not someone's typo


# Punctuation said aloud to voice typing, written out as words: "she's in hospital full stop who is the caseworker
# question mark". Not "period" ("a trial period") or "comma" after a/the ("a comma").
SPOKEN_PUNCTUATION = ((re.compile(r"\s*\b(?:full stop|new line|new paragraph)\b", re.I), "."),
                      (re.compile(r"\s*\bquestion mark\b", re.I), "?"),
                      (re.compile(r"\s*\bexclamation (?:mark|point)\b", re.I), "!"),
                      (re.compile(r"\s*(?<!\ba )(?<!\bthe )\bcomma\b(?! (?:after|before|in|is|and))", re.I), ","))


def written_punctuation(text: str) -> str:
    """Punctuation dictated as words made into punctuation ("hospital full stop who" -> "hospital. who")."""
    for pattern, mark in SPOKEN_PUNCTUATION:
        text = pattern.sub(mark, text)
    return text


def join_dotted(text: str) -> str:
    """ "the I.C.B" -> "the ICB"."""
    return DOTTED.sub(lambda found: found.group(1).replace(".", "").upper(), text)

MAX_CORRECTIONS = 12  # per message: a long message of nonsense costs a bounded time


@lru_cache(maxsize=1)
def _english() -> SpellChecker:
    # One edit (a letter missing, extra, wrong or two swapped) covers most typing slips; two edits cost up to a
    # second for a word with no near English word (a name, a nonsense string).
    return SpellChecker(language="en", distance=1)


class Speller:
    def __init__(self, own_texts: Iterable[str]) -> None:
        self.own = Counter(word.lower() for text in own_texts for word in WORD.findall(text))
        self.english = _english()

    def known(self, word: str) -> bool:
        lower = word.lower()
        return len(lower) < MIN_LENGTH or lower in self.own or lower in self.english

    def corrected_word(self, word: str) -> str:
        lower = word.lower()
        # "theyre", "wouldnt": the word with its apostrophe, not a different word ("there")
        for cut in range(1, len(lower)):
            with_apostrophe = f"{lower[:cut]}'{lower[cut:]}"
            if with_apostrophe in self.english:
                return with_apostrophe
        candidates = self.english.candidates(lower) or set()
        ours = [c for c in candidates if c in self.own]
        if ours:
            return max(ours, key=lambda c: (self.own[c], c))
        best = self.english.correction(lower)
        if best and best != lower:
            return best
        # no English word near it: one of our own terms one letter away ("ehcap", "senoc": the dictionary has neither)
        near = [term for term in self._terms if abs(len(term) - len(lower)) <= 1
                and (Levenshtein.distance(term, lower, score_cutoff=1) <= 1
                     or DamerauLevenshtein.distance(term, lower, score_cutoff=1) <= 1)]
        return max(near, key=lambda term: (self.own[term], term)) if near else word

    @cached_property
    def _terms(self) -> list[str]:
        """Our own words that are not English ("ehcp", "senco", "sendiass"), used often enough to be terms."""
        return [word for word, count in self.own.items()
                if count >= MIN_TERM_USES and len(word) >= 4 and word not in self.english]

    def correct(self, text: str) -> str:
        """The text with unknown words put right (at most MAX_CORRECTIONS of them); the rest as typed."""
        budget = MAX_CORRECTIONS
        text = join_dotted(text)
        for split, term in SPLIT_TERMS:
            text = split.sub(term, text)

        def fix(found: re.Match[str]) -> str:
            nonlocal budget
            word = found.group(0)
            if self.known(word) or budget <= 0:
                return word
            budget -= 1
            return self.corrected_word(word)

        return WORD.sub(fix, text)
