"""Pass an enquiry to the local SENDIASS, with the parent's explicit agreement.

The form asks for: agreement (after a short privacy notice), name, email and/or phone, best time, area
(unless known) and a one-line summary. Answers are kept outside the conversation (bot.store.enquiries.remember)
so the stored conversation holds no contact details; the slot only records that an answer was given.
The parent can say "stop" at any point. Saving is one transaction; if it fails, nothing is lost silently:
the parent is told and given the service's direct contact.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from email_validator import EmailNotValidError, validate_email
from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.domain import areas, deployment, knowledge, triage
from bot.domain.form_questions import asks_something_else
from bot.domain.person_request import asks_for_a_person
from bot.store import directory, enquiries
from bot.store.enquiries import parent_phone

log = logging.getLogger(__name__)
FORM_SLOTS = ["handoff_consent", "contact_name", "contact_details", "best_time", "handoff_area", "handoff_summary",
              "handoff_checked"]
# "Check your answers": the answer each "Change" button (utter_check_your_answers) or typed "change my number"
# asks again, and the words that name it.
CHANGES = {"contact_name": r"name", "contact_details": r"contact|email|phone|number", "best_time": r"time",
           "handoff_area": r"area|council", "handoff_summary": r"help|summary|question|message|need"}
# What was wrong with contact details (utter_contact_details_invalid, utter_contact_details_partly_kept).
BAD_EMAIL = "the email address doesn't look complete"
BAD_PHONE = "the phone number doesn't look like a UK number"
CHANGE = re.compile(r"\b(change|wrong|edit|correct|fix|update|not right)\b", re.I)
GIVEN = "given"
INTERRUPTIONS = {"safeguarding", "stop", "start_again", "delete_my_data"}
# Asked whether to pass the enquiry on, an area or a contact request instead of yes or no.
WANTS_CONTACTS = {"find_contact", "inform_area"}
EMAIL = re.compile(r"[^\s,;<>]+@[^\s,;<>]+")
PHONE = re.compile(r"(?:\+44|\b0)[\d\s()-]{8,16}\d")
YES = re.compile(r"^\s*(yes|yeah|yep|yup|ok|okay|sure|please|y|go ahead|i agree|agree)\b", re.I)
NO = re.compile(r"^\s*(no|nope|nah|n|not now|no thanks|don'?t)\b", re.I)


def _asked_again_already(tracker: Tracker) -> bool:
    """Whether consent was already asked again, as unclear, since the hand-off form started."""
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == "handoff_form":
            return False
        if event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == "utter_consent_unclear":
            return True
    return False


def _intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


class ValidateHandoffForm(FormValidationAction):
    def name(self) -> str:
        return "validate_handoff_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: dict[str, Any]) -> list[str]:
        if tracker.get_slot("handoff_consent") == "no":
            # Nothing more to ask; the consent slot stays required, because rasa_sdk validates (and returns)
            # only required slots: with [] the "no" was dropped and Rasa rejected the form.
            return ["handoff_consent"]
        slots = list(FORM_SLOTS)
        if tracker.get_slot("area_gss"):
            slots.remove("handoff_area")
        return slots

    def _take(self, slot: str, tracker: Tracker) -> dict[str, Any]:
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("requested_slot") != slot or _intent(tracker) in INTERRUPTIONS:
            return {}
        if slot != "handoff_summary" and asks_something_else(text, _intent(tracker), knowledge.get().topics):
            return {}  # answered by a rule (data/rules/handoff.yml), then the form asks again
        if slot == "handoff_checked":
            return {slot: _checked(text, _intent(tracker))}
        if slot == "handoff_consent":
            if _intent(tracker) in WANTS_CONTACTS:
                return {}  # "paignton", "what's their number?": the contacts, not the hand-off (data/rules/handoff.yml)
            if _intent(tracker) == "affirm" or YES.search(text) or asks_for_a_person(text):
                return {slot: "yes"}
            if _intent(tracker) == "deny" or NO.search(text):
                return {slot: "no"}
            return {slot: "unclear"}
        return {slot: text}

    async def extract_handoff_checked(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: dict[str, Any]) -> dict[str, Any]:
        return self._take("handoff_checked", tracker)

    async def extract_handoff_consent(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: dict[str, Any]) -> dict[str, Any]:
        return self._take("handoff_consent", tracker)

    async def extract_contact_name(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: dict[str, Any]) -> dict[str, Any]:
        return self._take("contact_name", tracker)

    async def extract_contact_details(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: dict[str, Any]) -> dict[str, Any]:
        return self._take("contact_details", tracker)

    async def extract_best_time(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: dict[str, Any]) -> dict[str, Any]:
        return self._take("best_time", tracker)

    async def extract_handoff_area(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: dict[str, Any]) -> dict[str, Any]:
        return self._take("handoff_area", tracker)

    async def extract_handoff_summary(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: dict[str, Any]) -> dict[str, Any]:
        return self._take("handoff_summary", tracker)

    def validate_handoff_consent(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: dict[str, Any]) -> dict[str, Any]:
        if value in {"yes", "no"}:
            return {"handoff_consent": value}
        if _asked_again_already(tracker):
            # Not yes or no twice ("im in kent", "whats their number"): stop asking rather than loop; not passed on.
            dispatcher.utter_message(response="utter_consent_given_up")
            return {"handoff_consent": "no"}
        dispatcher.utter_message(response="utter_consent_unclear")
        return {"handoff_consent": None}

    def validate_contact_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: dict[str, Any]) -> dict[str, Any]:
        name = re.sub(r"^(my name is|i'?m|it'?s|this is|name:?)\s+", "", str(value).strip(), flags=re.I).strip()
        if not 1 <= len(name) <= 100 or EMAIL.search(name) or PHONE.search(name):
            dispatcher.utter_message(response="utter_contact_name_invalid")
            return {"contact_name": None}
        enquiries.remember(tracker.sender_id, name=name)
        return {"contact_name": GIVEN}

    def validate_contact_details(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: dict[str, Any]) -> dict[str, Any]:
        """Keep whatever is valid (an email, a phone number or both) and say which part was wrong,
        without repeating what the parent typed."""
        text = str(value)
        email = phone = None
        problems = []
        if match := EMAIL.search(text):
            try:
                email = validate_email(match.group(0).strip(".,"), check_deliverability=False).normalized
            except EmailNotValidError:
                problems.append(BAD_EMAIL)
        if match := PHONE.search(text):
            phone = parent_phone(match.group(0))
            if phone is None:
                problems.append(BAD_PHONE)
        if not (email or phone):
            if problems:
                dispatcher.utter_message(response="utter_contact_details_invalid", problems=" and ".join(problems))
            else:
                dispatcher.utter_message(response="utter_contact_details_missing")
            return {"contact_details": None}
        if problems:
            dispatcher.utter_message(response="utter_contact_details_partly_kept",
                                     kept="email address" if email else "phone number",
                                     problem=problems[0].capitalize())
        enquiries.remember(tracker.sender_id, email=email, phone=phone)
        return {"contact_details": GIVEN}

    def validate_best_time(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: dict[str, Any]) -> dict[str, Any]:
        enquiries.remember(tracker.sender_id, best_time=str(value).strip()[:200] or "any time")
        return {"best_time": GIVEN}

    def validate_handoff_area(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: dict[str, Any]) -> dict[str, Any]:
        match = areas.load().match(str(value))
        if match.status == "found" and match.area:
            return {"handoff_area": match.area.name, "area_gss": match.area.gss, "area_name": match.area.name}
        if match.status == "ambiguous":
            dispatcher.utter_message(response="utter_handoff_area_ambiguous",
                                     areas=" or ".join(a.name for a in match.areas[:4]))
        elif match.status == "not_england":
            dispatcher.utter_message(response="utter_handoff_area_not_england")
        else:
            dispatcher.utter_message(response="utter_handoff_area_not_recognised")
        return {"handoff_area": None}

    def validate_handoff_summary(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: dict[str, Any]) -> dict[str, Any]:
        summary = str(value).strip()
        if len(summary) < 3:
            dispatcher.utter_message(response="utter_handoff_summary_too_short")
            return {"handoff_summary": None}
        enquiries.remember(tracker.sender_id, summary=summary[:1000])
        return {"handoff_summary": GIVEN}


    def validate_handoff_checked(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: dict[str, Any]) -> dict[str, Any]:
        if value == "yes":
            return {"handoff_checked": "yes"}
        if str(value).startswith("change:") and (slot := str(value)[7:]) in CHANGES:
            cleared: dict[str, Any] = {slot: None, "handoff_checked": None}
            if slot == "handoff_area":
                cleared.update(area_gss=None, area_name=None)  # asked again even if known before the form
            return cleared
        dispatcher.utter_message(response="utter_check_answers_unclear")
        return {"handoff_checked": None}


def _checked(text: str, intent: str) -> str:
    """The parent's reply to "check your answers": "yes", "change:<slot>" or "unclear"."""
    if chosen := re.search(r'"form_slot"\s*:\s*"(\w+)"', text):  # a "Change ..." button
        return f"change:{chosen.group(1)}"
    if intent == "change_answer" or CHANGE.search(text):
        for slot, words in CHANGES.items():
            if re.search(rf"\b({words})", text, re.I):
                return f"change:{slot}"
    if intent == "affirm" or YES.search(text) or re.match(r"\s*send( it)?\b", text, re.I):
        return "yes"
    return "unclear"


