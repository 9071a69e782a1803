"""Read-only looks at a diary file, shared by opening (``storage.db``), backups, restore and
the change probe, none of which it imports: a read-only connection, and :func:`check_file`
(schema version, ``PRAGMA quick_check``, tables as its revision creates them)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from headache_diary.domain.errors import StorageError
from headache_diary.domain.keys import DiaryKey
from headache_diary.i18n import _
from headache_diary.storage import cipher
from headache_diary.storage.schema import known_revisions, schema_problem

#: how long a connection waits for another's write lock before it gives up
DEFAULT_BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class FileCheck:
    """What a read-only look at a file found.

    ``status``: ``"ok"`` (a sound diary at a revision this app knows, tables as that
    revision creates them), ``"new"`` (missing, empty, or an empty SQLite database),
    ``"damaged"`` (not SQLite at all, or fails ``quick_check``), ``"foreign"`` (a SQLite
    database that is not a Headache Diary), ``"newer"`` (written by a newer app) or
    ``"mismatch"`` (tables differ from what its revision creates), ``"locked"`` (not plain
    SQLite, and no key was given or the key does not open it: an encrypted diary is never
    called damaged before its key was tried). ``problem`` is one line for a message;
    ``version`` the stamped revision when it could be read.
    """

    status: str
    version: str | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def connect_read_only(
    path: Path, *, immutable: bool = False, key: DiaryKey | None = None
) -> sqlite3.Connection:
    """A connection that cannot write ``path``. ``immutable`` also skips locking and the
    WAL: only for files nobody writes and that have no ``-wal`` (our backups). With a
    ``key``, an encrypted file is opened with it (``storage.cipher``); a plain one as ever."""
    if key is not None and cipher.is_encrypted(path):
        return cipher.connect(path, key, read_only=True, immutable=immutable)
    flag = "immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"{path.as_uri()}?{flag}", uri=True)


def _quick_check(con: sqlite3.Connection) -> str | None:
    rows = con.execute("PRAGMA quick_check(1)").fetchall()
    if rows == [("ok",)]:
        return None
    return " ".join(str(rows[0][0]).replace("***", "").split())  # one line, for the CLI


def check_file(
    path: Path,
    *,
    integrity: bool = True,
    immutable: bool = False,
    any_version: bool = False,
    key: DiaryKey | None = None,
) -> FileCheck:
    """Look at ``path`` read-only: is it a diary this app can open as it is?

    ``integrity`` runs ``PRAGMA quick_check`` (about 50 ms for 50,000 episodes once the
    file is in the page cache); the schema comparison costs well under a millisecond.
    ``any_version``: a revision this app does not know is not "newer" (the version of a
    file written by a newer app can be read too). ``key``: the key an encrypted file is
    tried with.
    """
    if not path.exists() or path.stat().st_size == 0:
        return FileCheck("new")
    encrypted = cipher.is_encrypted(path)
    if encrypted and (key is None or not cipher.key_opens(path, key)):
        why = (
            _("it is protected by a passphrase, and none was given")
            if key is None
            else _("it is protected by a passphrase, and the one given does not open it")
        )
        return FileCheck("locked", problem=why)
    try:
        con = connect_read_only(path, immutable=immutable, key=key if encrypted else None)
    except cipher.driver_errors() as exc:
        return FileCheck("damaged", problem=str(exc))
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            if tables:
                return FileCheck("foreign", problem=_("it is a database, but not a Headache Diary"))
            return FileCheck("new")
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None:
            if tables - {"alembic_version"}:
                return FileCheck(
                    "foreign",
                    problem=_("it has tables but no schema version, so it is not a diary"),
                )
            return FileCheck("new")
        version = str(row[0])
        if not any_version and version not in known_revisions()[1]:
            return FileCheck(
                "newer", version, _("schema {version} is from a newer version", version=version)
            )
        if integrity and (problem := _quick_check(con)) is not None:
            return FileCheck("damaged", version, problem)
        if (problem := schema_problem(con, version)) is not None:
            return FileCheck("mismatch", version, problem)
        return FileCheck("ok", version)
    except cipher.driver_errors() as exc:
        return FileCheck("damaged", problem=str(exc))
    finally:
        con.close()


def read_schema_version(path: Path, key: DiaryKey | None = None) -> str | None:
    """The Alembic revision stored in ``path`` without writing anything to it.

    None for an empty or new database. StorageError for a file that is not a SQLite
    database or not a Headache Diary.
    """
    found = check_file(path, integrity=False, any_version=True, key=key)
    if found.version is None and found.status != "new":
        raise StorageError(
            _(
                "{file} cannot be used as a diary: {problem}.",
                file=str(path),
                problem=str(found.problem),
            )
        )
    return found.version
