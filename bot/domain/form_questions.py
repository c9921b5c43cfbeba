"""Is the parent asking something else in the middle of a form ("actually what's a mediation certificate?")?
Then the question is answered and the form asks again, instead of taking the question as their name or
email and saying it looks wrong."""

from __future__ import annotations

import re
from collections.abc import Collection

# A question word first, perhaps after a few words of changing one's mind ("actually no, forget it, what does...").
QUESTION = re.compile(r"\?\s*$|^\s*((actually|sorry|wait|hang on|um+|oh|no|nope|ok|okay|forget (it|that)|"
                      r"never ?mind|scrap that)[\s,.!-]*)*(what|whats|what's|who|how|why|when|"
                      r"where|can|could|do|does|is|are|should|will|would|which)\b", re.I)
CONTACT_DETAILS = re.compile(r"@|\d{4}")


def asks_something_else(text: str, intent: str, topics: Collection[str]) -> bool:
    """A question (by its shape) that the classifier put in one of the answer topics, or was unsure about."""
    if not text or text.startswith("/") or CONTACT_DETAILS.search(text):
        return False
    return bool(QUESTION.search(text)) and (intent in topics or intent == "nlu_fallback")
