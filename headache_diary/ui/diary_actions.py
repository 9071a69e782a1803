"""The window's care of the diary file: changes made elsewhere, backups, restore.

* Every 1.5 s a :class:`~headache_diary.storage.changes.ChangeProbe` is asked whether
  another process (``headache-diary log`` from a keyboard shortcut, an import from a
  terminal) wrote to the diary; if so the list and the Analysis tab are read again.
* File > Back up now: a backup with SQLite's backup API (``services.diary``), made on a
  worker (``ui.writing``): the window never waits for it, or for another process's lock.
* File > Restore backup…: choose a backup, confirm, and the diary is replaced on a worker:
  the tasks are stopped and the diary closed first, the current diary is kept as a
  backup, and the window reopens the restored one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.jobs import Job
from headache_diary.domain.text import plural
from headache_diary.paths import Paths
from headache_diary.ui.tasks import Task
from headache_diary.ui.writing import write_while

if TYPE_CHECKING:
    from headache_diary.services.diary import ChangeProbe, RestoreResult
    from headache_diary.ui.main_window import MainWindow

#: how often the window asks whether the diary changed under it
WATCH_MS = 1500
T = TypeVar("T")


class DiaryKeeper(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.probe: ChangeProbe | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(WATCH_MS)
        self.timer.timeout.connect(self.check_for_changes)
        #: "Back up now" is running (the action waits for it)
        self.backing_up = False

    # -- changes made elsewhere ------------------------------------------------------------
    def watch(self, ctx: AppContext) -> None:
        from headache_diary.services.diary import change_probe

        self.stop()
        try:
            self.probe = change_probe(ctx.paths)
        except (DiaryError, OSError) as exc:  # the window works without it
            self.window.statusBar().showMessage(f"Changes made elsewhere will not show: {exc}")
            return
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self.probe is not None:
            self.probe.close()
            self.probe = None

    def check_for_changes(self) -> bool:
        """Reload what the window shows when another process wrote to the diary."""
        if self.probe is None or self.window.ctx is None:
            return False
        try:
            changed = self.probe.changed()
        except Exception:  # noqa: BLE001 - a failing probe must not disturb the window
            return False
        if changed:
            self.window.reload_all()
        return changed

    def mark_seen(self) -> None:
        """The window's own change: nothing to reload for it."""
        if self.probe is not None:
            with contextlib.suppress(Exception):
                self.probe.changed()

    # -- backups -----------------------------------------------------------------------------
    def back_up_now(self) -> Task | None:
        """File > Back up now, on a worker; the running task, or None while one runs."""
        from headache_diary.services.diary import make_backup

        window = self.window
        if self.backing_up:
            return None
        paths = window.paths

        def busy(on: bool) -> None:
            self.backing_up = on
            window.backup_action.setEnabled(not on and window.ctx is not None)

        window.statusBar().showMessage("Backing up the diary…")
        return write_while(
            window.runner,
            lambda: make_backup(paths),
            busy,
            lambda made: window.statusBar().showMessage(f"Backed up to {made}", 8000),
            lambda exc: self._not_backed_up(exc),
        )

    def _not_backed_up(self, exc: DiaryError) -> None:
        self.window.statusBar().clearMessage()
        QMessageBox.critical(self.window, "No backup was made", str(exc))

    def restore(self) -> None:
        from headache_diary.services.diary import list_backups
        from headache_diary.ui.restore_dialog import RestoreDialog, describe, episodes_phrase

        window = self.window
        if window.ctx is None:
            return
        try:
            backups = list_backups(window.paths)
        except (DiaryError, OSError) as exc:
            QMessageBox.critical(window, "Backups not found", str(exc))
            return
        dialog = RestoreDialog(backups, window)
        try:
            if dialog.exec() != RestoreDialog.DialogCode.Accepted:
                return
            chosen = dialog.chosen()
        finally:
            dialog.deleteLater()
        if chosen is None:
            return
        answer = QMessageBox.question(
            window,
            "Restore this backup?",
            f"Replace your diary with the backup made {describe(chosen)} "
            f"({episodes_phrase(chosen)})?\n\nYour diary as it is now is kept as a "
            "backup first.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        path = chosen.path
        self.replace_diary(
            lambda paths: _restore(paths, path),
            done=lambda result: window.statusBar().showMessage(
                f"Restored {plural(result.episodes, 'episode')} from the backup made "
                f"{describe(chosen)}",
                10_000,
            ),
            failed_title="The backup was not restored",
        )

    def replace_diary(
        self,
        change: Callable[[Paths], T],
        *,
        done: Callable[[T], None],
        failed_title: str,
    ) -> None:
        """Close the diary, run ``change(paths)`` on a worker, then open the diary again
        (also when the change failed: the diary is then as it was)."""
        window = self.window
        old = window.detach()
        paths = window.paths

        def work(_job: Job) -> tuple[T | DiaryError, AppContext]:
            from headache_diary.services.diary import open_context

            result: T | DiaryError
            try:
                result = change(paths)
            except DiaryError as exc:
                result = exc
            return result, open_context(paths)

        if old is not None:
            old.diary.close()
        task = window.runner.run(work)

        def finished(outcome: tuple[T | DiaryError, AppContext]) -> None:
            result, ctx = outcome
            window.attach(ctx)
            if isinstance(result, DiaryError):
                QMessageBox.critical(window, failed_title, str(result))
            else:
                done(result)

        def failed(exc: DiaryError) -> None:
            QMessageBox.critical(window, "The diary could not be opened again", str(exc))
            window.close()

        task.finished.connect(finished)
        task.failed.connect(failed)


def _restore(paths: Paths, backup: Path) -> RestoreResult:
    from headache_diary.services.diary import restore

    return restore(paths, backup)
