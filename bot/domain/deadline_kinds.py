"""Which deadline an answer offers to work out ("Tell me the date on the letter and I'll work out your
deadline"), so a date that follows the answer, or comes in the same message, starts the right calculation."""

from __future__ import annotations

DEADLINE_FOR_ANSWER = {
    "unhappy/la_decision": "appeal", "unhappy/what_can_appeal": "appeal", "ehc/refused_assessment": "appeal",
    "ehc/refused_to_issue": "appeal", "service/tribunal_or_ombudsman": "appeal",
    "service/tribunal": "appeal", "service/mediation": "appeal", "unhappy/late_appeal": "appeal",
    "glossary/mediation_certificate": "appeal", "ehc/draft_plan": "appeal", "ehc/section_f_vague": "appeal",
    "choices/plan_ending": "appeal", "choices/school_refused": "appeal",
    "school/exclusion_discrimination": "discrimination",
    "unhappy/discrimination": "discrimination", "rights/equality": "discrimination",
    "service/eass": "discrimination",
    "ehc/timescales": "ehc", "ehc/request_assessment": "ehc", "ehc/what_is_ehcp": "ehc",
    "ehc/who_can_request": "ehc", "unhappy/la_failure": "ehc", "graduated/no_progress": "ehc",
    "ehc/annual_review": "review", "glossary/annual_review": "review", "ehc/amendments_final_plan": "review",
}
# The intent that starts each kind of deadline (the action then reads which one from the parent's words:
# a draft plan's 15 days come in through the EHC timescales question).
INTENT_FOR_KIND = {"appeal": "ask_appeal_deadline", "discrimination": "ask_discrimination_deadline",
                   "ehc": "ask_ehc_deadline", "review": "ask_review_deadline", "draft": "ask_ehc_deadline"}


def kind_for_answer(answer_key: str | None) -> str | None:
    return DEADLINE_FOR_ANSWER.get(answer_key or "")
# And back: which deadline a question intent asks about (the draft plan shares the EHC question).
KIND_FOR_INTENT = {intent: kind for kind, intent in INTENT_FOR_KIND.items() if kind != "draft"}
DEADLINE_QUESTIONS = frozenset(INTENT_FOR_KIND.values()) | {"ask_deadline"}
