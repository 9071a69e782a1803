"""Backups with SQLite's online backup API (never a file copy), thinned, listed.

Where and what (``Paths.backups``, i.e. ``<data folder>/backups/``)::

    backups/diary-20261129-083600-123456-daily.sqlite3            first start of a day
    backups/diary-20261129-101500-000001-manual.sqlite3           `headache-diary backup`
    backups/diary-20261129-101700-000002-before-restore.sqlite3   the diary a restore replaced
    backups/before-upgrade/diary-...-before-upgrade-from-0001.sqlite3   before a migration

The time in the name is the computer's local time when the backup was made. Every backup
is one self-contained file (rollback-journal mode, no ``-wal``), mode 0600, written to a
``.partial`` file, checked with ``PRAGMA quick_check`` and only then renamed into place:
a damaged diary never becomes a backup and never pushes a good one out.

Thinning (:func:`thin`, run after each daily backup) applies to the *daily* backups only:
sorted newest first, a daily backup is kept when it is

- the newest one of one of the 7 most recent calendar days that have a daily backup, or
- the newest one of one of the 4 most recent ISO weeks (Monday to Sunday) that have one, or
- the newest one of one of the 12 most recent calendar months that have one;

every other daily backup is deleted. "Most recent ... that have one" means a long break
(a holiday without the laptop) never empties the folder. With a backup every day that is
about 20 files, at most 23. Backups made on request, copies kept before a restore and
pre-upgrade backups (their own folder) are never deleted by the app.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from headache_diary.domain.errors import BackupError
from headache_diary.domain.keys import DiaryKey
from headache_diary.i18n import _
from headache_diary.paths import Paths, ensure_private_dir, fsync_dir
from headache_diary.storage import cipher
from headache_diary.storage.files import connect_read_only

log = logging.getLogger(__name__)

DAILY = "daily"
MANUAL = "manual"
BEFORE_RESTORE = "before-restore"
BEFORE_UPGRADE = "before-upgrade"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12

_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME_RE = re.compile(r"^diary-(\d{8}-\d{6}-\d{6})-([a-z][a-z0-9-]*)\.sqlite3$")
_FROM_RE = re.compile(rf"^{BEFORE_UPGRADE}-from-(.+)$")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file, for the list in File > Restore backup….

    ``created``: local time the backup was made (from its name), timezone-aware.
    ``kind``: ``daily``, ``manual``, ``before-restore`` or ``before-upgrade``
    (``upgraded_from`` then says from which schema). ``episodes`` and ``schema_version``
    are read from the file read-only; None when it cannot be read (a damaged file is
    still listed, and refused by restore).
    """

    path: Path
    created: datetime
    kind: str
    upgraded_from: str | None
    size: int
    episodes: int | None = None
    schema_version: str | None = None


