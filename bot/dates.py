"""Understand dates as parents write them, the British way (day first).

"14 March 2026", "14/3/26", "14.03.2026", "2026-03-14", "14th of march", "March 14th", "last Tuesday",
"3 weeks ago", "yesterday". Impossible dates ("31 February") and future dates for something that has
already happened are explained, and vague answers ("a few weeks ago") are asked about again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import dateparser
from rapidfuzz import fuzz, process

MONTHS = {
    name: index
    for index, names in enumerate(
        [("january", "jan"), ("february", "feb", "febuary", "feburary"), ("march", "mar"),
         ("april", "apr"), ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}
WEEKDAYS = {name: index for index, names in enumerate(
    [("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed", "weds"), ("thursday", "thu", "thur", "thurs"),
     ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun")]) for name in names}
MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
FULL_MONTHS = [name for name in MONTHS if len(name) > 4]
WORD = re.compile(r"[a-z]{5,}")


def _fix_month_typos(lowered: str) -> str:
    """"2nd novmber" -> "2nd november": a long word close to a month name (85% similar) is that month."""
    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in MONTHS:
            return word
        best = process.extractOne(word, FULL_MONTHS, scorer=fuzz.ratio, score_cutoff=85)
        return best[0] if best else word

    return WORD.sub(fix, lowered)
ORDINAL = r"(?:st|nd|rd|th)?"

ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
NUMERIC = re.compile(r"\b(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})\b")
DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}}){ORDINAL}\s*(?:of\s+)?({MONTH_WORD})\.?(?:,?\s+(\d{{4}}|'?\d{{2}}))?\b", re.I)
MONTH_DAY = re.compile(rf"\b({MONTH_WORD})\.?\s+(\d{{1,2}}){ORDINAL}(?:,?\s+(\d{{4}}))?\b", re.I)
LAST_WEEKDAY = re.compile(r"\b(?:last|this past|on)\s+(" + "|".join(WEEKDAYS) + r")\b", re.I)
BARE_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
AGO = re.compile(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                 r"(day|week|month)s?\s+ago\b", re.I)
VAGUE = re.compile(
    r"\b(few|couple|several|some|ages|a while|recently|last (week|month|year)|early|mid|end of|"
    r"beginning of|start of|around|about|sometime|not sure|can'?t remember|dunno|don'?t know)\b", re.I)
WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True)
class DateAnswer:
    """What a message says about a date."""

    status: str  # "ok" | "impossible" | "future" | "vague" | "none"
    date: dt.date | None = None
    message: str = ""  # kind explanation when status is not "ok"


def _year(text: str | None, today: dt.date) -> int | None:
    if not text:
        return None
    text = text.lstrip("'")
    year = int(text)
    return year + 2000 if year < 100 else year


def _build(day: int, month: int, year: int | None, today: dt.date, said: str) -> DateAnswer:
    if not 1 <= month <= 12:
        return DateAnswer("impossible", message=f"\"{said}\" doesn't look like a real date: there is no month {month}.")
    if year is None:
        # No year: the most recent such date that is not in the future.
        year = today.year
        try:
            if dt.date(year, month, day) > today:
                year -= 1
        except ValueError:
            pass
    try:
        return DateAnswer("ok", dt.date(year, month, day))
    except ValueError:
        month_name = dt.date(2000, month, 1).strftime("%B")
        return DateAnswer(
            "impossible",
            message=f"\"{said}\" isn't a real date: {month_name} {year} doesn't have a day {day}.",
        )


def _parse(text: str, today: dt.date) -> DateAnswer:
    lowered = _fix_month_typos(text.lower().strip())
    if match := ISO.search(lowered):
        year, month, day = (int(g) for g in match.groups())
        return _build(day, month, year, today, match.group(0))
    if match := NUMERIC.search(lowered):
        day, month = int(match.group(1)), int(match.group(2))
        return _build(day, month, _year(match.group(3), today), today, match.group(0))
    if match := DAY_MONTH.search(lowered):
        day, month = int(match.group(1)), MONTHS[match.group(2).lower()]
        return _build(day, month, _year(match.group(3), today), today, match.group(0))
    if match := MONTH_DAY.search(lowered):
        month, day = MONTHS[match.group(1).lower()], int(match.group(2))
        return _build(day, month, _year(match.group(3), today), today, match.group(0))
    if re.search(r"\btoday\b", lowered):
        return DateAnswer("ok", today)
    if re.search(r"\byesterday\b", lowered):
        return DateAnswer("ok", today - dt.timedelta(days=1))
    if match := LAST_WEEKDAY.search(lowered) or BARE_WEEKDAY.search(lowered):
        weekday = WEEKDAYS[match.group(1).lower()]
        back = (today.weekday() - weekday) % 7 or 7
        return DateAnswer("ok", today - dt.timedelta(days=back))
    if match := AGO.search(lowered):
        amount = WORD_NUMBERS.get(match.group(1).lower()) or int(match.group(1))
        unit = match.group(2).lower()
        if unit == "day":
            return DateAnswer("ok", today - dt.timedelta(days=amount))
        if unit == "week":
            return DateAnswer("ok", today - dt.timedelta(weeks=amount))
        return DateAnswer("vague", message=_ask_exact("a few months ago" if amount > 1 else "a month ago"))
    if VAGUE.search(lowered):
        return DateAnswer("vague", message=_ask_exact(text.strip()))
    parsed = dateparser.parse(
        text, languages=["en"],
        settings={"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "RELATIVE_BASE": dt.datetime(
            today.year, today.month, today.day), "REQUIRE_PARTS": ["day", "month"]},
    )
    if parsed:
        return DateAnswer("ok", parsed.date())
    return DateAnswer("none")


def names_a_date(text: str) -> bool:
    """Whether the text names a calendar date ("3rd nov", "12/09/2026", "2026-09-12"), not just a day
    word: used to recognise an answer to "what date is on the letter?" that the classifier missed."""
    lowered = _fix_month_typos((text or "").lower())
    return any(pattern.search(lowered) for pattern in (ISO, NUMERIC, DAY_MONTH, MONTH_DAY))


def _ask_exact(said: str) -> str:
    return (f"Thanks. \"{said}\" is a bit too vague for me to work out an exact deadline. "
            "What is the exact date printed on the letter? For example 14 March 2026 or 14/3/26.")


def parse_date(text: str, today: dt.date | None = None, allow_future: bool = False) -> DateAnswer:
    """Read a date from free text. Letter dates are in the past, so future dates are questioned."""
    today = today or dt.date.today()
    answer = _parse(text or "", today)
    if answer.status == "ok" and answer.date and not allow_future and answer.date > today:
        return DateAnswer(
            "future", answer.date,
            f"{answer.date.strftime('%-d %B %Y')} is in the future. Could you check the date on the letter? "
            "Dates are read day first, so 3/4/26 means 3 April 2026.",
        )
    return answer
