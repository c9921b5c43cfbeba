"""bot/domain/answer_rules: each re-routing rule, asked in a parent's words, and what keeps the classifier's choice.
No Rasa and no model: the rules read only the words and the project's knowledge. (How the guard around them
treats the classifier's scores is in test_nlu_guards.py.)"""

from __future__ import annotations

import pytest

from bot.domain.answer_rules import RULES, SURE_RULES, Asked, Rerouted, reroute

# (rule, what the parent typed (oldest first), the answer the classifier chose, the answer the rule gives)
EXAMPLES: list[tuple[str, list[str], str, str]] = [
    ("who_writes_the_plan", ["does the senco write the ehcp or is it someone else?"], "role/senco", "ehc/draft_plan"),
    ("who_writes_the_plan", ["who acutally writes the plan"], "glossary/ehcp", "ehc/draft_plan"),  # misspelt
    ("school_type_for_complaint", ["does the ombudsman deal with complaints about schools?", "he's at an academy"],
     "school/school_records", "unhappy/dfe"),
    ("plan_being_ended", ["i'm 18, my sixth form says they're going to stop my ehcp when i leave. is that right?"],
     "choices/college_transition", "choices/plan_ending"),
    ("sent_home_early", ["they ring me to come and get her at lunchtime most days", "can they legally do that?"],
     "unhappy/exclusion", "school/informal_exclusion"),
    ("sent_home_early", ["the school wants me to collect my daughter early every day, is that legal?"],
     "school/part_time_timetable", "school/informal_exclusion"),
    ("sent_home_early", ["can the senco send my son home for the day?",
                         "she did it twice this week, just rang and said come get him"], "unhappy/exclusion",
     "school/informal_exclusion"),
    ("sent_home_early", ["school keep phoning me to pick him up at lunchtime, he has autism"], "school/bullying",
     "school/informal_exclusion"),
    ("education_while_excluded", ["he got a 7 day suspension", "is the school meant to send work while he's at home?"],
     "school/home_education", "school/exclusion_education"),
    ("speed_up_assessment", ["the adhd waiting list here is 2 years", "can we speed it up at all"],
     "family/nhs_assessment", "family/waiting_list"),
    ("staff_mocking_disability", ["the TA laughs at him when he stammers", "is that even allowed"],
     "role/teaching_assistant", "school/disability_harassment"),
    ("appeal_first_step", ["the final plan has nothing specific in section f", "we want to dispute it, what's the process"],
     "ehc/section_f_vague", "unhappy/la_decision"),
    ("school_complaint_not_council", ["her teacher never does the things agreed at her sen support review",
                                      "where do i complain?"], "service/ombudsman", "unhappy/school_route"),
    ("young_person_asking", ["i'm 18 now and have an ehcp", "do i need my dad to do the appeal or can i do it on my own"],
     "service/how_to_appeal", "rights/young_people_yourself"),
    ("plan_help_not_given", ["her ehcp says 30 mins of OT a week and shes had two sessions this term",
                             "the council say speak to the school, the school say its not their job"],
     "ehc/therapy_is_education", "ehc/section_f_duty"),
    ("plan_help_not_given", ["his ehcp says he gets OT twice a week", "he has never had any of it this year"],
     "role/ot", "ehc/section_f_duty"),
    ("plan_help_not_given", ["the academy says it can't fund the TA hours in section f of his ehcp"],
     "school/part_time_timetable", "ehc/section_f_duty"),
    ("what_a_service_covers", ["is sendiass part of the council?", "what do they actually do"],
     "role/local_authority", "service/sendiass"),
    ("timescales", ["How long till it actually happens?"], "service/mediation", "service/mediation_timescales"),
    ("other_nation", ["hi im in glasgow", "how do i get an ehcp?"], "ehc/request_assessment", "choices/scotland"),
    ("step_after_tried", ["I already spoke to the senco twice and the head, nothing changed"],
     "role/senco", "unhappy/after_head"),
    ("assessment_not_records", ["we want an ehc assessment", "so who can actually make the request then?"],
     "school/subject_access_request", "ehc/who_can_request"),
    ("only_the_head_excludes", ["the head of year sent her home for the afternoon", "is that allowed"],
     "school/informal_exclusion", "school/exclusion_overview"),
    ("only_the_head_excludes", ["his class teacher sent him home at lunch", "is she even allowed to do that?"],
     "school/informal_exclusion", "school/exclusion_overview"),
    ("who_decides_exclusion", ["he was permanently excluded", "who decides if it stands?"],
     "unhappy/exclusion", "school/exclusion_governors"),
    ("who_decides_assessment", ["the school won't apply for an ehc assessment",
                                "so who actually decides, the school or the senco?"],
     "role/senco", "role/local_authority"),
    ("whose_job_in_plan", ["school says the OT should do the help in his plan, the OT says school", "whose job is it?"],
     "role/ot", "ehc/section_f_duty"),
    ("therapy_in_plan", ["his plan has speech and language therapy in it", "who pays, the nhs or the council?"],
     "role/salt", "ehc/therapy_is_education"),
    ("council_not_dfe", ["the council keeps missing deadlines on the ehc plan",
                         "and if their complaints people fob me off too?"],
     "unhappy/dfe", "service/ombudsman"),
    ("council_complaint", ["the council missed every deadline, I want to make an official complaint, how?"],
     "unhappy/school_route", "unhappy/la_failure"),
    ("complaint_route", ["he's on sen support at school. who do i complain to and in what order?"],
     "graduated/sen_support", "unhappy/school_route"),
    ("if_refused", ["can we get a personal budget", "what if they say no?"],
     "family/personal_budget", "family/personal_budget_refused"),
    ("no_plan_after_assessment", ["what if they decide not to give her a plan after all that?"],
     "choices/plan_ending", "ehc/refused_to_issue"),
    ("support_removed_untold", ["they've taken her TA away and didn't even tell us"],
     "role/ta", "graduated/involve_parents"),
    ("no_progress", ["he's on sen support but nothing has changed. what can i do?"],
     "graduated/sen_support", "graduated/no_progress"),
    ("appeal_first_step", ["I want to appeal the plan. what do I need to do first?"],
     "service/mediation", "unhappy/la_decision"),
    ("when_to_ask", ["tell me about personal budgets", "ok how. when do i ask?"],
     "family/personal_budget", "family/personal_budget_when"),
    ("school_refused", ["council said no to the school we want. do I need mediation first?"],
     "service/mediation", "choices/school_refused"),
    ("what_can_appeal", ["what can you actually appeal to the send tribunal about?"],
     "service/tribunal", "unhappy/what_can_appeal"),
    ("refusal_to_ombudsman", ["they refused to assess, I want to go to the ombudsman"],
     "service/ombudsman", "service/tribunal_or_ombudsman"),
    ("transport_for_age", ["im 17 and starting at a new college, do i get transport"],
     "school/transport_19_25", "school/transport_post16"),
    ("how_to_reach_service", ["is ipsea the same thing? how do i get to talk to them?"],
     "glossary/ipsea", "service/ipsea"),
    ("governors_on_exclusion", ["suspended 4 times this term", "can the governors look at it?"],
     "role/governors", "school/exclusion_governors"),
    ("discrimination_where", ["his fe college won't make adjustments. do i go to the send tribunal?"],
     "service/tribunal", "unhappy/discrimination_where"),
    ("review_panel", ["permanently excluded, the governors upheld it", "what are my options now?"],
     "unhappy/exclusion", "school/irp"),
    ("young_person_asking", ["im 17 and my mum wants me to stay at school but i want the college course",
                             "who gets to decide"], "rights/young_people", "rights/young_people_yourself"),
    ("young_person_asking", ["I'm 16 and I want to ask for my own EHC plan, can I?"], "adulthood/plan_after_19",
     "rights/young_people_yourself"),
    ("young_person_asking", ["I'm 16 and I want to ask for my own EHC plan", "do my parents have to agree"],
     "role/parent", "rights/young_people_yourself"),
    ("council_person", ["who is the council person that deals with my childs ehcp"], "service/contact",
     "role/local_authority"),
    ("meeting_companion", ["the family cant afford a solicitor, is there anyone free who can go to the ehcp meeting "
                           "with them"], "service/ipsea", "service/sendiass"),
    ("service_not_working", ["i need ipseas phone number", "the one i found online doesnt work"],
     "service/local_offer", "service/ipsea"),
    ("plan_ended_follow_up", ["my son is in year 11, the council are ending the ehcp because hes going to college",
                              "is that allowed"], "school/transport_post16", "choices/plan_ending"),
    ("senco_or_caseworker", ["whats the difference between the SENCO and the SEND caseworker"], "glossary/senco",
     "role/senco_or_caseworker"),
    ("refusal_to_ombudsman", ["council refused to assess my son for an ehcp", "i want to put a formal complaint in "
                              "about them instead of all the tribunal stuff"], "service/tribunal",
     "service/tribunal_or_ombudsman"),
    ("how_often_meet", ["my son is on sen support in year 3", "is it the class teacher or the senco who should "
                        "meet me about it, and how often"], "role/class_teacher", "graduated/reviews"),
    ("university", ["im 19 and have an ehcp, thinking of doing an apprenticeship. would i lose my ehcp",
                    "what if i go to uni instead"], "adulthood/apprenticeships", "choices/work_or_university"),
    ("council_late", ["we asked for the assessment in april, the EP came out, then nothing. its been 30 weeks now and "
                      "still no plan", "what can i do, they just keep saying theyre busy"], "ehc/advice_timescales",
     "unhappy/la_failure"),
    ("plan_help_not_given", ["my sons ehcp says 2 hours SALT a week but hes getting nothing"], "glossary/salt",
     "ehc/section_f_duty"),
    ("plan_help_not_given", ["primary school wont do the 1:1 in his plan"], "ehc/phase_transfer",
     "ehc/section_f_duty"),
    ("going_private", ["how do we get an adhd assessment for my 8 year old", "the GP says wait 3 years",
                       "can i go private"], "service/this_chat_privacy", "family/waiting_list"),
    ("young_person_asking", ["im 17 and have an ehcp. my mum keeps making decisions for me. can i make my own"],
     "rights/young_people", "rights/young_people_yourself"),
    ("transport_for_age", ["what about transport when he goes to college at 17"], "school/transport_19_25",
     "school/transport_post16"),
    ("exam_help", ["hello i am 16 and have dyslexia, my college wont give me extra time in exams"],
     "choices/college_support", "school/exam_arrangements"),
    ("when_to_ask", ["can i get the money for his occupational therapy and pay a therapist myself?",
                     "when am i allowed to ask for that"], "family/personal_budget", "family/personal_budget_when"),
    # b56, b57: the school says it is theirs to decide (here in other words)
    ("school_full", ["the special school we put on the draft ehcp say theyre full", "is that their call or the la's?"],
     "ehc/draft_plan", "choices/school_says_no"),
    ("who_decides_school", ["who gets to choose the school in his plan, the academy says they decide who they take"],
     "choices/ask_for_school", "choices/school_says_no"),
    ("school_full", ["we asked for our local primary in the draft plan", "the council emailed back the school is full. "
                     "can they do that?"], "ehc/draft_plan", "choices/school_says_no"),
    ("medical_duty", ["she has diabetes and needs insulin at lunch", "who makes sure the staff are trained for it?"],
     "role/class_teacher", "school/medical_conditions"),
    ("let_back_after_suspensions", ["shes had 3 suspensions this term, 16 days in all",
                                    "who decides if they let her back"], "school/suspension",
     "school/exclusion_governors"),
    ("let_back_after_suspensions", ["my sons been suspended again, its now 17 days this term altogether",
                                    "who looks at whether he should be let back, and when"], "school/suspension",
     "school/exclusion_governors"),
    ("left_education", ["my daughter is 19, she left college in the summer",
                        "now the council wants to end the plan, is that allowed"], "choices/plan_ending",
     "choices/leaving_education"),
    ("taken_back_after_exclusion", ["they expelled my son on friday", "do they have to let him back"],
     "school/exclusion_education", "school/exclusion_governors"),
    ("taken_back_after_exclusion", ["the governors upheld her permanent exclusion",
                                    "can the panel make them take her back"], "school/exclusion_education",
     "school/irp"),
    ("pushed_to_leave", ["the senco keeps saying we should home school her because they cant cope",
                         "is that allowed"], "school/home_education", "school/off_rolling"),
    ("pushed_to_leave", ["the academy want us to deregister him and home educate, they said it would be easier"],
     "school/deregistration", "school/off_rolling"),
    ("plan_money_ourselves", ["could we have the funding in her ehcp to pay for a private OT ourselves"],
     "graduated/school_funding", "family/personal_budget"),
    ("court_for_adjustments", ["his school never makes the reasonable adjustments it promised",
                               "can i sue them"], "glossary/reasonable_adjustments", "unhappy/discrimination"),
    ("council_late", ["asked the council for an ehc needs assessment on 1 october and heard nothing back",
                      "is the council late? what can i do"], "ehc/refused_assessment", "unhappy/la_failure"),
    ("refused_without_plan", ["the primary school wont take my son in reception because of his autism",
                              "he doesnt have an ehcp yet, can they do that"], "choices/school_says_no",
     "choices/mainstream_right"),
    ("plan_back", ["im 21, they ceased my ehcp last year when i started working", "can i apply again now"],
     "choices/leaving_education", "ehc/who_can_request"),
    ("section_f_how_much", ["her draft plan just says 'OT input as required' in section f",
                            "surely it should state how often?"], "ehc/therapy_is_education", "ehc/section_f_vague"),
    ("role_named_now", ["who is in charge of SEN, the senco?", "ok and what about the head teacher, what do they do"],
     "role/senco", "role/headteacher"),
    ("exam_help", ["she needs a reader for her gcse exams but school says no", "who applies, me or them?"],
     "ehc/request_assessment", "school/exam_arrangements"),
    ("support_removed_untold", ["they took my daughter off the sen register and never told us",
                                "is that allowed"], "graduated/sen_register", "graduated/involve_parents"),
    ("young_person_asking", ["im 17, my dad wants me at a special college but i want the local one",
                             "whose choice is it, mine or my dads?"], "rights/who_is_parent",
     "rights/young_people_yourself"),
    ("left_education", ["the council are trying to end my daughters ehcp, shes 18 and still doing her course"],
     "choices/leaving_education", "choices/plan_ending"),
    ("plan_help_not_given", ["My daughter has an EHC plan that says she gets 2 hours speech therapy a week. She hasnt "
                             "had any since September."], "ehc/section_f_vague", "ehc/section_f_duty"),
    ("plan_help_not_given", ["my son has an ehcp but the school isnt giving him the 1:1 support its says in it"],
     "graduated/sen_support", "ehc/section_f_duty"),
    ("plan_help_not_given", ["the school isnt doing what the ehcp says"], "ehc/timescales", "ehc/section_f_duty"),
    ("school_says_no_plan", ["school says he cant have an EHCP because he is doing well academically", "is that true?"],
     "choices/leaving_education", "ehc/request_assessment"),
    ("final_plan_changed", ["the amended final plan came and they've reduced his 1:1 hours, can i appeal"],
     "unhappy/late_appeal", "unhappy/la_decision"),
    # b56: "school want her on mornings only" ... "i already said yes on the phone, can i change my mind?" (here in
    # other words)
    # b56, b57: respite asked for as a right, and "any help to get a break?" (here in other words)
    ("short_breaks_asked", ["does the la have to give us respite, were shattered"], "school/transport_eligibility",
     "family/short_breaks"),
    ("short_breaks_asked", ["im his grandad and need a break now and then, is there anything?"], "",
     "family/short_breaks"),
    # b57: DLA for the child, then "and what about me, i gave up work to look after him" (here in other words)
    ("carer_gave_up_work", ["can my daughter get dla, shes 6", "is there anything for me? i had to quit my job to care "
                            "for her"], "family/dla", "family/carers_allowance"),
    # tried by hand: "can the school make him do detentions when his ehcp says he cant cope with them" (here in
    # other words)
    ("sanctioned_for_disability", ["shes autistic and keeps getting put in isolation for stimming, is that allowed?"],
     "", "rights/equality"),
    # tried by a newcomer: "the council hasnt replied about my daughters assessment for 10 weeks" had been the appeal
    # against a refusal (here in other words)
    ("council_silent", ["we asked for an ehc needs assessment and the la still hasnt decided after 9 weeks"],
     "ehc/refused_assessment", "unhappy/la_failure"),
    # tried by a newcomer: "he got permanently excluded yesterday, he has an ehcp. what do i do" had been how schools
    # should avoid excluding (here in other words)
    ("excluded_what_now", ["my daughter has been permanently excluded and shes got an ehcp, what now?"],
     "school/exclusion_ehcp", "school/exclusion_challenge"),
    # tried by a newcomer: "someone i can talk to on the phone about my sons ehcp" had been Childline (here in other
    # words)
    ("parent_wants_someone_to_talk_to", ["i need a person to speak to about my daughter's school, reading all this is "
                                         "too much"], "service/childline", "service/sendiass"),
    # b58: "we decided to try meditation with the council" ... "how long before it has to actualy happen" (here in
    # other words)
    ("mediation_how_long", ["told the adviser we are going for meditation", "how long till it has to take place"],
     "ehc/timescales", "service/mediation_timescales"),
    # b58: "my college tutor said my ehcp ends now im 19, is that true" (here in other words)
    ("plan_ended_for_age", ["the sixth form told me my plan stops when im 19, can they say that"],
     "role/college_named_person", "choices/plan_ending"),
    # b58: a parent writing formally, "who bears the legal responsibility for ensuring that the provision ... is
    # delivered" (here in other words)
    ("whose_job_in_plan", ["who holds the responsibility for the support set out in my daughter's EHCP being "
                           "provided?"], "role/local_authority", "ehc/section_f_duty"),
    # b58: "EHCP say speech therapy every week. Since September nobody come. School say it is council problem"
    ("plan_help_not_given", ["her ehcp say OT every week, nobody came since easter, school say it is la problem"],
     "role/ot", "ehc/section_f_duty"),
    # tried by a newcomer: a private nursery sending a 3-year-old home had been given the school exclusion rules
    # (here in other words)
    ("sent_home_early", ["the pre-school keeps ringing me to collect him at lunch because of his behaviour, hes 3"],
     "school/informal_exclusion", "choices/early_years_support"),
    # b58: "the sencoe and me dont agree on what help my daughter needs ... is there anyone nutral who can help sort it
    # out" (here in other words)
    ("someone_neutral", ["me and the school disagree about his support", "is there an independent person who could "
                         "help us sort it"], "ehc/what_is_ehcp", "service/disagreement_resolution"),
    # tried by a newcomer: "i complained to the head ... nothing happened. what next" and "the senco is ignoring my
    # emails. who is above her" had got the route from the class teacher (here in other words)
    ("step_after_tried", ["wrote to the headteacher twice about his support, nothing has changed. what now?"],
     "unhappy/school_route", "unhappy/after_head"),
    ("step_after_tried", ["his teacher never replies to me, who is above the teacher?"], "unhappy/school_route",
     "role/senco"),
    # b59: "is the send tribunal run by the council? feels pointless appealing to them" (here in other words)
    ("tribunal_whose", ["isnt the tribunal just part of the council anyway?"], "service/what_can_appeal",
     "service/tribunal"),
    # a second try-out: "we moved from leeds to york, son has ehcp" ... "does the plan move with us" had been told an
    # IDP or a CSP is not an EHC plan (here in other words)
    ("moved_within_england", ["just moved from bristol to bath with my daughter, she has an ehcp",
                              "what happens to her plan now"], "choices/moved_to_england", "service/sendiass"),
    # tried by hand: "...got a ehcap but the school say its not there job to do the ot" ... "so who's job is it"
    ("therapy_in_plan", ["hes got an ehcap with speech therapy in it, school wont do it", "who's job is it then"], "",
     "ehc/therapy_is_education"),
    ("part_time_timetable", ["the head wants him in for afternoons only from next week", "i agreed because i was "
                             "panicking. am i stuck with it now?"], "", "school/part_time_timetable"),
    ("part_time_timetable", ["school have put my son on a part time timetable, 9 till 11 only. been like this 6 weeks"],
     "unhappy/no_school_place", "school/part_time_timetable"),
    ("suspensions_adding_up", ["my kid got excluded again, 3rd time this term, 4 days each time", "what can i do"],
     "school/exclusion_challenge", "school/exclusion_governors"),
    ("suspensions_adding_up", ["my kid got excluded again, 3rd time this term, 4 days each time"],
     "school/exclusion_challenge", "school/exclusion_governors"),
    ("moved_to_england", ["we moved from cardiff last month, my daughter had an IDP in wales", "does it carry over"],
     "choices/wales", "choices/moved_to_england"),
    ("moved_to_england", ["we came down from glasgow in the summer, he had a csp"], "choices/scotland",
     "choices/moved_to_england"),
    # b54: the mediation's own timescales, and the discrimination advice line, after what the parent said before
    ("mediation_how_long", ["they wont issue a plan and we're going for mediation", "how soon do they have to "
                            "arrange it"], "ehc/refused_to_issue", "service/mediation_timescales"),
    ("discrimination_helpline", ["the school wont let him on trips because hes in a wheelchair, its discrimination",
                                 "any advice line we can call about that"], "unhappy/discrimination", "service/eass"),
    ("discrimination_helpline", ["any helpline for discrimation, they wont let her on the trip"], "role/overview",
     "service/eass"),
    ("discrimination_helpline", ["is there a helpline for disability discrimination at school"], "role/overview",
     "service/eass"),
    # a try-out: a role asked for by name, a head who will not talk, a plan ended for age, whose job the plan is
    ("plan_help_not_given", ["her plan says an hour of OT a week, she's had none since easter, what do i do"],
     "ehc/section_f_vague", "ehc/section_f_duty"),
    ("school_says_no_plan", ["the senco said we don't do ehcps here", "can she say that?"], "",
     "ehc/request_assessment"),
    ("role_asked_by_name", ["what does the council sen team actually do"], "role/senco", "role/local_authority"),
    ("role_asked_by_name", ["so what does a TA even do"], "role/class_teacher", "role/teaching_assistant"),
    ("role_asked_by_name", ["what does the LA actualy do"], "glossary/la", "role/local_authority"),
    # b57: "whats a senco actually meant to do? ours just seems to send emails" (here in other words)
    ("role_asked_by_name", ["what is a governor supposed to do? ours never reply"], "unhappy/school_route",
     "role/governors"),
    ("role_asked_by_name", ["headteacher refuses to meet me, says go to the senco, can he do that"],
     "meetings/bring_someone", "role/headteacher"),
    ("plan_ended_for_age", ["shes 20 and the council are trying to stop her plan cos of her age"], "rights/young_people",
     "choices/plan_ending"),
    ("whose_job_in_plan", ["who makes sure her ehcp is actually followed in school"], "rights/young_people",
     "ehc/section_f_duty"),
]


