"""Let the classifier read a follow-up with the message before it.

"How long can they keep him on it?" means nothing alone; after "he's been on a part-time timetable since
September" it is a question about part-time timetables. Rasa's NLU sees one message at a time, so the Rasa
server (rasa_addons/server.py) installs this: before a message is understood, the parent's previous message
is added to the metadata that only the NLU pipeline sees (`send_previous_text`); the conversation stores the
message as it came. The classifier (rasa_addons/semantic_classifier.py) decides whether to use it.
"""

from __future__ import annotations

from typing import Any

import rasa
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import BotUttered, Restarted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

PREVIOUS_TEXT = "send_previous_text"
EARLIER_TEXTS = "send_earlier_texts"  # the parent's last few typed messages, oldest first
ANSWER_READ = "send_answer_read"  # the key of the last answer the parent read ("family/short_breaks"), or ""
CONCERN_READ = "send_concern_read"  # the concern ("self_harm") when the last reply was the safeguarding one, or ""
SAFEGUARDING_REPLY = "utter_safeguarding"
NOT_UNDERSTOOD = frozenset({"utter_not_sure", "utter_still_not_sure", "utter_default"})
EARLIER_COUNT = 3
SUPPORTED = "3.6."  # the method patched below is Rasa 3.6's


def earlier_texts(tracker: DialogueStateTracker | None) -> list[str]:
    """The parent's last few typed messages before the one being understood, oldest first."""
    if tracker is None:
        return []
    texts: list[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered) and event.text and not event.text.startswith("/"):
            texts.append(event.text)
            if len(texts) == EARLIER_COUNT:
                break
    return texts[::-1]


def previous_text(tracker: DialogueStateTracker | None) -> str | None:
    """The parent's last typed message before the one being understood (buttons and payloads skipped)."""
    if tracker is None:
        return None
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            text = (event.text or "").strip()
            if text and not text.startswith("/"):
                return text
            return None  # a button press: its topic is explicit, nothing to carry over
    return None


def answer_read(tracker: DialogueStateTracker | None) -> str:
    """The key of the last answer the parent read (its response is utter_<topic>/<name>), or "": "what if they say
    no?" after the personal budget answer is about a personal budget, whatever the words are nearest to."""
    if tracker is None:
        return ""
    for event in reversed(tracker.events):
        if isinstance(event, (Restarted, SessionStarted)):
            return ""
        if isinstance(event, BotUttered):
            uttered = str((event.metadata or {}).get("utter_action") or "")
            if uttered.startswith("utter_") and "/" in uttered:
                return uttered.removeprefix("utter_")
    return ""


def concern_read(tracker: DialogueStateTracker | None) -> str:
    """The concern the last reply answered, when that reply was the safeguarding one ("i dont want to call the
    police" after it is about the same danger, even when the message that raised it was understood by the
    classifier rather than by the patterns)."""
    if tracker is None:
        return ""
    passed_over = None  # a "not sure I understood" reply in between: the message before it is passed over, once
    for event in reversed(tracker.events):
        if isinstance(event, (Restarted, SessionStarted)):
            return ""
        if isinstance(event, UserUttered):
            if passed_over is False:
                passed_over = True
                continue
            return ""
        if isinstance(event, BotUttered):
            action = str((event.metadata or {}).get("utter_action") or "")
            if action == SAFEGUARDING_REPLY:
                return str(tracker.get_slot("concern") or "abuse_or_danger")
            if action in NOT_UNDERSTOOD and passed_over is None:
                passed_over = False  # "he is non verbal mostly" was not understood: "what do i do" still asks
                continue
            if passed_over is False:
                continue  # the rest of the "not sure" reply (its buttons)
            return ""
    return ""


def install() -> None:
    if not rasa.__version__.startswith(SUPPORTED):
        raise RuntimeError(f"conversation_context patches Rasa {SUPPORTED}x, not {rasa.__version__}")
    original = MessageProcessor._parse_message_with_graph
    if getattr(original, "_send_context", False):
        return

    def parse_with_context(self: MessageProcessor, message: UserMessage, tracker: DialogueStateTracker,
                           only_output_properties: bool = True) -> dict[str, Any]:
        previous = previous_text(tracker)
        if previous and message.text and not message.text.startswith("/"):
            message = UserMessage(text=message.text, sender_id=message.sender_id, input_channel=message.input_channel,
                                  message_id=message.message_id,
                                  metadata={**(message.metadata or {}), PREVIOUS_TEXT: previous,
                                            EARLIER_TEXTS: earlier_texts(tracker), ANSWER_READ: answer_read(tracker),
                                            CONCERN_READ: concern_read(tracker)})
        return original(self, message, tracker, only_output_properties)

    parse_with_context._send_context = True  # type: ignore[attr-defined]  # a marker on the function object
    MessageProcessor._parse_message_with_graph = parse_with_context
