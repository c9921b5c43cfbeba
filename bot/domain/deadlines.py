"""Statutory deadlines, computed exactly. Pure functions: no Rasa, no database.

Every result carries the date, each rule it applied (in plain English, in order) and its sources,
so the assistant can explain how it got there. Numbers come from knowledge/timescales.yml.

Rules (law-and-services.md §1, §2, §4, §10):
- SEN appeal: the later of 2 months from the decision letter and 1 month from the mediation
  certificate. Months are counted date to date; a date that does not exist in the target month
  (31 December + 2 months) becomes that month's last day, the earlier possible date. Then HESC
  rule 12: a deadline from 25 December to 1 January moves to the first working day after 1 January;
  one in August to the first working day after 31 August; otherwise one on a weekend or bank
  holiday moves to the next working day. The appeal must arrive by 5pm.
- Disability discrimination claim: 6 months starting with the day of the conduct (so the last day
  is the day before the same date 6 months on). No Christmas, August or weekend adjustment.
- EHC process: weeks from the request; 15 days for a draft plan starting with the day it was sent;
  annual review 4 weeks from the meeting, then 8 weeks; phase transfer before 15 February (31 March
  for secondary to post-16); Ombudsman 12 months.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

from bot.domain import knowledge

DATE_FORMAT = "%A %-d %B %Y"  # "Monday 4 January 2027"


def say(day: dt.date) -> str:
    return day.strftime(DATE_FORMAT)


@dataclass(frozen=True)
class Deadline:
    kind: str
    title: str  # what the date is for, e.g. "Last day to appeal to the SEND Tribunal"
    date: dt.date
    rules: tuple[str, ...]
    sources: tuple[str, ...]
    by_time: str | None = None  # "5pm" when the law sets a time of day
    period: str = ""  # the time allowed, as parents read it ("6 weeks"), for timelines

    def days_left(self, today: dt.date) -> int:
        return (self.date - today).days


@dataclass
class Timeline:
    """Several dates from one starting date (the EHC process, an annual review)."""

    kind: str
    start: dt.date
    items: list[Deadline] = field(default_factory=list)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> holidays.HolidayBase:
    # England and Wales: includes Good Friday, Christmas Day and substitute days.
    return holidays.country_holidays("UK", subdiv="ENG", years=year)


def is_bank_holiday(day: dt.date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself if it is a working day, otherwise the next one."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def first_working_day_after(day: dt.date) -> dt.date:
    return next_working_day(day + dt.timedelta(days=1))


def add_months(day: dt.date, months: int) -> tuple[dt.date, bool]:
    """Date-to-date month arithmetic. Returns (date, clamped): clamped when the day did not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last)), day.day > last


def _timescale(key: str) -> dict:
    return knowledge.get().timescales[key]


def _holiday_name(day: dt.date) -> str:
    name = _bank_holidays(day.year).get(day)
    if name:
        return f"a bank holiday ({name})"
    return "at a weekend"  # the date said just before already names the day ("Saturday 19 December 2026")


def tribunal_rule_12(day: dt.date, steps: list[str]) -> dt.date:
    """Apply HESC rule 12 to the last day for an SEN appeal, recording what it did."""
    christmas = (day.month == 12 and day.day >= 25) or (day.month == 1 and day.day == 1)
    if christmas:
        new_year = dt.date(day.year + (1 if day.month == 12 else 0), 1, 1)
        moved = first_working_day_after(new_year)
        steps.append(
            f"{say(day)} falls between 25 December and 1 January, so the Tribunal's rule 12 moves it "
            f"to the first working day after 1 January: {say(moved)}."
        )
        return moved
    if day.month == 8:
        moved = first_working_day_after(dt.date(day.year, 8, 31))
        steps.append(
            f"{say(day)} is in August, so the Tribunal's rule 12 moves it to the first working day "
            f"after 31 August: {say(moved)}."
        )
        return moved
    if not is_working_day(day):
        moved = next_working_day(day)
        steps.append(f"{say(day)} is {_holiday_name(day)}, so it moves to the next working day: {say(moved)}.")
        return moved
    return day