def _asked(said: list[str], chosen: str, services: tuple[str, ...] = ()) -> Asked:
    return Asked(said[-1], tuple(said[:-1]), chosen, services)


@pytest.mark.parametrize(("rule", "said", "chosen", "answer"), EXAMPLES,
                         ids=[e[0] for e in EXAMPLES])
def test_each_rule_gives_its_answer(rule: str, said: list[str], chosen: str, answer: str) -> None:
    rerouted = reroute(_asked(said, chosen))
    assert rerouted is not None and (rerouted.rule, rerouted.key) == (rule, answer)


def test_a_named_service_is_the_answer_to_who_it_helps() -> None:
    asked = _asked(["can sendiass help me or is it just for parents?"], "role/overview", ("sendiass",))
    assert reroute(asked) == Rerouted("service/sendiass", "who_a_service_helps")
    # no service named: the classifier's choice stands
    assert reroute(_asked(["can sendiass help me or is it just for parents?"], "role/overview")) is None


def test_is_that_true_alone_after_an_answer_is_about_that_answer() -> None:
    said = ("school say they cant put any support in until shes diagnosed with dyslexia", "is that true")
    asked = Asked(said[1], said[:1], "choices/college_support", (), "family/no_diagnosis")
    assert reroute(asked) == Rerouted("family/no_diagnosis", "bare_check")
    for check in ("thats not allowed is it", "can they even do that?", "is that legal", "really? is that right"):
        assert reroute(Asked(check, said[:1], "glossary/ehcp", (), "school/informal_exclusion")) == Rerouted(
            "school/informal_exclusion", "bare_check"), check
    # more than the check, or nothing read: the classifier's choice stands
    assert reroute(Asked("is that true for academies too", said[:1], "school/academies", (),
                         "family/no_diagnosis")) is None
    assert reroute(Asked("is that true", said[:1], "glossary/ehcp", (), "")) is None


