"""Migrate the database and load knowledge/ into it, in one transaction."""

from __future__ import annotations

from sqlalchemy import delete

from bot import settings
from bot.domain import areas, deployment
from bot.domain import knowledge as kb
from bot.settings import KNOWLEDGE_DIR
from bot.store import db, migrate
from bot.store.models import LocalAuthority, Service


def load_all(url: str | None = None) -> dict[str, int]:
    """Check every file first, then replace the directory tables with what the files say."""
    knowledge = kb.load()
    gazetteer = areas.load()
    entries = [
        *deployment.national_services(knowledge, gazetteer),
        *deployment.local_services(KNOWLEDGE_DIR / "local-services.yml", knowledge, gazetteer),
        *deployment.load_deployment(settings.current().deployment_file, knowledge, gazetteer).services,
    ]
    migrate.upgrade(url)
    by_gss = {a.gss: a.code for a in gazetteer.areas.values()}
    with db.session(url) as session:
        session.execute(delete(Service))
        session.execute(delete(LocalAuthority))
        session.add_all(
            LocalAuthority(code=a.code, gss=a.gss, name=a.name, official_name=a.official, slug=a.slug)
            for a in gazetteer.areas.values()
        )
        session.flush()
        session.add_all(
            Service(
                key=e.key, kind=e.kind, name=e.name, what=e.what, phone=e.phone, email=e.email,
                url=e.url, booking=e.booking, hours=e.hours,
                area_code=by_gss[e.area_gss] if e.area_gss else None, status=e.status,
                origin=e.origin, sources=",".join(e.sources), reviewed=e.reviewed,
            )
            for e in entries
        )
    return {"local_authorities": len(gazetteer.areas), "services": len(entries)}
