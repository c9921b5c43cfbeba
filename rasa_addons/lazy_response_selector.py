"""Rasa's ResponseSelector, run only when it can matter.

Its answer is used only when the intent is a retrieval (FAQ) intent, such as `role` or `ehc`; for greetings,
dates in a form, "yes", contact look-ups and so on it was a sixth of the Rasa server's CPU for nothing
(py-spy under load, docs/benchmark.md). Trained exactly as Rasa's; at prediction time it skips messages whose
intent is known and not a retrieval intent.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LazyResponseSelector(ResponseSelector):
    def _needed(self, message: Message) -> bool:
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        return intent is None or intent in self.all_retrieval_intents

    def process(self, messages: list[Message]) -> list[Message]:
        needed = [message for message in messages if self._needed(message)]
        if needed:
            super().process(needed)
        return messages
