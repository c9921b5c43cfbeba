"""No module reads the environment at import time, and only bot/settings.py reads SEND_* variables (issue 12,
item 2). A setting is a field of bot.settings.Settings, read through `settings.current()` when it is used, so
importing a module never freezes a value and a test or a process can set the environment after import.
Checked with `ast`: any os.environ / os.getenv or settings.current() outside a function body (module level,
class bodies, default argument values) fails; outside bot/settings.py, os.environ is read only where the table
below says why, and never for a SEND_* variable."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "actions", "rasa_addons", "tools")
SHIPPED = ("bot", "actions", "rasa_addons")
SETTINGS = "bot/settings.py"
# Files that may read the environment themselves, and why: none of them reads a SEND_* variable.
OTHER_READERS = {
    "bot/web/runner.py": "passes its environment on to the servers it starts; TensorFlow's thread variables",
    "bot/web/channels.py": "the channels' own variables named in credentials.yml (TELEGRAM_TOKEN, ...)",
}


def _reads_environment(node: ast.AST) -> bool:
    if (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb")
            and isinstance(node.value, ast.Name) and node.value.id == "os"):
        return True
    return isinstance(node, ast.ImportFrom) and node.module == "os" and any(
        alias.name in ("environ", "getenv", "environb") for alias in node.names)


def _loads_settings(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return ((isinstance(func, ast.Attribute) and func.attr in ("current", "load")
             and isinstance(func.value, ast.Name) and func.value.id == "settings")
            or (isinstance(func, ast.Name) and func.id == "current"))


def read_at_import(source: str) -> list[int]:
    """Lines that read os.environ or os.getenv, or load the settings, when the module is imported."""
    found: list[int] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for value in [*node.args.defaults, *node.args.kw_defaults]:  # evaluated at definition
                if value is not None:
                    visit(value)
            if not isinstance(node, ast.Lambda):
                for decorator in node.decorator_list:
                    visit(decorator)
            return  # the body runs when called
        if _reads_environment(node) or _loads_settings(node):
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return sorted(set(found))


def environment_reads(source: str) -> tuple[list[int], list[int]]:
    """(lines that touch os.environ / os.getenv at all, lines that name a SEND_* variable in one)."""
    touched: list[int] = []
    send: list[int] = []
    for node in ast.walk(ast.parse(source)):
        if _reads_environment(node):
            touched.append(node.lineno)
        target = None
        if isinstance(node, ast.Subscript) and _reads_environment(node.value):
            target = node.slice
        elif isinstance(node, ast.Call) and node.args and (
                _reads_environment(node.func) or (isinstance(node.func, ast.Attribute)
                                                  and _reads_environment(node.func.value))):
            target = node.args[0]
        if isinstance(target, ast.Constant) and str(target.value).startswith("SEND_"):
            send.append(node.lineno)
    return sorted(set(touched)), sorted(set(send))


def _sources(packages: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(str(path.relative_to(ROOT)), path.read_text()) for package in packages
            for path in sorted((ROOT / package).rglob("*.py"))]


def test_no_module_reads_the_environment_at_import_time() -> None:
    found = [f"{name}:{line}" for name, source in _sources(PACKAGES) for line in read_at_import(source)]
    assert not found, "read settings in a function (settings.current()), not at import time:\n" + "\n".join(found)


def test_only_the_settings_module_reads_send_variables() -> None:
    problems = []
    for name, source in _sources(SHIPPED):
        if name == SETTINGS:
            continue
        touched, send = environment_reads(source)
        problems += [f"{name}:{line}: a SEND_* variable read outside bot/settings.py" for line in send]
        if name not in OTHER_READERS:
            problems += [f"{name}:{line}: reads the environment; use bot.settings" for line in touched]
    assert not problems, "\n".join(problems)
    for name in OTHER_READERS:  # every exception is still needed
        assert environment_reads((ROOT / name).read_text())[0], f"{name} no longer reads the environment"


def test_the_check_catches_a_read_at_import_time() -> None:
    source = ("import os\n"
              "A = os.environ.get('X')\n"
              "class C:\n    b = os.getenv('Y')\n"
              "def f(c=os.environ['Z']):\n    return os.environ.get('OK')\n"
              "g = lambda: os.environ\n"
              "from bot import settings\n"
              "H = settings.current().today\n"
              "def h():\n    return settings.current().today\n")
    assert read_at_import(source) == [2, 4, 5, 9]


def test_the_check_catches_a_send_variable_read() -> None:
    source = ("import os\n"
              "from os import environ\n"
              "a = os.environ.get('SEND_X')\n"
              "b = os.environ['SEND_Y']\n"
              "c = os.getenv('SEND_Z', '1')\n"
              "d = os.environ.get('TF_THREADS')\n")
    assert environment_reads(source) == ([2, 3, 4, 5, 6], [3, 4, 5])
