"""Insights for the council's content team: per week, how many conversations and messages, the topics asked
about, how often the assistant was unsure, how many parents were handed to an adviser; and the questions it
could not answer, grouped by similarity, each group exportable as Rasa NLU training data for review.

Everything is read from the conversation store (Rasa's tracker store, table `events`: bot.store.retention) and the
enquiries' creation times. Messages are redacted before they are stored (rasa_addons/tracker_store.py); the
questions shown are redacted again. The figures are counts only. Conversations are deleted after the
conversation retention period, so before each purge the weekly counts are rolled up into `insight_counts`
(roll_up(), run by `python -m bot purge`) and kept for SEND_INSIGHTS_RETENTION_DAYS; the questions
themselves go with the conversations.

What counts:
- a conversation: a conversation id with a message from the parent that week;
- messages: what the parent typed (buttons they chose are not counted);
- unsure: the parent's messages after which the assistant fell back: it ran action_best_guess (a best
  guess with "Did you mean…?") or said it was not sure (utter_not_sure, utter_still_not_sure, utter_default);
- "not sure" replies: those with no guess at all;
- not understood: typed messages whose intent was nlu_fallback (not answers to a form's question);
- topics: the parent's messages (typed or chosen) whose intent is one of the knowledge topics;
- "Was this helpful?": the web chat's yes and no answers (bot.store.feedback, in the knowledge database), by the
  week they were given and by answer, so the topics with the most "no" show which answers to rewrite.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from markupsafe import Markup
from rapidfuzz import fuzz, process
from sqlalchemy import select, text

from bot.domain import clock
from bot.store import db, feedback
from bot.store.enquiries import LONDON, _cell, _titles
from bot.store.models import Enquiry, InsightCount

NOT_SURE = ("utter_not_sure", "utter_still_not_sure", "utter_default")
BEST_GUESS = "action_best_guess"
FALLBACK_INTENT = "nlu_fallback"
MEASURES = {
    "conversations": "Conversations",
    "messages": "Messages typed by parents",
    "unsure": "Times the assistant was unsure",
    "not_sure": "“Not sure” replies",
    "not_understood": "Messages not understood",
    "handoffs": "Hand-offs to an adviser",
    "helpful_yes": "“Was this helpful?”: yes",
    "helpful_no": "“Was this helpful?”: no",
}
FEEDBACK = ("helpful_yes", "helpful_no")
# A finished week whose counts are saved in insight_counts (its key: which conversation store counted it), so
# the page reads only this week's conversations (a large council's month of conversations took 5 seconds).
ROLLED_UP = "rolled_up"
WEEK_CHOICES = (4, 8, 13, 26, 52)
MAX_QUESTIONS = 5000  # distinct questions grouped (the most frequent); more only costs time
SIMILAR = 75  # rapidfuzz score (0-100) for two questions to share a group
PLACEHOLDER = re.compile(r"^\s*\{\{[A-Z_+]+\}\}\s*$")  # a whole answer replaced (a name in the hand-off form)
PLACEHOLDERS = re.compile(r"(\{\{[A-Z_+]+\}\})")
STOPWORDS = frozenset("""a an the i im i'm me my we our us you your it its is are was be been am do does did to of
in on at for from with and or but if so can could would should will what how when where who why which that
this there please hi hello thanks thank hey about any some get got have has had just need want know tell
what's whats how's where's who's it's that's there's i've i'd i'll we're they're don't doesn't can't
""".split())


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _week_of_timestamp(timestamp: float) -> dt.date:
    return week_start(dt.datetime.fromtimestamp(timestamp, LONDON).date())


def _epoch(day: dt.date) -> float:
    return dt.datetime.combine(day, dt.time(), LONDON).timestamp()


# --- reading the conversation store -----------------------------------------------------------------------


@dataclass
class Counts:
    """Counts by (week, measure, key): key is "" except for topics (the topic's intent)."""

    values: Counter[tuple[dt.date, str, str]] = field(default_factory=Counter)


_QUERY = """
SELECT sender_id, type_name, intent_name, action_name, timestamp,
       CASE WHEN type_name = 'user' AND data LIKE '%"text": "/%' THEN 1 ELSE 0 END AS payload,
       CASE WHEN (type_name = 'user' AND intent_name = 'nlu_fallback') OR type_name = 'bot' THEN data END AS data
FROM events
WHERE timestamp >= :since AND timestamp < :until
  AND (type_name IN ('user', 'active_loop')
       OR (type_name = 'action' AND action_name = 'action_best_guess')
       OR (type_name = 'bot' AND (data LIKE '%"utter_not_sure"%' OR data LIKE '%"utter_still_not_sure"%'
                                  OR data LIKE '%"utter_default"%')))
ORDER BY sender_id, id
"""


def _conversations(since: dt.date, until: dt.date, url: str | None = None) -> Counts:
    from bot.store import retention

    topics = set(_titles()[1])
    counts = Counts()
    engine = retention._tracker_engine(url)
    try:
        with engine.connect() as connection:
            if not engine.dialect.has_table(connection, "events"):
                return counts
            rows = connection.execute(text(_QUERY), {"since": _epoch(since), "until": _epoch(until)})
            sender, in_form, turn_week, turn_unsure, turn_not_sure = None, False, None, False, 0
            seen: set[tuple[dt.date, str | None]] = set()

            def end_turn() -> None:
                if turn_week is not None and turn_unsure:
                    counts.values[(turn_week, "unsure", "")] += 1
                if turn_week is not None and turn_not_sure:
                    counts.values[(turn_week, "not_sure", "")] += turn_not_sure

            for row in rows:
                if row.sender_id != sender:
                    end_turn()
                    sender, in_form, turn_week, turn_unsure, turn_not_sure = row.sender_id, False, None, False, 0
                if row.type_name == "active_loop":
                    in_form = bool(row.action_name)
                elif row.type_name == "user":
                    end_turn()
                    week = _week_of_timestamp(row.timestamp)
                    turn_week, turn_unsure, turn_not_sure = week, False, 0
                    if (week, sender) not in seen:
                        seen.add((week, sender))
                        counts.values[(week, "conversations", "")] += 1
                    if row.intent_name in topics:
                        counts.values[(week, "topic", row.intent_name)] += 1
                    if row.payload:
                        continue
                    counts.values[(week, "messages", "")] += 1
                    if row.intent_name == FALLBACK_INTENT and not in_form:
                        said = str((json.loads(row.data or "{}") or {}).get("text") or "").strip()
                        if said and not PLACEHOLDER.match(said):
                            counts.values[(week, "not_understood", "")] += 1
                elif row.type_name == "action":
                    turn_unsure = True
                elif row.type_name == "bot":
                    uttered = (json.loads(row.data or "{}").get("metadata") or {}).get("utter_action")
                    if uttered in NOT_SURE:
                        turn_unsure, turn_not_sure = True, turn_not_sure + 1
            end_turn()
    finally:
        engine.dispose()
    return counts


_QUESTIONS = """
SELECT sender_id, type_name, action_name, data, timestamp
FROM events
WHERE timestamp >= :since AND timestamp < :until
  AND ((type_name = 'user' AND intent_name = 'nlu_fallback') OR type_name = 'active_loop')
ORDER BY sender_id, id
"""


def _questions(since: dt.date, until: dt.date, url: str | None = None) -> list[str]:
    """What parents typed that was not understood (not answers to a form's question), oldest first: only those
    rows and the form's start and end are read, not the whole period's conversations."""
    from bot.store import retention

    found: list[tuple[float, str]] = []
    engine = retention._tracker_engine(url)
    try:
        with engine.connect() as connection:
            if not engine.dialect.has_table(connection, "events"):
                return []
            sender, in_form = None, False
            for row in connection.execute(text(_QUESTIONS), {"since": _epoch(since), "until": _epoch(until)}):
                if row.sender_id != sender:
                    sender, in_form = row.sender_id, False
                if row.type_name == "active_loop":
                    in_form = bool(row.action_name)
                    continue
                event = json.loads(row.data or "{}") or {}
                said = str(event.get("text") or "").strip()
                if in_form or not said or said.startswith("/") or PLACEHOLDER.match(said):
                    continue
                found.append((float(row.timestamp), said))
    finally:
        engine.dispose()
    return [said for _, said in sorted(found, key=lambda pair: pair[0])]


_QUESTIONS_MARK = """
SELECT count(*) AS n, coalesce(min(id), 0) AS first, coalesce(max(id), 0) AS last
FROM events
WHERE timestamp >= :since AND timestamp < :until AND type_name = 'user' AND intent_name = 'nlu_fallback'
"""
# The finished weeks' questions, per conversation store: (since, until, mark, questions). Finished weeks do not
# change except when conversations are deleted (a parent's "delete", the nightly purge), which changes the mark
# (how many questions not understood, the first and last row), so they are read again and the old list goes.
_finished_questions: dict[str, tuple[dt.date, dt.date, tuple[int, int, int], list[str]]] = {}


def _questions_cached(since: dt.date, until: dt.date, url: str | None, store: str) -> list[str]:
    """_questions for finished weeks, read again only when their questions not understood have changed (the
    mark is read from the index on type, intent and time)."""
    from bot.store import retention

    engine = retention._tracker_engine(url)
    try:
        with engine.connect() as connection:
            if not engine.dialect.has_table(connection, "events"):
                return []
            row = connection.execute(text(_QUESTIONS_MARK), {"since": _epoch(since), "until": _epoch(until)}).one()
    finally:
        engine.dispose()
    mark = (int(row.n), int(row.first), int(row.last))
    kept = _finished_questions.get(store)
    if kept and kept[:3] == (since, until, mark):
        return kept[3]
    questions = _questions(since, until, url)
    _finished_questions[store] = (since, until, mark, questions)
    return questions


def _handoffs(since: dt.date, until: dt.date, counts: Counts) -> None:
    start = dt.datetime.combine(since, dt.time(), LONDON).astimezone(dt.timezone.utc).replace(tzinfo=None)
    end = dt.datetime.combine(until, dt.time(), LONDON).astimezone(dt.timezone.utc).replace(tzinfo=None)
    with db.session() as session:
        for (created,) in session.execute(select(Enquiry.created_at).where(Enquiry.created_at >= start,
                                                                           Enquiry.created_at < end)):
            local = created.replace(tzinfo=dt.timezone.utc).astimezone(LONDON)
            counts.values[(week_start(local.date()), "handoffs", "")] += 1


def _feedback(since: dt.date, until: dt.date, counts: Counts) -> None:
    """Yes and no answers by week (UK) and answer key."""
    start = dt.datetime.combine(since, dt.time(), LONDON).astimezone(dt.timezone.utc).replace(tzinfo=None)
    end = dt.datetime.combine(until, dt.time(), LONDON).astimezone(dt.timezone.utc).replace(tzinfo=None)
    for at, answer, helpful in feedback.answers(start, end):
        local = at.replace(tzinfo=dt.timezone.utc).astimezone(LONDON)
        counts.values[(week_start(local.date()), "helpful_yes" if helpful else "helpful_no", answer)] += 1


def _stored(since: dt.date, until: dt.date) -> Counter[tuple[dt.date, str, str]]:
    with db.session() as session:
        rows = session.execute(select(InsightCount).where(InsightCount.week >= since, InsightCount.week < until))
        return Counter({(r.week, r.measure, r.key or ""): r.count for r in rows.scalars()})


def _store_key(url: str | None) -> str:
    """Which conversation store counted a week (the same URL retention reads)."""
    from bot import settings

    return hashlib.sha256((url or settings.current().tracker_db_url).encode()).hexdigest()[:16]


def roll_up(url: str | None = None) -> int:
    """Keep the weekly counts of every conversation still stored (the larger of what is kept and what is
    counted now: counts only fall once conversations start being deleted), and mark the finished weeks
    counted. Run before deleting old conversations (`python -m bot purge`, nightly). Returns how many counts
    were written."""
    this_week = week_start(clock.today())
    until = this_week + dt.timedelta(days=7)
    since = dt.date(2000, 1, 3)
    counts = _conversations(since, until, url)
    weeks = {week for week, _, _ in counts.values}
    if weeks:
        _handoffs(min(weeks), until, counts)
    _feedback(since, until, counts)
    weeks = {week for week, _, _ in counts.values}
    finished = _weeks_between(min(weeks), this_week) if weeks else []
    return _save(counts, finished, _store_key(url))


def _weeks_between(first: dt.date, until: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(weeks=i) for i in range(max(0, (until - first).days // 7))]


def _save(counts: Counts, finished: Iterable[dt.date], store: str) -> int:
    """Write counts (never lowering one) and mark the finished weeks counted from this store."""
    written = 0
    with db.session() as session:
        for week in finished:
            if session.get(InsightCount, (week, ROLLED_UP, store)) is None:
                session.add(InsightCount(week=week, measure=ROLLED_UP, key=store, count=1))
        for (week, measure, key), value in counts.values.items():
            row = session.get(InsightCount, (week, measure, key))
            if row is None:
                session.add(InsightCount(week=week, measure=measure, key=key, count=value))
                written += 1
            elif value > row.count:
                row.count = value
                written += 1
    return written


def purge(older_than_days: int) -> int:
    """Delete weekly counts older than the insights retention period. Returns how many."""
    from sqlalchemy import delete

    cutoff = clock.today() - dt.timedelta(days=older_than_days)
    with db.session() as session:
        return int(session.execute(delete(InsightCount).where(InsightCount.week < week_start(cutoff)))
                   .rowcount or 0)


# --- the report -------------------------------------------------------------------------------------------


@dataclass
class Week:
    start: dt.date
    counts: dict[str, int]
    topics: Counter[str]
    partial: bool = False  # the current week, so far
    unhelpful: Counter[str] = field(default_factory=Counter)  # "no" answers by topic ("" outside the topics)

    @property
    def unsure_share(self) -> str:
        messages = self.counts.get("messages", 0)
        return f"{round(100 * self.counts.get('unsure', 0) / messages)}%" if messages else "–"


@dataclass
class Group:
    """Questions not understood that look alike: the most frequent wording first."""

    key: str
    examples: list[tuple[str, int]]  # (wording, how many times), most frequent first

    @property
    def count(self) -> int:
        return sum(n for _, n in self.examples)

    @property
    def example(self) -> str:
        return self.examples[0][0]


@dataclass
class FeedbackTopic:
    """ "Was this helpful?" answers about one topic's answers, with the answers most often marked "no"."""

    intent: str  # "" for the answers outside the FAQ topics (deadline rules, contacts)
    title: str
    yes: int
    no: int
    answers: list[tuple[str, int, int]]  # (answer title, no, yes), most "no" first


@dataclass
class Report:
    since: dt.date  # the first week's Monday
    until: dt.date  # the day after the period (tomorrow: this week is counted so far)
    weeks: list[Week]
    topics: list[tuple[str, str, int]]  # (intent, title, count), most asked first
    groups: list[Group]
    feedback: list[FeedbackTopic] = field(default_factory=list)  # the topics with the most "no" first

    def total(self, measure: str) -> int:
        return sum(w.counts.get(measure, 0) for w in self.weeks)

    def topic_title(self, intent: str) -> str:
        return topic_title(intent)

    def feedback_topic_title(self, intent: str) -> str:
        return topic_title(intent) if intent else feedback.OTHER_TOPIC


def topic_title(intent: str) -> str:
    return _titles()[1].get(intent, (intent.replace("_", " ").capitalize(), 0))[0]


def report(weeks: int = 8, today: dt.date | None = None, url: str | None = None) -> Report:
    """The last `weeks` weeks, this one included (so far)."""
    today = today or clock.today()
    this_week = week_start(today)
    since = this_week - dt.timedelta(weeks=weeks - 1)
    until = this_week + dt.timedelta(days=7)
    store = _store_key(url)
    merged = _stored(since, until)
    counted = {week for week, measure, key in merged if measure == ROLLED_UP and key == store}
    # Finished weeks not counted yet are counted once and saved; this week is always counted afresh.
    missing = [week for week in _weeks_between(since, this_week) if week not in counted]
    start = min(missing) if missing else this_week
    live = _conversations(start, until, url)
    _handoffs(start, until, live)
    _feedback(start, until, live)
    if missing:
        finished = Counts(Counter({entry: n for entry, n in live.values.items() if entry[0] < this_week}))
        _save(finished, missing, store)
    for entry, value in live.values.items():
        merged[entry] = max(merged[entry], value)
    by_week: dict[dt.date, Week] = {}
    for i in range(weeks):
        start = since + dt.timedelta(weeks=i)
        by_week[start] = Week(start, dict.fromkeys(MEASURES, 0), Counter(), partial=start == this_week)
    totals: Counter[str] = Counter()
    answered: Counter[tuple[str, str]] = Counter()  # (measure, answer key) -> how many
    for (week, measure, key), value in merged.items():
        if week not in by_week:
            continue
        if measure == "topic":
            by_week[week].topics[key] += value
            totals[key] += value
        elif measure in MEASURES:
            by_week[week].counts[measure] += value
            if measure in FEEDBACK:
                answered[(measure, key)] += value
                if measure == "helpful_no":
                    by_week[week].unhelpful[feedback.topic(key)] += value
    topics = [(intent, topic_title(intent), n) for intent, n in sorted(totals.items(), key=lambda p: (-p[1], p[0]))]
    # (a form begun before Monday and answered after it is not seen as a form by this week's read: a rare
    # answer to the form's question may show among this week's questions)
    groups = [Group(group.key, [(redact_again(said), n) for said, n in group.examples])
              # stored redacted; once more, in case something was stored before a detector existed
              for group in _grouped(tuple(_questions_cached(since, this_week, url, store)
                                          + _questions(this_week, until, url)))]
    return Report(since, min(until, today + dt.timedelta(days=1)), list(by_week.values()), topics, groups,
                  feedback_by_topic(answered))


def feedback_by_topic(answered: Counter[tuple[str, str]]) -> list[FeedbackTopic]:
    """The topics with the most "no" first (then the most answers), each with its answers, most "no" first."""
    by_topic: dict[str, dict[str, list[int]]] = {}
    for (measure, key), value in answered.items():
        counts = by_topic.setdefault(feedback.topic(key), {}).setdefault(key, [0, 0])  # [no, yes]
        counts[0 if measure == "helpful_no" else 1] += value
    made = []
    for intent, answers in by_topic.items():
        rows = sorted(((feedback.title(key), no, yes) for key, (no, yes) in answers.items()),
                      key=lambda row: (-row[1], -row[2], row[0]))
        made.append(FeedbackTopic(intent, topic_title(intent) if intent else feedback.OTHER_TOPIC,
                                  sum(row[2] for row in rows), sum(row[1] for row in rows), rows))
    return sorted(made, key=lambda t: (-t.no, -(t.no + t.yes), t.title))


@lru_cache(maxsize=20_000)  # the same questions on every view of the page: redacted once each
def redact_again(said: str) -> str:
    """bot.domain.privacy.redact on the text between the placeholders already there ("me at {{EMAIL}}" would
    otherwise be taken for an email address itself)."""
    from bot.domain.privacy import redact

    parts = PLACEHOLDERS.split(said)
    return "".join(part if PLACEHOLDERS.fullmatch(part) else redact(part) for part in parts)


# --- grouping questions -----------------------------------------------------------------------------------


def _normalise(said: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w' {}+]+", " ", said.lower())).strip()


def _content(normal: str) -> str:
    """The words that carry meaning: no common words, no {{EMAIL}}-style placeholders."""
    words = [_singular(w) for w in normal.split() if w not in STOPWORDS and not w.startswith("{{")]
    return " ".join(words) or normal


def _singular(word: str) -> str:
    """"clubs" and "club" alike (a rough cut: enough for grouping)."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


@lru_cache(maxsize=4)  # the same questions on each view until a parent asks another: grouped once
def _grouped(questions: tuple[str, ...]) -> tuple[Group, ...]:
    return tuple(group_questions(questions))


def group_questions(questions: Iterable[str], threshold: float = SIMILAR) -> list[Group]:
    """Most frequent first, each wording joins the group whose first wording it is most like, if
    similar enough (rapidfuzz token_set_ratio on the meaningful words), or starts a group. A one-word
    question must be nearly the same as another (plain ratio): in token_set_ratio a subset scores 100, so
    "help" would join any question with "help" in it. Groups are ordered by how many messages they hold."""
    counted: Counter[str] = Counter()
    wording: dict[str, str] = {}
    for said in questions:
        one_line = re.sub(r"\s+", " ", said).strip()
        normal = _normalise(one_line)
        if not normal:
            continue
        counted[normal] += 1
        wording.setdefault(normal, one_line)
    groups: list[list[tuple[str, int]]] = []
    leaders: list[str] = []
    # Each group's first (most frequent) wording, by "one word": compared with leaders only, not every member,
    # so grouping thousands of questions takes a second, not minutes (tools/staff_bench.py).
    placed: dict[bool, tuple[list[str], list[int]]] = {True: ([], []), False: ([], [])}
    for normal, n in sorted(counted.items(), key=lambda p: (-p[1], p[0]))[:MAX_QUESTIONS]:
        content = _content(normal)
        short = len(content.split()) < 2
        best: tuple[float, int] | None = None
        for one_word, scorer in ((True, fuzz.ratio), (False, fuzz.ratio if short else fuzz.token_set_ratio)):
            choices, owners = placed[one_word]
            if choices:
                found = process.extractOne(content, choices, scorer=scorer, score_cutoff=threshold)
                if found and (best is None or found[1] > best[0]):
                    best = (found[1], owners[found[2]])
        if best is None:
            groups.append([])
            leaders.append(content)
            index = len(groups) - 1
            placed[short][0].append(content)
            placed[short][1].append(index)
        else:
            index = best[1]
        groups[index].append((wording[normal], n))
    made = [Group(hashlib.sha256(leader.encode()).hexdigest()[:12], members)
            for leader, members in zip(leaders, groups, strict=True)]
    return sorted(made, key=lambda g: -g.count)


def _example(said: str) -> str:
    said = re.sub(r"[\x00-\x1f\x7f]+", " ", said)
    return re.sub(r"\s+", " ", said).strip()[:300]


def nlu_yaml(groups: list[Group], since: dt.date, until: dt.date) -> str:
    """Rasa NLU training data for review: one `- intent: TODO` per group with its wordings."""
    last = until - dt.timedelta(days=1)
    lines = [
        "# Questions the SEND parent guide did not understand, "
        f"{since:%-d %B %Y} to {last:%-d %B %Y}, grouped by similarity.",
        "# Personal details were removed before they were stored. For review: give each group the intent it",
        "# belongs to (or write the answer first), take out any that do not belong, then add to data/nlu/.",
        'version: "3.1"',
        "nlu:",
    ]
    for group in groups:
        lines.append(f"# {group.count} message{'' if group.count == 1 else 's'}, "
                     f"{len(group.examples)} wording{'' if len(group.examples) == 1 else 's'}")
        lines += ["- intent: TODO", "  examples: |"]
        lines += [f"    - {_example(said)}" for said, _ in group.examples if _example(said)]
    return "\n".join(lines) + "\n"


# --- CSV and charts ---------------------------------------------------------------------------------------


def export_csv(result: Report) -> str:
    """One row a week: every measure, the topics asked about, and the "no" answers to "Was this helpful?" for
    each topic that had one (the topics with the most "no" first)."""
    out = io.StringIO()
    writer = csv.writer(out)
    topic_keys = [intent for intent, _, _ in result.topics]
    unhelpful = [item for item in result.feedback if item.no]
    writer.writerow(["week_starting", *MEASURES, "so_far", *[f"topic: {topic_title(t)}" for t in topic_keys],
                     *[f"not helpful: {item.title}" for item in unhelpful]])
    for week in result.weeks:
        writer.writerow([_cell(v) for v in [week.start.isoformat(), *[week.counts[m] for m in MEASURES],
                                            "yes" if week.partial else "",
                                            *[week.topics.get(t, 0) for t in topic_keys],
                                            *[week.unhelpful.get(item.intent, 0) for item in unhelpful]]])
    return out.getvalue()


def _label(day: dt.date) -> str:
    return day.strftime("%-d %b")


def week_chart(chart_id: str, title: str, weeks: list[Week], measure: str) -> Markup:
    """Vertical bars, one a week, drawn on the server. Described for screen readers by its title and a
    description with every figure; the same figures are in the table under the charts."""
    values = [(w.start, w.counts.get(measure, 0), w.partial) for w in weeks]
    top = max([v for _, v, _ in values] + [1])
    step, bar, height, base = 56, 36, 200, 160
    width = max(step * len(values) + 20, 200)
    description = "; ".join(f"week of {_label(d)}{' (so far)' if p else ''}: {v}" for d, v, p in values)
    parts = [f'<svg class="staff-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
             f'<line x1="10" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#505a5f" stroke-width="1"/>']
    for i, (day, value, partial) in enumerate(values):
        x = 10 + i * step + (step - bar) // 2
        h = round((base - 25) * value / top)
        fill = "#5694ca" if partial else "#1d70b8"
        parts.append(f'<rect x="{x}" y="{base - h}" width="{bar}" height="{h}" fill="{fill}"/>')
        parts.append(f'<text x="{x + bar / 2}" y="{base - h - 6}" text-anchor="middle" font-size="14" '
                     f'fill="#0b0c0c">{value}</text>')
        parts.append(f'<text x="{x + bar / 2}" y="{base + 18}" text-anchor="middle" font-size="13" '
                     f'fill="#0b0c0c">{escape(_label(day))}</text>')
        if partial:
            parts.append(f'<text x="{x + bar / 2}" y="{base + 34}" text-anchor="middle" font-size="12" '
                         f'fill="#0b0c0c">so far</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text in it is escaped above)


def topic_chart(chart_id: str, title: str, topics: list[tuple[str, str, int]]) -> Markup:
    """Horizontal bars, one a topic, most asked first."""
    top = max([n for _, _, n in topics] + [1])
    row, label_width, bar_width = 30, 330, 330
    width, height = label_width + bar_width + 60, row * max(len(topics), 1) + 10
    description = "; ".join(f"{t}: {n}" for _, t, n in topics) or "no topics asked about"
    parts = [f'<svg class="staff-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(description)}</desc>']
    for i, (_, name, n) in enumerate(topics):
        y = 5 + i * row
        w = max(round(bar_width * n / top), 1)
        shown = name if len(name) <= 44 else name[:42] + "…"
        parts.append(f'<text x="{label_width - 8}" y="{y + 19}" text-anchor="end" font-size="14" '
                     f'fill="#0b0c0c">{escape(shown)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 4}" width="{w}" height="{row - 10}" fill="#1d70b8"/>')
        parts.append(f'<text x="{label_width + w + 6}" y="{y + 19}" font-size="14" fill="#0b0c0c">{n}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text in it is escaped above)


def group_by_key(groups: list[Group]) -> dict[str, Group]:
    return {g.key: g for g in groups}
