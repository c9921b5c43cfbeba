"""The Rasa server as `make run` starts it: `python -m rasa_addons.server run ...`, the same arguments as
`python -m rasa run ...`, keeping its version and what parents type to itself.

- Stock Rasa answers `GET /` with "Hello from Rasa: 3.6.21" and, when the HTTP API is on, `GET /version` with
  its version to anyone (no token needed), which tells an attacker which advisories apply (Rasa 3.6.21 gets no
  more fixes: SECURITY.md). Here `/` still answers 200 for health checks, without the version, and `/version`
  is not served.
- A message like `/greet{"note": "..."}` with an unknown intent or entity makes Rasa warn "Failed to parse
  arguments in line '<the whole message>'" on stderr: any client could write personal data into the log
  (found by tests/security/test_personal_data.py). That warning is not shown.
"""

from __future__ import annotations

import sys
import warnings
from typing import Any

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

ROOT_REPLY = "Hello from the SEND parent guide"
HIDDEN_PATHS = {"/version"}


def hide_version(app: Sanic) -> Sanic:
    """Answer `/` without the version and refuse `/version` (404), before Rasa's own handlers run."""

    @app.middleware("request")
    async def no_version(request: Request) -> HTTPResponse | None:
        if request.path == "/":
            return response.text(ROOT_REPLY)
        if request.path in HIDDEN_PATHS:
            return response.text("Not Found", status=404)
        return None

    return app


def quiet_message_warnings() -> None:
    """Drop Rasa's warnings that quote a parent's message. Called after Rasa has set up its own warning
    filters (its "once" for every UserWarning would otherwise come first)."""
    warnings.filterwarnings("ignore", message=r"Failed to parse arguments in line")


def main() -> int:
    import rasa.__main__
    import rasa.core.run

    configure_app = rasa.core.run.configure_app

    def configure_app_quietly(*args: Any, **kwargs: Any) -> Sanic:
        quiet_message_warnings()
        return hide_version(configure_app(*args, **kwargs))

    rasa.core.run.configure_app = configure_app_quietly  # serve_application calls it by this name
    rasa.__main__.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
