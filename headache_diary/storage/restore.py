"""Restoring a backup, and moving a damaged diary out of the way (Qt-free).

For File > Restore backup… (the GUI) and ``headache-diary restore BACKUP`` (the CLI):

1. ``backup.list_backups(paths)`` lists what there is (date, kind, episode count).
2. The caller closes everything that has the diary open (``Diary.close()`` disposes the
   engine; close a ``ChangeProbe`` too), then calls :func:`restore_backup`.
3. It checks the chosen file read-only first: a damaged file, one that is not a diary, one
   from a newer version of the app, or one whose tables do not match its schema version
   is refused with BackupError and nothing changes.
4. It keeps the current diary: as a ``before-restore`` backup when it can be read, or,
   when it is damaged and the caller allows it (``move_damaged_aside=True``), by moving
   it aside (:func:`move_aside`). A damaged diary is never overwritten.
5. It copies the backup into ``diary.sqlite3`` with SQLite's backup API (one transaction:
   an interruption leaves the previous content) and checks the result.
6. The caller opens the diary again (``open_diary``), which upgrades an older backup.
"""

from __future__ import annotations

import logging
import os
import shlex
import sqlite3
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from headache_diary.domain.errors import BackupError, DamagedDiaryError, StorageError
from headache_diary.domain.keys import DiaryKey
from headache_diary.i18n import _, format_datetime, ngettext
from headache_diary.paths import Paths, ensure_private_dir, fsync_dir, make_private_file
from headache_diary.storage import backup, cipher
from headache_diary.storage.files import (
    DEFAULT_BUSY_TIMEOUT_MS,
    FileCheck,
    check_file,
    connect_read_only,
)

log = logging.getLogger(__name__)

COMPANIONS = ("-wal", "-shm")


@dataclass(frozen=True)
class RestoreResult:
    """``kept_as``: the before-restore backup of the replaced diary (None when there was
    no diary or it was moved aside); ``moved_aside``: the damaged diary's files, moved."""

    restored_from: Path
    episodes: int
    schema_version: str
    kept_as: Path | None = None
    moved_aside: list[Path] = field(default_factory=list)


def _ours(paths: Paths, path: Path) -> bool:
    """A backup in our folders, written by the backup API: no ``-wal``, never written
    again, so it can be opened ``immutable`` (nothing is created beside it)."""
    return (
        path.parent in (paths.backups, paths.upgrade_backups) and not Path(f"{path}-wal").exists()
    )


def check_backup(path: Path, *, immutable: bool = False, key: DiaryKey | None = None) -> FileCheck:
    """Read-only: can ``path`` be restored? ``.ok``, else ``.status``/``.problem`` say why
    (quick_check, known schema version, tables as that version creates them)."""
    return check_file(Path(path), immutable=immutable, key=key)


def _refusal(path: Path, found: FileCheck) -> BackupError:
    problem, version = str(found.problem), str(found.version)
    if found.status == "new":
        reason = _("it is empty")
    elif found.status == "damaged":
        reason = _("it is damaged or not a database ({problem})", problem=problem)
    elif found.status == "foreign":
        reason = problem
    elif found.status == "newer":
        reason = _(
            "it was written by a newer version of Headache Diary (schema {version}); "
            "update the app first",
            version=version,
        )
    elif found.status == "locked":
        reason = _(
            "it is damaged or not a database, or protected by a passphrase that is not this diary's"
        )
    else:
        reason = _("its tables do not match its schema version ({problem})", problem=problem)
    # Translators: {file} is the backup file, {reason} one of the reasons above
    return BackupError(
        _(
            "{file} cannot be restored: {reason}. Your diary was left as it was.",
            file=str(path),
            reason=reason,
        )
    )


def newest_good_backup(paths: Paths) -> backup.BackupInfo | None:
    """The newest backup that passes :func:`check_backup` (episode count filled in), or
    None. Reads backups newest first and stops at the first good one."""
    key = paths.keyring.key
    for info in backup.list_backups(paths, read_files=False):
        if check_backup(info.path, immutable=_ours(paths, info.path), key=key).ok:
            episodes, version = backup.read_backup_facts(info.path, key=key)
            return backup.BackupInfo(
                info.path,
                info.created,
                info.kind,
                info.upgraded_from,
                info.size,
                episodes,
                version,
            )
    return None


def _quote(text: str) -> str:
    return subprocess.list2cmdline([text]) if os.name == "nt" else shlex.quote(text)


