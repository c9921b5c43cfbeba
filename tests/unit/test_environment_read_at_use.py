"""No module reads the environment at import time (issue 12, item 2): a setting is read by a function in
bot/settings.py when it is used, so importing a module never freezes a value and a test or a process can set the
environment after import. Checked with `ast`: any os.environ / os.getenv outside a function body (module level,
class bodies, default argument values) fails."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "actions", "rasa_addons", "tools")


def _reads_environment(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb")
            and isinstance(node.value, ast.Name) and node.value.id == "os")


def read_at_import(source: str) -> list[int]:
    """Lines that read os.environ or os.getenv when the module is imported."""
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
        if _reads_environment(node):
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return sorted(set(found))


def test_no_module_reads_the_environment_at_import_time() -> None:
    found = [f"{path.relative_to(ROOT)}:{line}" for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
             for line in read_at_import(path.read_text())]
    assert not found, "read the environment in a function (bot/settings.py), not at import time:\n" + "\n".join(found)


def test_the_check_catches_a_read_at_import_time() -> None:
    source = ("import os\n"
              "A = os.environ.get('X')\n"
              "class C:\n    b = os.getenv('Y')\n"
              "def f(c=os.environ['Z']):\n    return os.environ.get('OK')\n"
              "g = lambda: os.environ\n")
    assert read_at_import(source) == [2, 4, 5]
