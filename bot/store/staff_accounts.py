"""Staff accounts beyond the password: the council areas each adviser works for, accounts managed by admins
from the web, and sign-in steps after the password (a two-factor code, a new password, setting up
two-factor).

Areas: an adviser sees only enquiries from their areas (GSS codes; "none" for enquiries with no area
recorded). Admins see every area and manage accounts: create (with a one-time password, or one they set),
turn off and on, reset the password, change areas and role, remove two-factor (a lost phone).

Two-factor sign-in: TOTP codes (RFC 6238, 6 digits, 30 seconds, as authenticator apps make them, via
pyotp). An account with a secret is asked for a code after its password; each code works once; 5 wrong
codes lock codes for 15 minutes. Admins must have it (SEND_STAFF_ADMIN_TWO_FACTOR, on by default): an admin
without a secret sets one up on first sign-in. Advisers may set it up from "Your account".

Sign-in stages: bot.store.staff_auth checks the password and opens a session at stage "new"; after_password()
moves it to the next step it needs, or to "done". Only "done" sessions see anything (current()), so a
session that skipped a step is worth nothing. Steps must be finished within 10 minutes.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, select
from sqlalchemy.orm import Session as DbSession

from bot import settings
from bot.store import audit, db, staff_auth
from bot.store.enquiries import NO_AREA
from bot.store.models import StaffSession, StaffUser, StaffUserArea

NO_AREA_LABEL = "Area not given"
STAGE_LENGTH = dt.timedelta(minutes=10)
MAX_CODE_FAILURES = 5
CODE_LOCKOUT = dt.timedelta(minutes=15)
ISSUER = "SEND enquiries"
STAGE_URLS = {"done": "/staff/", "code": "/staff/login/code", "password": "/staff/login/new-password",
              "setup": "/staff/login/two-factor"}
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 (the characters, not a password)
_hasher = PasswordHasher()


class AccountError(ValueError):
    """Something an admin or adviser asked for that cannot be done; the message says why, for people."""


def admin_two_factor_required() -> bool:
    return settings.current().staff_admin_two_factor


@dataclass(frozen=True)
class Account:
    """A signed-in member of staff (or one part-way through signing in)."""

    id: int
    email: str
    csrf_token: str
    is_admin: bool
    areas: frozenset[str]
    two_factor: bool = False
    stage: str = "done"

    @property
    def scope(self) -> frozenset[str] | None:
        """The areas whose enquiries they see; None: all (admins)."""
        return None if self.is_admin else self.areas

    @property
    def two_factor_required(self) -> bool:
        return self.is_admin and admin_two_factor_required()


# --- areas ------------------------------------------------------------------------------------------------


def area_label(code: str) -> str:
    from bot.domain import areas

    if code == NO_AREA:
        return NO_AREA_LABEL
    found = areas.load().by_gss(code)
    return found.name if found else code


def parse_areas(text: str | Iterable[str]) -> list[str]:
    """GSS codes from what an admin typed or ticked: codes (E08000035), names (Leeds) or "none", separated
    by commas or new lines. Raises AccountError naming what is not an English council area."""
    from bot.domain import areas

    items = re.split(r"[,\n;]+", text) if isinstance(text, str) else list(text)
    gazetteer = areas.load()
    found: list[str] = []
    unknown: list[str] = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        if item.lower() in {NO_AREA, "not given", NO_AREA_LABEL.lower()}:
            code = NO_AREA
        elif gazetteer.by_gss(item.upper()):
            code = item.upper()
        else:
            match = gazetteer.match(item)
            if match.status != "found" or match.area is None:
                unknown.append(item[:60])
                continue
            code = match.area.gss
        if code not in found:
            found.append(code)
    if unknown:
        raise AccountError("Not an English council area: " + ", ".join(unknown))
    return found


def _areas_of(session: DbSession, user_id: int) -> frozenset[str]:
    return frozenset(session.execute(select(StaffUserArea.gss).where(StaffUserArea.user_id == user_id)).scalars())


def _set_areas(session: DbSession, user_id: int, codes: Collection[str]) -> None:
    session.execute(delete(StaffUserArea).where(StaffUserArea.user_id == user_id))
    for code in dict.fromkeys(codes):
        session.add(StaffUserArea(user_id=user_id, gss=code))


def set_areas_by_email(email: str, codes: Collection[str], actor: str = "command line") -> None:
    """For `python -m bot create-staff --areas`."""
    with db.session() as session:
        user = session.execute(select(StaffUser).where(StaffUser.email == email.strip().lower())).scalar_one()
        _set_areas(session, user.id, codes)
        audit.record(actor, "account_changed", detail=f"{user.email}: areas {', '.join(codes) or 'none'}",
                     session=session)


def covering(area_gss: str | None) -> list[str]:
    """Emails of accounts that can be given an enquiry from this area: turned on, and an admin or working
    for the area."""
    code = area_gss or NO_AREA
    with db.session() as session:
        users = session.execute(select(StaffUser).where(StaffUser.disabled_at.is_(None))
                                .order_by(StaffUser.email)).scalars().all()
        inside = set(session.execute(select(StaffUserArea.user_id).where(StaffUserArea.gss == code)).scalars())
        return [u.email for u in users if u.is_admin or u.id in inside]


def colleagues(account: Account) -> list[str]:
    """Who an adviser can filter the queue by: everyone for admins; otherwise admins and those sharing an
    area with them."""
    with db.session() as session:
        users = session.execute(select(StaffUser).order_by(StaffUser.email)).scalars().all()
        if account.scope is None:
            return [u.email for u in users]
        sharing = set(session.execute(select(StaffUserArea.user_id)
                                      .where(StaffUserArea.gss.in_(sorted(account.areas)))).scalars())
        return [u.email for u in users if u.is_admin or u.id in sharing or u.id == account.id]


# --- sessions and sign-in steps ---------------------------------------------------------------------------


def _row(session: DbSession, token: str | None) -> tuple[StaffSession, StaffUser] | None:
    """The session row and its user for a cookie token (bot.store.staff_auth checks the token and its expiry)."""
    base = staff_auth.current(token)
    if base is None:
        return None
    row = session.execute(select(StaffSession).where(StaffSession.csrf_token == base.csrf_token)).scalar_one_or_none()
    if row is None:
        return None
    user = session.get(StaffUser, row.user_id)
    return (row, user) if user is not None else None


def _account(session: DbSession, row: StaffSession, user: StaffUser) -> Account:
    return Account(user.id, user.email, row.csrf_token, bool(user.is_admin), _areas_of(session, user.id),
                   bool(user.totp_secret), row.stage)


def current(token: str | None) -> Account | None:
    """The signed-in account, only if every sign-in step is done and the account is turned on."""
    with db.session() as session:
        found = _row(session, token)
        if found is None:
            return None
        row, user = found
        if row.stage != "done" or user.disabled_at is not None:
            return None
        return _account(session, row, user)


def pending(token: str | None, stage: str) -> Account | None:
    """An account part-way through signing in, at `stage`, in time."""
    with db.session() as session:
        found = _row(session, token)
        if found is None:
            return None
        row, user = found
        if (row.stage != stage or user.disabled_at is not None or row.stage_until is None
                or row.stage_until < dt.datetime.utcnow()):
            return None
        return _account(session, row, user)


def _next_stage(user: StaffUser, code_done: bool) -> str:
    if user.totp_secret and not code_done:
        return "code"
    if user.must_change_password:
        return "password"
    if user.is_admin and not user.totp_secret and admin_two_factor_required():
        return "setup"
    return "done"


def _move(row: StaffSession, stage: str) -> str:
    row.stage = stage
    row.stage_until = None if stage == "done" else dt.datetime.utcnow() + STAGE_LENGTH
    if stage != "setup":
        row.setup_secret = None
    return STAGE_URLS[stage]


def after_password(token: str, ip: str | None = None) -> tuple[str | None, str]:
    """After bot.store.staff_auth accepted the password: (the page to go to next, "") or (None, why not) when
    the account is turned off (its session is ended)."""
    with db.session() as session:
        found = _row(session, token)
        if found is None:
            return None, "The email or password is not right."
        row, user = found
        if user.disabled_at is not None:
            session.delete(row)
            audit.record(user.email, "sign_in_failed", detail="account turned off", ip=ip, session=session)
            # The same reply as a wrong password: a different one would tell a guesser the password was right.
            return None, "The email or password is not right."
        return _move(row, _next_stage(user, code_done=False)), ""


def _verify_code(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step a 6-digit code belongs to (now, or one step either side for clock drift), if it is
    right and newer than the last code used."""
    code = re.sub(r"\s+", "", code or "")
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    step = totp.timecode(time.time())
    for offset in (0, -1, 1):
        candidate = step + offset
        if last_step is not None and candidate <= last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def check_code(token: str | None, code: str, ip: str | None = None) -> tuple[str | None, str]:
    """The code step: (next page, "") when right; (None, message) when not. The fifth wrong code in a row
    locks codes for the account for 15 minutes and ends this sign-in."""
    now = dt.datetime.utcnow()
    with db.session() as session:
        found = _row(session, token)
        if found is None or found[0].stage != "code" or not found[1].totp_secret:
            return "/staff/login", ""
        row, user = found
        if user.totp_locked_until and user.totp_locked_until > now:
            audit.record(user.email, "two_factor_failed", detail="codes locked", ip=ip, session=session)
            return None, "Too many wrong codes. Try again in 15 minutes."
        step = _verify_code(user.totp_secret, code, user.totp_last_step)
        if step is None:
            user.totp_failures = (user.totp_failures or 0) + 1
            if user.totp_failures >= MAX_CODE_FAILURES:
                user.totp_failures, user.totp_locked_until = 0, now + CODE_LOCKOUT
                session.delete(row)
                audit.record(user.email, "two_factor_failed", detail="wrong code; codes locked for 15 minutes",
                             ip=ip, session=session)
                return None, "Too many wrong codes. Try again in 15 minutes."
            audit.record(user.email, "two_factor_failed", detail="wrong code", ip=ip, session=session)
            return None, "The code is not right. Enter the 6-digit code your authenticator app shows now."
        user.totp_last_step, user.totp_failures, user.totp_locked_until = step, 0, None
        return _move(row, _next_stage(user, code_done=True)), ""


