"""Risk and crisis language is caught in many phrasings; ordinary SEND worries are not."""

from __future__ import annotations

import pytest

from bot.domain.safeguarding import concern

URGENT = [
    "my son says he wants to kill himself",
    "she's been self-harming",
    "My daughter is selfharming again",
    "he talks about suicide a lot",
    "I think my child is being abused",
    "my partner hits my son",
    "her dad beats her",
    "I can't cope anymore",
    "i cant cope with this",
    "I’m at the end of my tether",
    "I'm at breaking point",
    "he’s hurting himself",
    "my child isn't safe at home",
    "the teacher locked him in a room and he came home with bruises",
    "my kid has run away from home",
    "my 14 year old has gone missing",
    "someone is grooming my daughter online",
    "I'm scared I'll hurt my child",
    "she said she doesn't want to be alive anymore",
    "he took an overdose last night",
    "my son is in danger",
    "I feel like there's no way out",
    "he threatened to kill himself",
    "MY CHILD IS BEING ABUSED",
    "i think my kids are being neglected by their dad",
    "i think someone is hurting my daughter",
    "the older boys keep hurting him on the bus",
    # Kinds of danger the blind conversation batches showed (said here in other words).
    "he's standing by the window saying he'll jump", "she swallowed a handful of paracetamol",
    "a grown man keeps messaging her and says to keep it secret", "her stepdad locks her out at night",
    "his carer shook the baby", "the baby has gone floppy", "they burned her hand on the cooker",
    "i feel like my family would be better off without me", "my son left on his own all night",
    "i really want to give up", "i can't see any way forward", "i'm falling apart", "i cry all the time",
    "nobody listens and i'm completely exhausted", "i keep having panic attacks",
    "my ex says he'll come round and make me pay, he's hit us before", "I'm worried about my child's safety",
    "hes slipped out the front door and we cant find him anywhere", "i can't find my daughter, she's autistic",
    "when i collect him hes often not been fed and is sat in dirty clothes", "i cant cope with it any more",
    "he's picked up a knife and keeps shouting", "she says she's going to stab her brother",
    # A young person telling it themselves (in other words than the blind batch's).
    "my mums boyfriend locks me out of the house when he's angry", "he said nobody would believe me if i told",
    # Someone in the family who hurt the child, told by a carer (in other words than the blind batch's).
    "the little one came back from her dad's and said his girlfriend hurt her", "my stepdad punched me last night",
    "she slipped away at the beach and we've looked for an hour, can't find her anywhere",
    # in other words than blind b22's
    "sometimes i think my kids would be better off if i wasnt around", "she says she keeps thinking about ending it all",
    "he told me he can't see the point in living", "i really can't do it anymore, 3 years of fighting",
    "his dad leaves the kids by themselves most nights and goes out", "she came to school hungry and frightened again",
    # Held down, shut in, shaken hard (in other words than blind b26's).
    "two members of staff pinned her face down in the corridor", "they put him in a dark room and lock the door on him",
    "my partner grabbed her by the throat", "i'm terrified of my boyfriend when he drinks",
    # Cutting without "herself", left alone for hours, out on a road alone (in other words than blind b27's).
    "he's started cutting again, i found the blades", "i cant even see the point of living",
    "her dad leaves her by herself for hours while he's at the pub", "police found her walking along a busy road alone",
    "his mum's boyfriend is drunk every night",
    # Criminal exploitation (in other words than blind b28's).
    "she's been hanging round with older men who give her money and vapes", "i think hes being used for county lines",
    "he keeps turning up home with new trainers and cash he cant explain",
    # Held in a room with the door shut; marks on a wrist; grabbed by the collar (in other words than blind b29's).
    "they put her in the calm room and held the door shut on her for half an hour", "grip marks on her wrists again",
    "the dinner lady grabbed him by the collar and dragged him in",
]
NOT_URGENT = [
    "my son is at risk of exclusion",
    "should i give up on the appeal", "the school is killing me with these forms", "he took his tablets at lunch",
    "the teacher touched on the subject", "my son has no energy after school", "his lunch has no food colourings",
    "the review was the death of me haha", "the school locked the gate", "my child is missing education",
    "school say they can't cope with him", "she cant go on the year 6 residential unless i go too",
    "what does a SENCO do", "the school had a talk about knife crime", "he can't use a knife to cut his food",
    "my daughter is missing school a lot",
    "he is missing lessons for speech therapy",
    "how do I appeal the council's decision",
    "the school isn't safe for wheelchair users, they have no ramp",  # access, not risk: stays an FAQ
    "I'm worried about my son's reading",
    "the school won't believe me that he's struggling",
    "his dad's comments really hurt his feelings", "the teacher hurt her feelings when she shouted",
    "her mum hurt her feelings by missing the review", "we can't find him a school place anywhere",
    "can we get his transport written into the plan so they cant take it away?",
    "we can't see the point of another review", "the school say they cant do it anymore for him without a plan",
    "my child struggles with handwriting",
    "the council missed the deadline",
    "he cant cope with the noise in the dining hall", "shes 10, autistic, cant cope with buses or walking",
    "i cant find the form for the assessment", "we can't find a school that meets his needs",
    "health visitor said to ring parent partnership but i cant find them anywhere online",
    "told to contact sendiass but we cant find them on google",
    "what if they make us pay", "will the council make us pay for the ehcp assessment",
    "can the college make us pay for transport",
    "autistic and cant cope with roads at all", "he refuses to take off his dirty clothes after pe",
    "she hasn't been given a place at the special school",
    "the delays are hurting my son's education",
    "the nurse had to hold him down for his injections", "he shook his head and walked off",
    "they want him in a small room for his exams",
    "the school keeps cutting his support hours", "we started cutting down his screen time",
    "he comes home with his reading book", "she shut the door on her way out", "his watch keeps slipping on his wrist", "the older kids helped him find his money at the fair",
]


