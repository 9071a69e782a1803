"""The schema revisions this app knows, what each creates, and a cheap check that a diary
matches its revision.

``schemas.json`` (beside this module, package data) holds, for every revision, the tables
with their columns (declared type, NOT NULL, position in the primary key) and the indexes
with their columns, as running the migrations from an empty file up to that revision
creates them. It is generated from the migrations, never written by hand:

    .venv/bin/python -m headache_diary.storage.schema      # rewrites schemas.json

and ``tests/test_frozen_migrations.py`` fails when the file and the migrations disagree.
Since a committed migration never changes (its hash is pinned by that test), neither does
its entry here.

At open, :func:`schema_problem` compares the diary with the entry of its stamped
revision: two queries on the read-only connection (well under a millisecond, no Alembic
import). Column order is ignored (batch migrations recreate tables in their own order);
names, types, NOT NULL and key columns are not.
"""

from __future__ import annotations

import json
import re
import sqlite3
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any

from headache_diary.domain.errors import StorageError
from headache_diary.i18n import _, ngettext

if TYPE_CHECKING:
    from alembic.config import Config

Schema = dict[str, dict[str, Any]]
_REV_RE = re.compile(r"^(revision|down_revision)\s*=\s*(None|[\"'][^\"']+[\"'])", re.M)

_TABLES_SQL = """
SELECT m.name, p.name, upper(p.type), p."notnull", p.pk
FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
"""
_INDEXES_SQL = """
SELECT m.tbl_name, m.name, i.name
FROM sqlite_master AS m JOIN pragma_index_info(m.name) AS i
WHERE m.type = 'index'
ORDER BY m.name, i.seqno
"""


def _migrations_dir() -> Traversable:
    """The Alembic script folder (a test points this at a copy with an extra revision)."""
    return resources.files("headache_diary.storage") / "migrations"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_migrations_dir()))
    return cfg


def known_revisions() -> tuple[str, set[str]]:
    """(head revision, every revision this version of the app knows).

    Read from the migration files' ``revision``/``down_revision`` lines rather than through
    Alembic, so that opening an up-to-date diary does not import Alembic at all (about
    0.1 s of start-up); a test checks that the answer equals Alembic's own.
    """
    folder = _migrations_dir() / "versions"
    revs: dict[str, str | None] = {}
    for entry in folder.iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("__"):
            continue
        text = entry.read_text(encoding="utf-8")
        found: dict[str, str] = {m.group(1): m.group(2) for m in _REV_RE.finditer(text)}
        if "revision" in found:
            down = found.get("down_revision", "None")
            revs[found["revision"].strip("\"'")] = None if down == "None" else down.strip("\"'")
    pointed_to = {d for d in revs.values() if d}
    heads = [r for r in revs if r not in pointed_to]
    if len(heads) != 1:
        raise StorageError(
            f"the app's migrations have {len(heads)} heads; expected one"  # i18n: broken build
        )
    return heads[0], set(revs)


def describe(con: sqlite3.Connection) -> Schema:
    """The tables and indexes of an open database, in the form of ``schemas.json``."""
    tables: dict[str, dict[str, list[object]]] = {}
    for table, column, type_, notnull, pk in con.execute(_TABLES_SQL):
        tables.setdefault(table, {})[column] = [type_, bool(notnull), pk]
    columns: dict[str, list[str]] = {}
    for table, index, column in con.execute(_INDEXES_SQL):
        columns.setdefault(index, [table]).append(column)
    indexes: dict[str, list[str]] = {}
    for index, (table, *cols) in columns.items():
        if index.startswith("sqlite_autoindex_"):
            # numbered in the order of the table's constraints: name them by their columns
            index = f"sqlite_autoindex_{table}({','.join(cols)})"
        indexes[index] = [table, *cols]
    return {"tables": tables, "indexes": indexes}


@cache
def expected_schemas() -> dict[str, Schema]:
    """Every revision's schema, from the package data (read once per process)."""
    text = (resources.files("headache_diary.storage") / "schemas.json").read_text("utf-8")
    return json.loads(text)