def _password_problem(password: str, confirm: str) -> str:
    if len(password) < staff_auth.MIN_PASSWORD:
        return f"Choose a password of at least {staff_auth.MIN_PASSWORD} characters"
    if len(password) > 200:
        return "Choose a password of 200 characters or fewer"
    if password != confirm:
        return "The two passwords are not the same"
    return ""


def choose_password(token: str | None, password: str, confirm: str, ip: str | None = None) -> tuple[str | None, str]:
    """The new-password step (after an admin set up or reset the account)."""
    problem = _password_problem(password, confirm)
    with db.session() as session:
        found = _row(session, token)
        if found is None or found[0].stage != "password":
            return "/staff/login", ""
        row, user = found
        if problem:
            return None, problem
        try:
            if _hasher.verify(user.password_hash, password):
                return None, "Choose a password that is not the one you were given"
        except (VerificationError, InvalidHashError):
            pass
        user.password_hash = _hasher.hash(password)
        user.must_change_password = False
        audit.record(user.email, "password_changed", ip=ip, session=session)
        return _move(row, _next_stage(user, code_done=True)), ""


def setup_secret(token: str | None, stage: str) -> tuple[str, str] | None:
    """(secret, otpauth:// URI) for setting up two-factor: kept on the session until confirmed. `stage`:
    "setup" during sign-in, "done" for a signed-in adviser setting it up from their account page."""
    with db.session() as session:
        found = _row(session, token)
        if found is None or found[0].stage != stage or found[1].disabled_at is not None:
            return None
        row, user = found
        if not row.setup_secret:
            row.setup_secret = pyotp.random_base32()
        return row.setup_secret, pyotp.TOTP(row.setup_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def confirm_setup(token: str | None, stage: str, code: str, ip: str | None = None) -> tuple[str | None, str]:
    """Turn two-factor on once a code from the new secret is right: (next page, "") or (None, message)."""
    with db.session() as session:
        found = _row(session, token)
        if found is None or found[0].stage != stage or not found[0].setup_secret:
            return "/staff/login" if stage != "done" else "/staff/account", ""
        row, user = found
        step = _verify_code(row.setup_secret, code, None)
        if step is None:
            return None, "The code is not right. Enter the 6-digit code your authenticator app shows now."
        user.totp_secret, user.totp_last_step, user.totp_failures = row.setup_secret, step, 0
        row.setup_secret = None
        audit.record(user.email, "two_factor_set_up", ip=ip, session=session)
        if stage == "done":
            return "/staff/account?done=two-factor", ""
        return _move(row, "done"), ""


def turn_off_own_two_factor(token: str | None, code: str, ip: str | None = None) -> str:
    """An adviser turns off their own two-factor (a current code needed). "" when done, else why not."""
    with db.session() as session:
        found = _row(session, token)
        if found is None or found[0].stage != "done" or not found[1].totp_secret:
            return "Two-factor sign-in is not on"
        user = found[1]
        if user.is_admin and admin_two_factor_required():
            return "Admins must use two-factor sign-in"
        step = _verify_code(user.totp_secret, code, user.totp_last_step)
        if step is None:
            audit.record(user.email, "two_factor_failed", detail="turning it off", ip=ip, session=session)
            return "The code is not right. Enter the 6-digit code your authenticator app shows now."
        user.totp_secret = user.totp_last_step = None
        audit.record(user.email, "two_factor_removed", detail=f"by {user.email}", ip=ip, session=session)
        return ""


# --- accounts, for admins ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountInfo:
    id: int
    email: str
    is_admin: bool
    areas: tuple[str, ...]
    disabled: bool
    two_factor: bool
    must_change_password: bool
    created_at: dt.datetime

    @property
    def area_names(self) -> list[str]:
        return sorted(area_label(a) for a in self.areas)


def _info(session: DbSession, user: StaffUser) -> AccountInfo:
    return AccountInfo(user.id, user.email, bool(user.is_admin), tuple(sorted(_areas_of(session, user.id))),
                       user.disabled_at is not None, bool(user.totp_secret), bool(user.must_change_password),
                       user.created_at)


def accounts() -> list[AccountInfo]:
    with db.session() as session:
        users = session.execute(select(StaffUser).order_by(StaffUser.email)).scalars().all()
        return [_info(session, u) for u in users]


def account(user_id: int) -> AccountInfo | None:
    with db.session() as session:
        user = session.get(StaffUser, user_id)
        return _info(session, user) if user else None


def one_time_password() -> str:
    """Easy to read out: xxxx-xxxx-xxxx-xxxx from 31 unambiguous characters (79 bits)."""
    chars = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(16))
    return "-".join(chars[i:i + 4] for i in range(0, 16, 4))


