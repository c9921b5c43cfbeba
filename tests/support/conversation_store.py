"""Conversations written into a tracker database by the real store (rasa_addons.tracker_store), as Rasa
writes them during a chat, for the insights tests: no Rasa server needed.

A conversation is a list of turns: (what the parent typed or the button payload, intent, what the assistant
did): "answer" (an FAQ answer), "guess" (action_best_guess with a best guess), "not_sure" / "still_not_sure"
/ "default" (action_best_guess saying it is not sure), "form" (the hand-off form starts), "in_form" (a form
answer), "form_end" (the form ends).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import os
from typing import Any
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

DOMAIN_YAML = """
version: "3.1"
intents: [greet, ehc, school, rights, unhappy, human_handoff, nlu_fallback, thanks, show_topic]
slots:
  faq_key:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
  contact_name:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
responses:
  utter_greet: [{text: "Hello, I'm an automated assistant."}]
  utter_not_sure: [{text: "Sorry, I'm not sure I understood. Did you mean one of these?"}]
  utter_still_not_sure: [{text: "Sorry, I'm still not sure I understood. Would you like to talk to a person?"}]
  utter_default: [{text: "Sorry, I'm not sure I understood. Could you say it another way?"}]
forms:
  handoff_form:
    required_slots: [contact_name]
"""

Turn = tuple[str, str, str]


def at(day: dt.date, hour: int, minute: int = 0) -> float:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON).timestamp()


def _events(start: float, turns: list[Turn]) -> list:  # type: ignore[type-arg]
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SessionStarted, SlotSet, UserUttered

    clock = start
    out = []

    def tick() -> float:
        nonlocal clock
        clock += 1.5
        return clock

    out += [ActionExecuted("action_session_start", timestamp=tick()), SessionStarted(timestamp=tick()),
            ActionExecuted("action_listen", timestamp=tick())]
    for said, intent, then in turns:
        parse = {"text": said, "intent": {"name": intent, "confidence": 0.35 if intent == "nlu_fallback" else 0.93},
                 "entities": [], "intent_ranking": [{"name": intent, "confidence": 0.9}]}
        if then == "in_form":
            out.append(SlotSet("requested_slot", "contact_name", timestamp=tick()))
        out.append(UserUttered(said, intent=parse["intent"], parse_data=parse, timestamp=tick()))
        if then == "answer":
            out += [ActionExecuted(f"utter_{intent}", timestamp=tick()),
                    BotUttered("Here is the answer.", metadata={"utter_action": f"utter_{intent}/x"}, timestamp=tick()),
                    SlotSet("faq_key", f"{intent}/x", timestamp=tick())]
        elif then == "guess":
            out += [ActionExecuted("action_best_guess", timestamp=tick()),
                    BotUttered("Here is my best guess.", metadata={"utter_action": "utter_ehc/what"}, timestamp=tick()),
                    BotUttered("Not what you asked?", metadata={"utter_action": "utter_not_what_you_asked"},
                               timestamp=tick())]
        elif then in ("not_sure", "still_not_sure", "default"):
            out += [ActionExecuted("action_best_guess", timestamp=tick()),
                    BotUttered("Sorry, I'm not sure.", metadata={"utter_action": f"utter_{then}"}, timestamp=tick())]
        elif then == "greet":
            out += [ActionExecuted("utter_greet", timestamp=tick()),
                    BotUttered("Hello, I'm an automated assistant.", metadata={"utter_action": "utter_greet"},
                               timestamp=tick())]
        elif then == "form":
            out += [ActionExecuted("handoff_form", timestamp=tick()), ActiveLoop("handoff_form", timestamp=tick())]
        elif then == "form_end":
            out += [ActionExecuted("handoff_form", timestamp=tick()), ActiveLoop(None, timestamp=tick()),
                    SlotSet("requested_slot", None, timestamp=tick())]
        out.append(ActionExecuted("action_listen", timestamp=tick()))
    return out


def write(url: str, conversations: dict[str, tuple[float, list[Turn]]]) -> None:
    """Save each conversation through RedactingSQLTrackerStore into the tracker database at `url`."""
    save_events(url, DOMAIN_YAML, {sender: _events(start, turns) for sender, (start, turns) in conversations.items()})


def save_events(url: str, domain_yaml: str, conversations: dict[str, list[Any]]) -> None:
    """Save each sender's events through RedactingSQLTrackerStore, as Rasa writes them, at `url`."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot import settings
    from rasa_addons.tracker_store import RedactingSQLTrackerStore

    saved = os.environ.get("SEND_TRACKER_DB_URL")
    os.environ["SEND_TRACKER_DB_URL"] = url
    settings.reset()  # read the environment again
    try:
        domain = Domain.from_yaml(domain_yaml)
        store = RedactingSQLTrackerStore(domain=domain)

        async def save_all() -> None:
            for sender, events in conversations.items():
                await store.save(DialogueStateTracker.from_events(sender, events, domain.slots))

        # In a thread of its own: Playwright's sync API may be running an event loop in this one.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, save_all()).result()
        store.engine.dispose()
    finally:
        if saved is None:
            os.environ.pop("SEND_TRACKER_DB_URL", None)
        else:
            os.environ["SEND_TRACKER_DB_URL"] = saved
        settings.reset()