def test_how_do_i_appeal_after_a_refusal_told_is_the_challenge_to_the_answer_read() -> None:
    said = ("can my daughter get free transport to her special school", "they said no because we are under 3 miles",
            "how do i appeal")
    asked = Asked(said[-1], said[:-1], "service/tribunal", (), "school/transport_eligibility")
    assert reroute(asked) == Rerouted("school/transport_challenge", "if_refused")
    # no refusal told: an appeal asked about in general keeps the classifier's choice
    assert reroute(Asked("how do i appeal", said[:1], "service/tribunal", (), "school/transport_eligibility")) is None


def test_how_do_i_stop_it_after_the_plan_at_19_is_the_appeal_against_ending_it() -> None:
    said = ("i'm 19 and the council says my ehcp is ending because im too old", "can they do that?", "how do i stop it")
    asked = Asked(said[-1], said[:-1], "ehc/refused_assessment", (), "choices/plan_after_19")
    assert reroute(asked) == Rerouted("choices/plan_ending", "if_refused")


def test_the_rules_sure_enough_to_answer_an_unsure_pick_exist() -> None:
    assert SURE_RULES <= {rule.__name__.lstrip("_") for rule in RULES}


def test_every_rule_has_an_example() -> None:
    named = {e[0] for e in EXAMPLES} | {"who_a_service_helps", "unhappy_with_whom", "diagnosis_for_benefit",
                                        "bare_check"}
    assert {rule.__name__.lstrip("_") for rule in RULES} == named


