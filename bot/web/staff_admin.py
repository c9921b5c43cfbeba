"""Staff view pages for accounts (bot.store.staff_accounts): the sign-in steps after the password (two-factor
code, choosing a new password, setting up two-factor), "Your account" (two-factor on or off), and for admins
the accounts list: create an account, change its areas and role, turn it off or on, reset its password,
remove its two-factor sign-in. Every change is in the audit log.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy import select

from bot.store import db, staff_accounts, staff_auth
from bot.store.enquiries import NO_AREA
from bot.store.models import Enquiry, StaffUserArea
from bot.store.staff_accounts import Account, AccountError


@dataclass(frozen=True)
class Kit:
    """What the staff blueprint shares with the pages added here."""

    render: Callable[..., HTTPResponse]
    who: Callable[[Request], Account | None]
    checked_post: Callable[[Request], Account | None]
    forbidden: Callable[[], HTTPResponse]
    ip: Callable[[Request], str]
    set_cookie: Callable[..., None]
    same_origin: Callable[[Request], bool]
    cookie: str  # the session cookie's name
    login_cookie: str  # the sign-in form's CSRF cookie's name


def group_secret(secret: str) -> str:
    """ABCD EFGH ... : easier to type into an app."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def deployment_area() -> str | None:
    import yaml

    from bot import settings

    try:
        with settings.current().deployment_file.open(encoding="utf-8") as handle:
            return str((yaml.safe_load(handle) or {}).get("area") or "") or None
    except (OSError, yaml.YAMLError, AttributeError):
        return None


