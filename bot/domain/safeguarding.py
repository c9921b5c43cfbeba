"""Detect messages that suggest a child at risk or a parent in crisis (patterns in knowledge/)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.domain.carried import Carried
from bot.settings import KNOWLEDGE_DIR

FILE = "safeguarding.yml"


def load(directory: Path = KNOWLEDGE_DIR) -> dict[str, re.Pattern[str]]:
    """Each kind of concern's patterns, compiled into one expression, from the folder's safeguarding.yml."""
    with (directory / FILE).open(encoding="utf-8") as handle:
        doc = yaml.safe_load(handle)
    return {
        group: re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b", re.IGNORECASE)
        for group, patterns in doc["patterns"].items()
    }


_carried: Carried[dict[str, re.Pattern[str]]] = Carried(load)


def use(patterns: dict[str, re.Pattern[str]] | None) -> None:
    """Read with these patterns from now on, not the project's file (rasa_addons/guard_knowledge.py); None: back to
    the project's."""
    _carried.use(patterns)


def _compiled() -> dict[str, re.Pattern[str]]:
    return _carried.get()


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


# After a message that raised a concern, a short question about what to do now ("who do i ring??", "what do i
# do", "im scared to send him back", "the police won't care will they") is about that concern: it gets the same
# reply, the numbers to call.
ASKS_WHAT_TO_DO = re.compile(
    r"\b(who (do|should|can|would) (i|we) ((even|actually|else|now|then) )?(ring|call|phone|contact|tell|"
    r"report (it|this|them|him|her) to|speak to|"
    r"talk to|go to)|what (else )?(do|should|can) (i|we) do( now)?\b|"
    r"(don'?t|dont|do not) know (who|what|where) (to|i should|i can) (talk to|speak to|turn to|ring|call|go|do)\b|"
    r"(don'?t|dont|do not) want (to (call|ring|phone|get|involve)|them to (call|ring|get|involve)) (the )?"
    r"(police|social (services|workers?)|children'?s services)|where (do|can|should) (i|we) report|how (do|can) (i|we) "
    r"report|(scared|afraid|frightened|worried|terrified) (to|of) (send|sending|let|letting) (him|her|them)|"
    r"police|999|(should|shall|do) (i|we) (call|ring|phone)|"
    # what is happening now, or that no one is helping: "its happening now", "he's back", "no one helps"
    r"happening (now|again|right now)|(going on|kicking off) (now|right now|again)|"
    r"(he'?s|she'?s|they'?re|hes|shes|theyre) (here|back|coming( back)?|outside|still here)( now)?\W*$|"
    r"(no ?one|nobody) (helps|cares|listens|is helping|will help|believes)|please help|help me|"
    r"i'?m (so |really )?(scared|frightened|terrified)|can'?t cope|"
    # the worry going on: "they look like finger marks", "i dont think hes safe", "i dont want to get her into trouble"
    r"(finger|grip|hand) ?(marks|prints)|(don'?t|dont|do not) (think|feel|believe) (he|she|they|it)( i|'|)s? safe|"
    r"(isn'?t|is not|not|never) safe\b|(don'?t|dont|do not) want to get (him|her|them) (into|in) trouble|"
    r"(don'?t|dont|do not) believe (them|the school|her|him|it|me|us)|"
    # the school denies it: "the school say it didnt happen"
    r"(say|says|said|saying|claim|claims) (it|that|this|nothing) (didn'?t|did not|never|has never|ever) happen|"
    r"\b(denied|deny|denies|denying) (it|everything|that)\b|"
    # still gone: "its been 20 mins now and its getting dark"
    r"getting dark|(it'?s|its|it is) dark( now)?\b|been (\d+|ten|twenty|thirty|forty|an?) (mins?|minutes|hours?)\b|"
    r"still (not|no sign|isn'?t|hasn'?t)\b.{0,15}\b(back|home|found)\b|can'?t find (him|her|them)\b|"
    # whether to wait: "she's saying she's fine now, should i just wait and see"
    r"wait and see|should (i|we) (just )?(wait|leave (it|her|him|them)|take (her|him|them)|go)\b|"
    r"(she|he|they)('?s| is| are)? (saying|says|said|seems?|looks?) (she|he|they)?('?s| is| are)? ?(fine|ok|okay|"
    r"alright|all right)\b|is (she|he) (going to be )?(ok|okay|alright|all right)\b)",
    re.IGNORECASE)
FOLLOW_UP_WORDS = 30
# Straight after the crisis reply, calmer now and no question: "hes ok now, hes in his room", "shes calmed down".
SETTLED = re.compile(
    r"\b((he|she|they|we|i)('?s|'?re| is| are| am|'?m)|hes|shes|theyre|were|im) (ok|okay|fine|alright|all right|safe|"
    r"calm|calmer|settled|asleep|sleeping|better|in (his|her|their|my) room)( now| for now)?\b|"
    r"\b(calmed|settled) down\b|\bfell asleep\b|\b(it'?s|its|everything'?s|everythings) (ok|okay|fine|calmer) now\b",
    re.I)
SETTLED_CONCERNS = frozenset({"self_harm", "abuse_or_danger", "parent_crisis"})


def follow_up_concern(text: str, previous: str | None, read: str = "") -> str | None:
    """The earlier message's concern, when this message asks what to do about it; `read`: the concern the last
    reply answered (the safeguarding reply), when the earlier message's words alone do not say it."""
    cleaned = _clean(text or "")
    if not (previous or read) or len(cleaned.split()) > FOLLOW_UP_WORDS:
        return None
    if not ASKS_WHAT_TO_DO.search(cleaned):
        # calmer now, told straight after the crisis reply: still worth getting help ("settled": its own reply)
        return "settled" if read in SETTLED_CONCERNS and SETTLED.search(cleaned) else None
    return concern(previous or "") or (read if read != "settled" else None) or None
