"""Who to go to next, from what the parent has already tried: "the SENCO ignores me ... I've tried the head as
well ... who do I go to next?" is the formal complaint, not the SENCO again. Each rung is the people or step a
parent says they have been to, and the answer that gives the step after it (law-and-services.md §5.3: teacher,
SENCO, headteacher, governors' complaint, then the Department for Education; for councils, the complaints
process, then the Ombudsman; after mediation, the certificate and the Tribunal). Pure: reads the parent's
words only."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Highest rung first: a message naming several is about the furthest one reached.
RUNGS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bmediat\w*.{0,60}\b(fail\w*|nothing|no agreement|didn'?t|did not|waste|useless|over)\b|"
                r"\b(had|done|been to|went to|tried) mediat\w*", re.I), "service/mediation_timescales"),
    (re.compile(r"\bcomplain\w* (to|with) (the )?(council|la|local authority|sen team|send team)\b|"
                r"\b(council|la|local authority)'?s? complaints?\b|\bcomplaint (to|with|in with) (the )?"
                r"(council|la|local authority)\b", re.I), "service/ombudsman"),
    (re.compile(r"\bgovernors?\b|\bcomplaints? (panel|process|procedure|policy)\b|\b(trust|academy)'?s? "
                r"(complaints?|panel)\b|\bcomplain\w* to (the )?(academy )?trust\b|\bstage (2|two|3|three)\b|"
                r"\bpanel (said|says|rejected|refused|dismissed|upheld|found|turned|threw|decided|sided)\b|"
                r"\b(to|at|through|reached|got to) the (complaints? )?panel\b|\bwhole complaints?\b|"
                # "done all the complaint stages at his academy, panel and everything"
                r"\b(all|every) (the |of the )?(complaints? )?stages\b|\bcomplaints? stages\b|"
                r"\bpanel and (all|everything)\b", re.I),
     "unhappy/dfe"),
    (re.compile(r"\bhead ?(teacher|master|mistress)\b|\bthe head\b|\bprincipal\b", re.I), "unhappy/after_head"),
    (re.compile(r"\bcase ?(worker|officer)\b|\bsend? (team|department|officer)\b", re.I), "unhappy/la_failure"),
    (re.compile(r"\bsend?co\b|\bsend?dco\b|\bsenco'?s\b", re.I), "role/headteacher"),
    (re.compile(r"\b(class|form) (teacher|tutor)\b|\bhis teacher\b|\bher teacher\b|\btheir teacher\b", re.I),
     "role/senco"),
]
# The answers after which the parent's own story decides the next step (who does what, complaints, services).
LADDER_FAMILIES = {"role", "unhappy", "service"}
FORMAL = 3  # the first rungs are formal steps (mediation, a complaint to the council or the governors)


def next_after(texts: Sequence[str]) -> str | None:
    """The answer for the step after the furthest one reached, from the newest message that names one."""
    for text in reversed(texts):
        for pattern, following in RUNGS:
            if pattern.search(text or ""):
                return following
    return None


def furthest_after(texts: Sequence[str]) -> str | None:
    """The answer for the step after the highest one any of the messages names ("the SENCO says he's fine" ...
    "I've been to the class teacher as well": the headteacher, not the SENCO again)."""
    for pattern, following in RUNGS:
        if any(pattern.search(text or "") for text in texts):
            return following
    return None


def formal_step_after(texts: Sequence[str]) -> str | None:
    """The step after a formal one the parent says was taken ("I complained to the council in the summer ... no
    reply, what next?"): it decides after any answer, not only after who-does-what and complaint answers."""
    for text in reversed(texts):
        for pattern, following in RUNGS[:FORMAL]:
            if pattern.search(text or ""):
                return following
    return None
