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
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.jobs import Job
from headache_diary.i18n import _, ngettext
from headache_diary.paths import Paths
from headache_diary.ui.tasks import Task, TaskRunner
from headache_diary.ui.writing import write_while

if TYPE_CHECKING:
    from headache_diary.services.diary import ChangeProbe, RestoreResult

#: how often the window asks whether the diary changed under it
WATCH_MS = 1500
T = TypeVar("T")


class DiaryKeeper(QObject):
    """The care of the diary of the window it belongs to (its parent), which connects the
    signals: it reloads on :attr:`changed_elsewhere`, stops using the diary (and closes
    it) on :attr:`releasing` and attaches the one given by :attr:`reopened`."""

    #: another process wrote to the diary: what the window shows is read again
    changed_elsewhere = Signal()
    #: "Back up now" started or ended (:attr:`backing_up`)
    busy_changed = Signal()
    #: the diary is about to be replaced: stop using it, and close it
    releasing = Signal()
    #: the diary was opened again after :attr:`releasing` (the AppContext)
    reopened = Signal(object)
    #: it could not be opened again (the patient was told): the window closes
    lost = Signal()
    #: a short note for the status bar: (text, milliseconds)
    status = Signal(str, int)

    def __init__(self, parent: QWidget, runner: TaskRunner, paths: Paths) -> None:
        super().__init__(parent)
        self.runner = runner
        self.paths = paths
        #: the diary being watched (None while it is being opened or replaced)
        self.ctx: AppContext | None = None
        self.probe: ChangeProbe | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(WATCH_MS)
        self.timer.timeout.connect(self.check_for_changes)
        #: "Back up now" is running (the action waits for it)
        self.backing_up = False

    def _window(self) -> QWidget:  # the parent: a Qt relation, no reference cycle
        return cast(QWidget, self.parent())

    # -- changes made elsewhere ------------------------------------------------------------
    def watch(self, ctx: AppContext) -> None:
        from headache_diary.services.diary import change_probe

        self.stop()
        self.ctx = ctx
        try:
            self.probe = change_probe(ctx.paths)
        except (DiaryError, OSError) as exc:  # the window works without it
            self.status.emit(_("Changes made elsewhere will not show: {error}", error=str(exc)), 0)
            return
        self.timer.start()

    def stop(self) -> None:
        self.ctx = None
        self.timer.stop()
        if self.probe is not None:
            self.probe.close()
            self.probe = None

    def check_for_changes(self) -> bool:
        """Reload what the window shows when another process wrote to the diary."""
        if self.probe is None:
            return False
        try:
            changed = self.probe.changed()
        except Exception:  # noqa: BLE001 - a failing probe must not disturb the window
            return False
        if changed:
            self.changed_elsewhere.emit()
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

        if self.backing_up:
            return None
        paths = self.paths

        def busy(on: bool) -> None:
            self.backing_up = on
            self.busy_changed.emit()

        self.status.emit(_("Backing up the diary…"), 0)
        return write_while(
            self.runner,
            lambda: make_backup(paths),
            busy,
            lambda made: self.status.emit(_("Backed up to {file}", file=str(made)), 8000),
            lambda exc: self._not_backed_up(exc),
        )

    def _not_backed_up(self, exc: DiaryError) -> None:
        self.status.emit("", 0)
        QMessageBox.critical(self._window(), _("No backup was made"), str(exc))

    def restore(self) -> None:
        from headache_diary.services.diary import list_backups
        from headache_diary.ui.restore_dialog import RestoreDialog, describe

        window = self._window()
        if self.ctx is None:
            return
        try:
            backups = list_backups(self.paths)
        except (DiaryError, OSError) as exc:
            QMessageBox.critical(window, _("Backups not found"), str(exc))
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
        when = describe(chosen)
        if chosen.episodes is None:
            question = _(
                "Replace your diary with the backup made {when} (its episodes cannot be "
                "counted)?\n\nYour diary as it is now is kept as a backup first.",
                when=when,
            )
        else:
            question = ngettext(
                "Replace your diary with the backup made {when} ({count} episode)?\n\n"
                "Your diary as it is now is kept as a backup first.",
                "Replace your diary with the backup made {when} ({count} episodes)?\n\n"
                "Your diary as it is now is kept as a backup first.",
                chosen.episodes,
                when=when,
            )
        answer = QMessageBox.question(
            window,
            _("Restore this backup?"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        path = chosen.path
        self.replace_diary(
            lambda paths: _restore(paths, path),
            done=lambda result: self.status.emit(
                ngettext(
                    "Restored {count} episode from the backup made {when}",
                    "Restored {count} episodes from the backup made {when}",
                    result.episodes,
                    when=when,
                ),
                10_000,
            ),
            failed_title=_("The backup was not restored"),
        )

    def replace_diary(
        self,
        change: Callable[[Paths], T],
        *,
        done: Callable[[T], None],
        failed_title: str,
    ) -> Task:
        """Close the diary (:attr:`releasing`), run ``change(paths)`` on a worker, then
        open the diary again (also when the change failed: the diary is then as it was)."""
        return self.replace_with_job(lambda paths, _job: change(paths), done, failed_title)

    def change_protection(self, mode: str, passphrase: str | None) -> Task:
        """Turn the passphrase on, change it or turn it off (``ui.passphrase_dialog``
        modes): like a restore, under the window's lock, on a worker with progress; then
        the patient is told which files were overwritten and removed."""
        from headache_diary.ui.passphrase_dialog import run_protection

        return run_protection(self, mode, passphrase)

    def replace_with_job(
        self,
        change: Callable[[Paths, Job], T],
        done: Callable[[T], None],
        failed_title: str,
        *,
        cancellable: bool = True,
        ended: Callable[[], None] | None = None,
    ) -> Task:
        """:meth:`replace_diary` with the worker's job (its progress) handed to
        ``change``; ``cancellable=False`` for a change that must not be cut short;
        ``ended()`` first when it is over, either way (e.g. to close a progress dialog)."""
        paths = self.paths

        def work(job: Job) -> tuple[T | DiaryError, AppContext]:
            from headache_diary.services.diary import open_context

            result: T | DiaryError
            try:
                result = change(paths, job)
            except DiaryError as exc:
                result = exc
            return result, open_context(paths)

        self.releasing.emit()  # the window lets go of the diary and closes it
        task = self.runner.run(work, cancellable=cancellable)

        def finished(outcome: tuple[T | DiaryError, AppContext]) -> None:
            if ended is not None:
                ended()
            result, ctx = outcome
            self.reopened.emit(ctx)
            if isinstance(result, DiaryError):
                QMessageBox.critical(self._window(), failed_title, str(result))
            else:
                done(result)

        def failed(exc: DiaryError) -> None:
            if ended is not None:
                ended()
            QMessageBox.critical(self._window(), _("The diary could not be opened again"), str(exc))
            self.lost.emit()

        task.finished.connect(finished)
        task.failed.connect(failed)
        return task


def _restore(paths: Paths, backup: Path) -> RestoreResult:
    from headache_diary.services.diary import restore

    return restore(paths, backup)
