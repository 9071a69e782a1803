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
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
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
from headache_diary.i18n import N_, _, ngettext
from headache_diary.ui.record_page import RecordList, RecordPage, RowsModel, hint_label
from headache_diary.ui.tasks import TaskRunner
from headache_diary.ui.theme import mute

if TYPE_CHECKING:
    from headache_diary.services.medication import Change, MedicationUndo, Saved
    from headache_diary.ui.form_dialog import FormDialog

DOSE_LIST_CAP = 1000
# marked for translation: shown with _()
PLAN_EMPTY = N_(
    "No regular medication yet. Add what you take every day — a preventive such as "
    "amitriptyline or topiramate, or a painkiller taken daily — with the day you started."
)
DOSES_EMPTY = N_(
    "No doses outside an episode. Add one when you take something for a headache that you "
    "do not log as an episode (toolbar: Add dose, Ctrl+Shift+D)."
)
K = QKeySequence


def _delete_plan_entry(ctx: AppContext, entry_id: str, undo: MedicationUndo) -> Saved | None:
    from headache_diary.services import medication

    return undo.record(medication.delete_plan_entry(ctx, entry_id))


def _delete_dose(ctx: AppContext, dose_id: str, undo: MedicationUndo) -> Saved | None:
    from headache_diary.services import medication

    return undo.record(medication.delete_dose(ctx, dose_id))


def _deleted(saved: Saved) -> str:
    # Translators: {change} says what was deleted, e.g. "Dose deleted"
    return _("{change} — press Ctrl+Z to undo", change=saved.change.what)


def _list(
    model: RowsModel,
    kind: str,
    accessible: str,
    hint: str,
    stretch: int,
    delete: Callable[[AppContext, str, MedicationUndo], Saved | None],
    not_deleted: str,
) -> RecordList:
    """The list of the plan or of the doses (``kind``); its column ``stretch`` (the
    medication's name) takes the spare width."""
    records = RecordList(
        model,
        f"{kind}Table",
        accessible,
        hint_label(hint, f"{kind}EmptyHint", margin=16),
        delete=delete,
        deleted=_deleted,
        not_deleted=not_deleted,
    )
    header = records.table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    header.setStyleSheet("QHeaderView::section { padding: 2px 10px; }")  # i18n: style
    return records


