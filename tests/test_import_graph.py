"""No import circle in ``headache_diary``: the whole package's import graph, built by grimp
(import-linter's own graph), has no cycle.

The graph counts every import: those at the top of a module, those inside functions and
those under ``if TYPE_CHECKING:``. So a clean graph also shows that no import inside a
function is there to hide a circle: moved to the top of its module it would add no edge
the graph does not already have.
"""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The import circles of ``graph``: each strongly connected group of modules (two or
    more modules that reach each other, or one that imports itself), as one circle through
    them, closed (its first module again at the end); sorted, so a failure reads the same
    every run."""
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []
    for root in sorted(edges):  # Tarjan's algorithm, with its own stack (no recursion limit)
        if root in order:
            continue
        work = [(root, iter(edges[root]))]
        order[root] = low[root] = len(order)
        stack.append(root)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in order:
                    order[child] = low[child] = len(order)
                    stack.append(child)
                    work.append((child, iter(edges[child])))
                elif child in stack:
                    low[module] = min(low[module], order[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == order[module]:
                group = []
                while True:
                    member = stack.pop()
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1 or module in edges[module]:
                    groups.append(sorted(group))
    return sorted(circle_through(graph, group) for group in groups)


def circle_through(graph: grimp.ImportGraph, group: list[str]) -> list[str]:
    """One circle in a strongly connected ``group``: from its first module to the nearest
    module that imports it, and back."""
    first = group[0]
    best: list[str] | None = None
    for other in group:
        if other == first or not graph.direct_import_exists(importer=other, imported=first):
            continue
        chain = graph.find_shortest_chain(importer=first, imported=other)
        if chain and (best is None or len(chain) < len(best)):
            best = list(chain)
    return [first, first] if best is None else [*best, first]


def test_the_package_has_no_import_circle() -> None:
    graph = grimp.build_graph("headache_diary", cache_dir=None)
    assert len(graph.modules) > 100  # the whole package, not an empty graph
    found = cycles(graph)
    assert not found, "import circles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_check_finds_circles_hidden_in_functions_and_type_checking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "circles"
    package.mkdir()
    for name, text in {
        "__init__.py": "",
        # a -> b only inside a function, b -> c only for type checking, c -> a at the top
        "a.py": "def f():\n    from circles import b\n",
        "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from circles import c\n",
        "c.py": "import circles.a\n",
        "d.py": "from circles import d\n",  # itself
        "e.py": "from circles import a, b, c\n",  # imports the circle, is not in it
    }.items():
        (package / name).write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))

    graph = grimp.build_graph("circles", cache_dir=None)

    assert cycles(graph) == [
        ["circles.a", "circles.b", "circles.c", "circles.a"],
        ["circles.d", "circles.d"],
    ]
    graph.remove_import(importer="circles.a", imported="circles.b")
    assert cycles(graph) == [["circles.d", "circles.d"]]
