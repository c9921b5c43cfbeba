"""Look up services by kind and area (SQLAlchemy), and describe them in plain text."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from bot.store import db
from bot.store.models import LocalAuthority, Service

# What "who can help me?" means when no kind is named. The kinds and their words: bot.domain.service_kinds.
DEFAULT_KIND = "sendiass"


@dataclass(frozen=True)
class Listing:
    name: str
    what: str | None
    phone: str | None
    email: str | None
    url: str | None
    booking: str | None
    hours: str | None
    status: str
    origin: str
    area: str | None

    def describe(self) -> str:
        parts = [self.name]
        if self.what and self.status != "out_of_date":
            parts.append(self.what)
        for label, value in (("Phone", self.phone), ("Email", self.email), ("Website", self.url),
                             ("Opening hours", self.hours)):
            if value:
                parts.append(f"{label}: {value}")
        if self.booking:
            parts.append(self.booking)
        if self.status == "unverified" and self.origin == "seed":
            parts.append("(From older council guidance: please check these details before you rely on them.)")
        elif self.status == "unverified":
            parts.append("(We could not confirm these details with the service itself: please check these details "
                         "before you rely on them.)")
        return "\n".join(parts)


def _listing(service: Service, area: str | None) -> Listing:
    return Listing(service.name, service.what, service.phone, service.email, service.url, service.booking,
                   service.hours, service.status, service.origin, area)


def find(kind: str, area_gss: str | None = None) -> tuple[list[Listing], list[Listing]]:
    """(current or unverified services, out-of-date ones) of `kind`: the area's own first, then national.

    Out-of-date entries are returned separately so the bot can say what replaced them; they are never
    shown as a current contact. Council deployment entries come before entries from the seeds.
    """
    with db.session() as session:
        area_code = None
        area_name = None
        if area_gss:
            authority = session.execute(
                select(LocalAuthority).where(LocalAuthority.gss == area_gss)).scalar_one_or_none()
            if authority:
                area_code, area_name = authority.code, authority.name
        query = select(Service).where(Service.kind == kind)
        query = query.where(or_(Service.area_code.is_(None), Service.area_code == area_code)) if area_code \
            else query.where(Service.area_code.is_(None))
        rows = session.execute(query).scalars().all()
        order = {"deployment": 0, "seed": 1, "national": 2}
        rows = sorted(rows, key=lambda s: (s.area_code is None, order.get(s.origin, 3), s.status != "current"))
        current = [_listing(s, area_name if s.area_code else None) for s in rows if s.status != "out_of_date"]
        old = [_listing(s, area_name if s.area_code else None) for s in rows if s.status == "out_of_date"]
    return current, old