@pytest.mark.parametrize("text", URGENT)
def test_urgent_messages_are_caught(text: str) -> None:
    assert concern(text) is not None


@pytest.mark.parametrize("text", NOT_URGENT)
def test_ordinary_worries_are_not(text: str) -> None:
    assert concern(text) is None


def test_danger_told_as_what_was_seen() -> None:
    from bot.domain import safeguarding

    assert safeguarding.concern("she came back from her respite placement with marks on her legs")
    assert safeguarding.concern("the boy next door gets left outside in the cold for hours")
    assert safeguarding.concern("he was left out at playtime for hours") is None
    assert safeguarding.concern("he has marks on his work from the teacher") is None


def test_what_to_do_after_a_concern_gets_the_same_reply() -> None:
    """"Who do I ring?" after a message about bruises is about the bruises, not the last topic a classifier
    guesses (it had got the informal-exclusion answer)."""
    from bot.domain import safeguarding

    earlier = "there are bruises on her arms and she says a teacher grabbed her"
    assert safeguarding.follow_up_concern("they just said theyll look into it. who should i call?", earlier)
    assert safeguarding.follow_up_concern("i'm frightened to send her in tomorrow", earlier)
    assert safeguarding.follow_up_concern("what do we do now", earlier)
    assert safeguarding.follow_up_concern("would the police even care?", earlier)
    assert safeguarding.follow_up_concern("it's the middle of the night, who do we even call", earlier)
    # the worry going on rather than a question: the marks, whether the child is safe
    assert safeguarding.follow_up_concern("school say its from the playground but they look like finger marks", earlier)
    left = "his mum drinks a lot and he's left on his own for hours"
    assert safeguarding.follow_up_concern("i dont want to get her into trouble but i dont think hes safe", left)
    grabbed = "my son came home with bruises, the TA grabs him and locks him in a room"
    assert safeguarding.follow_up_concern("the school say it didnt happen", grabbed)
    gone = "my autistic daughter has run off from the house and shes non verbal"
    assert safeguarding.concern(gone) == "abuse_or_danger"
    assert safeguarding.follow_up_concern("its been 20 mins now and its getting dark", gone)
    assert safeguarding.concern("he ran off from school last term, should it be in his plan") is None
    took = "she's just told me she took a load of my paracetamol about an hour ago"
    assert safeguarding.concern(took) == "self_harm"
    assert safeguarding.follow_up_concern("shes saying shes fine now, should i just wait and see", took)
    # Not a question about what to do, or no concern before it: nothing changes.
    assert safeguarding.follow_up_concern("she's in year 4", earlier) is None
    assert safeguarding.follow_up_concern("i dont think hes safe on the school bus", "he has autism") is None
    assert safeguarding.follow_up_concern("who do i ring about transport", "he has an ehcp and autism") is None
    assert safeguarding.follow_up_concern("who do i ring", None) is None