@pytest.mark.parametrize(("said", "chosen"), [
    (["what does a senco do?"], "role/senco"),
    # the review panel after a permanent exclusion cannot order it: its own answer, not the governors' meeting
    (["we're going to an independent review panel about my daughters permanent exclusion",
      "if we win can they make the school take her back"], "school/irp"),
    (["how long does mediation take?"], "service/mediation_timescales"),  # already the timescales
    (["the governors upheld it"], "school/exclusion_governors"),
    # help without a plan: the school's, not section F ("who is right" is whose job only with a plan)
    (["school says the council should pay for his OT, council says school. no ehcp, just sen support. who is right"],
     "funding/without_plan"),  # not a question, and no permanent exclusion
    (["im 17 and starting at a new college, do i get transport"], "school/transport_post16"),  # already that age
    (["his class teacher sent him home at lunch", "what is an ehcp?"], "glossary/ehcp"),
    (["the TA laughs at him when he stammers", "what is an ehcp?"], "glossary/ehcp"),  # a new question
    (["we want to home educate him", "do i have to teach him myself?"], "school/home_education"),  # no exclusion
    (["my son is 17 and has an ehcp", "can he appeal himself?"], "rights/young_people"),  # a parent asking
    (["his ehcp says he gets OT twice a week", "is that enough?"], "role/ot"),
    # who may appeal when the council ends a plan: the young person's rights and capacity, not the ending
    (["she's 20 and the council want to cease her plan, can i appeal on her behalf?"], "rights/young_people"),
    # help on SEN support (no EHC plan) not given: the school's, not the council's duty; a vague plan is not help
    # missing
    (["he's on sen support and his plan says phonics 3 times a week", "it hasn't happened since september"],
     "unhappy/school_route"),
    (["section f of the draft just says 'access to support', no hours at all", "is that allowed?"],
     "ehc/section_f_vague"),
])
def test_the_classifiers_choice_stands_when_no_rule_applies(said: list[str], chosen: str) -> None:
    assert reroute(_asked(said, chosen)) is None


