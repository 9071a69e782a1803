"""The diary file itself: the window's lock, backups and restore, a damaged diary, and
changes made by another process (the command line) while the window is open.

Thin over ``storage.lock``, ``storage.backup``, ``storage.restore`` and
``storage.changes``, so that the window reaches them the way it reaches everything else.
Imports are inside the functions: the window takes its lock before SQLAlchemy is loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from headache_diary.context import AppContext
from headache_diary.paths import Paths

if TYPE_CHECKING:
    from headache_diary.storage.backup import BackupInfo
    from headache_diary.storage.changes import ChangeProbe
    from headache_diary.storage.lock import InstanceLock
    from headache_diary.storage.restore import RestoreResult

__all__ = [
    "BackupInfo",
    "ChangeProbe",
    "InstanceLock",
    "RestoreResult",
    "change_probe",
    "list_backups",
    "lock_for_window",
    "make_backup",
    "open_context",
    "restore",
    "set_damaged_diary_aside",
]


def open_context(paths: Paths, *, for_reading: bool = False) -> AppContext:
    """Open (create, check, upgrade) the diary in ``paths`` for this computer's zone.

    NewerSchemaError, DamagedDiaryError, SchemaMismatchError or MigrationError when it
    cannot be used; the file is then left as it was (see storage.db.open_diary).
    ``for_reading``: for a command that only reads (summary, export, report), without the
    page-by-page quick check (see storage.db.open_diary)."""
    from headache_diary.domain.timeutil import local_zone_key
    from headache_diary.storage.db import open_diary

    diary = open_diary(paths, integrity=not for_reading)
    return AppContext(paths=paths, diary=diary, zone=local_zone_key())


def lock_for_window(paths: Paths) -> InstanceLock:
    """The lock one window holds on its diary; DiaryInUseError (naming the holder) when
    another window has it. A crashed holder's lock is gone with its process."""
    from headache_diary.storage.lock import acquire_instance_lock

    return acquire_instance_lock(paths)


def list_backups(paths: Paths) -> list[BackupInfo]:
    """Every backup, newest first, with its date, kind and episode count."""
    from headache_diary.storage.backup import list_backups as listing

    return listing(paths)


def make_backup(paths: Paths) -> Path:
    from headache_diary.storage.backup import make_backup as backup_now

    return backup_now(paths)


def restore(paths: Paths, backup: Path, *, move_damaged_aside: bool = False) -> RestoreResult:
    """Put ``backup`` in the diary's place; the current diary is kept as a backup first
    (or, damaged, moved aside when allowed). The diary must be closed (no open engine)."""
    from headache_diary.storage.restore import restore_backup

    return restore_backup(paths, backup, move_damaged_aside=move_damaged_aside)


def set_damaged_diary_aside(paths: Paths) -> list[Path]:
    """Move an unusable diary (and its -wal and -shm files) aside, never overwriting
    anything, so that a new diary can be started; returns where they went."""
    from headache_diary.storage.restore import move_aside

    return move_aside(paths)


def change_probe(paths: Paths) -> ChangeProbe:
    """A cheap "has another connection written to the diary?" (see storage.changes)."""
    from headache_diary.storage.changes import ChangeProbe

    return ChangeProbe(paths.database, key=paths.keyring.key)
