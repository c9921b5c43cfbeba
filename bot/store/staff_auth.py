"""Adviser accounts: Argon2 password hashes, server-side sessions with a CSRF token each. Only SHA-256
hashes of session tokens are stored. Admins (is_admin) can also read the audit log. Every sign-in and failed
sign-in is recorded in it (bot.store.audit).

Guessing is slowed, never turned into a lock-out (bot.domain.sign_in_throttle): the web server's sign-in
(sign_in_slowed) waits as the throttle says, then checks the password, so the right one always gets in. The counts
are kept in the staff database (bot.store.sign_in_counts), shared by every web process.
Every failure gets the same reply, and an unknown email costs the same Argon2 check as a wrong password.
Argon2 runs in a small thread pool, never on the web server's event loop. A password reset ends every
session of that account."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, select

from bot import settings
from bot.domain.sign_in_throttle import Throttle, email_key
from bot.store import audit, db
from bot.store.models import StaffSession, StaffUser
from bot.store.sign_in_counts import DatabaseCounts

SESSION_LENGTH = dt.timedelta(hours=8)
MIN_PASSWORD = 12
_hasher = PasswordHasher()
# Verified against when the email is unknown, so timing does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")
NOT_RIGHT = "The email or password is not right."  # the one reply to every failed sign-in
_throttle: Throttle | None = None
# Argon2 (64 MiB and about 0.3 s a check) runs here, off the event loop; two at a time bound memory and CPU.
_hashing: ThreadPoolExecutor | None = None
_making = threading.Lock()
_typical_check = 0.3  # seconds a check takes here (moving average): a refused attempt takes as long
T = TypeVar("T")


@dataclass(frozen=True)
class Session:
    email: str
    csrf_token: str
    is_admin: bool = False


class HasCsrfToken(Protocol):
    """A signed-in session of either kind: this module's Session or staff_accounts.Account."""

    @property
    def csrf_token(self) -> str: ...


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(email: str, password: str, admin: bool | None = None) -> None:
    """Create the account, or reset its password (which signs it out everywhere). `admin`: True/False sets
    the flag; None leaves it (new accounts are not admins)."""
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise ValueError(f"not a valid email address ({error})") from error
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"the password must be at least {MIN_PASSWORD} characters")
    with db.session() as session:
        user = session.execute(select(StaffUser).where(StaffUser.email == email)).scalar_one_or_none()
        if user is None:
            user = StaffUser(email=email, password_hash="", failed_logins=0, created_at=dt.datetime.utcnow())
            session.add(user)
        new = user.id is None
        user.password_hash = _hasher.hash(password)
        if not new:  # a reset: whoever held a session with the old password is signed out
            end_sessions(user.id, session=session)
        user.failed_logins, user.locked_until = 0, None
        if admin is not None:
            user.is_admin = admin
        user.is_admin = bool(user.is_admin)
        audit.record("command line", "account_set_up",
                     detail=f"{'created' if new else 'password reset for'} {email}"
                            f"{' (admin)' if user.is_admin else ''}", session=session)


def users() -> list[str]:
    """Every adviser's email, for "assign to"."""
    with db.session() as session:
        return [email for (email,) in session.execute(select(StaffUser.email).order_by(StaffUser.email))]


def end_sessions(user_id: int, keep_token: str | None = None, session: Any = None) -> None:
    """Sign an account out everywhere (but the session `keep_token`, if given): after a password change or
    reset."""
    if session is None:
        with db.session() as own:
            return end_sessions(user_id, keep_token, own)
    query = delete(StaffSession).where(StaffSession.user_id == user_id)
    if keep_token:
        query = query.where(StaffSession.token_hash != _hash_token(keep_token))
    session.execute(query)
    return None