def test_touching_kept_secret_and_a_child_gone_for_hours_are_caught() -> None:
    from bot.domain import safeguarding

    assert safeguarding.concern("i'm 12. the man who drives my taxi keeps touching me, he says don't tell, it's a secret")
    assert safeguarding.concern("she bolted out after a row 3 hours ago and her phone's dead")
    assert safeguarding.concern("he ran off from the park and there's no sign of him")
    # a surprise, a quick dash caught at once, a teenager out with friends: not emergencies
    assert safeguarding.concern("we're keeping the party a secret from her") is None
    assert safeguarding.concern("he ran off in the playground but the TA caught him") is None
    assert safeguarding.concern("he went out with his mates and it's dark now") is None


def test_no_point_in_being_alive_is_caught() -> None:
    from bot.domain import safeguarding

    assert safeguarding.concern("school is awful and i can't see the point of being alive any more")
    assert safeguarding.concern("whats the point of me being here honestly")
    assert safeguarding.concern("i don't see the point of the meeting") is None


def test_an_adult_going_for_a_child_and_threats_of_more_are_caught() -> None:
    from bot.domain import safeguarding

    assert safeguarding.concern("her stepdad went for her with a belt last night")
    assert safeguarding.concern("my boyfriend went for my daughter when she wouldnt stop crying")
    assert safeguarding.concern("he left but said hes coming back and it isnt over")
    assert safeguarding.concern("my ex is outside hammering on the front door, he's off his face")
    assert safeguarding.concern("my little one is hiding in the wardrobe terrified")
    # going for a meeting, a review or a diagnosis; a child back at school; a hiding place in a meltdown
    assert safeguarding.concern("his dad went for a meeting with the senco") is None
    assert safeguarding.concern("my husband went for her annual review") is None
    assert safeguarding.concern("mum went for him to get his diagnosis") is None
    assert safeguarding.concern("the ot said shes coming back next week to finish the assessment") is None
    assert safeguarding.concern("he's coming back to school next week and its not over") is None
    assert safeguarding.concern("my son hides under the bed when the hoover is on") is None
    assert safeguarding.concern("he bangs on the door when he's upset") is None


def test_staff_hurting_a_child_as_punishment_is_caught() -> None:
    from bot.domain import safeguarding

    assert safeguarding.concern("the dinner lady pinched him on the arm for talking")
    assert safeguarding.concern("the teacher grabbed him by the arm and dragged him out")
    assert safeguarding.concern("his TA pushed him over in the playground")
    # encouragement, calming, attention: not harm
    assert safeguarding.concern("the teacher pushes him to do his best") is None
    assert safeguarding.concern("the ta squeezes her hand to calm her") is None
    assert safeguarding.concern("the teacher grabbed her attention with a song") is None


def test_danger_told_as_what_is_happening_now_is_caught() -> None:
    from bot.domain import safeguarding

    assert safeguarding.concern("he has locked himself in his room with a razor") == "self_harm"
    assert safeguarding.concern("my boy took all my meds into the bathroom and won't answer the door") == "self_harm"
    assert safeguarding.concern("got a voice note from him, sorry for everything, then nothing") == "self_harm"
    assert safeguarding.concern("i've worked out how i'd do it, they'd cope without me") == "self_harm"
    assert safeguarding.concern("honestly everyone would be better off if i wasn't here") == "self_harm"
    assert safeguarding.concern("her stepdad keeps her in the shed when she's naughty") == "abuse_or_danger"
    assert safeguarding.concern("my ex smacked her across the face at contact") == "abuse_or_danger"
    # a teenager sulking, a holiday goodbye, a joke about the appeal, a box room, a child hitting himself
    assert safeguarding.concern("my daughter locked herself in her room and wont come out") is None
    assert safeguarding.concern("she sent a text saying goodbye from the trip") is None
    assert safeguarding.concern("i was thinking about how to do it, the appeal i mean") is None
    assert safeguarding.concern("the kids would be better off with their dad at weekends") is None
    assert safeguarding.concern("they keep him in a box room at school") is None
    assert safeguarding.concern("my son smacks his head when upset") is None


