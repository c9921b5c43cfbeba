"""Today's date, in one place. `SEND_TODAY` (YYYY-MM-DD) fixes it for the conversation evaluation, which was
written for one day; read at each call, never at import time."""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    fixed = os.environ.get("SEND_TODAY", "").strip()
    if fixed:
        return dt.date.fromisoformat(fixed)
    return dt.date.today()