def test_a_buttons_payload_is_never_rerouted() -> None:
    assert reroute(_asked(["/faq{\"faq_key\": \"service/mediation\"} how long"], "service/mediation")) is None


def test_a_family_that_moved_to_england_keeps_englands_answers() -> None:
    """"We moved from Cardiff" ... "how do I get an EHCP?": England's answer, not Wales's (they live here now)."""
    rerouted = reroute(_asked(["we moved from cardiff in september", "how do i get an ehcp for her"],
                              "ehc/request_assessment"))
    assert rerouted is None or rerouted.key == "ehc/request_assessment"
    # still living in Wales: Wales's own system
    assert reroute(_asked(["we live in cardiff", "how do i get an ehcp for her"], "ehc/request_assessment")) == \
        Rerouted("choices/wales", "other_nation")


def test_a_short_follow_up_is_about_the_answer_just_read() -> None:
    """"What if they say no?" after the personal budget answer: its refusal, whatever answer the words were nearest
    to (read with the message before, "...speech therapy..." had picked the therapist's answer)."""
    asked = Asked("what if they say no", ("can i get the money for his speech therapy and pay a therapist myself",),
                  "role/salt", (), "family/personal_budget")
    assert reroute(asked) == Rerouted("family/personal_budget_refused", "if_refused")
    after_transport = Asked("how long does that take", ("they turned down his transport",), "ehc/timescales", (),
                            "school/transport_eligibility")
    assert reroute(after_transport) == Rerouted("school/transport_challenge", "timescales")
    # a long message is a new question, not a follow-up
    long = Asked("what if they say no to the assessment for my son who has autism and adhd and is struggling", (),
                 "ehc/request_assessment", (), "family/personal_budget")
    assert reroute(long) == Rerouted("ehc/refused_assessment", "if_refused")


