"""The action server (rasa_sdk 3.6.2) answering only the Rasa server: `python -m bot.web.action_server`, with the
same arguments as `python -m rasa_sdk` (`--actions actions --port 5055`).

rasa_sdk has no authentication, so anything that can reach the port could run any custom action for any
conversation (delete it, or file an enquiry in a parent's name). Here every request except GET /health must
carry the shared secret SEND_ACTIONS_TOKEN, as `Authorization: Bearer <secret>` (what `make run` puts in the
endpoints file it writes, bot.web.runner) or as `?token=<secret>` (Rasa's own `token:` in `action_endpoint`);
anything else gets 403 and runs nothing. Without SEND_ACTIONS_TOKEN the server does not start.
"""

from __future__ import annotations

import hmac
import logging
import re
import sys
from typing import Any

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings
from bot.domain import privacy

log = logging.getLogger(__name__)
TOKEN_ENV = "SEND_ACTIONS_TOKEN"  # noqa: S105 (the name of the variable, not a secret)
TOKEN_FORMAT = re.compile(r"[A-Za-z0-9_\-]{24,200}")  # safe in a header, a URL and YAML; too long to guess


def valid_token(token: str) -> bool:
    return bool(TOKEN_FORMAT.fullmatch(token or ""))


def given_token(request: Request) -> str:
    scheme, _, value = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.args.get("token") or ""


def require_token(app: Sanic, token: str) -> Sanic:
    """Refuse (403) every request but GET /health that does not carry `token`."""
    expected = token.encode()

    @app.middleware("request")
    async def check_token(request: Request) -> HTTPResponse | None:
        if request.path == "/health" and request.method in ("GET", "HEAD"):
            return None
        if hmac.compare_digest(given_token(request).encode(), expected):
            return None
        log.warning("action server: refused a %s %s without the shared secret", request.method, request.path)
        return response.json({"error": "forbidden"}, status=403)

    return app


def main() -> int:
    try:
        token = settings.current().actions_token or ""
    except settings.SettingsError as error:
        print(f"Settings: {error}", file=sys.stderr)
        return 2
    if not valid_token(token):
        print(f"{TOKEN_ENV} must be set to a secret of 24-200 letters, digits, '-' or '_' "
              "(the Rasa server sends it; `make run` makes one).", file=sys.stderr)
        return 2
    import rasa_sdk.__main__
    import rasa_sdk.endpoint

    create_app = rasa_sdk.endpoint.create_app

    def create_guarded_app(*args: Any, **kwargs: Any) -> Sanic:
        return require_token(create_app(*args, **kwargs), token)

    rasa_sdk.endpoint.create_app = create_guarded_app  # rasa_sdk.endpoint.run calls it by this name
    privacy.warm_up()  # the hand-off form's enquiries are redacted
    rasa_sdk.__main__.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