def suggested_areas(chosen: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Areas offered as tick boxes: the deployment's, any with enquiries or advisers, any chosen, and "Area not
    given". Others can be typed in."""
    codes = set(chosen) | {NO_AREA}
    if area := deployment_area():
        codes.add(area)
    with db.session() as session:
        codes |= {c for (c,) in session.execute(select(Enquiry.area_gss).where(Enquiry.area_gss.isnot(None))
                                                .distinct()) if c}
        codes |= set(session.execute(select(StaffUserArea.gss).distinct()).scalars())
    named = sorted(((c, staff_accounts.area_label(c)) for c in codes if c != NO_AREA), key=lambda p: p[1])
    return [*named, (NO_AREA, staff_accounts.NO_AREA_LABEL)]


def add_routes(staff: Blueprint, kit: Kit) -> None:
    def pending_post(request: Request, stage: str) -> Account | None:
        account = staff_accounts.pending(request.cookies.get(kit.cookie), stage)
        if account is None or not kit.same_origin(request) or not staff_auth.csrf_ok(account, request.form.get("csrf")):
            return None
        return account

    # --- sign-in steps ------------------------------------------------------------------------------------

    def step_page(request: Request, stage: str, template: str, status: int = 200, error: str = "",
                  **context: Any) -> HTTPResponse:
        account = staff_accounts.pending(request.cookies.get(kit.cookie), stage)
        if account is None:
            return response.redirect("/staff/login")
        if stage == "setup":
            secret, uri = staff_accounts.setup_secret(request.cookies.get(kit.cookie), "setup") or ("", "")
            context.update(secret=group_secret(secret), uri=uri)
        return kit.render(template, status=status, user=None, step=account, error=error, **context)

    @staff.get("/login/code")
    async def code_form(request: Request) -> HTTPResponse:
        return step_page(request, "code", "login_code.html")

    @staff.post("/login/code")
    async def code(request: Request) -> HTTPResponse:
        if pending_post(request, "code") is None:
            return response.redirect("/staff/login", status=303)
        token = request.cookies.get(kit.cookie)
        following, message = staff_accounts.check_code(token, request.form.get("code", ""), ip=kit.ip(request))
        if following:
            return response.redirect(following, status=303)
        if staff_accounts.pending(token, "code") is None:  # locked: this sign-in is over
            fresh = secrets.token_urlsafe(24)
            resp = kit.render("login.html", status=401, csrf=fresh, error=message, user=None)
            kit.set_cookie(request, resp, kit.login_cookie, fresh, 900)
            kit.set_cookie(request, resp, kit.cookie, "", 0)
            return resp
        return step_page(request, "code", "login_code.html", status=400, error=message)

    @staff.get("/login/new-password")
    async def new_password_form(request: Request) -> HTTPResponse:
        return step_page(request, "password", "login_new_password.html")

    @staff.post("/login/new-password")
    async def new_password(request: Request) -> HTTPResponse:
        if pending_post(request, "password") is None:
            return response.redirect("/staff/login", status=303)
        following, message = await staff_auth.off_loop(partial(  # Argon2: off the event loop
            staff_accounts.choose_password, request.cookies.get(kit.cookie), request.form.get("password", ""),
            request.form.get("confirm", ""), ip=kit.ip(request)))
        if following:
            return response.redirect(following, status=303)
        return step_page(request, "password", "login_new_password.html", status=400, error=message)

    @staff.get("/login/two-factor")
    async def setup_form(request: Request) -> HTTPResponse:
        return step_page(request, "setup", "login_two_factor.html")

    @staff.post("/login/two-factor")
    async def setup(request: Request) -> HTTPResponse:
        if pending_post(request, "setup") is None:
            return response.redirect("/staff/login", status=303)
        following, message = staff_accounts.confirm_setup(request.cookies.get(kit.cookie), "setup",
                                                          request.form.get("code", ""), ip=kit.ip(request))
        if following:
            return response.redirect(following, status=303)
        return step_page(request, "setup", "login_two_factor.html", status=400, error=message)

    @staff.post("/login/cancel")
    async def cancel(request: Request) -> HTTPResponse:
        token = request.cookies.get(kit.cookie)
        if any(pending_post(request, stage) for stage in ("code", "password", "setup")):
            staff_auth.sign_out(token)
        resp = response.redirect("/staff/login", status=303)
        kit.set_cookie(request, resp, kit.cookie, "", 0)
        return resp

    # --- your account -------------------------------------------------------------------------------------

    def own_page(user: Account, status: int = 200, error: str = "", done: str = "",
                 setting_up: bool = False, token: str | None = None) -> HTTPResponse:
        secret, uri = "", ""
        if setting_up:
            secret, uri = staff_accounts.setup_secret(token, "done") or ("", "")
        return kit.render("account.html", status=status, user=user, error=error, done=done,
                          areas=sorted(staff_accounts.area_label(a) for a in user.areas),
                          setting_up=setting_up, secret=group_secret(secret), uri=uri)

    @staff.get("/account")
    async def own_account(request: Request) -> HTTPResponse:
        user = kit.who(request)
        if user is None:
            return response.redirect("/staff/login")
        done = {"two-factor": "Two-factor sign-in is on.", "off": "Two-factor sign-in is off."}.get(
            request.args.get("done") or "", "")
        return own_page(user, done=done)

    @staff.get("/account/two-factor")
    async def own_setup_form(request: Request) -> HTTPResponse:
        user = kit.who(request)
        if user is None:
            return response.redirect("/staff/login")
        return own_page(user, setting_up=not user.two_factor, token=request.cookies.get(kit.cookie))

    @staff.post("/account/two-factor")
    async def own_setup(request: Request) -> HTTPResponse:
        user = kit.checked_post(request)
        if user is None:
            return kit.forbidden()
        token = request.cookies.get(kit.cookie)
        following, message = staff_accounts.confirm_setup(token, "done", request.form.get("code", ""),
                                                          ip=kit.ip(request))
        if following:
            return response.redirect(following, status=303)
        return own_page(user, status=400, error=message, setting_up=True, token=token)

    @staff.post("/account/two-factor/off")
    async def own_off(request: Request) -> HTTPResponse:
        user = kit.checked_post(request)
        if user is None:
            return kit.forbidden()
        problem = staff_accounts.turn_off_own_two_factor(request.cookies.get(kit.cookie),
                                                         request.form.get("code", ""), ip=kit.ip(request))
        if problem:
            return own_page(user, status=400, error=problem)
        return response.redirect("/staff/account?done=off", status=303)

    # --- accounts, for admins -----------------------------------------------------------------------------

    def admin(request: Request) -> Account | HTTPResponse:
        user = kit.who(request)
        if user is None:
            return response.redirect("/staff/login")
        if not user.is_admin:
            return kit.render("forbidden.html", status=403, user=user,
                              message="Only admins can manage staff accounts. Ask an admin if you need a change.")
        return user

    def admin_post(request: Request) -> Account | None:
        user = kit.checked_post(request)
        return user if user is not None and user.is_admin else None

    def chosen_areas(request: Request) -> list[str]:
        return staff_accounts.parse_areas([*request.form.getlist("areas", []),
                                           *(request.form.get("other_areas") or "").split(",")])

    @staff.get("/accounts")
    async def accounts_list(request: Request) -> HTTPResponse:
        user = admin(request)
        if not isinstance(user, Account):
            return user
        return kit.render("accounts.html", user=user, accounts=staff_accounts.accounts(),
                          required=staff_accounts.admin_two_factor_required())

    def new_form(user: Account, status: int = 200, error: str = "", field: str = "",
                 form: dict[str, Any] | None = None) -> HTTPResponse:
        form = form or {}
        return kit.render("account_new.html", status=status, user=user, error=error, field=field, form=form,
                          choices=suggested_areas(tuple(form.get("areas", ()))))

    @staff.get("/accounts/new")
    async def account_new_form(request: Request) -> HTTPResponse:
        user = admin(request)
        if not isinstance(user, Account):
            return user
        return new_form(user)

    @staff.post("/accounts/new")
    async def account_new(request: Request) -> HTTPResponse:
        user = admin_post(request)
        if user is None:
            return kit.forbidden()
        role = request.form.get("role") or ""
        how = request.form.get("password_how") or "make"
        form = {"email": (request.form.get("email") or "").strip()[:200], "role": role,
                "areas": request.form.getlist("areas", []), "other_areas": request.form.get("other_areas") or "",
                "password_how": how}
        if role not in ("adviser", "admin"):
            return new_form(user, 400, "Choose adviser or admin", "role-adviser", form)
        try:
            codes = chosen_areas(request)
        except AccountError as error:
            return new_form(user, 400, str(error), "other_areas", form)
        form["areas"] = codes
        password = (request.form.get("password") or "") if how == "set" else None
        try:
            made, shown = await staff_auth.off_loop(partial(
                staff_accounts.create, user.email, form["email"], codes, role == "admin", password, ip=kit.ip(request)))
        except AccountError as error:
            text = str(error)
            field = ("email" if "email" in text else "password" if "password" in text
                     else "areas" if "area" in text else "email")
            return new_form(user, 400, text, field, form)
        return kit.render("account_password.html", user=user, account=made, password=shown, created=True)

    def edit_page(user: Account, user_id: int, status: int = 200, error: str = "", field: str = "",
                  done: str = "") -> HTTPResponse:
        found = staff_accounts.account(user_id)
        if found is None:
            return kit.render("missing.html", status=404, user=user, what="Account", back="/staff/accounts",
                              back_name="staff accounts")
        return kit.render("account_edit.html", status=status, user=user, account=found, error=error, field=field,
                          done=done, choices=suggested_areas(found.areas),
                          required=staff_accounts.admin_two_factor_required())

    @staff.get("/accounts/<user_id:int>")
    async def account_edit(request: Request, user_id: int) -> HTTPResponse:
        user = admin(request)
        if not isinstance(user, Account):
            return user
        done = {"areas": "Areas and role saved.", "off": "Account turned off.", "on": "Account turned on.",
                "two-factor": "Two-factor sign-in removed. They sign in with their password alone until it "
                              "is set up again."}.get(request.args.get("done") or "", "")
        return edit_page(user, user_id, done=done)

    @staff.post("/accounts/<user_id:int>/<action:areas|disable|enable|password|two-factor-off>")
    async def account_change(request: Request, user_id: int, action: str) -> HTTPResponse:
        user = admin_post(request)
        if user is None:
            return kit.forbidden()
        ip = kit.ip(request)
        try:
            if action == "areas":
                role = request.form.get("role") or ""
                if role not in ("adviser", "admin"):
                    return edit_page(user, user_id, 400, "Choose adviser or admin", "role-adviser")
                staff_accounts.update(user, user_id, chosen_areas(request), role == "admin", ip=ip)
                done = "areas"
            elif action in ("disable", "enable"):
                staff_accounts.set_enabled(user, user_id, action == "enable", ip=ip)
                done = "on" if action == "enable" else "off"
            elif action == "two-factor-off":
                staff_accounts.remove_two_factor(user, user_id, ip=ip)
                done = "two-factor"
            else:
                how = request.form.get("password_how") or "make"
                password = (request.form.get("password") or "") if how == "set" else None
                changed, shown = await staff_auth.off_loop(partial(staff_accounts.reset_password, user, user_id,
                                                                   password, ip=ip))
                return kit.render("account_password.html", user=user, account=changed, password=shown,
                                  created=False)
        except AccountError as error:
            text = str(error)
            field = {"areas": "other_areas", "password": "password"}.get(action, "")
            if staff_accounts.account(user_id) is None:
                return kit.render("missing.html", status=404, user=user, what="Account", back="/staff/accounts",
                              back_name="staff accounts")
            return edit_page(user, user_id, 400, text, field)
        return response.redirect(f"/staff/accounts/{user_id}?done={done}", status=303)
