"""Turn computed deadlines into short, plain-English replies (no Rasa here)."""

from __future__ import annotations

import datetime as dt

from bot.domain import knowledge
from bot.domain.deadlines import (
    TRIBUNAL_CLAIM_RULE,
    Deadline,
    Timeline,
    annual_review,
    discrimination_claim,
    ehc_assessment,
    mediation_adviser,
    say,
)


def days_phrase(deadline: dt.date, today: dt.date) -> str:
    days = (deadline - today).days
    if days > 1:
        return f"That is {days} days from today."
    if days == 1:
        return "That is tomorrow."
    if days == 0:
        return "That is today."
    return f"That date passed {-days} day{'s' if days != -1 else ''} ago."


def awaiting_certificate_reply(result: Deadline, letter: dt.date) -> str:
    """2 months from the letter has passed, but the parent has contacted the mediation adviser and the certificate
    has not come: if they contacted the adviser in time (reg 33), the month from the certificate is theirs still."""
    adviser = mediation_adviser(letter)
    return "\n".join([
        knowledge.get().fill(
            f"You said you have contacted the mediation adviser. If you did that by {say(adviser.date)} "
            "([[timescale.mediation_adviser]] from the letter), you can still appeal: you have "
            "[[timescale.sen_appeal_after_certificate]] from the date on the mediation certificate."),
        knowledge.get().fill(
            "The adviser should send the certificate within [[timescale.certificate_issue]] of you saying you do not "
            "want mediation, or of mediation ending. If it has not come, ask them for it in writing today, and tell "
            "me its date when you have it."),
        f"Counted from the letter alone, the appeal deadline was {say(result.date)}, which has passed. If you "
        f"contacted the adviser after {say(adviser.date)}, get advice quickly: you can ask the Tribunal to accept a "
        "late appeal.",
        "This is information, not legal advice: IPSEA or your local SENDIASS can check it for free."])


def appeal_reply(result: Deadline, today: dt.date, letter: dt.date | None, certificate: dt.date | None,
                 school_only: bool = False, mediation_asked: bool = False, adviser_contacted: bool = False) -> str:
    """The appeal's last day; with a letter and no certificate, the mediation adviser's day too (reg 33: 2 months
    from the letter, with no Christmas or August rule, so it can come before the appeal's), first when asked."""
    if adviser_contacted and letter is not None and certificate is None and result.date < today and not school_only:
        return awaiting_certificate_reply(result, letter)
    adviser = mediation_adviser(letter) if letter and certificate is None and not school_only else None
    lines = []
    if adviser and mediation_asked:
        lines += [knowledge.get().fill(f"Contact the mediation adviser named in your letter by {say(adviser.date)}: "
                                       "that is [[timescale.mediation_adviser]] from the letter. Do it well before "
                                       "then."), days_phrase(adviser.date, today), ""]
    lines += [f"Your appeal must reach the SEND Tribunal by {result.by_time} on {say(result.date)}.",
              days_phrase(result.date, today)]
    if letter is None:
        lines.append("That is 1 month from your certificate. If 2 months from the date on the council's decision "
                     "letter ends later, that later date counts: tell me the letter's date to check.")
    passed = result.date < today
    if school_only and certificate is None:
        lines.append("If your appeal is only about the school or type of school named in the plan, you do not "
                     "need a mediation certificate first.")
    elif certificate is None and letter is not None and not passed:  # no certificate: there is a letter
        # The rule, not the date a certificate must be after: a second date beside the deadline reads as
        # another deadline (three of b40's blind writers took it for a wrong one).
        lines.append(knowledge.get().fill(
            "I've assumed you have no mediation certificate yet. If you get one, tell me its date: "
            "[[timescale.sen_appeal_after_certificate]] from the certificate can give you longer."))
    lines += ["", "How I worked it out:"]
    lines += [f"- {rule}" for rule in result.rules]
    lines.append("")
    if passed:
        lines.append("You can still ask the Tribunal to accept a late appeal: it can extend the time if that is "
                     "fair and just, for example if the council's letter did not tell you about your right to "
                     "appeal. Get advice quickly from IPSEA or your local SENDIASS.")
    elif certificate is not None or school_only:
        lines.append("Next: send your appeal to the Tribunal in good time, and keep proof of when you sent it.")
    else:
        by = (knowledge.get().fill(f" (by {say(adviser.date)} at the latest: [[timescale.mediation_adviser]] from "
                                   "the letter)") if adviser and adviser.date >= today and not mediation_asked else "")
        lines.append(f"Next: contact the mediation adviser named in your letter first{by}, unless your appeal is "
                     "only about the school or type of school named, or no school is named. They give you a "
                     "certificate; mediation itself is your choice.")
    lines.append("This is information, not legal advice: IPSEA or your local SENDIASS can check it for free.")
    return "\n".join(lines)


