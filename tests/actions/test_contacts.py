"""Contact look-up through the real action and a real (temporary SQLite) database."""

from __future__ import annotations

import pytest

from actions.contacts import ActionFindContact
from bot.store import loader
from tests.actions.helpers import responses, run, tracker, variables


@pytest.fixture(scope="module", autouse=True)
def database() -> None:
    loader.load_all()


def texts(messages: list[dict]) -> str:
    """What the data puts in front of the parent: plain texts (listings) and the variables of responses."""
    return "\n".join([m.get("text") or "" for m in messages]
                     + [str(value) for m in messages for value in variables(m).values()])


def test_national_service_needs_no_area() -> None:
    messages, _events = run(ActionFindContact(), tracker("IPSEA's number", "find_contact"))
    assert "ipsea.org.uk" in texts(messages).lower() and "no public phone line" in texts(messages).lower()


def test_sendiass_in_hull_uses_local_entry_and_remembers_the_area() -> None:
    messages, events = run(ActionFindContact(), tracker("how do I contact SENDIASS in Hull", "find_contact",
                                                       entities=[{"entity": "area", "value": "Hull"}]))
    assert messages[0]["response"] == "utter_local_contacts"
    assert messages[0]["area"] == "Kingston upon Hull"
    assert messages[0]["service"] == "your local SENDIASS (free, impartial SEND advice)"
    assert "KIDS Hull SENDIASS" in messages[0]["contacts"]
    assert "check these details" in messages[0]["contacts"]  # unverified entries carry a caveat
    slots = {e["name"]: e["value"] for e in events}
    assert slots["area_gss"] == "E06000010"


def test_out_of_date_entries_are_never_shown_as_current() -> None:
    messages, _ = run(ActionFindContact(), tracker("sendiass in Warwickshire", "find_contact"))
    reply = texts(messages)
    assert "024 7658 8464" not in reply
    assert "utter_out_of_date_listing" in responses(messages)


def test_ambiguous_area_asks_which_one() -> None:
    messages, _events = run(ActionFindContact(), tracker("mediation in kingston", "find_contact"))
    assert messages[0]["response"] == "utter_which_area"
    assert {b["title"] for b in messages[0]["buttons"]} == {"Kingston upon Hull", "Kingston upon Thames"}


def test_area_answer_from_a_button_uses_the_remembered_kind() -> None:
    messages, _ = run(ActionFindContact(), tracker('/inform_area{"area":"E10000031"}', "inform_area",
                                                   entities=[{"entity": "area", "value": "E10000031"}],
                                                   slots={"service_kind": "mediation"}))
    assert "Midlands SEN Mediation" in texts(messages)


def test_unknown_or_missing_area_gives_national_help_and_asks() -> None:
    messages, _ = run(ActionFindContact(), tracker("who can help me", "find_contact"))
    assert responses(messages)[0] == "utter_ask_area_for_contacts"
    assert "councilfordisabledchildren" in texts(messages)


@pytest.mark.parametrize("text,answer", [("sendiass in Cardiff", "utter_choices/wales"),
                                         # England's tribunal, asked from Wales: Wales's own system
                                         ("we're in swansea, can we go to the send tribunal", "utter_choices/wales"),
                                         ("we live in glasgow who can help", "utter_choices/scotland"),
                                         ("belfast", "utter_choices/northern_ireland")])
def test_outside_england_gets_that_nations_own_help(text: str, answer: str) -> None:
    messages, _ = run(ActionFindContact(), tracker(text, "find_contact"))
    assert [m.get("response") for m in messages] == [answer]


@pytest.mark.parametrize("text", ["'; DROP TABLE services; --", "Hull' OR '1'='1", "%' UNION SELECT * FROM services --"])
def test_sql_injection_shaped_input_is_just_text(text: str) -> None:
    messages, _ = run(ActionFindContact(), tracker(text, "find_contact"))
    assert messages and all(m.get("text") or m.get("response") for m in messages)
    again, _ = run(ActionFindContact(), tracker("IPSEA's number", "find_contact"))
    assert "ipsea" in texts(again).lower()  # the table is still there


