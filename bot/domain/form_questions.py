"""Is the parent asking something else in the middle of a form ("actually what's a mediation certificate?")?
Then the question is answered and the form asks again, instead of taking the question as their name or
email and saying it looks wrong."""

from __future__ import annotations

import re
from collections.abc import Collection

# Words said before changing one's mind or asking something else ("actualy no, sorry, ...").
FILLER = r"actual+y|actualy|acutally|actully|sorry|wait|hang on|hold on|um+|oh|hmm+|no|nope|ok|okay|please|pls"
# A question word first, perhaps after a few words of changing one's mind ("actually no, forget it, what does...").
QUESTION = re.compile(rf"\?\s*$|^\s*(({FILLER}|forget (it|that)|never ?mind|scrap that)[\s,.!-]*)*"
                      r"(what|whats|what's|who|how|why|when|where|can|could|do|does|is|are|should|will|would|which)\b",
                      re.I)
CONTACT_DETAILS = re.compile(r"@|\d{4}")


def asks_something_else(text: str, intent: str, topics: Collection[str]) -> bool:
    """A question (by its shape) that the classifier put in one of the answer topics, or was unsure about."""
    if not text or text.startswith("/") or CONTACT_DETAILS.search(text):
        return False
    return bool(QUESTION.search(text)) and (intent in topics or intent == "nlu_fallback")


# Changing one's mind about the whole thing ("actually stop, i dont want to send anything", "cancel"): stop, in a
# form or not. A stop word counts only at the start, said on its own ("stop the school excluding him" is a question).
STOPPING = re.compile(
    rf"^\W*(({FILLER})[\s,.!-]+)*"
    r"(stop|cancel|quit|forget it|forget about it|never ?mind|scrap (it|that)|leave it)"
    r"( it| that| this| please| now| then)*\s*([.!,;]|$)|"
    r"\bi (don'?t|dont|do not) want to (send|do|carry on with|continue|give|go on with|share|leave) "
    r"(anything|this|it|that|my details|any details|my (phone )?(number|name|email)|any (phone )?number)"
    r"( any ?more)?\b|\bdon'?t send (it|anything|this)\b|"
    # ... or at the end, after saying why: "actually i'd rather not give my number, stop"
    r"[,.;!-]\s*(stop|cancel|forget it|never ?mind)( it| that| this| please| now)*\W*$|"
    r"\b(i'?d|i would) rather not (give|share|say|send)\b", re.I)


def stops(text: str) -> bool:
    return not text.startswith("/") and bool(STOPPING.search(text or ""))


# Leaving for now, not stopping something: "actually thanks thats it for now, ill come back later".
SIGNING_OFF = re.compile(r"\b(that'?s|thats|that is) (it|all|everything)( for (now|today))?\b|\b(i'?ll|ill|i will) "
                         r"(come|check) back\b|\bcome back later\b|\b(bye|goodbye|see you|cheers|ta ta)\b", re.I)


def signs_off(text: str) -> bool:
    return bool(SIGNING_OFF.search(text or "")) and not stops(text)
