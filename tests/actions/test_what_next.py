"""'What next?' follows on from the answer just given."""

from __future__ import annotations

from actions.what_next import ActionWhatNext
from bot.domain import knowledge
from tests.actions.helpers import run, tracker


def test_what_next_after_the_headteacher_is_the_governors() -> None:
    messages, events = run(ActionWhatNext(), tracker("and if that doesn't work?", "what_next",
                                                     slots={"faq_key": "role/headteacher"}))
    assert messages[0]["response"] == "utter_role/governors"
    assert events[0]["value"] == "role/governors"


def test_what_next_with_nothing_in_play_offers_the_ways_on() -> None:
    messages, _ = run(ActionWhatNext(), tracker("what next", "what_next"))
    assert messages[0]["response"] == "utter_what_next_unknown"


def test_every_next_step_exists_and_no_chain_loops() -> None:
    steps = knowledge.get().next_steps
    for start in steps:
        seen, key = set(), start
        while key in steps:
            assert key not in seen, f"next steps loop at {key}"
            seen.add(key)
            key = steps[key]


def test_what_can_i_do_after_the_parents_own_story_answers_the_story() -> None:
    track = tracker("what can i do", "what_next")
    track.latest_message["response_selector"] = {"default": {"response": {
        "intent_response_key": "unhappy/school_route", "confidence": 0.7}}}
    messages, events = run(ActionWhatNext(), track)
    assert messages[0]["response"] == "utter_unhappy/school_route"
    assert events[0]["value"] == "unhappy/school_route"
    track.latest_message["response_selector"]["default"]["response"]["confidence"] = 0.1
    messages, _ = run(ActionWhatNext(), track)
    assert messages[0]["response"] == "utter_what_next_unknown"


def test_what_next_after_a_suspension_is_about_suspensions_not_a_permanent_exclusion() -> None:
    told = [{"event": "user", "text": "they sent him home for two days last week, he's autistic"}]
    messages, _ = run(ActionWhatNext(), tracker(slots={"faq_key": "school/exclusion_overview"}, events=told))
    assert messages[0]["response"] == "utter_school/suspension"
    permanent = [{"event": "user", "text": "they have permanently excluded my son"}]
    messages, _ = run(ActionWhatNext(), tracker(slots={"faq_key": "school/exclusion_overview"}, events=permanent))
    assert messages[0]["response"] == "utter_school/exclusion_challenge"


def said(*texts: str) -> list[dict]:
    return [{"event": "user", "text": text} for text in texts]


def test_who_next_is_the_step_after_the_furthest_one_the_parent_has_tried() -> None:
    """The school's ladder (SENCO, head, formal complaint, Department for Education) and the council's
    (complaint, Ombudsman), read from what the parent said, not only from the answer just given."""
    cases = [
        (("the senco never answers my emails", "i went to the head too and nothing changed", "who do i go to next"),
         "role/senco", "utter_unhappy/after_head"),
        (("the senco promised a review meeting and it never happened", "what can i do"),
         "unhappy/school_route", "utter_role/headteacher"),
        (("we complained to the trust and the panel rejected it", "is there anyone above them?"),
         "unhappy/dfe", "utter_unhappy/dfe"),
        (("i made a complaint to the council in the summer about his review", "no reply. what's the next step?"),
         "ehc/annual_review", "utter_service/ombudsman"),  # an answer with no next step of its own
        (("i made a complaint to the council in the summer about his review", "no reply. what's the next step?"),
         "unhappy/la_failure", "utter_service/ombudsman"),
    ]
    for texts, current, expected in cases:
        messages, _ = run(ActionWhatNext(), tracker(texts[-1], "what_next", slots={"faq_key": current},
                                                    events=said(*texts)))
        got = messages[0].get("response")
        assert got == expected, (texts, got)  # the furthest step may be the answer just given: asked again


def test_an_exclusion_story_does_not_climb_the_complaints_ladder() -> None:
    told = said("the head has permanently excluded my son", "what can i do")
    messages, _ = run(ActionWhatNext(), tracker("what can i do", "what_next",
                                                slots={"faq_key": "school/exclusion_overview"}, events=told))
    assert messages[0]["response"] == "utter_school/exclusion_challenge"


def test_if_sen_support_does_not_work_the_next_step_is_an_assessment_from_the_answer_read() -> None:
    """The graduated approach explained, then "and if that fails?": the answer the parent read decides, not this
    message's own guess at an answer (set in the same turn)."""
    events = [{"event": "user", "text": "what's the graduated approach"},
              {"event": "slot", "name": "faq_key", "value": "glossary/graduated_approach"},
              {"event": "bot", "text": "The graduated approach is...",
               "metadata": {"utter_action": "utter_glossary/graduated_approach"}},
              {"event": "user", "text": "and if that fails?"},
              {"event": "slot", "name": "faq_key", "value": "unhappy/school_route"}]
    messages, _ = run(ActionWhatNext(), tracker("and if that fails?", "what_next",
                                                slots={"faq_key": "unhappy/school_route"}, events=events))
    assert messages[0]["response"] == "utter_graduated/no_progress"


def test_the_steps_tried_are_read_from_the_parents_messages_however_many_events_between() -> None:
    """"I complained to the head" ... "nothing happened" ... "who do I go to next": the governors, though each
    turn's slots and replies put the first message more than a dozen events back."""
    events: list[dict] = []
    for said in ("i complained to the head about how the senco talks to me", "nothing happened",
                 "who do i go to next"):
        events.append({"event": "user", "text": said})
        if said != "who do i go to next":
            events += [{"event": "slot", "name": "faq_key", "value": "unhappy/school_route"}] * 3
            events += [{"event": "bot", "text": "...", "metadata": {"utter_action": "utter_unhappy/school_route"}}] * 4
    messages, _ = run(ActionWhatNext(), tracker("who do i go to next", "what_next", events=events))
    assert messages[0]["response"] == "utter_unhappy/after_head"


