"""Privacy that holds (`make security`): 50 kinds of personal data typed into the real assistant over REST,
socket.io and the hand-off form, then every byte of both databases (tracker.db, send.db and their -wal and
-shm files) and everything the servers logged is searched for them: none may be found.

The hand-off form's own answers (the name, email or phone and the best time an adviser should use) are kept
in the enquiry by design, for the adviser; they must never reach the conversation store or the logs, and when
the parent says "stop" or "delete my conversation" they must be gone from the database files too.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from dataclasses import dataclass

import pytest

from tests.security.probe import Probe
from tests.support.running_bot import RunningBot


@dataclass(frozen=True)
class Kind:
    kind: str
    typed: str  # a message containing it, as a parent would write it
    value: str  # the personal data itself (in `typed`)
    also: tuple[str, ...] = ()  # other forms it could be stored in (a date of birth as an ISO date)


KINDS = [
    # emails
    Kind("email", "my email is parent.kestrel@example.com", "parent.kestrel@example.com"),
    Kind("email in capitals", "EMAIL ME ON KESTREL.MUM@EXAMPLE.CO.UK", "KESTREL.MUM@EXAMPLE.CO.UK"),
    Kind("email with +tag", "it's kestrel+send@mail.example.org thanks", "kestrel+send@mail.example.org"),
    Kind("email with apostrophe", "o'kestrel.dad@example.net is my email", "o'kestrel.dad@example.net"),
    Kind("email with digits", "write to kestrel_gran99@example.ac.uk", "kestrel_gran99@example.ac.uk"),
    Kind("email on a gov.uk subdomain", "k.estrel-carer@sub.example.gov.uk for work stuff",
         "k.estrel-carer@sub.example.gov.uk"),
    Kind("email in angle brackets", "Kestrel Aunt <kestrel.aunt@example.com>", "kestrel.aunt@example.com"),
    Kind("email ending a sentence", "you can reach me at kestrel.full@example.com.", "kestrel.full@example.com"),
    # UK phone numbers
    Kind("mobile, spaced", "call me on 07700 900401", "07700 900401"),
    Kind("mobile, unspaced", "my number 07700900402", "07700900402"),
    Kind("mobile, +44 spaced", "ring +44 7700 900403 after 3", "+44 7700 900403"),
    Kind("mobile, +44 unspaced", "whatsapp me +447700900404", "+447700900404"),
    Kind("mobile, +44 (0)", "phone +44 (0)7700 900405", "+44 (0)7700 900405"),
    Kind("mobile, dashes", "text 07700-900-406 please", "07700-900-406"),
    Kind("London landline", "home phone 020 7946 0407", "020 7946 0407"),
    Kind("Leeds landline", "call 0113 496 0408 in the day", "0113 496 0408"),
    Kind("Manchester landline", "work number is 0161 496 0409", "0161 496 0409"),
    Kind("landline, bracketed code", "(020) 7946 0410 is the house", "(020) 7946 0410"),
    Kind("mobile, 0044", "my husband is on 0044 7700 900411", "0044 7700 900411"),
    Kind("mobile, 3-3 groups", "07700 900 412 is my mobile", "07700 900 412"),
    Kind("landline, 5-digit code", "01632 960413 evenings", "01632 960413"),
    Kind("mobile, dots", "ring 07700.900.414", "07700.900.414"),
    Kind("mobile, +44 dashes", "call +44-7700-900415", "+44-7700-900415"),
    Kind("mobile, digit by digit", "my number is 0 7 7 0 0 9 0 0 4 1 6", "0 7 7 0 0 9 0 0 4 1 6"),
    # postcodes
    Kind("postcode", "we live in HU1 3QX", "HU1 3QX"),
    Kind("postcode, lower case", "our postcode is ls2 7qb", "ls2 7qb"),
    Kind("postcode, no space", "address M145RZ", "M145RZ"),
    Kind("postcode, London", "EC1A 1BB is near us", "EC1A 1BB"),
    Kind("postcode, Birmingham", "b33 8th is my postcode", "b33 8th"),
    # National Insurance numbers
    Kind("NI number, spaced", "my NI number is JG 10 37 59 A", "JG 10 37 59 A"),
    Kind("NI number, unspaced", "NI JG103760B", "JG103760B"),
    Kind("NI number, lower case", "national insurance jg 10 37 61 c", "jg 10 37 61 c"),
    Kind("NI number, dashes", "his NI is AB-12-34-56-C", "AB-12-34-56-C"),
    Kind("NI number, HMRC's example prefix", "NI no QQ 12 34 57 D", "QQ 12 34 57 D"),
    # card numbers
    Kind("card, spaced", "my card is 4111 1111 1111 1111", "4111 1111 1111 1111"),
    Kind("card, dashes", "card 5500-0000-0000-0004 for the fee", "5500-0000-0000-0004"),
    Kind("card, unspaced", "pay with 4012888888881881", "4012888888881881"),
    Kind("card, Amex groups", "amex 3714 496353 98431", "3714 496353 98431"),
    Kind("card, Discover", "card number 6011 0009 9013 9424", "6011 0009 9013 9424"),
    # NHS numbers
    Kind("NHS number, 3-3-4", "his NHS number is 943 476 5919", "943 476 5919"),
    Kind("NHS number, unspaced", "nhs no 9434765870", "9434765870"),
    Kind("NHS number, dashes", "NHS 943-476-5862", "943-476-5862"),
    Kind("NHS number, another", "her nhs number 401 023 2137", "401 023 2137"),
    # dates of birth
    Kind("date of birth, slashes", "he was born on 12/03/2015", "born on 12/03/2015", ("2015-03-12",)),
    Kind("date of birth, words", "DOB: 3rd March 2016", "3rd March 2016", ("2016-03-03",)),
    Kind("date of birth, ISO", "date of birth 2015-07-14", "2015-07-14"),
    Kind("birthday", "her birthday is 14 July", "birthday is 14 July"),
    Kind("date of birth, dots", "d.o.b 01.02.2014", "01.02.2014", ("2014-02-01",)),
    Kind("date of birth, short month", "she was born 5 Sept 2013", "5 Sept 2013", ("2013-09-05",)),
    Kind("date of birth, two-digit year", "DOB 14/07/15", "14/07/15", ("2015-07-14",)),
]
assert len({k.kind for k in KINDS}) == 50 == len(KINDS)


def skeleton(text: str) -> re.Pattern[bytes]:
    """The letters and digits of `text` in order, whatever separates them (up to 3 bytes), any case: a value
    stored reformatted ("07700900401" for "07700 900401") is still found. Values of fewer than 8 letters and
    digits ("HU1 3QX", "14/07/15") are looked for as typed: so short a skeleton could match by chance."""
    chars = [re.escape(c.encode()) for c in text.lower() if c.isalnum()]
    if len(chars) < 8:
        return re.compile(re.escape(text.lower().encode()))
    return re.compile(b"[^0-9a-z]{0,3}".join(chars))


def patterns(kind: Kind) -> list[re.Pattern[bytes]]:
    found = [skeleton(kind.value), *(skeleton(other) for other in kind.also)]
    digits = "".join(c for c in kind.value if c.isdigit())
    if len(digits) >= 10:  # a phone number stored as +44...: its last 10 digits
        found.append(skeleton(digits[-10:]))
    return found


def places(probe: Probe) -> dict[str, bytes]:
    """Every database file, and everything logged, lower case."""
    found = {path.name: path.read_bytes().lower() for path in probe.database_files()}
    found["server logs"] = probe.logged().encode().lower()
    return found


def where(text: str | Kind, probe: Probe) -> dict[str, str]:
    """Where it was found: file name (or "server logs") -> what surrounds the first find."""
    kind = text if isinstance(text, Kind) else Kind("", text, text)
    found = {}
    for name, data in places(probe).items():
        for pattern in patterns(kind):
            if match := pattern.search(data):
                found[name] = data[max(0, match.start() - 150):match.end() + 50].decode(errors="replace")
                break
    return found


def say_over_socketio(url: str, messages: list[str]) -> None:
    """A socket.io client (as Rasa's own web widget talks), one message at a time, each answered."""
    import socketio

    client = socketio.Client()
    replies: list[dict] = []
    confirmed = threading.Event()
    client.on("bot_uttered", lambda data: replies.append(data))
    client.on("session_confirm", lambda *_: confirmed.set())
    client.connect(url, transports=["polling"])
    session_id = uuid.uuid4().hex
    client.emit("session_request", {"session_id": session_id})
    assert confirmed.wait(30), "no socket.io session"
    for message in messages:
        count = len(replies)
        client.emit("user_uttered", {"message": message, "session_id": session_id})
        deadline = time.monotonic() + 30
        while len(replies) == count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(replies) > count, f"no reply over socket.io to {message!r}"
    time.sleep(1)  # the last replies of the last turn
    client.disconnect()


# The hand-off form's answers that are kept for the adviser (and only there).
HANDOFF_NAME = "Zebedee Quuxington"
HANDOFF_EMAIL = "zebedee.quuxington@example.com"
STOPPED_NAME = "Ottoline Stopford-Vane"
DELETED_NAME = "Xanthe Brightwater-Quill"


@pytest.fixture(scope="module")
def seeded(probe: Probe) -> Probe:
    """Every kind over REST (a few as "/intent{...}" payloads), every kind over socket.io, several in
    hand-off forms: in the summary of a sent enquiry, and as the answers of hand-offs stopped or deleted."""
    bot = probe.bot
    assert all(not where(kind, probe) for kind in KINDS), "seeded values found before seeding: pick others"
    for i, kind in enumerate(KINDS):
        chat = bot.conversation()
        if i % 10 == 0:  # as a button payload would carry it
            chat.say('/greet{"note": "' + kind.typed.replace('"', "") + '"}')
        chat.say(kind.typed)
        chat.say("what does a senco do")
    say_over_socketio(bot.rasa_url, [kind.typed for kind in KINDS])
    # A sent enquiry: what the parent writes "in their own words" is redacted in the enquiry too.
    chat = bot.conversation()
    assert "Would you like me to pass it on?" in chat.say("can I speak to a real person please")
    chat.say("yes")
    assert "How should they contact you" in chat.say(HANDOFF_NAME)
    assert "good time" in chat.say(HANDOFF_EMAIL)
    assert "council area" in chat.say("weekday mornings")
    assert "own words" in chat.say("Hull")
    summary = "; ".join(k.typed for k in KINDS[::5])  # ten kinds, one of each sort
    assert "Check your answers" in chat.say(summary[:990])  # shown to the parent, never stored
    assert re.search(r"SEND-[A-Z0-9]{6}", chat.say("yes"))
    # Answers to hand-offs that were then stopped, or deleted: gone with them.
    for name, contact, best_time, leave in [
        (STOPPED_NAME, f"{KINDS[1].value} or {KINDS[9].value}", f"after 6, or {KINDS[14].value}", "stop"),
        (DELETED_NAME, f"{KINDS[2].value} or {KINDS[10].value}", f"mornings, or {KINDS[15].value}",
         "delete my conversation"),
    ]:
        chat = bot.conversation()
        chat.say("can I speak to a real person please")
        chat.say("yes")
        assert "How should they contact you" in chat.say(name)
        assert "good time" in chat.say(contact)
        assert "council area" in chat.say(best_time)
        reply = chat.say(leave)
        assert "stopped" in reply or "deleted" in reply, reply
    time.sleep(2)  # anything written after the last reply
    return probe


@pytest.mark.parametrize("kind", KINDS, ids=[k.kind for k in KINDS])
def test_no_personal_data_in_the_databases_or_the_logs(seeded: Probe, kind: Kind) -> None:
    assert where(kind, seeded) == {}, f"{kind.kind} ({kind.value!r}) was stored or logged"


def test_hand_off_answers_are_kept_for_the_adviser_only(seeded: Probe) -> None:
    """The name and email of the sent enquiry are in the enquiry (send.db) and nowhere else; those of the
    hand-offs that were stopped or deleted are nowhere."""
    for value in (HANDOFF_NAME, HANDOFF_EMAIL):
        found = where(value, seeded)
        assert found and all(name.startswith("send.db") for name in found), (value, found)
    for value in (STOPPED_NAME, DELETED_NAME):
        assert where(value, seeded) == {}, value


def test_the_probe_can_find_what_it_looks_for(seeded: Probe) -> None:
    """The search itself works: what a parent types that is not personal data is stored (the conversation is
    kept), and a value written reformatted is still found."""
    assert "tracker.db" in " ".join(where("what does a senco do", seeded))
    assert skeleton("07700 900401").search(b'{"text": "07700900401"}')
    assert skeleton("QQ 12 34 57 D").search(b"qq123457d")


def test_logs_never_contain_what_parents_type(bot: RunningBot) -> None:
    marker = "zebracrossing" + uuid.uuid4().hex[:8]
    chat = bot.conversation()
    chat.say(f"my son {marker} needs help, my email is {marker}@example.com")
    chat.say("can I speak to a real person please")
    chat.say("yes")
    chat.say(f"Jo {marker}")
    time.sleep(1)
    logged = "".join(bot.output)
    assert "INFO" in logged  # the servers do log, at INFO
    assert marker not in logged


def test_delete_my_conversation_removes_what_was_said(probe: Probe) -> None:
    chat = probe.bot.conversation()
    chat.say("my son is scared of the zebra crossing by school, what does a senco do")
    assert any("zebra crossing" in data for data in probe.stored_texts(chat.sender))
    assert "deleted this conversation" in chat.say("please delete my conversation")
    assert not any("zebra crossing" in data for data in probe.stored_texts(chat.sender))
    assert "SENCO" in chat.say("what does a senco do")  # and the conversation carries on


def pending_rows(probe: Probe) -> int:
    """Details typed into the hand-off form and not yet sent."""
    import sqlite3

    with sqlite3.connect(probe.send_db) as connection:
        return int(connection.execute("SELECT count(*) FROM pending_contacts").fetchone()[0])


def test_delete_my_conversation_inside_the_hand_off_deletes_everything(probe: Probe) -> None:
    """Not saved as the answer to "what name?" or "a good time?": the conversation and the details
    already typed both go."""
    chat = probe.bot.conversation()
    before = pending_rows(probe)
    chat.say("can I speak to a real person please")
    chat.say("yes")
    chat.say("Zebedee Quux")
    chat.say("zebedee.quux@example.com")
    assert pending_rows(probe) == before + 1
    assert "deleted this conversation" in chat.say("delete my conversation")
    assert pending_rows(probe) == before
    stored = probe.stored_texts(chat.sender)
    assert stored == [] or not any("Zebedee" in d or "quux" in d for d in stored)
