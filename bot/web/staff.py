"""The staff view for SENDIASS advisers: sign in, queue, enquiry, claim, note, close, CSV export.

Only signed-in staff see enquiries. Cookies are HttpOnly, SameSite=Strict and Secure over HTTPS; every
form carries a CSRF token, and cross-site POSTs are refused. Pages use GOV.UK Frontend styles.
"""

from __future__ import annotations

import json
import secrets
from typing import Any
from urllib.parse import urlparse

from jinja2 import Environment
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import areas, enquiries, staff_auth, triage

COOKIE = "send_staff"
LOGIN_CSRF_COOKIE = "send_staff_login"
STATUSES = ("new", "claimed", "closed")


def _secure(request: Request) -> bool:
    return request.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def _set_cookie(request: Request, resp: HTTPResponse, name: str, value: str, max_age: int) -> None:
    resp.cookies[name] = value
    cookie = resp.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = "/staff"
    cookie["max-age"] = max_age
    if _secure(request):
        cookie["secure"] = True


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return True  # non-browser clients: the CSRF token still has to match
    return urlparse(origin).netloc == request.host


def create_blueprint(templates: Environment) -> Blueprint:
    staff = Blueprint("staff", url_prefix="/staff")

    def render(name: str, status: int = 200, **context: Any) -> HTTPResponse:
        return response.html(templates.get_template(f"staff/{name}").render(**context), status=status)

    def who(request: Request) -> staff_auth.Session | None:
        return staff_auth.current(request.cookies.get(COOKIE))

    def forbidden() -> HTTPResponse:
        return response.text("Forbidden", status=403)

    def checked_post(request: Request) -> staff_auth.Session | None:
        user = who(request)
        if user is None or not _same_origin(request) or not staff_auth.csrf_ok(user, request.form.get("csrf")):
            return None
        return user

    @staff.middleware("response")
    async def headers(_request: Request, resp: HTTPResponse) -> None:
        resp.headers["Content-Security-Policy"] = ("default-src 'self'; style-src 'self'; img-src 'self' data:; "
                                                   "form-action 'self'; frame-ancestors 'none'")
        resp.headers["Cache-Control"] = "no-store"
        # Not "no-referrer" (the public pages' policy): Chromium then sends "Origin: null" on form posts,
        # which the same-origin check must refuse.
        resp.headers["Referrer-Policy"] = "same-origin"

    @staff.get("/login")
    async def login_form(request: Request) -> HTTPResponse:
        token = secrets.token_urlsafe(24)
        resp = render("login.html", csrf=token, error=None)
        _set_cookie(request, resp, LOGIN_CSRF_COOKIE, token, 900)
        return resp

    @staff.post("/login")
    async def login(request: Request) -> HTTPResponse:
        expected = request.cookies.get(LOGIN_CSRF_COOKIE)
        if not expected or not _same_origin(request) or not secrets.compare_digest(
                expected, request.form.get("csrf") or ""):
            return forbidden()
        token, message = staff_auth.sign_in(request.form.get("email", ""), request.form.get("password", ""))
        if token is None:
            fresh = secrets.token_urlsafe(24)
            resp = render("login.html", status=401, csrf=fresh, error=message)
            _set_cookie(request, resp, LOGIN_CSRF_COOKIE, fresh, 900)
            return resp
        resp = response.redirect("/staff/")
        _set_cookie(request, resp, COOKIE, token, int(staff_auth.SESSION_LENGTH.total_seconds()))
        return resp

    @staff.post("/logout")
    async def logout(request: Request) -> HTTPResponse:
        if checked_post(request) is None:
            return forbidden()
        staff_auth.sign_out(request.cookies.get(COOKIE))
        resp = response.redirect("/staff/login")
        _set_cookie(request, resp, COOKIE, "", 0)
        return resp

    def filters(request: Request) -> dict[str, str | None]:
        status = request.args.get("status") or None
        return {"status": status if status in STATUSES else None,
                "area": request.args.get("area") or None, "topic": request.args.get("topic") or None}

    @staff.get("/")
    async def queue(request: Request) -> HTTPResponse:
        user = who(request)
        if user is None:
            return response.redirect("/staff/login")
        chosen = filters(request)
        rows = enquiries.queue(chosen["status"], chosen["area"], chosen["topic"])
        return render("queue.html", user=user, rows=rows, chosen=chosen, statuses=STATUSES,
                      labels=triage.LABELS, areas=sorted(areas.load().areas.values(), key=lambda a: a.name),
                      query=request.query_string)

    @staff.get("/export.csv")
    async def export(request: Request) -> HTTPResponse:
        if who(request) is None:
            return response.redirect("/staff/login")
        chosen = filters(request)
        body = enquiries.export_csv(enquiries.queue(chosen["status"], chosen["area"], chosen["topic"]))
        return response.text(body, content_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="enquiries.csv"'})

    @staff.get("/enquiries/<reference>")
    async def detail(request: Request, reference: str) -> HTTPResponse:
        user = who(request)
        if user is None:
            return response.redirect("/staff/login")
        found = enquiries.get(reference)
        if found is None:
            return render("missing.html", status=404, user=user)
        enquiry, notes = found
        return render("enquiry.html", user=user, e=enquiry, notes=notes, labels=triage.LABELS,
                      transcript=json.loads(enquiry.transcript or "[]"))

    @staff.post("/enquiries/<reference>/<action:claim|close|note>")
    async def change(request: Request, reference: str, action: str) -> HTTPResponse:
        user = checked_post(request)
        if user is None:
            return forbidden()
        if enquiries.get(reference) is None:
            return render("missing.html", status=404, user=user)
        if action == "claim":
            enquiries.claim(reference, user.email)
        elif action == "close":
            enquiries.close(reference, user.email)
        elif (request.form.get("note") or "").strip():
            enquiries.add_note(reference, user.email, request.form.get("note", ""))
        return response.redirect(f"/staff/enquiries/{reference}")

    return staff
