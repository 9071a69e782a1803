"""Turning a diary's passphrase on, changing it, turning it off (Qt-free).

:func:`change_protection` is ``encrypt``, ``change-passphrase`` and ``decrypt`` alike: it
writes the diary again under the new protection (``storage.cipher.export``) and swaps it
in. The caller holds the window lock (as ``restore`` does) and has closed every connection
of its own; every connection here is sqlcipher3's (two SQLite libraries must never have
the same file open in one process: their POSIX locks would undo each other).

1. The WAL is checkpointed and truncated, then a write transaction is held on the diary
   until the swap, so that no other program (a quick log from a shortcut) commits into a
   file about to be replaced: it waits, and after 5 s says the diary is busy.
2. The copy ``diary.sqlite3.converting`` is written, checked (``integrity_check``, and
   the same number of rows in every table) and synced to disk.
3. It is renamed over the diary (atomic: a kill -9 at any moment leaves either the old
   diary whole or the new one whole; a stray ``.converting`` is removed next time).
4. The old ``-wal`` and ``-shm`` names are removed at once, and the old diary's content,
   WAL and WAL index overwritten with zeros while the write lock is still held (through
   descriptors opened before the rename, so the new diary's files are never touched): a
   command that opened the old file and waits for the lock then fails instead of
   committing into a file nobody reads again. A read-only connection to the old file,
   closed last, keeps SQLite from deleting a WAL by its name (the new diary's, by then).
5. The backups follow (:func:`follow_backups`), one by one and in place (same name, same
   history): re-encrypted, re-keyed or decrypted, each checked, swapped and the old one
   overwritten. A backup the old key does not open is left as it is and named.

Overwriting cannot reach blocks an SSD or a copy-on-write file system keeps elsewhere:
the result says so, and full-disk encryption is the complete answer.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from headache_diary.domain.errors import DiaryBusyError, StorageError
from headache_diary.domain.keys import DiaryKey
from headache_diary.i18n import _
from headache_diary.paths import Paths, fsync_dir, make_private_file
from headache_diary.storage import cipher
from headache_diary.storage.files import DEFAULT_BUSY_TIMEOUT_MS, check_file

log = logging.getLogger(__name__)

#: the new diary while it is written and checked
CONVERTING = ".converting"
_CHUNK = 1 << 20

#: (files done, files in all): the diary is the first
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ProtectionResult:
    """``removed``: the files overwritten and removed (the old diary first);
    ``backups``: the backups written again under the new protection; ``left``: backups
    the old key did not open, left as they were."""

    encrypted: bool
    episodes: int
    #: the passphrase was changed (encrypted before and after)
    rekeyed: bool = False
    removed: list[Path] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    left: list[Path] = field(default_factory=list)


def _shred(fd: int) -> None:
    """Overwrite the whole file open at ``fd`` with zeros and sync it."""
    size = os.fstat(fd).st_size
    os.lseek(fd, 0, os.SEEK_SET)
    zeros = bytes(_CHUNK)
    left = size
    while left > 0:
        left -= os.write(fd, zeros[: min(left, _CHUNK)])
    os.fsync(fd)


def _open_existing(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return None


def _remove_if_same(path: Path, fd: int) -> bool:
    """Unlink ``path`` when it is still the file open at ``fd``; True when it was."""
    try:
        same = os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return True  # removed already (SQLite deletes the -wal at the last close)
    if same:
        path.unlink()
    return same


def _check_copy(path: Path, key: DiaryKey | None, counts: dict[str, int]) -> None:
    con = cipher.connect(path, key)
    try:
        rows = con.execute("PRAGMA integrity_check(1)").fetchall()
        if rows != [("ok",)]:
            raise StorageError(
                _(
                    "The new copy of the diary failed its integrity check ({problem}); "
                    "your diary was left as it was.",
                    problem=str(rows[0][0]),
                )
            )
        got = cipher.table_counts(con)
        if got != counts:
            raise StorageError(
                _(
                    "The new copy of the diary does not have the same rows as the diary; "
                    "your diary was left as it was."
                )
            )
    finally:
        con.close()


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _key_of(path: Path, key: DiaryKey | None) -> DiaryKey | None:
    """The key to read ``path`` with: None for a plain file."""
    return key if cipher.is_encrypted(path) else None


def change_protection(
    paths: Paths,
    new_key: DiaryKey | None,
    *,
    progress: Progress | None = None,
) -> ProtectionResult:
    """Write the diary (and its backups) under ``new_key`` (None: plain) and swap it in;
    the old key is ``paths.keyring.key``, which holds ``new_key`` afterwards.

    PassphraseError-free by contract: the caller has opened the diary with the old key
    before (the keyring holds it). StorageError (nothing changed) when the diary is not
    there, cannot be read, or its copy fails its check; DiaryBusyError when another
    program keeps writing.
    """
    db = paths.database
    old_key = _key_of(db, paths.keyring.key)
    found = check_file(db, key=old_key)
    if found.status == "new":
        raise StorageError(_("There is no diary in {folder} yet.", folder=str(paths.data_dir)))
    if not found.ok:
        raise StorageError(
            _(
                "The diary {path} cannot be changed as it is ({problem}); it was left as it was.",
                path=str(db),
                problem=found.problem or found.status,
            )
        )
    started = time.perf_counter()
    tmp = Path(f"{db}{CONVERTING}")
    tmp.unlink(missing_ok=True)  # a copy a killed run left behind
    total = 1 + len(_backup_files(paths))
    if progress is not None:
        progress(0, total)
    errors = cipher.driver_errors
    try:
        lock = cipher.connect(db, old_key, timeout_s=DEFAULT_BUSY_TIMEOUT_MS / 1000)
    except errors() as exc:
        raise StorageError(_("The diary cannot be opened ({problem}).", problem=str(exc))) from exc
    removed: list[Path] = []
    removed_names: list[Path] = []
    guard: sqlite3.Connection | None = None
    swapped = False
    old_fds: dict[str, int] = {}
    try:
        try:
            busy = lock.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if busy:
                raise DiaryBusyError(
                    _(
                        "Another Headache Diary command is using the diary; nothing was "
                        "changed. Please try again in a moment."
                    )
                )
            lock.execute("BEGIN IMMEDIATE")
            counts = cipher.table_counts(lock)
            cipher.export(db, old_key, tmp, new_key)
            _check_copy(tmp, new_key, counts)
            make_private_file(tmp)
            _fsync_file(tmp)
            for suffix in ("", "-wal", "-shm"):
                fd = _open_existing(Path(f"{db}{suffix}"))
                if fd is not None:
                    old_fds[suffix] = fd
            # a read-only connection to the old file, closed last: SQLite deletes a WAL
            # by its name when the last connection closes, and after the swap that name
            # may be the new diary's; a read-only connection never does
            guard = cipher.connect(db, old_key, read_only=True)
            guard.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if new_key is not None:
                # before the swap: a protected diary is never taken for a damaged one,
                # even when the run is killed right after the rename
                cipher.set_marker(paths, True)
            os.replace(tmp, db)
            swapped = True
            paths.keyring.key = new_key  # from here on the diary is the new one
            if new_key is None:
                cipher.set_marker(paths, False)
            fsync_dir(db.parent)
            # the old -wal and -shm go at once, before a new opener could take their
            # names for the new diary (only when they are still the old ones)
            for suffix in ("-wal", "-shm"):
                fd = old_fds.get(suffix)
                if fd is not None and _remove_if_same(Path(f"{db}{suffix}"), fd):
                    removed_names.append(Path(f"{db}{suffix}"))
            # still holding the old file's write lock: its content, WAL and WAL index
            # become zeros, so that a command that opened it before the swap and waits
            # for the lock fails when it gets it, instead of committing into a file
            # nobody will read again
            for fd in old_fds.values():
                try:
                    _shred(fd)
                except OSError as exc:  # the new diary is in place: go on, and say so
                    log.warning("an old file could not be overwritten: %s", exc.strerror)
        except errors(OSError) as exc:
            if swapped:  # only the clean-up failed: the new diary is whole and in place
                log.warning("after the swap: %s", exc)
                raise StorageError(
                    _(
                        "The diary was written again, but the old files could not all be "
                        "removed ({problem}).",
                        problem=str(exc),
                    )
                ) from exc
            if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                raise DiaryBusyError(
                    _(
                        "Another Headache Diary command is using the diary; nothing was "
                        "changed. Please try again in a moment."
                    )
                ) from exc
            raise StorageError(
                _(
                    "The diary could not be written again ({problem}); it was left as it was.",
                    problem=str(exc),
                )
            ) from exc
        finally:
            with contextlib.suppress(*errors()):
                lock.rollback()
            with contextlib.suppress(*errors()):
                lock.close()
            if guard is not None:
                with contextlib.suppress(*errors()):
                    guard.close()
            if not swapped:
                tmp.unlink(missing_ok=True)
        if "" in old_fds:
            removed.append(db)  # the old diary's content, overwritten
        removed.extend(removed_names)
    finally:
        for fd in old_fds.values():
            os.close(fd)
    if progress is not None:
        progress(1, total)
    log.info(
        "the diary was written again %s in %.2f s",
        "encrypted" if new_key is not None else "plain",
        time.perf_counter() - started,
    )
    done, left, gone = follow_backups(paths, old_key, new_key, progress=progress, first=1)
    episodes = counts.get("episode", 0)
    return ProtectionResult(
        encrypted=new_key is not None,
        rekeyed=old_key is not None and new_key is not None,
        episodes=episodes,
        removed=removed + gone,
        backups=done,
        left=left,
    )


def _backup_files(paths: Paths) -> list[Path]:
    out: list[Path] = []
    for folder in (paths.backups, paths.upgrade_backups):
        if folder.is_dir():
            out.extend(sorted(folder.glob("diary-*.sqlite3")))
    return out


def backups_to_follow(paths: Paths) -> list[Path]:
    """The backups whose protection is not the diary's (a run that was killed after the
    swap leaves some): plain ones beside an encrypted diary, encrypted ones beside a
    plain diary. A header read per file."""
    encrypted = cipher.is_encrypted(paths.database)
    return [p for p in _backup_files(paths) if cipher.is_encrypted(p) != encrypted]


def follow_backups(
    paths: Paths,
    old_key: DiaryKey | None,
    new_key: DiaryKey | None,
    *,
    progress: Progress | None = None,
    first: int = 0,
) -> tuple[list[Path], list[Path], list[Path]]:
    """Write every backup again under ``new_key``, in place; (written, left as they
    were, plain files overwritten and removed). A backup already under ``new_key`` is
    skipped."""
    files = _backup_files(paths)
    total = first + len(files)
    done: list[Path] = []
    left: list[Path] = []
    gone: list[Path] = []
    for i, path in enumerate(files, start=1):
        salt = cipher.file_salt(path)
        if new_key is not None and salt == new_key.salt and cipher.key_opens(path, new_key):
            pass  # written under the new key already (a run that was killed)
        elif salt is None and new_key is None:
            pass  # plain already
        else:
            source_key = old_key if salt is not None else None
            if salt is not None and (source_key is None or not cipher.key_opens(path, source_key)):
                left.append(path)
            else:
                try:
                    _rewrite_backup(path, source_key, new_key)
                except cipher.driver_errors(OSError, StorageError) as exc:
                    log.warning("a backup could not be written again: %s", exc)
                    left.append(path)
                else:
                    done.append(path)
                    if salt is None:
                        gone.append(path)  # its plain content was overwritten
        if progress is not None:
            progress(first + i, total)
    return done, left, gone


def _rewrite_backup(path: Path, key: DiaryKey | None, new_key: DiaryKey | None) -> None:
    tmp = path.with_suffix(CONVERTING)
    tmp.unlink(missing_ok=True)
    try:
        con = cipher.connect(path, key, read_only=True)
        try:
            counts = cipher.table_counts(con)
            cipher.export(path, key, tmp, new_key, source_con=con)
        finally:
            con.close()
        _check_copy(tmp, new_key, counts)
        make_private_file(tmp)
        _fsync_file(tmp)
        fd = os.open(path, os.O_RDWR)
        try:
            os.replace(tmp, path)
            fsync_dir(path.parent)
            _shred(fd)
        finally:
            os.close(fd)
    finally:
        tmp.unlink(missing_ok=True)
