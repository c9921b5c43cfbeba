"""The rule-based NLU steps (rasa_addons/nlu_guards.py) on real Rasa Messages."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.domain import date_rules
from bot.domain.deadline_kinds import INTENT_FOR_KIND
from rasa_addons import nlu_guards


def message(text: str, intent: str, confidence: float = 0.9, faq_key: str | None = None) -> Message:
    entities: list[dict[str, Any]] = [{"entity": "faq_key", "value": faq_key}] if faq_key else []
    return Message(data={TEXT: text, INTENT: {"name": intent, "confidence": confidence}, ENTITIES: entities,
                         "intent_ranking": [{"name": intent, "confidence": confidence}]})


def run(component: Any, msg: Message) -> Message:
    return component.process([msg])[0]


def intent_of(msg: Message) -> str:
    return str(msg.data[INTENT]["name"])


def test_a_date_about_something_with_a_deadline_gets_the_deadline() -> None:
    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())
    found = run(detector, message("they refused to assess him, letter dated 3/11/26, what can i do", "ehc",
                                  faq_key="ehc/refused_assessment"))
    assert intent_of(found) == "ask_appeal_deadline"
    found = run(detector, message("school discriminated against him on 3 oct, last day to claim", "nlu_fallback"))
    assert intent_of(found) == "ask_discrimination_deadline"
    assert intent_of(run(detector, message("3rd november", "nlu_fallback"))) == "inform_date"
    assert intent_of(run(detector, message("what does a senco do", "role", faq_key="role/senco"))) == "role"


def test_a_long_message_is_bounded_but_safeguarding_reads_all_of_it() -> None:
    bound = nlu_guards.MessageBound(nlu_guards.MessageBound.get_default_config())
    text = " ".join(["we waited for months"] * 60) + " my daughter is self harming " + " ".join(["and"] * 200)
    msg = run(bound, message(text, "greet"))
    assert len(msg.get(TEXT).split()) < 170 and "self harming" not in msg.get(TEXT)
    msg = run(nlu_guards.SafeguardingDetector(), msg)
    assert intent_of(msg) == "safeguarding"
    assert {"self_harm"} == {e["value"] for e in msg.data[ENTITIES] if e["entity"] == "concern"}


def test_a_parent_in_crisis_is_told_apart_from_a_child_in_danger() -> None:
    detector = nlu_guards.SafeguardingDetector()
    crisis = run(detector, message("i'm at breaking point", "feeling_stressed"))
    assert [e["value"] for e in crisis.data[ENTITIES] if e["entity"] == "concern"] == ["parent_crisis"]


def test_asking_for_a_person_always_hands_off() -> None:
    detector = nlu_guards.PersonRequestDetector({})
    assert intent_of(run(detector, message("Talk to a person", "role"))) == "human_handoff"
    assert intent_of(run(detector, message("I need help from a person", "nlu_fallback"))) == "human_handoff"
    assert intent_of(run(detector, message("the senco wont talk to me", "unhappy"))) == "unhappy"
    assert intent_of(run(detector, message("this isnt helping. i need a human who knows my case",
                                           "nlu_fallback"))) == "human_handoff"
    assert intent_of(run(detector, message("i need a person to come to the meeting with me", "meetings"))) == \
        "meetings"
    # someone for the child to talk to is not an adviser for the parent
    assert intent_of(run(detector, message("my son wants to speak to someone about the bullies, not us", "school"))) \
        == "school"
    # someone local to contact is a look-up (the contacts action knows the area), not the hand-off form
    assert intent_of(run(detector, message("we're in hull, i want to speak to somebody local, who should i ring?",
                                           "find_contact"))) == "find_contact"


def test_no_certificate_is_a_no() -> None:
    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())
    assert intent_of(run(detector, message("no we havent got a mediation certificate yet", "nlu_fallback"))) == "deny"


def test_a_date_with_deadline_words_gets_the_deadline_whatever_the_classifier_said() -> None:
    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())
    found = run(detector, message("final plan came today, letter has todays date. when do i need to appeal by",
                                  "school", faq_key="school/exclusion_challenge"))
    assert intent_of(found) == "ask_appeal_deadline"


def test_a_place_outside_england_or_local_help_with_an_area_finds_contacts() -> None:
    detector = nlu_guards.AreaAnswerDetector(nlu_guards.AreaAnswerDetector.get_default_config())
    assert intent_of(run(detector, message("im in cardiff, how do i get an ehcp", "ehc"))) == "find_contact"
    leeds = message("we're in leeds, who can help with his school", "role")
    leeds.data[ENTITIES] = [{"entity": "area", "value": "E08000035"}]
    assert intent_of(run(detector, leeds)) == "find_contact"
    assert intent_of(run(detector, message("what does a senco do", "role"))) == "role"
    # a service named with an area wants that area's contacts, whatever the classifier read it as
    sheffield = message("whats the sendiass for sheffield", "glossary", faq_key="glossary/sendiass")
    sheffield.data[ENTITIES] = [{"entity": "service_kind", "value": "sendiass"},
                                {"entity": "area", "value": "E08000019"}]
    assert intent_of(run(detector, sheffield)) == "find_contact"
    meaning = message("what does sendiass mean", "glossary", faq_key="glossary/sendiass")
    meaning.data[ENTITIES] = [{"entity": "service_kind", "value": "sendiass"}]
    assert intent_of(run(detector, meaning)) == "glossary"


def test_everyday_words_that_are_also_place_names_are_not_nations() -> None:
    from bot.domain import areas

    assert areas.nation_named("she gets overwhelmed and shuts down halfway") == ""
    assert areas.nation_named("we live in swansea") == "Wales"
    assert areas.nation_named("we moved from cardiff to bristol") == ""  # an English area named too


def test_every_kind_of_deadline_has_an_intent() -> None:
    from bot.domain.deadline_kinds import INTENT_FOR_KIND
    from bot.domain.deadline_request import KINDS

    assert set(KINDS) <= set(INTENT_FOR_KIND)
    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())
    found = run(detector, message("got the draft plan on 10/11/26, how long to comment", "nlu_fallback"))
    assert intent_of(found) == "ask_ehc_deadline"


def test_a_message_that_is_just_a_date_answers_the_date_question() -> None:
    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())
    assert intent_of(run(detector, message("31st February 2026", "ehc", faq_key="ehc/phase_transfer"))) == "inform_date"


def test_a_long_story_ending_in_a_question_is_read_as_the_question() -> None:
    from bot.domain.message_limits import bound

    story = " ".join(["my son has had a really hard term and the school keeps changing things"] * 30)
    assert bound(story + ". What does a SENCO do?").text == "What does a SENCO do?"


def test_a_vague_date_without_a_deadline_question_is_left_alone() -> None:
    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())
    excluded = message("my daughter got excluded for 5 days last week because of her adhd, can they do that",
                       "nlu_fallback")
    assert intent_of(run(detector, excluded)) == "nlu_fallback"
    no_cert = message("we havent got a mediation certificate", "service", faq_key="service/mediation")
    assert intent_of(run(detector, no_cert)) == "deny"


def test_who_can_help_and_what_now_follow_ups_go_to_the_actions_that_know_the_conversation() -> None:
    detector = nlu_guards.FollowUpDetector({})
    assert intent_of(run(detector, message("who can help me?", "help"))) == "find_contact"
    assert intent_of(run(detector, message("who can help me then", "help"))) == "find_contact"
    assert intent_of(run(detector, message("ok so what can i actually do about it", "help"))) == "what_next"
    assert intent_of(run(detector, message("what are my options", "graduated"))) == "what_next"
    assert intent_of(run(detector, message("what can you help me with", "help"))) == "help"
    for asked in ("ok how do i get hold of them", "how can we contact them?", "whats their number",
                  "great, how do i get in touch with them please"):
        assert intent_of(run(detector, message(asked, "glossary"))) == "find_contact", asked
    assert intent_of(run(detector, message("how do i contact them about his plan being late", "ehc"))) == "ehc"
    assert intent_of(run(detector, message("who can help me, he said he wants to die", "safeguarding"))) == "safeguarding"
    # a story ending "who can help me?" wants local help when the area is known
    from rasa_addons.conversation_context import EARLIER_TEXTS

    story = message("my daughter has dyslexia and the school isn't doing much. who can help me?", "graduated")
    story.data["metadata"] = {EARLIER_TEXTS: ["hello, we're in Sheffield"]}
    assert intent_of(run(detector, story)) == "find_contact"
    alone = message("my daughter has dyslexia and the school isn't doing much. who can help me?", "graduated")
    assert intent_of(run(detector, alone)) == "graduated"


def test_an_area_that_is_also_an_everyday_word_is_a_place_only_when_used_as_one() -> None:
    from bot.domain import areas

    gazetteer = areas.load()
    assert gazetteer.match("im in leeds and hes 2 years behind in reading").area.name == "Leeds"
    assert gazetteer.match("he is behind in reading and maths").status == "unknown"
    assert gazetteer.match("he plays rugby at the weekend").status == "unknown"
    for said in ("we live in reading", "Reading", "reading council", "hull", "im in hull"):
        assert gazetteer.match(said).status == "found", said
    assert gazetteer.match("birmingam sendiass number plz").area.name == "Birmingham"


def test_a_misspelt_place_with_a_contact_question_finds_contacts() -> None:
    detector = nlu_guards.AreaAnswerDetector(nlu_guards.AreaAnswerDetector.get_default_config())
    assert intent_of(run(detector, message("birmingam sendiass number plz", "service"))) == "find_contact"
    assert intent_of(run(detector, message("what does sendiass do", "service"))) == "service"
    assert intent_of(run(detector, message("is there anybody round notingham who helps with sen", "role"))) == "find_contact"
    assert intent_of(run(detector, message("where can we go for send advice in sheffeild", "graduated"))) == \
        "find_contact"


def test_asking_again_about_a_deadline_dated_a_message_or_two_ago_gets_the_deadline() -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())

    def said(text: str, intent: str, earlier: list[str]) -> str:
        msg = message(text, intent)
        msg.data["metadata"] = {EARLIER_TEXTS: earlier}
        return intent_of(run(detector, msg))

    dated = ["council refused to assess, letter dated 17/09/2026", "will you remember that"]
    assert said("is it too late now?", "unhappy", dated) == "ask_appeal_deadline"
    assert said("ok whats the deadline again", "help", dated) == "ask_appeal_deadline"
    assert said("how long does mediation take", "service", dated) == "service"  # a new question
    assert said("is it too late now?", "unhappy", ["council refused to assess"]) == "unhappy"  # no date given
    reviewed = ["his annual review was on 28 sept"]
    assert said("heard nothing since. is that normal?", "ehc", reviewed) == "ask_review_deadline"
    assert said("we're still waiting", "ehc", reviewed) == "ask_review_deadline"
    named = ["the decision letter dated 2/11/2026 names the wrong school, that's all we disagree with"]
    assert said("so do we even need a certificate?", "service", named) == "ask_appeal_deadline"
    requested = ["we put in the request for an ehc assessment on 2 may 2026"]
    assert said("still no decision, how long are they legally meant to take", "unhappy", requested) \
        == "ask_ehc_deadline"
    assert said("i havent got one. so whats my deadline", "deny", ["what is a mediation certificate"]) \
        == "ask_appeal_deadline"


def test_a_vague_month_is_a_date_answer_only_when_a_deadline_is_being_talked_about() -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())
    alone = message("my son is 16 in april", "nlu_fallback")
    assert intent_of(run(detector, alone)) == "nlu_fallback"
    answer = message("i got the letter in april", "nlu_fallback")
    answer.data["metadata"] = {EARLIER_TEXTS: ["i want to appeal the refusal to assess"]}
    assert intent_of(run(detector, answer)) != "nlu_fallback"


def test_only_a_message_that_asks_to_delete_deletes() -> None:
    check = nlu_guards.DeleteRequestCheck({})
    asked = run(check, message("do you keep what i type? who sees it", "delete_my_data"))
    assert intent_of(asked) == "service"  # answered with what this chat keeps
    assert {"entity": "faq_key", "value": "service/this_chat_privacy"}.items() <= asked.data[ENTITIES][-1].items()
    for said in ("delete my conversation", "please remove everything", "wipe this chat", "forget everything i said"):
        assert intent_of(run(check, message(said, "delete_my_data"))) == "delete_my_data", said


def test_thanks_that_mentions_today_is_thanks() -> None:
    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())
    assert intent_of(run(detector, message("thank you so much you helped me a lot today", "thanks"))) == "thanks"


def test_a_question_about_notice_is_not_a_deadline_calculation() -> None:
    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())
    said = message("how much notice for the annual review? they told me on friday its next wednesday", "ehc")
    assert intent_of(run(detector, said)) == "ehc"
    for text in ("the review is on monday and they only sent us the invitation today, can they do that",
                 "we asked for mediation on 2 november, how long does the council have to arrange it",
                 "the council rejected my complaint on 1 october, how long have i got to go to the ombudsman",
                 "his review is on monday and they only sent the reports yesterday, is that ok"):
        assert intent_of(run(detector, message(text, "service"))) == "service", text


def test_a_service_in_a_place_that_is_also_a_word_is_that_place() -> None:
    from bot.domain import areas

    gazetteer = areas.load()
    assert gazetteer.match("sendiass in hull").area.name == "Kingston upon Hull"
    assert gazetteer.match("local offer for bath").status == "found"
    assert gazetteer.match("he needs support in reading").status == "unknown"


def test_an_everyday_word_near_a_place_name_is_not_that_place() -> None:
    from bot.domain import areas

    gazetteer = areas.load()
    said = "my ex has the kids and my 9 yr old texted that daddy is drunk and hit his brother"
    assert gazetteer.match(said).status == "unknown"  # not Rother (East Sussex)
    assert gazetteer.match("the plan isnt working and im dreading the review").status == "unknown"  # not Woking
    assert gazetteer.match("were in woking").area.name == "Surrey"
    assert gazetteer.match("liverpol").area.name == "Liverpool"


def test_a_move_is_about_the_place_moved_to() -> None:
    from bot.domain import areas

    gazetteer = areas.load()
    assert [a.name for a in gazetteer.match("we moved from cardiff to bristol in the summer").areas] == ["City of Bristol"]
    assert [a.name for a in gazetteer.match("just moved from essex to cornwall with the kids").areas] == ["Cornwall"]
    assert gazetteer.match("we moved to leeds from york").area.name == "Leeds"
    # b57: the place moved from, outside England, named after the one moved to (and that one misspelt)
    assert [a.name for a in gazetteer.match("we've just moved up to cumbria from cardiff").areas] == [
        "Cumberland", "Westmorland and Furness"]  # Cumbria is two councils now
    assert gazetteer.match("moved down to norfok from edinburgh last month").area.name == "Norfolk"
    assert areas.nation_named("we moved from cardiff to bristol in the summer") == ""


def test_a_misspelt_area_on_its_own_and_a_move_into_england_find_local_help() -> None:
    detector = nlu_guards.AreaAnswerDetector(nlu_guards.AreaAnswerDetector.get_default_config())
    for said in ("sheffeild", "liverpol", "north yorks", "kendal please"):
        assert intent_of(run(detector, message(said, "nlu_fallback", 0.3))) == "inform_area", said
    assert intent_of(run(detector, message("thanks so much", "nlu_fallback", 0.3))) == "nlu_fallback"
    moved = message("we moved from cardiff to bristol in the summer holidays", "choices", faq_key="choices/wales")
    assert intent_of(run(detector, moved)) == "find_contact"
    stayed = message("we live in cardiff, does the ehcp system apply", "choices", faq_key="choices/wales")
    assert intent_of(run(detector, stayed)) == "find_contact"  # Wales: the nation's own services


def test_escalation_and_local_help_follow_ups() -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    detector = nlu_guards.FollowUpDetector({})

    def after(text: str, intent: str, earlier: list[str]) -> str:
        msg = message(text, intent)
        msg.data["metadata"] = {EARLIER_TEXTS: earlier}
        return intent_of(run(detector, msg))

    story = ["the senco ignores my emails"]
    for asked in ("is there anyone above them?", "who do i go to next", "and if that doesn't work?",
                  "so who's next up the chain", "who is the next person",
                  "they still haven't replied. whats the next step?", "can i take it further", "is that the end?",
                  "what if talking to them doesnt work", "what if talkin to them doesnt work",
                  "and if they still wont listen?", "and what if they ignore me", "and if they dont do it?",
                  "its been months, what do i do", "still nothing. what can we do now"):
        assert after(asked, "role", story) == "what_next", asked
        assert after(asked, "role", []) == "role", asked  # nothing before it: not a follow-up
    # the wait told, then "what do I do": what to do about it, even when the classifier was sure of the dates
    assert after("its been months, what do i do", "ask_review_deadline", ["the review was in june"]) == "what_next"
    assert after("its been months since the review, when was the decision due", "ask_review_deadline",
                 ["the review was in june"]) == "ask_review_deadline"
    long_story = ("my son was sent home on monday and again today because he hit another child when he was "
                  "overwhelmed in the lunch hall, they want me to collect him every day at 12. what can i do")
    assert after(long_story, "school", story) == "school"  # a new story, for the classifier
    in_york = ["my son's school isn't helping", "we're in york"]
    assert after("who do i talk to", "role", in_york) == "find_contact"
    assert after("who do i talk to", "role", ["the senco ignores me"]) != "find_contact"  # no area: the next step
    assert after("is anybody near us who could advise me, not the school?", "graduated",
                 ["we're in rutland", "they won't add her to the sen register"]) == "find_contact"
    assert after("where do i find the local offer and sendiass there", "service", ["we just moved to york"]) \
        == "find_contact"
    # tried by a newcomer: "we're in hull" ... "who is the sendiass" had been what SENDIASS means
    assert after("so who's our sendiass then?", "glossary", ["we live in derby"]) == "find_contact"
    assert after("who is the sendiass", "glossary", []) == "glossary"  # no area: what it is
    # b59: "hi were in northumbrland" ... "who can i speak to round here about getting my son assessed"
    assert after("who could we talk to locally about her ehcp?", "ehc", ["we live in wigan"]) == "find_contact"
    for asked in ("need some local advice about my sons plan", "is there anyone local who can help",
                  "who can help me with the school", "where is our nearest sendiass",
                  "they turned down the assessment, who round here could advise us on it"):
        assert after(asked, "graduated", []) == "find_contact", asked
    # the classifier's unsure guesses at a deadline or a person give way; sure ones and dated questions do not
    def weak(text: str, intent: str, confidence: float, earlier: list[str]) -> str:
        msg = message(text, intent, confidence)
        msg.data["metadata"] = {EARLIER_TEXTS: earlier}
        return intent_of(run(detector, msg))

    complained = ["complained to the council in march, no proper reply"]
    assert weak("whats the next step?", "ask_review_deadline", 0.46, complained) == "what_next"
    assert weak("whats the next step?", "ask_review_deadline", 0.95, complained) == "ask_review_deadline"
    assert weak("when is the deadline now?", "ask_review_deadline", 0.46, complained) == "ask_review_deadline"
    assert weak("who do i talk to", "human_handoff", 0.76, in_york) == "find_contact"
    assert weak("can i talk to a person", "human_handoff", 0.76, in_york) == "human_handoff"


def test_a_date_given_after_the_story_with_a_deadline_question_gets_that_deadline() -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())
    msg = message("it happened on 3rd july. we are doing the school complaint first, is that ok?", "unhappy",
                  faq_key="unhappy/dfe")
    msg.data["metadata"] = {EARLIER_TEXTS: ["the school wouldn't let my son go on the residential trip "
                                            "because of his autism"]}
    assert intent_of(run(detector, msg)) == "ask_discrimination_deadline"
    for said in ("we are doing the school complaint first, is that ok?", "does the clock stop while we complain?"):
        alone = message(said, "unhappy")
        assert intent_of(run(detector, alone)) == "unhappy", said  # no deadline in the conversation


def test_does_the_complaint_pause_the_time_limit_is_about_the_deadline_of_the_story() -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())
    asked = message("i did the school complaints process first. does that pause the time limit?", "unhappy")
    asked.data["metadata"] = {EARLIER_TEXTS: ["they excluded him in july over a meltdown, i think its disability "
                                              "discrimination"]}
    assert intent_of(run(detector, asked)) == INTENT_FOR_KIND["discrimination"]
    alone = message("does that pause the time limit?", "unhappy")
    assert intent_of(run(detector, alone)) == "unhappy"  # no story with a deadline: left as it was


def test_an_english_area_read_as_another_nation_is_an_area() -> None:
    detector = nlu_guards.AreaAnswerDetector(nlu_guards.AreaAnswerDetector.get_default_config())
    said = message("we're in Stoke", "choices", faq_key="choices/outside_england")
    said.data[ENTITIES].append({"entity": "area", "value": "E06000021", "start": 9, "end": 14})
    assert intent_of(run(detector, said)) == "inform_area"
    wales = message("we're in Cardiff", "choices", faq_key="choices/wales")
    assert intent_of(run(detector, wales)) == "find_contact"  # Wales: its own services, as before
    moving = message("we are moving from Bristol to Cardiff next month, will her ehcp still work there", "choices",
                     faq_key="choices/wales")
    moving.data[ENTITIES].append({"entity": "area", "value": "E06000023", "start": 17, "end": 24})
    assert intent_of(run(detector, moving)) == "choices"  # moving to Wales: the Welsh answer stands


def test_how_long_after_a_permanent_exclusion_is_the_panel_or_the_governors() -> None:
    story = ["my son got permanently excluded in october", "the governors met last week and upheld it"]
    assert date_rules.exclusion_step("how long have i got", story) == "school/irp"
    assert date_rules.exclusion_step("how long have i got", story[:1]) == "school/exclusion_challenge"
    assert date_rules.exclusion_step("how long have i got", ["he was permanently excluded, its disability "
                                                             "discrimination"]) is None  # the claim's deadline
    assert date_rules.exclusion_step("how long have i got", ["council refused to assess"]) is None
    typed = ["hi my sons been permanantly excluded", "governers upheld it last week"]
    assert date_rules.exclusion_step("how long have i got", typed) == "school/irp"


def test_options_after_the_governors_upheld_a_permanent_exclusion_are_the_review_panel() -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    asked = selected("he has adhd and they never got him any help. where do we go from here", "unhappy/exclusion",
                     earlier=("he was permanently excluded in october, governors backed the head",))
    assert nlu_guards._chosen_answer(run(guard, asked)) == "school/irp"
    # no governors yet: the steps from the governors' meeting on (a newcomer's try-out: "what do i do" after a
    # permanent exclusion had been general advice)
    before = selected("he was permanently excluded, what can we do", "unhappy/exclusion")
    assert nlu_guards._chosen_answer(run(guard, before)) == "school/exclusion_challenge"
    told = selected("the governors upheld it", "unhappy/exclusion")  # told, not asked: the answer stands
    told.data["metadata"] = {EARLIER_TEXTS: ["he was permanently excluded"]}
    assert nlu_guards._chosen_answer(run(guard, told)) == "unhappy/exclusion"
    # "the governors upheld it yesterday. what now": a date, but the panel's answer (15 school days), not a sum
    dated = message("the governors upheld it on monday, what now", "nlu_fallback", 0.3)
    dated.data["metadata"] = {EARLIER_TEXTS: ["my son has been permanently excluded"]}
    assert nlu_guards._chosen_answer(run(nlu_guards.DateAnswerDetector({}), dated)) == "school/irp"


def test_a_day_alone_after_a_date_corrects_it() -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())
    fixed = message("actually sorry it was the 9th", "nlu_fallback")
    fixed.data["metadata"] = {EARLIER_TEXTS: ["council want to stop her plan", "letter was dated 2nd nov"]}
    assert intent_of(run(detector, fixed)) == "inform_date"
    form = message("what about the 6th form", "choices")
    form.data["metadata"] = {EARLIER_TEXTS: ["letter was dated 2nd nov"]}
    assert intent_of(run(detector, form)) == "choices"


def selected(text: str, key: str, confidence: float = 0.8, earlier: tuple[str, ...] = ()) -> Message:
    """A message as the classifier left it: the retrieval intent and the answer it chose (after `earlier`)."""
    from rasa_addons.conversation_context import EARLIER_TEXTS

    msg = message(text, key.split("/")[0], confidence)
    if earlier:
        msg.data["metadata"] = {EARLIER_TEXTS: list(earlier)}
    msg.data["response_selector"] = {
        "all_retrieval_intents": [key.split("/")[0]],
        "default": {"response": {"intent_response_key": key, "confidence": confidence}, "ranking": []}}
    return msg


def test_how_long_about_an_answer_is_the_answer_with_its_timescales() -> None:
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    chosen = run(guard, selected("we want mediation, how soon does it have to be held", "service/mediation"))
    assert nlu_guards._chosen_answer(chosen) == "service/mediation_timescales"
    chosen = run(guard, selected("how long before they have to say if they will issue a plan",
                                 "ehc/assessment_advice"))
    assert nlu_guards._chosen_answer(chosen) == "ehc/timescales"
    for text, key in [("what is mediation", "service/mediation"),
                      ("who writes the reports and how long does it take", "ehc/assessment_advice"),
                      ("when can i ask for an assessment", "ehc/request_assessment")]:
        assert nlu_guards._chosen_answer(run(guard, selected(text, key))) == key


def test_the_day_mediation_was_held_is_not_a_letter_date() -> None:
    """"We had mediation last Tuesday, got nowhere": the certificate comes next (its timescale), unless a letter
    or a certificate was dated in the conversation (then the deadline is worked out)."""
    from rasa_addons.conversation_context import EARLIER_TEXTS

    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())

    def said(text: str, earlier: list[str]) -> Message:
        msg = message(text, "ask_appeal_deadline")
        msg.data["metadata"] = {EARLIER_TEXTS: earlier}
        return run(detector, msg)

    assert nlu_guards._chosen_answer(said("we had mediaton yesterday, waste of time", [])) == \
        "service/mediation_timescales"  # as typed
    held = said("we had mediation last tuesday and got nowhere", [])
    assert nlu_guards._chosen_answer(held) == "service/mediation_timescales"
    dated = said("we had mediation last tuesday and got nowhere", ["the refusal letter is dated 1 october 2026"])
    assert intent_of(dated) == "ask_appeal_deadline"
    decided = said("we've done mediation, the council's decision was 3/10/2026, when is the deadline", [])
    assert intent_of(decided) == "ask_appeal_deadline"


def test_a_question_about_what_this_chat_keeps_is_answered_whatever_came_before() -> None:
    check = nlu_guards.DeleteRequestCheck({})
    for asked in ("hang on, does this chat keep my messages? who else can read them", "will you remember my details"):
        assert nlu_guards._chosen_answer(run(check, message(asked, "ehc"))) == nlu_guards.PRIVACY_ANSWER, asked
    assert intent_of(run(check, message("does the school keep records of his support", "school"))) == "school"


def test_two_topics_that_give_the_same_answer_are_one_reading_not_a_tie() -> None:
    """"What does a SENCO do?": role 0.51, glossary 0.49, and role/senco and glossary/senco are the same answer, so
    the FallbackClassifier must not take it for an ambiguous question."""
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    msg = selected("what does a senco do", "role/senco", 0.5)
    msg.data["intent"] = {"name": "role", "confidence": 0.51}
    msg.data["intent_ranking"] = [{"name": "role", "confidence": 0.51}, {"name": "glossary", "confidence": 0.49},
                                  {"name": "unhappy", "confidence": 0.0}]
    run(guard, msg)
    assert msg.data["intent"]["name"] == "role" and msg.data["intent"]["confidence"] == 1.0
    assert [r["name"] for r in msg.data["intent_ranking"]] == ["role", "unhappy"]
    other = selected("the senco ignores me", "role/senco", 0.5)
    other.data["intent"] = {"name": "role", "confidence": 0.51}
    other.data["intent_ranking"] = [{"name": "role", "confidence": 0.51}, {"name": "unhappy", "confidence": 0.49}]
    run(guard, other)
    assert other.data["intent"]["confidence"] == 0.51  # a different answer: a real tie


def test_the_nation_a_parent_said_they_live_in_is_remembered() -> None:
    """"hi im in glasgow" ... "how do i get an ehcp?": Scotland's answer, not England's law."""
    from bot.domain import areas

    assert areas.nation_said_before(["hi im in glasgow", "she is 9"]) == "Scotland"
    assert areas.nation_said_before(["we live near Swansea"]) == "Wales"
    assert areas.nation_said_before(["we were in belfast", "now we live in Leeds"]) == ""  # an English area since
    assert areas.nation_said_before(["we moved from cardiff to leeds"]) == ""
    assert areas.nation_said_before(["my son is autistic"]) == ""
    assert areas.nation_said_before(["hi im in cardif"]) == "Wales"  # a close spelling
    assert areas.nation_said_before(["we live in belfst"]) == "Northern Ireland"
    # everyday words that are also places outside England are not those places in a sentence
    assert areas.nation_said_before(["the council turned us down", "in the highlands of stress lol"]) == ""
    assert areas.load().match("we're in county down").nation == "Northern Ireland"
    assert areas.nation_answer("Scotland") == "choices/scotland"
    assert areas.nation_answer("") == "choices/outside_england"
    # England's ways to disagree (appeals, the Tribunal, the Ombudsman) are England-only; a SENCO's job is not
    for key in ("unhappy/what_can_appeal", "rights/disagree_rights", "ehc/request_assessment", "service/ombudsman"):
        assert areas.england_only(key), key
    assert not areas.england_only("role/senco")


def test_changing_ones_mind_stops_whatever_the_classifier_read() -> None:
    """"Actually stop, I don't want to send anything" had been saved as the best time to call."""
    check = nlu_guards.StopRequestCheck({})
    for said in ("actually stop, i dont want to send anything", "no, forget it", "cancel please",
                 "i don't want to share my details any more", "dont send it",
                 "actually i'd rather not give my number, stop", "hmm i would rather not say. cancel",
                 "actualy no i dont want to leave my number, just tell me the sendiass for leeds"):
        assert intent_of(run(check, message(said, "nlu_fallback"))) == "stop", said
    for said in ("stop the school excluding him", "can they stop his transport", "evenings after 6",
                 "how do i make the bullying stop", "the council wants the support to stop"):
        assert intent_of(run(check, message(said, "school"))) == "school", said
    assert intent_of(run(check, message("stop, he's hurting himself", "safeguarding"))) == "safeguarding"
    # leaving for now, read by the classifier as a stop: goodbye
    assert intent_of(run(check, message("actually thanks thats it for now, ill come back later", "stop"))) == "goodbye"


def test_contact_the_verb_is_not_the_charity_called_contact() -> None:
    """"Who do I actually contact to ask for it?" after short breaks had got the answer about Contact, the
    charity: the next answer the classifier ranked is used instead (or it asks, if there is none)."""
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})

    def ranked(text: str) -> Message:
        msg = selected(text, "service/contact", 0.5)
        msg.data["response_selector"]["all_retrieval_intents"] = ["service", "family"]
        msg.data["response_selector"]["default"]["ranking"] = [
            {"intent_response_key": "service/contact", "confidence": 0.5},
            {"intent_response_key": "family/ask_for_short_breaks", "confidence": 0.4}]
        return msg

    assert nlu_guards._chosen_answer(run(guard, ranked("ok so who do i even contact to get that"))) == \
        "family/ask_for_short_breaks"
    assert nlu_guards._chosen_answer(run(guard, ranked("whats the number for the contact charity"))) == \
        "service/contact"


def test_a_national_service_asked_for_by_name_and_number_is_a_contact_look_up() -> None:
    """"My friend says ring the ACE advice line, what's the number?" had got "not sure": the contacts action
    says the line closed and where to go instead (its number is never given)."""
    detector = nlu_guards.AreaAnswerDetector({"max_words": 6, "replace": ["nlu_fallback"], "contact_topics": []})
    asked = message("my sister says the ace advice line helped her, whats their number", "nlu_fallback", 0.3)
    assert intent_of(run(detector, asked)) == "find_contact"
    assert intent_of(run(detector, message("that's ace, thanks, what's the number", "nlu_fallback", 0.3))) \
        == "nlu_fallback"
    complaint = message("can i take my complaint about the academy to the local government ombudsman", "nlu_fallback",
                        0.3)
    assert intent_of(run(detector, complaint)) == "nlu_fallback"  # about the service, not its number
    confident = message("whats the number for the ace advice line", "service", 0.9, faq_key="service/eass")
    assert intent_of(run(detector, confident)) == "find_contact"  # not EASS's answer
    own = message("what is ipsea and whats their number", "service", 0.9, faq_key="service/ipsea")
    assert intent_of(run(detector, own)) == "service"  # the service's own answer has its number


def test_how_to_reach_a_service_named_in_the_glossary_is_the_service() -> None:
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    reach = run(guard, selected("ipsea, is that a charity? how can we speak to someone there", "glossary/ipsea"))
    assert nlu_guards._chosen_answer(reach) == "service/ipsea"
    meaning = run(guard, selected("what does ipsea stand for", "glossary/ipsea"))
    assert nlu_guards._chosen_answer(meaning) == "glossary/ipsea"
    no_service = run(guard, selected("what is SpLD and how do I contact them", "glossary/spld"))
    assert nlu_guards._chosen_answer(no_service) == "glossary/spld"  # no service of that name: left as it was


def test_the_governors_in_a_conversation_about_suspensions_are_their_exclusion_meeting() -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    asked = selected("is it only the head or do the governors get a say", "role/governors")
    asked.data["metadata"] = {EARLIER_TEXTS: ["she's had three suspensions since september"]}
    assert nlu_guards._chosen_answer(run(guard, asked)) == "school/exclusion_governors"
    plain = selected("is it only the head or do the governors get a say", "role/governors")
    assert nlu_guards._chosen_answer(run(guard, plain)) == "role/governors"


def test_what_now_after_a_step_already_taken_is_the_next_step() -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    detector = nlu_guards.FollowUpDetector({})
    tried = message("i spoke to the senco already last month. now what?", "role", 0.7, faq_key="role/senco")
    tried.data["metadata"] = {EARLIER_TEXTS: ["school say she's fine but she cries every morning"]}
    assert intent_of(run(detector, tried)) == "what_next"
    news = message("he started at the new school on monday. now what?", "choices", 0.7)
    news.data["metadata"] = {EARLIER_TEXTS: ["we moved house"]}
    assert intent_of(run(detector, news)) == "choices"  # news, not a step tried: the classifier's reading stands
    assert intent_of(run(detector, message("ok so what happens next then", "nlu_fallback", 0.3))) == "what_next"
    tried_teacher = message("i spoke to her form tutor already. who next", "graduated", 0.7)
    tried_teacher.data["metadata"] = {EARLIER_TEXTS: ["school say she's fine but she cries every morning"]}
    assert intent_of(run(detector, tried_teacher)) == "what_next"
    unwilling = message("so what are our options, we don't want to just leave it", "nlu_fallback", 0.3)
    assert intent_of(run(detector, unwilling)) == "what_next"


def test_a_discrimination_claim_about_a_college_is_where_such_claims_go() -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    claim = selected("they wont make adjustments for her dyslexia, is that discrimination", "unhappy/discrimination")
    claim.data["metadata"] = {EARLIER_TEXTS: ["shes in her first year at the local college"]}
    assert nlu_guards._chosen_answer(run(guard, claim)) == "unhappy/discrimination_where"
    tribunal = selected("can i go to the tribunal about it", "service/tribunal")
    tribunal.data["metadata"] = {EARLIER_TEXTS: ["the FE college refused him a place on the course because of his "
                                                 "autism"]}
    assert nlu_guards._chosen_answer(run(guard, tribunal)) == "unhappy/discrimination_where"
    plan = selected("can i go to the tribunal about it", "service/tribunal")
    plan.data["metadata"] = {EARLIER_TEXTS: ["the council won't name the college we want in his plan"]}
    assert nlu_guards._chosen_answer(run(guard, plan)) == "service/tribunal"  # a plan's appeal: the Tribunal
    school = selected("they wont make adjustments for her dyslexia, is that discrimination", "unhappy/discrimination")
    assert nlu_guards._chosen_answer(run(guard, school)) == "unhappy/discrimination"


def test_ok_how_after_an_answer_asks_for_its_detail() -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    detector = nlu_guards.FollowUpDetector({})
    for text in ("ok how", "but how do i do that?", "right, how would we do it"):
        asked = message(text, "affirm", 0.6)
        asked.data["metadata"] = {EARLIER_TEXTS: ["can i see his school records"]}
        assert intent_of(run(detector, asked)) == "tell_me_more", text
    assert intent_of(run(detector, message("ok how", "affirm", 0.6))) == "affirm"  # nothing said before it


def test_challenging_an_upheld_permanent_exclusion_is_the_review_panel_whatever_was_picked() -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    asked = selected("what now, can we fight it?", "unhappy/dfe")
    asked.data["metadata"] = {EARLIER_TEXTS: ["she was permanently excluded", "the governors upheld it on friday"]}
    assert nlu_guards._chosen_answer(run(guard, asked)) == "school/irp"
    other = selected("what now, can we fight it?", "unhappy/dfe",
                     earlier=("the complaints panel upheld the school's decision",))
    assert nlu_guards._chosen_answer(run(guard, other)) == "unhappy/dfe"  # no permanent exclusion: as chosen


def test_good_news_read_as_the_refusal_is_the_agreement() -> None:
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    agreed = run(guard, selected("the la have said yes to asessing him finally", "ehc/refused_assessment"))
    assert nlu_guards._chosen_answer(agreed) == "ehc/agreed_to_assess"
    refused = run(guard, selected("they have not agreed to assess him", "ehc/refused_assessment"))
    assert nlu_guards._chosen_answer(refused) == "ehc/refused_assessment"
    both = run(guard, selected("school agreed he needs help but the council refused to assess", "ehc/refused_assessment"))
    assert nlu_guards._chosen_answer(both) == "ehc/refused_assessment"
    # unsure between the refusal (0.18) and the agreement (0.15): together sure enough to answer, not ask back
    unsure = selected("the coucil agreed to asess my dauhter!!", "ehc/refused_assessment", 0.18)
    unsure.data["response_selector"]["default"]["ranking"] = [
        {"intent_response_key": "ehc/refused_assessment", "confidence": 0.18},
        {"intent_response_key": "ehc/agreed_to_assess", "confidence": 0.15}]
    answered = run(guard, unsure)
    assert nlu_guards._chosen_answer(answered) == "ehc/agreed_to_assess" and intent_of(answered) == "ehc"


def test_money_to_arrange_help_yourself_is_a_personal_budget_not_the_therapy_it_is_for() -> None:
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    for text, key in [("could they give us the money for her OT so we choose someone she likes", "role/ot"),
                      ("can we get the money instead and pay for our own salt", "role/salt"),
                      ("can they give us the mony for his OT so we pick our own", "choices/school_says_no"),
                      ("is it possible to have direct payments for the tutor in his plan", "ehc/section_f_duty")]:
        assert nlu_guards._chosen_answer(run(guard, selected(text, key))) == "family/personal_budget", text
    for text, key in [("the school says there is no money for a TA", "funding/no_funding_excuse"),
                      ("the council says they dont have the money for the 1:1 in her plan", "ehc/section_f_duty"),
                      ("can i get money for his dla claim", "family/dla"),
                      ("what does a speech therapist do", "role/salt")]:
        assert nlu_guards._chosen_answer(run(guard, selected(text, key))) == key, text


def test_which_decisions_can_be_appealed_the_ombudsman_for_a_refusal_and_transport_by_age() -> None:
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    for text, key, expected in [
            ("what sort of things can you take to the tribunal", "service/how_to_appeal", "unhappy/what_can_appeal"),
            ("is the tribunal only for when they won't do a plan", "service/tribunal", "unhappy/what_can_appeal"),
            ("how do i send my appeal", "service/how_to_appeal", "service/how_to_appeal"),
            ("they said no to assessing her, can i complain to the ombudsman", "service/ombudsman",
             "service/tribunal_or_ombudsman"),
            ("the council is months late with the plan, can the ombudsman help", "service/ombudsman",
             "service/ombudsman"),
            ("she's 16 and going to sixth form, will the council pay for her bus", "school/transport_19_25",
             "school/transport_post16"),
            ("he is 20 and at college, does he get free transport", "school/transport_post16",
             "school/transport_19_25"),
            ("im 17, do i get transport to college", "school/transport_post16", "school/transport_post16")]:
        assert nlu_guards._chosen_answer(run(guard, selected(text, key))) == expected, text


def test_a_review_still_to_come_is_not_a_late_one() -> None:
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    soon = selected("her annual review is next monday and they only told us today", "ehc/review_overdue", 0.45)
    soon.data["response_selector"]["default"]["ranking"] = [
        {"intent_response_key": "ehc/review_overdue", "confidence": 0.45},
        {"intent_response_key": "ehc/review_notice", "confidence": 0.41}]
    assert nlu_guards._chosen_answer(run(guard, soon)) == "ehc/review_notice"
    late = selected("her annual review hasn't happened for 15 months", "ehc/review_overdue", 0.8)
    assert nlu_guards._chosen_answer(run(guard, late)) == "ehc/review_overdue"


def test_a_month_long_gone_with_still_no_plan_is_the_dates_counted_from_that_month(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    monkeypatch.setenv("SEND_TODAY", "2026-11-23")
    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())
    opener = message("we put in the request for an ehc assessment back in april", "ehc", faq_key="ehc/who_can_request")
    assert intent_of(run(detector, opener)) == "ask_ehc_deadline"
    later = message("nothing since. no plan, no draft", "ehc", faq_key="ehc/draft_plan")
    later.data["metadata"] = {EARLIER_TEXTS: ["applied for his ehcp in march"]}
    assert intent_of(run(detector, later)) == "ask_ehc_deadline"
    # a question about something else, or a month too recent for anything to have passed: as chosen
    asked = message("we asked for the assessment in april, can we choose a special school?", "choices",
                    faq_key="choices/special_school")
    assert intent_of(run(detector, asked)) == "choices"
    recent = message("we sent the ehc request in october", "ehc", faq_key="ehc/request_assessment")
    assert intent_of(run(detector, recent)) == "ehc"


def test_talk_of_scrapping_ehcps_is_the_reforms_answer_however_long_the_story() -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    detector = nlu_guards.LawChangeDetector({})
    story = message("my son is on sen support and i was going to ask for an assessment. a mum at the gate said "
                    "the government is getting rid of EHCPs. is that right?", "ehc")
    assert intent_of(run(detector, story)) == "law_changes"
    after = message("is that actually true? is it worth applying", "nlu_fallback")
    after.data["metadata"] = {EARLIER_TEXTS: ["heard on facebook the send tribunal is being abolished"]}
    assert intent_of(run(detector, after)) == "law_changes"
    for text, intent in [("the council wants to end his ehcp at 19", "choices"),
                         ("our tribunal hearing is going ahead in january", "service")]:
        assert intent_of(run(detector, message(text, intent))) == intent, text


def test_when_to_ask_after_an_answer_with_a_when_answer_and_a_refused_school_without_a_certificate() -> None:

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    when = run(guard, selected("right, and at what point do we ask for it?", "family/personal_budget"))
    assert nlu_guards._chosen_answer(when) == "family/personal_budget_when"
    school = selected("so can i appeal that, is mediation needed first?", "service/mediation",
                      earlier=("we found a special school we love but the council refused it",))
    assert nlu_guards._chosen_answer(run(guard, school)) == "choices/school_refused"
    plain = selected("do i need mediation before i appeal?", "service/mediation",
                     earlier=("they refused to assess him",))
    assert nlu_guards._chosen_answer(run(guard, plain)) == "service/mediation"


def test_steps_already_tried_are_not_given_again_as_the_first_step() -> None:
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    for text, key, expected in [
            ("ive already spoken to his teacher and the senco about it, nothing", "unhappy/school_route",
             "role/headteacher"),  # the SENCO reached: the headteacher next
            ("ive talked to the senco and the head, nothing", "unhappy/school_route", "unhappy/after_head"),
            ("i've been to the senco three times and nothing changes", "role/senco", "role/headteacher"),
            ("what does the senco do", "role/senco", "role/senco"),
            ("ive spoken to the class teacher twice, who do i complain to", "unhappy/school_route",
             "unhappy/school_route")]:
        assert nlu_guards._chosen_answer(run(guard, selected(text, key))) == expected, text


def test_who_to_complain_to_is_the_route_of_complaints_whatever_the_story() -> None:
    """"He hasn't got an EHCP, he's on SEN support. Who do I complain to and in what order?" had got the answer
    about EHC plans (nearest the story): the school's route of complaints, or the general one for the council."""

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    school = selected("he hasnt got an ehcp hes on sen support. who do i complain to and in what order",
                      "ehc/what_is_ehcp",
                      earlier=("school promised 1 to 1 three afternoons a week, it isnt happening",))
    assert nlu_guards._chosen_answer(run(guard, school)) == "unhappy/school_route"
    council = selected("the council caseworker never replies, how do i make a formal complaint", "ehc/timescales")
    assert nlu_guards._chosen_answer(run(guard, council)) == "unhappy/overview"
    kept = selected("who do i complain to about the tribunal", "service/tribunal")
    assert nlu_guards._chosen_answer(run(guard, kept)) == "service/tribunal"


