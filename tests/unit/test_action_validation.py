"""Action server responses are still validated after the speed-up (rasa_addons/action_validation.py)."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import rasa_addons  # noqa: F401  (applies the patch)


def test_valid_responses_pass_and_invalid_ones_are_refused() -> None:
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "a", "value": 1}],
                                           "responses": [{"text": "hi"}]})
    for bad in [{"events": "nope"}, {"events": [{"no_event_key": 1}]}, {"responses": 5}]:
        with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
            action._validate_action_result(bad)