def _end_sessions(session: DbSession, user_id: int) -> None:
    session.execute(delete(StaffSession).where(StaffSession.user_id == user_id))


def _other_admins(session: DbSession, user_id: int) -> int:
    return len(session.execute(select(StaffUser.id).where(StaffUser.is_admin.is_(True),
                                                          StaffUser.disabled_at.is_(None),
                                                          StaffUser.id != user_id)).all())


def _new_password(given: str | None) -> tuple[str, str]:
    """(password, what to show the admin: the password if it was made here, else "")."""
    if given is not None:
        if len(given) < staff_auth.MIN_PASSWORD:
            raise AccountError(f"Choose a password of at least {staff_auth.MIN_PASSWORD} characters")
        return given, ""
    made = one_time_password()
    return made, made


def create(actor: str, email: str, area_codes: Collection[str], admin: bool, password: str | None = None,
           ip: str | None = None) -> tuple[AccountInfo, str]:
    """A new account. It must choose its own password when it first signs in. Returns (the account, the
    one-time password to pass on, or "" when the admin set it)."""
    try:
        email = validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise AccountError("Enter an email address in the right format, like name@example.gov.uk") from error
    if not admin and not area_codes:
        raise AccountError("Choose at least one area for an adviser")
    chosen, shown = _new_password(password)
    with db.session() as session:
        if session.execute(select(StaffUser.id).where(StaffUser.email == email)).first():
            raise AccountError("There is already an account with this email address")
        user = StaffUser(email=email, password_hash=_hasher.hash(chosen), failed_logins=0,
                         created_at=dt.datetime.utcnow(), is_admin=admin, must_change_password=True)
        session.add(user)
        session.flush()
        _set_areas(session, user.id, area_codes)
        audit.record(actor, "account_created", detail=f"{email}{' (admin)' if admin else ''}; areas: "
                     + (", ".join(area_codes) or "none"), ip=ip, session=session)
        return _info(session, user), shown