def restore_hint(paths: Paths, good: backup.BackupInfo | None, *, readable: bool) -> str:
    """What a command-line user should do about a diary that cannot be opened
    (``readable``: SQLite can read it, so restore keeps it as a backup)."""
    db = paths.database
    if good is None:
        # Translators: {file} is the diary's file name, {folder} its folder
        return _(
            "There is no good backup to restore. To start a new, empty diary, move {file} "
            "(with any {file}-wal and {file}-shm beside it) out of {folder}.",
            file=db.name,
            folder=str(paths.data_dir),
        )
    values = {
        "when": format_datetime(good.created),
        "command": (
            f"headache-diary --data-dir {_quote(str(paths.data_dir))} "  # i18n: a command
            f"restore {_quote(str(good.path))}"
        ),
        "file": db.name,
    }
    # Translators: {when} is the backup's date and time, {command} the command to run (keep
    # it as it is), {file} the diary's file name; "<date and time>" stands for the moment
    # the file is moved (translate it)
    if good.episodes is None:
        if readable:
            return _(
                "To restore the newest good backup ({when}), close Headache Diary and run: "
                "{command} (the current file is then kept as a backup).",
                **values,
            )
        return _(
            "To restore the newest good backup ({when}), close Headache Diary and run: "
            "{command} (the damaged file is then kept beside it as "
            "{file}.damaged-<date and time>).",
            **values,
        )
    if readable:
        return ngettext(
            "To restore the newest good backup ({when}, {count} episode), close Headache "
            "Diary and run: {command} (the current file is then kept as a backup).",
            "To restore the newest good backup ({when}, {count} episodes), close Headache "
            "Diary and run: {command} (the current file is then kept as a backup).",
            good.episodes,
            **values,
        )
    return ngettext(
        "To restore the newest good backup ({when}, {count} episode), close Headache Diary "
        "and run: {command} (the damaged file is then kept beside it as "
        "{file}.damaged-<date and time>).",
        "To restore the newest good backup ({when}, {count} episodes), close Headache Diary "
        "and run: {command} (the damaged file is then kept beside it as "
        "{file}.damaged-<date and time>).",
        good.episodes,
        **values,
    )


def move_aside(paths: Paths, *, now: datetime | None = None) -> list[Path]:
    """Move the diary and its ``-wal``/``-shm`` to ``diary.sqlite3.damaged-<timestamp>``
    (``...-wal``, ``...-shm``) in the same folder; returns the new paths, main file first.

    Only with the user's consent: the GUI asks, ``restore`` is the CLI user's request. The
    companions move first (a ``-wal`` left behind would be replayed into the next diary of
    that name). Nothing is deleted or overwritten; the moved files keep SQLite's naming,
    so the moved diary still opens with its ``-wal`` for a rescue attempt.
    """
    db = paths.database
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = f"{db.name}.damaged-{stamp}"
    n = 1
    while any((db.parent / f"{base}{s}").exists() for s in ("", *COMPANIONS)):
        n += 1
        base = f"{db.name}.damaged-{stamp}-{n}"
    moved: list[Path] = []
    try:
        for suffix in (*COMPANIONS, ""):
            src = Path(f"{db}{suffix}")
            if src.exists():
                target = db.parent / f"{base}{suffix}"
                os.rename(src, target)
                moved.append(target)
    except OSError as exc:
        problem = str(exc.strerror or exc)
        if moved:
            raise StorageError(
                _(
                    "The diary could not be moved aside ({problem}); close every program "
                    "that uses it and try again. Moved so far: {files}.",
                    problem=problem,
                    files=", ".join(p.name for p in moved),
                )
            ) from exc
        raise StorageError(
            _(
                "The diary could not be moved aside ({problem}); close every program that "
                "uses it and try again. Nothing was moved yet.",
                problem=problem,
            )
        ) from exc
    fsync_dir(db.parent)
    log.warning("moved the unusable diary aside as %s", base)
    moved.sort(key=lambda p: len(p.name))  # the main file first
    return moved