def backup_database(
    source: Path,
    folder: Path,
    *,
    kind: str = MANUAL,
    now: datetime | None = None,
    key: DiaryKey | None = None,
) -> Path:
    """Write a consistent copy of ``source`` into ``folder``; returns the new file.

    Uses SQLite's backup API on a read-only connection, so it is safe while the window or
    a command writes (WAL: the copy is one snapshot). The copy is switched to a rollback
    journal (one self-contained file) and checked with ``quick_check`` before it takes a
    backup's name; on any failure nothing is left behind and BackupError is raised.
    An encrypted ``source`` is copied with its ``key`` (both ends sqlcipher3, never mixed):
    the backup is encrypted with the same key and salt, so the passphrase opens it.
    """
    stamp = (now or datetime.now()).strftime(_STAMP)
    dest = folder / f"diary-{stamp}-{kind}.sqlite3"  # i18n: file name
    tmp = dest.with_suffix(".partial")
    try:
        ensure_private_dir(folder)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        encrypted = key is not None and cipher.is_encrypted(source)
        src = connect_read_only(source, key=key if encrypted else None)
        try:
            dst = cipher.connect(tmp, key) if encrypted else sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
                bad = dst.execute("PRAGMA quick_check(1)").fetchall() != [("ok",)]
            finally:
                dst.close()
        finally:
            src.close()
        if bad:
            # a damaged copy must never become a backup and push a good one out
            raise BackupError(
                _(
                    "The diary {file} failed its integrity check, so no backup was made; "
                    "the existing backups were kept.",
                    file=str(source),
                )
            )
        os.replace(tmp, dest)
        fsync_dir(folder)
    except cipher.driver_errors(OSError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        # Translators: {problem} is the system's or SQLite's own message
        raise BackupError(
            _(
                "No backup of {file} could be made ({problem}); the existing backups were kept.",
                file=str(source),
                problem=str(why),
            )
        ) from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-journal")):
            with contextlib.suppress(OSError):
                if leftover.exists():
                    leftover.unlink()
    log.info("backup made: %s", dest.name)
    return dest


def make_backup(paths: Paths) -> Path:
    """A backup on request (`headache-diary backup`, a menu entry): never thinned."""
    if not paths.database.exists() or paths.database.stat().st_size == 0:
        raise BackupError(
            _("There is no diary in {folder} to back up.", folder=str(paths.data_dir))
        )
    return backup_database(paths.database, paths.backups, kind=MANUAL, key=paths.keyring.key)


def _parse(path: Path) -> tuple[datetime, str, str | None] | None:
    m = _NAME_RE.match(path.name)
    if m is None:
        return None
    try:
        created = datetime.strptime(m.group(1), _STAMP)
    except ValueError:
        return None
    kind = m.group(2)
    upgraded = _FROM_RE.match(kind)
    if upgraded:
        return created, BEFORE_UPGRADE, upgraded.group(1)
    return created, kind, None


def _scan(folders: Iterable[Path]) -> list[tuple[datetime, str, str | None, Path]]:
    found = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.glob("diary-*.sqlite3"):
            parsed = _parse(path)
            if parsed is not None:
                found.append((*parsed, path))
    found.sort(key=lambda t: (t[0], t[3].name), reverse=True)
    return found


def ensure_daily_backup(paths: Paths, *, now: datetime | None = None) -> Path | None:
    """At the first start of a day: back the diary up, then thin the daily backups.

    Returns the new backup, or None when today (local date) already has a daily backup or
    there is no diary yet. Costs a directory listing when there is nothing to do.
    Raises BackupError (e.g. a damaged diary: no backup is made, none is deleted).
    """
    db = paths.database
    if not db.exists() or db.stat().st_size == 0:
        return None
    today = (now or datetime.now()).date()
    existing = _scan([paths.backups])
    if any(kind == DAILY and created.date() == today for created, kind, _, _ in existing):
        return None
    made = backup_database(db, paths.backups, kind=DAILY, now=now, key=paths.keyring.key)
    thin(paths.backups)
    return made


def keep_indexes(created: Sequence[datetime]) -> set[int]:
    """The thinning rule (module docstring) as a pure function: the indexes of the
    backups to keep, given their creation times in any order."""
    order = sorted(range(len(created)), key=lambda i: created[i], reverse=True)
    keep: set[int] = set()
    for limit, bucket in (
        (KEEP_DAILY, lambda d: d.date()),
        (KEEP_WEEKLY, lambda d: d.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda d: (d.year, d.month)),
    ):
        seen: set[object] = set()
        for i in order:  # newest first: the first of each bucket is its newest
            key = bucket(created[i])
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > limit:
                break
            keep.add(i)
    return keep


def thin(folder: Path) -> list[Path]:
    """Delete the daily backups in ``folder`` that the thinning rule does not keep;
    returns the deleted files. Other kinds are never touched."""
    daily = [(created, path) for created, kind, _, path in _scan([folder]) if kind == DAILY]
    keep = keep_indexes([created for created, _ in daily])
    doomed = [path for i, (_, path) in enumerate(daily) if i not in keep]
    for path in doomed:
        path.unlink()
    if doomed:
        log.info("thinned %d daily backups", len(doomed))
    return doomed


def read_backup_facts(
    path: Path, *, immutable: bool = True, key: DiaryKey | None = None
) -> tuple[int | None, str | None]:
    """(episode count, schema version) of a backup, read-only; (None, None) when the
    file cannot be read (or is encrypted and ``key`` does not open it). ``immutable``
    (our backups): nothing is created beside the file."""
    try:
        con = connect_read_only(path, immutable=immutable, key=key)
    except cipher.driver_errors():
        return None, None
    try:
        version = con.execute("SELECT version_num FROM alembic_version").fetchone()
        episodes = con.execute("SELECT count(*) FROM episode").fetchone()[0]
        return int(episodes), (str(version[0]) if version else None)
    except cipher.driver_errors():
        return None, None
    finally:
        con.close()


def list_backups(paths: Paths, *, read_files: bool = True) -> list[BackupInfo]:
    """Every backup of the diary, newest first (both folders).

    With ``read_files`` each file is opened read-only for its episode count and schema
    version (about a millisecond each); without, those stay None.
    """
    out = []
    for created, kind, upgraded_from, path in _scan([paths.backups, paths.upgrade_backups]):
        try:
            size = path.stat().st_size
        except OSError:
            continue  # deleted meanwhile
        episodes, version = (
            read_backup_facts(path, key=paths.keyring.key) if read_files else (None, None)
        )
        out.append(
            BackupInfo(
                path=path,
                created=created.astimezone(),
                kind=kind,
                upgraded_from=upgraded_from,
                size=size,
                episodes=episodes,
                schema_version=version,
            )
        )
    return out
