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
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from headache_diary import i18n
from headache_diary.context import AppContext
from headache_diary.domain import vocab
from headache_diary.domain.history import (
    EARLIEST_YEAR,
    KINDS,
    MAX_TITLE,
    SIDES,
    HistoryEvent,
    HistoryForm,
)
from headache_diary.i18n import N_, _, pgettext
from headache_diary.services import history
from headache_diary.ui.block_section import BlockSection
from headache_diary.ui.form_dialog import FormDialog
from headache_diary.ui.screen import fit_to_screen

CHOOSE = N_("— choose —")
NONE = "—"  # i18n: a dash, "not given"
#: the title field's placeholder for each kind of event (translated where shown)
_TITLE_HINTS = {
    "headaches_began": N_("e.g. after a long drive; slowly over weeks"),
    "neck_injury": N_("e.g. rear-end car collision (whiplash)"),
    "xray": N_("e.g. X-ray of the cervical spine"),
    "mri": N_("e.g. MRI of the cervical spine"),
    "ct": N_("e.g. CT of the neck"),
    "emg": N_("e.g. EMG of both arms"),
    "nerve_block": N_("e.g. medial branch block"),
    "physiotherapy": N_("e.g. 6 sessions, neck exercises"),
    "manual_therapy": N_("e.g. mobilisation of the upper neck"),
    "medication_change": N_("e.g. started amitriptyline 10 mg"),
    "diagnosis": N_("e.g. cervicogenic headache, by Dr …"),
    "other": N_("what happened"),
}