def update(actor_account: Account, user_id: int, area_codes: Collection[str], admin: bool,
           ip: str | None = None) -> AccountInfo:
    with db.session() as session:
        user = session.get(StaffUser, user_id)
        if user is None:
            raise AccountError("There is no such account")
        if user.is_admin and not admin and _other_admins(session, user.id) == 0:
            raise AccountError("There must be at least one admin: make someone else an admin first")
        if not admin and not area_codes:
            raise AccountError("Choose at least one area for an adviser")
        before = (bool(user.is_admin), _areas_of(session, user.id))
        user.is_admin = admin
        _set_areas(session, user.id, area_codes)
        if before != (admin, frozenset(area_codes)):
            audit.record(actor_account.email, "account_changed",
                         detail=f"{user.email}: {'admin' if admin else 'adviser'}; areas: "
                                + (", ".join(area_codes) or "none"), ip=ip, session=session)
        return _info(session, user)


def set_enabled(actor_account: Account, user_id: int, enabled: bool, ip: str | None = None) -> AccountInfo:
    with db.session() as session:
        user = session.get(StaffUser, user_id)
        if user is None:
            raise AccountError("There is no such account")
        if not enabled:
            if user.id == actor_account.id:
                raise AccountError("You cannot turn off your own account")
            if user.is_admin and _other_admins(session, user.id) == 0:
                raise AccountError("There must be at least one admin who can sign in")
            if user.disabled_at is None:
                user.disabled_at = dt.datetime.utcnow()
                _end_sessions(session, user.id)
                audit.record(actor_account.email, "account_disabled", detail=user.email, ip=ip, session=session)
        elif user.disabled_at is not None:
            user.disabled_at = None
            audit.record(actor_account.email, "account_enabled", detail=user.email, ip=ip, session=session)
        return _info(session, user)


