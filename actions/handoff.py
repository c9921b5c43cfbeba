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
from bot.domain.privacy import CHECK_YOUR_ANSWERS
from bot.store import directory, enquiries
from bot.store.enquiries import parent_phone

log = logging.getLogger(__name__)
FORM_SLOTS = ["handoff_consent", "contact_name", "contact_details", "best_time", "handoff_area", "handoff_summary",
              "handoff_checked"]
# "Check your answers": what each "Change" button (or typed "change my number") asks again.
CHANGES = {"contact_name": ("name", r"name"), "contact_details": ("contact details", r"contact|email|phone|number"),
           "best_time": ("best time", r"time"), "handoff_area": ("area", r"area|council"),
           "handoff_summary": ("what you need help with", r"help|summary|question|message|need")}
CHANGE = re.compile(r"\b(change|wrong|edit|correct|fix|update|not right)\b", re.I)
GIVEN = "given"
INTERRUPTIONS = {"safeguarding", "stop", "start_again", "delete_my_data"}
EMAIL = re.compile(r"[^\s,;<>]+@[^\s,;<>]+")
PHONE = re.compile(r"(?:\+44|\b0)[\d\s()-]{8,16}\d")
YES = re.compile(r"^\s*(yes|yeah|yep|yup|ok|okay|sure|please|y|go ahead|i agree|agree)\b", re.I)
NO = re.compile(r"^\s*(no|nope|nah|n|not now|no thanks|don'?t)\b", re.I)
DIRECT = ("You can contact your local SENDIASS directly: find them at "
          "https://councilfordisabledchildren.org.uk/information-advice-and-support-services-network/find-your-local-iass")


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
            if _intent(tracker) == "affirm" or YES.search(text):
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
        dispatcher.utter_message(text="Sorry, I didn't catch that. Would you like me to pass your enquiry on? "
                                      "Please say yes or no.")
        return {"handoff_consent": None}

    def validate_contact_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: dict[str, Any]) -> dict[str, Any]:
        name = re.sub(r"^(my name is|i'?m|it'?s|this is|name:?)\s+", "", str(value).strip(), flags=re.I).strip()
        if not 1 <= len(name) <= 100 or EMAIL.search(name) or PHONE.search(name):
            dispatcher.utter_message(text="Please type just the name you'd like the adviser to use.")
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
                problems.append("the email address doesn't look complete")
        if match := PHONE.search(text):
            phone = parent_phone(match.group(0))
            if phone is None:
                problems.append("the phone number doesn't look like a UK number")
        if not (email or phone):
            dispatcher.utter_message(text=(("Sorry, " + " and ".join(problems) + ". ") if problems else "")
                                     + "Please type an email address (like name@example.com) or a UK phone "
                                       "number (like 07700 900123), or both.")
            return {"contact_details": None}
        if problems:
            kept = "email address" if email else "phone number"
            dispatcher.utter_message(text=f"Thanks, I've kept your {kept}. ({problems[0].capitalize()}, so I've "
                                          "left it out.)")
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
            names = " or ".join(a.name for a in match.areas[:4])
            dispatcher.utter_message(text=f"Did you mean {names}? Please type the full name.")
        elif match.status == "not_england":
            dispatcher.utter_message(text="SENDIASS services are in England. If you live elsewhere, please contact "
                                          "your local council. Which English council area is it, if any?")
        else:
            dispatcher.utter_message(text="Sorry, I don't recognise that area. Please type your council's name, "
                                          "for example Leeds, Surrey or Tower Hamlets.")
        return {"handoff_area": None}

    def validate_handoff_summary(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: dict[str, Any]) -> dict[str, Any]:
        summary = str(value).strip()
        if len(summary) < 3:
            dispatcher.utter_message(text="Please tell me in a few words what you'd like help with.")
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
        dispatcher.utter_message(text="Please choose \"Send it\", or the answer you'd like to change.")
        return {"handoff_checked": None}


def _checked(text: str, intent: str) -> str:
    """The parent's reply to "check your answers": "yes", "change:<slot>" or "unclear"."""
    if chosen := re.search(r'"form_slot"\s*:\s*"(\w+)"', text):  # a "Change ..." button
        return f"change:{chosen.group(1)}"
    if intent == "change_answer" or CHANGE.search(text):
        for slot, (_title, words) in CHANGES.items():
            if re.search(rf"\b({words})", text, re.I):
                return f"change:{slot}"
    if intent == "affirm" or YES.search(text) or re.match(r"\s*send( it)?\b", text, re.I):
        return "yes"
    return "unclear"


class ActionAskHandoffChecked(Action):
    """Before saving: the answers, each with a "Change" button (GOV.UK's "check your answers" pattern).
    The message repeats the parent's details to them; it is never stored (rasa_addons/tracker_store.py)."""

    def name(self) -> str:
        return "action_ask_handoff_checked"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        given = enquiries.pending(tracker.sender_id)
        contact = " and ".join(part for part in (given.get("email"), given.get("phone")) if part)
        area = tracker.get_slot("handoff_area") or tracker.get_slot("area_name") or ""
        lines = [CHECK_YOUR_ANSWERS, f"Name: {given.get('name') or ''}", f"Contact: {contact}",
                 f"Best time: {given.get('best_time') or ''}", f"Area: {area}",
                 f"What you need help with: {given.get('summary') or ''}", "Shall I send this to SENDIASS?"]
        buttons = [{"title": "Send it", "payload": "/affirm"}]
        buttons += [{"title": f"Change {title}", "payload": f'/change_answer{{"form_slot":"{slot}"}}'}
                    for slot, (title, _words) in CHANGES.items()]
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        return []


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
            dispatcher.utter_message(text="That's fine, I haven't passed anything on. " + DIRECT)
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
            dispatcher.utter_message(text="Sorry, I couldn't save your enquiry, so it has not been sent. "
                                          "Please try again later, or " + DIRECT[0].lower() + DIRECT[1:])
            return _clear()
        how = " or ".join(x for x in ("email" if details.get("email") else "", "phone" if details.get("phone") else "")
                          if x)
        try:
            days = deployment.service_standard().working_days(urgency.level)
            when = f" within {days} working day{'s' if days != 1 else ''}"
        except Exception:  # a broken deployment file must not lose the confirmation
            log.exception("reading the service standard failed")
            when = ""
        text = (f"Thank you. Your reference is {reference}. An adviser from SENDIASS will contact you by {how}{when}. "
                "Please keep the reference in case you need to follow it up.")
        if urgency.level == 2:
            text += (f" I've marked it as urgent. If it can't wait, please also phone {_local_sendiass(tracker)}, "
                     "and if anyone is in danger call 999.")
        dispatcher.utter_message(text=text)
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
        dispatcher.utter_message(text="OK, I've stopped and not passed anything on.")
        return _clear()
