"""What the parent gets when the assistant is unsure (bot/domain/best_guess.py): its best guess with "Did you
mean…?" buttons, or likely topics; after two misses in a row, the offer of a person first."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.contacts import ActionFindContact
from actions.deadlines import ActionDeadline
from actions.what_next import ActionWhatNext
from bot.domain import knowledge
from bot.domain.best_guess import TASKS, best_guess
from bot.domain.deadline_request import DEADLINE_FOLLOW_UP
from bot.domain.follow_ups import WHAT_NOW, WHO_CAN_HELP

PERSON = {"title": "Talk to a person", "payload": "/human_handoff"}
SOMETHING_ELSE = {"title": "Something else", "payload": "/help"}


def _button(choice: str) -> dict[str, str]:
    if choice in TASKS:
        return {"title": TASKS[choice], "payload": f"/{choice}"}
    answer = knowledge.get().answers[choice]
    return {"title": answer.title, "payload": knowledge.get().button_text(answer)}


NOT_SURE = {"utter_not_sure", "utter_still_not_sure", "utter_default"}


def misses_in_a_row(events: list[dict[str, Any]]) -> int:
    """How many of the parent's messages just before this one got "not sure" (not a best guess)."""
    misses = 0
    turn_missed = False
    seen_current = False
    for event in reversed(events):
        kind = event.get("event")
        if kind == "bot" and (event.get("metadata") or {}).get("utter_action") in NOT_SURE:
            turn_missed = True
        elif kind == "user":
            if not seen_current:
                seen_current, turn_missed = True, False
                continue
            if not turn_missed:
                break
            misses, turn_missed = misses + 1, False
    return misses


class ActionBestGuess(Action):
    def name(self) -> str:
        return "action_best_guess"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        text = (tracker.latest_message or {}).get("text") or ""
        kb = knowledge.get()
        # Follow-ups that only make sense with what came before: answered here by the action that knows
        # (run directly, so the conversation carries on as after any other answer).
        if tracker.get_slot("deadline_in_play") and DEADLINE_FOLLOW_UP.search(text):
            return ActionDeadline().run(dispatcher, tracker, domain)  # "and the final plan?", "what time by?"
        if WHAT_NOW.search(text) and (tracker.get_slot("faq_key") or "") in kb.next_steps:
            return ActionWhatNext().run(dispatcher, tracker, domain)  # "what can I do about it?" after a step
        if WHO_CAN_HELP.search(text):
            return ActionFindContact().run(dispatcher, tracker, domain)  # local help, the area given earlier
        guess = best_guess(tracker.latest_message or {}, list(kb.topics))
        guess.suggestions = [s for s in guess.suggestions if s in TASKS or s in kb.answers]
        buttons = [_button(choice) for choice in guess.suggestions]
        if guess.answer and guess.answer in kb.answers:
            dispatcher.utter_message(response=f"utter_{guess.answer}")
            dispatcher.utter_message(response="utter_not_what_you_asked", buttons=[*buttons, SOMETHING_ELSE, PERSON])
            return [SlotSet("faq_key", guess.answer)]
        if misses_in_a_row(tracker.events) >= 1:  # this is the second miss in a row
            dispatcher.utter_message(response="utter_still_not_sure", buttons=[PERSON, *buttons, SOMETHING_ELSE])
        elif buttons:
            dispatcher.utter_message(response="utter_not_sure", buttons=[*buttons, SOMETHING_ELSE, PERSON])
        else:
            dispatcher.utter_message(response="utter_default")
        return []
