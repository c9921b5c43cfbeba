"""Urgency of an enquiry, from explicit rules (no model), with the reasons shown to advisers.

2 (urgent): safeguarding or distress language anywhere in the conversation; an appeal or claim deadline
within 14 days (or already passed); exclusion; no school place.
1 (soon): any other computed deadline within 6 weeks.
0 (routine): everything else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.domain import clock, safeguarding

URGENT_DEADLINE_DAYS = 14
SOON_DEADLINE_DAYS = 42
EXCLUSION = re.compile(r"\b(exclu\w*|suspen\w*|sent home|sending (him|her|them) home)\b", re.I)
NO_PLACE = re.compile(r"\b(no school place|out of school|without a school|no school|not in school|"
                      r"part[- ]time timetable|reduced timetable|home ?school\w* because)\b", re.I)
TOPIC_REASONS = {"unhappy/exclusion": "exclusion", "unhappy/no_school_place": "no school place"}
LABELS = {2: "Urgent", 1: "Soon", 0: "Routine"}


@dataclass(frozen=True)
class Urgency:
    level: int
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return LABELS[self.level]


def assess(texts: list[str], topic: str | None, deadline: dt.date | None, deadline_kind: str | None,
           today: dt.date | None = None) -> Urgency:
    today = today or clock.today()
    reasons: list[str] = []
    level = 0
    joined = "\n".join(t for t in texts if t)
    if any(safeguarding.concern(t) for t in texts if t):
        reasons.append("safeguarding or distress language")
        level = 2
    if deadline is not None:
        days = (deadline - today).days
        kind = (deadline_kind or "deadline").replace("_", " ")
        if days <= URGENT_DEADLINE_DAYS and deadline_kind in {"sen_appeal", "discrimination_claim"}:
            reasons.append(f"{kind} {'passed' if days < 0 else f'in {days} days'} ({deadline.isoformat()})")
            level = 2
        elif 0 <= days <= SOON_DEADLINE_DAYS:
            reasons.append(f"{kind} in {days} days ({deadline.isoformat()})")
            level = max(level, 1)
    # The parent's own words first; the topic the bot recognised only when the words do not say.
    said = [reason for reason, pattern in (("exclusion", EXCLUSION), ("no school place", NO_PLACE))
            if pattern.search(joined)]
    if said or topic in TOPIC_REASONS:
        reasons += said or [TOPIC_REASONS[topic or ""]]
        level = 2
    return Urgency(level, tuple(dict.fromkeys(reasons)))