def test_the_request_after_an_assessment_is_that_request_not_one_for_records() -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    follow_up = selected("so who can actually make the request then", "school/subject_access_request")
    follow_up.data["metadata"] = {EARLIER_TEXTS: ["can my sons paediatrician ask the council for an ehc assessment"]}
    assert nlu_guards._chosen_answer(run(guard, follow_up)) == "ehc/who_can_request"
    records = selected("how do i make the request for his records", "school/subject_access_request")
    records.data["metadata"] = {EARLIER_TEXTS: ["he has an ehcp and i want to see what the school wrote"]}
    assert nlu_guards._chosen_answer(run(guard, records)) == "school/subject_access_request"


def test_a_complaint_about_the_council_goes_on_to_the_ombudsman_not_the_department() -> None:

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    council = selected("and if their complaints people just fob me off too?", "unhappy/dfe",
                       earlier=("we asked for an ehc assessment in march, still no plan",
                                                "what can i actually do about it",))
    assert nlu_guards._chosen_answer(run(guard, council)) == "service/ombudsman"
    school = selected("and if the complaints panel just fobs me off too?", "unhappy/dfe",
                      earlier=("the head wont listen about his 1:1 at school",))
    assert nlu_guards._chosen_answer(run(guard, school)) == "unhappy/dfe"


