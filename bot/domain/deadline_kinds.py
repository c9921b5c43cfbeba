"""Which deadline an answer offers to work out ("Tell me the date on the letter and I'll work out your
deadline"), so a date that follows the answer, or comes in the same message, starts the right calculation.
Each answer says it itself (`deadline:` in knowledge/answers)."""

from __future__ import annotations

from bot.domain import knowledge

# The intent that starts each kind of deadline (the action then reads which one from the parent's words:
# a draft plan's 15 days come in through the EHC timescales question).
INTENT_FOR_KIND = {"appeal": "ask_appeal_deadline", "discrimination": "ask_discrimination_deadline",
                   "ehc": "ask_ehc_deadline", "review": "ask_review_deadline", "draft": "ask_ehc_deadline"}


def kind_for_answer(answer_key: str | None) -> str | None:
    answer = knowledge.get().answers.get(answer_key or "")
    return answer.deadline if answer else None


# And back: which deadline a question intent asks about (the draft plan shares the EHC question).
KIND_FOR_INTENT = {intent: kind for kind, intent in INTENT_FOR_KIND.items() if kind != "draft"}
DEADLINE_QUESTIONS = frozenset(INTENT_FOR_KIND.values()) | {"ask_deadline"}
