"""bot/settings.py: every variable read at once into a frozen Settings, checked, with its defaults; one
definition of the tracker database; docs/deployment.md's table written from it (issue 12, item 2)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from bot import settings
from bot.build import settings_table
from bot.settings import KNOWLEDGE_DIR, ROOT, Settings, SettingsError, load

SHIPPED = ("bot", "actions", "rasa_addons")


def test_defaults_are_as_before() -> None:
    s = load({})
    assert (s.database_url, s.var_dir, s.tracker_db_url) == (None, ROOT / "var", f"sqlite:///{ROOT}/var/tracker.db")
    assert (s.redis_url, s.redis_key_prefix) == (None, None)
    assert (s.deployment_file, s.la_data_dir) == (KNOWLEDGE_DIR / "deployment.yml", KNOWLEDGE_DIR / "local-authorities")
    assert s.today is None
    assert (s.rasa_port, s.actions_port, s.web_port, s.start_timeout) == (5005, 5055, 0, 240)
    assert (s.credentials_file, s.socketio, s.rasa_interface, s.actions_host) == (
        ROOT / "credentials.yml", False, "127.0.0.1", "127.0.0.1")
    assert (s.rasa_api_token, s.actions_token, s.cors_origins, s.action_timeout) == (None, None, (), 4)
    assert (s.rate_per_sender, s.burst_per_sender, s.max_wait_per_sender, s.rate_per_ip, s.burst_per_ip) == (
        3, 30, 5, 50, 500)
    assert (s.bot_address, s.council_name, s.feedback_rate_per_ip, s.feedback_burst_per_ip) == (
        "http://localhost:5005", "Anytown Council", 0.5, 30)
    assert (s.outbox_retry_seconds, s.sign_in_max_delay, s.hash_threads, s.staff_admin_two_factor) == (
        300, 30, 2, True)
    assert s.smtp == settings.SmtpSettings(
        host="", ssl=False, starttls=True, port=587, user="", password="", sender="send-guide@localhost",
        timeout=10, team_inbox=(), staff_base_url="")
    assert not s.smtp.enabled
    assert s.retention == settings.RetentionDays(conversations=30, enquiries=365, audit=365, insights=730,
                                                 disabled_accounts=365)


def test_values_are_read_and_typed() -> None:
    s = load({"SEND_RATE_PER_SENDER": "0.5", "SEND_HASH_THREADS": " 4 ", "SEND_TODAY": "2026-03-04",
              "SEND_SMTP_SSL": "Yes", "SEND_TEAM_INBOX": "a@example.gov.uk, b@example.gov.uk,",
              "SEND_CORS_ORIGINS": "https://a.example https://b.example/", "SEND_STAFF_BASE_URL": "https://x.uk/",
              "SEND_ENQUIRY_RETENTION_DAYS": "100", "SEND_DISABLED_ACCOUNT_RETENTION_DAYS": "7",
              "SEND_STAFF_ADMIN_TWO_FACTOR": "off", "SEND_RATE_PER_IP": "-1", "SEND_VAR_DIR": "/tmp/v",
              "SEND_SMTP_PASSWORD": " spaced ", "SEND_COUNCIL_NAME": "", "RASA_PORT": "6000"})
    assert s.rate_per_sender == 0.5 and s.hash_threads == 4 and s.today == dt.date(2026, 3, 4)
    assert s.smtp.ssl and not s.smtp.starttls and s.smtp.port == 465  # implicit TLS: its own defaults
    assert s.smtp.team_inbox == ("a@example.gov.uk", "b@example.gov.uk") and s.smtp.staff_base_url == "https://x.uk"
    assert s.smtp.password == " spaced "  # a secret is taken as it is
    assert s.cors_origins == ("https://a.example", "https://b.example/")
    assert s.retention.audit == 100 and s.retention.disabled_accounts == 7  # audit follows the enquiry period
    assert s.staff_admin_two_factor is False and s.rate_per_ip == 0  # a negative rate is "off", as before
    assert s.var_dir == Path("/tmp/v") and s.council_name == "Anytown Council"  # empty: the default
    assert s.bot_address == "http://localhost:6000"


@pytest.mark.parametrize(("name", "value"), [
    ("SEND_RATE_PER_SENDER", "abc"), ("SEND_HASH_THREADS", "2.5"), ("SEND_TODAY", "04/03/2026"),
    ("SEND_SMTP_STARTTLS", "maybe"), ("RASA_PORT", "http"), ("SEND_SMTP_TIMEOUT", "nan"),
])
def test_a_bad_value_is_an_error_naming_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"^{name}: {re.escape(repr(value))} is not a usable value") as raised:
        load({name: value})
    assert raised.value.variables == (name,)


def test_every_bad_value_is_named_at_once_and_secrets_are_not_shown() -> None:
    with pytest.raises(SettingsError) as raised:
        load({"SEND_RATE_PER_SENDER": "abc", "SEND_SMTP_PORT": "smtp", "SEND_SMTP_PASSWORD": "hunter2"})
    assert set(raised.value.variables) == {"SEND_RATE_PER_SENDER", "SEND_SMTP_PORT"}
    s = load({"SEND_SMTP_PASSWORD": "hunter2", "SEND_ACTIONS_TOKEN": "t" * 30, "SEND_RASA_API_TOKEN": "api-secret"})
    assert "hunter2" not in repr(s) and "t" * 30 not in repr(s) and "api-secret" not in repr(s)
    assert "hunter2" not in repr(s.smtp)


def test_the_settings_are_frozen() -> None:
    s = load({})
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.rate_per_sender = 10.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.smtp.host = "mail"  # type: ignore[misc]


def test_current_is_read_once_until_reset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEND_COUNCIL_NAME", "First Council")
    first = settings.current()
    assert first.council_name == "First Council" and settings.current() is first
    monkeypatch.setenv("SEND_COUNCIL_NAME", "Second Council")  # the tests' monkeypatch resets the settings
    assert settings.current().council_name == "Second Council"
    monkeypatch.setenv("SEND_HASH_THREADS", "lots")
    with pytest.raises(SettingsError, match="SEND_HASH_THREADS"):
        settings.current()


def test_every_field_is_described_and_every_send_variable_in_the_code_is_a_field() -> None:
    names = [item.metadata["env"] for item in dataclasses.fields(Settings)]
    assert len(names) == len(set(names))
    for item in dataclasses.fields(Settings):
        assert item.metadata["doc"] and item.metadata["processes"], item.name
        assert set(item.metadata["processes"]) <= set(settings.PROCESSES), item.name
    used = {match for package in SHIPPED for path in (ROOT / package).rglob("*.py")
            for match in re.findall(r"\bSEND_[A-Z_]*[A-Z]\b", path.read_text())}
    assert used - set(names) == set(), "SEND_* variables used in the code but not in Settings"


def test_one_tracker_database_for_the_store_and_retention(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.shared.core.domain import Domain

    from bot.store import retention
    from rasa_addons.tracker_store import RedactingSQLTrackerStore

    monkeypatch.setenv("SEND_TRACKER_DB_URL", f"sqlite:///{tmp_path}/tracker.db")
    store = RedactingSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db="elsewhere.db")
    try:
        assert str(store.engine.url) == str(retention._tracker_engine().url) == f"sqlite:///{tmp_path}/tracker.db"
    finally:
        store.engine.dispose()


def test_the_deployment_doc_table_is_up_to_date() -> None:
    assert settings_table.is_up_to_date(), "run `python -m bot settings-table` (docs/deployment.md)"
    text = settings_table.DOC.read_text()
    for item in dataclasses.fields(Settings):
        assert f"`{item.metadata['env']}`" in text
    for other in settings.OTHER_VARIABLES:
        assert other.name in text
