"""Persistence: the database (SQLAlchemy models, Alembic migrations) and what is kept in it: the knowledge
directory, enquiries, staff accounts and sessions, audit log, outbox, feedback, insights, retention.
Imports bot.domain, never bot.web or bot.build (tests/unit/test_layers.py)."""
