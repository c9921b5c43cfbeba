"""Deadlines and contacts through the running servers, over several turns, as a parent would ask."""

from __future__ import annotations

import datetime as dt

from bot.domain import deadlines
from tests.e2e.conftest import RunningBot


def test_appeal_deadline_over_several_turns(bot: RunningBot) -> None:
    """No date: the rule and the offer; then a date: the deadline at once, assuming no certificate."""
    chat = bot.conversation()
    rule = chat.say("how long have i got to appeal?")
    assert "2 months" in rule and "1 month" in rule and "date on the letter" in rule
    letter = dt.date.today() - dt.timedelta(days=20)
    reply = chat.say(letter.strftime("%d/%m/%y"))
    expected = deadlines.sen_appeal(letter).date
    assert reply.startswith(f"Your appeal must reach the SEND Tribunal by 5pm on {deadlines.say(expected)}")
    assert "If you get one, tell me its date" in reply and "mediation adviser" in reply


def test_appeal_deadline_with_the_date_in_the_first_message_and_a_certificate(bot: RunningBot) -> None:
    chat = bot.conversation()
    reply = chat.say("the council refused to assess, the letter is dated 1 October 2025. whats my deadline to appeal")
    assert "by 5pm on Monday 1 December 2025" in reply  # at once: 2 months, 1 Dec 2025 a Monday
    reply = chat.say("i got the mediation certificate, it's dated 29th November 2025")
    assert "by 5pm on Friday 2 January 2026" in reply
    assert "25 December and 1 January" in reply


def test_impossible_date_is_explained_and_asked_again(bot: RunningBot) -> None:
    chat = bot.conversation()
    chat.say("when's my appeal deadline")
    reply = chat.say("31st February 2026")
    assert "isn't a real date" in reply
    letter = dt.date.today() - dt.timedelta(days=3)
    assert "Your appeal must reach" in chat.say(f"{letter.day} {letter.strftime('%B')}")


def test_stop_after_a_deadline_question(bot: RunningBot) -> None:
    chat = bot.conversation()
    chat.say("work out my appeal deadline")
    assert "stopped" in chat.say("cancel")
    assert "co-ordinator" in chat.say("what does the senco do")


def test_follow_up_deadline_uses_the_topic_in_play(bot: RunningBot) -> None:
    chat = bot.conversation()
    chat.say("I think the school discriminated against my son because of his disability")
    assert "Tell me the date it happened" in chat.say("what's the deadline for that?")
    assert "last day to make a disability discrimination claim" in chat.say("yesterday")


def test_ehc_timeline(bot: RunningBot) -> None:
    chat = bot.conversation()
    reply = chat.say("we asked the council for an EHC assessment, when should they decide?")
    assert "6 weeks" in reply
    assert "Monday 16 February 2026" in chat.say("5 January 2026")


def test_contacts_by_area_remembered(bot: RunningBot) -> None:
    chat = bot.conversation()
    reply = chat.say("how do I contact SENDIASS in Hull")
    assert "Kingston upon Hull" in reply
    reply = chat.say("what about mediation")
    assert "Kingston upon Hull" in reply or "mediation" in reply.lower()


def test_ambiguous_area_and_national_service(bot: RunningBot) -> None:
    chat = bot.conversation()
    reply = chat.say("sendiass in kingston")
    assert "Which one did you mean?" in reply and "[Kingston upon Thames]" in reply
    reply = chat.say('/inform_area{"area":"E09000021"}')
    assert "Kingston upon Thames" in reply
    assert "ipsea.org.uk" in bot.conversation().say("IPSEA's number").lower()


def test_sql_injection_shaped_area(bot: RunningBot) -> None:
    reply = bot.conversation().say("sendiass in '; DROP TABLE services; --")
    assert reply
    assert "ipsea" in bot.conversation().say("how do i contact ipsea").lower()


def test_a_date_after_an_answer_that_asks_for_it(bot: RunningBot) -> None:
    chat = bot.conversation()
    assert "date on the letter" in chat.say("council said no to ehcp assesment what can i do")
    letter = dt.date.today() - dt.timedelta(days=19)
    reply = chat.say(f"got the letter on {letter.day} {letter.strftime('%b').lower()}")
    assert f"by 5pm on {deadlines.say(deadlines.sen_appeal(letter).date)}" in reply
