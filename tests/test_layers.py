"""Import rules that import-linter (``lint-imports`` in CI, contracts in pyproject.toml)
cannot state: external sub-modules.

``report/`` may use QtGui (QPdfWriter, QSvgRenderer) but never widgets, so the CLI writes a
PDF without a display; nothing uses pyplot (its global state is not thread-safe, and charts
are built in workers).
"""

from __future__ import annotations

import ast
from pathlib import Path

import headache_diary

PACKAGE = Path(headache_diary.__file__).parent


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules_of(*layers: str) -> dict[str, set[str]]:
    out = {}
    for layer in layers:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            out[str(path.relative_to(PACKAGE))] = imported_modules(path)
    return out


def test_nothing_below_ui_imports_qt_widgets() -> None:
    for name, mods in modules_of(
        "report", "services", "analysis", "io", "storage", "domain"
    ).items():
        assert not {m for m in mods if m.startswith("PySide6.QtWidgets")}, name


def test_nothing_uses_pyplot() -> None:
    for name, mods in modules_of(".").items():
        assert "matplotlib.pyplot" not in mods, name


def test_the_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtWidgets import QLabel\n", encoding="utf-8")
    assert "PySide6.QtWidgets" in imported_modules(sample)
