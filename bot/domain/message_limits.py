"""Bound what one message can cost: understanding grows with the square of the number of tokens, so a
message is cut to a fixed number of words and marks before it is understood (every channel).

A long message keeps its start (who and what) and its end (usually the question), because that is where
parents put them; the middle is dropped and the parent is told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CHARS = 5000  # read at most this much of any message (the safeguarding check reads all of it)
MAX_TOKENS = 80  # words and punctuation marks the classifier sees (a long story drowns the question)
KEEP_START = 12  # of MAX_TOKENS, from the start; the rest from the end, where parents put the question
TOKEN = re.compile(r"\w+|[^\w\s]")
SENTENCE_END = re.compile(r"(?<=[.?!\n])\s+")


@dataclass(frozen=True)
class Bounded:
    text: str
    cut: bool  # whether part of the message was left out


def bound(text: str, max_tokens: int = MAX_TOKENS, keep_start: int = KEEP_START) -> Bounded:
    """The message as the classifier should see it: at most `max_tokens` tokens, start and end kept."""
    text = text[:MAX_CHARS]
    spans = [match.span() for match in TOKEN.finditer(text)]
    if len(spans) <= max_tokens:
        return Bounded(text, cut=len(text) == MAX_CHARS)
    head = text[:spans[keep_start - 1][1]]
    room = max_tokens - keep_start
    tail = ""  # the last whole sentences that fit: usually the question
    for sentence in reversed(SENTENCE_END.split(text.strip())):
        candidate = f"{sentence} {tail}".strip()
        if len(TOKEN.findall(candidate)) > room:
            break
        tail = candidate
    if tail.endswith("?"):
        return Bounded(tail, cut=True)  # the parent's question, on its own: the story around it only blurs it
    # Not a question on its own: fill the room from the end, mid-sentence if need be ("...a group of girls keep
    # grabbing her hearing aids, she came home crying. what do i do next"): the story's words carry the topic.
    tail = text[spans[len(spans) - room][0]:]
    return Bounded(f"{head} … {tail}", cut=True)