def test_a_child_who_swallowed_medicine_and_danger_at_home_now_are_caught() -> None:
    from bot.domain import safeguarding

    assert safeguarding.concern("my little girl ate lots of my pills off the side, she's really drowsy") == "self_harm"
    assert safeguarding.concern("my toddler got into the dishwasher tablets") == "self_harm"
    assert safeguarding.concern("he's off his face smashing plates, the kids are terrified") == "abuse_or_danger"
    assert safeguarding.concern("me and the kids are hiding in the bathroom from him") == "abuse_or_danger"
    # a daily medicine, a game, a meltdown with toys
    assert safeguarding.concern("he takes his tablets every morning") is None
    assert safeguarding.concern("she took some of the tablets the gp gave her and feels better") is None
    assert safeguarding.concern("the kids are hiding the easter eggs upstairs") is None
    assert safeguarding.concern("my son threw his toys when upset") is None


def test_a_parent_afraid_of_what_they_might_do_and_no_point_him_being_alive_are_caught() -> None:
    from bot.domain import safeguarding

    assert safeguarding.concern("i pushed him so hard this morning, i'm frightened of what i might do") \
        == "parent_crisis"
    assert safeguarding.concern("she keeps telling me there's no point her being here") == "self_harm"
    assert safeguarding.concern("he's locked himself in his room with the kitchen knives") == "self_harm"
    # worry about the council, a school that is no use
    assert safeguarding.concern("im scared what the council will do next") is None
    assert safeguarding.concern("theres no point in him going to that school") is None


def test_an_adult_holding_on_to_a_child_now_is_caught_and_a_school_nobody_cares_about_is_not() -> None:
    from bot.domain import safeguarding

    for text in ("their father came round off his face and grabbed my daughter, she's crying",
                 "he won't let go of her and keeps shouting at me", "my ex refuses to give my son back",
                 "my partner showed up at the flat drunk and threatening us"):
        assert safeguarding.concern(text) == "abuse_or_danger", text
    for text in ("she won't let go of her blanket at bedtime", "grandad turned up at the school to pick him up",
                 "the TA left and nobody cares whether he learns anything, what can I do about the school"):
        assert safeguarding.concern(text) is None, text
    assert safeguarding.concern("honestly i feel like nobody cares") == "parent_crisis"


def test_someone_breaking_in_now_and_a_vulnerable_young_person_hours_late_are_caught() -> None:
    from bot.domain import safeguarding

    for text in ("her dad is smashing the back door in, we're hiding upstairs",
                 "he's outside screaming he's taking the kids", "she should have been back by 6, its 10 now and "
                 "her phone is off, she has autism", "phone's dead, he's not home and he's never done this"):
        assert safeguarding.concern(text) == "abuse_or_danger", text
    for text in ("she should have been home by 4, can the school change the bus time",
                 "his phone is off in lessons, is that allowed", "my ex is taking my son to school tomorrow"):
        assert safeguarding.concern(text) is None, text


def test_a_child_thrown_against_something_and_a_parent_hiding_with_them_now_are_caught() -> None:
    for text in ("her stepdad shoved her against the radiator last night", "he slammed my boy into the door",
                 "we're hiding in the car from my husband, he's gone mad", "i'm locked myself in the bedroom"):
        assert concern(text) == "abuse_or_danger", text
    # a game, a chore, a quiet space
    for text in ("he pushed the ball against the wall for ages", "she's hiding in the toilets at lunch to avoid the "
                 "noise", "i knocked the table over when moving house", "we are hiding the presents in the wardrobe"):
        assert concern(text) is None, text


