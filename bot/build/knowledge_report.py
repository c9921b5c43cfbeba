"""What a council content designer should re-check: every fact in knowledge/ with its status, source and
the date it was last reviewed, oldest first, and those older than a given age flagged.

Every fact: the answers, national services, timescales and sourced messages, and also the local services found in
the seed documents (knowledge/local-services.yml) and the council's own contacts (the deployment file,
SEND_DEPLOYMENT_FILE, knowledge/deployment.yml by default)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot import settings
from bot.domain import clock, knowledge
from bot.settings import KNOWLEDGE_DIR


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


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _row(where: str, raw: dict[str, Any]) -> FactRow:
    return FactRow(where, str(raw.get("status", "current")), dt.date.fromisoformat(str(raw.get("reviewed"))),
                   tuple(str(s) for s in raw.get("sources") or ()))


def local_rows(local_services: Path, deployment_file: Path) -> list[FactRow]:
    """The local services from the seeds and the council's own contacts (checked on load by `make setup`)."""
    found = [_row(f"local service {key}", raw) for key, raw in (_read(local_services) or {}).items()]
    deployment = _read(deployment_file) if deployment_file.exists() else None
    for index, raw in enumerate((deployment or {}).get("services") or [], start=1):
        found.append(_row(f"deployment service {index} ({raw.get('name', '')})", raw))
    return found


def report(max_age_months: int = 12, today: dt.date | None = None, deployment_file: Path | None = None,
           local_services: Path = KNOWLEDGE_DIR / "local-services.yml") -> str:
    today = today or clock.today()
    cutoff = today - dt.timedelta(days=round(max_age_months * 30.44))
    table = sorted(rows(knowledge.get()) + local_rows(local_services,
                                                      deployment_file or settings.current().deployment_file),
                   key=lambda row: (row.reviewed, row.where))
    stale = [row for row in table if row.reviewed < cutoff]
    lines = [f"{len(table)} facts; {len(stale)} last reviewed before {cutoff.isoformat()} "
             f"(older than {max_age_months} months); "
             f"{sum(row.status != 'current' for row in table)} not current.", "",
             "reviewed    status        fact  (sources)"]
    for row in table:
        flag = "  <- re-check" if row.reviewed < cutoff else ""
        lines.append(f"{row.reviewed.isoformat()}  {row.status:<12}  {row.where}  ({', '.join(row.sources)}){flag}")
    return "\n".join(lines)
