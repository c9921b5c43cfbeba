"""Paths and settings. Paths inside the project are constants; everything read from the environment is read
by a function here, at each call, never at import time (tests/unit/test_layers.py checks no module does)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = ROOT / "knowledge"
BUILD_DIR = ROOT / "build"
SPACY_MODEL_DIR = BUILD_DIR / "spacy_en_send"


def shared_dir() -> Path:
    """The project's shared ground truth (SEND_SHARED_DIR; default ../shared)."""
    return Path(os.environ.get("SEND_SHARED_DIR", ROOT.parent / "shared"))


def la_data_dir() -> Path:
    """The local authority list (SEND_LA_DATA_DIR; default knowledge/local-authorities)."""
    return Path(os.environ.get("SEND_LA_DATA_DIR", KNOWLEDGE_DIR / "local-authorities"))


def var_dir() -> Path:
    """Where the embedded databases live (SEND_VAR_DIR; default var/)."""
    return Path(os.environ.get("SEND_VAR_DIR", ROOT / "var"))


def database_url() -> str:
    """The knowledge and enquiries database. SQLite file by default."""
    url = os.environ.get("SEND_DATABASE_URL")
    if url:
        return url
    var = var_dir()
    var.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{var / 'send.db'}"


def deployment_file() -> Path:
    """The council's own area and contacts (one data file)."""
    return Path(os.environ.get("SEND_DEPLOYMENT_FILE", KNOWLEDGE_DIR / "deployment.yml"))


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


class SmtpSettings:
    """The team's new-enquiry emails (bot.store.notify), read from the environment at each use.

    SEND_SMTP_HOST (no host: no emails), SEND_SMTP_PORT (587), SEND_SMTP_STARTTLS (on), SEND_SMTP_SSL
    (implicit TLS, e.g. port 465; off), SEND_SMTP_USER and SEND_SMTP_PASSWORD (optional), SEND_SMTP_FROM,
    SEND_SMTP_TIMEOUT (seconds, 10), SEND_TEAM_INBOX (the shared inbox; comma-separated for several) and
    SEND_STAFF_BASE_URL (the staff view's address, for the link, e.g. https://send.example.gov.uk).
    """

    def __init__(self) -> None:
        env = os.environ
        self.host = env.get("SEND_SMTP_HOST", "").strip()
        self.ssl = _flag("SEND_SMTP_SSL", False)
        self.starttls = _flag("SEND_SMTP_STARTTLS", not self.ssl)
        self.port = int(env.get("SEND_SMTP_PORT", "").strip() or (465 if self.ssl else 587))
        self.user = env.get("SEND_SMTP_USER", "").strip()
        self.password = env.get("SEND_SMTP_PASSWORD", "")
        self.sender = env.get("SEND_SMTP_FROM", "").strip() or "send-guide@localhost"
        self.timeout = float(env.get("SEND_SMTP_TIMEOUT", "").strip() or 10)
        self.team_inbox = [a.strip() for a in env.get("SEND_TEAM_INBOX", "").split(",") if a.strip()]
        self.staff_base_url = env.get("SEND_STAFF_BASE_URL", "").strip().rstrip("/")

    @property
    def enabled(self) -> bool:
        return bool(self.host and self.team_inbox)


def smtp() -> SmtpSettings:
    return SmtpSettings()


@dataclass(frozen=True)
class RetentionDays:
    """How long things are kept, in days (bot.store.retention, `python -m bot purge`)."""

    conversations: int  # SEND_CONVERSATION_RETENTION_DAYS, 30
    enquiries: int  # SEND_ENQUIRY_RETENTION_DAYS, 365
    audit: int  # SEND_AUDIT_RETENTION_DAYS; the enquiry period unless set on its own
    insights: int  # SEND_INSIGHTS_RETENTION_DAYS, 730: weekly counts, no personal data
    disabled_accounts: int  # SEND_DISABLED_ACCOUNT_RETENTION_DAYS; the audit period unless set


def retention_days() -> RetentionDays:
    env = os.environ
    enquiries = int(env.get("SEND_ENQUIRY_RETENTION_DAYS", "365"))
    audit = int(env.get("SEND_AUDIT_RETENTION_DAYS", "") or enquiries)
    return RetentionDays(
        conversations=int(env.get("SEND_CONVERSATION_RETENTION_DAYS", "30")),
        enquiries=enquiries,
        audit=audit,
        insights=int(env.get("SEND_INSIGHTS_RETENTION_DAYS", "730")),
        disabled_accounts=int(env.get("SEND_DISABLED_ACCOUNT_RETENTION_DAYS", "") or audit),
    )


def sign_in_max_delay() -> float:
    """The longest a staff sign-in is held after repeated failures (SEND_SIGN_IN_MAX_DELAY, seconds, 30)."""
    return float(os.environ.get("SEND_SIGN_IN_MAX_DELAY", "30"))


def hash_threads() -> int:
    """Password checks (Argon2) at once in the web server (SEND_HASH_THREADS, 2)."""
    return int(os.environ.get("SEND_HASH_THREADS", "2"))


def start_timeout() -> float:
    """How long `make run` waits for every server to be healthy (SEND_START_TIMEOUT, seconds, 240)."""
    return float(os.environ.get("SEND_START_TIMEOUT", "240"))


def action_timeout() -> float:
    """The Rasa server's time limit for one custom action (SEND_ACTION_TIMEOUT, seconds, 4)."""
    return float(os.environ.get("SEND_ACTION_TIMEOUT", "4"))
