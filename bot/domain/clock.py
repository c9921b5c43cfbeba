"""Today's date, in one place. `SEND_TODAY` (YYYY-MM-DD, bot.settings) fixes it for the conversation evaluation,
which was written for one day."""

from __future__ import annotations

import datetime as dt

from bot import settings


def today() -> dt.date:
    return settings.current().today or dt.date.today()
