"""Two or three terms asked at once ("SLCN and SpLD, what do they mean?"): each one's glossary answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import parent_texts
from bot.domain import glossary_terms, knowledge

TERM_ENTITY = "glossary_term"  # set by rasa_addons.nlu_guards.GlossaryDetector, one per term


class ActionExplainTerms(Action):
    def name(self) -> str:
        return "action_explain_terms"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        answers = knowledge.get().answers
        keys = [str(e.get("value")) for e in tracker.latest_message.get("entities") or []
                if e.get("entity") == TERM_ENTITY]
        if not keys:  # the classifier's own reading: the terms from the words
            text = tracker.latest_message.get("text") or ""
            one = glossary_terms.asked_term(text)
            keys = glossary_terms.asked_terms(text, parent_texts(tracker)[:-1]) or ([one] if one else [])
        keys = [key for key in keys if key in answers]
        if not keys:
            return [FollowupAction("action_best_guess")]
        for key in keys:
            dispatcher.utter_message(response=f"utter_{key}")
        return [SlotSet("faq_key", keys[-1])]