class ActionAskHandoffChecked(Action):
    """Before saving: the answers, each with a "Change" button (GOV.UK's "check your answers" pattern).
    The message repeats the parent's details to them; only its first line, CHECK_YOUR_ANSWERS, is stored
    (rasa_addons/tracker_store.py)."""

    def name(self) -> str:
        return "action_ask_handoff_checked"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        given = enquiries.pending(tracker.sender_id)
        contact = " and ".join(part for part in (given.get("email"), given.get("phone")) if part)
        area = tracker.get_slot("handoff_area") or tracker.get_slot("area_name") or ""
        dispatcher.utter_message(response="utter_check_your_answers", name=_as_typed(given.get("name")),
                                 contact=_as_typed(contact), best_time=_as_typed(given.get("best_time")),
                                 area=area, summary=_as_typed(given.get("summary")))
        return []


def _as_typed(value: str | None) -> str:
    """The parent's own words for a Rasa response variable. Rasa's interpolator gives up (and shows "{name}")
    when the filled text contains "0[" (rasa/core/nlg/interpolator.py), so that pair gets a space."""
    return (value or "").replace("0[", "0 [")


def transcript(tracker: Tracker) -> list[dict[str, str]]:
    lines = []
    for event in tracker.events:
        if event.get("event") == "user" and event.get("text") and not str(event["text"]).startswith("/"):
            lines.append({"who": "parent", "text": event["text"]})
        elif event.get("event") == "bot" and event.get("text"):
            lines.append({"who": "bot", "text": event["text"]})
    return lines[-60:]


