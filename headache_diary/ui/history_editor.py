"""The history event editor: one dialog, built in code, for a new or an existing event.

What happened (kind, required), when (day, month and year, each optional but the year:
"the year alone is enough"), the side and, for a nerve block, the structure blocked; a
title, the findings or details and the outcome. The rules are the pure
:class:`~headache_diary.domain.history.HistoryForm`; problems show in red at their
field while typing, Save stays disabled while anything is wrong, and nothing is written
until the event is valid. Enter saves (except in the two text boxes), Esc cancels and
asks first when something was entered; Tab walks the fields in order. The dialog fits a
1366x768 screen (``ui.screen.fit_to_screen``, a scroll area for the rest).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from headache_diary import i18n
from headache_diary.context import AppContext
from headache_diary.domain import vocab
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.history import (
    EARLIEST_YEAR,
    KINDS,
    MAX_TITLE,
    SIDES,
    HistoryEvent,
    HistoryForm,
)
from headache_diary.domain.text import upper_first
from headache_diary.services import history
from headache_diary.ui.editor_sections import error_label
from headache_diary.ui.form_dialog import add_save_bar, discard_allowed
from headache_diary.ui.screen import fit_to_screen
from headache_diary.ui.theme import mute
from headache_diary.ui.writing import DialogSave

CHOOSE = "— choose —"
NONE = "—"
_TITLE_HINTS = {
    "headaches_began": "e.g. after a long drive; slowly over weeks",
    "neck_injury": "e.g. rear-end car collision (whiplash)",
    "xray": "e.g. X-ray of the cervical spine",
    "mri": "e.g. MRI of the cervical spine",
    "ct": "e.g. CT of the neck",
    "emg": "e.g. EMG of both arms",
    "nerve_block": "e.g. medial branch block",
    "physiotherapy": "e.g. 6 sessions, neck exercises",
    "manual_therapy": "e.g. mobilisation of the upper neck",
    "medication_change": "e.g. started amitriptyline 10 mg",
    "diagnosis": "e.g. cervicogenic headache, by Dr …",
    "other": "what happened",
}
#: field -> the words used in "To save, check: ..."
_FIELD_NAMES = {"kind": "what happened", "date": "date", "date_precision": "date"}


def _text_box(placeholder: str, name: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # Tab moves on, as everywhere else in the dialog
    box.setFixedHeight(box.fontMetrics().height() * 4 + 14)
    return box


class HistoryEditor(QDialog):
    """Edit ``event`` (or a new one when None). On Save the event is validated and saved
    in one unit of work; ``saved_event`` then holds the stored value."""

    def __init__(
        self,
        ctx: AppContext,
        event: HistoryEvent | None = None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._today = today
        self._base = HistoryForm.of(event) if event is not None else HistoryForm()
        self.saved_event: HistoryEvent | None = None
        self.setWindowTitle("Edit history event" if event else "New history event")
        self.setObjectName("HistoryEditor")
        self._build()
        #: Save on a worker (whoever opens the dialog may give it the window's runner)
        self.saving = DialogSave(self, button=self.save_button)
        self.set_form(self._base)
        self._initial = self.form()
        for signal in (
            self.kind_combo.currentIndexChanged,
            self.day_spin.valueChanged,
            self.month_combo.currentIndexChanged,
            self.year_spin.valueChanged,
            self.side_combo.currentIndexChanged,
            self.structure_edit.textChanged,
            self.title_edit.textChanged,
            self.details_edit.textChanged,
            self.outcome_edit.textChanged,
        ):
            signal.connect(self.revalidate)
        self.revalidate()
        fit_to_screen(self, 640, 500)

    # -- construction ------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        column = QVBoxLayout(body)
        form = QFormLayout()
        column.addLayout(form)
        column.addStretch(1)  # spare height below the fields, never between them
        outer.addWidget(scroll, 1)
        self.messages: dict[str, QLabel] = {}

        def with_message(widget: QWidget | QHBoxLayout, *names: str) -> QVBoxLayout:
            col = QVBoxLayout()
            col.setSpacing(2)
            if isinstance(widget, QHBoxLayout):
                col.addLayout(widget)
            else:
                col.addWidget(widget)
            for name in names:
                self.messages[name] = error_label()
                col.addWidget(self.messages[name])
            return col

        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        self.kind_combo.setAccessibleName("What happened")
        self.kind_combo.addItem(CHOOSE, None)
        for code in KINDS:
            self.kind_combo.addItem(vocab.label(code), code)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        kind_label = QLabel("&What happened")
        kind_label.setBuddy(self.kind_combo)
        form.addRow(kind_label, with_message(self.kind_combo, "kind"))

        self.day_spin = QSpinBox()
        self.day_spin.setObjectName("daySpin")
        self.day_spin.setAccessibleName("Day")
        self.day_spin.setRange(0, 31)
        self.day_spin.setSpecialValueText(f"day {NONE}")
        self.month_combo = QComboBox()
        self.month_combo.setObjectName("monthCombo")
        self.month_combo.setAccessibleName("Month")
        self.month_combo.addItem(f"month {NONE}", None)
        for number, name in enumerate(i18n.month_names("wide"), start=1):
            self.month_combo.addItem(name, number)
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("yearSpin")
        self.year_spin.setAccessibleName("Year")
        # one below the earliest year means "no year"; a few years ahead so that a future
        # year gets its message instead of being silently refused
        self.year_spin.setRange(EARLIEST_YEAR - 1, self._today().year + 5)
        self.year_spin.setSpecialValueText(f"year {NONE}")
        self.year_spin.setGroupSeparatorShown(False)
        date_row = QHBoxLayout()
        for w in (self.day_spin, self.month_combo, self.year_spin):
            date_row.addWidget(w)
        date_row.addStretch(1)
        hint = QLabel("Fill in what you know: the year alone is enough.")
        mute(hint)  # secondary text (ui.theme.mute)
        date_col = with_message(date_row, "date", "date_precision")
        date_col.insertWidget(1, hint)
        date_label = QLabel("W&hen")
        date_label.setBuddy(self.day_spin)
        form.addRow(date_label, date_col)

        self.side_combo = QComboBox()
        self.side_combo.setObjectName("sideCombo")
        self.side_combo.setAccessibleName("Side")
        self.side_combo.addItem(NONE, None)
        for code in SIDES:
            self.side_combo.addItem(vocab.label(code), code)
        self.side_label = QLabel("Si&de")
        self.side_label.setBuddy(self.side_combo)
        form.addRow(self.side_label, with_message(self.side_combo, "side"))

        self.structure_edit = QLineEdit()
        self.structure_edit.setObjectName("structureEdit")
        self.structure_edit.setAccessibleName("Structure blocked")
        self.structure_edit.setPlaceholderText("e.g. C2/3 facet joint, greater occipital nerve")
        self.structure_edit.setMaxLength(MAX_TITLE)
        self.structure_label = QLabel("Structure &blocked")
        self.structure_label.setBuddy(self.structure_edit)
        self.structure_col = with_message(self.structure_edit, "structure")
        form.addRow(self.structure_label, self.structure_col)

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("titleEdit")
        self.title_edit.setAccessibleName("Title")
        self.title_edit.setMaxLength(MAX_TITLE)
        title_label = QLabel("&Title")
        title_label.setBuddy(self.title_edit)
        form.addRow(title_label, with_message(self.title_edit, "title"))

        self.details_edit = _text_box(
            "What was found or done, e.g. the report's conclusion", "detailsEdit"
        )
        self.details_edit.setAccessibleName("Findings or details")
        details_label = QLabel("&Findings / details")
        details_label.setBuddy(self.details_edit)
        form.addRow(details_label, with_message(self.details_edit, "details"))

        self.outcome_edit = _text_box(
            "What changed afterwards, in your words, e.g. 'headache gone for 6 hours'",
            "outcomeEdit",
        )
        self.outcome_edit.setAccessibleName("Outcome")
        outcome_label = QLabel("&Outcome")
        outcome_label.setBuddy(self.outcome_edit)
        form.addRow(outcome_label, with_message(self.outcome_edit, "outcome"))

        bar = add_save_bar(self, outer)
        self.buttons, self.save_button = bar.buttons, bar.save_button
        self.cancel_button, self.summary_label = bar.cancel_button, bar.summary_label

        order = (
            self.kind_combo,
            self.day_spin,
            self.month_combo,
            self.year_spin,
            self.side_combo,
            self.structure_edit,
            self.title_edit,
            self.details_edit,
            self.outcome_edit,
            self.save_button,
            self.cancel_button,
        )
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _kind_changed(self, _index: int) -> None:
        kind = self.kind_combo.currentData()
        block = kind == "nerve_block"
        self.structure_label.setVisible(block)
        self.structure_edit.setVisible(block)
        self.side_combo.setAccessibleName("Side blocked" if block else "Side")
        self.side_label.setText("Si&de blocked" if block else "Si&de")
        self.title_edit.setPlaceholderText(_TITLE_HINTS.get(kind or "", "a few words"))

    # -- form <-> widgets --------------------------------------------------------------
    def form(self) -> HistoryForm:
        year = self.year_spin.value()
        day = self.day_spin.value()
        return dataclasses.replace(
            self._base,
            kind=self.kind_combo.currentData(),
            year=None if year < EARLIEST_YEAR else year,
            month=self.month_combo.currentData(),
            day=day or None,
            side=self.side_combo.currentData(),
            structure=self.structure_edit.text(),
            title=self.title_edit.text(),
            details=self.details_edit.toPlainText(),
            outcome=self.outcome_edit.toPlainText(),
        )

    def set_form(self, form: HistoryForm) -> None:
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(form.kind)))
        self._kind_changed(0)
        self.day_spin.setValue(form.day or 0)
        month = self.month_combo.findData(form.month) if form.month else 0
        self.month_combo.setCurrentIndex(max(0, month))
        self.year_spin.setValue(form.year or self.year_spin.minimum())
        side = self.side_combo.findData(form.side) if form.side else 0
        self.side_combo.setCurrentIndex(max(0, side))
        self.structure_edit.setText(form.structure)
        self.title_edit.setText(form.title)
        self.details_edit.setPlainText(form.details)
        self.outcome_edit.setPlainText(form.outcome)

    # -- validation --------------------------------------------------------------------
    def build_event(self) -> tuple[HistoryEvent | None, dict[str, str]]:
        return self.form().build(self._today())

    def revalidate(self) -> dict[str, str]:
        """Show the current problems next to their fields; Save only when there are none."""
        _event, problems = self.build_event()
        for field, lab in self.messages.items():
            text = problems.get(field, "")
            text = upper_first(text)
            lab.setText(text)
            lab.setVisible(bool(text))
        self.save_button.setEnabled(not problems)
        todo = dict.fromkeys(_FIELD_NAMES.get(f, f) for f in problems)
        self.summary_label.setText(f"To save, check: {', '.join(todo)}" if todo else "")
        return problems

    # -- accept / reject ---------------------------------------------------------------
    def has_changes(self) -> bool:
        return self.form() != self._initial

    def reject(self) -> None:
        """Esc, Cancel or closing the window: ask before throwing entered data away."""
        entered = "What you entered for this event"
        if self.saving.busy:  # storing: it ends in a moment, closing or saying why not
            return
        if self.isVisible() and self.has_changes() and not discard_allowed(self, entered):
            return
        super().reject()

    def discard(self) -> None:
        """Close without saving and without asking."""
        super().reject()

    def accept(self) -> None:
        """Save: refused while anything is wrong; else stored on a worker
        (``ui.writing``), and the dialog closes when it is stored or says why not."""
        if self.saving.busy:
            return
        event, problems = self.build_event()
        self.revalidate()
        if problems or event is None:
            return
        ctx, today = self._ctx, self._today()
        self.saving.start(lambda: history.save_event(ctx, event, today), self._saved, self._failed)

    def _saved(self, event: HistoryEvent) -> None:
        self.saved_event = event
        super().accept()

    def _failed(self, exc: DiaryError) -> None:
        # the entered values stay in the dialog for a retry
        QMessageBox.critical(self, "Event not saved", str(exc))
