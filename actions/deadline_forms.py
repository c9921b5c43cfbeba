"""Form validation for the deadline forms: read dates from the parent's own words (bot.dates).

A date in the first message ("the council refused on 3 March, what's my deadline?") fills the slot
straight away. Impossible, future and vague dates get a kind explanation and the question again.
Safeguarding, "stop" and "start again" are never swallowed as a date.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.dates import parse_date

INTERRUPTIONS = {"safeguarding", "stop", "start_again", "human_handoff", "delete_my_data"}
NO_CERTIFICATE = re.compile(
    r"^\s*(no|nope|nah|not yet|none|no certificate|haven'?t|have not|didn'?t|did not|don'?t|"
    r"do not|not got one|no i haven'?t)\b", re.I)
NO_DATE_FOUND = ("Sorry, I couldn't find a date in that. Please type the date printed on it, for example "
                 "14 March 2026 or 14/3/26. Or say \"stop\" to do something else.")


def _intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def _text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


class DateFormValidation(FormValidationAction, ABC):
    """Shared extraction and validation for forms whose slots are dates in the past.
    Abstract, so the action server does not register it as an action of its own."""

    date_slots: tuple[str, ...] = ()

    @abstractmethod
    def name(self) -> str:
        """validate_<form name>"""

    async def extract_date_slot(self, slot: str, tracker: Tracker) -> dict[str, Any]:
        if tracker.get_slot(slot) is not None or _intent(tracker) in INTERRUPTIONS:
            return {}
        text = _text(tracker)
        if text.startswith("/"):
            return {}
        requested = tracker.get_slot("requested_slot")
        if requested == slot:
            return {slot: text}
        if requested is None and slot == self.date_slots[0]:
            # Activation: take a date from the opening message only if it clearly holds one.
            answer = parse_date(text)
            if answer.status == "ok" and answer.date:
                return {slot: answer.date.isoformat()}
        return {}

    def validate_date(self, value: Any, dispatcher: CollectingDispatcher) -> str | None:
        answer = parse_date(str(value))
        if answer.status == "ok" and answer.date:
            return answer.date.isoformat()
        dispatcher.utter_message(text=answer.message or NO_DATE_FOUND)
        return None


class ValidateAppealDeadlineForm(DateFormValidation):
    date_slots = ("letter_date", "certificate_date")

    def name(self) -> str:
        return "validate_appeal_deadline_form"

    async def extract_letter_date(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: dict[str, Any]) -> dict[str, Any]:
        return await self.extract_date_slot("letter_date", tracker)

    async def extract_certificate_date(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: dict[str, Any]) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "certificate_date" or tracker.get_slot("certificate_date"):
            return {}
        if _intent(tracker) in INTERRUPTIONS:
            return {}
        text = _text(tracker)
        if _intent(tracker) == "deny" or NO_CERTIFICATE.search(text):
            return {"certificate_date": "none"}
        return {"certificate_date": text}

    def validate_letter_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: dict[str, Any]) -> dict[str, Any]:
        return {"letter_date": self.validate_date(value, dispatcher)}

    def validate_certificate_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: dict[str, Any]) -> dict[str, Any]:
        if value == "none":
            return {"certificate_date": "none"}
        answer = parse_date(str(value))
        if answer.status == "none" and re.search(r"\b(yes|yeah|yep|i have|got one)\b", str(value), re.I):
            dispatcher.utter_message(text="Thanks. What date is printed on the certificate?")
            return {"certificate_date": None}
        iso = self.validate_date(value, dispatcher)
        letter = tracker.get_slot("letter_date")
        if iso and letter and iso < letter:
            dispatcher.utter_message(text="That date is before the decision letter. The certificate comes after "
                                          "the decision: could you check the date on it?")
            return {"certificate_date": None}
        return {"certificate_date": iso}


class ValidateDiscriminationDeadlineForm(DateFormValidation):
    date_slots = ("conduct_date",)

    def name(self) -> str:
        return "validate_discrimination_deadline_form"

    async def extract_conduct_date(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: dict[str, Any]) -> dict[str, Any]:
        return await self.extract_date_slot("conduct_date", tracker)

    def validate_conduct_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: dict[str, Any]) -> dict[str, Any]:
        return {"conduct_date": self.validate_date(value, dispatcher)}


class ValidateEhcDeadlineForm(DateFormValidation):
    date_slots = ("request_date",)

    def name(self) -> str:
        return "validate_ehc_deadline_form"

    async def extract_request_date(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: dict[str, Any]) -> dict[str, Any]:
        return await self.extract_date_slot("request_date", tracker)

    def validate_request_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: dict[str, Any]) -> dict[str, Any]:
        return {"request_date": self.validate_date(value, dispatcher)}


class ValidateReviewDeadlineForm(DateFormValidation):
    date_slots = ("meeting_date",)

    def name(self) -> str:
        return "validate_review_deadline_form"

    async def extract_meeting_date(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: dict[str, Any]) -> dict[str, Any]:
        return await self.extract_date_slot("meeting_date", tracker)

    def validate_meeting_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: dict[str, Any]) -> dict[str, Any]:
        return {"meeting_date": self.validate_date(value, dispatcher)}