def test_who_next_after_a_step_already_tried_is_the_step_after_the_furthest_one() -> None:
    said = ["she's on sen support and nothing changes", "i have spoken to her class teacher twice. who do i go to next"]
    events = [{"event": "user", "text": text} for text in said]
    messages, _ = run(ActionWhatNext(), tracker(said[-1], "what_next", slots={"faq_key": "graduated/no_progress"},
                                                events=events))
    assert messages[0]["response"] == "utter_role/senco"
    said = ["the senco keeps saying he's fine", "i've already been to his class teacher too. so what now"]
    events = [{"event": "user", "text": text} for text in said]
    messages, _ = run(ActionWhatNext(), tracker(said[-1], "what_next", events=events))
    assert messages[0]["response"] == "utter_role/headteacher"


def test_what_can_i_do_after_a_late_council_worked_out_is_how_to_complain_not_the_answer_before_it() -> None:
    events = [{"event": "user", "text": "who can ask for an assessment"},
              {"event": "bot", "text": "A parent can ask...", "metadata": {"utter_action": "utter_ehc/who_can_request"}},
              {"event": "user", "text": "we asked back in april and still no plan"},
              {"event": "slot", "name": "deadline_in_play", "value": "ehc"},
              {"event": "bot", "text": "I don't have the exact date of the request, but..."},
              {"event": "user", "text": "what can i actually do about it"}]
    messages, _ = run(ActionWhatNext(), tracker(slots={"faq_key": "ehc/who_can_request", "deadline_passed": True},
                                                events=events))
    assert messages[0]["response"] == "utter_unhappy/la_failure"
    # dates still to come ("had the annual review today ... what happens next"): not a complaint
    messages, _ = run(ActionWhatNext(), tracker(slots={"faq_key": "ehc/who_can_request", "deadline_passed": False},
                                                events=events))
    assert messages[0]["response"] != "utter_unhappy/la_failure"


def test_governors_who_upheld_an_exclusion_are_not_the_complaints_ladder() -> None:
    told = said("she was permanently excluded", "the governors met and upheld it", "whats next")
    messages, _ = run(ActionWhatNext(), tracker("whats next", "what_next", slots={"faq_key": "school/irp"},
                                                events=told))
    assert messages[0]["response"] != "utter_unhappy/dfe"


def test_and_then_after_the_councils_timescales_with_no_date_is_what_happens_during_the_assessment() -> None:
    """"what if they say no" ... "how long do they have to decide" ... "and then?": it had been the "what would you
    like to do next?" menu."""
    events = [{"event": "user", "text": "i asked the council for an ehc assessment, what if they say no"},
              {"event": "user", "text": "how long do they have to decide"},
              {"event": "slot", "name": "deadline_in_play", "value": "ehc"},
              {"event": "bot", "text": "After a request for an EHC needs assessment, the council must..."},
              {"event": "user", "text": "and then?"}]
    messages, _ = run(ActionWhatNext(), tracker(slots={"deadline_passed": False}, events=events))
    assert messages[0]["response"] == "utter_ehc/agreed_to_assess"


def test_what_if_they_say_no_after_the_councils_timescales_is_the_refusals_route() -> None:
    """"i want to ask for an ehc assessment" ... "and then?" (the timescales) ... "what if they say no": the appeal
    against a refusal, not the timescales again."""
    events = [{"event": "user", "text": "i want to ask for an ehc assessment for my son"},
              {"event": "user", "text": "and then?"},
              {"event": "bot", "text": "The final EHC plan should be ready within...",
               "metadata": {"utter_action": "utter_ehc/timescales"}},
              {"event": "user", "text": "what if they say no"}]
    messages, _ = run(ActionWhatNext(), tracker(slots={"faq_key": "ehc/timescales"}, events=events))
    assert messages[0]["response"] == "utter_ehc/refused_assessment"


def test_what_should_i_do_about_it_after_an_answer_with_its_own_steps_gets_those_steps() -> None:
    """b54: "what should i actually do about it" after the bullying answer had gone straight to the complaints route;
    its own steps come first (a dated record ...), and "what next?" after them is still the route."""
    messages, events = run(ActionWhatNext(), tracker(
        slots={"faq_key": "school/bullying"}, events=said("kids keep laughing at her stammer",
                                                           "what should i actually do about it")))
    assert messages[0]["response"] == "utter_own_steps_first"
    assert messages[0]["steps"].startswith("1. keep a dated record")
    assert events[0]["value"] == "school/bullying"
    messages, _ = run(ActionWhatNext(), tracker(slots={"faq_key": "school/bullying"},
                                                events=said("kids keep laughing at her stammer", "what next")))
    assert messages[0]["response"] == "utter_unhappy/school_route"


def test_only_answers_with_steps_have_own_steps() -> None:
    answers = knowledge.get().answers
    assert answers["school/informal_exclusion"].own_steps.count("\n") == 2
    assert answers["role/senco"].own_steps == ""


def test_and_then_after_what_an_ehcp_is_is_how_to_ask_for_one() -> None:
    """A try-out: "what is an ehcp" ... "and then?" had got "What would you like to do next?"."""
    messages, _ = run(ActionWhatNext(), tracker("and then?", "what_next", slots={"faq_key": "glossary/ehcp"}))
    assert messages[0]["response"] == "utter_ehc/request_assessment"
