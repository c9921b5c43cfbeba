"""Paths and settings.

Paths inside the project are constants. Everything the project reads from the environment (every SEND_*
variable, and the ports `make run` uses) is a field of the frozen `Settings`: `load()` reads and checks them
all at once and names every variable with a value it cannot use; `current()` is this process's settings,
loaded at first use (never at import time) and then kept. Nothing else in bot/, actions/ or rasa_addons/ reads
a SEND_* variable (tests/unit/test_environment_read_at_use.py). Each field says which variable it is, what it
does and which processes need it; docs/deployment.md's table is written from that (`python -m bot
settings-table`). Imports no other bot module.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = ROOT / "knowledge"
BUILD_DIR = ROOT / "build"
SPACY_MODEL_DIR = BUILD_DIR / "spacy_en_send"

# The processes a variable is for (docs/deployment.md's "Needed by").
PROCESSES = {
    "rasa": "the Rasa server (`python -m rasa_addons.server run`)",
    "actions": "the action server (`python -m bot.web.action_server`)",
    "web": "the web server: demo page, widget API and staff view (`python -m bot web`)",
    "run": "`make run` (`python -m bot run`), which starts those three and passes its environment on to them",
    "jobs": "the jobs: `python -m bot load-knowledge`, `purge`, `send-outbox` and `create-staff`",
}
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


class SettingsError(ValueError):
    """Variables with values that cannot be used; the message names each one."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.variables = tuple(problems)
        super().__init__("; ".join(f"{name}: {problem}" for name, problem in problems.items()))


def setting(env: str, default: Any, doc: str, processes: tuple[str, ...], *, shown: str | None = None,
            scaled: str = "", secret: bool = False, separator: str | None = None,
            at_least: float | None = None) -> Any:
    """A field read from the variable `env`. `shown`: the default as the docs say it (when the value is not
    plain); `scaled`: what a scaled-out deployment sets; `secret`: never in repr, not stripped; `separator`: of
    a list (None: whitespace); `at_least`: numbers below it are taken as it."""
    unknown = set(processes) - set(PROCESSES)
    if unknown:
        raise ValueError(f"{env}: unknown processes {sorted(unknown)}")
    return field(default=default, repr=not secret, metadata={
        "env": env, "doc": doc, "processes": processes, "shown": shown, "scaled": scaled, "secret": secret,
        "separator": separator, "at_least": at_least})


ALL = ("rasa", "actions", "web", "run", "jobs")
DATABASE = ("actions", "web", "run", "jobs")  # everything that reads the knowledge and enquiries database
EMAIL = ("actions", "web", "jobs")  # a new enquiry queues the team's email; the web server and jobs send it


@dataclass(frozen=True)
class SmtpSettings:
    """The team's new-enquiry emails (bot.store.notify)."""

    host: str  # no host: no emails
    ssl: bool
    starttls: bool
    port: int
    user: str
    password: str = field(repr=False)
    sender: str
    timeout: float
    team_inbox: tuple[str, ...]
    staff_base_url: str  # no trailing /

    @property
    def enabled(self) -> bool:
        return bool(self.host and self.team_inbox)


@dataclass(frozen=True)
class RetentionDays:
    """How long things are kept, in days (bot.store.retention, `python -m bot purge`)."""

    conversations: int
    enquiries: int
    audit: int
    insights: int
    disabled_accounts: int