def test_whose_job_the_help_in_a_plan_is_is_the_councils_duty() -> None:

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    asked = selected("school says the therapist should come in, the therapist says its schools job. whose job is it",
                     "role/class_teacher",
                     earlier=("the physio exercises are written in section F of her plan",))
    assert nlu_guards._chosen_answer(run(guard, asked)) == "ehc/section_f_duty"
    no_plan = selected("whose job is it to tell me how he is doing in class", "role/class_teacher")
    assert nlu_guards._chosen_answer(run(guard, no_plan)) == "role/class_teacher"


def test_an_exclusion_by_someone_other_than_the_head_gets_the_rules_that_say_only_the_head_can() -> None:

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    ta = selected("can the teaching assistant just send him home like that, is she allowed", "unhappy/exclusion")
    assert nlu_guards._chosen_answer(run(guard, ta)) == "school/exclusion_overview"
    teacher = selected("are they even allowed to do that?", "school/suspension",
                       earlier=("he got 3 days off school, the deputy head decided it",))
    assert nlu_guards._chosen_answer(run(guard, teacher)) == "school/exclusion_overview"
    role = selected("can a teaching asistant send my son home at lunch, is she allowed", "role/teaching_assistant")
    assert nlu_guards._chosen_answer(run(guard, role)) == "school/exclusion_overview"
    helper = selected("can the ta help him with reading, is she allowed to", "role/teaching_assistant")
    assert nlu_guards._chosen_answer(run(guard, helper)) == "role/teaching_assistant"
    head = selected("the head excluded him for 2 days, can we challenge it", "unhappy/exclusion")
    assert nlu_guards._chosen_answer(run(guard, head)) == "unhappy/exclusion"


