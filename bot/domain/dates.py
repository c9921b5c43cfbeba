"""Understand dates as parents write them, the British way (day first).

"14 March 2026", "14/3/26", "14.03.2026", "2026-03-14", "14th of march", "March 14th", "last Tuesday",
"3 weeks ago", "yesterday". Impossible dates ("31 February") and future dates for something that has
already happened are explained, and vague answers ("a few weeks ago") are asked about again.
"""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from dataclasses import dataclass

import dateparser
from rapidfuzz import fuzz, process

from bot.domain import clock

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
FULL_MONTHS = [name for name in MONTHS if len(name) > 3 and name not in ("sept", "febuary", "feburary")]
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
DAY_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
             "eighteenth", "nineteenth", "twentieth"]
ORDINAL_WORD = re.compile(
    r"\b(?:(twenty|thirty)[- ])?(" + "|".join(DAY_WORDS) + r")\b(?=\s+(?:of\s+)?(?:" + MONTH_WORD + r")\b)")

ISO = re.compile(r"\b(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\b")
NUMERIC = re.compile(r"\b(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})\b")
# "16/09": no year, slash only; at the end of a sentence too ("dated 14/10."), not "16/09.26"
DAY_SLASH_MONTH = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?![\d/]|\.\d)")
# "dated 30.9", "on 29.10.": a dot too, but only after a word that introduces a date ("2.5 miles" is a distance)
DAY_DOT_MONTH = re.compile(r"\b(?:dated|date|on|from|since|letter|received|sent|came|arrived)\s+"
                           r"(\d{1,2})\.(\d{1,2})(?!\d|\.\d)(?!\s*(?:miles?|km|hours?|hrs?|kg|%|mg|ml|m\b|k\b|"
                           r"years?|months?|weeks?|days?|pages?|points?|levels?|grades?))")
DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}}){ORDINAL}\s*(?:of\s+)?({MONTH_WORD})\b\.?(?:,?\s+(\d{{4}}|'?\d{{2}})\b)?", re.I)
MONTH_DAY = re.compile(rf"\b({MONTH_WORD})\.?\s+(\d{{1,2}}){ORDINAL}\b(?:,?\s+(\d{{4}}|'?\d{{2}})\b)?", re.I)
THIS_MONTH = re.compile(rf"\b(\d{{1,2}}){ORDINAL}\s+of\s+(this|last)\s+month\b", re.I)
DAY_NAMES = "|".join(WEEKDAYS)
NEXT_WEEKDAY = re.compile(
    rf"\b(?:next|this coming|coming|this)\s+({DAY_NAMES})\b|\b({DAY_NAMES})\s+next\s+week\b"
    r"|\b(?:a\s+week\s+on|tomorrow)\b", re.I)
# "a week last tuesday", "3 weeks ago last friday": that many weeks before last Tuesday (or Friday).
WEEK_LAST = re.compile(rf"\b(a|an|one|two|three|four|five|six|\d+)\s+(?:weeks?|wks?)\s+(?:ago\s+)?(?:last|on\s+last)\s+"
                       rf"({DAY_NAMES})\b", re.I)
WEEKS_AGO_ON = re.compile(rf"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:weeks?|wks?)\s+ago\s+"
                          rf"(?:on\s+)?(?:the\s+)?({DAY_NAMES})\b", re.I)
LAST_WEEKDAY = re.compile(rf"\b(?:last|this past|on|that)\s+({DAY_NAMES})\b", re.I)
# "monday the 9th", "tuesday 3rd": that day of this month (or last month, if it is still to come); a month after
# it is a calendar date ("monday 9th november").
WEEKDAY_NTH = re.compile(rf"\b(?:{DAY_NAMES})\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)\b"
                         rf"(?!\s*(?:of\s+)?(?:{MONTH_WORD}))", re.I)
BARE_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
AMOUNT = r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
UNIT = r"(days?|weeks?|wks?|wk|fortnights?|months?|mths?)"
# "a fortnight ago today", "3 weeks ago to the day": one date, not that one and today.
AGO_TODAY = r"(?:\s+(?:today|to the day))?"
AGO = re.compile(rf"\b{AMOUNT}\s+{UNIT}(?:\s+and\s+{AMOUNT}\s+{UNIT})?\s+ago\b{AGO_TODAY}", re.I)
HEDGED_AGO = re.compile(
    rf"\b(?:about|around|roughly|maybe|approx\w*|nearly|almost|over|more than|less than|like|probably|"
    rf"approximately|some)\s+{AMOUNT}\s+{UNIT}.*?\bago\b|\b\d+\s*(?:or|-|to)\s*\d+\s+{UNIT}\s+ago\b", re.I)
VAGUE_MONTH = re.compile(
    rf"\b(?:early|mid|late|end of|the end of|beginning of|start of|sometime in|some time in|around|in|during)"
    rf"\s+(?:the\s+)?(?:{MONTH_WORD})\b(?!\s*\d)(?!\s+(?:the\s+)?\d)|\b(?:a few|a couple of|couple of|several|few)"
    rf"\s+(?:days|weeks|months)\s+ago\b|\blast (?:week|month)\b|\bin the (?:summer|spring|autumn|winter|holidays)\b",
    re.I)
# "dated exactly a month ago today", "2 months ago to the day": that day of the month, months back (a month
# alone, "a month ago", is not one day).
EXACT_MONTHS_AGO = re.compile(rf"\b(?:exactly|precisely)\s+{AMOUNT}\s+(?:months?|mths?)\s+ago"
                              rf"(?:\s+today|\s+to the day)?\b|"
                              rf"\b{AMOUNT}\s+(?:months?|mths?)\s+ago\s+(?:today|to the day)\b", re.I)
FORTNIGHT_AGO = re.compile(rf"\b(?:a\s+)?fortnight\s+ago\b{AGO_TODAY}", re.I)
DAY_BEFORE_YESTERDAY = re.compile(r"\b(?:the\s+)?day\s+before\s+yesterday\b", re.I)
AGE = re.compile(r"\b(?:is|he's|she's|hes|shes|aged?|am|turned|turns|was|only)\s+$", re.I)
MAY_VERB = re.compile(r"^\s+(?:i|we|you|he|she|they|it|be|have|need|get|ask|not|also|help)\b", re.I)
VAGUE = re.compile(
    r"\b(few|couple|several|ages|a while|recently|last (week|month|year)|early|mid|end of|"
    r"beginning of|start of|sometime|not sure|can'?t remember|dunno|don'?t know)\b", re.I)
WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True)
class DateAnswer:
    """What a message says about a date."""

    status: str  # "ok" | "impossible" | "future" | "vague" | "none"
    date: dt.date | None = None
    message: str = ""  # kind explanation when status is not "ok"; for "ok", a note on a year we assumed
    last_year: bool = False  # given without a year, taken as last year's (the latest such day)
    no_year: bool = False  # given without a year (taken as the latest such day up to today)


@dataclass(frozen=True)
class DateMention:
    """A date found in a message, with where it was (to tell "dated 3 May" from "received 5 May")."""

    start: int
    end: int
    answer: DateAnswer


def say_date(day: dt.date) -> str:
    return day.strftime("%-d %B %Y")


def _year(text: str | None, today: dt.date) -> int | None:
    if not text:
        return None
    text = text.lstrip("'")
    year = int(text)
    return year + 2000 if year < 100 else year


def upcoming(mention: DateMention, today: dt.date, still_to_come: bool = False) -> DateMention:
    """A date given without a year, read as the next such day instead of the last: one that had been taken as
    last year's ("what if the certificate comes on 20 December?"), or, when the parent says it is still to come
    ("the letter will go out on 15 January"), any such date."""
    answer = mention.answer
    if answer.status != "ok" or not answer.date or not (answer.last_year or (still_to_come and answer.no_year)):
        return mention
    try:
        ahead = answer.date.replace(year=answer.date.year + 1)
        if ahead <= today:  # taken as last year's: the next one is this year's
            ahead = answer.date.replace(year=answer.date.year + 2)
        return DateMention(mention.start, mention.end, DateAnswer("ok", ahead))
    except ValueError:  # 29 February
        return mention


def latest_day(day: int, month: int, today: dt.date) -> DateAnswer:
    """A day and month said without a year: the latest such day up to today ("the 1st", of October said before)."""
    return _build(day, month, None, today, f"{day}/{month}")


def _build(day: int, month: int, year: int | None, today: dt.date, said: str) -> DateAnswer:
    if not 1 <= month <= 12:
        return DateAnswer("impossible", message=f"That doesn't look like a real date: there is no month {month}. "
                                                "Could you check it? Dates are read day first.")
    note = ""
    no_year = year is None
    if year is None:
        # No year: the most recent such date that is not in the future, and we say which year we took.
        year = today.year
        try:
            if dt.date(year, month, day) > today:
                year -= 1
                note = (f"I've taken that to mean {say_date(dt.date(year, month, day))}. If you meant another "
                        "year, tell me the full date.")
        except ValueError:
            pass
    try:
        return DateAnswer("ok", dt.date(year, month, day), note, last_year=bool(note), no_year=no_year)
    except ValueError:
        month_name = dt.date(2000, month, 1).strftime("%B")
        return DateAnswer(
            "impossible",
            message=f"That isn't a real date: {month_name} {year} doesn't have a day {day}. Could you check it?",
        )


def _amount(word: str) -> int:
    return WORD_NUMBERS.get(word.lower()) or int(word)


def _days(amount: int, unit: str) -> int | None:
    unit = unit.lower()
    if unit.startswith(("d",)):
        return amount
    if unit.startswith("f"):
        return 14 * amount
    if unit.startswith("w"):
        return 7 * amount
    return None  # months: "2 months ago" is not one day


def _future(day: dt.date | None, said: str) -> DateAnswer:
    when = f"{say_date(day)} is" if day else "That date is"
    return DateAnswer("future", day, f"{when} in the future. Could you check the date on the letter? "
                                     "Dates are read day first, so 3/4/26 means 3 April 2026.")


# "Last month on the 3rd", "the 12th of this month", "this month and on the 12th".
DAY_OF_MONTH = re.compile(r"\b(last|this) month,?( and)? on the (\d{1,2})(?:st|nd|rd|th)?\b|"
                          r"\b(?:on )?the (\d{1,2})(?:st|nd|rd|th)? (?:of )?(last|this) month\b")


def _day_of_month(match: re.Match[str], today: dt.date) -> DateAnswer:
    which, day = (match.group(1), match.group(3)) if match.group(1) else (match.group(5), match.group(4))
    year, month = today.year, today.month
    if which == "last":
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    try:
        return DateAnswer("ok", dt.date(year, month, int(day)))
    except ValueError:
        return DateAnswer("impossible", message=f"That isn't a real date: that month doesn't have a day {day}. "
                                                "Could you check it?")


def _relative(lowered: str, today: dt.date) -> list[tuple[int, int, DateAnswer]]:
    """Dates said relative to today ("a week last tuesday", "3 wks ago", "next friday")."""
    found: list[tuple[int, int, DateAnswer]] = []
    for match in DAY_OF_MONTH.finditer(lowered):
        found.append((match.start(), match.end(), _day_of_month(match, today)))
    for match in VAGUE_MONTH.finditer(lowered):
        found.append((match.start(), match.end(), DateAnswer("vague", message=_ask_exact(match.group(0)))))
    for match in HEDGED_AGO.finditer(lowered):
        found.append((match.start(), match.end(), DateAnswer("vague", message=_ask_exact(match.group(0)))))
    for match in EXACT_MONTHS_AGO.finditer(lowered):
        months = _amount(match.group(1) or match.group(2))
        year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
        last = monthrange(year, month + 1)[1]  # 31 March, a month back: 28 or 29 February
        found.append((match.start(), match.end(), DateAnswer("ok", dt.date(year, month + 1, min(today.day, last)))))
    for match in FORTNIGHT_AGO.finditer(lowered):
        found.append((match.start(), match.end(), DateAnswer("ok", today - dt.timedelta(days=14))))
    for match in WEEKS_AGO_ON.finditer(lowered):
        base = today - dt.timedelta(weeks=_amount(match.group(1)))
        monday = base - dt.timedelta(days=base.weekday())
        found.append((match.start(), match.end(),
                      DateAnswer("ok", monday + dt.timedelta(days=WEEKDAYS[match.group(2).lower()]))))
    for match in AGO.finditer(lowered):
        total = 0
        for amount, unit in ((match.group(1), match.group(2)), (match.group(3), match.group(4))):
            if amount is None:
                continue
            days = _days(_amount(amount), unit)
            if days is None:
                total = -1
                break
            total += days
        answer = (DateAnswer("ok", today - dt.timedelta(days=total)) if total >= 0
                  else DateAnswer("vague", message=_ask_exact(match.group(0))))
        found.append((match.start(), match.end(), answer))
    for match in WEEKDAY_NTH.finditer(lowered):
        day_said = int(match.group(1))
        year, month = (today.year, today.month) if day_said <= today.day else (
            (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1))
        try:
            found.append((match.start(), match.end(), DateAnswer("ok", dt.date(year, month, day_said))))
        except ValueError:
            found.append((match.start(), match.end(), DateAnswer(
                "impossible", message=f"That isn't a real date: that month doesn't have a day {day_said}. "
                                      "Could you check it?")))
    for match in DAY_BEFORE_YESTERDAY.finditer(lowered):
        found.append((match.start(), match.end(), DateAnswer("ok", today - dt.timedelta(days=2))))
    for match in re.finditer(r"\byesterday\b", lowered):
        found.append((match.start(), match.end(), DateAnswer("ok", today - dt.timedelta(days=1))))
    for match in re.finditer(r"\btoday'?s?\b|\bthis (morning|afternoon|evening)\b|\bearlier today\b", lowered):
        found.append((match.start(), match.end(), DateAnswer("ok", today)))
    for match in NEXT_WEEKDAY.finditer(lowered):
        name = match.group(1) or match.group(2)
        if name:
            ahead = (WEEKDAYS[name.lower()] - today.weekday()) % 7 or 7
            if match.group(2):  # "tuesday next week": the one in next week
                ahead = 7 - today.weekday() + WEEKDAYS[name.lower()]
            day: dt.date | None = today + dt.timedelta(days=ahead)
        else:
            day = today + dt.timedelta(days=1) if "tomorrow" in match.group(0) else None
        found.append((match.start(), match.end(), _future(day, match.group(0))))
    for match in WEEK_LAST.finditer(lowered):
        back = (today.weekday() - WEEKDAYS[match.group(2).lower()]) % 7 or 7
        weeks = _amount(match.group(1))
        found.append((match.start(), match.end(), DateAnswer("ok", today - dt.timedelta(days=back + 7 * weeks))))
    for pattern in (LAST_WEEKDAY, BARE_WEEKDAY):
        for match in pattern.finditer(lowered):
            back = (today.weekday() - WEEKDAYS[match.group(1).lower()]) % 7 or 7
            found.append((match.start(), match.end(), DateAnswer("ok", today - dt.timedelta(days=back))))
    return found


def _said_year(lowered: str, end: int, today: dt.date) -> int | None:
    """"20 june last year", "3 march this year": the year said in words just after a date."""
    after = lowered[end:end + 14]
    if re.match(r"\s*,?\s*last year", after):
        return today.year - 1
    if re.match(r"\s*,?\s*this year", after):
        return today.year
    return None


def _calendar(lowered: str, today: dt.date) -> list[tuple[int, int, DateAnswer]]:
    """Calendar dates ("3/11/26", "2026.11.03", "3rd of nov 25", "november the 3rd")."""
    found: list[tuple[int, int, DateAnswer]] = []
    year: int | None  # a date without its year gets one from _build
    for match in ISO.finditer(lowered):
        year, month, day = (int(g) for g in match.groups())
        found.append((match.start(), match.end(), _build(day, month, year, today, match.group(0))))
    for match in NUMERIC.finditer(lowered):
        day, month = int(match.group(1)), int(match.group(2))
        found.append((match.start(), match.end(), _build(day, month, _year(match.group(3), today), today,
                                                          match.group(0))))
    for match in DAY_SLASH_MONTH.finditer(lowered):
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            found.append((match.start(), match.end(), _build(day, month, None, today, match.group(0))))
    for match in DAY_DOT_MONTH.finditer(lowered):
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            found.append((match.start(1), match.end(2), _build(day, month, None, today, match.group(0))))
    for match in THIS_MONTH.finditer(lowered):
        first = today.replace(day=1)
        if match.group(2).lower() == "last":
            first = (first - dt.timedelta(days=1)).replace(day=1)
        found.append((match.start(), match.end(), _build(int(match.group(1)), first.month, first.year, today,
                                                          match.group(0))))
    for match in DAY_MONTH.finditer(lowered):
        ordinal = re.match(r"\d+(?:st|nd|rd|th)", match.group(0))
        if match.group(2).lower() == "may" and not match.group(3) and (
                (AGE.search(lowered[:match.start()]) and not ordinal) or MAY_VERB.match(lowered[match.end():])):
            continue  # "he is 11 may I ask...": an age and a verb, not 11 May ("that was 20th may" is a date)
        day, month = int(match.group(1)), MONTHS[match.group(2).lower()]
        year = _year(match.group(3), today) or _said_year(lowered, match.end(), today)
        found.append((match.start(), match.end(), _build(day, month, year, today, match.group(0))))
    for match in MONTH_DAY.finditer(lowered):
        ordinal = re.search(r"\d(?:st|nd|rd|th)", match.group(0))
        if match.group(1).lower() == "may" and not match.group(3) and not ordinal:
            continue  # "may 3 of us come": "may" is a verb unless the day is an ordinal or a year follows
        month, day = MONTHS[match.group(1).lower()], int(match.group(2))
        year = _year(match.group(3), today) or _said_year(lowered, match.end(), today)
        found.append((match.start(), match.end(), _build(day, month, year, today, match.group(0))))
    return found


def _ordinal_words(lowered: str) -> str:
    """"first of november" -> "1st of november" (same length is not kept; positions are only used
    relative to each other within one message)."""
    def number(match: re.Match[str]) -> str:
        value = DAY_WORDS.index(match.group(2)) + 1
        value += {"twenty": 20, "thirty": 30}.get(match.group(1) or "", 0)
        return f"{value}th"

    return ORDINAL_WORD.sub(number, lowered)


def find_dates(text: str, today: dt.date | None = None, allow_future: bool = False) -> list[DateMention]:
    """Every date a message names, in order, each read the British way (day first)."""
    today = today or clock.today()
    lowered = _ordinal_words(_fix_month_typos((text or "").lower()))
    calendar = _calendar(lowered, today)
    relative = [r for r in _relative(lowered, today)
                if not (BARE_WEEKDAY.fullmatch(lowered[r[0]:r[1]].split()[-1])
                        and any(abs(c[0] - r[1]) <= 3 or abs(r[0] - c[1]) <= 3 for c in calendar))]
    found = sorted(calendar + relative, key=lambda f: (f[0], -(f[1] - f[0])))
    mentions: list[DateMention] = []
    taken_until = -1
    for start, end, answer in found:
        if start < taken_until:
            continue  # inside a longer match already taken ("3 weeks ago on tuesday")
        taken_until = end
        if answer.status == "ok" and answer.date and answer.date > today and not allow_future:
            answer = _future(answer.date, lowered[start:end])
        mentions.append(DateMention(start, end, answer))
    return mentions


def _parse(text: str, today: dt.date) -> DateAnswer:
    mentions = find_dates(text, today, allow_future=True)
    if mentions:
        return mentions[0].answer
    lowered = text.lower()
    if VAGUE.search(lowered):
        return DateAnswer("vague", message=_ask_exact(text.strip()))
    if BARE_DURATION.search(lowered) or len(lowered.split()) > 8:
        return DateAnswer("none")  # "2 months", "10 days": a length of time, not a date
    parsed = dateparser.parse(
        text, languages=["en"],
        settings={"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "RELATIVE_BASE": dt.datetime(
            today.year, today.month, today.day), "REQUIRE_PARTS": ["day", "month"]},
    )
    if parsed:
        return DateAnswer("ok", parsed.date())
    return DateAnswer("none")


