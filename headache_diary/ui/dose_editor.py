"""Add or edit a dose taken outside an episode: what (name, optional), its class
(required: the class is what counts as a medication day), when (defaults to now), and
the relief (optional). The rules are domain.medication's DoseForm; problems show at their
field and nothing is saved until they are fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from headache_diary.context import AppContext
from headache_diary.domain import vocab
from headache_diary.domain.medication import DOSE_CLASSES, MAX_NAME, AcuteDose, DoseForm
from headache_diary.domain.timeutil import now_utc, zone_for
from headache_diary.i18n import N_, _, pgettext
from headache_diary.services import medication
from headache_diary.services.medication import Saved
from headache_diary.ui.editor_sections import NOT_RECORDED, datetime_edit, to_qdatetime, wall_of
from headache_diary.ui.form_dialog import FormDialog
from headache_diary.ui.plan_editor import class_combo
from headache_diary.ui.screen import fit_to_screen


class DoseEditor(FormDialog):
    FAILED_TITLE = N_("Dose not saved")
    DISCARD = N_("Close without saving? What you entered for this dose will be lost.")

    def __init__(
        self,
        ctx: AppContext,
        dose: AcuteDose | None = None,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = now_utc,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DoseEditor")
        self.setWindowTitle(_("Edit dose") if dose else _("Dose taken outside an episode"))
        self._ctx = ctx
        self._now = now
        if dose is not None:
            self._base = DoseForm.of(dose)
        else:
            local = now().astimezone(zone_for(ctx.zone)).replace(tzinfo=None, second=0)
            self._base = DoseForm(when=local, time_zone=ctx.zone)

        self.class_combo = class_combo(DOSE_CLASSES)
        self.class_combo.setCurrentIndex(max(0, self.class_combo.findData(self._base.med_class)))
        # Translators: the medication class (triptan, NSAID, ...)
        self.class_combo.setAccessibleName(pgettext("medication", "Class"))
        self.add_row(pgettext("medication", "&Class"), self.class_combo, "med_class")

        self.name_edit = QLineEdit(self._base.name)
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setAccessibleName(_("Medication"))
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_edit.setPlaceholderText(_("e.g. Ibuprofen 400 mg (optional)"))
        self.add_row(pgettext("field", "&Medication"), self.name_edit, "name")

        self.when_edit = datetime_edit()
        self.when_edit.setObjectName("whenEdit")
        self.when_edit.setAccessibleName(_("Taken at"))
        assert self._base.when is not None
        self.when_edit.setDateTime(to_qdatetime(self._base.when))
        self.add_row(_("&Taken at"), self.when_edit, "taken_at")

        self.relief_combo = QComboBox()
        self.relief_combo.setObjectName("reliefCombo")
        self.relief_combo.setAccessibleName(pgettext("medication", "Relief"))
        self.relief_combo.addItem(_(NOT_RECORDED), None)
        for code in vocab.RELIEF:
            self.relief_combo.addItem(vocab.label(code), code)
        self.relief_combo.setCurrentIndex(max(0, self.relief_combo.findData(self._base.relief)))
        self.add_row(pgettext("medication", "&Relief"), self.relief_combo, "relief")
        if self._base.time_zone != ctx.zone:
            self.add_note(
                # Translators: {zone} is a time zone name, e.g. Europe/Berlin
                _("Times are in {zone}, where the dose was recorded.", zone=self._base.time_zone)
            )
        self.add_note(
            _(
                "For a dose taken during a headache, add it to that episode instead. A dose "
                "outside an episode counts as a medication day on the day it was taken."
            )
        )
        for signal in (
            self.class_combo.currentIndexChanged,
            self.name_edit.textChanged,
            self.when_edit.dateTimeChanged,
            self.relief_combo.currentIndexChanged,
        ):
            signal.connect(self.revalidate)
        self.ready()
        fit_to_screen(self, 520, 280)

    def form(self) -> DoseForm:
        return DoseForm(
            name=self.name_edit.text(),
            med_class=self.class_combo.currentData(),
            when=wall_of(self.when_edit),
            time_zone=self._base.time_zone,
            relief=self.relief_combo.currentData(),
            id=self._base.id,
            stored=self._base.stored,
        )

    def values(self) -> object:
        return self.form()

    def problems(self) -> dict[str, str]:
        return self.form().build(self._now())[1]

    def prepare_save(self) -> Callable[[], Saved]:
        ctx, now = self._ctx, self._now()
        dose, _problems = self.form().build(now)
        assert dose is not None
        return lambda: medication.save_dose(ctx, dose, now)