def test_who_they_are_unhappy_with_after_the_list_of_routes_is_that_route() -> None:
    """"I'm unhappy" (the routes, by who) ... "with the school": the school's route, not the school's role."""
    asked = Asked("with the school", ("I'm unhappy",), "role/headteacher", (), "unhappy/overview")
    assert reroute(asked) == Rerouted("unhappy/school_route", "unhappy_with_whom")
    assert reroute(Asked("the council", ("im unhappy",), "role/local_authority", (), "unhappy/overview")) == \
        Rerouted("unhappy/la_decision", "unhappy_with_whom")
    # not after that list, or a question of its own: the classifier's choice stands
    assert reroute(Asked("with the school", ("hello",), "role/headteacher", (), "")) is None


def test_no_diagnosis_after_the_benefits_answer_is_about_dla() -> None:
    """"Any money help for us?" (benefits) ... "we don't have a formal diagnosis yet though": DLA needs none."""
    asked = Asked("we dont have a formal diagnosis yet though", ("is there any money help for us",),
                  "family/no_diagnosis", (), "family/benefits_overview")
    assert reroute(asked) == Rerouted("family/dla", "diagnosis_for_benefit")
    assert reroute(Asked("we dont have a formal diagnosis yet though", ("hello",), "family/no_diagnosis")) is None
    waiting = Asked("were still waiting on the assessment", ("can i claim anything for my son hes 6 and has adhd",),
                    "family/nhs_assessment", (), "family/benefits_overview")
    assert reroute(waiting) == Rerouted("family/dla", "diagnosis_for_benefit")


