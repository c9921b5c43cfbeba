"""'Tell me more': the longer part of the last answer, from knowledge/."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.domain import knowledge


class ActionTellMeMore(Action):
    def name(self) -> str:
        return "action_tell_me_more"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        key = (
            next(tracker.get_latest_entity_values("more_key"), None)
            or tracker.get_slot("faq_key")
        )
        answer = knowledge.get().answers.get(key or "")
        if answer and answer.more:
            dispatcher.utter_message(text=answer.more)
        elif answer:
            dispatcher.utter_message(response="utter_nothing_more", title=answer.title)
        else:
            dispatcher.utter_message(response="utter_topic_menu")
        return []
