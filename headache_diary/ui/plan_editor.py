"""The medication plan's dialogs: add or edit an entry, change its dose from a day, stop it.

The editor says under the class how the entry counts for ICHD-3 8.2: an analgesic class on
every day it covers, whatever it is taken for; a muscle relaxant or "other" only when it
is taken to relieve headache, which the editor then asks (default no: a daily muscle
relaxant for the back is not headache medication); a preventive never.

The rules are domain.medication's (a stop before the start, no class, a start more than a
year ahead...): problems show in red at their field while typing, Save is on only when
nothing is wrong, and nothing is written until then. Every save is one call into
``services.medication``, whose :class:`~headache_diary.services.medication.Saved` the
Medication tab keeps for undo.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from headache_diary import i18n
from headache_diary.context import AppContext
from headache_diary.domain.medication import (
    ANALGESIC_CLASSES,
    FOR_HEADACHE_CLASSES,
    MAX_DOSE,
    MAX_NAME,
    PLAN_CLASSES,
    PREVENTIVE,
    ChangeDoseForm,
    PlanEntry,
    PlanForm,
    StopForm,
)
from headache_diary.i18n import N_, _, pgettext
from headache_diary.services import medication
from headache_diary.services.medication import Saved
from headache_diary.ui.editor_sections import class_help
from headache_diary.ui.form_dialog import FormDialog
from headache_diary.ui.screen import fit_to_screen
from headache_diary.ui.theme import mute

CHOOSE = N_("— choose —")
PREVENTIVE_HELP = N_(
    "Taken every day to prevent headaches (e.g. amitriptyline, topiramate, propranolol); "
    "never counted as a medication day"
)


FOR_HEADACHE_TEXT = N_("taken to relieve headache")
#: what the editor says under the class, by kind of class (translated where shown)
COUNTING = {
    "analgesic": N_(
        "Counts as a medication day on every day from its start to its stop, whatever you "
        "take it for: ICHD-3 8.2 counts drugs that can be taken for headache, and painkillers "
        "taken for something else count too."
    ),
    "asked": N_(
        "Counts as a medication day (ICHD-3 8.2.8, other medication) only when you take it "
        "to relieve headache. Leave it unticked when you take it for something else, e.g. a "
        "muscle relaxant for your back."
    ),
    "preventive": N_("A preventive never counts as a medication day."),
}


def counting_note(med_class: str | None) -> str:
    """How an entry of ``med_class`` counts for ICHD-3 8.2 ("" before a class is chosen)."""
    if med_class in ANALGESIC_CLASSES:
        return _(COUNTING["analgesic"])
    if med_class in FOR_HEADACHE_CLASSES:
        return _(COUNTING["asked"])
    if med_class == PREVENTIVE:
        return _(COUNTING["preventive"])
    return ""


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def date_edit(name: str, value: date) -> QDateEdit:
    edit = QDateEdit(qdate(value))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(i18n.qt_display_format("yMMMd"))
    edit.setMinimumDate(QDate(1900, 1, 1))
    return edit


def py_date(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def class_combo(classes: tuple[str, ...], name: str = "classCombo") -> QComboBox:
    """Classes with what each means as a tooltip; "— choose —" first (no class yet)."""
    from headache_diary.domain import vocab

    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(pgettext("medication", "Class"))
    combo.addItem(_(CHOOSE), None)
    for code in classes:
        label = vocab.label(code)
        if code == PREVENTIVE:
            label = _("Preventive (daily, to prevent headaches)")
        combo.addItem(label, code)
        help_text = _(PREVENTIVE_HELP) if code == PREVENTIVE else class_help(code)
        if help_text:
            combo.setItemData(combo.count() - 1, help_text, Qt.ItemDataRole.ToolTipRole)
    return combo


class PlanEditor(FormDialog):
    """Add a plan entry (``entry`` None) or edit one (a correction: to record a new dose
    from a day, use :class:`ChangeDoseDialog`)."""

    FAILED_TITLE = N_("Medication not saved")
    DISCARD = N_("Close without saving? What you entered for this medication will be lost.")

    def __init__(
        self,
        ctx: AppContext,
        entry: PlanEntry | None = None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PlanEditor")
        self.setWindowTitle(_("Edit regular medication") if entry else _("Add regular medication"))
        self._ctx = ctx
        self._today = today
        self._base = PlanForm.of(entry) if entry else PlanForm(started=today())

        self.name_edit = QLineEdit(self._base.name)
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setAccessibleName(_("Medication"))
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_edit.setPlaceholderText(_("e.g. Amitriptyline"))
        self.add_row(pgettext("field", "&Medication"), self.name_edit, "name")

        self.class_combo = class_combo(PLAN_CLASSES)
        self.class_combo.setCurrentIndex(max(0, self.class_combo.findData(self._base.med_class)))
        # how the class counts for ICHD-3 8.2, said under it
        self.counting_label = QLabel()
        self.counting_label.setObjectName("countingLabel")
        self.counting_label.setWordWrap(True)
        mute(self.counting_label)
        class_box = QVBoxLayout()
        class_box.setSpacing(2)
        class_box.addWidget(self.class_combo)
        class_box.addWidget(self.counting_label)
        self.add_row(
            pgettext("medication", "&Class"), class_box, "med_class", buddy=self.class_combo
        )

        # asked only of a muscle relaxant or "other" (default no)
        self.for_headache_check = QCheckBox(_(FOR_HEADACHE_TEXT))
        self.for_headache_check.setObjectName("forHeadacheCheck")
        self.for_headache_check.setAccessibleName(_("Taken to relieve headache?"))
        self.for_headache_check.setAccessibleDescription(_(COUNTING["asked"]))
        self.for_headache_check.setChecked(self._base.for_headache)
        self.for_headache_label = self.add_row(
            _("For &headache?"), self.for_headache_check, "for_headache"
        )

        self.dose_edit = QLineEdit(self._base.dose)
        self.dose_edit.setObjectName("doseEdit")
        self.dose_edit.setAccessibleName(_("Dose"))
        self.dose_edit.setMaxLength(MAX_DOSE)
        self.dose_edit.setPlaceholderText(_("e.g. 10 mg at night"))
        self.add_row(_("&Dose"), self.dose_edit, "dose")

        self.start_edit = date_edit("startEdit", self._base.started or today())
        self.start_edit.setAccessibleName(_("Started on"))
        self.add_row(_("&Started on"), self.start_edit, "started")

        # Translators: a check box followed by a date field ("stopped; last taken on 3 Mar")
        self.stopped_check = QCheckBox(_("stopped; last taken on"))
        self.stopped_check.setObjectName("stoppedCheck")
        self.stopped_check.setAccessibleName(_("Stopped"))
        self.stop_edit = date_edit("stopEdit", self._base.stopped or today())
        self.stop_edit.setAccessibleName(_("Last taken on"))
        self.stopped_check.setChecked(self._base.stopped is not None)
        row = QHBoxLayout()
        row.addWidget(self.stopped_check)
        row.addWidget(self.stop_edit)
        row.addStretch(1)
        self.add_row(_("&Until"), row, "stopped", buddy=self.stopped_check)
        self.add_note(
            # Translators: 'stopped' is the check box above; 'Change dose…' is the button
            # of the medication list
            _(
                "Leave 'stopped' unticked while you still take it. A new dose from a certain "
                "day is recorded with 'Change dose…' in the list, so the record keeps what "
                "was taken when."
            )
        )

        for signal in (
            self.name_edit.textChanged,
            self.class_combo.currentIndexChanged,
            self.dose_edit.textChanged,
            self.start_edit.dateChanged,
            self.stop_edit.dateChanged,
            self.stopped_check.toggled,
            self.for_headache_check.toggled,
        ):
            signal.connect(self.revalidate)
        self.stopped_check.toggled.connect(self.stop_edit.setEnabled)
        self.stop_edit.setEnabled(self.stopped_check.isChecked())
        self.class_combo.currentIndexChanged.connect(self._class_changed)
        self._class_changed()
        self.ready()
        fit_to_screen(self, 560, 390)

    def _class_changed(self, _index: int = 0) -> None:
        """Ask "taken to relieve headache?" only of the classes it matters for, and say
        under the class how the entry counts."""
        cls = self.class_combo.currentData()
        asked = cls in FOR_HEADACHE_CLASSES
        self.for_headache_check.setVisible(asked)
        self.for_headache_label.setVisible(asked)
        note = counting_note(cls)
        self.counting_label.setText(note)
        self.counting_label.setVisible(bool(note))

    def form(self) -> PlanForm:
        return PlanForm(
            name=self.name_edit.text(),
            med_class=self.class_combo.currentData(),
            dose=self.dose_edit.text(),
            started=py_date(self.start_edit),
            stopped=py_date(self.stop_edit) if self.stopped_check.isChecked() else None,
            id=self._base.id,
            for_headache=self.for_headache_check.isChecked(),
        )

    def values(self) -> object:
        form = self.form()
        if form.med_class not in FOR_HEADACHE_CLASSES:  # not asked: not a change
            form = dataclasses.replace(form, for_headache=False)
        return form

    def problems(self) -> dict[str, str]:
        return self.form().build(self._today())[1]

    def prepare_save(self) -> Callable[[], Saved]:
        ctx, today = self._ctx, self._today()
        entry, _problems = self.form().build(today)
        assert entry is not None
        return lambda: medication.save_plan_entry(ctx, entry, today)


class ChangeDoseDialog(FormDialog):
    """A new dose from a day: the entry stops the day before, a new one starts that day."""

    FIELD_NAMES = {"dose": N_("new dose")}
    FAILED_TITLE = N_("Dose not changed")

    def __init__(
        self,
        ctx: AppContext,
        entry: PlanEntry,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ChangeDoseDialog")
        # Translators: {name} is the medication's name as the patient wrote it
        self.setWindowTitle(_("Change the dose of {name}", name=entry.name))
        self._ctx = ctx
        self._entry = entry
        self._today = today
        if entry.dose:
            note = _("Now: {dose}, since {date}.", dose=entry.dose, date=entry.started)
        else:
            note = _("Now: no dose entered, since {date}.", date=entry.started)
        self.add_note(note)
        self.dose_edit = QLineEdit(entry.dose)
        self.dose_edit.setObjectName("newDoseEdit")
        self.dose_edit.setAccessibleName(_("New dose"))
        self.dose_edit.setMaxLength(MAX_DOSE)
        self.add_row(_("&New dose"), self.dose_edit, "dose")
        first = max(today(), entry.started + timedelta(days=1))
        self.from_edit = date_edit("fromEdit", first)
        # Translators: the first day of the new dose
        self.from_edit.setAccessibleName(pgettext("new dose", "From"))
        self.add_row(pgettext("new dose", "&From"), self.from_edit, "from_day")
        for signal in (self.dose_edit.textChanged, self.from_edit.dateChanged):
            signal.connect(self.revalidate)
        self.ready()
        fit_to_screen(self, 480, 200)

    def form(self) -> ChangeDoseForm:
        return ChangeDoseForm(self._entry, self.dose_edit.text(), py_date(self.from_edit))

    def values(self) -> object:
        return (self.dose_edit.text(), py_date(self.from_edit))

    def problems(self) -> dict[str, str]:
        return self.form().build(self._today())[1]

    def prepare_save(self) -> Callable[[], Saved]:
        ctx, entry_id, today = self._ctx, self._entry.id, self._today()
        dose, day = self.dose_edit.text(), py_date(self.from_edit)
        return lambda: medication.change_dose(ctx, entry_id, dose, day, today)


class StopDialog(FormDialog):
    """The medication was last taken on a day."""

    FIELD_NAMES = {"stopped": N_("last day")}
    FAILED_TITLE = N_("Medication not stopped")

    def __init__(
        self,
        ctx: AppContext,
        entry: PlanEntry,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("StopDialog")
        # Translators: {name} is the medication's name as the patient wrote it
        self.setWindowTitle(_("Stop {name}", name=entry.name))
        self._ctx = ctx
        self._entry = entry
        self._today = today
        self.add_note(_("Taken since {date}.", date=entry.started))
        self.last_edit = date_edit("lastEdit", max(today(), entry.started))
        self.last_edit.setAccessibleName(_("Last taken on"))
        self.add_row(_("&Last taken on"), self.last_edit, "stopped")
        self.last_edit.dateChanged.connect(self.revalidate)
        self.ready()
        fit_to_screen(self, 420, 180)

    def values(self) -> object:
        return py_date(self.last_edit)

    def problems(self) -> dict[str, str]:
        return StopForm(self._entry, py_date(self.last_edit)).build(self._today())[1]

    def prepare_save(self) -> Callable[[], Saved]:
        ctx, entry_id, today = self._ctx, self._entry.id, self._today()
        last = py_date(self.last_edit)
        return lambda: medication.stop_plan_entry(ctx, entry_id, last, today)
