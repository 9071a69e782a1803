"""Long work with a progress dialog: determinate, cancellable, the window stays usable.

The work runs on a worker (``ui.tasks``); the dialog only shows the progress the worker
reports (throttled) and its Cancel button cancels the task, which interrupts the running
SQLite statement: the unit of work rolls back and nothing has changed. The dialog is not
modal (a modal QProgressDialog pumps the event loop from ``setValue``); the caller
disables the actions that must not run twice meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from headache_diary.domain.errors import DiaryError
from headache_diary.i18n import _
from headache_diary.ui.tasks import Task, TaskRunner, Work

#: a dialog appears only for work that takes longer than this
SHOW_AFTER_MS = 400


def run_with_progress(
    parent: QWidget,
    runner: TaskRunner,
    work: Work,
    *,
    title: str,
    label: str,
    failed_title: str,
    on_done: Callable[[Any], None],
    on_end: Callable[[], None] | None = None,
) -> Task:
    """Run ``work(job)`` on a worker with a progress dialog; ``on_done(result)`` when it
    succeeds, a message box when it fails, nothing when it was cancelled; ``on_end()`` in
    every case (e.g. to enable the actions again)."""
    dialog = QProgressDialog(label, _("Cancel"), 0, 100, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    task = runner.run(work)

    def progressed(done: int, total: int) -> None:
        if total > 0:
            dialog.setValue(min(100, round(100 * done / total)))

    def close() -> None:
        dialog.close()
        dialog.deleteLater()
        if on_end is not None:
            on_end()

    def finished(result: object) -> None:
        close()
        on_done(result)

    def failed(exc: DiaryError) -> None:
        close()
        QMessageBox.critical(parent, failed_title, str(exc))

    task.progressed.connect(progressed)
    task.finished.connect(finished)
    task.failed.connect(failed)
    task.cancelled.connect(close)
    dialog.canceled.connect(task.cancel)
    return task
