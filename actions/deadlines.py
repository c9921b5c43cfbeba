"""Work out deadlines from what the parent has said (bot.domain.deadline_request, bot.domain.deadlines), answer first.

One action for every deadline: it reads the dates from the parent's messages in any order, answers
straight away when it has the date it needs (assuming no mediation certificate until one is given), states
the rule and offers to work out the day when it has none, and explains a future or vague date.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import answer_before, parent_texts
from bot.domain import clock, date_rules, deadline_request, deadline_text, deadlines, knowledge
from bot.domain.calendar_ics import deadline_ics
from bot.domain.deadline_kinds import KIND_FOR_INTENT, kind_for_answer
from bot.domain.knowledge import AFTER_DEADLINE

log = logging.getLogger(__name__)
# An answer that states a time limit ("complain to the Ombudsman within 12 months").
TIME_LIMIT = re.compile(r"\bwithin (\d+|[a-z]+) (working )?(days?|weeks?|months?)\b", re.I)
DATE_SLOTS = ("letter_date", "certificate_date", "conduct_date", "request_date", "meeting_date", "draft_date")


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


def choose_kind(tracker: Tracker, texts: list[str]) -> str | None:
    """Which deadline: the parent's own words in this conversation first (they are specific), then what
    was asked, then the deadline already in play, then the one the last answer offered to work out."""
    intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
    if texts and date_rules.asks_council_time(texts[-1]):
        return "ehc"  # "they've said no plan. how long were they meant to take?": the council's time, not an appeal
    return (deadline_request.kind_in_conversation(texts) or KIND_FOR_INTENT.get(intent)
            or tracker.get_slot("deadline_in_play") or kind_for_answer(tracker.get_slot("faq_key")))


class ActionDeadline(Action):
    def name(self) -> str:
        return "action_deadline"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        texts = parent_texts(tracker)
        moving = deadline_request.phase_transfer_request(tracker.latest_message.get("text") or "", clock.today(),
                                                         texts[:-1])
        kind = choose_kind(tracker, texts)
        if not moving and len(texts) > 1 and not kind:
            # "moves to secondary in september 2027, when must the plan name it" ... "its november and nobody has
            # said anything": still the move's date (it had been the list of deadlines to choose from)
            moving = deadline_request.phase_transfer_request(texts[-2], clock.today(), texts[:-2])
        if moving:  # "starts secondary in September 2027: by when must the plan name it?"
            result = (deadlines.post16_move(dt.date(moving.year, moving.month, 1)) if moving.month != 9
                      else deadlines.phase_transfer(moving.year, moving.post16))
            dispatcher.utter_message(text=deadline_text.phase_transfer_reply(result, clock.today(), moving.year,
                                                                             moving.month))
            return [SlotSet("deadline_date", result.date.isoformat()), SlotSet("deadline_kind", result.kind)]
        if kind is None:
            # "Is there a time limit?" after an answer that gives one (the Ombudsman's 12 months): that answer.
            answer = knowledge.get().answers.get(tracker.get_slot("faq_key") or "")
            if answer and TIME_LIMIT.search(answer.text):
                dispatcher.utter_message(response=f"utter_{answer.key}")
                return []
            # "She starts next September" after the post-16 transport answer: when something begins is part of
            # the story, not a deadline to work out; the answer again, with no list of deadlines to choose from.
            before = knowledge.get().answers.get(answer_before(tracker))
            said = tracker.latest_message.get("text") or ""
            if before and not before.deadline and deadline_request.BEGINS.search(said):
                dispatcher.utter_message(response=f"utter_{before.key}")
                return [SlotSet("faq_key", before.key)]
            dispatcher.utter_message(response="utter_which_deadline")
            return []
        today = clock.today()
        known = {slot: day for slot in DATE_SLOTS if (day := _date(tracker, slot))}
        gathered = deadline_request.gather(kind, texts, known, today)
        in_play = [SlotSet("deadline_in_play", kind), SlotSet("deadline_passed", False)]
        # A discrimination claim about an exclusion: where it goes is not settled, so advice comes first.
        exclusion = kind == "discrimination" and (
            deadline_request.about_exclusion(texts)
            or (tracker.get_slot("faq_key") or "").startswith("school/exclusion"))
        about = "_exclusion" if exclusion else ""
        if not gathered.complete and (not gathered.problem or gathered.problem.status == "vague"):
            # "we asked in March and heard nothing": counting from the month's last day, some dates have passed
            latest = deadline_request.latest_in_month_said(texts[-deadline_request.LOOK_BACK:], today)
            late = latest and deadline_text.late_from_month(kind, latest, today)
            following = knowledge.get().next_steps.get(f"{AFTER_DEADLINE}{kind}")
            if late and following and answer_before(tracker) == f"{AFTER_DEADLINE}{kind}" \
                    and tracker.get_slot("deadline_passed"):
                # the same dates again ("still nothing, what can I do?"): what to do about them instead
                dispatcher.utter_message(response=f"utter_{following}")
                return [*in_play, SlotSet("deadline_passed", True), SlotSet("faq_key", following)]
            if late:
                dispatcher.utter_message(text=late)
                return [*in_play, SlotSet("deadline_passed", True)]
        if gathered.problem and gathered.problem.status == "vague" and not gathered.complete:
            dispatcher.utter_message(response=f"utter_deadline_rule_{kind}{about}")  # the rule now, the day later
            dispatcher.utter_message(text=gathered.problem.message)
            return in_play
        if gathered.problem:
            dispatcher.utter_message(text=gathered.problem.message)
            return in_play
        if not gathered.complete:
            dispatcher.utter_message(response=f"utter_deadline_rule_{kind}{about}")
            return in_play
        first = len(dispatcher.messages)  # where the answer starts
        try:
            after_review = any(deadline_request.AMENDMENT_WORDS.search(text) for text in texts[-3:])
            events = self.answer(kind, gathered.dates, today, dispatcher, deadline_request.school_only(texts),
                                 after_review, deadline_request.claim_against(texts), exclusion,
                                 bool(deadline_request.MEDIATION_ADVISER_ASKED.search(texts[-1] if texts else "")),
                                 deadline_request.awaiting_certificate(texts))
        except Exception:  # a broken calendar library must not silence the bot
            log.exception("deadline failed")
            dispatcher.utter_message(response="utter_deadline_failed")
            return in_play
        if gathered.note:
            dispatcher.utter_message(text=gathered.note)
            if any(e.get("name") == "deadline_passed" and e.get("value") for e in events):
                # "letter dated 2nd december", taken as last year's: how the date was read comes before a date
                # that has passed, so a misreading is seen first
                dispatcher.messages.insert(first, dispatcher.messages.pop())
        kept = [SlotSet(slot, day.isoformat()) for slot, day in gathered.dates.items()]
        return [*in_play, *kept, *events]

    @staticmethod
    def _passed(day: dt.date, today: dt.date) -> list[Any]:
        return [SlotSet("deadline_passed", True)] if day < today else []

    def answer(self, kind: str, dates: dict[str, dt.date], today: dt.date,
               dispatcher: CollectingDispatcher, school_only: bool = False, after_review: bool = False,
               against: str | None = None, exclusion: bool = False, mediation_asked: bool = False,
               adviser_contacted: bool = False) -> list[Any]:
        if kind == "appeal":
            letter, certificate = dates.get("letter_date"), dates.get("certificate_date")
            result = (deadlines.sen_appeal(letter, certificate) if letter
                      else deadlines.sen_appeal_from_certificate(dates["certificate_date"]))
            dispatcher.utter_message(text=deadline_text.appeal_reply(result, today, letter, certificate,
                                                                     school_only, mediation_asked, adviser_contacted))
            if result.date >= today:
                _ics_message(dispatcher, "SEND Tribunal appeal deadline (5pm)", result.date,
                             "Your appeal must reach the SEND Tribunal by 5pm. " + " ".join(result.rules))
            return [SlotSet("deadline_date", result.date.isoformat()), SlotSet("deadline_kind", result.kind),
                    *self._passed(result.date, today)]
        if kind == "discrimination":
            result = deadlines.discrimination_claim(dates["conduct_date"])
            dispatcher.utter_message(text=deadline_text.discrimination_reply(result, today, against, exclusion))
            # A calendar reminder only for a settled date: not for an exclusion (get advice) or the County Court.
            if result.date >= today and not exclusion and against in (None, "school"):
                _ics_message(dispatcher, "Disability discrimination claim deadline", result.date,
                             " ".join(result.rules))
            return [SlotSet("deadline_date", result.date.isoformat()), SlotSet("deadline_kind", result.kind),
                    *self._passed(result.date, today)]
        if kind == "draft":
            result = deadlines.draft_plan_comments(dates["draft_date"])
            final = deadlines.amended_plan_due(dates["draft_date"]) if after_review else None
            dispatcher.utter_message(text=deadline_text.draft_reply(result, today, final))
            return [SlotSet("deadline_date", result.date.isoformat()), SlotSet("deadline_kind", result.kind),
                    *self._passed(result.date, today)]
        if kind == "ehc":
            timeline = deadlines.ehc_assessment(dates["request_date"])
            dispatcher.utter_message(text=deadline_text.ehc_reply(timeline, today))
            upcoming = next((i for i in timeline.items if i.date >= today), None)
            if upcoming:
                _ics_message(dispatcher, upcoming.title, upcoming.date, " ".join(upcoming.rules))
            return [*self._passed(timeline.items[0].date, today), *(
                [SlotSet("deadline_date", upcoming.date.isoformat()), SlotSet("deadline_kind", upcoming.kind)]
                if upcoming else [])]
        timeline = deadlines.annual_review(dates["meeting_date"])
        dispatcher.utter_message(text=deadline_text.review_reply(timeline, today))
        upcoming = next((i for i in timeline.items if i.date >= today), None)
        return [*self._passed(timeline.items[0].date, today), *(
            [SlotSet("deadline_date", upcoming.date.isoformat()), SlotSet("deadline_kind", upcoming.kind)]
            if upcoming else [])]
