"""'Delete my conversation': forget what the knowledge database holds about this conversation (details typed
into the hand-off form, "Was this helpful?" answers), then Restarted. The conversation itself is deleted by the
process that owns it: the Rasa server's tracker store deletes every stored event when it saves this turn
(rasa_addons/tracker_store.py), so the action server needs no access to the conversation database."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted
from rasa_sdk.executor import CollectingDispatcher

from bot import settings
from bot.store import enquiries, feedback

log = logging.getLogger(__name__)


class ActionDeleteConversation(Action):
    def name(self) -> str:
        return "action_delete_conversation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        try:
            enquiries.forget(tracker.sender_id)
            feedback.forget(tracker.sender_id)  # its "Was this helpful?" answers
        except Exception:
            log.exception("deleting a conversation failed")
            dispatcher.utter_message(response="utter_delete_failed",
                                     days=str(settings.current().conversation_retention_days))
            return []
        dispatcher.utter_message(response="utter_deleted")
        dispatcher.utter_message(json_message={"forget": True})  # the web chat clears its screen and storage
        return [Restarted()]