def test_who_decides_on_an_ehc_assessment_is_the_council() -> None:

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    asked = selected("ok but who really decides, the head or the senco?", "role/senco",
                     earlier=("school refuse to ask for an ehc needs assessment for my son",))
    assert nlu_guards._chosen_answer(run(guard, asked)) == "role/local_authority"
    classroom = selected("who decides which group he sits in, the teacher or the senco?", "role/senco")
    assert nlu_guards._chosen_answer(run(guard, classroom)) == "role/senco"


def test_threatened_exclusion_by_someone_other_than_the_head_and_who_decides_a_permanent_one() -> None:

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    threat = selected("is she even allowed to say that", "school/exclusion_sen",
                      earlier=("his class teacher says she'll exclude him next time he throws something",))
    assert nlu_guards._chosen_answer(run(guard, threat)) == "school/exclusion_overview"
    typed = selected("can she even do that", "school/exclusion_sen",
                     earlier=("his teacher says shell suspend him if he swears again",))
    assert nlu_guards._chosen_answer(run(guard, typed)) == "school/exclusion_overview"
    may = selected("could he actually do that?", "school/exclusion_sen",
                   earlier=("the sendco said he can suspend her if she runs out of class again",))
    assert nlu_guards._chosen_answer(run(guard, may)) == "school/exclusion_overview"
    decides = selected("so who gets to decide whether that's final", "family/nhs_assessment",
                       earlier=("the academy has permanently excluded my daughter", "she has autism"))
    assert nlu_guards._chosen_answer(run(guard, decides)) == "school/exclusion_governors"
    upheld = selected("who decides now then", "role/governors",
                      earlier=("he was expelled in september", "the governers upheld it"))
    assert nlu_guards._chosen_answer(run(guard, upheld)) == "school/irp"
    options = selected("what can we do now, is that it??", "unhappy/dfe",
                       earlier=("permanently excluded in june", "the governors backed the head"))
    assert nlu_guards._chosen_answer(run(guard, options)) == "school/irp"


