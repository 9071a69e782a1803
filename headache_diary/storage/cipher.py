"""SQLCipher connections for a diary protected by a passphrase (DESIGN.md "Encryption").

``sqlcipher3`` (its wheels bundle SQLCipher 4) is imported only when an encrypted file is
opened: a plain diary never loads it and runs exactly as before. What trying it showed,
and what this module therefore does:

* Every connection gets the raw key with the file's salt (:class:`DiaryKey`), never the
  passphrase: no connection pays the 150 ms key derivation, and files written through
  such a connection (backups, copies) carry the same salt, so the passphrase opens them.
* ``PRAGMA cipher_log_level = NONE`` before the key: a wrong key would otherwise print
  "hmac check failed" on stderr.
* sqlite3 and sqlcipher3 connections never meet in one backup (TypeError), and SQLite's
  backup API refuses to copy between an encrypted and a plain file: a copy that changes
  the protection goes through ``sqlcipher_export`` (:func:`export`), which copies the
  schema and rows but not the header, so ``user_version`` is copied after it.
* A file that does not begin with SQLite's plain header is tried with the key before it
  is called damaged (:func:`is_encrypted`, ``storage.files.check_file``).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, cast

from headache_diary.domain.keys import SALT_BYTES, DiaryKey, PassphraseError
from headache_diary.i18n import N_, _
from headache_diary.paths import Paths

#: the first 16 bytes of every plain SQLite database file
PLAIN_HEADER = b"SQLite format 3\x00"


def _dbapi() -> Any:
    import sqlcipher3.dbapi2 as dbapi  # type: ignore[import-untyped]

    return dbapi


def driver_errors(*also: type[Exception]) -> tuple[type[Exception], ...]:
    """The DB-API error classes of both drivers (sqlcipher3's do not derive from
    sqlite3's), and ``also``; sqlcipher3's only when it is loaded (nothing else raises
    them), so that a plain diary never imports it. Use it in the ``except`` clause itself
    (evaluated when an error arrives, after the connection loaded the driver)."""
    import sys

    loaded = sys.modules.get("sqlcipher3.dbapi2")
    if loaded is None:
        return (sqlite3.Error, *also)
    return (sqlite3.Error, cast(type[Exception], loaded.Error), *also)


#: SQLite's smallest page: every database file's size is a multiple of its page size
_MIN_PAGE = 512


def file_salt(path: Path) -> bytes | None:
    """The salt of what may be an encrypted file (its first 16 bytes); None for a missing,
    empty or plain SQLite file, and for one that cannot be a database at all (its size is
    not a whole number of pages: damaged, and called so)."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(SALT_BYTES)
    except (FileNotFoundError, IsADirectoryError):
        return None
    if len(head) < SALT_BYTES or head == PLAIN_HEADER or size % _MIN_PAGE:
        return None
    return head


def is_encrypted(path: Path) -> bool:
    """The file exists and is not a plain SQLite file (encrypted, or not a database)."""
    return file_salt(path) is not None


def connect(
    path: Path,
    key: DiaryKey | None,
    *,
    read_only: bool = False,
    immutable: bool = False,
    timeout_s: float = 5.0,
) -> sqlite3.Connection:
    """A sqlcipher3 connection to ``path`` opened with ``key`` (None: a plain file through
    sqlcipher3, for :func:`export`). It has sqlite3's interface (typed as such here);
    nothing is read until the first statement, so a wrong key shows there."""
    dbapi = _dbapi()
    if immutable:
        target, uri = f"{path.as_uri()}?immutable=1", True
    elif read_only:
        target, uri = f"{path.as_uri()}?mode=ro", True
    else:
        target, uri = str(path), False
    con = dbapi.connect(target, uri=uri, timeout=timeout_s)
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            con.execute(f'PRAGMA key = "{key.sql()}"')
    except BaseException:
        con.close()
        raise
    return cast(sqlite3.Connection, con)


def key_opens(path: Path, key: DiaryKey) -> bool:
    """Does ``key`` open the encrypted file ``path``? (Reads its first page, read-only.)"""
    try:
        con = connect(path, key, read_only=True)
    except driver_errors():
        return False
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except driver_errors():
        return False
    finally:
        con.close()


def sql_key(key: DiaryKey | None) -> str:
    """The KEY clause value of ATTACH: the raw key, or '' for a plain file."""
    return f'"{key.sql()}"' if key is not None else "''"


def export(
    source: Path,
    source_key: DiaryKey | None,
    target: Path,
    target_key: DiaryKey | None,
    *,
    source_con: sqlite3.Connection | None = None,
) -> None:
    """Copy the database ``source`` into the new file ``target`` (which must not exist),
    changing its protection: ``target_key`` None writes a plain file. The copy is in
    rollback-journal mode with the source's ``user_version``; the caller checks it."""
    if target.exists():
        raise FileExistsError(target)
    con = source_con if source_con is not None else connect(source, source_key, read_only=True)
    try:
        version = int(con.execute("PRAGMA user_version").fetchone()[0])
        con.execute(f"ATTACH DATABASE ? AS converted KEY {sql_key(target_key)}", (str(target),))
        try:
            con.execute("SELECT sqlcipher_export('converted')").fetchall()
            con.execute(f"PRAGMA converted.user_version = {version}")
        finally:
            con.execute("DETACH DATABASE converted")
    finally:
        if source_con is None:
            con.close()


def table_counts(con: sqlite3.Connection) -> dict[str, int]:
    """Rows per table: what a copy must have as many of as its source."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: int(con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in names
    }


def passphrase_error(paths: Paths, *, wrong: bool) -> PassphraseError:
    """The one line for a protected diary opened without its passphrase, or with a wrong
    one (FORMAT.md: exit 2, nothing changed)."""
    if wrong:
        return PassphraseError(
            _(
                "Wrong passphrase for the diary in {folder}. Nothing was changed; "
                "please try again.",
                folder=str(paths.data_dir),
            ),
            needed=False,
        )
    return PassphraseError(
        _(
            "This diary is protected by a passphrase ({folder}). Give it with "
            "--passphrase-file FILE or HEADACHE_DIARY_PASSPHRASE, or type it when asked "
            "in a terminal. Nothing was changed.",
            folder=str(paths.data_dir),
        ),
        needed=True,
    )


#: what the marker file (Paths.protected_marker) says to a person who opens it
MARKER_TEXT = "Headache Diary: this diary is protected by a passphrase.\n"  # i18n: file


def expects_key(paths: Paths) -> bool:
    """The diary was protected by a passphrase here (the marker is there)."""
    return paths.protected_marker.exists()


def set_marker(paths: Paths, protected: bool) -> None:
    marker = paths.protected_marker
    if protected:
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, MARKER_TEXT.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
    else:
        marker.unlink(missing_ok=True)


#: the problem of a file that is not plain SQLite, in a folder without the marker
NOT_PLAIN = N_("it is not a plain SQLite database: damaged, or protected by a passphrase")
