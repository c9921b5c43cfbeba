""""What next?" / "and if that doesn't work?": the next step after the answer just given
(knowledge/next_steps.yml)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import answer_before, parent_texts
from bot.domain import deadline_request, escalation, knowledge
from bot.domain.answer_rules import WHAT_IF_NO
from bot.domain.follow_ups import ALREADY_DONE, SUSPENSION, WHAT_TO_DO
from bot.domain.knowledge import AFTER_DEADLINE, STILL_TO_COME

RECENT_MESSAGES = 6  # how far back the steps a parent says they have tried are read
CONTEXT_SURE = 0.3  # the classifier's confidence in the answer it chose with the previous message


def context_answer(parse: dict[str, Any], current: str) -> str | None:
    """The answer the classifier chose for this message read with the previous one, if it was sure enough
    and is not the answer just given."""
    selected = ((parse.get("response_selector") or {}).get("default") or {}).get("response") or {}
    key = selected.get("intent_response_key")
    if key and key != current and float(selected.get("confidence") or 0.0) >= CONTEXT_SURE:
        return str(key)
    return None


class ActionWhatNext(Action):
    def name(self) -> str:
        return "action_what_next"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        kb = knowledge.get()
        # the answer the parent read (this message's own guess only when there was none)
        current = answer_before(tracker) or tracker.get_slot("faq_key") or ""
        # the parent's last few messages (not the last few events: a turn's slots and replies crowd them out)
        texts = parent_texts(tracker)[-RECENT_MESSAGES:]
        following = kb.next_steps.get(current)
        if current.startswith(AFTER_DEADLINE) and not tracker.get_slot("deadline_passed"):
            # "what happens next?" after dates still to come: not a complaint about them, the step that comes
            following = kb.next_steps.get(current + STILL_TO_COME)
        # "I've spoken to his class teacher twice, who do I go to next?": the step after the furthest one tried,
        # whatever answer came before it.
        tried = escalation.furthest_after(texts) if texts and ALREADY_DONE.search(texts[-1]) else None
        if tried and tried in kb.answers:
            following = tried
        elif ((formal := escalation.formal_step_after(texts[-2:])) and formal in kb.answers
              and not deadline_request.about_exclusion(texts)):  # an exclusion's governors: the review panel next
            following = formal  # "I complained to the council about his review, no reply: next step?"
        elif following is None or current.split("/")[0] in escalation.LADDER_FAMILIES:
            # "The SENCO ignores me, I've tried the head too, who next?": the step after the furthest one tried
            # (after who-does-what and complaint answers, or an answer with no next step of its own).
            reached = escalation.next_after(texts)
            if reached and reached in kb.answers:  # the answer just given again, if that is the next step
                following = reached
        if following is None:
            # No step after the last answer: "what can I do?" after the parent's own story ("she's on SEN
            # support but making no progress") is about that story. The classifier read the two together.
            following = context_answer(tracker.latest_message or {}, current)
        read = kb.answers.get(current)
        if read and read.own_steps and texts and WHAT_TO_DO.search(texts[-1]):
            # "what should i actually do about it?" after the bullying answer: its own steps first
            dispatcher.utter_message(response="utter_own_steps_first", steps=read.own_steps)
            return [SlotSet("faq_key", current)]
        if read and read.if_refused and texts and WHAT_IF_NO.search(texts[-1]):
            following = read.if_refused  # "what if they say no?" after the timescales: the refusal's route
        said = " ".join(texts)
        if following == "school/exclusion_challenge" and SUSPENSION.search(said):
            following = "school/suspension"
        if following is None or following not in kb.answers:
            dispatcher.utter_message(response="utter_what_next_unknown")
            return []
        dispatcher.utter_message(response=f"utter_{following}")
        return [SlotSet("faq_key", following)]