def test_the_councils_complaints_a_refusal_to_change_a_plan_and_what_if_they_say_no() -> None:

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    council = selected("how do i make a formal complaint about them", "unhappy/school_route",
                       earlier=("the local authority lost our paperwork twice and the caseworker ignores emails",))
    assert nlu_guards._chosen_answer(run(guard, council)) == "unhappy/la_failure"
    school = selected("how do i make a formal complaint about them", "unhappy/school_route",
                      earlier=("the head and the senco ignore my emails",))
    assert nlu_guards._chosen_answer(run(guard, school)) == "unhappy/school_route"
    amend = selected("what are my options", "ehc/annual_review",
                     earlier=("review was in the summer", "the la has decided not to update her plan"))
    assert nlu_guards._chosen_answer(run(guard, amend)) == "unhappy/la_decision"
    refused = selected("and what if the council says no", "family/personal_budget_when",
                       earlier=("can we have direct payments for his therapy",))
    assert nlu_guards._chosen_answer(run(guard, refused)) == "family/personal_budget_refused"
    ill = selected("who is responsible for making sure he still gets lessons", "school/health_needs", 0.1,
                   earlier=("he's had surgery and will be off for half a term, school sent a reading list",))
    assert nlu_guards._chosen_answer(run(guard, ill)) == "school/health_needs"
    reports = selected("nobody has sent me any reports, is that ok", "ehc/review_overdue",
                       earlier=("her annual review is next monday",))
    assert nlu_guards._chosen_answer(run(guard, reports)) == "ehc/review_notice"


