"""Finds text a user may read that is not wrapped for translation (DESIGN.md "Languages").

    .venv/bin/python tests/i18n_audit.py [PATH ...]     # default: headache_diary/

Prints ``file:line: text`` for each string literal or f-string that looks like prose
(words with a space, a capitalised word, an ``&`` accelerator) outside the translation
functions (``_``, ``N_``, ``ngettext``, ``pgettext``, ``npgettext``). Not prose, and so not
reported: docstrings, codes and keys (``neck_movement``, ``preferences/language``), object
names, SQL, log messages, assertion messages, and any line that ends with a comment
starting ``# i18n:`` saying why its text is never shown to a user (e.g. ``# i18n: log``).

tests/test_i18n.py runs it over the package and requires no finding.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "headache_diary"

#: calls whose string arguments are translated, or never shown, or not prose
TRANSLATING = {"_", "N_", "ngettext", "pgettext", "npgettext"}
NOT_SHOWN_CALLS = {
    # logging
    "debug",
    "info",
    "warning",
    "error",
    "exception",
    "critical",
    "log",
    # Qt and Python names, keys and patterns
    "setObjectName",
    "setProperty",
    "property",
    "findChild",
    "findChildren",
    "objectName",
    "getattr",
    "setattr",
    "hasattr",
    "compile",
    "match",
    "fullmatch",
    "search",
    "sub",
    "split",
    "strftime",
    "strptime",
    "text",  # sqlalchemy.text(SQL)
    "execute",
    "exec_driver_sql",
    "executemany",
    "Signal",
    "Slot",
    "TypeVar",
    "NewType",
    "namedtuple",
    "warn",
    "startswith",
    "endswith",
    "encode",
    "decode",
    "join",
    "replace",
    "format_skeleton",
    "ContextVar",
    "import_module",
    "import_quietly",
    "files",
    "joinpath",
    "value",  # QSettings.value(key)
    "setValue",
    "get",
    "pop",
    "environ",
    "getenv",
    "setenv",
}
SQL = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|WITH)\b", re.I
)
PROSE = re.compile(r"[A-Za-z]{2,}[^\n]*\s[^\n]*[A-Za-z]{2,}|^[A-Z][a-z]+[.:!?]?$|&[A-Za-z]")
CODEISH = re.compile(r"^[\w.\-/:%+*#@<>=\[\](){},;|'\"\\ ]*$")
#: CSS, Qt style sheets and rich-text markup only
MARKUP = re.compile(r"^\s*(<[a-z/!]|[\w\-#.:*\s,>]+\{)", re.I)


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_prose(text: str) -> bool:
    if not text.strip() or SQL.match(text) or MARKUP.match(text):
        return False
    if "_" in text and " " not in text:  # a code or a key
        return False
    return bool(PROSE.search(text))


class _Finder(ast.NodeVisitor):
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.found: list[tuple[int, str]] = []
        self._skip_depth = 0

    def _exempt_line(self, lineno: int) -> bool:
        line = self.lines[lineno - 1] if 0 < lineno <= len(self.lines) else ""
        return "# i18n:" in line

    def visit_Expr(self, node: ast.Expr) -> None:
        # a docstring or a bare string statement: not shown
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return
        self.generic_visit(node)

    def visit_Assert(self, node: ast.Assert) -> None:
        self.visit(node.test)  # the message is for developers

    def visit_Raise(self, node: ast.Raise) -> None:
        exc = node.exc
        if (
            isinstance(exc, ast.Call)
            and isinstance(exc.func, ast.Name)
            and exc.func.id in ("AssertionError", "NotImplementedError", "TypeError")
        ):
            return
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = _call_name(node)
        if name in TRANSLATING or name in NOT_SHOWN_CALLS:
            self._skip_depth += 1
            self.generic_visit(node)
            self._skip_depth -= 1
            return
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self.visit(node.value)  # the index is a key, not text
        if not isinstance(node.slice, ast.Constant):
            self.visit(node.slice)

    def visit_Compare(self, node: ast.Compare) -> None:
        return  # comparisons against literals compare codes, not text

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values, strict=True):
            if key is not None and not isinstance(key, ast.Constant):
                self.visit(key)
            self.visit(value)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        if self._skip_depth:
            return
        literal = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        shape = "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else " {x} "
            for v in node.values
        )
        # a placeholder checked as a word: "the date {x} or later" is prose, not the
        # "selector {" of a style sheet (MARKUP)
        if _is_prose(shape.replace(" {x} ", " X ")) and re.search(r"[A-Za-z]{2,}", literal):
            self._report(node, shape.strip())

    def visit_Constant(self, node: ast.Constant) -> None:
        if self._skip_depth or not isinstance(node.value, str):
            return
        if _is_prose(node.value):
            self._report(node, node.value)

    def _report(self, node: ast.expr, text: str) -> None:
        end = getattr(node, "end_lineno", node.lineno) or node.lineno
        if any(self._exempt_line(n) for n in range(node.lineno, end + 1)):
            return
        self.found.append((node.lineno, text))


def unwrapped(path: Path) -> Iterator[tuple[Path, int, str]]:
    files = [path] if path.is_file() else sorted(path.rglob("*.py"))
    for file in files:
        if "migrations" in file.parts:
            continue
        source = file.read_text(encoding="utf-8")
        finder = _Finder(source.splitlines())
        finder.visit(ast.parse(source, str(file)))
        for lineno, text in finder.found:
            yield file, lineno, text


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [PACKAGE]
    count = 0
    for path in paths:
        for file, lineno, text in unwrapped(path.resolve()):
            count += 1
            rel = file.relative_to(ROOT) if file.is_relative_to(ROOT) else file
            print(f"{rel}:{lineno}: {text[:100]!r}")
    print(f"{count} unwrapped", file=sys.stderr)
    return 1 if count else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