# Three weeks up to Wednesday 4 March 2026 (weeks starting 16 Feb, 23 Feb and 2 Mar).
WEEK1, WEEK2, WEEK3 = dt.date(2026, 2, 16), dt.date(2026, 2, 23), dt.date(2026, 3, 2)
TODAY = "2026-03-04"


def realistic() -> dict[str, tuple[float, list[Turn]]]:
    greet = ("/greet", "greet", "greet")
    return {
        # week 1: three conversations, seven typed messages
        "web-a1": (at(WEEK1, 9), [greet, ("what is an EHCP", "ehc", "answer"),
                                  ("how long does the assessment take", "ehc", "answer")]),
        "web-a2": (at(WEEK1 + dt.timedelta(days=1), 20), [
            greet, ("can I get a blue badge for my son", "nlu_fallback", "not_sure"),
            ("blue badge for my son please", "nlu_fallback", "still_not_sure"),
            ("/human_handoff", "human_handoff", "form"),
            ("Jo Bloggs", "nlu_fallback", "in_form"), ("/stop", "nlu_fallback", "form_end")]),
        "web-a3": (at(WEEK1 + dt.timedelta(days=3), 13), [("school transport has stopped", "school", "answer"),
                                                          ("what does sencO mean", "nlu_fallback", "guess")]),
        # week 2: four conversations
        "web-b1": (at(WEEK2, 8), [greet, ("how do i get a blue badge", "nlu_fallback", "not_sure"),
                                  ("thanks", "thanks", "answer")]),
        "web-b2": (at(WEEK2 + dt.timedelta(days=2), 19), [
            ("respite care over the summer holidays", "nlu_fallback", "default"),
            ("email me at jo.bloggs@example.com about respite care in summer", "nlu_fallback", "still_not_sure")]),
        "web-b3": (at(WEEK2 + dt.timedelta(days=4), 11), [("my child was excluded", "unhappy", "answer"),
                                                          ("can I appeal an exclusion", "unhappy", "answer"),
                                                          ("/show_topic", "rights", "answer")]),
        "web-b4": (at(WEEK2 + dt.timedelta(days=5), 10), [("Blue Badge for my son please", "nlu_fallback", "not_sure")]),
        # week 3 (this week, so far): two conversations
        "web-c1": (at(WEEK3, 9), [greet, ("ehcp annual review", "ehc", "answer"),
                                  ("respite care in the summer holidays", "nlu_fallback", "not_sure")]),
        "web-c2": (at(WEEK3 + dt.timedelta(days=1), 15), [("what is a tribunal", "rights", "answer")]),
    }


# What realistic() holds, per week (typed messages: button payloads do not count; the form answer and
# "/stop" inside the form are not "not understood").
EXPECTED = {
    WEEK1: {"conversations": 3, "messages": 7, "unsure": 3, "not_sure": 2, "not_understood": 3},
    WEEK2: {"conversations": 4, "messages": 7, "unsure": 4, "not_sure": 4, "not_understood": 4},
    WEEK3: {"conversations": 2, "messages": 3, "unsure": 1, "not_sure": 1, "not_understood": 1},
}
