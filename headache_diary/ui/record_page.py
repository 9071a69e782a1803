"""A tab that lists records and changes them: the Episodes, History and Medication tabs.

One flow for the three: each list (:class:`RecordList`, newest first) is a read-only table
over a model that knows each row's record id, with a hint in its place while it is empty;
actions (and, on some tabs, buttons) add, edit and delete a record and undo. An editor
opens window-modal and saves on a worker (``ui.writing.DialogSave``); a delete and an undo
run on a worker too (``ui.writing.write_while``: they wait for each other), and the
tab's undo stack (``services.undo`` and ``services.medication.MedicationUndo``) takes
them back one after another until the app is closed. After any of these the list is read
again with the record concerned selected (after a delete, its neighbour), the list has the
focus, :attr:`RecordPage.changed` is emitted and :attr:`RecordPage.status` says what
happened.

What differs between the tabs is small: a :class:`RecordList` is given its model, its
delete and the words for it, and a page says how it reads its lists (:meth:`reload`),
opens its editors and shows what an undo put back (:meth:`undone`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
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
from headache_diary.ui.tasks import Task, TaskRunner
from headache_diary.ui.theme import mute
from headache_diary.ui.writing import write_while

_Index = QModelIndex | QPersistentModelIndex


class Records(Protocol):
    """A list model that knows the record of each row."""

    def rowCount(self, parent: _Index = ...) -> int: ...  # noqa: N802 (Qt's name)

    def index(self, row: int, column: int, parent: _Index = ...) -> QModelIndex: ...

    def record_id(self, row: int) -> str | None: ...

    def row_of(self, record_id: str) -> int | None: ...


class Undo(Protocol):
    """A tab's undo stack: true while something can be undone."""

    def __bool__(self) -> bool: ...

    def undo(self, ctx: AppContext) -> Any: ...


class RowsModel(QAbstractTableModel):
    """A small list shown whole (history events, plan entries, doses): the text of each
    cell, its tooltip, and the id of each row's record."""

    def __init__(self, columns: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._ids: list[str] = []
        self._rows: list[tuple[str, ...]] = []
        self._tips: list[tuple[str, ...]] = []

    def set_rows(
        self,
        ids: Sequence[str],
        rows: Sequence[tuple[str, ...]],
        tips: Sequence[tuple[str, ...]] | None = None,
    ) -> None:
        """The records' ids and cells (``tips``: each cell's tooltip, default its text)."""
        self.beginResetModel()
        self._ids, self._rows = list(ids), list(rows)
        self._tips = list(tips) if tips is not None else self._rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[index.row()][index.column()]
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section]
        return None

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
    """One list of a :class:`RecordPage`: a read-only table over ``model``, with
    ``empty_label`` in its place while it is empty, and how a record of it is deleted:
    ``delete(ctx, id, undo)`` runs on a worker, keeps in ``undo`` (the tab's undo stack)
    what undoing it needs and returns what was deleted (None: nothing was there any
    more); ``deleted(value)`` says so in the status bar; ``not_deleted`` is the title of
    the message when it fails."""

    def __init__(
        self,
        model: Records,
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
        table.setModel(model)  # type: ignore[arg-type]  # a QAbstractItemModel
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
        """Select row ``row``, or the last one when there are fewer rows."""
        n = self.count()
        if n:
            self.select(self.model.record_id(min(row, n - 1)))

    def show_empty(self) -> None:
        """The list, or the hint while it is empty."""
        self.stack.setCurrentWidget(self.table if self.count() else self.empty_label)

    def focus(self) -> None:
        """Keyboard focus where it is useful: the list, or the add button while it is
        empty (only while the tab is shown)."""
        if not self.stack.isVisible():
            return
        if self.count():
            self.table.setFocus()
        elif self.add_button is not None:
            self.add_button.setFocus()


class RecordPage(QWidget):
    """The flow shared by the record tabs (the module's docstring). A page sets
    :attr:`undo_failed`, makes its lists and actions, and gives :meth:`new_undo`,
    :meth:`reload`, :meth:`update_actions` and :meth:`undone`."""

    #: after any add, edit, delete or undo made here
    changed = Signal()
    #: a short note for the status bar: (text, milliseconds)
    status = Signal(str, int)
    #: the title of the message when an undo fails
    undo_failed = "Delete not undone"

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
        """A row of buttons (name, text, action, tooltip) that trigger their actions; each
        is kept in :attr:`buttons` by its name."""
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

    # -- for the page to give ----------------------------------------------------------------
    def new_undo(self) -> Undo:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def update_actions(self) -> None:
        raise NotImplementedError

    def undone(self, value: Any) -> None:
        """Show what an undo put back (None: there was nothing to undo)."""
        raise NotImplementedError

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
        editor: QDialog,
        records: RecordList,
        saved: Callable[[], str | None],
        ms: int = 4000,
    ) -> QDialog:
        """Open ``editor`` (it saves on this page's runner); once it has saved,
        ``saved()`` reads the list again with the record selected and returns the words
        for the status bar, shown ``ms`` milliseconds (None: nothing was saved)."""
        editor.saving.runner = self.runner  # type: ignore[attr-defined]
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            text = saved()
            records.focus()
            if text is not None:
                self.changed.emit()
                self.status.emit(text, ms)

        editor.accepted.connect(accepted)
        editor.open()
        self.editor = editor
        return editor

    def delete_selected_in(self, records: RecordList) -> Task | None:
        """Delete the record selected in ``records``, on a worker; the running task, or None
        when there is nothing to delete (or a delete or undo is still being stored)."""
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

        return self._write(lambda: undo.undo(ctx), done, self.undo_failed)

    def _write(
        self, work: Callable[[], object], done: Callable[[Any], None], failed_title: str
    ) -> Task:
        return write_while(
            self.runner, work, self._set_writing, done, lambda e: self.show_error(failed_title, e)
        )

    def _set_writing(self, writing: bool) -> None:
        """A delete or undo is being stored: the two wait for it."""
        self.writing = writing
        self.update_actions()