def test_support_taken_away_unsaid_no_progress_an_appeals_first_step_and_who_a_service_helps() -> None:

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    removed = selected("what can we do", "role/teaching_assistant",
                       earlier=("they stopped his 1:1 at lunch and never told us, he's on sen support",))
    assert nlu_guards._chosen_answer(run(guard, removed)) == "graduated/involve_parents"
    told = selected("what can we do", "role/teaching_assistant",
                    earlier=("they stopped his 1:1 at lunch, the senco rang to explain why",))
    assert nlu_guards._chosen_answer(run(guard, told)) == "role/teaching_assistant"
    stuck = selected("teacher says give it time. what should i do now", "graduated/sen_support",
                     earlier=("he has had sen support for a year and still can't write his name",))
    assert nlu_guards._chosen_answer(run(guard, stuck)) == "graduated/no_progress"
    first = selected("where do i even start", "graduated/first_steps",
                     earlier=("we've decided to appeal section B, it leaves out his sensory needs",))
    assert nlu_guards._chosen_answer(run(guard, first)) == "unhappy/la_decision"
    helps = selected("does ipsea help young people or only parents", "choices/college_support")
    helps.data[ENTITIES].append({"entity": "service_kind", "value": "ipsea"})
    assert nlu_guards._chosen_answer(run(guard, helps)) == "service/ipsea"
    other = selected("does the college help young people like me", "choices/college_support")
    assert nlu_guards._chosen_answer(run(guard, other)) == "choices/college_support"