def _text_box(placeholder: str, name: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # Tab moves on, as everywhere else in the dialog
    box.setFixedHeight(box.fontMetrics().height() * 4 + 14)
    return box


class HistoryEditor(FormDialog):
    """Edit ``event`` (or a new one when None). On Save the event is validated and saved
    in one unit of work; ``saved`` then holds the stored value."""

    FIELD_NAMES = {"block": N_("block response")}
    FAILED_TITLE = N_("Event not saved")
    DISCARD = N_("Close without saving? What you entered for this event will be lost.")

    def __init__(
        self,
        ctx: AppContext,
        event: HistoryEvent | None = None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent, scroll=True)
        self._ctx = ctx
        self._today = today
        self._base = HistoryForm.of(event) if event is not None else HistoryForm()
        self.setWindowTitle(_("Edit history event") if event else _("New history event"))
        self.setObjectName("HistoryEditor")
        self._build()
        self.set_form(self._base)
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
            self.block_section.changed,
        ):
            signal.connect(self.revalidate)
        self.ready()
        fit_to_screen(self, 640, 500)

    # -- construction ------------------------------------------------------------------
    def _build(self) -> None:
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        self.kind_combo.setAccessibleName(_("What happened"))
        self.kind_combo.addItem(_(CHOOSE), None)
        for code in KINDS:
            self.kind_combo.addItem(vocab.label(code), code)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.add_row(_("&What happened"), self.kind_combo, "kind")

        self.day_spin = QSpinBox()
        self.day_spin.setObjectName("daySpin")
        self.day_spin.setAccessibleName(pgettext("date field", "Day"))
        self.day_spin.setRange(0, 31)
        # Translators: the day field when no day is given ("—" = not given)
        self.day_spin.setSpecialValueText(_("day —"))
        self.month_combo = QComboBox()
        self.month_combo.setObjectName("monthCombo")
        self.month_combo.setAccessibleName(pgettext("date field", "Month"))
        # Translators: the month list's entry when no month is given ("—" = not given)
        self.month_combo.addItem(_("month —"), None)
        for number, name in enumerate(i18n.month_names("wide"), start=1):
            self.month_combo.addItem(name, number)
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("yearSpin")
        self.year_spin.setAccessibleName(pgettext("date field", "Year"))
        # one below the earliest year means "no year"; a few years ahead so that a future
        # year gets its message instead of being silently refused
        self.year_spin.setRange(EARLIEST_YEAR - 1, self._today().year + 5)
        # Translators: the year field when no year is given ("—" = not given)
        self.year_spin.setSpecialValueText(_("year —"))
        self.year_spin.setGroupSeparatorShown(False)
        date_row = QHBoxLayout()
        for w in (self.day_spin, self.month_combo, self.year_spin):
            date_row.addWidget(w)
        date_row.addStretch(1)
        self.add_row(
            # Translators: the label of the history event's date (day, month, year fields)
            pgettext("history event", "W&hen"),
            date_row,
            "date",
            "date_precision",
            buddy=self.day_spin,
            hint=_("Fill in what you know: the year alone is enough."),
        )

        self.side_combo = QComboBox()
        self.side_combo.setObjectName("sideCombo")
        self.side_combo.setAccessibleName(pgettext("history event", "Side"))
        self.side_combo.addItem(NONE, None)
        for code in SIDES:
            self.side_combo.addItem(vocab.label(code), code)
        self.side_label = self.add_row(_("Si&de"), self.side_combo, "side")

        self.structure_edit = QLineEdit()
        self.structure_edit.setObjectName("structureEdit")
        self.structure_edit.setAccessibleName(_("Structure blocked"))
        self.structure_edit.setPlaceholderText(_("e.g. C2/3 facet joint, greater occipital nerve"))
        self.structure_edit.setMaxLength(MAX_TITLE)
        self.structure_label = self.add_row(
            _("Structure &blocked"), self.structure_edit, "structure"
        )

        # the block sheet (DESIGN.md "Neck workup records"): nerve blocks only
        self.block_section = BlockSection()
        self.block_label = self.add_row(i18n._("Block &response"), self.block_section, "block")

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("titleEdit")
        # Translators: the history event's title (a few words), not a person's title
        self.title_edit.setAccessibleName(pgettext("history event", "Title"))
        self.title_edit.setMaxLength(MAX_TITLE)
        self.add_row(pgettext("history event", "&Title"), self.title_edit, "title")

        self.details_edit = _text_box(
            _("What was found or done, e.g. the report's conclusion"), "detailsEdit"
        )
        self.details_edit.setAccessibleName(_("Findings or details"))
        self.add_row(_("&Findings / details"), self.details_edit, "details")

        self.outcome_edit = _text_box(
            _("What changed afterwards, in your words, e.g. 'headache gone for 6 hours'"),
            "outcomeEdit",
        )
        self.outcome_edit.setAccessibleName(_("Outcome"))
        self.add_row(_("&Outcome"), self.outcome_edit, "outcome")

        order = (
            self.kind_combo,
            self.day_spin,
            self.month_combo,
            self.year_spin,
            self.side_combo,
            self.structure_edit,
            self.block_section,
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
        self.block_label.setVisible(block)
        self.block_section.setVisible(block)
        self.messages["block"].setVisible(block and bool(self.messages["block"].text()))
        self.side_combo.setAccessibleName(
            _("Side blocked") if block else pgettext("history event", "Side")
        )
        self.side_label.setText(_("Si&de blocked") if block else _("Si&de"))
        hint = _TITLE_HINTS.get(kind or "")
        self.title_edit.setPlaceholderText(_(hint) if hint else _("a few words"))
        if block:
            self._widen_to_content()

    def _widen_to_content(self) -> None:
        """As wide as the block's ratings need in this language and font (they appear with
        the kind and scrolled sideways in 640 px), within the screen."""
        area = self.findChild(QScrollArea)
        body = area.widget() if area is not None else None
        if area is None or body is None:
            return
        layout = body.layout()
        if layout is not None:
            layout.activate()
        need = body.minimumSizeHint().width() + 60  # the dialog's margins and a scroll bar
        screen = self.screen().availableGeometry().width() if self.screen() else need
        if need > self.width():
            self.resize(min(need, screen), self.height())

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
            block=self.block_section.block(),
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
        self.block_section.set_block(form.block)

    # -- validation and save -----------------------------------------------------------
    def build_event(self) -> tuple[HistoryEvent | None, dict[str, str]]:
        return self.form().build(self._today())

    def values(self) -> object:
        return self.form()

    def problems(self) -> dict[str, str]:
        found = self.build_event()[1]
        if self.kind_combo.currentData() == "nerve_block":
            found.update(self.block_section.problems())  # a time that cannot be read
        return found

    def placed(self, key: str, message: str) -> tuple[str, str]:
        """A block's problems (``block.ratings[2].pain``) show under the block section."""
        return ("block", message) if key.startswith("block") else (key, message)

    def prepare_save(self) -> Callable[[], HistoryEvent] | None:
        event, _problems = self.build_event()
        if event is None or self.block_section.problems() and event.kind == "nerve_block":
            return None
        ctx, today = self._ctx, self._today()
        return lambda: history.save_event(ctx, event, today)
