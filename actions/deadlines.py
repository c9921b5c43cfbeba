"""Work out deadlines from the dates the parent gave (bot.deadlines) and explain them."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import deadline_text, deadlines
from bot.calendar_ics import deadline_ics

log = logging.getLogger(__name__)
SORRY = ("Sorry, I couldn't work that out just now. The usual rule is 2 months from the date on the decision "
         "letter, or 1 month from a mediation certificate if that is later. IPSEA or your local SENDIASS "
         "can check your exact date for free.")

# Which deadline a follow-up like "what's the deadline for that?" means, from the last answer's topic.
DEADLINE_FOR_ANSWER = {
    "unhappy/la_decision": "appeal_deadline_form", "unhappy/what_can_appeal": "appeal_deadline_form",
    "ehc/refused_assessment": "appeal_deadline_form", "service/tribunal": "appeal_deadline_form",
    "service/mediation": "appeal_deadline_form", "unhappy/late_appeal": "appeal_deadline_form",
    "glossary/mediation_certificate": "appeal_deadline_form", "ehc/draft_plan": "appeal_deadline_form",
    "unhappy/discrimination": "discrimination_deadline_form", "rights/equality": "discrimination_deadline_form",
    "unhappy/exclusion": "discrimination_deadline_form", "service/eass": "discrimination_deadline_form",
    "ehc/timescales": "ehc_deadline_form", "ehc/request_assessment": "ehc_deadline_form",
    "ehc/what_is_ehcp": "ehc_deadline_form", "ehc/who_can_request": "ehc_deadline_form",
    "unhappy/la_failure": "ehc_deadline_form",
    "ehc/annual_review": "review_deadline_form", "glossary/annual_review": "review_deadline_form",
}


def _date(tracker: Tracker, slot: str) -> dt.date | None:
    value = tracker.get_slot(slot)
    try:
        return dt.date.fromisoformat(value) if value and value != "none" else None
    except ValueError:
        return None


def _ics_message(dispatcher: CollectingDispatcher, title: str, day: dt.date, description: str) -> None:
    dispatcher.utter_message(json_message={"ics": {
        "filename": f"send-deadline-{day.isoformat()}.ics",
        "content": deadline_ics(title, day, description),
    }})


class ActionAppealDeadline(Action):
    def name(self) -> str:
        return "action_appeal_deadline"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        clear = [SlotSet("letter_date", None), SlotSet("certificate_date", None)]
        letter = _date(tracker, "letter_date")
        if letter is None:
            dispatcher.utter_message(text=SORRY)
            return clear
        try:
            certificate = _date(tracker, "certificate_date")
            result = deadlines.sen_appeal(letter, certificate)
        except Exception:  # a broken calendar library must not silence the bot
            log.exception("appeal deadline failed")
            dispatcher.utter_message(text=SORRY)
            return clear
        today = dt.date.today()
        dispatcher.utter_message(text=deadline_text.appeal_reply(result, today, certificate is not None))
        if result.date >= today:
            _ics_message(dispatcher, "SEND Tribunal appeal deadline (5pm)", result.date,
                         "Your appeal must reach the SEND Tribunal by 5pm. " + " ".join(result.rules))
        return [*clear, SlotSet("deadline_date", result.date.isoformat()), SlotSet("deadline_kind", result.kind)]


class ActionDiscriminationDeadline(Action):
    def name(self) -> str:
        return "action_discrimination_deadline"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        conduct = _date(tracker, "conduct_date")
        clear = [SlotSet("conduct_date", None)]
        if conduct is None:
            dispatcher.utter_message(text="Sorry, I couldn't work that out. A discrimination claim must usually "
                                          "be made within 6 months of what happened. EASS or IPSEA can help.")
            return clear
        result = deadlines.discrimination_claim(conduct)
        today = dt.date.today()
        dispatcher.utter_message(text=deadline_text.discrimination_reply(result, today))
        if result.date >= today:
            _ics_message(dispatcher, "Disability discrimination claim deadline", result.date, " ".join(result.rules))
        return [*clear, SlotSet("deadline_date", result.date.isoformat()), SlotSet("deadline_kind", result.kind)]


class ActionEhcDeadline(Action):
    def name(self) -> str:
        return "action_ehc_deadline"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        request = _date(tracker, "request_date")
        clear = [SlotSet("request_date", None)]
        if request is None:
            dispatcher.utter_message(response="utter_ehc/timescales")
            return clear
        timeline = deadlines.ehc_assessment(request)
        today = dt.date.today()
        dispatcher.utter_message(text=deadline_text.ehc_reply(timeline, today))
        upcoming = next((i for i in timeline.items if i.date >= today), None)
        if upcoming:
            _ics_message(dispatcher, upcoming.title, upcoming.date, " ".join(upcoming.rules))
        return clear


class ActionReviewDeadline(Action):
    def name(self) -> str:
        return "action_review_deadline"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        meeting = _date(tracker, "meeting_date")
        clear = [SlotSet("meeting_date", None)]
        if meeting is None:
            dispatcher.utter_message(response="utter_ehc/annual_review")
            return clear
        timeline = deadlines.annual_review(meeting)
        dispatcher.utter_message(text=deadline_text.review_reply(timeline, dt.date.today()))
        return clear


class ActionChooseDeadline(Action):
    """"What's the deadline for that?": use the topic in play, or ask which deadline."""

    def name(self) -> str:
        return "action_choose_deadline"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        form = DEADLINE_FOR_ANSWER.get(tracker.get_slot("faq_key") or "")
        if form:
            return [FollowupAction(form)]
        dispatcher.utter_message(response="utter_which_deadline")
        return []