def reset_password(actor_account: Account, user_id: int, password: str | None = None,
                   ip: str | None = None) -> tuple[AccountInfo, str]:
    """A new password (made here and shown once, or set by the admin) that must be changed at the next
    sign-in. Ends the account's sessions."""
    chosen, shown = _new_password(password)
    with db.session() as session:
        user = session.get(StaffUser, user_id)
        if user is None:
            raise AccountError("There is no such account")
        user.password_hash = _hasher.hash(chosen)
        user.must_change_password = True
        user.failed_logins, user.locked_until = 0, None
        _end_sessions(session, user.id)
        audit.record(actor_account.email, "password_reset",
                     detail=f"{user.email}; {'one-time password made' if shown else 'password set by admin'}",
                     ip=ip, session=session)
        return _info(session, user), shown


def remove_two_factor(actor_account: Account, user_id: int, ip: str | None = None) -> AccountInfo:
    """For a lost phone: the account signs in with its password alone (an admin sets it up again)."""
    with db.session() as session:
        user = session.get(StaffUser, user_id)
        if user is None:
            raise AccountError("There is no such account")
        if user.totp_secret:
            user.totp_secret = user.totp_last_step = None
            user.totp_failures, user.totp_locked_until = 0, None
            _end_sessions(session, user.id)
            audit.record(actor_account.email, "two_factor_removed", detail=f"{user.email}, by an admin", ip=ip,
                         session=session)
        return _info(session, user)


# --- retention --------------------------------------------------------------------------------------------


def purge_sessions() -> int:
    """Expired sessions, and sign-ins left part-way. Returns how many."""
    now = dt.datetime.utcnow()
    with db.session() as session:
        result = session.execute(delete(StaffSession).where(
            (StaffSession.expires_at < now) | ((StaffSession.stage != "done") & (StaffSession.stage_until < now))))
        return int(result.rowcount or 0)


def purge_disabled(older_than_days: int) -> int:
    """Accounts turned off more than `older_than_days` ago (their areas and sessions go with them)."""
    cutoff = dt.datetime.utcnow() - dt.timedelta(days=older_than_days)
    with db.session() as session:
        ids = list(session.execute(select(StaffUser.id).where(StaffUser.disabled_at < cutoff)).scalars())
        if not ids:
            return 0
        session.execute(delete(StaffUserArea).where(StaffUserArea.user_id.in_(ids)))
        session.execute(delete(StaffSession).where(StaffSession.user_id.in_(ids)))
        return int(session.execute(delete(StaffUser).where(StaffUser.id.in_(ids))).rowcount or 0)