def test_a_child_at_school_is_not_a_toddlers_development_and_who_teaches_a_child_off_ill() -> None:

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    school = selected("who should i speak to about it", "family/early_development",
                      earlier=("she's in reception and barely talks to anyone in class",))
    school.data["response_selector"]["default"]["ranking"] = [
        {"intent_response_key": "family/early_development", "confidence": 0.4},
        {"intent_response_key": "role/senco", "confidence": 0.3}]
    assert nlu_guards._chosen_answer(run(guard, school)) == "role/senco"
    toddler = selected("who should i speak to about it", "family/early_development",
                       earlier=("she's 2 and barely says any words",))
    assert nlu_guards._chosen_answer(run(guard, toddler)) == "family/early_development"
    ill = selected("is somebody supposed to be teaching him at all", "role/class_teacher",
                   earlier=("he's been off for 4 weeks after an operation, school send nothing",))
    assert nlu_guards._chosen_answer(run(guard, ill)) == "school/health_needs"


def test_the_service_named_not_the_charity_called_contact_and_who_pays_for_therapy_in_a_plan() -> None:

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    named = selected("are they free", "service/contact", earlier=("my friend said phone ipsea",))
    assert nlu_guards._chosen_answer(run(guard, named)) == "service/ipsea"
    charity = selected("are they free", "service/contact", earlier=("what is the contact charity",))
    assert nlu_guards._chosen_answer(run(guard, charity)) == "service/contact"
    pays = selected("so who funds it, health or the la?", "role/ot",
                    earlier=("there's occupational therapy written into her ehcp",))
    assert nlu_guards._chosen_answer(run(guard, pays)) == "ehc/therapy_is_education"
    private = selected("who pays for it", "role/ot", earlier=("we want a private occupational therapist",))
    assert nlu_guards._chosen_answer(run(guard, private)) == "role/ot"
    decisions = selected("what decisions can you really take to the tribunal", "service/tribunal")
    assert nlu_guards._chosen_answer(run(guard, decisions)) == "unhappy/what_can_appeal"


def test_the_health_part_of_a_plan_is_not_therapy_as_education_and_contact_named_is_the_charity() -> None:

    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    health = selected("who pays for the health bits like the physio", "glossary/icb",
                      earlier=("her ehcp has physio in it",))
    assert nlu_guards._chosen_answer(run(guard, health)) == "glossary/icb"
    charity = selected("are they free?", "service/contact",
                       earlier=("someone at the support group said ring Contact",))
    assert nlu_guards._chosen_answer(run(guard, charity)) == "service/contact"


def test_asking_for_the_council_or_a_number_to_ring_finds_contacts() -> None:
    """b43's contact misses, in other words: the council's number asked with no area (the contacts action asks
    which one), a council team asked for with a place named, "who do I ring?" after an answer."""
    detector = nlu_guards.AreaAnswerDetector(nlu_guards.AreaAnswerDetector.get_default_config())
    for asked in ("whats the councils phone number for send", "email for the local authority please",
                  "what number do i ring for the council"):
        assert intent_of(run(detector, message(asked, "ehc", 0.4))) == "find_contact", asked
    assert intent_of(run(detector, message("the council never answers the phone", "unhappy"))) == "unhappy"
    york = message("i want the send team at the council, we live in york", "nlu_fallback", 0.3)
    york.data[ENTITIES] = [{"entity": "area", "value": "york"}]
    assert intent_of(run(detector, york)) == "find_contact"
    follow_up = nlu_guards.FollowUpDetector({})
    for asked in ("who do i ring", "ok so who should we phone?", "what number do i call then"):
        assert intent_of(run(follow_up, message(asked, "human_handoff", 0.55))) == "find_contact", asked
    assert intent_of(run(follow_up, message("talk to a person", "human_handoff", 0.95))) == "human_handoff"


def test_whether_the_school_can_block_an_assessment_is_who_can_ask() -> None:
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    for text in ("so the senco can't stop us applying?", "do we need the school's permission?"):
        chosen = run(guard, selected(text, "choices/school_says_no", 0.12,
                                     earlier=("can i ask for an ehc assessment for my son",)))
        assert nlu_guards._chosen_answer(chosen) == "ehc/who_can_request", text
    # about a place at a school, not an assessment
    kept = run(guard, selected("can the school refuse him?", "choices/school_says_no", 0.7,
                               earlier=("we want him to go to the school near us",)))
    assert nlu_guards._chosen_answer(kept) == "choices/school_says_no"


def test_an_unsure_pick_is_answered_when_a_sure_rule_names_the_answer() -> None:
    """"Can a teacher even do that?" after a form tutor sent him home: the classifier is unsure (0.18), the words
    are not: only the head can exclude. Without such a rule, unsure still asks back."""
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.3, "mismatch_threshold": 0.6})
    earlier = ("her head of year told her to go home and stay off till friday",)
    answered = run(guard, selected("is a teacher even allowed to do that", "unhappy/exclusion", 0.18, earlier))
    assert nlu_guards._chosen_answer(answered) == "school/exclusion_overview"
    asked_back = run(guard, selected("what about the bus", "unhappy/exclusion", 0.18, earlier))
    assert intent_of(asked_back) == "nlu_fallback"


def test_a_family_that_moved_asking_who_to_contact_gets_the_new_areas_contacts() -> None:
    from rasa_addons.conversation_context import EARLIER_TEXTS

    follow_up = nlu_guards.FollowUpDetector({})
    moved = message("who should we speak to about her plan now?", "ehc", 0.4)
    moved.data["metadata"] = {EARLIER_TEXTS: ["we have just moved to scarborough from leeds"]}
    assert intent_of(run(follow_up, moved)) == "find_contact"
    stayed = message("who should we speak to about her plan now?", "ehc", 0.4)
    stayed.data["metadata"] = {EARLIER_TEXTS: ["we live in leeds and her review was awful"]}
    assert intent_of(run(follow_up, stayed)) == "ehc"


def test_a_child_who_has_not_been_able_to_go_to_school_for_illness_is_the_councils_duty() -> None:
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    chosen = run(guard, selected("is anybody supposed to be teaching him?", "school/no_school_place", 0.5,
                                 ("he hasn't been able to attend since june because of his anxiety",)))
    assert nlu_guards._chosen_answer(chosen) == "school/health_needs"


def test_a_date_said_alone_then_an_appeal_question_gets_the_deadline() -> None:
    """"letter was 19/10/26" (no kind of decision said) ... "when do I have to get the appeal in by?"."""
    from rasa_addons.conversation_context import EARLIER_TEXTS

    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())
    asked = message("when do we have to get the appeal in by, and is mediation needed", "service", 0.93,
                    faq_key="service/mediation")
    asked.data["metadata"] = {EARLIER_TEXTS: ["it's only about the school they named. the letter was 2/11/26"]}
    assert intent_of(run(detector, asked)) == "ask_appeal_deadline"
    undated = message("when do we have to get the appeal in by, and is mediation needed", "service", 0.93,
                      faq_key="service/mediation")
    undated.data["metadata"] = {EARLIER_TEXTS: ["it's only about the school they named"]}
    assert intent_of(run(detector, undated)) == "service"


def test_a_message_that_is_only_a_place_answers_which_area_whatever_topic_it_was_read_with() -> None:
    detector = nlu_guards.AreaAnswerDetector(nlu_guards.AreaAnswerDetector.get_default_config())
    for said, name in (("we're in Clitheroe", "clitheroe"), ("oh we live in ludlow", "ludlow"), ("Hull.", "hull")):
        msg = message(said, "school", 0.75, faq_key="school/transport_eligibility")
        msg.data[ENTITIES] = [{"entity": "area", "value": name}]
        assert intent_of(run(detector, msg)) == "inform_area", said
    story = message("we live in leeds and the bus never comes", "school", 0.75)
    story.data[ENTITIES] = [{"entity": "area", "value": "leeds"}]
    assert intent_of(run(detector, story)) == "school"


