"""The redacting tracker store: Rasa's SQL store semantics (sessions, no duplicates) with personal data
redacted before it is written."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Restarted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_addons.tracker_store import RedactingSQLTrackerStore

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet]
slots:
  area_name:
    type: text
    mappings: [{type: custom}]
""")


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RedactingSQLTrackerStore:
    monkeypatch.setenv("SEND_TRACKER_DB_URL", f"sqlite:///{tmp_path}/tracker.db")
    return RedactingSQLTrackerStore(domain=DOMAIN)


def run(coroutine):  # type: ignore[no-untyped-def]
    return asyncio.run(coroutine)


def test_saves_once_keeps_the_latest_session_and_redacts(store: RedactingSQLTrackerStore) -> None:
    tracker = DialogueStateTracker.from_events("s1", [
        SessionStarted(timestamp=1), ActionExecuted("action_listen", timestamp=2),
        UserUttered("old session", timestamp=3),
    ], DOMAIN.slots)
    run(store.save(tracker))
    run(store.save(tracker))  # saving again adds nothing
    tracker = run(store.retrieve("s1"))  # as Rasa does each turn: the latest session only
    assert len(tracker.events) == 3
    for event in [SessionStarted(timestamp=10), ActionExecuted("action_listen", timestamp=11),
                  UserUttered("call me on 07911 123456 or jo@example.com", timestamp=12),
                  SlotSet("area_name", "Hull", timestamp=13)]:
        tracker.update(event)
    run(store.save(tracker))

    latest = run(store.retrieve("s1"))
    assert latest.events[0].type_name == "session_started"
    assert latest.get_slot("area_name") == "Hull"
    text = next(e.text for e in latest.events if isinstance(e, UserUttered))
    assert "07911" not in text and "jo@example.com" not in text
    full = run(store.retrieve_full_tracker("s1"))
    assert len(full.events) == 7
    with store.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT data FROM events WHERE sender_id = 's1'")).scalars().all()
    assert len(rows) == 7
    assert not any("07911" in json.loads(row).get("text", "") for row in rows)


def test_unknown_sender_is_none(store: RedactingSQLTrackerStore) -> None:
    assert run(store.retrieve("nobody")) is None


def test_a_turn_saves_only_its_own_events(store: RedactingSQLTrackerStore) -> None:
    """Another tracker object for the same conversation (not from retrieve) is counted against the database."""
    events = [SessionStarted(timestamp=1), ActionExecuted("action_listen", timestamp=2),
              UserUttered("my son is called Sam Smith", timestamp=3)]
    run(store.save(DialogueStateTracker.from_events("s2", events, DOMAIN.slots)))
    other = DialogueStateTracker.from_events("s2", [*events, ActionExecuted("utter_greet", timestamp=4)],
                                             DOMAIN.slots)
    run(store.save(other))
    tracker = run(store.retrieve("s2"))
    assert len(tracker.events) == 4


def stored_names(store: RedactingSQLTrackerStore, sender: str) -> list[str]:
    with store.engine.connect() as connection:
        return list(connection.execute(sa.text("SELECT coalesce(action_name, type_name) FROM events "
                                               "WHERE sender_id = :s ORDER BY id"), {"s": sender}).scalars())


def delete_turn(tracker: DialogueStateTracker, at: float) -> None:
    """What the turn "delete my conversation" adds: the action, its reply, the Restarted it returns."""
    tracker.update(UserUttered("delete my conversation", timestamp=at))
    tracker.update(ActionExecuted("action_delete_conversation", timestamp=at + 1))
    tracker.update(BotUttered("I've deleted this conversation.", timestamp=at + 2))
    tracker.update(Restarted(timestamp=at + 3))
    tracker.update(ActionExecuted("action_listen", timestamp=at + 4))