def test_a_child_gone_from_her_room_and_an_older_man_with_presents_are_caught() -> None:
    assert concern("he isn't in his bed and his phone is off, it's 2am") == "abuse_or_danger"
    assert concern("an older man online keeps sending my son gifts and asks to see him") == "abuse_or_danger"
    assert concern("she's not in her room, she's downstairs watching tv") is None


def test_a_child_whose_whereabouts_are_unknown_and_a_partner_touching_a_child_are_caught() -> None:
    """b44's two misses, in other words: a teenager out and unreachable after saying she wants to die (the second
    message has no risk word of its own); a grandmother told the mother's boyfriend touches the child."""
    for text in ("he's gone off on his bike, no one knows where he is", "we dont know where my son is, hes not "
                 "picking up", "my sisters partner keeps touching her and she is scared",
                 "his stepdad touches him when mum is out", "is he safe to go back home tonight",
                 "i dont think she is safe at home with him"):
        assert concern(text) == "abuse_or_danger", text
    # where a child is up to in lessons; a child who hates being touched; a journey home
    for text in ("i dont know where she is with her phonics", "no one knows where he is up to in maths",
                 "he screams if someone touches him", "she hates it when anyone touches her hair",
                 "is she safe to go home on the school bus by herself"):
        assert concern(text) is None, text


def test_what_happens_next_in_a_crisis_gets_the_same_help_again() -> None:
    from bot.domain.safeguarding import follow_up_concern

    hit = "her stepdad hits her when he's drunk"
    for text in ("its happening right now", "he's back", "no one helps", "please help", "im so scared"):
        assert follow_up_concern(text, hit) == "abuse_or_danger", text
    assert follow_up_concern("what is an ehcp", hit) is None
    assert follow_up_concern("its happening now", "what is an ehcp") is None


def test_a_child_who_cannot_cope_with_a_walk_and_a_parent_afraid_of_being_judged_are_not_a_crisis() -> None:
    for text in ("she is autistic and cant cope walking to school on her own",
                 "if i ask for help theyll think i cant cope"):
        assert concern(text) is None, text
    assert concern("honestly i cant cope anymore") == "parent_crisis"


def test_someone_at_risk_of_ending_their_life_gets_samaritans_before_anything_else() -> None:
    """"I feel like ending it all": the self-harm reply leads with 999 and Samaritans, not a missing child."""
    from bot.domain import knowledge, safeguarding

    assert safeguarding.concern("i cant cope anymore, i feel like ending it all") == "self_harm"
    variant = knowledge.get().messages["utter_safeguarding_self_harm"]
    lines = variant["text"].splitlines()
    assert "999" in lines[0] and "Samaritans" in lines[1]
    assert "missing" not in variant["text"]


def test_no_point_any_more_said_of_oneself_is_a_crisis() -> None:
    from bot.domain import safeguarding

    assert safeguarding.concern("i feel like theres no point any more, i cant do this") == "parent_crisis"
    assert safeguarding.concern("theres no point asking the school any more") is None


def test_a_child_bleeding_from_hurting_himself_and_a_disabled_child_hit_at_home_are_caught() -> None:
    from bot.domain import safeguarding

    assert safeguarding.concern("my son is banging his head on the wall and theres blood everywhere") == "self_harm"
    assert safeguarding.concern("my partner hits our disabled son when he has meltdowns. im scared") == (
        "abuse_or_danger")
    # head-banging told as a need, not an injury now
    assert safeguarding.concern("he bangs his head when hes frustrated, can the school help with that") is None


def test_after_the_crisis_reply_not_wanting_the_police_or_not_knowing_who_to_talk_to_gets_it_again() -> None:
    """The classifier can raise the concern without the patterns; the reply it gave says which concern it was."""
    from bot.domain import safeguarding

    assert safeguarding.follow_up_concern("i dont want to call police", "im scared of him", "abuse_or_danger") == (
        "abuse_or_danger")
    assert safeguarding.follow_up_concern("i dont know who to talk to", "i feel like ending it all") == "self_harm"
    assert safeguarding.follow_up_concern("what else can i do", "camhs rejected him, my son is self harming") == (
        "self_harm")
    # without a concern before it, nothing changes
    assert safeguarding.follow_up_concern("i dont know who to talk to", "his ehcp is late", "") is None


