""""Was this helpful?": a parent's yes or no to one answer, for the content team's insights (bot.store.insights).

Which answers carry a source and the question: every FAQ answer in knowledge/answers and every response in
knowledge/messages.yml that states facts, except those marked `show_source: false` there (crisis signposting,
where a source line and a survey would only get in the way; the legal-advice caveat; replies inside a task, such
as the hand-off form or a failed look-up). bot.build.build_responses adds to
each of them a `custom` payload (ANSWER_PAYLOAD): the web chat shows "Source: …" and "Was this helpful?",
and the other channels leave it out (rasa_addons/channels).

What is stored (table answer_feedback, migration 0005): a hash of the conversation id (never the id), the
answer's key (role/senco, national_contacts), yes or no, and when. One answer per conversation and answer: a
second is ignored. An answer counts only if the conversation really was given it (its tracker events are
read), so made-up conversation ids cannot add votes. "Delete my conversation" removes the conversation's
answers (forget); the daily purge deletes them with the conversations (purge), after their weekly counts are
rolled up into insight_counts (bot.store.insights.roll_up).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot import settings
from bot.domain import knowledge as kb
from bot.store import db
from bot.store.models import AnswerFeedback

# Readable names for the answers in messages.yml (FAQ answers have their own titles).
MESSAGE_TITLES = {
    "national_contacts": "Who can help (national contacts)",
    "law_may_change": "Proposed changes to SEND law",
    "deadline_rule_appeal": "Appeal deadline: the rule",
    "deadline_rule_discrimination": "Discrimination claim deadline: the rule",
    "deadline_rule_discrimination_exclusion": "Discrimination claim about an exclusion: get advice",
    "deadline_rule_ehc": "EHC needs assessment timescales: the rule",
    "deadline_rule_review": "Annual review timescales: the rule",
    "deadline_rule_draft": "Draft EHC plan: the rule",
}
OTHER_TOPIC = "Other answers (deadline rules, contacts)"
SOURCES_PAGE = "/sources"  # on the web server: every source, by id (bot/web/server.py)


def conversation_hash(sender_id: str) -> str:
    return hashlib.sha256(sender_id.encode()).hexdigest()


def key_of(response: str) -> str:
    """The feedback key of a response: utter_role/senco -> role/senco."""
    return response.removeprefix("utter_")


def sourced_messages(knowledge: kb.Knowledge) -> list[str]:
    """The messages.yml responses that carry a source (variants share their main response's)."""
    return [name for name, message in sorted(knowledge.messages.items())
            if message.get("facts") != "none" and message.get("show_source", True)
            and not message.get("variant_of")]


def without_source_line(knowledge: kb.Knowledge) -> list[str]:
    """The messages.yml responses that show no source line and no "Was this helpful?": `facts: none` or
    `show_source: false`."""
    shown = set(sourced_messages(knowledge))
    return [name for name, message in sorted(knowledge.messages.items())
            if name not in shown and not message.get("variant_of")]


def answer_payload(knowledge: kb.Knowledge, key: str, sources: tuple[str, ...] | list[str],
                   reviewed: dt.date) -> dict[str, Any]:
    """The `custom` part of a generated response: its first (main) source and the feedback key."""
    ident = sources[0]
    source = knowledge.sources[ident]
    return {"source": {"title": str(source["title"]), "url": str(source.get("url") or f"{SOURCES_PAGE}#{ident}"),
                       "reviewed": reviewed.isoformat()},
            "feedback": key}


@lru_cache(maxsize=1)
def keys() -> frozenset[str]:
    """Every answer a parent may say was helpful or not."""
    knowledge = kb.get()
    return frozenset([*knowledge.answers, *(key_of(name) for name in sourced_messages(knowledge))])


def title(key: str) -> str:
    answer = kb.get().answers.get(key)
    if answer is not None:
        return answer.title
    return MESSAGE_TITLES.get(key) or key.replace("_", " ").capitalize()


def topic(key: str) -> str:
    """The topic's intent ("role" for role/senco), or "" for a messages.yml answer."""
    return key.split("/")[0] if "/" in key else ""


# --- was the answer given in that conversation? ------------------------------------------------------------


@lru_cache(maxsize=2)
def _tracker(url: str) -> Engine:
    from bot.store import retention

    return retention._tracker_engine(url)


def answer_was_given(sender_id: str, key: str, url: str | None = None) -> bool:
    """True if the conversation's stored events hold a bot message carrying this answer's feedback key."""
    engine = _tracker(url or settings.current().tracker_db_url)
    needle = json.dumps(key)[1:-1]  # as the key is written inside the stored JSON
    with engine.connect() as connection:
        if not engine.dialect.has_table(connection, "events"):
            return False
        rows = connection.execute(text(
            "SELECT data FROM events WHERE sender_id = :sender AND type_name = 'bot' AND data LIKE :like"),
            {"sender": sender_id, "like": f"%{needle}%"})
        for (data,) in rows:
            custom = ((json.loads(data or "{}").get("data") or {}).get("custom") or {})
            if isinstance(custom, dict) and custom.get("feedback") == key:
                return True
    return False


# --- storing, forgetting, counting -------------------------------------------------------------------------


def record(sender_id: str, key: str, helpful: bool, at: dt.datetime | None = None) -> bool:
    """Store one answer; False if this conversation has already answered for this answer."""
    row = AnswerFeedback(conversation=conversation_hash(sender_id), answer=key, helpful=helpful,
                         at=at or dt.datetime.utcnow())
    try:
        with db.session() as session:
            exists = session.execute(select(AnswerFeedback.id).where(
                AnswerFeedback.conversation == row.conversation, AnswerFeedback.answer == key)).first()
            if exists:
                return False
            session.add(row)
    except IntegrityError:  # the same answer twice at once: the unique index keeps one
        return False
    return True


def forget(sender_id: str) -> int:
    """"Delete my conversation": this conversation's answers. Returns how many."""
    with db.session() as session:
        result = session.execute(delete(AnswerFeedback).where(
            AnswerFeedback.conversation == conversation_hash(sender_id)))
        return int(result.rowcount or 0)


def purge(older_than_days: int) -> int:
    """Answers older than the conversation retention period (their weekly counts are kept by
    bot.store.insights.roll_up). Returns how many."""
    cutoff = dt.datetime.utcnow() - dt.timedelta(days=older_than_days)
    with db.session() as session:
        return int(session.execute(delete(AnswerFeedback).where(AnswerFeedback.at < cutoff)).rowcount or 0)


def answers(since: dt.datetime, until: dt.datetime) -> list[tuple[dt.datetime, str, bool]]:
    """(when, in UTC; answer key; helpful) for every answer stored in [since, until) (naive UTC)."""
    with db.session() as session:
        rows = session.execute(select(AnswerFeedback.at, AnswerFeedback.answer, AnswerFeedback.helpful)
                               .where(AnswerFeedback.at >= since, AnswerFeedback.at < until))
        return [(at, answer, bool(helpful)) for at, answer, helpful in rows]
