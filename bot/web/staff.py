"""The staff view for SENDIASS advisers: sign in; a queue that says what to do next (urgency, the parent's
deadline, age; "respond by" from the service standard, Overdue marked; filters and search); an enquiry page
to claim, assign, note, close with an outcome and reopen, with a timeline; CSV export; and, for admins, the
audit log (every view, export and change, and every sign-in).

Advisers see only enquiries from their own council areas (bot.store.staff_accounts): the queue, search, export,
enquiry pages and every action; another area's enquiry is "not found". Admins see every area and manage
accounts (bot/web/staff_admin.py, which also has the sign-in steps after the password: two-factor code, new
password, two-factor set-up). Insights for the content team: bot/web/staff_insights.py.

Only signed-in staff see enquiries. Cookies are HttpOnly, SameSite=Strict and Secure over HTTPS; every
form carries a CSRF token, and cross-site POSTs are refused. Pages use GOV.UK Frontend styles; Jinja
escapes everything they show.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Any
from urllib.parse import urlencode, urlparse

from jinja2 import Environment
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.domain import areas, clock, triage
from bot.store import audit, enquiries, notify, staff_accounts, staff_auth
from bot.web import staff_admin, staff_insights

COOKIE = "send_staff"
LOGIN_CSRF_COOKIE = "send_staff_login"
STATUSES = enquiries.STATUSES
STATUS_FILTERS = {"": "Open (new or assigned)", "new": "New", "claimed": "Assigned", "closed": "Closed",
                  "all": "All"}
RECENTLY_CLOSED = 10  # shown under the open ones when no status is chosen
PAGE_SIZE = 100  # enquiries in one page of the queue (a large council has thousands)
OUTBOX_WARN_AFTER = dt.timedelta(minutes=10)
DONE = {"claimed": "You have claimed this enquiry.", "assigned": "Enquiry assigned.",
        "closed": "Enquiry closed.", "reopened": "Enquiry reopened.", "noted": "Note added."}


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


def _ip(request: Request) -> str:
    return str(request.remote_addr or request.ip or "")


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def uk_time(moment: dt.datetime | None, style: str = "%-d %b %Y %H:%M") -> str:
    shown = enquiries.local(moment)
    return shown.strftime(style) if shown else ""


def long_date(day: dt.date | None) -> str:
    return day.strftime("%A %-d %B %Y") if day else ""


def age(moment: dt.datetime) -> str:
    """How long ago, roughly: "3 days ago", "5 hours ago", "just now"."""
    seconds = max(0, int((dt.datetime.utcnow() - moment).total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"


def create_blueprint(templates: Environment) -> Blueprint:
    staff = Blueprint("staff", url_prefix="/staff")
    templates.filters.update(uk_time=uk_time, long_date=long_date, age=age, deadline_name=enquiries.deadline_name)

    def render(name: str, status: int = 200, **context: Any) -> HTTPResponse:
        return response.html(templates.get_template(f"staff/{name}").render(**context), status=status)

    def who(request: Request) -> staff_accounts.Account | None:
        """Signed in, every sign-in step done, account turned on."""
        return staff_accounts.current(request.cookies.get(COOKIE))

    def forbidden() -> HTTPResponse:
        return response.text("Forbidden", status=403)

    def checked_post(request: Request) -> staff_accounts.Account | None:
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
        token, message = await staff_auth.sign_in_slowed(request.form.get("email", ""),
                                                         request.form.get("password", ""), ip=_ip(request))
        if token is None:
            fresh = secrets.token_urlsafe(24)
            resp = render("login.html", status=401, csrf=fresh, error=message)
            _set_cookie(request, resp, LOGIN_CSRF_COOKIE, fresh, 900)
            return resp
        step, message = staff_accounts.after_password(token, ip=_ip(request))  # two-factor, new password...
        if step is None:
            fresh = secrets.token_urlsafe(24)
            resp = render("login.html", status=401, csrf=fresh, error=message)
            _set_cookie(request, resp, LOGIN_CSRF_COOKIE, fresh, 900)
            return resp
        resp = response.redirect(step)
        _set_cookie(request, resp, COOKIE, token, int(staff_auth.SESSION_LENGTH.total_seconds()))
        return resp

    @staff.post("/logout")
    async def logout(request: Request) -> HTTPResponse:
        user = checked_post(request)
        if user is None:
            return forbidden()
        staff_auth.sign_out(request.cookies.get(COOKIE))
        audit.record(user.email, "signed_out", ip=_ip(request))
        resp = response.redirect("/staff/login")
        _set_cookie(request, resp, COOKIE, "", 0)
        return resp

    def filters(request: Request) -> dict[str, str]:
        status = request.args.get("status") or ""
        assigned = request.args.get("assigned") or ""
        return {"status": status if status in STATUS_FILTERS else "",
                "area": (request.args.get("area") or "")[:9],
                "topic": (request.args.get("topic") or "")[:80],
                "assigned": assigned[:200],
                "q": (request.args.get("q") or "").strip()[:200]}

    def chosen_filters(chosen: dict[str, str], user: staff_accounts.Account, for_export: bool = False
                       ) -> dict[str, Any]:
        status = chosen["status"] or ("open" if not for_export else None)
        return {"status": None if status == "all" else status, "area_gss": chosen["area"] or None,
                "topic": chosen["topic"] or None, "search": chosen["q"] or None, "areas": user.scope,
                "assigned_to": user.email if chosen["assigned"] == "me" else chosen["assigned"] or None}

    def chosen_rows(chosen: dict[str, str], user: staff_accounts.Account, for_export: bool = False,
                    limit: int | None = None, offset: int = 0) -> list:
        return enquiries.queue(**chosen_filters(chosen, user, for_export), limit=limit, offset=offset,
                               latest_closed_first=chosen["status"] == "closed" and not for_export)

    def described(chosen: dict[str, str]) -> str:
        return ", ".join(f"{k}={v}" for k, v in chosen.items() if v) or "no filters"

    @staff.get("/")
    async def queue(request: Request) -> HTTPResponse:
        user = who(request)
        if user is None:
            return response.redirect("/staff/login")
        chosen = filters(request)
        today = clock.today()
        # The open queue (no status chosen) is read whole: what to do next is worked out over every open
        # enquiry, not one page. Any other list is counted, and only its page is read (thousands closed).
        if not chosen["status"]:
            found = chosen_rows(chosen, user)
            total = len(found)
        else:
            total = enquiries.count(**chosen_filters(chosen, user))
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(1, _page(request)), pages)
        if chosen["status"]:
            found = chosen_rows(chosen, user, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
            shown = enquiries.annotate(found, today)
            open_rows = []
        else:
            open_rows = enquiries.annotate(found, today)
            shown = open_rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        closed: list[enquiries.Row] = []
        if not chosen["status"]:  # what to do first; the latest closed ones underneath
            closed = enquiries.annotate(enquiries.queue(
                "closed", chosen["area"] or None, chosen["topic"] or None,
                assigned_to=(user.email if chosen["assigned"] == "me" else chosen["assigned"] or None),
                search=chosen["q"] or None, areas=user.scope, latest_closed_first=True, limit=RECENTLY_CLOSED),
                today)
        rows = shown
        audit.record(user.email, "viewed_queue", detail=f"{described(chosen)}; {total} found, page {page}",
                     ip=_ip(request))
        waiting = notify.pending()
        email_problem = waiting if (waiting.count and waiting.oldest
                                    and dt.datetime.utcnow() - waiting.oldest > OUTBOX_WARN_AFTER) else None
        query = urlencode({k: v for k, v in chosen.items() if v})
        return render("queue.html", user=user, rows=rows, total=total, page=page, pages=pages,
                      page_size=PAGE_SIZE, closed=closed,
                      chosen=chosen,
                      status_filters=STATUS_FILTERS, labels=triage.LABELS, status_labels=enquiries.STATUS_LABELS,
                      outcomes=enquiries.OUTCOMES,
                      areas=area_choices(user), my_areas=sorted(staff_accounts.area_label(a) for a in user.areas),
                      topics=enquiries.topic_choices(enquiries.present_topics(areas=user.scope)),
                      advisers=staff_accounts.colleagues(user),
                      overdue=sum(1 for r in open_rows if r.due == "overdue"),
                      due_today=sum(1 for r in open_rows if r.due == "today"),
                      next_row=open_rows[0] if open_rows else None, query=query, email_problem=email_problem,
                      filtered=any(chosen.values()))

    def _page(request: Request) -> int:
        try:
            return int(request.args.get("page") or 1)
        except ValueError:
            return 1

    def area_choices(user: staff_accounts.Account) -> list[tuple[str, str]]:
        """(GSS code, name) for the area filter: the adviser's own areas (every area for admins)."""
        if user.scope is None:
            return [(a.gss, a.name) for a in sorted(areas.load().areas.values(), key=lambda a: a.name)]
        return sorted(((code, staff_accounts.area_label(code)) for code in user.areas if code != enquiries.NO_AREA),
                      key=lambda pair: pair[1])

    def find(request: Request, user: staff_accounts.Account, reference: str) -> tuple | None:
        """The enquiry if this adviser may see it. Another area's is "not found", as if it did not exist (the
        attempt is in the audit log)."""
        found = enquiries.get(reference, areas=user.scope)
        if found is None and user.scope is not None and enquiries.get(reference) is not None:
            audit.record(user.email, "refused", reference=reference, detail="enquiry from outside their areas",
                         ip=_ip(request))
        return found

    @staff.get("/export.csv")
    async def export(request: Request) -> HTTPResponse:
        user = who(request)
        if user is None:
            return response.redirect("/staff/login")
        chosen = filters(request)
        rows = chosen_rows(chosen, user, for_export=True)
        body = enquiries.export_csv(rows)
        audit.record(user.email, "exported", detail=f"{described(chosen)}; {len(rows)} enquiries: "
                     + " ".join(e.reference for e in rows), ip=_ip(request))
        return response.text(body, content_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="enquiries.csv"'})

    @staff.get("/enquiries/<reference>")
    async def detail(request: Request, reference: str) -> HTTPResponse:
        user = who(request)
        if user is None:
            return response.redirect("/staff/login")
        found = find(request, user, reference)
        if found is None:
            return render("missing.html", status=404, user=user)
        enquiry, notes = found
        audit.record(user.email, "viewed_enquiry", reference=enquiry.reference, ip=_ip(request))
        row = enquiries.annotate([enquiry])[0]
        done = request.args.get("done") or ""
        return render("enquiry.html", user=user, e=enquiry, row=row, notes=notes, labels=triage.LABELS,
                      status_labels=enquiries.STATUS_LABELS, outcomes=enquiries.OUTCOMES,
                      advisers=staff_accounts.covering(enquiry.area_gss),
                      timeline=enquiries.timeline(enquiry.reference),
                      transcript=json.loads(enquiry.transcript or "[]"), done=DONE.get(done),
                      error=None, form={})

    @staff.post("/enquiries/<reference>/<action:claim|close|note|assign|reopen>")
    async def change(request: Request, reference: str, action: str) -> HTTPResponse:
        user = checked_post(request)
        if user is None:
            return forbidden()
        found = find(request, user, reference)
        if found is None:
            return render("missing.html", status=404, user=user)
        reference = found[0].reference
        ip = _ip(request)
        done = ""
        if action == "claim":
            if enquiries.claim(reference, user.email):
                audit.record(user.email, "claimed", reference, ip=ip)
                done = "claimed"
        elif action == "assign":
            to = (request.form.get("assignee") or "").strip().lower()
            if to not in staff_accounts.covering(found[0].area_gss):
                return await invalid(request, user, reference, "Choose who to assign it to",
                                     {"assignee": to, "field": "assignee"})
            if enquiries.assign(reference, to, user.email):
                audit.record(user.email, "claimed" if to == user.email else "assigned", reference,
                             detail="" if to == user.email else f"to {to}", ip=ip)
                done = "claimed" if to == user.email else "assigned"
        elif action == "close":
            outcome = request.form.get("outcome") or None
            if outcome is not None and outcome not in enquiries.OUTCOMES:
                return await invalid(request, user, reference, "Choose an outcome from the list",
                                     {"field": "outcome-advice_given"})
            detail = (request.form.get("outcome_detail") or "").strip()
            if enquiries.close(reference, user.email, outcome, detail):
                audit.record(user.email, "closed", reference,
                             detail=enquiries.OUTCOMES.get(outcome or "", "outcome not recorded"), ip=ip)
                done = "closed"
        elif action == "reopen":
            if enquiries.reopen(reference, user.email):
                audit.record(user.email, "reopened", reference, ip=ip)
                done = "reopened"
        elif (request.form.get("note") or "").strip():
            enquiries.add_note(reference, user.email, request.form.get("note", ""))
            audit.record(user.email, "noted", reference, ip=ip)
            done = "noted"
        return response.redirect(f"/staff/enquiries/{reference}" + (f"?done={done}" if done else ""))

    async def invalid(request: Request, user: staff_accounts.Account, reference: str, message: str,
                      form: dict[str, str]) -> HTTPResponse:
        found = enquiries.get(reference)
        if found is None:  # gone since the form was checked
            return render("missing.html", status=404, user=user)
        enquiry, notes = found
        audit.record(user.email, "viewed_enquiry", reference=reference, ip=_ip(request))
        return render("enquiry.html", status=400, user=user, e=enquiry, row=enquiries.annotate([enquiry])[0],
                      notes=notes, labels=triage.LABELS, status_labels=enquiries.STATUS_LABELS,
                      outcomes=enquiries.OUTCOMES, advisers=staff_accounts.covering(enquiry.area_gss),
                      timeline=enquiries.timeline(reference), transcript=json.loads(enquiry.transcript or "[]"),
                      done=None, error=message, form=form)

    def audit_filters(request: Request) -> dict[str, Any]:
        action = request.args.get("action") or ""
        return {"who": (request.args.get("who") or "").strip()[:200],
                "action": action if action in audit.ACTIONS else "",
                "reference": (request.args.get("reference") or "").strip()[:16],
                "since": request.args.get("since") or "", "until": request.args.get("until") or ""}

    def audit_page(chosen: dict[str, Any], before: int | None, limit: int | None) -> audit.Page:
        return audit.entries(actor=chosen["who"] or None, action=chosen["action"] or None,
                             reference=chosen["reference"] or None, since=_date(chosen["since"]),
                             until=_date(chosen["until"]), before=before, limit=limit)

    @staff.get("/audit")
    async def audit_log(request: Request) -> HTTPResponse:
        user = who(request)
        if user is None:
            return response.redirect("/staff/login")
        if not user.is_admin:
            return render("forbidden.html", status=403, user=user)
        chosen = audit_filters(request)
        try:
            before = int(request.args.get("before") or 0) or None
        except ValueError:
            before = None
        audit.record(user.email, "viewed_audit", detail=described(chosen), ip=_ip(request))
        page = audit_page(chosen, before, 100)
        query = urlencode({k: v for k, v in chosen.items() if v})
        return render("audit.html", user=user, page=page, chosen=chosen, actions=audit.ACTIONS, query=query,
                      older=(f"?{query}&before={page.older}" if query else f"?before={page.older}")
                      if page.older else None, paged=bool(before))

    @staff.get("/audit.csv")
    async def audit_export(request: Request) -> HTTPResponse:
        user = who(request)
        if user is None:
            return response.redirect("/staff/login")
        if not user.is_admin:
            return forbidden()
        chosen = audit_filters(request)
        audit.record(user.email, "exported_audit", detail=described(chosen), ip=_ip(request))
        body = audit.export_csv(audit_page(chosen, None, None).entries)
        return response.text(body, content_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'})

    kit = staff_admin.Kit(render=render, who=who, checked_post=checked_post, forbidden=forbidden, ip=_ip,
                          set_cookie=_set_cookie, same_origin=_same_origin, cookie=COOKIE,
                          login_cookie=LOGIN_CSRF_COOKIE)
    staff_admin.add_routes(staff, kit)
    staff_insights.add_routes(staff, kit)
    return staff