def _clear() -> list[Any]:
    return [SlotSet(slot, None) for slot in FORM_SLOTS]


class ActionSubmitEnquiry(Action):
    def name(self) -> str:
        return "action_submit_enquiry"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        if tracker.get_slot("handoff_consent") != "yes":
            enquiries.forget(tracker.sender_id)
            dispatcher.utter_message(response="utter_handoff_declined")
            return _clear()
        try:
            details = enquiries.pending(tracker.sender_id)
            deadline = tracker.get_slot("deadline_date")
            deadline_date = dt.date.fromisoformat(deadline) if deadline else None
            lines = transcript(tracker)
            parent_texts = [line["text"] for line in lines if line["who"] == "parent"]
            urgency = triage.assess([*parent_texts, details.get("summary") or ""], tracker.get_slot("faq_key"),
                                    deadline_date, tracker.get_slot("deadline_kind"))
            reference = enquiries.create(
                enquiries.NewEnquiry(
                    name=details.get("name") or "(not given)", summary=details.get("summary") or "",
                    email=details.get("email"), phone=details.get("phone"), best_time=details.get("best_time"),
                    area_gss=tracker.get_slot("area_gss"), area_name=tracker.get_slot("area_name"),
                    topic=tracker.get_slot("faq_key"), deadline_date=deadline_date,
                    deadline_kind=tracker.get_slot("deadline_kind"), transcript=lines),
                urgency, sender_id=tracker.sender_id)
        except Exception:
            log.exception("saving an enquiry failed")
            dispatcher.utter_message(response="utter_enquiry_not_saved")
            return _clear()
        how = " or ".join(x for x in ("email" if details.get("email") else "", "phone" if details.get("phone") else "")
                          if x)
        try:
            days = deployment.service_standard().working_days(urgency.level)
            when = f" within {days} working day{'s' if days != 1 else ''}"
        except Exception:  # a broken deployment file must not lose the confirmation
            log.exception("reading the service standard failed")
            when = ""
        if urgency.level == 2:
            dispatcher.utter_message(response="utter_enquiry_sent_urgent", reference=reference, how=how, when=when,
                                     local_sendiass=_local_sendiass(tracker))
        else:
            dispatcher.utter_message(response="utter_enquiry_sent", reference=reference, how=how, when=when)
        return [*_clear(), SlotSet("enquiry_reference", reference)]


def _local_sendiass(tracker: Tracker) -> str:
    """"Kent SENDIASS on 03000 ...": the parent's area's own SENDIASS with its phone, when we have one."""
    area = tracker.get_slot("area_gss")
    try:
        current, _ = directory.find(directory.DEFAULT_KIND, area) if area else ([], [])
    except Exception:  # a failing directory must not lose the confirmation
        log.exception("looking up the local SENDIASS failed")
        current = []
    local = next((s for s in current if s.area and s.phone), None) or next((s for s in current if s.area), None)
    if local is None:
        return "your local SENDIASS"
    return f"{local.name} on {local.phone}" if local.phone else local.name


class ActionForgetPendingDetails(Action):
    """After "stop" in the hand-off form: drop anything already typed."""

    def name(self) -> str:
        return "action_forget_pending_details"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        try:
            enquiries.forget(tracker.sender_id)
        except Exception:
            log.exception("could not remove pending details")
        dispatcher.utter_message(response="utter_handoff_stopped")
        return _clear()