def test_delete_my_conversation_is_carried_out_by_the_store(store: RedactingSQLTrackerStore) -> None:
    """The action server only returns Restarted; the store that owns the conversation deletes every stored
    event (earlier sessions too) and keeps only what comes after the restart."""
    run(store.save(DialogueStateTracker.from_events("s4", [
        SessionStarted(timestamp=1), UserUttered("my son Sam has ADHD", timestamp=2)], DOMAIN.slots)))
    tracker = run(store.retrieve("s4"))
    tracker.update(SessionStarted(timestamp=3))
    run(store.save(tracker))
    tracker = run(store.retrieve("s4"))
    delete_turn(tracker, 10)
    run(store.save(tracker))
    assert stored_names(store, "s4") == ["action_listen"]
    # a restart the parent asked for ("start again") is not a deletion
    run(store.save(DialogueStateTracker.from_events("s5", [UserUttered("hi", timestamp=1)], DOMAIN.slots)))
    tracker = run(store.retrieve("s5"))
    tracker.update(ActionExecuted("action_restart", timestamp=2))
    tracker.update(Restarted(timestamp=3))
    run(store.save(tracker))
    assert "user" in stored_names(store, "s5")


def test_a_deletion_that_fails_is_done_at_the_next_turn(store: RedactingSQLTrackerStore) -> None:
    """Database down while deleting: the save fails (Rasa answers from memory meanwhile); the conversation is
    not read back, and the next save deletes it."""
    run(store.save(DialogueStateTracker.from_events("s6", [UserUttered("my son Sam", timestamp=1)],
                                                    DOMAIN.slots)))
    tracker = run(store.retrieve("s6"))
    delete_turn(tracker, 10)
    working = store.sessionmaker
    store.sessionmaker = lambda: (_ for _ in ()).throw(sa.exc.OperationalError("down", {}, Exception()))
    with pytest.raises(sa.exc.OperationalError):
        run(store.save(tracker))
    store.sessionmaker = working
    assert "user" in stored_names(store, "s6")  # still stored ...
    assert run(store.retrieve("s6")) is None  # ... but not read back
    fresh = DialogueStateTracker.from_events("s6", [ActionExecuted("action_listen", timestamp=20)], DOMAIN.slots)
    run(store.save(fresh))
    assert stored_names(store, "s6") == ["action_listen"]
    assert run(store.retrieve("s6")) is not None


def test_the_sqlite_connection_is_kept_between_turns(store: RedactingSQLTrackerStore) -> None:
    connects = []
    sa.event.listen(store.engine, "connect", lambda *_: connects.append(1))
    for turn in range(5):
        tracker = run(store.retrieve("s3")) or DialogueStateTracker.from_events("s3", [], DOMAIN.slots)
        tracker.update(ActionExecuted("action_listen", timestamp=turn + 1))
        run(store.save(tracker))
    assert len(connects) <= 1  # none per turn: at most the first (the indexes may have opened it at start)


def test_the_check_your_answers_message_is_shown_but_never_stored() -> None:
    from bot.domain.privacy import CHECK_YOUR_ANSWERS
    from rasa_addons.tracker_store import redact_event

    shown = {"event": "bot", "text": f"{CHECK_YOUR_ANSWERS}\nName: Priya Shah\nBest time: after school"}
    assert redact_event(shown, None)["text"] == CHECK_YOUR_ANSWERS


def test_a_response_sent_with_variables_is_stored_without_them(store: RedactingSQLTrackerStore) -> None:
    """Rasa puts every key of the action's message in the bot event's metadata: the hand-off summary's name and
    contact, a mistyped email repeated in an error reply. Only the response's name is kept."""
    tracker = DialogueStateTracker.from_events("s7", [
        UserUttered("my email is jo@example.com", timestamp=1),
        BotUttered("Check your answers", {"buttons": None},
                   {"utter_action": "utter_check_your_answers", "template": "utter_check_your_answers",
                    "name": "Jo Bloggs", "contact": "jo@example.com"}, timestamp=2),
        BotUttered(None, {"custom": {"forget": True}}, {"utter_action": None, "email": "jo@example.com"},
                   timestamp=3)], DOMAIN.slots)
    run(store.save(tracker))
    with store.engine.connect() as connection:
        stored = " ".join(connection.execute(sa.text("SELECT data FROM events WHERE sender_id = 's7'")).scalars())
    assert "jo@example.com" not in stored and "Jo Bloggs" not in stored
    assert '"utter_action": "utter_check_your_answers"' in stored


def test_the_events_table_gets_the_indexes_insights_and_retention_read_by(store: RedactingSQLTrackerStore) -> None:
    from bot.store import retention

    names = {index["name"] for index in sa.inspect(store.engine).get_indexes("events")}
    assert set(retention.EVENT_INDEXES) <= names
