"""Hand-off form validation and saving, with real Trackers and a real database (including a failure mid-save)."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import text

from actions.handoff import FORM_SLOTS, ActionSubmitEnquiry, ValidateHandoffForm
from bot.domain import knowledge
from bot.store import db, enquiries, loader, migrate
from tests.actions.helpers import run, tracker, variables


@pytest.fixture(scope="module", autouse=True)
def database() -> None:
    migrate.upgrade()
    loader.load_all()  # the contacts directory (the local SENDIASS in the confirmation)


def validate(slot: str, value: str, sender: str = "s1") -> tuple[dict, list]:
    dispatcher = CollectingDispatcher()
    result = getattr(ValidateHandoffForm(), f"validate_{slot}")(value, dispatcher, tracker(sender=sender), {})
    return result, dispatcher.messages


@pytest.mark.parametrize("value,ok", [
    ("jo@example.com", True), ("07911 123456", True), ("email jo@example.com or 07911123456", True),
    ("+44 7911 123456", True), ("jo@example", False), ("12345", False), ("tomorrow", False),
    ("0791112", False), ("jo@@example.com", False), ("07700 900123", True),  # our own example's number
])
def test_contact_details_are_validated(value: str, ok: bool) -> None:
    result, messages = validate("contact_details", value)
    assert (result["contact_details"] == "given") is ok
    assert bool(messages) is not ok


def test_a_valid_email_is_kept_when_the_phone_is_wrong_and_the_reply_says_which() -> None:
    result, messages = validate("contact_details", "sam.k@example.com or 07911 1234567", sender="mixed")
    assert result == {"contact_details": "given"}
    assert enquiries.pending("mixed")["email"] == "sam.k@example.com"
    assert messages[0]["response"] == "utter_contact_details_partly_kept"
    # str.capitalize() writes "uk": what parents have always read (issue 12 moved the words, changing none)
    assert variables(messages[0]) == {"kept": "email address",
                                      "problem": "The phone number doesn't look like a uk number"}
    assert "1234567" not in str(messages[0])  # the parent's words are not quoted back


def test_details_are_kept_outside_the_conversation() -> None:
    validate("contact_name", "My name is Jo Bloggs", sender="keep")
    result, _ = validate("contact_details", "jo@example.com", sender="keep")
    assert result == {"contact_details": "given"}  # the slot holds no personal data
    assert enquiries.pending("keep")["name"] == "Jo Bloggs"
    assert enquiries.pending("keep")["email"] == "jo@example.com"


@pytest.mark.parametrize("text,intent", [("no thanks", "deny"), ("/deny", "deny"), ("nah", "")])
def test_no_to_passing_it_on_ends_the_form(text: str, intent: str) -> None:
    """The whole form validation, as Rasa calls it after "Would you like me to pass it on?"."""
    domain = {"forms": {"handoff_form": {"required_slots": FORM_SLOTS}}}
    _, events = run(ValidateHandoffForm(), tracker(text=text, intent=intent, slots={"requested_slot": "handoff_consent"}),
                    domain)
    assert {"event": "slot", "name": "handoff_consent", "value": "no", "timestamp": None} in events
    assert events[-1]["name"] == "requested_slot" and events[-1]["value"] is None  # nothing more to ask


def submit(sender: str, consent: str = "yes") -> tuple[list, list]:
    return run(ActionSubmitEnquiry(), tracker(sender=sender, slots={
        "handoff_consent": consent, "faq_key": "unhappy/exclusion", "area_gss": "E06000010",
        "area_name": "Kingston upon Hull"}, events=[{"event": "user", "text": "my son was excluded, call 07911 123456"}]))


def test_submit_saves_and_gives_a_reference() -> None:
    enquiries.remember("ok", name="Jo", email="jo@example.com", best_time="mornings", summary="exclusion help")
    messages, events = submit("ok")
    assert messages[0]["response"] == "utter_enquiry_sent_urgent"
    reference = next(e["value"] for e in events if e.get("name") == "enquiry_reference")
    assert reference.startswith("SEND-") and messages[0]["reference"] == reference
    assert messages[0]["how"] == "email"
    assert messages[0]["when"] == " within 1 working day"  # urgent: the deployment file's service standard
    assert messages[0]["local_sendiass"].startswith("KIDS Hull SENDIASS")  # the parent's area's own service
    enquiry, _ = enquiries.get(reference)
    assert enquiry.urgency == 2 and "exclusion" in enquiry.urgency_reasons
    assert "07911" not in enquiry.transcript


def test_refused_consent_saves_nothing() -> None:
    enquiries.remember("no", name="Jo")
    before = len(enquiries.queue())
    messages, _ = submit("no", consent="no")
    assert messages[0]["response"] == "utter_handoff_declined"
    assert len(enquiries.queue()) == before and enquiries.pending("no") == {}


def test_database_failure_mid_save_tells_the_parent_and_loses_nothing() -> None:
    enquiries.remember("fail", name="Jo", email="jo@example.com", summary="help")
    before = len(enquiries.queue())
    with db.engine().begin() as connection:
        connection.execute(text("CREATE TRIGGER fail_insert BEFORE INSERT ON enquiries "
                                "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"))
    try:
        messages, _ = submit("fail")
    finally:
        with db.engine().begin() as connection:
            connection.execute(text("DROP TRIGGER fail_insert"))
    assert messages[0]["response"] == "utter_enquiry_not_saved"
    assert "find-your-local-iass" in knowledge.get().messages["utter_enquiry_not_saved"]["text"]
    assert len(enquiries.queue()) == before
    assert enquiries.pending("fail")["email"] == "jo@example.com"  # the details were not lost


def test_a_question_in_the_middle_of_the_form_is_not_taken_as_the_answer() -> None:
    import asyncio

    form = ValidateHandoffForm()
    asked = tracker("actually whats a mediation certificate", "glossary",
                    slots={"requested_slot": "contact_details", "handoff_consent": "yes"})
    assert asyncio.run(form.extract_contact_details(None, asked, {})) == {}
    changed_mind = tracker("actually no, forget it, what does senco mean", "glossary",
                           slots={"requested_slot": "contact_name", "handoff_consent": "yes"})
    assert asyncio.run(form.extract_contact_name(None, changed_mind, {})) == {}  # not taken as the name
    typo = tracker("actualy no, whats a senco first", "role",
                   slots={"requested_slot": "contact_details", "handoff_consent": "yes"})
    assert asyncio.run(form.extract_contact_details(None, typo, {})) == {}  # "actualy": answered, then asked again
    name = tracker("no its Sam Jones", "nlu_fallback", slots={"requested_slot": "contact_name"})
    assert asyncio.run(form.extract_contact_name(None, name, {})) == {"contact_name": "no its Sam Jones"}
    details = tracker("sam@example.com", "nlu_fallback", slots={"requested_slot": "contact_details"})
    assert asyncio.run(form.extract_contact_details(None, details, {})) == {"contact_details": "sam@example.com"}
    summary = tracker("how do i get an ehcp?", "ehc", slots={"requested_slot": "handoff_summary"})
    assert asyncio.run(form.extract_handoff_summary(None, summary, {})) == {"handoff_summary": "how do i get an ehcp?"}


@pytest.mark.parametrize("text,intent,meaning", [
    ("yes", "affirm", "yes"), ("send it", "", "yes"), ("/affirm", "affirm", "yes"),
    ('/change_answer{"form_slot":"best_time"}', "change_answer", "change:best_time"),
    ("oops wrong email", "", "change:contact_details"), ("change the area please", "change_answer", "change:handoff_area"),
    ("hmm", "", "unclear"),
])
def test_check_your_answers_reads_send_or_which_answer_to_change(text: str, intent: str, meaning: str) -> None:
    from actions.handoff import _checked

    assert _checked(text, intent) == meaning


def test_changing_the_area_asks_it_again_even_if_it_was_known() -> None:
    cleared = ValidateHandoffForm().validate_handoff_checked("change:handoff_area", CollectingDispatcher(),
                                                             tracker(text="change area"), {})
    assert cleared == {"handoff_area": None, "handoff_checked": None, "area_gss": None, "area_name": None}


@pytest.mark.parametrize("value,response,problems", [
    ("tomorrow", "utter_contact_details_missing", None),
    ("jo@example", "utter_contact_details_invalid", "the email address doesn't look complete"),
    ("0791 1123 4567 8", "utter_contact_details_invalid", "the phone number doesn't look like a UK number"),
    ("jo@example or 0791 1123 4567 8", "utter_contact_details_invalid",
     "the email address doesn't look complete and the phone number doesn't look like a UK number"),
])
def test_contact_details_that_cannot_be_used_say_what_was_wrong(value: str, response: str, problems: str | None
                                                                 ) -> None:
    result, messages = validate("contact_details", value, sender="wrong")
    assert result == {"contact_details": None}
    assert [m["response"] for m in messages] == [response]
    assert variables(messages[0]) == ({"problems": problems} if problems else {})


def test_check_your_answers_shows_every_answer_with_change_buttons_from_knowledge() -> None:
    from actions.handoff import ActionAskHandoffChecked

    enquiries.remember("check", name="Priya 10[ish", email="p@example.com", best_time="after school",
                       summary="help with an EHCP")
    messages, _ = run(ActionAskHandoffChecked(), tracker(sender="check", slots={"handoff_area": "Leeds"}))
    assert messages[0]["response"] == "utter_check_your_answers" and not messages[0]["buttons"]
    # "0[" gets a space: Rasa's interpolator would show the raw template instead (see actions/handoff.py)
    assert variables(messages[0]) == {"name": "Priya 10 [ish", "contact": "p@example.com",
                                      "best_time": "after school", "area": "Leeds", "summary": "help with an EHCP"}


def test_consent_that_is_neither_yes_nor_no_twice_stops_asking_instead_of_looping() -> None:
    form = ValidateHandoffForm()
    started = [{"event": "active_loop", "name": "handoff_form"},
               {"event": "bot", "text": "Shall I pass it on?", "metadata": {"utter_action": "utter_ask_handoff_consent"}},
               {"event": "user", "text": "im in kent"}]
    dispatcher = CollectingDispatcher()
    assert form.validate_handoff_consent("unclear", dispatcher, tracker("im in kent", events=started), {}) \
        == {"handoff_consent": None}
    assert dispatcher.messages[0]["response"] == "utter_consent_unclear"
    again = [*started, {"event": "bot", "text": "Sorry, I didn't catch that.",
                        "metadata": {"utter_action": "utter_consent_unclear"}},
             {"event": "user", "text": "whats their phone number"}]
    dispatcher = CollectingDispatcher()
    assert form.validate_handoff_consent("unclear", dispatcher, tracker("whats their phone number", events=again),
                                         {}) == {"handoff_consent": "no"}
    assert dispatcher.messages[0]["response"] == "utter_consent_given_up"


def test_asking_for_a_person_when_asked_whether_to_pass_it_on_is_a_yes() -> None:
    """"i dont want a bot i need someone to talk to" when asked "Would you like me to pass it on?" is a yes (it had
    been "Sorry, I didn't catch that")."""
    form = ValidateHandoffForm()
    said = tracker("i dont want a bot i need someone to talk to", "human_handoff",
                   slots={"requested_slot": "handoff_consent"})
    assert form._take("handoff_consent", said) == {"handoff_consent": "yes"}
