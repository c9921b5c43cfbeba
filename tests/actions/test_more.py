from actions.more import ActionTellMeMore
from bot.domain import knowledge
from tests.actions.helpers import run, tracker


def test_tell_me_more_gives_the_longer_part_of_the_answer_named_by_the_button() -> None:
    messages, events = run(ActionTellMeMore(), tracker(
        "/tell_me_more", "tell_me_more", entities=[{"entity": "more_key", "value": "role/senco"}]))
    assert messages[0]["text"] == knowledge.get().answers["role/senco"].more
    assert events == []


def test_tell_me_more_follows_the_last_answer() -> None:
    messages, _ = run(ActionTellMeMore(), tracker("tell me more", "tell_me_more",
                                                  slots={"faq_key": "service/mediation"}))
    assert "certificate" in messages[0]["text"]


def test_when_there_is_no_more_it_says_so_kindly() -> None:
    messages, _ = run(ActionTellMeMore(), tracker("more", "tell_me_more", slots={"faq_key": "funding/threshold"}))
    assert messages[0]["response"] == "utter_nothing_more"
    assert messages[0]["title"] == knowledge.get().answers["funding/threshold"].title


def test_without_a_topic_it_offers_the_topics() -> None:
    messages, _ = run(ActionTellMeMore(), tracker("more", "tell_me_more"))
    assert messages[0]["response"] == "utter_topic_menu"
