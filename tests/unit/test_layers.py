"""The layers in the folders (DESIGN.md "Layout"), checked by reading every import (lazy ones inside functions
too) with `ast`:

    bot.settings  <-  bot.domain (pure rules)  <-  bot.store (database)  <-  bot.web (servers)
                                                   bot.build (build steps)      bot/__main__.py (CLI)
    actions/ and rasa_addons/ (Rasa) use bot/;  tools/ (bench, load, NLU evaluation) uses bot/;  tests/ use all.

A module may import its own layer and those to its left, never one to its right; nothing that ships imports
tests/ or tools/.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

RASA = ("rasa", "rasa_sdk")
DATABASE = ("sqlalchemy", "alembic")
WEB = ("sanic",)
DEV = ("tests", "tools")

# (folder or file, what it must not import, why)
RULES: list[tuple[str, tuple[str, ...], str]] = [
    ("bot/settings.py", ("bot",), "settings are the bottom: read by every layer, import none"),
    ("bot/domain", ("bot.store", "bot.web", "bot.build", "bot.__main__", *DATABASE, *WEB, *RASA, *DEV),
     "bot/domain is pure rules: no database, web server or Rasa"),
    ("bot/store", ("bot.web", "bot.build", "bot.__main__", *WEB, *RASA, *DEV),
     "bot/store is persistence: it serves the web layer, never calls it"),
    ("bot/build", ("bot.web", "bot.__main__", *WEB, *RASA, *DEV), "bot/build runs offline: no servers"),
    ("bot/web", ("bot.build", "bot.__main__", *DEV), "bot/web delivers; build steps run before it"),
    ("bot/__main__.py", DEV, "the assistant's CLI ships; tools/ are for developers"),
    ("actions", (*WEB, "bot.web", "bot.build", *DEV), "actions are thin rasa_sdk code over bot.domain and bot.store"),
    ("rasa_addons", ("bot.build", *DEV), "Rasa components ship; tests/ and tools/ do not"),
    ("tools", ("tests",), "tests import tools, not the other way round"),
]
TOP_LEVEL_MODULES = {"__init__.py", "__main__.py", "settings.py"}  # everything else in bot/ lives in a layer


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, module) for every import in the source; `from bot import x` counts as bot.x."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"line {node.lineno}: relative import (use absolute imports)"
            module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def violations(where: str, source: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted({f"{where}:{line} imports {module}" for line, module in imported_modules(source)
                   for package in forbidden if is_within(module, package)})


def files(where: str) -> list[Path]:
    path = ROOT / where
    return [path] if path.is_file() else sorted(path.rglob("*.py"))


def test_every_rule_names_files_that_exist() -> None:
    for where, _, _ in RULES:
        assert files(where), f"{where}: no Python files (was it moved? update RULES and DESIGN.md)"


def test_no_layer_imports_one_above_it() -> None:
    broken = []
    for where, forbidden, why in RULES:
        for path in files(where):
            found = violations(str(path.relative_to(ROOT)), path.read_text(), forbidden)
            broken += [f"{line}  ({why})" for line in found]
    assert not broken, "Layer rules broken (DESIGN.md, Layout):\n" + "\n".join(broken)


def test_every_module_of_bot_is_in_a_layer() -> None:
    loose = sorted(p.name for p in (ROOT / "bot").glob("*.py") if p.name not in TOP_LEVEL_MODULES)
    assert not loose, f"put these in bot/domain, bot/store, bot/web or bot/build (DESIGN.md, Layout): {loose}"


def test_the_check_catches_an_upward_import() -> None:
    """The checker itself can fail: lazy and aliased imports count, and a name imported from a package does."""
    source = "import os\n\ndef f():\n    from bot.store import db as database\n    import sanic.response\n"
    forbidden = dict((where, rule) for where, rule, _ in RULES)["bot/domain"]
    assert violations("bot/domain/x.py", source, forbidden) == [
        "bot/domain/x.py:4 imports bot.store", "bot/domain/x.py:4 imports bot.store.db",
        "bot/domain/x.py:5 imports sanic.response"]
    assert violations("bot/domain/x.py", "from bot import web\n", forbidden) == ["bot/domain/x.py:1 imports bot.web"]
    assert violations("bot/domain/x.py", "from bot.domain import dates\nimport bot.settings\n", forbidden) == []
    assert violations("bot/domain/x.py", "import sanity_check\nimport rasa_like\n", forbidden) == []