def test_a_short_ask_for_a_deadline_gets_the_rule_and_a_missed_one_the_late_appeal() -> None:
    detector = nlu_guards.DateAnswerDetector(nlu_guards.DateAnswerDetector.get_default_config())
    asked = run(detector, message("tribunal deadline pls", "unhappy", 0.7, faq_key="unhappy/late_appeal"))
    assert intent_of(asked) == "ask_appeal_deadline"
    missed = run(detector, message("missed the appeal deadline", "unhappy", 0.7, faq_key="unhappy/late_appeal"))
    assert intent_of(missed) == "unhappy"


def test_ok_and_is_a_prompt_for_the_next_step_and_worksheets_for_a_child_off_ill_are_the_councils_duty() -> None:
    follow_up = nlu_guards.FollowUpDetector({})
    assert intent_of(run(follow_up, message("ok and?", "affirm", 0.93))) == "what_next"
    assert intent_of(run(follow_up, message("ok", "affirm", 0.93))) == "affirm"
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    chosen = run(guard, selected("they just email him work packs, is that all?", "school/no_school_place", 0.5,
                                 ("he's been off with his mental health since september, can't face going in",)))
    assert nlu_guards._chosen_answer(chosen) == "school/health_needs"


def test_a_rerouted_answer_is_not_left_level_with_the_reading_it_replaced() -> None:
    """FallbackClassifier asks back when the top two intents are within 0.05: the topic a rule turned away from
    must not stay in the ranking at the same score ("my college wants to end my EHCP, can they do that?")."""
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    chosen = run(guard, selected("my college wants to end my ehcp, can they do that?", "adulthood/college", 0.75))
    assert nlu_guards._chosen_answer(chosen) == "choices/plan_ending"
    assert [r["name"] for r in chosen.data["intent_ranking"]] == ["choices"]


def test_an_answer_given_only_when_named_gives_way_to_the_runner_up() -> None:
    """"Who arranges respite, the senco or a social worker?" is nearest to the SENCO-or-caseworker answer's title, but
    names no caseworker: the next answer the classifier ranked."""
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    asked = selected("who arranges respite, the senco or a social worker?", "role/senco_or_caseworker")
    asked.data["response_selector"]["default"]["ranking"] = [
        {"intent_response_key": "role/senco_or_caseworker", "confidence": 0.5},
        {"intent_response_key": "family/ask_for_short_breaks", "confidence": 0.3}]
    assert nlu_guards._chosen_answer(run(guard, asked)) == "family/ask_for_short_breaks"
    named = selected("is the senco the same as the council caseworker?", "role/senco_or_caseworker")
    assert nlu_guards._chosen_answer(run(guard, named)) == "role/senco_or_caseworker"


def test_an_answer_given_only_when_named_may_be_named_just_before() -> None:
    """"Got a letter saying I've been given a SEND caseworker" ... "what do they do": the caseworker was named."""
    guard = nlu_guards.ResponseSelectorGuard({"threshold": 0.2, "mismatch_threshold": 0.3})
    asked = selected("what do they do", "role/senco_or_caseworker",
                     earlier=("got a letter saying ive been given a SEND caseworker",))
    assert nlu_guards._chosen_answer(run(guard, asked)) == "role/senco_or_caseworker"


def test_who_do_i_talk_to_after_a_role_is_that_person() -> None:
    """"Does college have a SENCO like school did?" ... "who do i talk to then": the college's named person (the
    answer just read), not the offer to pass the enquiry on."""
    from rasa_addons.conversation_context import ANSWER_READ, EARLIER_TEXTS

    detector = nlu_guards.FollowUpDetector({})
    msg = message("who do i talk to then", "human_handoff", 0.7)
    msg.data["metadata"] = {EARLIER_TEXTS: ["does college have a senco like school did"],
                            ANSWER_READ: "role/college_named_person"}
    assert nlu_guards._chosen_answer(run(detector, msg)) == "role/college_named_person"


def test_who_do_i_ring_after_the_councils_answer_is_its_send_team() -> None:
    """A try-out: "what does the council sen team do" ... "who do i ring there" had got the same answer again."""
    from rasa_addons.conversation_context import ANSWER_READ, EARLIER_TEXTS

    detector = nlu_guards.FollowUpDetector({})
    msg = message("who do i ring there", "role", 0.7)
    for read in ("role/local_authority", "glossary/la"):
        msg = message("who do i ring there", "role", 0.7)
        msg.data["metadata"] = {EARLIER_TEXTS: ["what does the council sen team do"], ANSWER_READ: read}
        assert intent_of(run(detector, msg)) == "find_contact", read


def test_a_help_request_finished_in_a_second_message_is_still_a_look_up() -> None:
    """A try-out: "who can help me in surrey" ... "with his ehcp" had got "not sure I understood"."""
    from rasa_addons.conversation_context import EARLIER_TEXTS

    detector = nlu_guards.FollowUpDetector({})
    for earlier, then, expected in ((["who can help me in surrey"], "with his ehcp", "find_contact"),
                                    (["im in leeds, anyone who can advise"], "about her annual review", "find_contact"),
                                    (["who can help me with his ehcp"], "for his ehcp", "nlu_fallback")):
        msg = message(then, "nlu_fallback", 0.3)
        msg.data["metadata"] = {EARLIER_TEXTS: earlier}
        assert intent_of(run(detector, msg)) == expected, (earlier, then)


def test_who_do_i_ask_after_an_answer_with_no_next_step_is_that_answer() -> None:
    """"Who do I ask about respite" (how to get short breaks: the council's disabled children's team) ... "who do i
    ask": that answer again, which says who (it had got the help menu)."""
    from rasa_addons.conversation_context import ANSWER_READ, EARLIER_TEXTS

    detector = nlu_guards.FollowUpDetector({})
    msg = message("who do i ask", "help", 0.7)
    msg.data["metadata"] = {EARLIER_TEXTS: ["who do i ask about respite"], ANSWER_READ: "family/ask_for_short_breaks"}
    assert nlu_guards._chosen_answer(run(detector, msg)) == "family/ask_for_short_breaks"


def test_who_to_talk_to_first_after_saying_the_school_support_is_not_right_is_the_school_route() -> None:
    """It had been read as asking for a person (the hand-off form); the school's route starts with the teacher."""
    from rasa_addons.conversation_context import EARLIER_TEXTS

    detector = nlu_guards.FollowUpDetector({})
    asked = message("who do i even talk to first", "human_handoff", confidence=0.36)
    asked.data["metadata"] = {EARLIER_TEXTS: ["not happy with the support my daughter gets at school, she just gets "
                                              "easier worksheets"]}
    assert nlu_guards._chosen_answer(run(detector, asked)) == "unhappy/school_route"
    alone = message("who do i even talk to first", "human_handoff", confidence=0.36)
    alone.data["metadata"] = {EARLIER_TEXTS: ["my son has autism"]}
    assert nlu_guards._chosen_answer(run(detector, alone)) != "unhappy/school_route"


def test_is_it_free_after_an_answer_naming_a_service_is_that_services_answer() -> None:
    from rasa_addons.conversation_context import ANSWER_READ, EARLIER_TEXTS

    detector = nlu_guards.FollowUpDetector({})
    asked = message("thank you. is free help?", "thanks", confidence=0.5)
    asked.data["metadata"] = {EARLIER_TEXTS: ["my english not good. my boy have autism and school not help him"],
                              ANSWER_READ: "graduated/first_steps"}
    assert nlu_guards._chosen_answer(run(detector, asked)) == "service/sendiass"


def test_who_do_i_speak_to_first_after_an_answer_with_no_next_step_is_that_answer() -> None:
    from rasa_addons.conversation_context import ANSWER_READ, EARLIER_TEXTS

    detector = nlu_guards.FollowUpDetector({})
    asked = message("who do i speak to first", "human_handoff", confidence=0.4)
    asked.data["metadata"] = {EARLIER_TEXTS: ["my baby is 18 months and not walking yet"],
                              ANSWER_READ: "family/early_development"}
    assert nlu_guards._chosen_answer(run(detector, asked)) == "family/early_development"


def test_the_concern_read_carries_over_one_message_that_was_not_understood() -> None:
    """"a TA grabbed him and locked him in a room" (the crisis reply) ... "he is non verbal mostly" ("not sure I
    understood") ... "what do i do": still about the danger; after any other reply in between, not."""
    from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from rasa_addons.conversation_context import concern_read

    def tracker_after(middle_reply: str) -> DialogueStateTracker:
        events = [UserUttered("my son told me a TA grabbed him and locked him in a room at school"),
                  SlotSet("concern", "abuse_or_danger"),
                  BotUttered("If you or a child are in immediate danger...", metadata={"utter_action":
                                                                                     "utter_safeguarding"}),
                  UserUttered("he has a ehcp and is non verbal mostly"),
                  BotUttered("Sorry, I'm not sure I understood.", metadata={"utter_action": middle_reply})]
        return DialogueStateTracker.from_events("t", events, slots=[])

    assert concern_read(tracker_after("utter_not_sure")) == "abuse_or_danger"
    assert concern_read(tracker_after("utter_role/senco")) == ""