BARE_DURATION = re.compile(rf"\b{AMOUNT}\s+{UNIT}\b", re.I)


def names_a_date(text: str) -> bool:
    """Whether the text names a calendar date ("3rd nov", "12/09/2026", "2026-09-12"), not just a day
    word: used to recognise an answer to "what date is on the letter?" that the classifier missed."""
    lowered = _ordinal_words(_fix_month_typos((text or "").lower()))
    return bool(_calendar(lowered, clock.today()))


def has_a_date(text: str) -> bool:
    """Whether the text names any date, calendar or relative ("3/11", "last tuesday", "3 weeks ago")."""
    return bool(find_dates(text or "", allow_future=True))


def has_an_exact_date(text: str) -> bool:
    """Whether the text names a date that can be worked from (not "about 3 weeks ago")."""
    return any(m.answer.status == "ok" for m in find_dates(text or "", allow_future=True))


def _ask_exact(said: str) -> str:
    return ("I need the exact date to work out the deadline. What date is printed on the letter? "
            "For example 14 March 2026 or 14/3/26.")


def parse_date(text: str, today: dt.date | None = None, allow_future: bool = False) -> DateAnswer:
    """Read a date from free text. Letter dates are in the past, so future dates are questioned."""
    today = today or clock.today()
    answer = _parse(text or "", today)
    if answer.status == "ok" and answer.date and not allow_future and answer.date > today:
        return _future(answer.date, text)
    if answer.status == "future" and allow_future and answer.date:
        return DateAnswer("ok", answer.date)
    return answer
