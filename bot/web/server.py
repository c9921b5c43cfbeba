"""The web server: a demo council page with the chat widget, and the widget's files.

Started by `make run` (bot.web.runner) on any free port. The widget talks to Rasa's REST channel
directly (SEND_BOT_URL, bot.settings); this server never sees the conversation. It serves the page of sources
the widget's "Source: …" links open and takes its "Was this helpful?" answers (bot/web/widget_api.py).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Sanic, response
from sanic.request import Request

from bot import settings
from bot.domain import privacy
from bot.web import staff, widget_api

HERE = Path(__file__).resolve().parent
TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape())
log = logging.getLogger(__name__)
HSTS = "max-age=31536000"  # a year; no includeSubDomains: the council's other sites are not ours to decide


def strict_transport_security(request: Request) -> str | None:
    """The HSTS header's value for a request that came over HTTPS, else None (browsers ignore it over HTTP).
    The scheme is as Sanic sees it: behind a proxy that ends TLS, set SANIC_PROXIES_COUNT=1 so that its
    X-Forwarded-Proto is believed, and only then."""
    return HSTS if request.scheme == "https" else None


async def retry_team_emails(every: float) -> None:
    """Send team emails still in the outbox (bot.store.notify) every few minutes, off the event loop."""
    from bot.store import notify

    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(every)
        if not settings.current().smtp.host:
            continue
        try:
            await loop.run_in_executor(None, notify.deliver)
        except Exception:
            log.exception("retrying team emails failed; they stay in the outbox")


def create_app(bot_url: str | None = None) -> Sanic:
    app = Sanic("send_web")
    app.config.ACCESS_LOG = False
    config = settings.current()
    bot_url = bot_url or config.bot_address
    app.static("/static", str(HERE / "static"), name="static")
    app.blueprint(staff.create_blueprint(TEMPLATES))
    app.blueprint(widget_api.create_blueprint(TEMPLATES))

    @app.after_server_start
    async def start_outbox_retries(app_: Sanic, _loop: object) -> None:
        privacy.warm_up()  # insights redact the questions shown
        every = config.outbox_retry_seconds
        if every > 0:
            app_.add_task(retry_team_emails(every))

    @app.get("/")
    async def demo(_request: Request) -> response.HTTPResponse:
        page = TEMPLATES.get_template("demo.html").render(
            bot_url=bot_url, council=config.council_name
        )
        return response.html(page)

    @app.get("/healthz")
    async def health(_request: Request) -> response.HTTPResponse:
        return response.text("ok")

    @app.middleware("response")
    async def security_headers(request: Request, resp: response.HTTPResponse) -> None:
        hsts = strict_transport_security(request)
        if hsts:
            resp.headers.setdefault("Strict-Transport-Security", hsts)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        resp.headers.setdefault("X-Frame-Options", "SAMEORIGIN")

    return app


def serve(port: int, host: str = "127.0.0.1") -> None:
    create_app().run(host=host, port=port, access_log=False, workers=1, motd=False)