def sen_appeal(decision_letter: dt.date, certificate: dt.date | None = None) -> Deadline:
    """Last day for an SEN appeal to the First-tier Tribunal (SEND)."""
    appeal = _timescale("sen_appeal")
    steps: list[str] = []
    from_letter, clamped = add_months(decision_letter, appeal["months"])
    steps.append(f"{appeal['label']} from the decision letter dated {say(decision_letter)} is {say(from_letter)}.")
    if clamped:
        steps.append(
            "That month has no matching date, so I have used its last day, the earlier possible date. "
            "Please check it with IPSEA or your local SENDIASS."
        )
    deadline = from_letter
    if certificate is not None:
        after = _timescale("sen_appeal_after_certificate")
        from_certificate, clamped = add_months(certificate, after["months"])
        steps.append(
            f"{after['label']} from the mediation certificate dated {say(certificate)} is {say(from_certificate)}."
        )
        if clamped:
            steps.append("That month has no matching date, so I have used its last day, the earlier possible date.")
        if from_certificate > from_letter:
            steps.append("The later of the two dates counts.")
            deadline = from_certificate
        else:
            steps.append("The later of the two dates counts, which is the one from the decision letter.")
    deadline = tribunal_rule_12(deadline, steps)
    return Deadline(
        kind="sen_appeal",
        title="Last day for the SEND Tribunal to receive your appeal",
        date=deadline,
        rules=tuple(steps),
        sources=tuple(dict.fromkeys([*appeal["sources"], "law-deadline-logic"])),
        by_time="5pm",
    )


def sen_appeal_from_certificate(certificate: dt.date) -> Deadline:
    """The appeal deadline from a mediation certificate alone (1 month): the decision letter's 2 months
    count instead if they end later, which the reply says."""
    after = _timescale("sen_appeal_after_certificate")
    steps: list[str] = []
    from_certificate, clamped = add_months(certificate, after["months"])
    steps.append(f"{after['label']} from the mediation certificate dated {say(certificate)} "
                 f"is {say(from_certificate)}.")
    if clamped:
        steps.append("That month has no matching date, so I have used its last day, the earlier possible date. "
                     "Please check it with IPSEA or your local SENDIASS.")
    deadline = tribunal_rule_12(from_certificate, steps)
    return Deadline(kind="sen_appeal", title="Last day for the SEND Tribunal to receive your appeal", date=deadline,
                    rules=tuple(steps), sources=tuple(dict.fromkeys([*after["sources"], "law-deadline-logic"])),
                    by_time="5pm")


def mediation_adviser(decision_letter: dt.date) -> Deadline:
    """Last day to contact the mediation adviser (SEND Regs reg 33). No rule 12 adjustment."""
    rule = _timescale("mediation_adviser")
    day, _ = add_months(decision_letter, rule["months"])
    return Deadline(
        kind="mediation_adviser",
        title="Contact the mediation adviser by",
        date=day,
        rules=(f"{rule['label']} from the decision letter dated {say(decision_letter)}. "
               "Contact them well before this date.",),
        sources=tuple(rule["sources"]),
    )


# Said of a claim to the SEND Tribunal only (a County Court claim's rules are not confirmed: deadline_text).
TRIBUNAL_CLAIM_RULE = ("The Christmas and August rules do not apply to discrimination claims, and the clock does "
                       "not stop while you complain to the school. Send the claim early.")


def discrimination_claim(conduct: dt.date) -> Deadline:
    """Last day to claim disability discrimination against a school (6 months starting with the conduct)."""
    rule = _timescale("discrimination_claim")
    same_date, clamped = add_months(conduct, rule["months"])
    last = same_date if clamped else same_date - dt.timedelta(days=1)
    steps = [
        f"{rule['label']} starting with {say(conduct)} ends on {say(last)}.",
        TRIBUNAL_CLAIM_RULE,
    ]
    if clamped:
        steps.insert(1, "That month has no matching date, so I have used the earlier possible date. "
                        "Please check it with IPSEA or your local SENDIASS.")
    else:  # law-and-services: "minus one day" is UNCONFIRMED against case law, so both days are said
        steps.insert(1, f"Some guides count {rule['label']} to {say(same_date)}. Do not wait for that day: "
                        "check with IPSEA or your local SENDIASS.")
    if not is_working_day(last):
        steps.append(f"{say(last)} is {_holiday_name(last)}: do not rely on it moving, send it before.")
    return Deadline(
        kind="discrimination_claim",
        title="Last day to make a disability discrimination claim",
        date=last,
        rules=tuple(steps),
        sources=tuple(rule["sources"]),
    )


