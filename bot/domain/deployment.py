"""Read and check the council's deployment file and the local services from the seeds.

Errors name the file, the entry and what to fix, so a council web team can correct them alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import phonenumbers
import yaml
from email_validator import EmailNotValidError, validate_email

from bot.domain import areas, service_kinds
from bot.domain import knowledge as kb

STATUSES = {"current", "unverified", "out_of_date"}
# Emergency and European harmonised helpline numbers that phonenumbers does not treat as "valid".
SHORT_NUMBERS = {"999", "112", "111", "116 123", "116 000", "116 111"}


class DeploymentError(ValueError):
    """The deployment or local services file has a mistake; the message says where and what."""


@dataclass
class ServiceEntry:
    key: str
    kind: str
    name: str
    area_gss: str | None
    status: str
    origin: str
    sources: list[str]
    reviewed: dt.date
    what: str | None = None
    phone: str | None = None
    email: str | None = None
    url: str | None = None
    booking: str | None = None
    hours: str | None = None


@dataclass(frozen=True)
class ServiceStandard:
    """How many working days the team has to respond to an enquiry (the staff view's "respond by")."""

    urgent_working_days: int = 1
    other_working_days: int = 2

    def working_days(self, urgency: int) -> int:
        return self.urgent_working_days if urgency >= 2 else self.other_working_days


@dataclass
class Deployment:
    council: str = ""
    area_gss: str | None = None
    services: list[ServiceEntry] = field(default_factory=list)
    service_standard: ServiceStandard = field(default_factory=ServiceStandard)


def read_service_standard(raw: Any, where: str) -> ServiceStandard:
    """`service_standard: {urgent_working_days: 1, other_working_days: 2}`; missing: those defaults."""
    if raw is None:
        return ServiceStandard()
    if not isinstance(raw, dict):
        raise DeploymentError(f"{where}: service_standard must be a mapping, e.g. "
                              "{urgent_working_days: 1, other_working_days: 2}")
    unknown = set(raw) - {"urgent_working_days", "other_working_days"}
    if unknown:
        raise DeploymentError(f"{where}: service_standard has unknown field(s) {sorted(unknown)}; use "
                              "urgent_working_days and other_working_days")
    values = {}
    for name in ("urgent_working_days", "other_working_days"):
        value = raw.get(name, getattr(ServiceStandard, name))
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 60:
            raise DeploymentError(f"{where}: service_standard {name} must be a whole number of working days "
                                  f"from 0 to 60, not {value!r}")
        values[name] = value
    return ServiceStandard(**values)


_STANDARD_CACHE: dict[tuple[str, int, int], ServiceStandard] = {}


def service_standard(path: Path | None = None) -> ServiceStandard:
    """The deployment file's service standard (re-read when the file changes; defaults if it is missing)."""
    from bot import settings

    path = path or settings.current().deployment_file
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return ServiceStandard()
    if key not in _STANDARD_CACHE:
        try:
            with path.open(encoding="utf-8") as handle:
                doc = yaml.safe_load(handle) or {}
        except yaml.YAMLError as error:
            raise DeploymentError(f"{path.name}: not valid YAML ({error})") from error
        _STANDARD_CACHE.clear()
        _STANDARD_CACHE[key] = read_service_standard(doc.get("service_standard"), path.name)
    return _STANDARD_CACHE[key]


def format_uk_phone(raw: str, where: str) -> str:
    """A valid UK number in national format ("0808 808 3555"), or DeploymentError."""
    text = str(raw).strip()
    if text in SHORT_NUMBERS:
        return text
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException as error:
        raise DeploymentError(f"{where}: phone {text!r} is not a phone number ({error})") from error
    if number.country_code != 44 or not phonenumbers.is_valid_number(number):
        raise DeploymentError(f"{where}: phone {text!r} is not a valid UK phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def check_email(raw: str, where: str) -> str:
    try:
        return validate_email(str(raw), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise DeploymentError(f"{where}: email {raw!r} is not valid ({error})") from error


def _entry(key: str, raw: dict[str, Any], origin: str, where: str,
           source_ids: dict[str, Any], gazetteer: areas.Gazetteer) -> ServiceEntry:
    if not isinstance(raw, dict):
        raise DeploymentError(f"{where}: each service must be a mapping of fields")
    kind = raw.get("kind")
    if kind not in service_kinds.get():
        raise DeploymentError(f"{where}: kind {kind!r} is not one of {sorted(service_kinds.get())} "
                              "(knowledge/service_kinds.yml)")
    if not raw.get("name"):
        raise DeploymentError(f"{where}: needs a name")
    sources = raw.get("sources")
    if not sources or not isinstance(sources, list):
        raise DeploymentError(f"{where}: needs 'sources' (a URL or a source id) so the fact can be checked")
    for source in sources:
        if not (str(source).startswith(("http://", "https://")) or source in source_ids):
            raise DeploymentError(f"{where}: source {source!r} is neither a URL nor a known source id")
    area_gss = raw.get("area") or None
    if area_gss and not gazetteer.by_gss(str(area_gss)):
        raise DeploymentError(f"{where}: area {area_gss!r} is not the GSS code of an English local authority")
    status = raw.get("status", "current")
    if status not in STATUSES:
        raise DeploymentError(f"{where}: status {status!r} must be one of {sorted(STATUSES)}")
    try:
        reviewed = dt.date.fromisoformat(str(raw.get("reviewed")))
    except ValueError as error:
        raise DeploymentError(f"{where}: needs 'reviewed' as a date (YYYY-MM-DD)") from error
    phone = format_uk_phone(raw["phone"], where) if raw.get("phone") else None
    email = check_email(raw["email"], where) if raw.get("email") else None
    if status != "out_of_date" and origin == "deployment" and not (phone or email or raw.get("url")):
        raise DeploymentError(f"{where}: needs at least one of phone, email or url")
    what = raw.get("what") or raw.get("note")
    return ServiceEntry(
        key=key, kind=kind, name=str(raw["name"]), area_gss=str(area_gss) if area_gss else None,
        status=status, origin=origin, sources=[str(s) for s in sources], reviewed=reviewed,
        what=what, phone=phone, email=email, url=raw.get("url"), booking=raw.get("booking"),
        hours=raw.get("hours"),
    )


def national_services(knowledge: kb.Knowledge, gazetteer: areas.Gazetteer) -> list[ServiceEntry]:
    return [
        _entry(key, {**raw, "area": None}, "national", f"services.yml: {key}", knowledge.sources, gazetteer)
        for key, raw in knowledge.services.items()
    ]


def local_services(path: Path, knowledge: kb.Knowledge, gazetteer: areas.Gazetteer) -> list[ServiceEntry]:
    with path.open(encoding="utf-8") as handle:
        doc = yaml.safe_load(handle) or {}
    return [
        _entry(key, raw, "seed", f"{path.name}: {key}", knowledge.sources, gazetteer)
        for key, raw in doc.items()
    ]


def load_deployment(path: Path, knowledge: kb.Knowledge, gazetteer: areas.Gazetteer) -> Deployment:
    try:
        with path.open(encoding="utf-8") as handle:
            doc = yaml.safe_load(handle) or {}
    except yaml.YAMLError as error:
        raise DeploymentError(f"{path.name}: not valid YAML ({error})") from error
    area = doc.get("area") or None
    if area and not gazetteer.by_gss(str(area)):
        raise DeploymentError(f"{path.name}: area {area!r} is not the GSS code of an English local authority")
    services = []
    for index, raw in enumerate(doc.get("services") or [], start=1):
        raw = {"area": area, **(raw or {})} if isinstance(raw, dict) else raw
        services.append(
            _entry(f"deployment-{index}", raw, "deployment", f"{path.name}: service {index}",
                   knowledge.sources, gazetteer)
        )
    return Deployment(council=str(doc.get("council") or ""), area_gss=area, services=services,
                      service_standard=read_service_standard(doc.get("service_standard"), path.name))
