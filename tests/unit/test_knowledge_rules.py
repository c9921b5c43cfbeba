"""Rules the knowledge must keep (issue 13's audit): facts the notes mark UNCONFIRMED are said with the caveat,
unverified contact details are caveated where they are shown, answers are short, and a few corrected
wordings stay corrected."""

from __future__ import annotations

import re

import pytest

from bot.domain import knowledge as kb
from bot.store.directory import Listing

K = kb.load()
CAVEAT = kb.UNCONFIRMED_CAVEAT.lower()
MAX_WORDS = 120  # the main text; the rest goes in `more:` ("Tell me more")

# Facts the notes (shared/domain/law-and-services.md, wider-topics.md) mark UNCONFIRMED, each with a pattern of
# how an answer would state it. An answer that states one must say "check with your local SENDIASS or IPSEA"
# and carry status: unconfirmed.
UNCONFIRMED_FACTS = [
    ("a diagnosis alone is not enough for exam access arrangements (wider-topics §10)",
     re.compile(r"diagnosis (alone|on its own)\b[^.]*\benough\b", re.I)),
    ("the EHC plan ends at university or in paid work (wider-topics §15; law-and-services §8)",
     re.compile(r"\b(plan|it)\b[^.]*\busually ends\b[^.]*\b(university|paid|job|work)\b|"
                r"\b(university|paid job)\b[^.]*\bplan usually ends\b", re.I)),
    ("Coram Child Law Advice's number (wider-topics §2, §21 item 6)", re.compile(r"0300 ?330 ?5485")),
    ("Contact's helpline number (law-and-services §7)", re.compile(r"0808 ?808 ?3555")),
    ("Contact's hours (law-and-services §7)", re.compile(r"9[.:]30 ?am (to|-|–) ?5 ?pm", re.I)),
    ("EASS's number (law-and-services §7)", re.compile(r"0808 ?800 ?0082")),
    ("the SEND Tribunal's newer phone and email (law-and-services §7)",
     re.compile(r"0300 ?303 ?5857|send@justice\.gov\.uk")),
    ("the County Court's time limit for discrimination claims (law-and-services §2)",
     re.compile(r"county court\b[^.]*\b(time limit|\d+ months|generally the same)", re.I)),
    ("the independent review panel's meeting deadline (wider-topics §2)",
     re.compile(r"panel (must )?meets?\b[^.]*\b\d+ (school )?days", re.I)),
    ("how long exam access approvals last (wider-topics §10)", re.compile(r"\b26 months\b", re.I)),
    ("when the 2026 Act's home-education rules start (wider-topics §7)",
     re.compile(r"Children's Wellbeing and Schools Act[^.]*\b(comes? into force|commenc\w*|starts?)\b", re.I)),
    ("NSPCC helpline hours (law-and-services §7)", re.compile(r"24 hours a day|8 ?am (to|-|–) ?10 ?pm", re.I)),
]


def _parts(answer: kb.Answer) -> list[str]:
    return [answer.text, answer.more or ""]


@pytest.mark.parametrize("fact,pattern", UNCONFIRMED_FACTS, ids=[f for f, _ in UNCONFIRMED_FACTS])
def test_an_unconfirmed_fact_is_only_stated_with_the_caveat(fact: str, pattern: re.Pattern[str]) -> None:
    for answer in K.answers.values():
        if any(pattern.search(part) for part in _parts(answer)):
            assert answer.status == "unconfirmed", f"{answer.key} states {fact} but is not status: unconfirmed"
            assert CAVEAT in answer.text.lower(), f"{answer.key} states {fact} without {kb.UNCONFIRMED_CAVEAT!r}"


def test_the_unconfirmed_table_finds_what_it_is_for() -> None:
    """Each pattern matches the words it was written for (so a pattern cannot silently match nothing)."""
    said = ["A diagnosis alone is not enough.", "It usually ends if they go to university or get some other paid job.",
            "call 0300 330 5485", "0808 808 3555", "Mon to Fri 9:30am to 5pm", "0808 800 0082", "0300 303 5857",
            "For the County Court it is generally the same", "the panel must meet within 15 days",
            "approvals are valid for 26 months", "the Children's Wellbeing and Schools Act 2026 comes into force",
            "24 hours a day"]
    for (fact, pattern), text in zip(UNCONFIRMED_FACTS, said, strict=True):
        assert pattern.search(text), fact


# A detail of an unverified services.yml entry is caveated where it is shown. The existing wording:
# "is listed as ..., but we could not confirm it ..." (the Samaritans line in the crisis messages: "listed as").
SHOWN_WITH_CAVEAT = re.compile(r"could not confirm|\blisted as\b", re.I)


def _unverified_details() -> dict[str, list[str]]:
    """service id -> the phone, email and web addresses of unverified entries that the notes do not confirm."""
    found = {}
    for ident, service in K.services.items():
        if service.get("status") != "unverified":
            continue
        confirmed = set(service.get("confirmed") or [])
        values = []
        for field in ("phone", "email", "url"):
            value = service.get(field)
            if value and field not in confirmed:
                values.append(str(value))
                bare = re.sub(r"^https?://(www\.)?", "", str(value)).rstrip("/")
                if field == "url" and "/" not in bare:
                    values.append(bare)  # "contact.org.uk" typed without the https://
        found[ident] = values
    return found