def _weeks(start: dt.date, key: str, title: str, what: str) -> Deadline:
    rule = _timescale(key)
    day = start + dt.timedelta(weeks=rule["weeks"])
    return Deadline(key, title, day, (f"{rule['label']} from {what} {say(start)}.",), tuple(rule["sources"]),
                    period=rule["label"])


def ehc_assessment(request: dt.date) -> Timeline:
    """The EHC needs assessment timescales from the date the council received the request."""
    what = "the request on"
    return Timeline("ehc_assessment", request, [
        _weeks(request, "ehc_decision_to_assess", "Decision on whether to assess", what),
        _weeks(request, "ehc_decision_not_to_issue", "If it will not issue a plan, it must tell you by", what),
        _weeks(request, "ehc_final_plan", "Final EHC plan due by", what),
    ])


def draft_plan_comments(sent: dt.date) -> Deadline:
    rule = _timescale("draft_plan_comments")
    last = sent + dt.timedelta(days=rule["days"] - 1)
    return Deadline(
        "draft_plan_comments", "Last day to comment on the draft plan and ask for a school", last,
        (f"At least {rule['label']}, starting with the day the draft was sent ({say(sent)}).",),
        tuple(rule["sources"]),
    )


def amended_plan_due(proposed_changes: dt.date) -> Deadline:
    """After a review: the final amended plan, counted from the day the proposed changes were sent."""
    return _weeks(proposed_changes, "annual_review_final_plan", "Final amended plan due by",
                  "the proposed changes sent on")


def annual_review(meeting: dt.date, proposed_changes: dt.date | None = None) -> Timeline:
    decision = _weeks(meeting, "annual_review_decision",
                      "The council's decision, with any proposed changes, due by", "the review meeting on")
    final_rule = _timescale("annual_review_final_plan")
    base = proposed_changes or decision.date
    final = Deadline(
        "annual_review_final_plan", "Final amended plan due by",
        base + dt.timedelta(weeks=final_rule["weeks"]),
        (f"{final_rule['label']} after the proposed changes"
         + (f" sent on {say(proposed_changes)}." if proposed_changes else
            ", which is at most 12 weeks from the meeting."),),
        tuple(final_rule["sources"]),
        period=final_rule["label"],
    )
    interval = _timescale("annual_review_interval")
    next_day, _ = add_months(meeting, interval["months"])
    next_review = Deadline(
        "annual_review_interval", "Next annual review due by", next_day,
        (f"The plan must be reviewed again within {interval['label']} of this review.",),
        tuple(interval["sources"]), period=interval["label"],
    )
    return Timeline("annual_review", meeting, [decision, final, next_review])


def phase_transfer(transfer_year: int, post16: bool = False) -> Deadline:
    rule = _timescale("phase_transfer_post16" if post16 else "phase_transfer")
    month, day = (int(part) for part in rule["month_day"].split("-"))
    before = dt.date(transfer_year, month, day)
    return Deadline(
        "phase_transfer", "Amended plan naming the new school or college due", before - dt.timedelta(days=1),
        (f"The plan must be amended to name the new school or college before "
         f"{rule['label']} {transfer_year}.",), tuple(rule["sources"]),
    )


def post16_move(move: dt.date) -> Deadline:
    """A move between two post-16 institutions at another time than September: at least 5 months before."""
    rule = _timescale("phase_transfer_post16_midyear")
    due, _ = add_months(move, -rule["months"])
    return Deadline(
        "phase_transfer", "Amended plan naming the new college due by", due,
        (f"The plan must be reviewed and amended at least {rule['label']} before the move.",),
        tuple(rule["sources"]),
    )


def ombudsman(problem: dt.date) -> Deadline:
    rule = _timescale("ombudsman")
    day, _ = add_months(problem, rule["months"])
    return Deadline(
        "ombudsman", "Complain to the Ombudsman by", day,
        (f"{rule['label']} from when you knew about the problem ({say(problem)}). "
         "Use the council's complaints process first.",),
        tuple(rule["sources"]),
    )
