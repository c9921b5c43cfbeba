"""Adviser accounts: Argon2 password hashes, lock-out after repeated failures, server-side sessions
with a CSRF token each. Only SHA-256 hashes of session tokens are stored. Admins (is_admin) can also read
the audit log. Every sign-in and failed sign-in is recorded in it (bot.audit)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, select

from bot import audit, db
from bot.models import StaffSession, StaffUser

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
SESSION_LENGTH = dt.timedelta(hours=8)
MIN_PASSWORD = 12
_hasher = PasswordHasher()
# Verified against when the email is unknown, so timing does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


@dataclass(frozen=True)
class Session:
    email: str
    csrf_token: str
    is_admin: bool = False


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(email: str, password: str, admin: bool | None = None) -> None:
    """Create the account, or reset its password. `admin`: True/False sets the flag; None leaves it (new
    accounts are not admins)."""
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


def sign_in(email: str, password: str, ip: str | None = None) -> tuple[str | None, str]:
    """(session token, message). The token is None when sign-in failed; the message says why, kindly,
    without revealing whether the account exists. Both are recorded in the audit log."""
    email = (email or "").strip().lower()
    now = dt.datetime.utcnow()
    with db.session() as session:
        def failed(why: str) -> None:
            audit.record(email[:200] or "(blank)", "sign_in_failed", detail=why, ip=ip, session=session)

        user = session.execute(select(StaffUser).where(StaffUser.email == email)).scalar_one_or_none()
        if user is None:
            try:
                _hasher.verify(_DUMMY_HASH, password or "")
            except VerificationError:
                pass
            failed("no such account")
            return None, "The email or password is not right."
        if user.locked_until and user.locked_until > now:
            failed("account locked")
            return None, "Too many attempts. This account is locked for 15 minutes."
        try:
            _hasher.verify(user.password_hash, password or "")
        except (VerificationError, InvalidHashError):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until, user.failed_logins = now + LOCKOUT, 0
                failed(f"wrong password; locked for {int(LOCKOUT.total_seconds() // 60)} minutes")
                return None, "Too many attempts. This account is locked for 15 minutes."
            failed("wrong password")
            return None, "The email or password is not right."
        user.failed_logins, user.locked_until = 0, None
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


def csrf_ok(session: Session, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(session.csrf_token, given or "")


def sign_out(token: str | None) -> None:
    if token:
        with db.session() as session:
            session.execute(delete(StaffSession).where(StaffSession.token_hash == _hash_token(token)))