@dataclass(frozen=True)
class Settings:
    """Every setting read from the environment, one field per variable."""

    # Stores
    database_url: str | None = setting(
        "SEND_DATABASE_URL", None, "The knowledge, enquiries and staff database (an SQLAlchemy URL).", DATABASE,
        shown="SQLite `var/send.db` (in `SEND_VAR_DIR`)", scaled="`postgresql://user:pass@host:5432/send`")
    var_dir: Path = setting(
        "SEND_VAR_DIR", ROOT / "var", "Where the embedded knowledge database lives when `SEND_DATABASE_URL` is "
        "not set.", DATABASE)
    tracker_db_url: str = setting(
        "SEND_TRACKER_DB_URL", f"sqlite:///{ROOT / 'var' / 'tracker.db'}",
        "The conversation (tracker) store, written by the Rasa server, read by the web server's feedback and "
        "insights, and purged by the jobs; the Rasa server deletes a conversation when the parent asks.",
        ("rasa", "web", "jobs"),
        shown="SQLite `var/tracker.db`", scaled="`postgresql://user:pass@host:5432/rasa`")
    redis_url: str | None = setting(
        "SEND_REDIS_URL", None, "The lock store: Redis when set, else in memory (one Rasa process only).",
        ("rasa",), shown="unset: in-memory lock store", scaled="`redis://host:6379/1` (`rediss://` for TLS)")
    redis_key_prefix: str | None = setting(
        "SEND_REDIS_KEY_PREFIX", None, "A prefix for the lock store's keys in Redis.", ("rasa",), shown="none")
    # Knowledge
    deployment_file: Path = setting(
        "SEND_DEPLOYMENT_FILE", KNOWLEDGE_DIR / "deployment.yml", "The council's own area and contacts.",
        ("actions", "web", "run", "jobs"))
    la_data_dir: Path = setting(
        "SEND_LA_DATA_DIR", KNOWLEDGE_DIR / "local-authorities",
        "The local authority list. Training copies it into the model, which the Rasa server reads instead.",
        ("actions", "web", "run", "jobs"))
    today: dt.date | None = setting(
        "SEND_TODAY", None, "Fixes today's date (YYYY-MM-DD), for the conversation evaluation.",
        ("rasa", "actions", "web", "jobs"),
        shown="unset: the real date")
    # Servers started by `make run`
    rasa_port: int = setting("RASA_PORT", 5005, "The Rasa server's port.", ("run",))
    actions_port: int = setting("ACTIONS_PORT", 5055, "The action server's port.", ("run",))
    web_port: int = setting("WEB_PORT", 0, "The web server's port (0: any free port, printed).", ("run",))
    start_timeout: float = setting(
        "SEND_START_TIMEOUT", 240.0, "Seconds `make run` waits for every server to be healthy.", ("run",))
    credentials_file: Path = setting(
        "SEND_CREDENTIALS_FILE", ROOT / "credentials.yml", "The channels file `make run` turns on channels from.",
        ("run",))
    socketio: bool = setting(
        "SEND_SOCKETIO", False, "Turns the socket.io channel on (1, true, yes or on).", ("run",),
        shown="unset (socket.io off)", scaled="set to 1 only if a client needs socket.io (see SECURITY.md)")
    rasa_interface: str = setting(
        "SEND_RASA_INTERFACE", "127.0.0.1", "The address the Rasa server listens on.", ("run",),
        shown="127.0.0.1 (loopback)", scaled="0.0.0.0 in a container, behind the ingress or proxy")
    rasa_api_token: str | None = setting(
        "SEND_RASA_API_TOKEN", None, "Turns Rasa's HTTP API on, guarded by this token.", ("run",), secret=True,
        shown="unset: Rasa's HTTP API is off", scaled="set only if operators need the API (token required)")
    cors_origins: tuple[str, ...] = setting(
        "SEND_CORS_ORIGINS", (), "Other sites whose pages may use the chat and the widget API (space-separated).",
        ("run", "web"), shown="the demo page only", scaled="the council's own site(s)")
    actions_host: str = setting(
        "SEND_ACTIONS_HOST", "127.0.0.1", "The address the action server listens on (given to it as `SANIC_HOST`).",
        ("run",), shown="127.0.0.1 (loopback)",
        scaled="the pod address, with a ClusterIP service and a network policy")
    actions_token: str | None = setting(
        "SEND_ACTIONS_TOKEN", None, "The action server's shared secret (24-200 letters, digits, `-`, `_`); it "
        "refuses every call without it.", ("run", "actions"), secret=True,
        shown="a new random secret for each `make run`",
        scaled="one secret from a Kubernetes secret, in both the Rasa and the action pods")
    action_timeout: float = setting(
        "SEND_ACTION_TIMEOUT", 4.0, "Seconds the Rasa server gives one custom action before answering without it.",
        ("rasa",))
    # The public chat endpoint's rate limits (bot/web/rate_limit.py); 0 turns a limit off
    rate_per_sender: float = setting(
        "SEND_RATE_PER_SENDER", 3.0, "Messages per second per conversation (REST channel).", ("rasa",),
        at_least=0.0, scaled="per replica")
    burst_per_sender: float = setting(
        "SEND_BURST_PER_SENDER", 30.0, "Messages at once per conversation.", ("rasa",), at_least=0.0,
        scaled="per replica")
    max_wait_per_sender: float = setting(
        "SEND_MAX_WAIT_PER_SENDER", 5.0, "Seconds a conversation's message going too fast is held before it is "
        "refused.", ("rasa",), at_least=0.0)
    rate_per_ip: float = setting(
        "SEND_RATE_PER_IP", 50.0, "Messages per second per client address.", ("rasa",), at_least=0.0,
        scaled="per replica; behind a proxy set `SANIC_PROXIES_COUNT=1` so the client address "
        "(X-Forwarded-For) is used")
    burst_per_ip: float = setting(
        "SEND_BURST_PER_IP", 500.0, "Messages at once per client address.", ("rasa",), at_least=0.0,
        scaled="per replica")
    # The web server
    bot_url: str | None = setting(
        "SEND_BOT_URL", None, "The Rasa server's address, for the demo page's chat.", ("web",),
        shown="`http://localhost:<RASA_PORT>` (`make run` sets it)")
    council_name: str = setting("SEND_COUNCIL_NAME", "Anytown Council", "The demo page's council.", ("web",))
    feedback_rate_per_ip: float = setting(
        "SEND_FEEDBACK_RATE_PER_IP", 0.5, "\"Was this helpful?\" answers per second per client address.",
        ("web",), at_least=0.0)
    feedback_burst_per_ip: float = setting(
        "SEND_FEEDBACK_BURST_PER_IP", 30.0, "\"Was this helpful?\" answers at once per client address.", ("web",),
        at_least=0.0)
    outbox_retry_seconds: float = setting(
        "SEND_OUTBOX_RETRY_SECONDS", 300.0, "How often the web server retries team emails still waiting (0: "
        "never).", ("web",))
    sign_in_max_delay: float = setting(
        "SEND_SIGN_IN_MAX_DELAY", 30.0, "The longest (seconds) a staff sign-in is held after repeated failures "
        "(`bot/domain/sign_in_throttle.py`).", ("web",))
    hash_threads: int = setting(
        "SEND_HASH_THREADS", 2, "Password checks (Argon2) at once in the web server.", ("web",))
    staff_admin_two_factor: bool = setting(
        "SEND_STAFF_ADMIN_TWO_FACTOR", True, "Admins must sign in with a second factor (0 turns that off).",
        ("web",), shown="on")
    # Team emails (bot/store/notify.py)
    smtp_host: str = setting(
        "SEND_SMTP_HOST", "", "The mail server for the team's new-enquiry emails.", EMAIL, shown="unset: no emails")
    smtp_port: int | None = setting(
        "SEND_SMTP_PORT", None, "The mail server's port.", EMAIL, shown="587 (465 with `SEND_SMTP_SSL`)")
    smtp_starttls: bool | None = setting(
        "SEND_SMTP_STARTTLS", None, "STARTTLS on a plain connection.", EMAIL, shown="on (off with `SEND_SMTP_SSL`)")
    smtp_ssl: bool = setting("SEND_SMTP_SSL", False, "Implicit TLS (e.g. port 465).", EMAIL, shown="off")
    smtp_user: str = setting("SEND_SMTP_USER", "", "The mail server's user name.", EMAIL, shown="none")
    smtp_password: str = setting(
        "SEND_SMTP_PASSWORD", "", "The mail server's password.", EMAIL, secret=True, shown="none")
    smtp_from: str = setting("SEND_SMTP_FROM", "send-guide@localhost", "The emails' sender.", EMAIL)
    smtp_timeout: float = setting("SEND_SMTP_TIMEOUT", 10.0, "Seconds to wait for the mail server.", EMAIL)
    team_inbox: tuple[str, ...] = setting(
        "SEND_TEAM_INBOX", (), "The team's shared inbox (comma-separated for several).", EMAIL, shown="none",
        separator=",")
    staff_base_url: str = setting(
        "SEND_STAFF_BASE_URL", "", "The staff view's address, for the emails' link (e.g. "
        "https://send.example.gov.uk).", EMAIL, shown="none")
    # Retention (bot/store/retention.py, `python -m bot purge`)
    conversation_retention_days: int = setting(
        "SEND_CONVERSATION_RETENTION_DAYS", 30, "Days conversations and their \"Was this helpful?\" answers are "
        "kept.", ("jobs",))
    enquiry_retention_days: int = setting(
        "SEND_ENQUIRY_RETENTION_DAYS", 365, "Days closed enquiries are kept.", ("jobs",))
    audit_retention_days: int | None = setting(
        "SEND_AUDIT_RETENTION_DAYS", None, "Days staff audit entries are kept.", ("jobs",),
        shown="the enquiry period")
    insights_retention_days: int = setting(
        "SEND_INSIGHTS_RETENTION_DAYS", 730, "Days weekly insight counts (no personal data) are kept.", ("jobs",))
    disabled_account_retention_days: int | None = setting(
        "SEND_DISABLED_ACCOUNT_RETENTION_DAYS", None, "Days staff accounts turned off by an admin are kept.",
        ("jobs",), shown="the audit period")

    @property
    def smtp(self) -> SmtpSettings:
        return SmtpSettings(
            host=self.smtp_host, ssl=self.smtp_ssl,
            starttls=(not self.smtp_ssl) if self.smtp_starttls is None else self.smtp_starttls,
            port=(465 if self.smtp_ssl else 587) if self.smtp_port is None else self.smtp_port, user=self.smtp_user,
            password=self.smtp_password, sender=self.smtp_from, timeout=self.smtp_timeout,
            team_inbox=self.team_inbox, staff_base_url=self.staff_base_url.rstrip("/"))

    @property
    def retention(self) -> RetentionDays:
        audit = self.enquiry_retention_days if self.audit_retention_days is None else self.audit_retention_days
        return RetentionDays(
            conversations=self.conversation_retention_days, enquiries=self.enquiry_retention_days, audit=audit,
            insights=self.insights_retention_days,
            disabled_accounts=audit if self.disabled_account_retention_days is None
            else self.disabled_account_retention_days)

    @property
    def bot_address(self) -> str:
        """The Rasa server's address: SEND_BOT_URL, else the Rasa port on this machine."""
        return self.bot_url or f"http://localhost:{self.rasa_port}"


