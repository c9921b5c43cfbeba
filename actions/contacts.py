"""Contact look-up by service and area: "how do I contact SENDIASS in Hull", "IPSEA's number"."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import settings
from bot.domain import areas
from bot.domain.deployment import load_deployment
from bot.domain.knowledge import get as knowledge
from bot.store import directory

log = logging.getLogger(__name__)
GSS = re.compile(r"^E\d{8}$")
LABELS = {
    "sendiass": "your local SENDIASS (free, impartial SEND advice)",
    "mediation": "SEND mediation",
    "childrens_services": "children's services",
    "send_team": "the council's SEND team",
    "local_offer": "the Local Offer",
    "parent_carer_forum": "the parent carer forum",
    "interpreting": "interpreting and language support",
}
LOCAL_ADVICE = {
    "mediation": "Always use the mediation adviser named in your council's decision letter.",
    "childrens_services": "Your council's website lists its children's services number, including out of "
                          "hours. If a child is in immediate danger, call 999.",
    "send_team": "Your council's website and its Local Offer list the SEND team's contact details.",
    "local_offer": "Search for your council's name and \"Local Offer\".",
    "parent_carer_forum": "Your council's Local Offer lists your local parent carer forum.",
}


# The answers (knowledge/answers/choices.yml) for a parent who lives outside England.
OUTSIDE_ENGLAND = "choices/outside_england"
NATION_ANSWERS = {"Wales": "choices/wales", "Scotland": "choices/scotland",
                  "Northern Ireland": "choices/northern_ireland"}


def _entity(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)


def _kind_from_last_answer(tracker: Tracker) -> str | None:
    """"How do I contact them?" right after an answer about a service means that service."""
    key = tracker.get_slot("faq_key") or ""
    topic, _, name = key.partition("/")
    if topic in ("service", "glossary") and (name in LABELS or name in directory.NATIONAL_KINDS
                                             or name in directory.KIND_WORDS):
        return name
    return None


def _deployment_area() -> str | None:
    try:
        return load_deployment(settings.current().deployment_file, knowledge(), areas.load()).area_gss
    except Exception:
        log.warning("deployment file could not be read for the default area")
        return None


def _earlier_texts(tracker: Tracker) -> list[str]:
    """The parent's typed messages before the latest one, oldest first."""
    texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    return [t for t in texts[:-1] if t and not t.startswith("/")]


class ActionFindContact(Action):
    def name(self) -> str:
        return "action_find_contact"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        text = tracker.latest_message.get("text") or ""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        kind = (directory.kind_from_text(_entity(tracker, "service_kind") or "")
                or (_entity(tracker, "service_kind") if _entity(tracker, "service_kind") in LABELS else None)
                or directory.kind_from_text(text)
                or _kind_from_last_answer(tracker)
                or tracker.get_slot("service_kind")
                or directory.DEFAULT_KIND)
        events: list[Any] = [SlotSet("service_kind", kind)]
        if kind in directory.NATIONAL_KINDS:
            return events + self._answer(dispatcher, kind, None, None)

        area_value = _entity(tracker, "area")
        if areas.MOVED_TO.search(text):
            area_value = None  # "moved from Essex to Cornwall": the whole message says which (Gazetteer.match)
        if area_value and not GSS.match(area_value) and not areas.names_the_place(text, area_value):
            area_value = None  # "behind in reading" is not Reading
        gazetteer = areas.load()
        area_gss, area_name = None, None
        if area_value and GSS.match(area_value) and (area := gazetteer.by_gss(area_value)):
            area_gss, area_name = area.gss, area.name
        else:
            match = gazetteer.match(area_value or text) if (area_value or not text.startswith("/")) else None
            if match and match.status == "ambiguous":
                dispatcher.utter_message(
                    text="Which one did you mean?",
                    buttons=[{"title": a.name, "payload": f'/inform_area{{"area":"{a.gss}"}}'}
                             for a in match.areas[:5]],
                )
                return events
            if match and match.status == "not_england":
                dispatcher.utter_message(response=f"utter_{NATION_ANSWERS.get(match.nation, OUTSIDE_ENGLAND)}")
                return events
            if match and match.area:
                area_gss, area_name = match.area.gss, match.area.name
        if area_gss is None and not tracker.get_slot("area_gss"):
            # "We're in Leeds" earlier in the conversation, before anything was looked up.
            found = next((m.area for m in map(gazetteer.match, reversed(_earlier_texts(tracker))) if m.area), None)
            if found:
                area_gss, area_name = found.gss, found.name
        if area_gss is None:
            area_gss = tracker.get_slot("area_gss") or _deployment_area()
            area_name = tracker.get_slot("area_name") or (known.name
                                                          if area_gss and (known := gazetteer.by_gss(area_gss))
                                                          else None)
        if area_gss:
            events += [SlotSet("area_gss", area_gss), SlotSet("area_name", area_name)]
        elif intent == "inform_area":
            dispatcher.utter_message(text="Sorry, I don't recognise that area. Which English council is it? "
                                          "For example Hull, Surrey or Tower Hamlets.")
            return events
        return events + self._answer(dispatcher, kind, area_gss, area_name)

    def _answer(self, dispatcher: CollectingDispatcher, kind: str, area_gss: str | None,
                area_name: str | None) -> list[Any]:
        try:
            current, old = directory.find(kind, area_gss)
        except Exception:
            log.exception("contact look-up failed")
            dispatcher.utter_message(text="Sorry, I can't look that up right now.")
            dispatcher.utter_message(response="utter_national_contacts")
            return []
        local = [c for c in current if c.area]
        national = [c for c in current if not c.area]
        label = LABELS.get(kind)
        if local:
            intro = f"Here's {label} in {area_name}:" if label else f"In {area_name}:"
            dispatcher.utter_message(text=intro + "\n\n" + "\n\n".join(c.describe() for c in local[:3]))
        elif kind not in directory.NATIONAL_KINDS and area_name:
            owner = f"{area_name}'" if area_name.endswith("s") else f"{area_name}'s"  # "Leeds'", "Hull's"
            dispatcher.utter_message(text=f"I don't have {owner} own details for {label or kind} yet. "
                                          + LOCAL_ADVICE.get(kind, ""))
        elif kind not in directory.NATIONAL_KINDS:
            dispatcher.utter_message(text="Tell me your council area (for example Hull, Surrey or Tower Hamlets) "
                                          "and I'll look up local contacts. Meanwhile:")
        if national:
            dispatcher.utter_message(text="\n\n".join(c.describe() for c in national[:2]))
        elif not local and kind in LOCAL_ADVICE and area_name is None:
            dispatcher.utter_message(text=LOCAL_ADVICE[kind])
        for listing in old:
            dispatcher.utter_message(text=f"Please note: {listing.name} is out of date. {listing.what or ''}".strip())
        return []
