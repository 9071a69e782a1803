"""Helpers the GUI tests share (pytest-qt, offscreen): showing the window and the editors,
entering values as a patient would, and waiting for the workers and the Analysis view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QWidget
from shiboken6 import isValid

from headache_diary.context import AppContext
from headache_diary.ui.analysis_view import AnalysisView
from headache_diary.ui.episode_editor import EpisodeEditor

W = TypeVar("W", bound=QWidget)


def shown(qtbot: Any, window: W) -> W:
    """``window`` (the main window) shown, exposed and active, closed at the test's end."""
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


def shown_editor(qtbot: Any, editor: W) -> W:
    """``editor`` shown and exposed; at the test's end it is discarded and closed (closing
    it with changes would ask "discard changes?" and block)."""
    qtbot.addWidget(editor, before_close_func=lambda w: w.discard())
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def wait_saved(qtbot: Any, dialog: Any, timeout: int = 10_000) -> None:
    """Wait until ``dialog``'s save, which runs on a worker (ui.writing), has ended: it is
    then closed (stored; perhaps deleted already) or open again with the reason."""
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.saving.busy, timeout=timeout)


def reactivate(qtbot: Any, window: Any) -> None:
    """The window active again after a dialog closed: the offscreen platform leaves no
    window active a moment after a modal dialog has gone (a window manager would give it
    back), and shortcuts then reach nothing."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def written(qtbot: Any, window: Any, timeout: int = 10_000) -> None:
    """Wait until the window's workers are done: a delete, undo or backup (ui.writing), and
    whatever it started (the list and the ongoing state read again)."""
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=timeout)


# --- the episode editor ------------------------------------------------------------------


def set_time(edit: QDateTimeEdit, text: str) -> None:
    """Put the wall-clock time ``YYYY-MM-DD HH:MM`` into a date-time field."""
    dt = datetime.fromisoformat(text)
    edit.setDateTime(
        QDateTime(QDate(dt.year, dt.month, dt.day), QTime(dt.hour, dt.minute), QTimeZone.utc())
    )


def fill_quick(editor: EpisodeEditor, start: str = "2026-03-01 08:15", side: str = "left") -> None:
    """The 30-second path: side, start, duration, intensity, one neck trigger."""
    editor.side_buttons[side].click()
    set_time(editor.start_edit, start)
    editor.hours_spin.setValue(2)
    editor.minutes_spin.setValue(30)
    editor.intensity_buttons[7].click()
    editor.trigger_checks["neck_movement"].click()


# --- the Analysis view -------------------------------------------------------------------


def open_view(qtbot: Any, ctx: AppContext) -> AnalysisView:
    """The view, shown, with its first analysis (computed on a worker) on screen."""
    view = AnalysisView(ctx)
    qtbot.addWidget(view)
    view.resize(900, 700)
    with qtbot.waitSignal(view.updated, timeout=20_000):
        view.show()
    qtbot.waitExposed(view)
    return view


def open_view_at(
    qtbot: Any, ctx: AppContext, date_from: date, date_to: date, today: date
) -> AnalysisView:
    """The view on custom dates, its "today" being ``today`` (never the wall clock's)."""
    view = AnalysisView(ctx)
    qtbot.addWidget(view)
    view._today = lambda: today
    view.period_combo.setCurrentIndex(view.period_combo.count() - 1)  # custom dates
    view.from_edit.setDate(date_from)
    view.to_edit.setDate(date_to)
    view._debounce.stop()
    with qtbot.waitSignal(view.updated, timeout=20_000):
        view.show()
    return view


def updated(qtbot: Any, view: AnalysisView, action: Callable[[], object]) -> None:
    """Do ``action`` and wait until the view shows the result computed after it."""
    with qtbot.waitSignal(view.updated, timeout=20_000):
        action()


def table_texts(view: AnalysisView) -> list[list[str]]:
    """The profile table's cells, row by row (an empty cell as "")."""
    t = view.profile_table
    return [
        [t.item(r, c).text() if t.item(r, c) else "" for c in range(t.columnCount())]
        for r in range(t.rowCount())
    ]
