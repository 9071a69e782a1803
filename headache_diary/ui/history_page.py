"""The History tab: what was done about the neck, newest first, with add, edit, delete and
undo (as the Episodes tab does).

New (Ctrl+Shift+H or the *Add event…* button), edit (Enter, double-click), delete
(Delete) and undo (Ctrl+Z, one delete after another until the app is closed) while the
list has the focus. Every action is one call into ``services.history``; the page holds
only HistoryEvent values. The history is small (tens of events), so the list is a plain
table widget refilled after each change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.history import HistoryEvent, format_event_date, kind_label, where_text
from headache_diary.ui.tasks import Task, TaskRunner
from headache_diary.ui.theme import mute
from headache_diary.ui.writing import write_while

if TYPE_CHECKING:  # the editor (and SQLAlchemy through services) loads on first use
    from headache_diary.services.history import DeletedEvents
    from headache_diary.ui.history_editor import HistoryEditor

EMPTY_HINT = (
    "No neck history yet. Add what was done about the neck — an injury or whiplash, an "
    "X-ray or MRI, a nerve block, physiotherapy — and when these headaches began. "
    "The Analysis tab and the PDF then show how your record changed after each event."
)
COLUMNS = ("Date", "What happened", "Side / structure", "Findings / details", "Outcome")
K = QKeySequence


def _one_line(text: str) -> str:
    return " ".join(text.split())


class HistoryPage(QWidget):
    #: after any add, edit, delete or undo made here
    changed = Signal()
    #: a short note for the status bar: (text, milliseconds)
    status = Signal(str, int)

    def __init__(
        self,
        ctx: AppContext | None,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("HistoryPage")
        self.ctx = ctx
        #: the editor's today (an event cannot be in the future)
        self.today: Callable[[], date] = date.today
        #: saves, deletes and undo run here (``ui.writing``): the window's runner
        self.runner = runner if runner is not None else TaskRunner(self)
        #: a delete or undo is being stored (the two actions wait for it)
        self.writing = False
        self.events: list[HistoryEvent] = []
        self.editor: HistoryEditor | None = None
        self._deleted: DeletedEvents | None = None
        self._loaded = False

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("historyTable")
        self.table.setAccessibleName("Neck history, newest first")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        fm = self.table.fontMetrics()
        for col, sample in enumerate(
            (
                "September 2026",
                "Neck injury / whiplash – rear-end collision",
                "C2/3 facet, left side",
                "Mild C2/3 facet arthropathy on the left; no",
            )
        ):
            header.resizeSection(col, fm.horizontalAdvance(sample) + 28)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

        self.empty_label = QLabel(EMPTY_HINT)
        self.empty_label.setObjectName("historyEmptyHint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setMargin(24)
        f = self.empty_label.font()
        f.setPointSizeF(f.pointSizeF() * 1.2)
        self.empty_label.setFont(f)
        mute(self.empty_label)  # secondary text (ui.theme.mute)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)

        def action(text: str, slot: object, *keys: QKeySequence) -> QAction:
            act = QAction(text, self)
            if len(keys) > 1:
                act.setShortcuts(list(keys))
            elif keys:
                act.setShortcut(keys[0])
            act.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
            return act

        self.new_action = action(
            "&Add history event…",
            self.new_event,
            # not Ctrl+Shift+N: that is "Headache started", anywhere in the window
            K(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_H),
        )
        self.edit_action = action(
            "&Edit history event…", self.edit_selected, K(Qt.Key.Key_Return), K(Qt.Key.Key_Enter)
        )
        self.delete_action = action(
            "&Delete history event", self.delete_selected, K(Qt.Key.Key_Delete)
        )
        self.undo_action = action(
            "&Undo delete", self.undo_delete, K(Qt.Modifier.CTRL | Qt.Key.Key_Z)
        )
        # the keys act on this page only (the Episodes tab has its own Enter, Delete, Ctrl+Z)
        for act in (self.new_action, self.undo_action):
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(act)
        for act in (self.edit_action, self.delete_action):
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.table.addAction(act)

        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, act, tip in (
            ("new", "Add event…", self.new_action, "Add a history event (Ctrl+Shift+H)"),
            ("edit", "Edit…", self.edit_action, "Edit the selected event (Enter)"),
            ("delete", "Delete", self.delete_action, "Delete the selected event (Delete)"),
            ("undo", "Undo delete", self.undo_action, "Put the last deleted event back (Ctrl+Z)"),
        ):
            b = QPushButton(text)
            b.setObjectName(f"history_{name}")
            b.setAccessibleName(act.text().replace("&", "").rstrip("…"))
            b.setToolTip(tip)
            b.clicked.connect(lambda _checked=False, a=act: a.trigger())
            buttons.addWidget(b)
            self.buttons[name] = b
        buttons.addStretch(1)
        note = QLabel(
            "Your own record of what was done about the neck, shown beside your episodes "
            "on the Analysis tab and in the PDF; not a diagnosis."
        )
        note.setWordWrap(True)
        mute(note)  # secondary text (ui.theme.mute)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(buttons)
        lay.addWidget(self.list_stack, 1)
        lay.addWidget(note)
        self.table.itemSelectionChanged.connect(self.update_actions)
        self.update_actions()

    # -- state -----------------------------------------------------------------------------
    def set_context(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.reload()

    def ensure_loaded(self) -> None:
        """Read the history the first time the tab is shown."""
        if not self._loaded:
            self.reload()

    def focus_list(self) -> None:
        """Keyboard focus where it is useful: the list, or *Add event…* while it is empty."""
        if self.events:
            self.table.setFocus()
        else:
            self.buttons["new"].setFocus()

    def count(self) -> int:
        return len(self.events)

    def update_actions(self) -> None:
        ready = self.ctx is not None
        has = self.selected_id() is not None
        for name, act, enabled in (
            ("new", self.new_action, ready),
            ("edit", self.edit_action, has),
            ("delete", self.delete_action, has and not self.writing),
            ("undo", self.undo_action, bool(self._deleted) and not self.writing),
        ):
            act.setEnabled(enabled)
            self.buttons[name].setEnabled(enabled)

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.events):
            return None
        return self.events[rows[0].row()].id

    def select_event(self, event_id: str | None) -> None:
        row = next((i for i, e in enumerate(self.events) if e.id == event_id), None)
        if row is None:
            self.table.clearSelection()
            return
        self.table.setCurrentCell(row, 0)
        self.table.selectRow(row)

    def reload(self, select: str | None = None) -> None:
        """Re-read the history (newest first) and keep or set a selection."""
        from headache_diary.services import history

        keep = select or self.selected_id()
        if self.ctx is None:
            return
        try:
            self.events = history.list_events(self.ctx)
        except DiaryError as exc:
            self.status.emit(f"The history could not be read: {exc}", 0)
            return
        self._loaded = True
        self.table.setRowCount(len(self.events))
        for r, ev in enumerate(self.events):
            what = kind_label(ev.kind) + (f" – {ev.title}" if ev.title else "")
            cells = (
                format_event_date(ev),
                what,
                where_text(ev),
                _one_line(ev.details),
                _one_line(ev.outcome),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text if c < 3 else (ev.details if c == 3 else ev.outcome))
                self.table.setItem(r, c, item)
        self.list_stack.setCurrentWidget(self.table if self.events else self.empty_label)
        if keep is None and self.events:
            keep = self.events[0].id  # Enter and Delete work at once from the keyboard
        if keep is not None:
            self.select_event(keep)
        self.update_actions()

    def _error(self, title: str, exc: DiaryError) -> None:
        QMessageBox.critical(self, title, str(exc))

    # -- actions ---------------------------------------------------------------------------
    def new_event(self) -> HistoryEditor | None:
        if self.ctx is None:
            return None
        return self._open_editor(None)

    def edit_selected(self) -> HistoryEditor | None:
        event_id = self.selected_id()
        if event_id is None or self.ctx is None:
            return None
        event = next(e for e in self.events if e.id == event_id)
        return self._open_editor(event)

    def _open_editor(self, event: HistoryEvent | None) -> HistoryEditor:
        from headache_diary.ui.history_editor import HistoryEditor

        assert self.ctx is not None
        editor = HistoryEditor(self.ctx, event, self.window(), today=self.today)
        editor.saving.runner = self.runner
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.accepted.connect(lambda: self._editor_saved(editor))
        editor.open()
        self.editor = editor
        return editor

    def _editor_saved(self, editor: HistoryEditor) -> None:
        saved = editor.saved_event
        self.reload(select=saved.id if saved else None)
        self.focus_list()
        self.changed.emit()
        if saved is not None:
            self.status.emit("History event saved", 4000)

    def _deletes(self) -> DeletedEvents:
        if self._deleted is None:
            from headache_diary.services.history import DeletedEvents

            self._deleted = DeletedEvents()
        return self._deleted

    def delete_selected(self) -> Task | None:
        """Delete the selected event, on a worker (``ui.writing``); the running task, or
        None when there is nothing to delete (or a delete or undo is still being stored)."""
        event_id = self.selected_id()
        if event_id is None or self.ctx is None or self.writing:
            return None
        row = self.table.selectionModel().selectedRows()[0].row()
        ctx, deletes = self.ctx, self._deletes()
        return write_while(
            self.runner,
            lambda: deletes.delete(ctx, event_id),
            self._set_writing,
            lambda _removed: self._deleted_row(row),
            lambda exc: self._error("History event not deleted", exc),
        )

    def _deleted_row(self, row: int) -> None:
        self.reload()
        if self.events:
            self.select_event(self.events[min(row, len(self.events) - 1)].id)
        self.focus_list()
        self.changed.emit()
        self.status.emit("History event deleted — press Ctrl+Z to undo", 8000)

    def undo_delete(self) -> Task | None:
        """Put the last deleted event back, on a worker; the running task or None."""
        if not self._deleted or self.ctx is None or self.writing:
            return None
        ctx, deleted = self.ctx, self._deleted
        return write_while(
            self.runner,
            lambda: deleted.undo(ctx),
            self._set_writing,
            self._restored,
            lambda exc: self._error("Delete not undone", exc),
        )

    def _restored(self, event: HistoryEvent | None) -> None:
        self.reload(select=event.id if event else None)
        self.focus_list()
        self.changed.emit()
        self.status.emit("History event restored", 4000)

    def _set_writing(self, writing: bool) -> None:
        """A delete or undo is being stored: the two actions wait for it."""
        self.writing = writing
        self.update_actions()
