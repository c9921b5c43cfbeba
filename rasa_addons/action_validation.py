"""Validate custom action responses with a validator built once, not once per call.

Rasa 3.6 checks every action server response with `jsonschema.validate(result, schema)`, which first
re-checks the schema itself; under load that was half of the Rasa server's CPU (py-spy, docs/benchmark.md).
This builds the same validator class for the same schema once; every response is still validated.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def response_validator() -> Validator:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (". Failed to validate Action server response from API, make sure your response from "
                          f"the Action endpoint is valid. For more information visit {DOCS_BASE_URL}/custom-actions")
        raise


RemoteAction._validate_action_result = validate_action_result