COUNTY_COURT_BODIES = {"college": "a further education college", "private_nursery": "a private nursery"}


def discrimination_reply(result: Deadline, today: dt.date, against: str | None = None,
                         exclusion: bool = False) -> str:
    """The last day for a disability discrimination claim, said for who the claim is against
    (law-and-services.md §2): schools go to the SEND Tribunal; further education colleges and private nurseries
    to the County Court, whose time limit is not confirmed; a claim about an exclusion needs advice first, so
    its date is a guide only."""
    passed = result.date < today
    rules = [f"- {rule}" for rule in result.rules]
    if exclusion:
        lines = ["Where a disability discrimination claim about an exclusion goes is not settled, so get advice "
                 "quickly: check with your local SENDIASS or IPSEA before you rely on any date.",
                 f"As a guide only: if the claim goes to the SEND Tribunal, the last day would usually be "
                 f"{say(result.date)}.", days_phrase(result.date, today), "", *rules, "",
                 *(["The Tribunal can still consider a late claim if it thinks it fair, so it may not be too "
                    "late: get advice quickly."] if passed else []),
                 "Do not wait for the governors or a review panel before you get advice. Coram Child Law Advice "
                 "also helps with exclusions.",
                 "This is information, not legal advice."]
        return "\n".join(lines)
    if against in COUNTY_COURT_BODIES or against == "nursery":
        if against == "nursery":
            lines = ["Where the claim goes depends on the nursery. Against a nursery school, or a nursery class that "
                     "is part of a school, it goes to the SEND Tribunal. Against a private nursery, it goes to the "
                     "County Court.",
                     f"For the SEND Tribunal, the last day is {say(result.date)}.", days_phrase(result.date, today)]
        else:
            lines = [f"A disability discrimination claim against {COUNTY_COURT_BODIES[against]} goes to the County "
                     "Court, not the SEND Tribunal.",
                     f"The County Court's time limit is usually the same, which would make the last day "
                     f"{say(result.date)}.", days_phrase(result.date, today)]
        lines += ["", *[f"- {rule}" for rule in result.rules if rule != TRIBUNAL_CLAIM_RULE], "",
                  "The County Court can sometimes allow a late claim if that is fair. We could not confirm the "
                  "details of its time limit, so check with your local SENDIASS or IPSEA, and claim early.",
                  "You can complain to them as well, but do not wait for that to finish."]
        return "\n".join(lines)
    lines = [f"The last day to make a disability discrimination claim to the SEND Tribunal is {say(result.date)}.",
             days_phrase(result.date, today), "", *rules]
    if passed:
        lines += ["", "The Tribunal can still consider a late claim if it thinks it fair. Get advice quickly "
                  "from IPSEA, EASS or your local SENDIASS."]
    else:
        lines += ["", "You can complain to the school as well, but do not wait for that to finish."]
    lines.append("You do not need a mediation certificate for a discrimination claim.")
    if against is None:
        lines.append("This is for a claim against a school. A claim against a further education college or a "
                     "private nursery goes to the County Court instead: ask me about that.")
    return "\n".join(lines)


def timeline_reply(timeline: Timeline, today: dt.date, intro: str, passed_advice: str) -> str:
    lines = [intro]
    for item in timeline.items:
        status = "; passed" if item.date < today else ""
        lines.append(f"- {item.title}: {say(item.date)} ({item.period}{status})")
    if any(item.date < today for item in timeline.items):
        lines += ["", passed_advice]
    return "\n".join(lines)