@dataclass(frozen=True)
class OtherVariable:
    """A variable read by Rasa, Sanic or TensorFlow themselves (not by this project's code), for the docs."""

    name: str
    default: str
    processes: tuple[str, ...]
    doc: str
    scaled: str = ""


OTHER_VARIABLES = (
    OtherVariable("TICKET_LOCK_LIFETIME", "60 s", ("rasa",), "Rasa: how long a conversation's lock lasts.",
                  "20 s: how long a crashed replica's lock on a conversation lasts"),
    OtherVariable("SANIC_WORKERS", "1", ("rasa",), "Sanic: Rasa server processes (2 or more need "
                  "`SEND_REDIS_URL`).", "1 per replica, or 2 with `SEND_REDIS_URL`"),
    OtherVariable("SANIC_PROXIES_COUNT", "unset", ("rasa", "web"), "Sanic: proxies in front whose "
                  "X-Forwarded-For and X-Forwarded-Proto are believed (client address for rate and sign-in "
                  "limits, HTTPS for HSTS and Secure cookies).", "1 behind the ingress or proxy"),
    OtherVariable("SANIC_HOST", "`SEND_ACTIONS_HOST`", ("actions",), "Sanic: the action server's address "
                  "(`make run` sets it from `SEND_ACTIONS_HOST`)."),
    OtherVariable("TF_INTRA_OP_PARALLELISM_THREADS", "1 (`make run`)", ("rasa",),
                  "TensorFlow: threads per op (`make run` gives the Rasa server 1 unless set)."),
    OtherVariable("TF_INTER_OP_PARALLELISM_THREADS", "1 (`make run`)", ("rasa",),
                  "TensorFlow: ops at once (`make run` gives the Rasa server 1 unless set)."),
    OtherVariable("`${...}` in credentials.yml", "unset: that channel off", ("run",),
                  "The messaging apps' own credentials (`TELEGRAM_TOKEN`, `TWILIO_AUTH_TOKEN`, ...): `make run` "
                  "turns a channel on when all its variables are set (`bot/web/channels.py`)."),
)


