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


#: what sets process-wide state: the garbage collector, the switch interval, PySide6's
#: private modules, matplotlib's global rcParams (DESIGN.md: the composition root's alone)
PROCESS_STATE_NAMES = {"gc", "setswitchinterval", "shibokensupport", "rcParams", "rc_context"}


def process_state_uses(path: Path) -> set[str]:
    """The names of :data:`PROCESS_STATE_NAMES` a module imports or reads as attributes
    (``gc.collect``, ``sys.setswitchinterval``, ``matplotlib.rc_context``...)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
    return found & PROCESS_STATE_NAMES


#: the one exception: matplotlib's SVG writer reads its settings from the global rcParams,
#: set for a save under one lock (analysis.charts.figure_svg_bytes)
ALLOWED = {"analysis/charts.py": {"rc_context"}}


def test_only_the_composition_root_touches_process_state() -> None:
    """No gc call, no switch interval, no PySide6 internals, no global matplotlib rcParams
    anywhere but app.py (charts set their styles on the artists; the SVG save is the one
    locked exception)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        name = str(path.relative_to(PACKAGE))
        if name == "app.py":
            continue
        found = process_state_uses(path) - ALLOWED.get(name, set())
        assert not found, (name, found)


def test_the_process_state_check_sees_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    for code, expected in (
        ("import gc\ngc.collect()\n", {"gc"}),
        ("import sys\nsys.setswitchinterval(0.001)\n", {"setswitchinterval"}),
        ("import matplotlib\nwith matplotlib.rc_context({}):\n    pass\n", {"rc_context"}),
        ("from matplotlib import rcParams\n", {"rcParams"}),
        ("from shibokensupport import feature\n", {"shibokensupport"}),
        ("x = 1\n", set()),
    ):
        sample.write_text(code, encoding="utf-8")
        assert process_state_uses(sample) == expected, code
