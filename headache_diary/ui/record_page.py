"""The flow of the Episodes, History and Medication tabs, once.

A list (:class:`RecordList`) is a read-only table over a model that knows each row's record
id, with a hint in its place while it is empty. An editor saves on a worker
(``ui.writing.DialogSave``); a delete and an undo run on a worker too (``write_while``:
they wait for each other), through the tab's undo stack (``services.undo``), which takes
changes back one after another until the app is closed. Then the list is read again with
the record (after a delete, its neighbour) selected and focused, ``changed`` is emitted and
``status`` says what happened. A page gives its lists (model, delete, words), how it reads
them (:meth:`RecordPage.reload`), its editors and what an undo put back
(:meth:`RecordPage.undone`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QWidget,
)

from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.i18n import N_, _
from headache_diary.ui.episode_model import EpisodeListModel
from headache_diary.ui.tasks import Task, TaskRunner
from headache_diary.ui.theme import mute
from headache_diary.ui.writing import write_while

if TYPE_CHECKING:  # the editors and the services load on first use
    from headache_diary.services.undo import UndoStack
    from headache_diary.ui.form_dialog import EditorDialog

    Undo = UndoStack[Any]


class RowsModel(QStandardItemModel):
    """A small list shown whole (history events, plan entries, doses), as a QTableWidget
    would show it: each cell's text with a tooltip, and each row's record id."""

    def __init__(self, columns: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(columns), parent)
        self.setHorizontalHeaderLabels(list(columns))
        self._ids: list[str] = []

    def set_rows(
        self,
        ids: Sequence[str],
        rows: Sequence[tuple[str, ...]],
        tips: Sequence[tuple[str, ...]] | None = None,
    ) -> None:
        """The records' ids and cells (``tips``: each cell's tooltip, default its text)."""
        self._ids = list(ids)
        self.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QStandardItem(text)
                item.setToolTip(tips[r][c] if tips is not None else text)
                self.setItem(r, c, item)

    def record_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: str) -> int | None:
        return self._ids.index(record_id) if record_id in self._ids else None


def hint_label(text: str, name: str, margin: int = 0, scale: float = 1.0) -> QLabel:
    """The secondary text shown in place of an empty list."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    if margin:
        label.setMargin(margin)
    if scale != 1.0:
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * scale)
        label.setFont(font)
    mute(label)  # secondary text (ui.theme.mute)
    return label


class RecordList:
    """A list of a :class:`RecordPage`, with ``empty_label`` in its place while empty.
    ``delete(ctx, id, undo)`` runs on a worker, keeps in ``undo`` what undoing it needs and
    returns what was deleted (None: it was gone); ``deleted(value)`` says so in the status
    bar; ``not_deleted`` is the title of the message when it fails."""

    def __init__(
        self,
        model: EpisodeListModel | RowsModel,
        name: str,
        accessible: str,
        empty_label: QLabel,
        *,
        delete: Callable[[AppContext, str, Any], object],
        deleted: Callable[[Any], str],
        not_deleted: str,
    ) -> None:
        self.model = model
        self.delete = delete
        self.deleted = deleted
        self.not_deleted = not_deleted
        #: the button that adds a record: it has the focus while the list is empty
        self.add_button: QPushButton | None = None
        self.table = table = QTableView()
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        self.empty_label = empty_label
        self.stack = QStackedWidget()
        self.stack.addWidget(table)
        self.stack.addWidget(empty_label)

    def count(self) -> int:
        return self.model.rowCount()

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def selected_id(self) -> str | None:
        row = self.selected_row()
        return None if row is None else self.model.record_id(row)

    def select(self, record_id: str | None) -> bool:
        """Select the row of ``record_id`` (none when it is not listed); True when found."""
        row = None if record_id is None else self.model.row_of(record_id)
        if row is None:
            self.table.clearSelection()
            return False
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index)
        return True

    def select_near(self, row: int) -> None:
        """Select row ``row``, or the last one when there are fewer."""
        n = self.count()
        if n:
            self.select(self.model.record_id(min(row, n - 1)))

    def show_empty(self) -> None:
        """The list, or the hint while it is empty."""
        self.stack.setCurrentWidget(self.table if self.count() else self.empty_label)

    def focus(self) -> None:
        """Focus the list, or its add button while it is empty (while it is shown)."""
        if not self.stack.isVisible():
            return
        if self.count():
            self.table.setFocus()
        elif self.add_button is not None:
            self.add_button.setFocus()


