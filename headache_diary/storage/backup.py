"""Backups with SQLite's online backup API (never a file copy), rotated."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from headache_diary.domain.errors import StorageError
from headache_diary.paths import ensure_private_dir


def backup_database(source: Path, folder: Path, *, reason: str = "manual") -> Path:
    """Write a consistent copy of ``source`` into ``folder``; returns the new file.

    The copy is checked (``PRAGMA quick_check``) before it takes a backup's name; a
    damaged one is deleted and StorageError raised, so rotation never runs after it.
    """
    ensure_private_dir(folder)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = folder / f"diary-{stamp}-{reason}.sqlite3"
    tmp = dest.with_suffix(".partial")
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            bad = dst.execute("PRAGMA quick_check(1)").fetchall() != [("ok",)]
        finally:
            dst.close()
        if bad:
            # a damaged copy must never become a backup and push a good one out
            raise StorageError(
                f"The diary {source} failed its integrity check, so no backup was made; "
                "the existing backups were kept."
            )
        os.replace(tmp, dest)
    finally:
        src.close()
        if tmp.exists():
            tmp.unlink()
    return dest


def rotate(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns the deleted files."""
    files = sorted(folder.glob("diary-*.sqlite3"))
    doomed = files[:-keep] if keep > 0 else files
    for f in doomed:
        f.unlink()
    return doomed


def ensure_recent_backup(
    source: Path, folder: Path, *, max_age_hours: float = 24, keep: int = 10
) -> Path | None:
    """Back up ``source`` unless a backup younger than ``max_age_hours`` exists.

    Called when the window closes, so a day's entries are never only in one file; the
    newest ``keep`` backups are kept. Returns the new backup, or None.
    """
    import time

    if not source.exists() or source.stat().st_size == 0:
        return None
    newest = max((p.stat().st_mtime for p in folder.glob("diary-*.sqlite3")), default=0.0)
    if time.time() - newest < max_age_hours * 3600:
        return None
    made = backup_database(source, folder, reason="daily")
    rotate(folder, keep)
    return made
