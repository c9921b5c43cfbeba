"""When unsure: the best guess with other likely answers, likely topics, a person after two misses."""

from __future__ import annotations

from typing import Any

from actions.best_guess import ActionBestGuess, misses_in_a_row
from tests.actions.helpers import run, tracker


def parse(topic: str, confidence: float, ranking: list[tuple[str, float]]) -> Any:
    track = tracker("how do i complain about the school", "nlu_fallback")
    track.latest_message["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.3},
                                              {"name": topic, "confidence": confidence}]
    track.latest_message["response_selector"] = {"all_retrieval_intents": [topic], "default": {
        "ranking": [{"intent_response_key": key, "confidence": c} for key, c in ranking]}}
    return track


def test_the_best_guess_is_answered_with_other_likely_answers_as_buttons() -> None:
    messages, events = run(ActionBestGuess(), parse("unhappy", 0.99, [("unhappy/school_route", 0.12),
                                                                      ("unhappy/dfe", 0.06)]))
    assert messages[0]["response"] == "utter_unhappy/school_route"
    titles = [b["title"] for b in messages[1]["buttons"]]
    assert "Talk to a person" in titles and "Something else" in titles and len(titles) == 3
    assert events[0]["value"] == "unhappy/school_route"


def test_nothing_plausible_gets_topics_and_after_two_misses_a_person_first() -> None:
    messages, _ = run(ActionBestGuess(), parse("unhappy", 0.2, [("role/senco", 0.01)]))
    assert messages[0]["response"] == "utter_default"
    missed = [{"event": "user", "text": "blorp"}, {"event": "bot", "metadata": {"utter_action": "utter_default"}},
              {"event": "user", "text": "zzz"}]
    assert misses_in_a_row(missed) == 1
    track = parse("unhappy", 0.2, [("role/senco", 0.01)])
    track.events = missed
    messages, _ = run(ActionBestGuess(), track)
    assert messages[0]["response"] == "utter_still_not_sure" and messages[0]["buttons"][0]["title"] == "Talk to a person"


def test_a_follow_up_about_the_deadline_in_play_goes_back_to_the_deadline() -> None:
    track = tracker("what time on the day does it have to be in by", "nlu_fallback",
                    slots={"deadline_in_play": "appeal", "letter_date": "2026-11-02"},
                    events=[{"event": "user", "text": "what time on the day does it have to be in by"}])
    messages, _ = run(ActionBestGuess(), track)
    assert "by 5pm on" in messages[0]["text"]


def test_who_can_help_and_what_now_follow_on_from_the_conversation() -> None:
    from bot.store import loader

    loader.load_all()  # the contacts directory
    messages, _ = run(ActionBestGuess(), tracker("who can help me?", "nlu_fallback",
                                                 slots={"area_gss": "E08000035", "area_name": "Leeds"}))
    assert messages[0]["response"] == "utter_no_local_details"  # the contacts look-up, for Leeds' SENDIASS
    assert messages[0]["owner"] == "Leeds'" and "SENDIASS" in messages[0]["service"]
    messages, _ = run(ActionBestGuess(), tracker("what can i do about it", "nlu_fallback",
                                                 slots={"faq_key": "role/headteacher"}))
    assert messages[0]["response"] == "utter_role/governors"
    final = tracker("and the final plan?", "nlu_fallback", slots={"deadline_in_play": "ehc", "request_date": "2026-10-01"},
                    events=[{"event": "user", "text": "and the final plan?"}])
    messages, _ = run(ActionBestGuess(), final)
    assert "Final EHC plan due by: Thursday 18 February 2027" in messages[0]["text"]