class RecordPage(QWidget):
    """A record tab (the module's docstring); :attr:`list` is its (first) list."""

    #: after any add, edit, delete or undo made here
    changed = Signal()
    #: a short note for the status bar: (text, milliseconds)
    status = Signal(str, int)
    #: the title of the message when an undo fails (marked with N_, shown with _())
    undo_failed = N_("Delete not undone")
    #: what the status bar says when an undo put a deleted record back (marked with N_,
    #: shown with _(); empty: nothing)
    restored = ""

    def __init__(
        self, ctx: AppContext | None, parent: QWidget | None, runner: TaskRunner | None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: saves, deletes and undo run here (``ui.writing``): the window's runner
        self.runner = runner if runner is not None else TaskRunner(self)
        #: a delete or undo is being stored (the two wait for each other)
        self.writing = False
        #: the editor opened last
        self.editor: QDialog | None = None
        self.buttons: dict[str, QPushButton] = {}
        self._undo: Undo | None = None
        self.list: RecordList
        #: False while another page owns Ctrl+Z (the window sets it on the Episodes page
        #: while the History, Medication or Scores tab shows), so the key is never
        #: ambiguous between two enabled actions
        self.undo_allowed = True
        #: a one-list page's actions (the default :meth:`update_actions` enables them)
        self.new_action: QAction
        self.edit_action: QAction
        self.delete_action: QAction
        self.undo_action: QAction

    def count(self) -> int:
        return self.list.count()

    def selected_id(self) -> str | None:
        return self.list.selected_id()

    def focus_list(self) -> None:
        """Keyboard focus where it is useful: the list, or its add button while empty."""
        self.list.focus()

    # -- building --------------------------------------------------------------------------
    def action(self, text: str, slot: Callable[[], object], *keys: QKeySequence) -> QAction:
        """An action with ``keys``; its keys act while this tab has the focus."""
        act = QAction(text, self)
        if keys:
            act.setShortcuts(list(keys))
        act.triggered.connect(lambda _checked=False: slot())
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return act

    def button_row(self, prefix: str, spec: Sequence[tuple[str, str, QAction, str]]) -> QHBoxLayout:
        """Buttons (name, text, action, tooltip) for actions, kept in :attr:`buttons`."""
        row = QHBoxLayout()
        for name, text, act, tip in spec:
            b = QPushButton(text)
            b.setObjectName(f"{prefix}_{name}")
            b.setAccessibleName(act.text().replace("&", "").rstrip("…"))
            b.setToolTip(tip)
            b.clicked.connect(lambda _checked=False, a=act: a.trigger())
            row.addWidget(b)
            self.buttons[name] = b
        row.addStretch(1)
        return row

    def enable(self, *states: tuple[str, QAction, bool]) -> None:
        """Enable each (button name, action, enabled), the button if there is one."""
        for name, act, enabled in states:
            act.setEnabled(enabled)
            if name in self.buttons:
                self.buttons[name].setEnabled(enabled)

    # -- for the page to give: its undo stack, reading, actions ------------------------------
    def new_undo(self) -> Undo:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def update_actions(self) -> None:
        """A one-list page's actions: New once a diary is open, Edit and Delete with a
        selection (Delete not while a write is stored), Undo while there is one to undo.
        A page with other actions (the Medication tab's two lists) gives its own."""
        has = self.selected_id() is not None
        self.enable(
            ("new", self.new_action, self.ctx is not None),
            ("edit", self.edit_action, has),
            ("delete", self.delete_action, has and not self.writing),
            ("undo", self.undo_action, self.can_undo and self.undo_allowed),
        )

    def undone(self, value: Any) -> None:
        """Show what an undo put back (None: nothing): by default, a deleted record."""
        self.reload()
        if value is not None:
            self.list.select(value.id)
            self.status.emit(_(self.restored) if self.restored else "", 4000)
        self.list.focus()

    # -- the flow ------------------------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and not self.writing

    def undos(self) -> Undo:
        """The tab's undo stack (made on first use: ``services`` loads SQLAlchemy)."""
        if self._undo is None:
            self._undo = self.new_undo()
        return self._undo

    def forget_undo(self) -> None:
        """A newly opened diary: what could be undone belonged to the one before."""
        self._undo = None

    def show_error(self, title: str, exc: DiaryError) -> None:
        QMessageBox.critical(self, title, str(exc))

    def open_editor(
        self,
        editor: EditorDialog,
        records: RecordList,
        said: str | Callable[[Any], str],
        ms: int = 4000,
    ) -> EditorDialog:
        """Open ``editor`` (it saves on this page's runner). Once it has saved, the list is
        read again with the saved record selected and the status bar says ``said`` for
        ``ms`` milliseconds; or ``said(stored)`` does that and returns the words."""
        editor.saving.runner = self.runner
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            if isinstance(said, str):
                self.reload()
                records.select(editor.saved.id)
            text = said if isinstance(said, str) else said(editor.saved)
            records.focus()
            self.changed.emit()
            self.status.emit(text, ms)

        editor.accepted.connect(accepted)
        editor.open()
        self.editor = editor
        return editor

    def delete_selected(self) -> Task | None:
        return self.delete_selected_in(self.list)

    def delete_selected_in(self, records: RecordList) -> Task | None:
        """Delete the record selected in ``records``, on a worker; the running task, or None
        when nothing is selected or a delete or undo is still being stored."""
        record_id = records.selected_id()
        row = records.selected_row()
        if record_id is None or row is None or self.ctx is None or self.writing:
            return None
        ctx, delete, undo = self.ctx, records.delete, self.undos()

        def deleted(value: object) -> None:
            self.reload()
            if value is None:  # gone already (deleted elsewhere)
                return
            records.select_near(row)
            records.focus()
            self.changed.emit()
            self.status.emit(records.deleted(value), 8000)

        return self._write(lambda: delete(ctx, record_id, undo), deleted, records.not_deleted)

    def undo(self) -> Task | None:
        """Undo the last change made on this tab, on a worker; the running task or None."""
        if not self._undo or self.ctx is None or self.writing:
            return None
        ctx, undo = self.ctx, self._undo

        def done(value: object) -> None:
            self.undone(value)
            if value is not None:
                self.changed.emit()

        return self._write(lambda: undo.undo(ctx), done, _(self.undo_failed))

    def _write(
        self, work: Callable[[], object], done: Callable[[Any], None], failed_title: str
    ) -> Task:
        return write_while(
            self.runner, work, self._set_writing, done, lambda e: self.show_error(failed_title, e)
        )

    def _set_writing(self, writing: bool) -> None:
        self.writing = writing
        self.update_actions()