def schema_problem(con: sqlite3.Connection, revision: str) -> str | None:
    """None when the database on ``con`` has exactly what ``revision`` creates, else a
    one-line description of the first differences (for the error message and the log).

    A revision without an entry (a development build whose schemas.json was not
    regenerated; the tests prevent that) is not checked.
    """
    expected = expected_schemas().get(revision)
    if expected is None:
        return None
    actual = describe(con)
    problems: list[str] = []
    want_tables, have_tables = expected["tables"], actual["tables"]
    for table in sorted(want_tables.keys() - have_tables.keys()):
        problems.append(_("table {table} is missing", table=table))
    for table in sorted(have_tables.keys() - want_tables.keys()):
        problems.append(_("table {table} is unexpected", table=table))
    for table in sorted(want_tables.keys() & have_tables.keys()):
        want, have = want_tables[table], have_tables[table]
        for column in sorted(want.keys() - have.keys()):
            problems.append(_("column {column} is missing", column=table + "." + column))
        for column in sorted(have.keys() - want.keys()):
            problems.append(_("column {column} is unexpected", column=table + "." + column))
        for column in sorted(want.keys() & have.keys()):
            if want[column] != have[column]:
                problems.append(_("column {column} differs", column=table + "." + column))
    want_ix, have_ix = expected["indexes"], actual["indexes"]
    for index in sorted(want_ix.keys() - have_ix.keys()):
        problems.append(_("index {index} is missing", index=index))
    for index in sorted(have_ix.keys() - want_ix.keys()):
        problems.append(_("index {index} is unexpected", index=index))
    for index in sorted(want_ix.keys() & have_ix.keys()):
        if want_ix[index] != have_ix[index]:
            problems.append(_("index {index} differs", index=index))
    if not problems:
        return None
    listed = "; ".join(problems[:3])
    if len(problems) <= 3:
        return listed
    # Translators: {problems} lists up to three differences, separated by semicolons
    return ngettext(
        "{problems} and {count} more difference",
        "{problems} and {count} more differences",
        len(problems) - 3,
        problems=listed,
    )


def generate() -> dict[str, Schema]:
    """Run the migrations one revision at a time on an in-memory database and describe
    the result after each (imports Alembic: for the tests and the generator only)."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    cfg = alembic_config()
    revisions = [s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()]
    engine = create_engine("sqlite://", poolclass=StaticPool)
    out: dict[str, Schema] = {}
    try:
        with engine.connect() as conn:
            for rev in reversed(revisions):  # walk_revisions goes from head to base
                with conn.begin():
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, rev)
                raw = conn.connection.dbapi_connection
                assert raw is not None
                out[rev] = describe(raw)  # type: ignore[arg-type]
    finally:
        engine.dispose()
    return out


def render(schemas: dict[str, Schema]) -> str:
    """``schemas.json`` text: sorted keys, one column or index per line, for tidy diffs."""
    dump = json.dumps
    out = ["{"]
    for r, rev in enumerate(sorted(schemas)):
        schema = schemas[rev]
        out.append(f"  {dump(rev)}: {{")
        out.append('    "indexes": {')
        ix = sorted(schema["indexes"].items())
        out += [
            f"      {dump(k)}: {dump(v)}{',' if i < len(ix) - 1 else ''}"
            for i, (k, v) in enumerate(ix)
        ]
        out.append("    },")
        out.append('    "tables": {')
        tables = sorted(schema["tables"].items())
        for t, (table, columns) in enumerate(tables):
            out.append(f"      {dump(table)}: {{")
            cols = sorted(columns.items())
            out += [
                f"        {dump(k)}: {dump(v)}{',' if i < len(cols) - 1 else ''}"
                for i, (k, v) in enumerate(cols)
            ]
            out.append(f"      }}{',' if t < len(tables) - 1 else ''}")
        out.append("    }")
        out.append(f"  }}{',' if r < len(schemas) - 1 else ''}")
    out.append("}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    target = resources.files("headache_diary.storage") / "schemas.json"
    with resources.as_file(target) as path:
        path.write_text(render(generate()), encoding="utf-8")
        print(f"wrote {path}")
