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
