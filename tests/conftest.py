"""Shared test set-up: tests never touch the developer's own database (var/)."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
_TMP = tempfile.mkdtemp(prefix="send-tests-")
os.environ.setdefault("SEND_DATABASE_URL", f"sqlite:///{_TMP}/send.db")