def test_an_age_said_after_the_transport_answer_is_that_ages_transport() -> None:
    """"I live in Scunthorpe, need help with school transport" ... "he's 17 now and at college": 16 to 18's rules."""
    asked = Asked("he's 17 now and at college", ("need help with school transport",), "adulthood/college", (),
                  "school/transport_eligibility")
    assert reroute(asked) == Rerouted("school/transport_post16", "transport_for_age")


def test_a_council_officer_who_told_something_is_not_a_question_about_who_they_are() -> None:
    told = Asked("council officer told me my daughters plan 'automatically stops at 19, thats the rule'", (),
                 "adulthood/plan_after_19")
    rerouted = reroute(told)
    assert rerouted is None or rerouted.rule != "council_person"


def test_a_young_person_asking_how_long_gets_the_time_not_their_rights() -> None:
    """"I'm 18 and appealing my own EHCP ... how long until they send me the certificate?": the certificate's time."""
    asked = Asked("im 18 and appealing my own ehcp. i told the mediation adviser i dont want mediation, how long until "
                  "they send me the certificate", (), "service/mediation_timescales")
    rerouted = reroute(asked)
    assert rerouted is None or rerouted.rule != "young_person_asking"


def test_how_do_i_complain_after_the_councils_duty_for_help_in_a_plan_is_the_councils_complaints() -> None:
    """Therapy in the plan not given, "the school says its the nhs" ... "how do i complain": the council's duty, so
    the council's complaints process and the Ombudsman, not the school's complaints route."""
    said = ("the OT in his plan hasnt happened all term", "school says its the nhs job not theirs", "how do i complain")
    asked = Asked(said[-1], said[:-1], "unhappy/school_route", (), "ehc/section_f_duty")
    assert reroute(asked) == Rerouted("unhappy/la_failure", "council_complaint")