def throttle() -> Throttle:
    """The sign-in throttle, made at first use (SEND_SIGN_IN_MAX_DELAY), counting in the staff database (wall-clock
    times, so that every process reads them alike)."""
    global _throttle
    with _making:
        if _throttle is None:
            _throttle = Throttle(max_delay=settings.current().sign_in_max_delay, clock=time.time,
                                 counts=DatabaseCounts())
        return _throttle


def _hashing_pool() -> ThreadPoolExecutor:
    """The Argon2 thread pool, made at first use (SEND_HASH_THREADS)."""
    global _hashing
    with _making:
        if _hashing is None:
            _hashing = ThreadPoolExecutor(max_workers=settings.current().hash_threads, thread_name_prefix="argon2")
        return _hashing


async def off_loop(func: Callable[..., T], *args: Any) -> T:
    """Run `func(*args)` in the Argon2 thread pool: for anything that hashes or checks a password."""
    return await asyncio.get_running_loop().run_in_executor(_hashing_pool(), functools.partial(func, *args))


async def sign_in_slowed(email: str, password: str, ip: str | None = None) -> tuple[str | None, str]:
    """The web server's sign-in: wait as long as the throttle says (a wrong guess or an unknown email costs
    the same), then check the password off the event loop. The right password always gets in."""
    global _typical_check
    wait = await asyncio.to_thread(throttle().admit, email, ip)  # reads the database: off the event loop
    if wait is None:  # this address is trying too fast: refused unchecked, as slowly as a check
        await asyncio.sleep(_typical_check)
        if await asyncio.to_thread(throttle().note_refusal, ip):
            await off_loop(audit.record, email_key(email) or "(blank)", "sign_in_failed",
                           None, "too many attempts from this address; not checked", ip)
        return None, NOT_RIGHT
    if wait:
        await asyncio.sleep(wait)
    started = time.monotonic()
    result = await off_loop(sign_in, email, password, ip)
    _typical_check = 0.8 * _typical_check + 0.2 * min(5.0, time.monotonic() - started)
    return result


def sign_in(email: str, password: str, ip: str | None = None) -> tuple[str | None, str]:
    """(session token, message), checking the password now (the web server calls sign_in_slowed, which
    waits first). The token is None when sign-in failed, with the same message whatever the reason. Both are
    recorded in the audit log, and failures counted by the throttle."""
    email = email_key(email)
    now = dt.datetime.utcnow()
    with db.session() as session:
        def failed(why: str) -> tuple[None, str]:
            throttle().failed(email, ip)
            audit.record(email or "(blank)", "sign_in_failed", detail=why, ip=ip, session=session)
            return None, NOT_RIGHT

        user = session.execute(select(StaffUser).where(StaffUser.email == email)).scalar_one_or_none()
        if user is None:
            try:
                _hasher.verify(_DUMMY_HASH, password or "")
            except VerificationError:
                pass
            return failed("no such account")
        try:
            _hasher.verify(user.password_hash, password or "")
        except (VerificationError, InvalidHashError):
            user.failed_logins += 1
            return failed("wrong password")
        user.failed_logins, user.locked_until = 0, None
        throttle().succeeded(email)
        audit.record(email, "signed_in", ip=ip, session=session)
        token = secrets.token_urlsafe(32)
        session.add(StaffSession(token_hash=_hash_token(token), user_id=user.id,
                                 csrf_token=secrets.token_urlsafe(32), expires_at=now + SESSION_LENGTH))
        return token, "Signed in."


def current(token: str | None) -> Session | None:
    if not token:
        return None
    with db.session() as session:
        row = session.get(StaffSession, _hash_token(token))
        if row is None or row.expires_at < dt.datetime.utcnow():
            return None
        user = session.get(StaffUser, row.user_id)
        return Session(user.email, row.csrf_token, bool(user.is_admin)) if user else None


def csrf_ok(session: HasCsrfToken, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(session.csrf_token, given or "")


def sign_out(token: str | None) -> None:
    if token:
        with db.session() as session:
            session.execute(delete(StaffSession).where(StaffSession.token_hash == _hash_token(token)))
