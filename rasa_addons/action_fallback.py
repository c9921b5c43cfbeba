"""When the action server is down, slow or failing, the parent still gets a useful answer.

Rasa 3.6 waits up to 5 minutes for a custom action, then logs the error, drops the action's events
and carries on, which the parent sees as silence (rasa-3.6-notes.md §5.7). This wraps Rasa's
RemoteAction.run: a short time limit (SEND_ACTION_TIMEOUT, default 4 s) and, on any failure other than
a form's deliberate rejection, a reply that says so and gives the national contacts from knowledge/.
Imported by rasa_addons/__init__.py, so it is active whenever Rasa loads this project's components.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered, Event

from bot import settings
from bot.domain import knowledge

log = logging.getLogger(__name__)
_original_run = RemoteAction.run


def national_contacts() -> str:
    try:
        return str(knowledge.get().messages["utter_national_contacts"]["text"])
    except Exception:  # knowledge unreadable: still say something useful
        return "Your local SENDIASS gives free, impartial advice about SEND."


def fallback_text() -> str:
    return "Sorry, I can't look that up right now. Please try again in a few minutes.\n" + national_contacts()


async def run_with_fallback(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any,
                            domain: Any) -> list[Event]:
    try:
        return await asyncio.wait_for(_original_run(self, output_channel, nlg, tracker, domain),
                                      timeout=settings.current().action_timeout)
    except ActionExecutionRejection:
        raise  # a form saying "that didn't fill the slot": Rasa's own handling is right
    except Exception as error:
        log.error("custom action %s failed (%s); answering with the fallback", self.name(), type(error).__name__)
        # Rasa's processor sends BotUttered events to the channel (execute_side_effects).
        return [BotUttered(fallback_text(), metadata={"fallback": "action_server"})]


if getattr(RemoteAction.run, "__name__", "") != "run_with_fallback":
    RemoteAction.run = run_with_fallback