def test_not_in_danger_is_not_danger_and_nobody_listening_is_a_parents_crisis() -> None:
    from bot.domain import safeguarding

    assert safeguarding.concern("on the camhs waiting list for anxiety, not in danger, just struggling") is None
    assert safeguarding.concern("my child is in danger") == "abuse_or_danger"
    assert safeguarding.concern("the council is useless, nobody is listening to me") == "parent_crisis"


def test_a_vulnerable_young_person_not_home_at_night_is_caught() -> None:
    from bot.domain import safeguarding

    assert safeguarding.concern("my daughter is 17 with a learning disability and she hasnt come home from college, "
                                "its 9pm and dark, she hasnt got her phone") == "abuse_or_danger"
    assert safeguarding.concern("he gets home from school at 4pm and is exhausted every night") is None
    assert safeguarding.concern("the council hasn't got back to me about home to school transport") is None


def test_calmer_now_straight_after_the_crisis_reply_gets_help_still_and_a_question_moves_on() -> None:
    from bot.domain.safeguarding import follow_up_concern

    said = "my 12 year old said he wants to kill himself because of school"
    assert follow_up_concern("hes ok now, hes in his room", said, "self_harm") == "settled"
    assert follow_up_concern("she's calmed down, thank you", "", "abuse_or_danger") == "settled"
    # not straight after the crisis reply, or a question after the calmer reply: not this reply again
    assert follow_up_concern("hes ok now, hes in his room", "what is an ehcp", "") is None
    assert follow_up_concern("what should i do about school", "hes ok now, hes in his room", "settled") is None
    # whether to wait is still a question about the danger
    assert follow_up_concern("shes saying shes fine now, should i just wait and see", said, "self_harm") == "self_harm"


def test_a_parent_who_feels_a_terrible_mum_is_a_parents_crisis() -> None:
    for text in ("sorry im crying, ive been fighting the council for 2 years and i feel like a terrible mum",
                 "im such a bad dad, i didnt see how much he was struggling"):
        assert concern(text) == "parent_crisis", text
    for text in ("the senco made me feel like a bad mum for asking", "i'm in tears reading the draft plan",
                 "will the school think im a bad mum for asking for help", "the head basically said im a bad parent"):
        assert concern(text) is None, text


def test_tablets_got_ready_are_a_danger_to_life_and_a_childs_medicines_set_out_are_not() -> None:
    for text in ("i've got all my pills lined up in front of me", "been stockpiling my tablets for weeks"):
        assert concern(text) == "self_harm", text
    for text in ("his epilepsy medication is ready in the school office", "ive got her tablets laid out in a "
                 "pill box for the week", "the school nurse counts out his tablets at lunch"):
        assert concern(text) is None, text


def test_a_teenager_who_walked_out_hours_ago_with_her_phone_off_is_caught_and_a_meeting_walked_out_of_is_not() -> None:
    assert concern("he walked out after an argument 4 hours ago and his phone is dead") == "abuse_or_danger"
    for text in ("he walked out of the review meeting an hour ago", "she walked out of class 2 hours ago"):
        assert concern(text) is None, text


def test_a_child_shut_in_a_small_room_with_the_door_locked_is_caught() -> None:
    assert concern("they keep putting my autistic daughter in a small room by herself and locking the door") \
        == "abuse_or_danger"
    assert concern("school keep puting her in a small room on her own and locking the dor") == "abuse_or_danger"
    assert concern("we keep the front door locked at night so he cant get out") is None


def test_staff_grabbing_a_child_is_caught_and_a_child_grabbing_is_not() -> None:
    for text in ("my sons ta keeps grabing his arm", "the 1:1 dragged her by the wrist to the office"):
        assert concern(text) == "abuse_or_danger", text
    for text in ("he grabs the teacher's arm when he is upset", "the ta helps him grab his coat at home time"):
        assert concern(text) is None, text


