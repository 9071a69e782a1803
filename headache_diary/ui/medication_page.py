"""The Medication tab: the regular medication (plan) and the doses taken outside an
episode, each with add, edit and delete; for the plan also a dose change from a day and a
stop; one undo for every change made here (Ctrl+Z on this tab, one after another until
the app is closed).

Every action is one call into ``services.medication``; the page holds only PlanEntry and
AcuteDose values. Both lists are small next to the episodes (the doses list shows the
latest :data:`DOSE_LIST_CAP`), so they are plain table widgets refilled after each change.

(About 440 lines: the two lists share one tab and one undo; the dialogs are
``ui.plan_editor`` and ``ui.dose_editor``.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
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

from headache_diary.analysis.medication_wording import (
    COUNTING_NOTE,
    DOSE_COLUMNS,
    PLAN_COLUMNS,
    dose_row,
    plan_row,
)
from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.medication import AcuteDose, PlanEntry
from headache_diary.domain.timeutil import now_utc
from headache_diary.ui.tasks import Task, TaskRunner
from headache_diary.ui.theme import mute
from headache_diary.ui.writing import write_while

if TYPE_CHECKING:
    from headache_diary.services.medication import Change, MedicationUndo, Saved
    from headache_diary.ui.form_dialog import FormDialog

T = TypeVar("T")

DOSE_LIST_CAP = 1000
PLAN_EMPTY = (
    "No regular medication yet. Add what you take every day — a preventive such as "
    "amitriptyline or topiramate, or a painkiller taken daily — with the day you started."
)
DOSES_EMPTY = (
    "No doses outside an episode. Add one when you take something for a headache that you "
    "do not log as an episode (toolbar: Add dose, Ctrl+Shift+D)."
)
K = QKeySequence


def _table(columns: tuple[str, ...], name: str, accessible: str, stretch: int) -> QTableWidget:
    """A read-only list; column ``stretch`` (the medication's name) takes the spare width."""
    t = QTableWidget(0, len(columns))
    t.setObjectName(name)
    t.setAccessibleName(accessible)
    t.setHorizontalHeaderLabels(list(columns))
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.verticalHeader().setVisible(False)
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    header.setStyleSheet("QHeaderView::section { padding: 2px 10px; }")
    return t


def _hint(text: str, name: str) -> QLabel:
    lab = QLabel(text)
    lab.setObjectName(name)
    lab.setWordWrap(True)
    lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    lab.setMargin(16)
    mute(lab)  # secondary text (ui.theme.mute)
    return lab


class MedicationPage(QWidget):
    #: after any change made here (the Analysis tab recomputes)
    changed = Signal()
    #: a short note for the status bar: (text, milliseconds)
    status = Signal(str, int)

    def __init__(
        self,
        ctx: AppContext | None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MedicationPage")
        self.ctx = ctx
        self._today = today
        #: saves, deletes and undo run here (``ui.writing``): the window's runner
        self.runner = runner if runner is not None else TaskRunner(self)
        #: a delete or undo is being stored (they wait for each other)
        self.writing = False
        #: the clock of the dose editor (when a dose was taken defaults to now)
        self.now: Callable[[], datetime] = now_utc
        self.plan: list[PlanEntry] = []
        self.doses: list[AcuteDose] = []
        self._undo: MedicationUndo | None = None
        self._loaded = False
        self.dialog: QDialog | None = None

        def action(text: str, slot: Callable[[], object], *keys: QKeySequence) -> QAction:
            act = QAction(text, self)
            if keys:
                act.setShortcuts(list(keys))
            act.triggered.connect(lambda _checked=False: slot())
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            return act

        enter = (K(Qt.Key.Key_Return), K(Qt.Key.Key_Enter))
        self.add_plan_action = action("&Add regular medication…", self.add_plan_entry)
        self.edit_plan_action = action("&Edit regular medication…", self.edit_plan_entry, *enter)
        self.change_dose_action = action("&Change dose…", self.change_dose)
        self.stop_action = action("&Stop…", self.stop_plan_entry)
        self.delete_plan_action = action(
            "&Delete regular medication", self.delete_plan_entry, K(Qt.Key.Key_Delete)
        )
        self.add_dose_action = action("Add &dose outside an episode…", self.add_dose)
        self.edit_dose_action = action("Edit d&ose…", self.edit_dose, *enter)
        self.delete_dose_action = action("Delete dos&e", self.delete_dose, K(Qt.Key.Key_Delete))
        self.undo_action = action(
            "&Undo medication change", self.undo, K(Qt.Modifier.CTRL | Qt.Key.Key_Z)
        )
        self.addAction(self.undo_action)

        # -- the plan ----------------------------------------------------------------------
        self.plan_table = _table(PLAN_COLUMNS, "planTable", "Regular medication", 0)
        self.plan_table.doubleClicked.connect(lambda _i: self.edit_plan_entry())
        self.plan_table.addActions([self.edit_plan_action, self.delete_plan_action])
        self.plan_stack = QStackedWidget()
        self.plan_stack.addWidget(self.plan_table)
        self.plan_stack.addWidget(_hint(PLAN_EMPTY, "planEmptyHint"))
        self.buttons: dict[str, QPushButton] = {}
        plan_buttons = self._buttons(
            (
                ("add_plan", "Add…", self.add_plan_action, "Add regular medication"),
                ("edit_plan", "Edit…", self.edit_plan_action, "Correct the selected entry"),
                ("change_dose", "Change dose…", self.change_dose_action, "A new dose from a day"),
                ("stop", "Stop…", self.stop_action, "The day it was last taken"),
                ("delete_plan", "Delete", self.delete_plan_action, "Delete the selected entry"),
            )
        )
        plan_box = QGroupBox("Regular medication (taken every day)")
        lay = QVBoxLayout(plan_box)
        lay.addLayout(plan_buttons)
        lay.addWidget(self.plan_stack, 1)
        note = QLabel(COUNTING_NOTE)
        note.setWordWrap(True)
        mute(note)  # secondary text (ui.theme.mute)
        lay.addWidget(note)

        # -- the doses ---------------------------------------------------------------------
        self.dose_table = _table(DOSE_COLUMNS, "doseTable", "Doses outside an episode", 2)
        self.dose_table.doubleClicked.connect(lambda _i: self.edit_dose())
        self.dose_table.addActions([self.edit_dose_action, self.delete_dose_action])
        self.dose_stack = QStackedWidget()
        self.dose_stack.addWidget(self.dose_table)
        self.dose_stack.addWidget(_hint(DOSES_EMPTY, "doseEmptyHint"))
        dose_buttons = self._buttons(
            (
                ("add_dose", "Add dose…", self.add_dose_action, "A dose outside an episode"),
                ("edit_dose", "Edit…", self.edit_dose_action, "Edit the selected dose"),
                ("delete_dose", "Delete", self.delete_dose_action, "Delete the selected dose"),
            )
        )
        self.dose_note = QLabel()
        mute(self.dose_note)  # secondary text (ui.theme.mute)
        dose_box = QGroupBox("Doses taken outside an episode (newest first)")
        lay = QVBoxLayout(dose_box)
        lay.addLayout(dose_buttons)
        lay.addWidget(self.dose_stack, 1)
        lay.addWidget(self.dose_note)

        undo_row = QHBoxLayout()
        self.buttons["undo"] = b = QPushButton("Undo last change")
        b.setObjectName("medication_undo")
        b.setToolTip("Undo the last change on this tab (Ctrl+Z)")
        b.clicked.connect(lambda _c=False: self.undo_action.trigger())
        undo_row.addStretch(1)
        undo_row.addWidget(b)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(plan_box, 2)
        outer.addWidget(dose_box, 3)
        outer.addLayout(undo_row)
        self.plan_table.itemSelectionChanged.connect(self.update_actions)
        self.dose_table.itemSelectionChanged.connect(self.update_actions)
        self.update_actions()

    def _buttons(self, spec: tuple[tuple[str, str, QAction, str], ...]) -> QHBoxLayout:
        row = QHBoxLayout()
        for name, text, act, tip in spec:
            b = QPushButton(text)
            b.setObjectName(f"medication_{name}")
            b.setAccessibleName(act.text().replace("&", "").rstrip("…"))
            b.setToolTip(tip)
            b.clicked.connect(lambda _checked=False, a=act: a.trigger())
            row.addWidget(b)
            self.buttons[name] = b
        row.addStretch(1)
        return row

    # -- state -----------------------------------------------------------------------------
    def set_context(self, ctx: AppContext | None) -> None:
        self.ctx = ctx
        if ctx is not None and self._loaded:
            self.reload()
        self.update_actions()

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.reload()

    def focus_list(self) -> None:
        """Keyboard focus where it is useful: the plan, or *Add…* while it is empty."""
        if self.plan:
            self.plan_table.setFocus()
        else:
            self.buttons["add_plan"].setFocus()

    def selected_entry(self) -> PlanEntry | None:
        rows = self.plan_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.plan):
            return None
        return self.plan[rows[0].row()]

    def selected_dose(self) -> AcuteDose | None:
        rows = self.dose_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.doses):
            return None
        return self.doses[rows[0].row()]

    def update_actions(self) -> None:
        ready = self.ctx is not None
        entry = self.selected_entry()
        dose = self.selected_dose()
        running = entry is not None and entry.stopped is None
        for name, act, enabled in (
            ("add_plan", self.add_plan_action, ready),
            ("edit_plan", self.edit_plan_action, entry is not None),
            ("change_dose", self.change_dose_action, entry is not None),
            ("stop", self.stop_action, running),
            ("delete_plan", self.delete_plan_action, entry is not None and not self.writing),
            ("add_dose", self.add_dose_action, ready),
            ("edit_dose", self.edit_dose_action, dose is not None),
            ("delete_dose", self.delete_dose_action, dose is not None and not self.writing),
            ("undo", self.undo_action, bool(self._undo) and not self.writing),
        ):
            act.setEnabled(enabled)
            self.buttons[name].setEnabled(enabled)

    def reload(self, plan_id: str | None = None, dose_id: str | None = None) -> None:
        """Read both lists again, keeping (or setting) the selections."""
        from headache_diary.services import medication

        if self.ctx is None:
            return
        keep_plan = plan_id or (e.id if (e := self.selected_entry()) else None)
        keep_dose = dose_id or (d.id if (d := self.selected_dose()) else None)
        try:
            plan = medication.list_plan(self.ctx)
            self.doses = medication.list_doses(self.ctx, limit=DOSE_LIST_CAP)
            total = medication.count_doses(self.ctx)
        except DiaryError as exc:
            self.status.emit(f"The medication could not be read: {exc}", 0)
            return
        self._loaded = True
        # what is taken now first, then the rest, latest start first
        self.plan = sorted(plan, key=lambda e: (e.stopped is None, e.started), reverse=True)
        today = self._today()
        self._fill(self.plan_table, [plan_row(e, today) for e in self.plan])
        self._fill(self.dose_table, [dose_row(d) for d in self.doses])
        self.plan_stack.setCurrentIndex(0 if self.plan else 1)
        self.dose_stack.setCurrentIndex(0 if self.doses else 1)
        more = total - len(self.doses)
        self.dose_note.setText(
            f"The latest {len(self.doses):,} of {total:,} doses are listed." if more > 0 else ""
        )
        self.dose_note.setVisible(more > 0)
        self._select(self.plan_table, [e.id for e in self.plan], keep_plan)
        self._select(self.dose_table, [d.id for d in self.doses], keep_dose)
        self.update_actions()

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
        table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(r, c, item)

    @staticmethod
    def _select(table: QTableWidget, ids: list[str], wanted: str | None) -> None:
        row = ids.index(wanted) if wanted in ids else (0 if ids else None)
        if row is None:
            table.clearSelection()
            return
        table.setCurrentCell(row, 0)
        table.selectRow(row)

    # -- dialogs -----------------------------------------------------------------------------
    def _open(self, dialog: FormDialog, after: Callable[[Saved], None]) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saving.runner = self.runner

        def accepted() -> None:
            saved: Saved | None = getattr(dialog, "saved", None)
            if saved is not None:
                self._undos().record(saved)
                after(saved)
                self.changed.emit()
                self.status.emit(f"{saved.change.what} — Ctrl+Z on this tab undoes it", 6000)

        dialog.accepted.connect(accepted)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _plan_saved(self, saved: Saved) -> None:
        value = saved.value
        self.reload(plan_id=value.id if isinstance(value, PlanEntry) else None)
        self.plan_table.setFocus()

    def _dose_saved(self, saved: Saved) -> None:
        value = saved.value
        self.reload(dose_id=value.id if isinstance(value, AcuteDose) else None)

    def add_plan_entry(self) -> QDialog | None:
        from headache_diary.ui.plan_editor import PlanEditor

        if self.ctx is None:
            return None
        editor = PlanEditor(self.ctx, None, self.window(), today=self._today)
        return self._open(editor, self._plan_saved)

    def edit_plan_entry(self) -> QDialog | None:
        from headache_diary.ui.plan_editor import PlanEditor

        entry = self.selected_entry()
        if entry is None or self.ctx is None:
            return None
        editor = PlanEditor(self.ctx, entry, self.window(), today=self._today)
        return self._open(editor, self._plan_saved)

    def change_dose(self) -> QDialog | None:
        from headache_diary.ui.plan_editor import ChangeDoseDialog

        entry = self.selected_entry()
        if entry is None or self.ctx is None:
            return None
        dialog = ChangeDoseDialog(self.ctx, entry, self.window(), today=self._today)
        return self._open(dialog, self._plan_saved)

    def stop_plan_entry(self) -> QDialog | None:
        from headache_diary.ui.plan_editor import StopDialog

        entry = self.selected_entry()
        if entry is None or entry.stopped is not None or self.ctx is None:
            return None
        dialog = StopDialog(self.ctx, entry, self.window(), today=self._today)
        return self._open(dialog, self._plan_saved)

    def add_dose(self) -> QDialog | None:
        from headache_diary.ui.dose_editor import DoseEditor

        if self.ctx is None:
            return None
        dialog = DoseEditor(self.ctx, None, self.window(), now=self.now)
        return self._open(dialog, self._dose_saved)

    def edit_dose(self) -> QDialog | None:
        from headache_diary.ui.dose_editor import DoseEditor

        dose = self.selected_dose()
        if dose is None or self.ctx is None:
            return None
        return self._open(DoseEditor(self.ctx, dose, self.window(), now=self.now), self._dose_saved)

    # -- delete and undo ---------------------------------------------------------------------
    def _undos(self) -> MedicationUndo:
        if self._undo is None:
            from headache_diary.services.medication import MedicationUndo

            self._undo = MedicationUndo()
        return self._undo

    def _after(self, saved: Saved | None, table: QTableWidget) -> None:
        if saved is None:
            return
        self._undos().record(saved)
        self.reload()
        self.changed.emit()
        self.status.emit(f"{saved.change.what} — press Ctrl+Z to undo", 8000)
        table.setFocus()

    def _write(
        self, work: Callable[[], T], done: Callable[[T], None], failed_title: str
    ) -> Task | None:
        """A delete or undo on a worker (``ui.writing``); None while another is stored."""
        if self.writing:
            return None

        def failed(exc: DiaryError) -> None:
            QMessageBox.critical(self, failed_title, str(exc))

        return write_while(self.runner, work, self._set_writing, done, failed)

    def _set_writing(self, writing: bool) -> None:
        self.writing = writing
        self.update_actions()

    def delete_plan_entry(self) -> Task | None:
        from headache_diary.services import medication

        entry = self.selected_entry()
        if entry is None or self.ctx is None:
            return None
        ctx, entry_id = self.ctx, entry.id
        return self._write(
            lambda: medication.delete_plan_entry(ctx, entry_id),
            lambda saved: self._after(saved, self.plan_table),
            "Medication not deleted",
        )

    def delete_dose(self) -> Task | None:
        from headache_diary.services import medication

        dose = self.selected_dose()
        if dose is None or self.ctx is None:
            return None
        ctx, dose_id = self.ctx, dose.id
        return self._write(
            lambda: medication.delete_dose(ctx, dose_id),
            lambda saved: self._after(saved, self.dose_table),
            "Dose not deleted",
        )

    def undo(self) -> Task | None:
        """Undo the last change made on this tab, on a worker; the running task or None."""
        if not self._undo or self.ctx is None:
            return None
        ctx, undo = self.ctx, self._undo
        return self._write(lambda: undo.undo(ctx), self._undone, "Change not undone")

    def _undone(self, change: Change | None) -> None:
        self.reload()
        self.changed.emit()
        if change is not None:
            self.status.emit(f"Undone: {change.what.lower()}", 5000)