def draft_reply(result: Deadline, today: dt.date, final: Deadline | None = None) -> str:
    """`final`: after a review, when the final amended plan is due (the proposed changes are the draft)."""
    lines = [f"You have until {say(result.date)} to send your comments on the draft and ask for a school or "
             "college to be named.", days_phrase(result.date, today), ""]
    lines += [f"- {rule}" for rule in result.rules]
    if final:
        lines += [f"- The final amended plan is due by {say(final.date)}: {final.rules[0]}"]
        if final.date < today:
            lines += ["", "That date has passed: ask your caseworker in writing, then use the council's complaints "
                      "process."]
    lines += ["", "Put your comments in writing and keep a copy. Your local SENDIASS can help you check the draft."]
    return "\n".join(lines)


def month_only_reply(timeline: Timeline, today: dt.date, what: str, passed_advice: str) -> str | None:
    """Only the month is known ("back in June"), but counting from its last day some dates have already passed:
    say so now, rather than only asking for the exact day. None when nothing has passed yet."""
    if not any(item.date < today for item in timeline.items):
        return None
    month = timeline.start.strftime("%B")
    return "\n".join([
        timeline_reply(timeline, today, f"I don't have the exact date of {what}, but even counting from the end of "
                                         f"{month} ({say(timeline.start)}):", passed_advice),
        "", "Tell me the exact date and I'll work out each date exactly."])


EHC_PASSED = ("If the council has missed a date, you can complain to the council and then the Ombudsman. "
              "Your local SENDIASS can help.")
REVIEW_PASSED = ("If the council has missed a date, ask your caseworker in writing, then use the council's complaints "
                 "process. Your local SENDIASS can help.")


def discrimination_month_only_reply(latest: dt.date, today: dt.date) -> str | None:
    """Only the month of what happened is known ("in march this year"), but even from its last day the claim's usual
    time limit has passed: say so now. None when it may not have passed."""
    result = discrimination_claim(latest)
    if result.date >= today:
        return None
    return "\n".join([
        f"I don't have the exact date, but even counting from the end of {latest.strftime('%B')} "
        f"({say(latest)}), the last day for a claim to the SEND Tribunal was {say(result.date)}, so the usual time "
        + knowledge.get().fill("limit ([[timescale.discrimination_claim]] from what happened) has passed."),
        "The Tribunal can still consider a late claim if it thinks it fair. Get advice quickly from IPSEA, EASS or "
        "your local SENDIASS.",
        "If it went on after that, the time counts from when it ended: tell me that date and I'll work it out."])


def late_from_month(kind: str, latest: dt.date, today: dt.date) -> str | None:
    """The EHC or review dates counted from the last day of the month the parent named, if some have passed; for a
    discrimination claim, whether its time limit has passed even from that day."""
    if kind == "discrimination":
        return discrimination_month_only_reply(latest, today)
    if kind == "ehc":
        return month_only_reply(ehc_assessment(latest), today, "the request", EHC_PASSED)
    if kind == "review":
        return month_only_reply(annual_review(latest), today, "the review meeting", REVIEW_PASSED)
    return None


def ehc_reply(timeline: Timeline, today: dt.date) -> str:
    return timeline_reply(
        timeline, today,
        f"From the request on {say(timeline.start)}, the council must meet these dates:", EHC_PASSED)


def review_reply(timeline: Timeline, today: dt.date) -> str:
    return timeline_reply(
        timeline, today,
        f"After the annual review meeting on {say(timeline.start)}:", REVIEW_PASSED)


def phase_transfer_reply(result: Deadline, today: dt.date, move_year: int, move_month: int = 9) -> str:
    if move_month != 9:  # between two post-16 places during the year: at least 5 months before the move
        month = dt.date(move_year, move_month, 1).strftime("%B")
        lines = [f"For a move between colleges or sixth forms in {month} {move_year}, the council must review the "
                 f"EHC plan and amend it to name the new one at least 5 months before the move: by {say(result.date)} "
                 f"if the move is on 1 {month}.", days_phrase(result.date, today)]
    else:
        before = result.date + dt.timedelta(days=1)
        lines = [f"For a move in September {move_year}, the council must review the EHC plan and amend it to name "
                 f"the new school or college before {say(before)}.", days_phrase(result.date, today)]
    if result.date < today:
        lines.append("If that date has passed and the plan still does not name the new school, ask the council's "
                     "SEND team in writing now. Your local SENDIASS can help, for free.")
    else:
        lines.append("Tell the council which school or college you want in good time. Your local SENDIASS can help, "
                     "for free.")
    return "\n".join(lines)
