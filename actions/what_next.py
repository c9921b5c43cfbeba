""""What next?" / "and if that doesn't work?": the next step after the answer just given
(knowledge/next_steps.yml)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import knowledge


class ActionWhatNext(Action):
    def name(self) -> str:
        return "action_what_next"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        following = knowledge.get().next_steps.get(tracker.get_slot("faq_key") or "")
        if following is None:
            dispatcher.utter_message(response="utter_what_next_unknown")
            return []
        dispatcher.utter_message(response=f"utter_{following}")
        return [SlotSet("faq_key", following)]
