"""Does a message ask for a person? ("Talk to a person", "I need help from a person", "can someone call me")
A person must always be one step away, so this is a rule as well as a trained intent."""

from __future__ import annotations

import re

PERSON = r"(?:a |an |some |one of your |your )?(?:real |actual |human |live |proper )?" \
         r"(?:person|human|someone|somebody|adviser|advisor|agent|staff|people|sendiass adviser)"
ASKS_FOR_A_PERSON = re.compile(
    rf"\b(?:talk|speak|chat|talking|speaking)\w* (?:to|with) {PERSON}\b"
    rf"|\b(?:help|advice) from {PERSON}\b"
    r"|\b(?:real|actual|live) (?:person|human)\b"
    r"|\b(?:someone|somebody|an adviser|an advisor) (?:to )?(?:call|ring|phone|email|contact) me\b"
    r"|\b(?:call|ring|phone) me back\b|\bcall ?back\b"
    r"|\bpass (?:this|it|me|my details) on\b"
    # "I need a human who actually knows my case", "we want a real adviser"
    r"|\b(?:need|want|wanna|would like|like) (?:a |an |to have a )?(?:real |actual |proper |live )?"
    r"(?:human|adviser|advisor)\b"
    # "i dont want a bot i need someone to talk to"
    r"|\b(?:need|want|wanna) (?:someone|somebody|a person|a human) to (?:talk|speak) (?:to|with)\b"
    r"|\b(?:don'?t|dont|do not) want (?:a |this |to (?:talk|speak) to (?:a |this )?)?(?:bot|robot|chatbot|computer|"
    r"machine)\b",
    re.I,
)
NOT_A_REQUEST = re.compile(
    r"\b(?:school|senco|teacher|head|council)\b.{0,30}\b(?:won'?t|wont|doesn'?t|never)\b"
    # "My 12 year old wants to talk to someone about the bullying": someone for the child, not an adviser for me.
    r"|\b(?:(?:he|she)(?:'?s)? (?:wants?|would like|needs?|wanted)|they (?:want|would like|need|wanted)|"
    r"(?:my|our) (?:\w+ ){0,2}\w+(?:'?s)? (?:wants|would like|needs|wanted)) (?:someone |somebody )?to "
    r"(?:talk|speak|chat)\b"
    # "Am I speaking to a real human?" asks whether this is a bot.
    r"|\b(?:am i|are you|is this|is it|r u)\b.{0,25}\b(?:real|actual|live|a) (?:person|human)\b"
    # "I need to talk to someone local, who do I contact?": a local service's contacts, not the hand-off form.
    r"|\b(?:someone|somebody|anyone|anybody|people|person|advisers?) local\b"
    r"|\bwho (?:do|should|can|could) (?:i|we) (?:contact|ring|call|phone)\b"
    # "what is ipsea's phone number? need to talk to someone about tribunal": that service's number
    r"|\b(?:phone |contact |their )?(?:number|phone|helpline|email|contact details)\b.{0,30}\b(?:for|of)\b"
    r"|\b(?:what'?s|what is|whats) (?:the |their |\w+'?s )?(?:phone )?(?:number|helpline)\b", re.I)
MAX_WORDS = 20


def asks_for_a_person(text: str) -> bool:
    text = text or ""
    if text.startswith("/") or len(text.split()) > MAX_WORDS:
        return False
    return bool(ASKS_FOR_A_PERSON.search(text)) and not NOT_A_REQUEST.search(text)
