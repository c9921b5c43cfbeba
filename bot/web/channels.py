"""Which channels to turn on: those in credentials.yml whose ${VARIABLES} are all set, and, for a channel with
`enabled: ${VARIABLE}` (socket.io), only when that says 1, true, yes or on (SEND_SOCKETIO=0 keeps it off)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)\}")


def _variables(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_variables(v) for v in value.values())) if value else set()
    if isinstance(value, str):
        return set(VARIABLE.findall(value))
    return set()


def _expand(value: Any, env: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _expand(v, env) for k, v in value.items()}
    if isinstance(value, str):
        return VARIABLE.sub(lambda m: env[m.group(1)], value)
    return value


def _switched_on(config: Any) -> bool:
    if not isinstance(config, dict) or "enabled" not in config:
        return True
    return str(config["enabled"]).strip().lower() in {"1", "true", "yes", "on"}


def active_credentials(source: Path, target: Path, env: dict[str, str] | None = None) -> list[str]:
    """Write the channels that can run to `target`; return their names."""
    env = dict(os.environ if env is None else env)
    channels = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    active = {name: _expand(config, env) for name, config in channels.items()
              if _variables(config) <= {k for k, v in env.items() if v}}
    active = {name: config for name, config in active.items() if _switched_on(config)}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(active, sort_keys=False), encoding="utf-8")
    return list(active)
