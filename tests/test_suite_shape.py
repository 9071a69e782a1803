"""Where the tests' shared code lives (CONTRIBUTING.md, "Where things go"): a fixture that
more than one module uses is defined once, in conftest.py; a shared helper lives in
tests/support*.py; no test module imports from another test module (importing one would
also run its module-level set-up, and its tests' helpers would become an interface)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).parent


def imported_test_modules(tree: ast.Module) -> set[str]:
    """The test modules (``tests.test_*``, ``test_*``, relative ``.test_*``) that ``tree``
    imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            names = [base, *(f"{base}.{alias.name}".lstrip(".") for alias in node.names)]
        else:
            continue
        found.update(n for n in names if n.split(".")[-1].startswith("test_"))
    return found


def fixture_bodies(tree: ast.Module) -> dict[str, str]:
    """Each top-level fixture of ``tree``: its body's source (docstring and comments left
    out), by name."""
    out = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        if not any("fixture" in ast.unparse(d) for d in node.decorator_list):
            continue
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]
        out[node.name] = ast.unparse(ast.Module(body=body, type_ignores=[]))
    return out


def parsed() -> dict[str, ast.Module]:
    return {p.name: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(TESTS.glob("*.py"))}


def test_no_test_module_imports_another() -> None:
    found = {name: imported_test_modules(tree) for name, tree in parsed().items()}
    assert {name: mods for name, mods in found.items() if mods} == {}


def test_no_fixture_is_defined_twice_with_the_same_body() -> None:
    places: dict[str, list[str]] = defaultdict(list)
    for name, tree in parsed().items():
        for fixture, body in fixture_bodies(tree).items():
            if body.strip() not in ("", "pass"):  # an empty one just requests others
                places[body].append(f"{name}::{fixture}")
    assert [where for where in places.values() if len(where) > 1] == []


def test_the_checks_see_what_they_look_for() -> None:
    imports = ast.parse(
        "from tests.test_cli import run\nimport tests.test_io_csv\nfrom . import test_x\n"
        "from .test_y import z\ndef f():\n    from test_z import w\n"
        "from tests.support import ZONE\nfrom tests import support_ui, crash_harness\n"
    )
    assert imported_test_modules(imports) == {
        "tests.test_cli",
        "tests.test_io_csv",
        "test_x",
        "test_y",
        "test_z",
    }
    fixtures = ast.parse(
        "@pytest.fixture\ndef a(tmp_path):\n    '''doc'''\n    return tmp_path\n"
        "@pytest.fixture(autouse=True)\ndef b(x):\n    return x  # note\n"
        "def helper():\n    return 1\n"
    )
    assert fixture_bodies(fixtures) == {"a": "return tmp_path", "b": "return x"}
