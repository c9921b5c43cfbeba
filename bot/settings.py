"""Paths and settings, read from the environment with embedded defaults."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = ROOT / "knowledge"
SHARED_DIR = Path(os.environ.get("SEND_SHARED_DIR", ROOT.parent / "shared"))
LA_DATA_DIR = Path(
    os.environ.get("SEND_LA_DATA_DIR", KNOWLEDGE_DIR / "local-authorities")
)
BUILD_DIR = ROOT / "build"
VAR_DIR = Path(os.environ.get("SEND_VAR_DIR", ROOT / "var"))
SPACY_MODEL_DIR = BUILD_DIR / "spacy_en_send"


def database_url() -> str:
    """The knowledge and enquiries database. SQLite file by default."""
    url = os.environ.get("SEND_DATABASE_URL")
    if url:
        return url
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{VAR_DIR / 'send.db'}"


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
