"""Add or edit a score copied from a clinic's form: the instrument (NDI, HIT-6, MIDAS or
another, named score), the date of the form, the total as typed and a note. The rules are
domain.workup's ScoreForm; problems show at their field and nothing is saved until they are
fixed. The dialog says that the app ships no questionnaire text: their licences restrict
it, so the patient copies the total from the clinic's form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from headache_diary import i18n
from headache_diary.context import AppContext
from headache_diary.domain.workup import (
    INSTRUMENTS,
    MAX_NOTE,
    MAX_TEXT,
    Score,
    ScoreForm,
    instrument_label,
    ndi_percent,
    parse_total,
    range_text,
    score_title,
)
from headache_diary.i18n import N_, _
from headache_diary.services import scores
from headache_diary.services.scores import SavedScore
from headache_diary.ui.form_dialog import FormDialog
from headache_diary.ui.plan_editor import date_edit, py_date
from headache_diary.ui.screen import fit_to_screen


def licence_note() -> str:
    return _(
        "The app ships no questionnaire text: the licences of the NDI, HIT-6 and MIDAS "
        "restrict it. Fill in the form your clinic gives you and copy its total here."
    )


class ScoreEditor(FormDialog):
    FAILED_TITLE = N_("Score not saved")
    DISCARD = N_("Close without saving? What you entered for this score will be lost.")
    FIELD_NAMES = {
        "instrument": N_("score"),
        "total": N_("total"),
        "name": N_("name"),
        "note": N_("note"),
    }

    def __init__(
        self,
        ctx: AppContext,
        score: Score | None = None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ScoreEditor")
        self.setWindowTitle(_("Edit score") if score else _("New score"))
        self._ctx = ctx
        self._today = today
        self._base = ScoreForm.of(score) if score is not None else ScoreForm(date=today())

        self.instrument_combo = QComboBox()
        self.instrument_combo.setObjectName("instrumentCombo")
        self.instrument_combo.setAccessibleName(_("Score"))
        for code in INSTRUMENTS:
            self.instrument_combo.addItem(instrument_label(code), code)
        self.instrument_combo.setCurrentIndex(
            max(0, self.instrument_combo.findData(self._base.instrument))
        )
        self.add_row(_("&Score"), self.instrument_combo, "instrument")

        self.name_edit = QLineEdit(self._base.name)
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setAccessibleName(_("Name of the score"))
        self.name_edit.setPlaceholderText(_("e.g. Pain Catastrophizing Scale"))
        self.name_edit.setMaxLength(MAX_TEXT)
        self.name_label = self.add_row(_("&Name"), self.name_edit, "name")

        self.date_edit = date_edit("dateEdit", self._base.date or today())
        self.date_edit.setAccessibleName(_("Date of the form"))
        self.add_row(_("&Date"), self.date_edit, "date")

        self.total_edit = QLineEdit(self._base.total)
        self.total_edit.setObjectName("totalEdit")
        self.total_edit.setAccessibleName(_("Total"))
        self.total_label = self.add_row(_("&Total"), self.total_edit, "total")
        self.total_hint = QLabel()
        self.total_hint.setObjectName("totalHint")
        self.total_hint.setWordWrap(True)
        self.add_row("", self.total_hint)

        self.note_edit = QLineEdit(self._base.note)
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setAccessibleName(_("Note"))
        self.note_edit.setMaxLength(MAX_NOTE)
        self.note_edit.setPlaceholderText(_("e.g. at the pain clinic, before physiotherapy"))
        self.add_row(_("N&ote"), self.note_edit, "note")

        self.licence_label = self.add_note(licence_note())
        self.licence_label.setObjectName("licenceNote")
        for signal in (
            self.instrument_combo.currentIndexChanged,
            self.name_edit.textChanged,
            self.date_edit.dateChanged,
            self.total_edit.textChanged,
            self.note_edit.textChanged,
        ):
            signal.connect(self.revalidate)
        self.instrument_combo.currentIndexChanged.connect(self._instrument_changed)
        self.total_edit.textChanged.connect(self._show_hint)
        self._instrument_changed()
        self.ready()
        self.total_edit.setFocus()
        fit_to_screen(self, 560, 340)

    def _instrument_changed(self, _index: int = 0) -> None:
        other = self.instrument_combo.currentData() == "other"
        self.name_label.setVisible(other)
        self.name_edit.setVisible(other)
        self._show_hint()

    def _show_hint(self) -> None:
        """The instrument's range, and the NDI as a percentage once a total is typed."""
        code = self.instrument_combo.currentData()
        text = _("{score} totals: {range}.", score=score_title(code, ""), range=range_text(code))
        total = parse_total(self.total_edit.text())
        if code == "ndi" and total is not None and 0 <= total <= 50:
            percent = i18n.format_percent(ndi_percent(total))
            text += "\n" + _("As a percentage: {percent}.", percent=percent)
        self.total_hint.setText(text)

    def form(self) -> ScoreForm:
        return ScoreForm(
            instrument=self.instrument_combo.currentData(),
            date=py_date(self.date_edit),
            total=self.total_edit.text(),
            name=self.name_edit.text(),
            note=self.note_edit.text(),
            id=self._base.id,
        )

    def values(self) -> object:
        return self.form()

    def problems(self) -> dict[str, str]:
        return self.form().build(self._today())[1]

    def prepare_save(self) -> Callable[[], SavedScore]:
        ctx, today = self._ctx, self._today()
        score, _problems = self.form().build(today)
        assert score is not None
        return lambda: scores.save_score(ctx, score, today)