def test_a_child_gone_for_hours_out_of_reach_and_a_child_taken_by_a_drunk_adult_are_caught() -> None:
    """b54's two misses, in other words: hours gone and not answering the phone; a drunk adult taking a child away in
    a car. A school day counted in hours, a SENCO not answering, a child taken to school in the car are not."""
    for text in ("hes been out 4 hours and i dont know where he is", "she's been gone over two hours now and her "
                 "phone is off", "shes not answering her phone and its dark, she should be home",
                 "her dad came round drunk and bundled her into the car and drove off",
                 "dad was drunk driving with the kids in the back", "a man snatched my son from outside school"):
        assert concern(text) == "abuse_or_danger", text
    for text in ("i have to drag him into the car every morning to get to school",
                 "he has been out for 2 hours a day on a reduced timetable",
                 "the senco is not answering her phone for weeks",
                 "he's missing 2 hours of school every day, dont know where to start",
                 "hes been out of school for 3 hours every morning because its dark and he wont go"):
        assert concern(text) is None, text


def test_a_child_crying_every_night_is_not_the_parents_crisis() -> None:
    """b54: "shes 10 and crying every night" (bullied) had been read as the parent's own crisis."""
    for text in ("kids keep laughing at her stammer, shes 10 and crying every night",
                 "he's been crying all the time since he started year 7"):
        assert concern(text) is None, text
    for text in ("i cry every night i cant do this", "im literally crying all the time",
                 "crying myself to sleep over his school"):
        assert concern(text) == "parent_crisis", text


def test_dark_thoughts_about_ending_it_are_caught_and_a_child_falling_apart_is_not_the_parents_crisis() -> None:
    """b55: a parent "not coping ... having really dark thoughts about ending it" (after an EHCP question) was missed;
    "hes falling apart at home every day and they wont listen" (a child) had been read as the parent's crisis."""
    for text in ("honestly im not coping and ive had some dark thoughts", "i keep thinking about ending it",
                 "ive been thinking about not waking up"):
        assert concern(text) == "self_harm", text
    assert concern("im just not coping with any of it") == "parent_crisis"
    assert concern("i keep breaking down in front of the kids") == "parent_crisis"
    for text in ("school say shes fine but shes falling apart at home every night",
                 "he is breaking down every day after school", "he is not coping at school",
                 "the council are thinking about ending it"):
        assert concern(text) is None, text


def test_a_child_gone_out_of_a_window_a_seizure_that_wont_stop_and_a_hypo_are_danger_now() -> None:
    """b56, b57: a child "climbed out his bedroom window ... cant see him anywhere", a seizure for 7 minutes with no
    rescue medicine, a child with diabetes drowsy and confused were missed (here in other words)."""
    for text in ("she got out of the bathroom window and i cant find her anywhere",
                 "i cant see him anywhere and its nearly midnight",
                 "shes having a seizure and it won't stop", "hes been fitting for about ten minutes now",
                 "my sons fiting and wont stop its been 6 mins",  # tried by hand: misspelt
                 "his blood sugar is really low and hes confused and slurring", "she collapsed, they think its a hypo"):
        assert concern(text) == "abuse_or_danger", text
    for text in ("he's fitting in well at his new school", "does having a seizure at school count for an ehcp",
                 "he has seizures maybe 5 minutes long at night, can school give his meds",
                 "she checks her blood sugar at lunch and gets confused about the carb counting",
                 "told to ring parent partnership but i cant find them anywhere online"):
        assert concern(text) is None, text


def test_a_parent_the_family_would_manage_without_or_with_a_way_thought_of_is_at_risk() -> None:
    """b56, b57: "they'd all manage better without me around", "a full box of my sertraline in my bag", "i keep
    thinking about just driving off the road" were missed (here in other words)."""
    for text in ("honestly everyone would be so much happier without me",
                 "ive got a new packet of codeine in the car with me",
                 "thinking about stepping in front of a train tbh",
                 "i keep thinking of crashing the car into a tree"):
        assert concern(text) == "self_harm", text
    for text in ("the school would manage better without him they say", "can the review go ahead without me",
                 "the bus keeps driving off the road onto the verge"):
        assert concern(text) is None, text
