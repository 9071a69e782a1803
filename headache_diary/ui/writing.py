"""Saves, deletes, undo and "Back up now" run on a worker, never in the GUI thread.

A write waits for SQLite's write lock up to the busy timeout (5 s, ``storage.db``), and
another process may hold it for seconds: ``headache-diary import`` of 50,000 episodes
for about 2.4 s, the quick-log shortcut for a moment. In the GUI thread that wait froze the
window; on a worker (``ui.tasks``, not cancellable: what the patient asked to store is
stored, or fails with a message) the window keeps painting and answering meanwhile.

* :class:`DialogSave`: a dialog's Save. While it runs, the dialog shows that it is busy
  (its fields and buttons are disabled with everything entered still in them, the Save
  button reads "Saving…", a busy cursor) and cannot be closed; if the save fails, the
  dialog is usable again with what was entered, for a retry, and says why.
* :func:`run_write`: a write without a dialog (delete, undo, end an episode, back up now);
  :func:`write_while` also tells the caller when it starts and ends, so that it disables
  the actions that must not run twice meanwhile (a delete and an undo of a page).

The values to store are read from the widgets first, in the GUI thread; the worker gets
plain values (a worker never touches a widget).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget
from shiboken6 import isValid

from headache_diary.domain.errors import DiaryError
from headache_diary.ui.tasks import Task, TaskRunner

T = TypeVar("T")

SAVING = "Saving…"


def run_write(
    runner: TaskRunner,
    work: Callable[[], T],
    done: Callable[[T], None],
    failed: Callable[[DiaryError], None],
) -> Task:
    """Run ``work()`` (a write) on a worker; ``done(result)`` or ``failed(error)`` follow
    in the GUI thread."""
    task = runner.run(lambda _job: work(), cancellable=False)
    task.finished.connect(done)
    task.failed.connect(failed)
    return task


def write_while(
    runner: TaskRunner,
    work: Callable[[], T],
    busy: Callable[[bool], None],
    done: Callable[[T], None],
    failed: Callable[[DiaryError], None],
) -> Task:
    """:func:`run_write`, with ``busy(True)`` now and ``busy(False)`` before ``done`` or
    ``failed``."""
    busy(True)

    def finished(result: T) -> None:
        busy(False)
        done(result)

    def not_done(exc: DiaryError) -> None:
        busy(False)
        failed(exc)

    return run_write(runner, work, finished, not_done)


class DialogSave(QObject):
    """The Save of the dialog it belongs to (its parent), on a worker, with the dialog's
    busy state while it runs (see the module's doc). ``runner``: the window's, so that
    closing the window waits for the save; a dialog made on its own gets one."""

    def __init__(
        self,
        dialog: QDialog,
        runner: TaskRunner | None = None,
        button: QAbstractButton | None = None,
    ) -> None:
        super().__init__(dialog)
        # the dialog is reached as parent() (a Qt relation): no reference cycle through it
        self.runner = runner if runner is not None else TaskRunner(self)
        self.button = button
        self.busy = False
        #: the busy state is on view (from the turn after Save was pressed)
        self._shown = False
        self._focus: QWidget | None = None
        self._disabled: list[QWidget] = []
        self._pressed: QAbstractButton | None = None
        self._label = ""

    def _dialog(self) -> QDialog:
        dialog = self.parent()
        assert isinstance(dialog, QDialog)
        return dialog

    def start(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[DiaryError], None],
        *,
        button: QAbstractButton | None = None,
    ) -> bool:
        """Store on a worker: ``work()`` gets plain values (read from the widgets before);
        then, in the GUI thread with the dialog usable again, ``done(result)`` (which
        usually closes the dialog) or ``failed(error)``. ``button``: the one that reads
        "Saving…" meanwhile (default: the dialog's Save). False when a save is running."""
        if self.busy:
            return False
        self.busy = True  # from now on the dialog neither saves again nor closes
        self._pressed = button if button is not None else self.button
        run_write(self.runner, work, lambda r: self._end(done, r), lambda e: self._end(failed, e))
        # shown from the next event-loop turn: the key or click that pressed Save is
        # still being delivered (its release would go to a disabled widget)
        QTimer.singleShot(0, self, self._show_busy)
        return True

    def _show_busy(self) -> None:
        if not self.busy or self._shown:
            return
        self._shown = True
        dialog = self._dialog()
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and dialog.isAncestorOf(focus) else None
        if self._pressed is not None:
            self._label = self._pressed.text()
            self._pressed.setText(SAVING)
        # the dialog's contents, not the dialog itself: it stays the active window
        self._disabled = [
            w
            for w in dialog.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w.isEnabled()
        ]
        for w in self._disabled:
            w.setEnabled(False)
        dialog.setCursor(Qt.CursorShape.BusyCursor)

    def _end(self, then: Callable[[Any], None], value: object) -> None:
        if not isValid(self):  # the dialog went meanwhile (its window closed)
            return
        self.busy = False
        if self._shown:
            self._shown = False
            dialog = self._dialog()
            dialog.unsetCursor()
            for w in self._disabled:
                if isValid(w):
                    w.setEnabled(True)
            self._disabled = []
            if self._pressed is not None:
                self._pressed.setText(self._label)
            if self._focus is not None:
                self._focus.setFocus()
                self._focus = None
        self._pressed = None
        then(value)
