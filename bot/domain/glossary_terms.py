"""Which glossary term a message asks the meaning of ("his EP report says SpLD, what does that mean?").

Parents ask about the letters in their paperwork in long messages full of other words, where a classifier
reads the story instead of the question. Pure: terms come from the glossary answers' titles in knowledge/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from bot.domain import knowledge

# Asking what something means, not what to do about it: "what does X mean", "X meaning", "what are those",
# "what is an X" (the term right after: see asked_term). Not "the rules mean they can...", nor "legally i mean?".
MEANING_CUE = re.compile(
    r"\b(what|wat|wot|wtf) (does|do|did) .{0,60}\b(mean|meen|mena)\b|\bmeaning\b|\bmeans what\b|(?<!\bi )\bmean\s*\?|"
    r"\bstands? for\b|\bshort for\b|\bdefinition\b|"
    r"\b(what|wat|wot) (is|are|r) (that|this|those|these|they)\s*([?.!,]|$)|"
    r"\bwhats that\b|\bwho (even )?(is|are) (that|this|they|those|these|them)\b|\bwhat even (is|are)\b|"
    r"\bwhat('?s| is| does) (that|it|this) (mean )?in (plain |normal |simple )?english\b", re.I)
# "in english please" after a message with a term in it: that term, in plain words.
PLAIN_ENGLISH = re.compile(r"^\W*((ok|sorry|um|erm),? )?(in (plain |normal |simple )?english|in (simple|plain|normal) "
                           r"(words|terms))( please| pls| plz)?\W*$", re.I)
WHAT_IS = r"\b(?:what|wat|wot|who)(?:'?s| is| are| r)(?: an?| the)? "  # "whos the ICB?" too
SHORT = 3  # terms this short ("EP", "OT", "TA", "HI") are also everyday words: only in capitals


@dataclass(frozen=True)
class Term:
    text: str
    key: str  # the glossary answer, "glossary/<name>"


def _names(title: str) -> list[str]:
    title = re.sub(r"\s*\([^)]*\)", "", title)  # "SpLD (dyslexia and similar)" -> "SpLD"
    return [name.strip() for name in title.split("/") if name.strip()]


def terms() -> tuple[Term, ...]:
    return _terms_of(knowledge.get())


@lru_cache(maxsize=2)
def _terms_of(kb: knowledge.Knowledge) -> tuple[Term, ...]:
    glossary = {key: answer for key, answer in kb.answers.items() if key.startswith("glossary/")}
    owner: dict[str, str] = {}  # term -> answer: a term's own entry first, then acronyms in other entries
    for key, answer in glossary.items():
        for name in _names(answer.title):
            owner.setdefault(name.lower(), key)
    found = [Term(name, key) for key, answer in glossary.items() for name in _names(answer.title)]
    for key, answer in glossary.items():  # "PfA (preparing for adulthood)": the words spelt out, if a phrase
        for spelt in re.findall(r"\(([^)]*)\)", answer.title):
            if len(spelt.split()) >= 3 and "similar" not in spelt and owner.setdefault(spelt.lower(), key) == key:
                found.append(Term(spelt, key))
    for key, answer in glossary.items():
        for alias in re.findall(r"\(([A-Z][A-Za-z]{1,6})\)", answer.text.split(". ")[0]):  # "assessment (EHCNA)"
            if owner.setdefault(alias.lower(), key) == key:
                found.append(Term(alias, key))
    for key, answer in glossary.items():  # "Sections B, F and I": each named alone too ("it's got Section F")
        if listed := re.fullmatch(r"Sections ([A-Z](?:, [A-Z])* and [A-Z])", answer.title):
            found += [Term(f"Section {letter}", key) for letter in re.findall(r"[A-Z]", listed.group(1))]
    return tuple(sorted(found, key=lambda term: -len(term.text)))  # longest first: "SEN support" before "SEN"


def asked_term(text: str) -> str | None:
    """The glossary answer for the term whose meaning the message asks, or None: the last term named before
    the question ("SLCN and SpLD, what do they mean?" -> SpLD), else the first after it."""
    for term in terms():  # "what is an EP", "whats SEMH": the term right after the question
        flags = 0 if len(term.text) <= SHORT else re.I
        if re.search(WHAT_IS + rf"{re.escape(term.text)}(?![\w-])\s*([?,.!]|$)", text, flags):
            return term.key
    cue = MEANING_CUE.search(text)
    if not cue:
        return None
    hits = [(start, key) for start, _, key in _named(text)]
    inside = [hit for hit in hits if cue.start() <= hit[0] < cue.end()]
    if inside:  # "IPSEA said the provision should be quantified, what does quantified mean": the one asked
        return min(inside)[1]
    if one := _one_word_asked(cue.group(0)):
        return one
    before = [hit for hit in hits if hit[0] < cue.start()]
    if before:
        return max(before)[1]
    return min(hits)[1] if hits else None


# Terms named as a list ("SLCN and SpLD", "EOTAS, EHE"): joined by these alone.
LIST_JOIN = re.compile(r"^\s*(,|and|&|or|\+|/|, ?and|, ?or)\s*$", re.I)
DIFFERENCE = re.compile(r"\bdifference\b|\bsame (thing|as)\b", re.I)


def _named(text: str) -> list[tuple[int, int, str]]:
    """(start, end, answer key) of every glossary term in the text, longest terms first, none inside another."""
    found: list[tuple[int, int, str]] = []
    for term in terms():
        flags = 0 if len(term.text) <= SHORT else re.I
        for hit in re.finditer(rf"(?<![\w-]){re.escape(term.text)}(?![\w-])", text, flags):
            if not any(start < hit.end() and hit.start() < end for start, end, _ in found):
                found.append((hit.start(), hit.end(), term.key))
    return sorted(found)


def asked_terms(text: str, earlier: list[str] | None = None) -> list[str]:
    """The answers for two or three terms named as a list whose meaning is asked ("his report says SLCN and
    SpLD, what do they mean?", "EOTAS and EHE, what's the difference?"), in the order named; [] for fewer.
    A short "what do they mean?" reads the list in the message before it; a message that is only the list
    ("SLCN and SpLD?") asks too."""
    if not (MEANING_CUE.search(text) or DIFFERENCE.search(text) or _what_is_a_term(text) or _only_terms(text)):
        return []
    # the message before only for a short question that names no term itself ("what do they mean?")
    sources = [text] if _named(text) or not earlier or len(text.split()) > 8 else [earlier[-1]]
    for source in sources:
        named = _named(source)
        keys: list[str] = []
        for (_, end, key), (start, _, following) in pairwise(named):
            if LIST_JOIN.match(source[end:start]):
                for one in (key, following):
                    if not any(knowledge.get().same_answer(one, kept) for kept in keys):
                        keys.append(one)
        if len(keys) >= 2:
            return keys[:3]
    return []


def _what_is_a_term(text: str) -> bool:
    """"What's SLCN and SpLD?" asks what terms are; "not happy with what's written in the EHCP, section F" does not
    (a term must follow the question words)."""
    starts = {start for start, _, _ in _named(text)}
    return any(found.end() in starts for found in re.finditer(WHAT_IS, text, re.I))


def _only_terms(text: str) -> bool:
    """Two or more terms and nothing else but joining words and punctuation ("SLCN and SpLD?")."""
    named = _named(text)
    rest, last = [], 0
    for start, end, _ in named:
        rest.append(text[last:start])
        last = end
    rest.append(text[last:])
    return len(named) >= 2 and not re.sub(r"\b(and|or|plus)\b|[\s,?.!&/+]", "", "".join(rest), flags=re.I)


def _one_word_asked(cue: str) -> str | None:
    """"what does quantified mean": the entry with that word in its title ("Specified and quantified")."""
    found = re.fullmatch(r"\w+ \w+ (\w{6,}) mean", cue.strip(), re.I)
    if not found:
        return None
    glossary = [a for k, a in knowledge.get().answers.items() if k.startswith("glossary/")]
    for answer in glossary:
        if re.search(rf"\b{re.escape(found.group(1))}\b", answer.title, re.I):
            return answer.key
    return None


def asked_term_after(text: str, earlier: list[str]) -> str | None:
    """The term a short "what does that mean?" points back to, named in the parent's previous message
    ("the paperwork keeps going on about PfA outcomes" / "what does that mean")."""
    if earlier and len(text.split()) <= 8 and (other := _the_other_term(text, earlier[-1])):
        return other
    if earlier and PLAIN_ENGLISH.search(text) and (named := _named(earlier[-1])):
        return named[-1][2]
    if not earlier or not MEANING_CUE.search(text) or len(text.split()) > 8:
        return None
    return asked_term(f"{earlier[-1]}. {text}")


# "What's an EP?" / "how do we get one to see him?": the person or service the term names, not its meaning again.
GET_ONE = re.compile(r"\bhow (do|can|would|could|does) (i|we|you|he|she|my \w+) (get|see|find|contact|reach|"
                     r"ask for|book|get hold of|get to see) (one|them|an? (one|appointment|referral))\b|"
                     r"\b(get|find) (one|them) to (see|assess|visit|look at)\b", re.I)


def term_one_refers_to(text: str, earlier: list[str]) -> str | None:
    """The term named in the previous message that "one" or "them" points back to ("how do we get one")."""
    if not earlier or not GET_ONE.search(text) or not (named := _named(earlier[-1])):
        return None
    return named[-1][2]


OTHER_ONE = re.compile(r"\b(?:the\s+)?other\s+(?:one|term|word|abbreviation|letters|thing)\b", re.I)
KNOWN_BEFORE = re.compile(r"\b(?:get|know|understand|knew)\s+(?:what\s+)?(?:an?\s+|the\s+)?$", re.I)


def _the_other_term(text: str, before: str) -> str | None:
    """"it says SLCN and MLD. i get what MLD is" / "but what's the other one?": the term not already known."""
    if not OTHER_ONE.search(text):
        return None
    said = f"{before} {text}"
    named = list(dict.fromkeys(key for _, _, key in _named(before)))
    known = {key for start, _, key in _named(said) if KNOWN_BEFORE.search(said[max(0, start - 30):start])}
    rest = [key for key in named if key not in known]
    return rest[0] if len(named) >= 2 and len(rest) == 1 else None