def _hints() -> dict[str, Any]:
    return typing.get_type_hints(Settings)


def _parse(text: str, kind: Any, meta: Mapping[str, Any]) -> Any:
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        kind = next(arg for arg in typing.get_args(kind) if arg is not type(None))
    if kind is str:
        return text
    if kind is bool:
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise ValueError("expected 1, true, yes or on, or 0, false, no or off")
    if kind is int:
        try:
            return int(text)
        except ValueError:
            raise ValueError("expected a whole number") from None
    if kind is float:
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise ValueError("expected a number")
        return number if meta["at_least"] is None else max(meta["at_least"], number)
    if kind is Path:
        return Path(text)
    if kind is dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("expected a date as YYYY-MM-DD") from None
    if typing.get_origin(kind) is tuple:
        return tuple(part.strip() for part in text.split(meta["separator"]) if part.strip())
    raise TypeError(f"no reader for {kind}")


def load(environ: Mapping[str, str] | None = None) -> Settings:
    """Every setting from `environ` (default: this process's environment), checked all at once. An unset or
    empty variable gives the default; a value that cannot be used raises SettingsError naming each variable."""
    environ = os.environ if environ is None else environ
    hints = _hints()
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for item in fields(Settings):
        name = item.metadata["env"]
        raw = environ.get(name)
        if raw is None or not raw.strip():
            continue
        text = raw if item.metadata["secret"] else raw.strip()
        try:
            values[item.name] = _parse(text, hints[item.name], item.metadata)
        except ValueError as error:
            shown = "(hidden)" if item.metadata["secret"] else repr(raw)
            problems[name] = f"{shown} is not a usable value: {error}"
    if problems:
        raise SettingsError(problems)
    return Settings(**values)


_current: Settings | None = None


def current() -> Settings:
    """This process's settings, read from the environment at first use and kept."""
    global _current
    if _current is None:
        _current = load()
    return _current


def reset() -> None:
    """Forget this process's settings, so that the next current() reads the environment again (for tests
    that change it; a running server's environment does not change)."""
    global _current
    _current = None


def database_url() -> str:
    """The knowledge and enquiries database: SEND_DATABASE_URL, else an SQLite file in SEND_VAR_DIR (made if
    missing)."""
    settings = current()
    if settings.database_url:
        return settings.database_url
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{settings.var_dir / 'send.db'}"