class MedicationPage(RecordPage):
    undo_failed = N_("Change not undone")

    def __init__(
        self,
        ctx: AppContext | None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(ctx, parent, runner)
        self.setObjectName("MedicationPage")
        self._today = today
        #: the clock of the dose editor (when a dose was taken defaults to now)
        self.now: Callable[[], datetime] = now_utc
        self.plan: list[PlanEntry] = []
        self.doses: list[AcuteDose] = []
        self._loaded = False

        enter = (K(Qt.Key.Key_Return), K(Qt.Key.Key_Enter))
        action = self.action
        self.add_plan_action = action(_("&Add regular medication…"), self.add_plan_entry)
        self.edit_plan_action = action(_("&Edit regular medication…"), self.edit_plan_entry, *enter)
        self.change_dose_action = action(_("&Change dose…"), self.change_dose)
        self.stop_action = action(_("&Stop…"), self.stop_plan_entry)
        self.delete_plan_action = action(
            _("&Delete regular medication"), self.delete_selected, K(Qt.Key.Key_Delete)
        )
        self.add_dose_action = action(_("Add &dose outside an episode…"), self.add_dose)
        self.edit_dose_action = action(_("Ed&it dose…"), self.edit_dose, *enter)
        self.delete_dose_action = action(
            _("Dele&te dose"), lambda: self.delete_selected_in(self.dose_list), K(Qt.Key.Key_Delete)
        )
        self.undo_action = action(
            _("&Undo medication change"), self.undo, K(Qt.Modifier.CTRL | Qt.Key.Key_Z)
        )
        self.addAction(self.undo_action)

        # -- the plan ----------------------------------------------------------------------
        self.plan_model = RowsModel([_(c) for c in PLAN_COLUMNS], self)
        self.plan_list = self.list = _list(
            self.plan_model,
            "plan",
            _("Regular medication"),
            _(PLAN_EMPTY),
            0,
            _delete_plan_entry,
            _("Medication not deleted"),
        )
        self.plan_table, self.plan_stack = self.plan_list.table, self.plan_list.stack
        self.plan_table.doubleClicked.connect(lambda _i: self.edit_plan_entry())
        self.plan_table.addActions([self.edit_plan_action, self.delete_plan_action])
        plan_buttons = self.button_row(
            "medication",
            (
                ("add_plan", _("Add…"), self.add_plan_action, _("Add regular medication")),
                ("edit_plan", _("Edit…"), self.edit_plan_action, _("Correct the selected entry")),
                (
                    "change_dose",
                    _("Change dose…"),
                    self.change_dose_action,
                    _("A new dose from a day"),
                ),
                ("stop", _("Stop…"), self.stop_action, _("The day it was last taken")),
                (
                    "delete_plan",
                    _("Delete"),
                    self.delete_plan_action,
                    _("Delete the selected entry"),
                ),
            ),
        )
        self.plan_list.add_button = self.buttons["add_plan"]
        plan_box = QGroupBox(_("Regular medication (taken every day)"))
        lay = QVBoxLayout(plan_box)
        lay.addLayout(plan_buttons)
        lay.addWidget(self.plan_stack, 1)
        note = QLabel(_(COUNTING_NOTE))
        note.setWordWrap(True)
        mute(note)  # secondary text (ui.theme.mute)
        lay.addWidget(note)

        # -- the doses ---------------------------------------------------------------------
        self.dose_model = RowsModel([_(c) for c in DOSE_COLUMNS], self)
        self.dose_list = _list(
            self.dose_model,
            "dose",
            _("Doses outside an episode"),
            _(DOSES_EMPTY),
            2,
            _delete_dose,
            _("Dose not deleted"),
        )
        self.dose_table, self.dose_stack = self.dose_list.table, self.dose_list.stack
        self.dose_table.doubleClicked.connect(lambda _i: self.edit_dose())
        self.dose_table.addActions([self.edit_dose_action, self.delete_dose_action])
        dose_buttons = self.button_row(
            "medication",
            (
                ("add_dose", _("Add dose…"), self.add_dose_action, _("A dose outside an episode")),
                ("edit_dose", _("Edit…"), self.edit_dose_action, _("Edit the selected dose")),
                (
                    "delete_dose",
                    _("Delete"),
                    self.delete_dose_action,
                    _("Delete the selected dose"),
                ),
            ),
        )
        self.dose_list.add_button = self.buttons["add_dose"]
        self.dose_note = QLabel()
        mute(self.dose_note)  # secondary text (ui.theme.mute)
        dose_box = QGroupBox(_("Doses taken outside an episode (newest first)"))
        lay = QVBoxLayout(dose_box)
        lay.addLayout(dose_buttons)
        lay.addWidget(self.dose_stack, 1)
        lay.addWidget(self.dose_note)

        undo_row = QHBoxLayout()
        self.buttons["undo"] = b = QPushButton(_("Undo last change"))
        b.setObjectName("medication_undo")
        b.setToolTip(_("Undo the last change on this tab (Ctrl+Z)"))
        b.setAccessibleName(self.undo_action.text().replace("&", ""))
        b.clicked.connect(lambda _c=False: self.undo_action.trigger())
        undo_row.addStretch(1)
        undo_row.addWidget(b)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(plan_box, 2)
        outer.addWidget(dose_box, 3)
        outer.addLayout(undo_row)
        for table in (self.plan_table, self.dose_table):
            table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.update_actions()

    # -- state -----------------------------------------------------------------------------
    def new_undo(self) -> MedicationUndo:
        from headache_diary.services.medication import MedicationUndo

        return MedicationUndo()

    def set_context(self, ctx: AppContext | None) -> None:
        self.ctx = ctx
        if ctx is not None and self._loaded:
            self.reload()
        self.update_actions()

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.reload()

    def selected_entry(self) -> PlanEntry | None:
        row = self.plan_list.selected_row()
        return self.plan[row] if row is not None and row < len(self.plan) else None

    def selected_dose(self) -> AcuteDose | None:
        row = self.dose_list.selected_row()
        return self.doses[row] if row is not None and row < len(self.doses) else None

    def update_actions(self) -> None:
        ready = self.ctx is not None
        entry = self.selected_entry()
        dose = self.selected_dose()
        self.enable(
            ("add_plan", self.add_plan_action, ready),
            ("edit_plan", self.edit_plan_action, entry is not None),
            ("change_dose", self.change_dose_action, entry is not None),
            ("stop", self.stop_action, entry is not None and entry.stopped is None),
            ("delete_plan", self.delete_plan_action, entry is not None and not self.writing),
            ("add_dose", self.add_dose_action, ready),
            ("edit_dose", self.edit_dose_action, dose is not None),
            ("delete_dose", self.delete_dose_action, dose is not None and not self.writing),
            ("undo", self.undo_action, self.can_undo),
        )

    def reload(self, plan_id: str | None = None, dose_id: str | None = None) -> None:
        """Read both lists again, keeping (or setting) the selections."""
        from headache_diary.services import medication

        if self.ctx is None:
            return
        keep_plan = plan_id or self.plan_list.selected_id()
        keep_dose = dose_id or self.dose_list.selected_id()
        try:
            plan = medication.list_plan(self.ctx)
            self.doses = medication.list_doses(self.ctx, limit=DOSE_LIST_CAP)
            total = medication.count_doses(self.ctx)
        except DiaryError as exc:
            self.status.emit(_("The medication could not be read: {error}", error=str(exc)), 0)
            return
        self._loaded = True
        # what is taken now first, then the rest, latest start first
        self.plan = sorted(plan, key=lambda e: (e.stopped is None, e.started), reverse=True)
        today = self._today()
        self.plan_model.set_rows([e.id for e in self.plan], [plan_row(e, today) for e in self.plan])
        self.dose_model.set_rows([d.id for d in self.doses], [dose_row(d) for d in self.doses])
        more = total - len(self.doses)
        self.dose_note.setText(
            ngettext(
                "The latest {shown} of {count} dose is listed.",
                "The latest {shown} of {count} doses are listed.",
                total,
                shown=len(self.doses),
            )
            if more > 0
            else ""
        )
        self.dose_note.setVisible(more > 0)
        for records, keep in ((self.plan_list, keep_plan), (self.dose_list, keep_dose)):
            records.show_empty()
            if not records.select(keep):
                records.select_near(0)
        self.update_actions()

    # -- dialogs -----------------------------------------------------------------------------
    def _open(self, dialog: FormDialog, records: RecordList) -> QDialog:
        def saved(done: Saved) -> str:
            cast("MedicationUndo", self.undos()).record(done)
            value = done.value
            if records is self.plan_list:
                self.reload(plan_id=value.id if isinstance(value, PlanEntry) else None)
            else:
                self.reload(dose_id=value.id if isinstance(value, AcuteDose) else None)
            # Translators: {change} says what was saved, e.g. "Dose added"
            return _("{change} — Ctrl+Z on this tab undoes it", change=done.change.what)

        return self.open_editor(dialog, records, saved, 6000)

    def _plan_dialog(
        self, make: Callable[..., FormDialog], entry: PlanEntry | None
    ) -> QDialog | None:
        if self.ctx is None:
            return None
        return self._open(make(self.ctx, entry, self.window(), today=self._today), self.plan_list)

    def add_plan_entry(self) -> QDialog | None:
        from headache_diary.ui.plan_editor import PlanEditor

        return self._plan_dialog(PlanEditor, None)

    def edit_plan_entry(self) -> QDialog | None:
        from headache_diary.ui.plan_editor import PlanEditor

        entry = self.selected_entry()
        return None if entry is None else self._plan_dialog(PlanEditor, entry)

    def change_dose(self) -> QDialog | None:
        from headache_diary.ui.plan_editor import ChangeDoseDialog

        entry = self.selected_entry()
        return None if entry is None else self._plan_dialog(ChangeDoseDialog, entry)

    def stop_plan_entry(self) -> QDialog | None:
        from headache_diary.ui.plan_editor import StopDialog

        entry = self.selected_entry()
        if entry is None or entry.stopped is not None:
            return None
        return self._plan_dialog(StopDialog, entry)

    def add_dose(self) -> QDialog | None:
        from headache_diary.ui.dose_editor import DoseEditor

        if self.ctx is None:
            return None
        dialog = DoseEditor(self.ctx, None, self.window(), now=self.now)
        return self._open(dialog, self.dose_list)

    def edit_dose(self) -> QDialog | None:
        from headache_diary.ui.dose_editor import DoseEditor

        dose = self.selected_dose()
        if dose is None or self.ctx is None:
            return None
        return self._open(DoseEditor(self.ctx, dose, self.window(), now=self.now), self.dose_list)

    # -- delete and undo ---------------------------------------------------------------------
    def undone(self, change: Change | None) -> None:
        self.reload()
        if change is not None:
            # Translators: {change} says what was undone, e.g. "Dose added" (already
            # translated, a whole phrase with its capital letter: keep it as it is)
            self.status.emit(_("Undone: {change}", change=change.what), 5000)
