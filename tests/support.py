"""Helpers the tests share: the services, called as the CLI and the GUI call them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from headache_diary.analysis.results import AnalysisSnapshot
from headache_diary.context import AppContext
from headache_diary.services.analysis import analysis_snapshot
from headache_diary.storage.db import Diary

ZONE = "Europe/Berlin"


def ctx_of(diary: Diary, zone: str = ZONE) -> AppContext:
    return AppContext(paths=diary.paths, diary=diary, zone=zone)


def snapshot(
    diary: Diary,
    date_from: date | None = None,
    date_to: date | None = None,
    today: date | None = None,
) -> AnalysisSnapshot:
    return analysis_snapshot(ctx_of(diary), date_from, date_to, today)


def summary_json(
    diary: Diary,
    date_from: date | None = None,
    date_to: date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The summary object of FORMAT.md, as ``summary --json`` prints it."""
    return snapshot(diary, date_from, date_to, today).to_json()


def import_file(diary: Diary, path: Any, zone: str = ZONE) -> Any:
    """``services.transfer.import_file`` with ``zone`` as the computer's zone."""
    from headache_diary.services import transfer

    return transfer.import_file(ctx_of(diary, zone), path)


def export_file(diary: Diary, path: Any, **kw: Any) -> int:
    """``services.transfer.export_file``; returns how many episodes were written."""
    from headache_diary.services import transfer

    return transfer.export_file(ctx_of(diary), path, **kw).episodes


# --- mounts: a read-only folder and a small disk, for real (skipped where not allowed) --


def _mount(*args: str) -> None:
    import shutil
    import subprocess

    import pytest

    if shutil.which("mount") is None:
        pytest.skip("no mount command on this machine")
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"mounting is not permitted here: {done.stderr.strip()}")


def _unmount(target: Any) -> None:
    import subprocess

    if subprocess.run(["umount", str(target)], capture_output=True).returncode != 0:
        # still busy (a test failed with files open): detach it, never leave it behind
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


@contextmanager
def read_only_folder(folder: Any) -> Iterator[None]:
    """``folder`` read-only for the block (a read-only bind mount of itself), as on a
    read-only disk: root ignores file modes, not a read-only mount. Files opened before
    keep their access; Linux refuses (EBUSY) while one is open for writing through it."""
    import subprocess

    _mount("--bind", str(folder), str(folder))
    try:
        done = subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True, text=True
        )
        if done.returncode != 0:
            raise AssertionError(f"the folder could not be made read-only: {done.stderr}")
        yield
    finally:
        _unmount(folder)


@contextmanager
def small_disk(folder: Any, size: str = "4m") -> Iterator[None]:
    """A tmpfs of ``size`` on ``folder`` for the block: a disk that really fills up."""
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder))
    try:
        yield
    finally:
        _unmount(folder)


def fill_disk(path: Any) -> None:
    """Write ``path`` until the disk is full (ENOSPC)."""
    import errno
    import os

    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
        try:  # the last partial block
            while True:
                os.write(fd, b"\0" * 512)
        except OSError:
            pass
    finally:
        os.close(fd)


def wait_saved(qtbot: Any, dialog: Any, timeout: int = 10_000) -> None:
    """Wait until ``dialog``'s save, which runs on a worker (ui.writing), has ended: it is
    then closed (stored; perhaps deleted already) or open again with the reason."""
    from shiboken6 import isValid

    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.saving.busy, timeout=timeout)


def reactivate(qtbot: Any, window: Any) -> None:
    """The window active again after a dialog closed: the offscreen platform leaves no
    window active a moment after a modal dialog has gone (a window manager would give it
    back), and shortcuts then reach nothing."""
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def written(qtbot: Any, window: Any, timeout: int = 10_000) -> None:
    """Wait until the window's workers are done: a delete, undo or backup (ui.writing), and
    whatever it started (the list and the ongoing state read again)."""
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=timeout)
