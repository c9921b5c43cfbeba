"""docs/deployment.md's table of settings, written from bot/settings.py (`python -m bot settings-table`): every
variable, its default, the processes that need it, what it does and what a scaled-out deployment sets. It goes
between two marker comments; tests/unit/test_settings.py fails when the file is out of date."""

from __future__ import annotations

from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any

from bot import settings

DOC = settings.ROOT / "docs" / "deployment.md"
START = "<!-- settings table: written by `python -m bot settings-table` from bot/settings.py; do not edit by hand -->"
END = "<!-- end of settings table -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _default(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Path):
        return f"`{value.relative_to(settings.ROOT)}`" if value.is_relative_to(settings.ROOT) else f"`{value}`"
    if value is None or value == () or value == "":
        return "none"
    return str(value)


def _processes(names: tuple[str, ...]) -> str:
    return ", ".join(names)


def table() -> str:
    lines = [
        "Who reads what: " + "; ".join(f"**{name}**: {what}" for name, what in settings.PROCESSES.items()) + ". "
        "Every process reads its settings once, at first use, and stops with a message naming the variable when "
        "a value cannot be used; unset or empty means the default.",
        "",
        "| Variable | Default (`make run`) | Needed by | What it does | Scaled out |",
        "|---|---|---|---|---|",
    ]
    for item in fields(settings.Settings):
        meta = item.metadata
        default = meta["shown"] if meta["shown"] is not None else _default(
            item.default if item.default is not MISSING else None)
        lines.append("| " + " | ".join(_cell(c) for c in (
            f"`{meta['env']}`", default, _processes(meta["processes"]), meta["doc"], meta["scaled"])) + " |")
    lines += [
        "",
        "Read by Rasa, Sanic, TensorFlow or the channels themselves, not by this project's code:",
        "",
        "| Variable | Default | Needed by | What it does | Scaled out |",
        "|---|---|---|---|---|",
    ]
    for other in settings.OTHER_VARIABLES:
        name = other.name if other.name.startswith("`") else f"`{other.name}`"
        lines.append("| " + " | ".join(_cell(c) for c in (
            name, other.default, _processes(other.processes), other.doc, other.scaled)) + " |")
    return "\n".join(lines) + "\n"


def rendered(text: str) -> str:
    """`text` (docs/deployment.md) with the table between the markers replaced by the current one."""
    before, start, rest = text.partition(START)
    _old, end, after = rest.partition(END)
    if not start or not end:
        raise ValueError(f"{DOC.name}: the markers {START!r} and {END!r} are missing")
    return before + START + "\n" + table() + END + after


def is_up_to_date(path: Path = DOC) -> bool:
    text = path.read_text(encoding="utf-8")
    return rendered(text) == text


def write(path: Path = DOC) -> bool:
    """Write the table into `path`; True if it changed."""
    text = path.read_text(encoding="utf-8")
    new = rendered(text)
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True
