"""What the web chat widget uses on this server, beside its files: the page its "Source: …" links open
(GET /sources, every source in knowledge/sources.yml, by id) and "Was this helpful?" (POST /chat/feedback,
stored by bot.store.feedback).

/chat/feedback is public, so it takes little and trusts nothing:
- a JSON body only ({"sender": ..., "answer": "role/senco", "helpful": true}), at most MAX_BODY bytes;
- browsers' Origin must be this server or one of SEND_CORS_ORIGINS (the council sites that embed the widget,
  as for the Rasa server: bot.web.runner); those get CORS headers, anything else a 403. A cross-site form cannot
  send JSON without a preflight, which only those origins pass. There are no cookies, so nothing to forge;
- a flood from one address gets 429 (bot.web.rate_limit, SEND_FEEDBACK_RATE_PER_IP / SEND_FEEDBACK_BURST_PER_IP);
- the answer must have been given in that conversation (its tracker events are read), and a conversation
  answers once per answer: a second answer is accepted and ignored ({"recorded": false}).
"""

from __future__ import annotations

import asyncio
import json
import logging
from functools import partial
from typing import Any
from urllib.parse import urlparse

from jinja2 import Environment
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings
from bot.domain import knowledge as kb
from bot.domain import sender_ids
from bot.store import feedback
from bot.web.rate_limit import TokenBucket

log = logging.getLogger(__name__)
MAX_BODY = 1024
SOURCE_KINDS = (  # (where the source is kept, what it is), the first that matches
    ("seeds/", "Guidance for parents and schools published by a council in England. Where it is out of date, "
               "the answers follow current law instead."),
    ("domain/law-and-services.md", "Research notes on SEND law and national services, drawn from legislation, "
                                   "the SEND Code of Practice, GOV.UK and the services' own websites."),
    ("domain/wider-topics.md", "Research notes on wider topics (such as transport, exclusions and benefits), "
                               "drawn from legislation, government guidance and advice charities."),
    ("domain/ecosystem-notes.md", "Research notes on where to send people for help, including in an emergency."),
)


def allowed_origins() -> set[str]:
    return {o.rstrip("/") for o in settings.current().cors_origins}


def cross_origin(request: Request) -> tuple[bool, str | None]:
    """(allowed, the origin to name in Access-Control-Allow-Origin or None when it is this server or no
    browser sent the request)."""
    origin = request.headers.get("origin")
    if not origin:
        return True, None  # not a browser: every other check still applies
    if origin != "null" and urlparse(origin).netloc == request.host:
        return True, None
    if origin.rstrip("/") in allowed_origins():
        return True, origin
    return False, None


def describe(source: dict[str, Any]) -> str:
    where = str(source.get("file") or "")
    for prefix, what in SOURCE_KINDS:
        if where.startswith(prefix):
            return what
    if source.get("issue"):
        return "A decision recorded by the team that builds this assistant."
    return ""


def create_blueprint(templates: Environment) -> Blueprint:
    widget = Blueprint("widget_api")
    config = settings.current()
    per_ip = TokenBucket(config.feedback_rate_per_ip, config.feedback_burst_per_ip)

    def reply(body: dict[str, Any], status: int, origin: str | None, **headers: str) -> HTTPResponse:
        if origin:
            headers.update({"Access-Control-Allow-Origin": origin, "Vary": "Origin"})
        return response.json(body, status=status, headers=headers)

    @widget.get("/sources")
    async def sources(_request: Request) -> HTTPResponse:
        knowledge = kb.get()
        listed = [(ident, source, describe(source)) for ident, source in knowledge.sources.items()]
        return response.html(templates.get_template("sources.html").render(sources=listed))

    @widget.route("/chat/feedback", methods=["OPTIONS"])
    async def preflight(request: Request) -> HTTPResponse:
        allowed, origin = cross_origin(request)
        if not allowed:
            return response.empty(status=403)
        headers = {"Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "Content-Type",
                   "Access-Control-Max-Age": "600"}
        if origin:
            headers.update({"Access-Control-Allow-Origin": origin, "Vary": "Origin"})
        return response.empty(status=204, headers=headers)

    @widget.post("/chat/feedback")
    async def helpful(request: Request) -> HTTPResponse:
        allowed, origin = cross_origin(request)
        if not allowed:
            return response.json({"error": "This site may not send feedback here."}, status=403)
        if not (request.headers.get("content-type") or "").lower().startswith("application/json"):
            return reply({"error": "Send JSON."}, 415, origin)
        if len(request.body or b"") > MAX_BODY:
            return reply({"error": "Too long."}, 413, origin)
        address = str(request.remote_addr or request.ip or "unknown")
        if not per_ip.allow(address):
            return reply({"error": "Too many answers. Please wait a little."}, 429, origin,
                         **{"Retry-After": str(per_ip.retry_after(address))})
        try:
            body = json.loads(request.body or b"")
        except (ValueError, RecursionError):
            body = None
        sender = body.get("sender") if isinstance(body, dict) else None
        answer = body.get("answer") if isinstance(body, dict) else None
        helpful_ = body.get("helpful") if isinstance(body, dict) else None
        if not (isinstance(sender, str) and sender_ids.valid_sender(sender) and isinstance(answer, str)
                and answer in feedback.keys() and isinstance(helpful_, bool)):
            return reply({"error": 'Send {"sender": "...", "answer": "...", "helpful": true or false}.'}, 400,
                         origin)
        loop = asyncio.get_running_loop()
        try:
            if not await loop.run_in_executor(None, partial(feedback.answer_was_given, sender, answer)):
                return reply({"error": "That answer was not given in this conversation."}, 404, origin)
            recorded = await loop.run_in_executor(None, partial(feedback.record, sender, answer, helpful_))
        except Exception as error:  # a database outage: the parent's chat goes on regardless
            log.error("storing a 'Was this helpful?' answer failed: %s", type(error).__name__)
            return reply({"error": "Not saved. Please try again later."}, 503, origin)
        return reply({"recorded": recorded}, 201 if recorded else 200, origin)

    return widget
