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
