"""What a council content designer should re-check: every fact in knowledge/ with its status, source and
the date it was last reviewed, oldest first, and those older than a given age flagged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.domain import clock, knowledge


@dataclass(frozen=True)
class FactRow:
    where: str  # e.g. "answer role/senco", "service ipsea", "timescale sen_appeal"
    status: str
    reviewed: dt.date
    sources: tuple[str, ...]


def rows(kb: knowledge.Knowledge) -> list[FactRow]:
    found = [FactRow(f"answer {a.key}", a.status, a.reviewed, a.sources) for a in kb.answers.values()]
    for kind, table in (("service", kb.services), ("timescale", kb.timescales)):
        found += [FactRow(f"{kind} {ident}", str(entry.get("status", "current")), entry["reviewed"],
                          tuple(entry["sources"])) for ident, entry in table.items()]
    found += [FactRow(f"message {name}", "current", entry["reviewed"], tuple(entry["sources"]))
              for name, entry in kb.messages.items() if entry.get("facts") != "none"]
    return sorted(found, key=lambda row: (row.reviewed, row.where))


def report(max_age_months: int = 12, today: dt.date | None = None) -> str:
    today = today or clock.today()
    cutoff = today - dt.timedelta(days=round(max_age_months * 30.44))
    table = rows(knowledge.get())
    stale = [row for row in table if row.reviewed < cutoff]
    lines = [f"{len(table)} facts; {len(stale)} last reviewed before {cutoff.isoformat()} "
             f"(older than {max_age_months} months); "
             f"{sum(row.status != 'current' for row in table)} not current.", "",
             "reviewed    status        fact  (sources)"]
    for row in table:
        flag = "  <- re-check" if row.reviewed < cutoff else ""
        lines.append(f"{row.reviewed.isoformat()}  {row.status:<12}  {row.where}  ({', '.join(row.sources)}){flag}")
    return "\n".join(lines)