def test_they_said_no_straight_after_an_answer_with_a_refusals_answer_is_that_answer() -> None:
    """"can we get a personal budget for his ehcp" ... "they said no": what to do when it is refused."""
    asked = Asked("they said no", ("can we get a personal budget for his ehcp",), "glossary/personal_budget", (),
                  "glossary/personal_budget")
    assert reroute(asked) == Rerouted("family/personal_budget_refused", "if_refused")
    # a longer story with a refusal in it is not this follow-up
    story = Asked("they said no to the assessment last year but now the school is asking again, what do we do",
                  ("can we get a personal budget for his ehcp",), "ehc/request_assessment", (),
                  "glossary/personal_budget")
    assert reroute(story) != Rerouted("family/personal_budget_refused", "if_refused")


def test_how_to_challenge_after_the_council_says_he_cant_get_transport_is_the_councils_review() -> None:
    """Tried by a newcomer: "council says my son cant get school transport" ... "how do i appeal" had been the SEND
    Tribunal's appeal form (here in other words)."""
    asked = Asked("how can i challenge that", ("the la told me she cant have a bus pass, we are 2.5 miles away",),
                  "service/how_to_appeal", read="school/transport_distance")
    assert reroute(asked) == Rerouted("school/transport_challenge", "if_refused")


def test_a_nursery_sending_a_child_home_keeps_the_early_years_answer() -> None:
    """Chosen already, the early years answer is not turned into the school rules on sending a child home."""
    assert reroute(_asked(["nursery want me to pick her up at 11 every day, shes 3"],
                          "choices/early_years_support")) is None
    # tried by hand: misspelt, the school rules chosen by the classifier
    assert reroute(_asked(["nursery keep calling me to colect my 2yo at lunch"], "school/informal_exclusion")) == \
        Rerouted("choices/early_years_support", "sent_home_early")
