"""Pure rules: deadlines, dates, areas, triage, safeguarding, privacy, knowledge/ files. No SQLAlchemy, Sanic or
Rasa; imports only other bot.domain modules and bot.settings (tests/unit/test_layers.py)."""
