"""The history editor's block section: what a headache clinic's block sheet records about a
nerve block (DESIGN.md "Neck workup records"), shown for a ``nerve_block`` event only.

Purpose, target, anaesthetic, control, the pain before the block and the timed pain
ratings after it: the times clinics use (15, 30, 60 min, 2, 4, 6, 8, 24 h) each with a
pain box ("—" = not rated), and any other time typed in ("45 min", "3 h", "2 d"), then how
many hours the relief lasted. :meth:`BlockSection.block` is the NerveBlock entered (None
when nothing is), :meth:`BlockSection.problems` what cannot be read; the rules themselves
are domain.workup's (a duplicate time, pain outside 0-10), shown by the editor.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from headache_diary.domain.workup import (
    CONTROLS,
    MAX_RELIEF_HOURS,
    MAX_TEXT,
    OFFERED_MINUTES,
    PURPOSES,
    BlockRating,
    NerveBlock,
    after_text,
    control_label,
    format_after,
    parse_after,
    purpose_label,
)
from headache_diary.i18n import _
from headache_diary.ui.theme import mute

NOT_RATED = "—"
#: other times a patient can add beside the offered ones
MAX_OTHER_TIMES = 8


def pain_spin(name: str, accessible: str) -> QSpinBox:
    """Pain 0-10, or "—" (not rated: -1)."""
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setAccessibleName(accessible)
    spin.setRange(-1, 10)
    spin.setSpecialValueText(NOT_RATED)
    spin.setValue(-1)
    return spin


def _pain(spin: QSpinBox) -> int | None:
    return None if spin.value() < 0 else spin.value()


class OtherTime(QWidget):
    """One other time after the block ("45 min", "3 h") with its pain, and a remove button."""

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.time_edit = QLineEdit()
        self.time_edit.setObjectName(f"otherTime{number}")
        self.time_edit.setAccessibleName(_("Time after the block"))
        self.time_edit.setPlaceholderText(_("e.g. 45 min, 3 h, 2 d"))
        self.time_edit.setMaximumWidth(self.time_edit.fontMetrics().horizontalAdvance("M" * 12))
        self.pain = pain_spin(f"otherPain{number}", _("Pain at that time"))
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setObjectName(f"removeTime{number}")
        self.remove_button.setAccessibleName(_("Remove this time"))
        self.remove_button.setAutoDefault(False)  # Enter saves the dialog
        row.addWidget(self.time_edit)
        row.addWidget(QLabel(_("pain")))
        row.addWidget(self.pain)
        row.addWidget(self.remove_button)
        row.addStretch(1)


class BlockSection(QWidget):
    """The block sheet's fields (the module's docstring)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BlockSection")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        outer.addLayout(form)

        self.purpose_combo = QComboBox()
        self.purpose_combo.setObjectName("purposeCombo")
        self.purpose_combo.setAccessibleName(_("Purpose of the block"))
        self.purpose_combo.addItem(NOT_RATED, None)
        for code in PURPOSES:
            self.purpose_combo.addItem(purpose_label(code), code)
        self.control_combo = QComboBox()
        self.control_combo.setObjectName("controlCombo")
        self.control_combo.setAccessibleName(_("Control"))
        self.control_combo.setToolTip(
            _(
                "Comparative: a second block on another day with an anaesthetic of another "
                "duration; placebo: a block with saline."
            )
        )
        self.control_combo.addItem(NOT_RATED, None)
        for code in CONTROLS:
            self.control_combo.addItem(control_label(code), code)
        top = QHBoxLayout()
        top.addWidget(self.purpose_combo)
        control_label_widget = QLabel(_("&Control"))
        control_label_widget.setBuddy(self.control_combo)
        top.addWidget(control_label_widget)
        top.addWidget(self.control_combo)
        top.addStretch(1)
        purpose = QLabel(_("&Purpose"))
        purpose.setBuddy(self.purpose_combo)
        form.addRow(purpose, top)

        self.target_edit = QLineEdit()
        self.target_edit.setObjectName("targetEdit")
        self.target_edit.setAccessibleName(_("Target of the block"))
        self.target_edit.setPlaceholderText(_("e.g. third occipital nerve, C2/3 medial branch"))
        self.target_edit.setMaxLength(MAX_TEXT)
        target = QLabel(_("Tar&get"))
        target.setBuddy(self.target_edit)
        form.addRow(target, self.target_edit)

        self.anaesthetic_edit = QLineEdit()
        self.anaesthetic_edit.setObjectName("anaestheticEdit")
        self.anaesthetic_edit.setAccessibleName(_("Anaesthetic"))
        self.anaesthetic_edit.setPlaceholderText(_("e.g. lidocaine 2 %, bupivacaine 0.5 %"))
        self.anaesthetic_edit.setMaxLength(MAX_TEXT)
        anaesthetic = QLabel(_("A&naesthetic"))
        anaesthetic.setBuddy(self.anaesthetic_edit)
        form.addRow(anaesthetic, self.anaesthetic_edit)

        self.before_spin = pain_spin("painBeforeSpin", _("Pain before the block, 0-10"))
        before = QLabel(_("Pain b&efore"))
        before.setBuddy(self.before_spin)
        before_row = QHBoxLayout()
        before_row.addWidget(self.before_spin)
        before_row.addWidget(QLabel(_("of 10, just before the block")))
        before_row.addStretch(1)
        form.addRow(before, before_row)

        heading = QLabel(_("Pain after the block (0-10; — = not rated):"))
        outer.addWidget(heading)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.offered: dict[int, QSpinBox] = {}
        per_row = 4
        for i, minutes in enumerate(OFFERED_MINUTES):
            spin = pain_spin(
                f"pain{minutes}", _("Pain {time} after the block", time=format_after(minutes))
            )
            label = QLabel(format_after(minutes))
            label.setBuddy(spin)
            r, c = divmod(i, per_row)
            grid.addWidget(label, r, 2 * c)
            grid.addWidget(spin, r, 2 * c + 1)
            self.offered[minutes] = spin
        grid.setColumnStretch(2 * per_row, 1)
        outer.addLayout(grid)

        self.others_box = QVBoxLayout()
        outer.addLayout(self.others_box)
        self.others: list[OtherTime] = []
        self._made = 0
        self.add_time_button = QPushButton(_("Add another ti&me"))
        self.add_time_button.setObjectName("addTimeButton")
        self.add_time_button.setAutoDefault(False)  # Enter saves the dialog
        self.add_time_button.clicked.connect(lambda _checked=False: self.add_other_time())
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_time_button)
        add_row.addStretch(1)
        outer.addLayout(add_row)

        self.hours_spin = QDoubleSpinBox()
        self.hours_spin.setObjectName("reliefHoursSpin")
        self.hours_spin.setAccessibleName(_("Hours the relief lasted"))
        self.hours_spin.setDecimals(1)
        self.hours_spin.setRange(-0.5, MAX_RELIEF_HOURS)
        self.hours_spin.setSingleStep(0.5)
        self.hours_spin.setSpecialValueText(NOT_RATED)
        self.hours_spin.setValue(-0.5)
        hours_row = QHBoxLayout()
        hours = QLabel(_("Relief &lasted"))
        hours.setBuddy(self.hours_spin)
        hours_row.addWidget(hours)
        hours_row.addWidget(self.hours_spin)
        hours_row.addWidget(QLabel(_("hours")))
        hours_row.addStretch(1)
        outer.addLayout(hours_row)
        note = QLabel(
            _(
                "As on the clinic's block sheet. The Analysis tab and the PDF show the relief "
                "at each time and how long it was at least 80 %."
            )
        )
        note.setWordWrap(True)
        mute(note)
        outer.addWidget(note)

        for combo in (self.purpose_combo, self.control_combo):
            combo.currentIndexChanged.connect(self.changed)
        for edit in (self.target_edit, self.anaesthetic_edit):
            edit.textChanged.connect(self.changed)
        for spin in (self.before_spin, *self.offered.values()):
            spin.valueChanged.connect(self.changed)
        self.hours_spin.valueChanged.connect(self.changed)

    # -- other times -----------------------------------------------------------------------
    def add_other_time(self, text: str = "", pain: int | None = None) -> OtherTime | None:
        if len(self.others) >= MAX_OTHER_TIMES:
            return None
        self._made += 1
        row = OtherTime(self._made, self)
        row.time_edit.setText(text)
        row.pain.setValue(-1 if pain is None else pain)
        row.time_edit.textChanged.connect(self.changed)
        row.pain.valueChanged.connect(self.changed)
        row.remove_button.clicked.connect(lambda _checked=False, r=row: self.remove_other(r))
        self.others_box.addWidget(row)
        self.others.append(row)
        self.add_time_button.setEnabled(len(self.others) < MAX_OTHER_TIMES)
        self.changed.emit()
        return row

    def remove_other(self, row: OtherTime) -> None:
        self.others.remove(row)
        self.others_box.removeWidget(row)
        row.deleteLater()
        self.add_time_button.setEnabled(True)
        self.changed.emit()

    # -- value -----------------------------------------------------------------------------
    def problems(self) -> dict[str, str]:
        """What cannot be read: an other time that is no time, or one without its pain."""
        out: dict[str, str] = {}
        for row in self.others:
            text = row.time_edit.text().strip()
            if not text and _pain(row.pain) is None:
                continue
            if parse_after(text) is None:
                out["block.ratings"] = _(
                    "{text} is not a time after the block: write e.g. 45 min, 3 h or 2 d.",
                    text=repr(text),
                )
            elif _pain(row.pain) is None:
                out["block.ratings"] = _(
                    "Give the pain {time} after the block, or remove that time.",
                    time=format_after(parse_after(text) or 0),
                )
        return out

    def block(self) -> NerveBlock | None:
        """The block entered (the ratings in time order); None when nothing is."""
        ratings = [
            BlockRating(minutes, pain)
            for minutes, spin in self.offered.items()
            if (pain := _pain(spin)) is not None
        ]
        for row in self.others:
            minutes = parse_after(row.time_edit.text())
            pain = _pain(row.pain)
            if minutes is not None and pain is not None:
                ratings.append(BlockRating(minutes, pain))
        hours = self.hours_spin.value()
        block = NerveBlock(
            purpose=self.purpose_combo.currentData(),
            target=self.target_edit.text(),
            anaesthetic=self.anaesthetic_edit.text(),
            control=self.control_combo.currentData(),
            pain_before=_pain(self.before_spin),
            ratings=tuple(sorted(ratings, key=lambda r: r.after_minutes)),
            relief_hours=None if hours < 0 else (int(hours) if hours.is_integer() else hours),
        )
        return None if block.is_empty else block

    def set_block(self, block: NerveBlock | None) -> None:
        block = block or NerveBlock()
        self.purpose_combo.setCurrentIndex(max(0, self.purpose_combo.findData(block.purpose)))
        self.control_combo.setCurrentIndex(max(0, self.control_combo.findData(block.control)))
        self.target_edit.setText(block.target)
        self.anaesthetic_edit.setText(block.anaesthetic)
        self.before_spin.setValue(-1 if block.pain_before is None else block.pain_before)
        for spin in self.offered.values():
            spin.setValue(-1)
        for row in list(self.others):
            self.remove_other(row)
        for rating in block.ratings:
            offered = self.offered.get(rating.after_minutes)
            if offered is not None and offered.value() < 0:
                offered.setValue(rating.pain)
            else:
                self.add_other_time(after_text(rating.after_minutes), rating.pain)
        hours = block.relief_hours
        self.hours_spin.setValue(-0.5 if hours is None else float(hours))
