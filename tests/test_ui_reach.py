"""ui/ reaches storage only through services/ (DESIGN.md "Architecture").

Every module that ``ui/`` imports from outside ``ui/`` and ``services/`` (domain, i18n,
paths, the context, the analysis results it shows, the report's helpers) loads no
SQLAlchemy, no Alembic and no storage module when it is imported on its own. The modules
are found in import-linter's graph (grimp: every import, also those inside functions and
under TYPE_CHECKING), never listed by hand, and each is imported in a fresh interpreter.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import grimp

PACKAGE = "headache_diary"
#: what a module ui/ imports must not bring with it
FORBIDDEN = ("sqlalchemy", "alembic", f"{PACKAGE}.storage")
PROBE = """\
import sys
import {module}
forbidden = {forbidden!r}
print("\\n".join(sorted(m for m in sys.modules if m in forbidden or m.startswith(
    tuple(f + "." for f in forbidden)))))
"""


def _inside(module: str, layer: str) -> bool:
    package = f"{PACKAGE}.{layer}"
    return module == package or module.startswith(package + ".")


def modules_ui_imports() -> set[str]:
    """The modules of the app that some module of ui/ imports, outside ui/ and services/."""
    graph = grimp.build_graph(PACKAGE, cache_dir=None)
    imported: set[str] = set()
    for module in graph.find_descendants(f"{PACKAGE}.ui") | {f"{PACKAGE}.ui"}:
        imported |= graph.find_modules_directly_imported_by(module)
    return {m for m in imported if not _inside(m, "ui") and not _inside(m, "services")}


def loaded_on_import(module: str) -> list[str]:
    """The forbidden modules a fresh interpreter has loaded after ``import module``."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module, forbidden=FORBIDDEN)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, (module, done.stderr)
    return done.stdout.split()


def test_what_ui_imports_from_below_loads_no_storage() -> None:
    modules = sorted(modules_ui_imports())
    # the graph is read, not a list: these are among what it finds
    assert {
        f"{PACKAGE}.analysis.results",
        f"{PACKAGE}.context",
        f"{PACKAGE}.domain.vocab",
        f"{PACKAGE}.i18n",
    } <= set(modules)
    with ThreadPoolExecutor(max_workers=4) as pool:
        loaded = dict(zip(modules, pool.map(loaded_on_import, modules), strict=True))
    assert {m: found for m, found in loaded.items() if found} == {}


def test_the_probe_sees_storage_loaded() -> None:
    assert f"{PACKAGE}.storage.db" in loaded_on_import(f"{PACKAGE}.storage.db")
    found = loaded_on_import(f"{PACKAGE}.analysis.queries")
    assert "sqlalchemy" in found and f"{PACKAGE}.storage.models" in found
    assert "alembic" not in loaded_on_import(f"{PACKAGE}.paths")
