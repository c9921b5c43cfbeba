"""Contact look-up by service and area: "how do I contact SENDIASS in Hull", "IPSEA's number"."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import answer_before, parent_texts
from bot import settings
from bot.domain import areas, service_kinds
from bot.domain.deployment import load_deployment
from bot.domain.knowledge import get as knowledge
from bot.store import directory

log = logging.getLogger(__name__)
GSS = re.compile(r"^E\d{8}$")
# The answers (knowledge/answers/choices.yml) for a parent who lives outside England.


def _entity(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)


def _kind(name: str | None) -> service_kinds.ServiceKind:
    """The kind (knowledge/service_kinds.yml); one it does not know has no label and is not national."""
    return service_kinds.get().get(name or "") or service_kinds.ServiceKind(name or "")


def _kind_from_last_answer(tracker: Tracker) -> str | None:
    """"How do I contact them?" right after an answer about a service means that service (not a closed one:
    ACE and the DRC have no words, label or national listing)."""
    topic, _, name = answer_before(tracker).partition("/")
    kind = _kind(name)
    if topic in ("service", "glossary") and (kind.words or kind.label or kind.national):
        return name
    return service_kinds.ROLE_SERVICE.get(name) if topic in ("role", "glossary") else None


def _national_kind_said_before(tracker: Tracker) -> str | None:
    """"We sent the SEND35 in october" ... "nothing back at all. who do i ring?": the national service the parent's
    message before this one named (a local one there is looked up by area as usual)."""
    texts = parent_texts(tracker)
    kind = service_kinds.kind_from_text(texts[-2]) if len(texts) >= 2 else None
    return kind if kind and _kind(kind).national else None


def _deployment_area() -> str | None:
    try:
        return load_deployment(settings.current().deployment_file, knowledge(), areas.load()).area_gss
    except Exception:
        log.warning("deployment file could not be read for the default area")
        return None


class ActionFindContact(Action):
    def name(self) -> str:
        return "action_find_contact"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        text = tracker.latest_message.get("text") or ""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        named = _entity(tracker, "service_kind")  # the words a parent typed, or a kind's id from a button
        kind = (service_kinds.kind_from_text(named or "")
                or (named if named in service_kinds.get() else None)
                or service_kinds.kind_from_text(text)
                or _kind_from_last_answer(tracker)
                or _national_kind_said_before(tracker)
                or tracker.get_slot("service_kind")
                or directory.DEFAULT_KIND)
        if (_kind(kind).national and intent == "inform_area") or service_kinds.helper_instead(kind, text):
            # an area given after a national service ("sheffeild"), or "someone to help me with a tribunal
            # appeal": local help there
            kind = directory.DEFAULT_KIND
        events: list[Any] = [SlotSet("service_kind", kind)]
        if (_kind(kind).national and areas.england_only(f"service/{kind}") and not areas.MOVED_TO.search(text)
                and (nation := areas.nation_named(text))):
            # "we live in cardiff, can i appeal to the send tribunal": England's tribunal is not theirs
            dispatcher.utter_message(response=f"utter_{areas.nation_answer(nation)}")
            return events
        if _kind(kind).national:
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
                    response="utter_which_area",
                    buttons=[{"title": a.name, "payload": f'/inform_area{{"area":"{a.gss}"}}'}
                             for a in match.areas[:5]],
                )
                return events
            if match and match.status == "not_england":
                dispatcher.utter_message(response=f"utter_{areas.nation_answer(match.nation)}")
                return events
            if match and match.area:
                area_gss, area_name = match.area.gss, match.area.name
        if area_gss is None:
            # "We're in Leeds" earlier in the conversation, before anything was looked up, or a place said since
            # the area was remembered ("sorry no, we moved, we're in Medway now").
            said = areas.last_place_said(parent_texts(tracker, since_slot="area_gss")[:-1], gazetteer)
            if said and said.status == "not_england":  # "we live in Wrexham" ... "who can help me?"
                dispatcher.utter_message(response=f"utter_{areas.nation_answer(said.nation)}")
                return events
            if said and said.area:
                area_gss, area_name = said.area.gss, said.area.name
        if area_gss is None:
            area_gss = tracker.get_slot("area_gss") or _deployment_area()
            area_name = tracker.get_slot("area_name") or (known.name
                                                          if area_gss and (known := gazetteer.by_gss(area_gss))
                                                          else None)
        if area_gss:
            events += [SlotSet("area_gss", area_gss), SlotSet("area_name", area_name)]
        elif intent == "inform_area":
            dispatcher.utter_message(response="utter_area_not_recognised")
            return events
        return events + self._answer(dispatcher, kind, area_gss, area_name)

    def _answer(self, dispatcher: CollectingDispatcher, kind: str, area_gss: str | None,
                area_name: str | None) -> list[Any]:
        try:
            current, old = directory.find(kind, area_gss)
        except Exception:
            log.exception("contact look-up failed")
            dispatcher.utter_message(response="utter_lookup_failed")
            dispatcher.utter_message(response="utter_national_contacts")
            return []
        local = [c for c in current if c.area]
        national = [c for c in current if not c.area]
        about = _kind(kind)
        label = about.label
        if local:
            contacts = "\n\n".join(c.describe() for c in local[:3])
            if label:
                dispatcher.utter_message(response="utter_local_contacts", service=label, area=area_name,
                                         contacts=contacts)
            else:
                dispatcher.utter_message(response="utter_local_contacts_unnamed", area=area_name, contacts=contacts)
        elif not about.national and area_name:
            owner = f"{area_name}'" if area_name.endswith("s") else f"{area_name}'s"  # "Leeds'", "Hull's"
            advice = knowledge().messages[f"utter_local_advice_{kind}"]["text"] if about.local_advice else ""
            dispatcher.utter_message(response="utter_no_local_details", owner=owner, service=label or kind,
                                     advice=advice)
        elif not about.national:
            dispatcher.utter_message(response="utter_ask_area_for_contacts")
        # a confirmed local service to contact: the national way to find one would only be more to read
        reachable = any(c.status == "current" and (c.phone or c.email or c.url) for c in local)
        if national and not reachable:
            dispatcher.utter_message(text="\n\n".join(c.describe() for c in national[:2]))
        elif not local and about.local_advice and area_name is None:
            dispatcher.utter_message(response=f"utter_local_advice_{kind}")
        for listing in old:
            if listing.what:
                dispatcher.utter_message(response="utter_out_of_date_listing", service=listing.name,
                                         what=listing.what)
            else:
                dispatcher.utter_message(response="utter_out_of_date_listing_short", service=listing.name)
        return []
