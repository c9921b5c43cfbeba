"""Talk to the real running assistant over Rasa's REST channel, as a parent would."""

from __future__ import annotations

import urllib.request

from tests.e2e.conftest import RunningBot


def test_all_three_servers_are_up(bot: RunningBot) -> None:
    for url in (bot.rasa_url + "/", bot.actions_url + "/health", bot.web_url + "/healthz"):
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.status == 200


def test_greeting_says_it_is_automated_and_offers_topics(bot: RunningBot) -> None:
    reply = bot.conversation().say("hiya")
    assert "automated assistant" in reply
    assert "[Who does what]" in reply


def test_roles_with_a_follow_up_and_tell_me_more(bot: RunningBot) -> None:
    chat = bot.conversation()
    assert "co-ordinator" in chat.say("what does the senco do?")
    assert "headteacher" in chat.say("and the head teacher?").lower()
    chat.say("what's the graduated approach")
    more = chat.say("/tell_me_more")
    assert more  # a reply, from the action server


def test_safeguarding_signposting_comes_first(bot: RunningBot) -> None:
    reply = bot.conversation().say("my daughter has been self harming and i dont know what to do")
    first = reply.splitlines()[0]
    assert first.startswith("If you or") and "immediate danger" in first and "call 999" in first
    for number in ("0808 800 5000", "0800 1111", "116 123"):
        assert number in reply
    # someone who may take their own life: Samaritans straight after 999, no "if a child is missing"
    assert "Samaritans" in reply.splitlines()[1] and "missing" not in reply


def test_nonsense_gets_a_kind_way_forward(bot: RunningBot) -> None:
    reply = bot.conversation().say("flibber wob zzz")
    assert "Sorry" in reply and "[Where to get help]" in reply


def test_out_of_scope(bot: RunningBot) -> None:
    assert "only answer questions about special educational needs" in bot.conversation().say(
        "when do my bins get collected")


def test_demo_page_has_the_widget_snippet(bot: RunningBot) -> None:
    with urllib.request.urlopen(bot.web_url + "/", timeout=5) as response:
        page = response.read().decode()
    assert 'src="/static/send-chat.js"' in page and 'lang="en"' in page