def restore_backup(
    paths: Paths, source: Path, *, move_damaged_aside: bool = False
) -> RestoreResult:
    """Replace the diary's content by the backup ``source`` (see the module docstring).

    The diary must not be open in this process (dispose the engine first). Raises
    BackupError when ``source`` cannot be restored, DamagedDiaryError when the current
    diary is damaged and ``move_damaged_aside`` is False (nothing changed either way).
    """
    source = Path(source).expanduser().absolute()
    db = paths.database
    if not source.is_file():
        raise BackupError(
            _("There is no backup file {file}. Your diary was left as it was.", file=str(source))
        )
    if db.exists() and source.samefile(db):
        raise BackupError(_("{file} is the diary itself, not a backup of it.", file=str(source)))
    immutable = _ours(paths, source)
    key = paths.keyring.key
    found = check_backup(source, immutable=immutable, key=key)
    if not found.ok:
        raise _refusal(source, found)
    assert found.version is not None

    current = check_file(db, key=key)
    if current.status == "locked" and not cipher.expects_key(paths):
        current = FileCheck("damaged", problem=_(cipher.NOT_PLAIN))  # never protected here
    elif current.status == "locked":
        raise cipher.passphrase_error(paths, wrong=key is not None)
    kept_as: Path | None = None
    moved: list[Path] = []
    if current.status in ("damaged", "foreign"):
        if not move_damaged_aside:
            raise DamagedDiaryError(
                _(
                    "The diary {file} is damaged ({problem}); it can be moved aside before "
                    "the backup is restored.",
                    file=str(db),
                    problem=str(current.problem),
                ),
                path=db,
                problem=current.problem or current.status,
                backup=source,
            )
        moved = move_aside(paths)
    elif current.status != "new":
        kept_as = backup.backup_database(db, paths.backups, kind=backup.BEFORE_RESTORE, key=key)
    elif not db.exists() and any(Path(f"{db}{s}").exists() for s in COMPANIONS):
        moved = move_aside(paths)  # a stray -wal would be replayed into the restored diary

    ensure_private_dir(paths.data_dir)
    _copy_into(source, db, immutable=immutable, key=key)
    if cipher.is_encrypted(db):
        cipher.set_marker(paths, True)  # a protected diary is never taken for a damaged one
    for suffix in ("", *COMPANIONS):
        make_private_file(Path(f"{db}{suffix}"))

    result = check_file(db, key=key)
    if not result.ok or result.version != found.version:
        kept = kept_as or (moved[0] if moved else None)
        raise StorageError(
            _(
                "The restored diary failed its check ({problem}). The diary you had before "
                "is {file}.",
                problem=str(result.problem or result.status),
                file=str(kept),
            )
        )
    episodes, _version = backup.read_backup_facts(db, immutable=False, key=key)
    log.info("restored the diary from %s", source.name)
    return RestoreResult(
        restored_from=source,
        episodes=episodes or 0,
        schema_version=found.version,
        kept_as=kept_as,
        moved_aside=moved,
    )


def _copy_into(source: Path, db: Path, *, immutable: bool, key: DiaryKey | None) -> None:
    """The backup API from ``source`` into ``db``: one write transaction on ``db``.

    With a ``key`` (the diary is protected, or was: a new diary then starts encrypted
    too) both ends are sqlcipher3 connections with that key; a plain backup is first
    exported into an encrypted copy beside the diary (the backup API cannot encrypt)."""
    if key is not None and (cipher.is_encrypted(db) or not db.exists()):
        if not cipher.is_encrypted(source):
            staged = Path(f"{db}.restoring")
            staged.unlink(missing_ok=True)
            try:
                cipher.export(source, None, staged, key)
                _copy_into(staged, db, immutable=False, key=key)
            except cipher.driver_errors(OSError) as exc:
                raise StorageError(
                    _(
                        "The backup could not be restored ({problem}); your diary was left "
                        "as it was.",
                        problem=str(exc),
                    )
                ) from exc
            finally:
                staged.unlink(missing_ok=True)
            return
    else:
        key = None
    if not db.exists():
        os.close(os.open(db, os.O_WRONLY | os.O_CREAT, 0o600))
    src = connect_read_only(source, immutable=immutable, key=key)
    try:
        dst = (
            cipher.connect(db, key, timeout_s=DEFAULT_BUSY_TIMEOUT_MS / 1000)
            if key is not None
            else sqlite3.connect(db, timeout=DEFAULT_BUSY_TIMEOUT_MS / 1000)
        )
        try:
            wal = dst.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            src_page = src.execute("PRAGMA page_size").fetchone()[0]
            dst_page = dst.execute("PRAGMA page_size").fetchone()[0]
            if wal and src_page != dst_page:
                # SQLite cannot change the page size of a WAL database in a backup
                dst.execute("PRAGMA journal_mode=DELETE")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    except cipher.driver_errors() as exc:
        raise StorageError(
            _(
                "The backup could not be restored ({problem}); your diary was left as it was.",
                problem=str(exc),
            )
        ) from exc
    finally:
        src.close()