def test_the_unverified_services_are_the_ones_the_notes_could_not_confirm() -> None:
    details = _unverified_details()
    assert {"sendiass_finder", "contact", "eass", "tribunal", "coram_cla"} <= set(details)
    assert K.services["coram_cla"]["status"] == "unverified"  # wider-topics §21 item 6


def test_an_unverified_contact_detail_is_shown_with_a_caveat() -> None:
    details = _unverified_details()
    texts = [(f"answer {a.key}", part, a) for a in K.answers.values() for part in _parts(a)]
    texts += [(f"message {name}", m["text"], None) for name, m in K.messages.items()]
    shown = 0
    for where, text, answer in texts:
        for ident, values in details.items():
            if any(value in text for value in values):
                shown += 1
                assert SHOWN_WITH_CAVEAT.search(text), f"{where} shows {ident} (unverified) with no caveat"
                if answer is not None and any(value in answer.text for value in values):
                    assert answer.status == "unconfirmed", f"{where} shows {ident} but is not status: unconfirmed"
    assert shown >= 8


def test_older_council_guidance_is_never_said_of_a_national_service() -> None:
    national = Listing("EASS", None, "0808 800 0082", None, None, None, None, "unverified", "national", None)
    assert "older council guidance" not in national.describe().lower()
    assert "could not confirm" in national.describe()
    seed = Listing("KIDS Hull SENDIASS", None, None, None, None, None, None, "unverified", "seed", "Hull")
    assert "older council guidance" in seed.describe().lower()
    for answer in K.answers.values():
        assert "older council guidance" not in " ".join(_parts(answer)).lower(), answer.key
    for name, message in K.messages.items():
        assert "older council guidance" not in message["text"].lower(), name


@pytest.mark.parametrize("key", sorted(K.answers))
def test_every_answers_main_text_is_at_most_120_words(key: str) -> None:
    words = len(K.answers[key].text.split())
    assert words <= MAX_WORDS, f"{key}: {words} words; move the detail into `more:`"


def test_the_code_of_practice_is_never_something_bodies_must_follow() -> None:
    """Statutory guidance that bodies must "have regard to", not law they must follow."""
    code = re.compile(r"code of practice|\bthe code\b|\bCoP\b", re.I)
    for answer in K.answers.values():
        for sentence in re.split(r"(?<=[.!?])\s+|\n", " ".join(_parts(answer))):
            if code.search(sentence):
                assert not re.search(r"must (follow|obey|comply)", sentence, re.I), f"{answer.key}: {sentence!r}"
    assert "have regard to" in K.answers["glossary/cop"].text
    assert "say why" not in K.answers["glossary/cop"].text  # no source for it


@pytest.mark.parametrize("key", ["family/dla", "family/pip_at_16", "family/carers_allowance", "family/benefits_overview"])
def test_benefit_answers_give_no_amounts(key: str) -> None:
    """Rates change every April (wider-topics §11, §20): link to GOV.UK, never a figure."""
    answer = K.answers[key]
    assert "£" not in " ".join(_parts(answer)), key


NO_CERTIFICATE_FOR_SCHOOL = re.compile(r"only (about|disagree with) the school\b", re.I)


def test_the_certificate_exception_names_the_school_its_type_or_no_school() -> None:
    """No mediation certificate for an appeal only about the school or type of school named, or that no school
    is named (law-and-services §1.5): "only about the school named" alone is too narrow."""
    texts = {f"answer {a.key}": " ".join(_parts(a)) for a in K.answers.values()}
    texts |= {f"message {name}": m["text"] for name, m in K.messages.items()}
    found = 0
    for where, text in texts.items():
        for line in text.split("\n"):
            if NO_CERTIFICATE_FOR_SCHOOL.search(line):
                found += 1
                assert re.search(r"type of school", line, re.I), f"{where}: {line!r}"
                assert re.search(r"no school", line, re.I), f"{where}: {line!r}"
    assert found >= 4
    glossary = K.answers["glossary/mediation_certificate"].text
    assert "type of school" in glossary and "no school is named" in glossary


def test_traineeships_are_not_offered_as_a_current_option() -> None:
    """The national traineeships programme ended in 2023."""
    for answer in K.answers.values():
        assert "traineeship" not in " ".join(_parts(answer)).lower(), answer.key


def test_the_senco_answer_does_not_present_the_old_national_award() -> None:
    answer = K.answers["role/senco_qualification"]
    assert answer.status == "unconfirmed"
    assert not re.search(r"national award|nasenco|\bnational senco", " ".join(_parts(answer)), re.I)


def test_no_answer_calls_a_dated_jcq_edition_current() -> None:
    for answer in K.answers.values():
        text = " ".join(_parts(answer))
        assert not re.search(r"current edition runs|current edition is .*20\d\d", text, re.I), answer.key
