"""Alembic environment: migrates only this project's tables (Rasa's tracker `events` table is Rasa's)."""

from __future__ import annotations

from alembic import context

from bot.store import models  # noqa: F401  (registers the tables on Base.metadata)
from bot.store.db import Base, engine

config = context.config


def include_object(obj, name, type_, reflected, compare_to):
    return not (type_ == "table" and name not in Base.metadata.tables)


def run() -> None:
    url = config.get_main_option("sqlalchemy.url")
    with engine(url).connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            include_object=include_object,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run()
