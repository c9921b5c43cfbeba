"""Which channels to turn on: those in credentials.yml whose ${VARIABLES} are all set, and, for a channel with
`enabled: ${VARIABLE}` (socket.io), only when that says 1, true, yes or on (SEND_SOCKETIO=0 keeps it off).

The channels' own variables (TELEGRAM_TOKEN, TWILIO_AUTH_TOKEN, ...) are read from the environment here, as Rasa
would; SEND_* variables come from bot.settings (only SEND_SOCKETIO is used in credentials.yml)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from bot import settings

VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)\}")


def _variables(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_variables(v) for v in value.values())) if value else set()
    if isinstance(value, str):
        return set(VARIABLE.findall(value))
    return set()


def _expand(value: Any, env: Mapping[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _expand(v, env) for k, v in value.items()}
    if isinstance(value, str):
        return VARIABLE.sub(lambda m: env[m.group(1)], value)
    return value


def _switched_on(config: Any) -> bool:
    if not isinstance(config, dict) or "enabled" not in config:
        return True
    return str(config["enabled"]).strip().lower() in {"1", "true", "yes", "on"}


def process_environment() -> dict[str, str]:
    """The variables credentials.yml may name: this process's, with SEND_SOCKETIO as bot.settings read it."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("SEND_")}
    env["SEND_SOCKETIO"] = "1" if settings.current().socketio else ""
    return env


def active_credentials(source: Path, target: Path, env: Mapping[str, str] | None = None) -> list[str]:
    """Write the channels that can run to `target` (variables from `env`, default process_environment());
    return their names."""
    env = dict(process_environment() if env is None else env)
    channels = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    active = {name: _expand(config, env) for name, config in channels.items()
              if _variables(config) <= {k for k, v in env.items() if v}}
    active = {name: config for name, config in active.items() if _switched_on(config)}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(active, sort_keys=False), encoding="utf-8")
    return list(active)