def test_database_failure_still_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.store import directory

    def broken(*_args, **_kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(directory, "find", broken)
    messages, _ = run(ActionFindContact(), tracker("sendiass in Leeds", "find_contact"))
    assert messages[0]["response"] == "utter_lookup_failed"
    assert messages[1]["response"] == "utter_national_contacts"


def test_how_do_i_contact_them_after_a_service_answer_means_that_service() -> None:
    messages, events = run(ActionFindContact(), tracker("how do i contact them", "find_contact",
                                                        slots={"faq_key": "service/ipsea"},
                                                        events=answered("service/ipsea", "how do i contact them")))
    assert {"event": "slot", "timestamp": None, "name": "service_kind", "value": "ipsea"} in events
    assert "IPSEA" in texts(messages)


def answered(key: str, then: str, guess: str | None = None) -> list[dict]:
    """The events of a conversation: a question answered with `key`, then the latest message, whose own guess
    at an answer (the faq_key entity) sets the slot in the same turn."""
    events = [{"event": "user", "text": "a question"}, {"event": "slot", "name": "faq_key", "value": key},
              {"event": "bot", "text": "the answer", "metadata": {"utter_action": f"utter_{key}"}},
              {"event": "user", "text": then}]
    return events + ([{"event": "slot", "name": "faq_key", "value": guess}] if guess else [])


def test_an_area_after_asking_for_local_support_is_local_advice_there() -> None:
    """The message asking for local support guessed the Local Offer's answer (the slot kept it): the area that
    follows still finds local advice, because the last answer the parent read was about the school."""
    events = answered("unhappy/school_route", "is there local support", guess="service/local_offer")
    events += [{"event": "bot", "text": "Tell me your council area",
                "metadata": {"utter_action": "utter_ask_area_for_contacts"}},
               {"event": "slot", "name": "service_kind", "value": "sendiass"},
               {"event": "user", "text": "we live in hull"}]
    _messages, returned = run(ActionFindContact(), tracker(
        "we live in hull", "inform_area", entities=[{"entity": "area", "value": "hull"}],
        slots={"faq_key": "service/local_offer", "service_kind": "sendiass"}, events=events))
    assert {e["name"]: e["value"] for e in returned}["service_kind"] == "sendiass"


def test_the_latest_messages_own_guess_at_an_answer_is_not_the_service_asked_for() -> None:
    """"Can you find me local support" after the school answer: the guess at an answer for that message (the
    Local Offer's) set the slot in the same turn, but the parent read the school answer: local advice
    (SENDIASS)."""
    _messages, events = run(ActionFindContact(), tracker(
        "can you find me local support", "find_contact", slots={"faq_key": "service/local_offer"},
        events=answered("unhappy/school", "can you find me local support", guess="service/local_offer")))
    assert {e["name"]: e["value"] for e in events}["service_kind"] == "sendiass"


def test_who_can_help_uses_an_area_named_earlier_and_reading_the_word_is_not_reading_the_town() -> None:
    earlier = [{"event": "user", "text": "hi we live in hull"},
               {"event": "user", "text": "he is 2 years behind in reading"},
               {"event": "user", "text": "who can help me"}]
    messages, events = run(ActionFindContact(), tracker("who can help me", "find_contact", events=earlier))
    assert "Kingston upon Hull" in texts(messages)
    assert {e["name"]: e["value"] for e in events}["area_gss"] == "E06000010"
    messages, _ = run(ActionFindContact(), tracker(
        "he is 2 years behind in reading, who can help", "find_contact",
        entities=[{"entity": "area", "value": "reading"}]))
    assert "Reading" not in texts(messages)


def test_an_area_given_after_a_national_service_finds_local_help_there() -> None:
    """"Where can I get free advice?" (IPSEA) then "sheffeild": the parent wants help near them."""
    messages, events = run(ActionFindContact(), tracker("sheffeild", "inform_area",
                                                       slots={"faq_key": "service/ipsea"},
                                                       events=answered("service/ipsea", "sheffeild")))
    assert messages[0]["response"] in ("utter_local_contacts", "utter_no_local_details")
    assert "Sheffield" in texts(messages)
    assert {"event": "slot", "name": "service_kind", "value": "sendiass"}.items() <= events[0].items()
    messages, _ = run(ActionFindContact(), tracker("IPSEA's number", "find_contact"))
    assert "ipsea.org.uk" in texts(messages).lower()  # asked for by name: still the national service


def test_who_can_help_after_naming_a_place_in_another_nation_is_that_nations_help() -> None:
    earlier = [{"event": "user", "text": "we're in swansea"}, {"event": "user", "text": "who can help me"}]
    messages, _ = run(ActionFindContact(), tracker("who can help me", "find_contact", events=earlier))
    assert messages[0]["response"] == "utter_choices/wales"


def test_national_advice_lines_named_in_answers_are_listed_with_their_numbers() -> None:
    for asked, number in [("what's the number for coram child law advice", "0300 330 5485"),
                          ("family rights group phone number", "0808 801 0366"),
                          ("how do i contact dars", "028 9072 6060")]:
        messages, _ = run(ActionFindContact(), tracker(asked, "find_contact"))
        assert number in texts(messages), asked


def test_a_place_said_after_the_area_was_remembered_is_the_one_used() -> None:
    """"We're in Kent" (looked up, remembered), then "sorry no, we moved, we're in Medway now", then "local
    advice please": Medway's help, not Kent's. An area picked with a button after a place was typed stays."""
    moved = [{"event": "user", "text": "were in kent"},
             {"event": "slot", "name": "area_gss", "value": "E10000016"},
             {"event": "user", "text": "sorry no, we moved last month, were in medway now"},
             {"event": "user", "text": "local advice please"}]
    messages, events = run(ActionFindContact(), tracker("local advice please", "find_contact",
                                                       slots={"area_gss": "E10000016", "area_name": "Kent"},
                                                       events=moved))
    assert "Medway" in texts(messages) and "Kent" not in texts(messages)
    assert {e["name"]: e["value"] for e in events}["area_name"] == "Medway"
    picked = [{"event": "user", "text": "we live near leeds"},
              {"event": "user", "text": '/inform_area{"area":"E08000032"}'},
              {"event": "slot", "name": "area_gss", "value": "E08000032"},
              {"event": "user", "text": "who can help"}]
    messages, _ = run(ActionFindContact(), tracker("who can help", "find_contact",
                                                  slots={"area_gss": "E08000032", "area_name": "Bradford"},
                                                  events=picked))
    assert "Bradford" in texts(messages)


def test_someone_to_help_with_a_tribunal_appeal_is_local_advice_not_the_tribunal() -> None:
    """A try-out: "im in hull need someone to help me with a tribunal appeal" had got the Tribunal's own number."""
    messages, events = run(ActionFindContact(), tracker(
        "im in hull need someone to help me with a tribunal appeal", "find_contact",
        entities=[{"entity": "area", "value": "hull"}, {"entity": "service_kind", "value": "tribunal"}]))
    assert messages[0]["response"] == "utter_local_contacts"
    assert messages[0]["service"] == "your local SENDIASS (free, impartial SEND advice)"
    assert {"event": "slot", "name": "service_kind", "value": "sendiass"}.items() <= next(
        e for e in events if e.get("name") == "service_kind").items()
    messages, _ = run(ActionFindContact(), tracker("send tribunal phone number", "find_contact",
                                                   entities=[{"entity": "service_kind", "value": "tribunal"}]))
    assert "tribunal" in texts(messages).lower()


def test_who_do_i_ring_there_after_the_councils_answer_is_the_councils_send_team() -> None:
    messages, events = run(ActionFindContact(), tracker(
        "who do i ring there", "find_contact", events=answered("role/local_authority", "who do i ring there")))
    assert next(e for e in events if e.get("name") == "service_kind")["value"] == "send_team"
    assert messages


def test_who_do_i_ring_after_telling_of_a_national_service_is_that_service() -> None:
    """b56: "we sent the appeal form off (SEND35) in october" ... "nothing back at all. who do i ring?" had asked for
    an area and listed local advice; it is the Tribunal's own number (here in other words)."""
    events = answered("service/how_to_appeal", "no reply at all. who do we call?")
    events[0]["text"] = "posted our send35 to the tribunal 6 weeks ago"
    messages, events = run(ActionFindContact(), tracker("no reply at all. who do we call?", "find_contact",
                                                        events=events))
    assert next(e for e in events if e.get("name") == "service_kind")["value"] == "tribunal"
    assert "0300 303 5857" in texts(messages)


def test_a_confirmed_local_sendiass_is_the_answer_without_the_national_finder_after_it() -> None:
    """Tried on a phone: "we're in sheffeild" ... "who is the sendiass" listed Sheffield's, then the national finder
    with "we could not confirm these details" under both. With a local service to contact, that one alone; with only
    a name (Hull, from the seeds), the finder still follows."""
    messages, _ = run(ActionFindContact(), tracker("sendiass in sheffield", "find_contact",
                                                   entities=[{"entity": "area", "value": "Sheffield"}]))
    assert "sheffieldsendias.org.uk" in texts(messages)
    assert "councilfordisabledchildren" not in texts(messages)
    messages, _ = run(ActionFindContact(), tracker("sendiass in hull", "find_contact",
                                                   entities=[{"entity": "area", "value": "Hull"}]))
    assert "councilfordisabledchildren" in texts(messages)
