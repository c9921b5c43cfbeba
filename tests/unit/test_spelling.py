"""Misspelt words put right before the classifier reads a message (bot/domain/spelling.py)."""

from __future__ import annotations

import time

from bot.domain.spelling import Speller, written_punctuation

OWN = ["what is an ehcp", "who is the senco", "find my local sendiass", "pls help", "the assesment was refused"]


def test_a_misspelt_word_becomes_the_word_meant() -> None:
    speller = Speller(OWN)
    assert speller.correct("how do i apeal the ehcp") == "how do i appeal the ehcp"
    assert speller.correct("tribunel deadline pls") == "tribunal deadline pls"
    assert speller.correct("the councel wrote in novembr") == "the council wrote in november"
    assert speller.correct("theyre ignoring me") == "they're ignoring me"  # not "there"


def test_our_own_words_names_and_short_words_are_left_as_typed() -> None:
    speller = Speller(OWN)
    assert speller.correct("ehcp senco sendiass") == "ehcp senco sendiass"  # not "help", "secco", "sundials"
    assert speller.correct("the assesment") == "the assesment"  # a spelling the examples use
    assert speller.correct("wat r u") == "wat r u"
    assert speller.correct("my name is siobhan okonkwo") == "my name is siobhan okonkwo"


def test_a_long_message_of_unknown_words_costs_little() -> None:
    speller = Speller(OWN)
    started = time.perf_counter()
    speller.correct("qwertyuiop asdfghjkl zxcvbnm " * 200)
    assert time.perf_counter() - started < 2.0  # bounded: at most a dozen words are looked up


def test_terms_typed_letter_by_letter_or_misheard_by_voice_typing_are_the_terms() -> None:
    speller = Speller(OWN)
    assert speller.correct("do we need an e h c p for that") == "do we need an ehcp for that"
    assert speller.correct("i spoke to the sand co today") == "i spoke to the senco today"
    assert speller.correct("my friend said ring send ias") == "my friend said ring sendiass"
    assert speller.correct("they want an e p to see him") == "they want an EP to see him"
    assert speller.correct("he is sending coats to the charity") == "he is sending coats to the charity"


def test_letters_with_dots_are_the_term() -> None:
    from bot.domain.spelling import join_dotted

    assert join_dotted("the letter keeps mentioning the I.C.B") == "the letter keeps mentioning the ICB"
    assert join_dotted("the s.a.l.t. came in") == "the SALT came in"
    assert join_dotted("e.g. at 9 a.m.") == "e.g. at 9 a.m."  # two letters: left as typed


def test_appeal_and_tribunal_misheard_by_voice_typing_are_put_right() -> None:
    from bot.domain.spelling import SPLIT_TERMS

    text = "how do i a peel to the send tribal"
    for split, term in SPLIT_TERMS:
        text = split.sub(term, text)
    assert text == "how do i appeal to the SEND Tribunal"


def test_punctuation_said_to_voice_typing_becomes_the_marks() -> None:
    said = "my wife normally deals with this but shes in hospital full stop who is the case worker question mark"
    assert written_punctuation(said) == "my wife normally deals with this but shes in hospital. who is the case worker?"
    assert written_punctuation("yes comma thank you exclamation mark") == "yes, thank you!"
    for kept in ("put a comma after his name", "a trial period of six weeks", "what is a comma"):
        assert written_punctuation(kept) == kept


def test_our_own_terms_one_letter_out_are_the_terms() -> None:
    """b58: a parent with dyslexia wrote "ehcap", which is no English word; the term it is one letter from is ours.
    A word used only a few times in the examples (a typo someone kept) is not a term."""
    speller = Speller([*OWN, *["ehcp and sendiass"] * 5])
    assert speller.correct("how do i get an ehcap") == "how do i get an ehcp"
    assert speller.correct("the sendiasss number") == "the sendiass number"
    assert speller.correct("the assesmant") == "the assesmant"  # one letter from "assesment", used once: not a term


def test_meditation_is_mediation_here() -> None:
    """b58: "we decided to try meditation with the council": a real word, so no spell checker would put it right."""
    assert Speller(OWN).correct("we want meditation, the meditator rang") == "we want mediation, the mediator rang"
