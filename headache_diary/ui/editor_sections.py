"""The episode editor's sections: each a widget with ``value()``, ``set_value()`` and a
``changed`` signal, and a message label per field it shows problems for.

The sections hold no rules: the dialog turns their values into an
:class:`~headache_diary.domain.episode_form.EpisodeForm`, and the form says what is wrong.

(One module of about 640 lines for the nine sections: they are small, share the helpers
at the top and are read together with the dialog.)

Date-time fields are kept in UTC spec so Qt never shifts a wall time across the computer's
own DST changes; they show naive wall-clock times and the zone is applied by the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone, Signal
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from headache_diary import i18n
from headache_diary.domain import vocab
from headache_diary.domain.episode_form import EndMode, MedicationForm
from headache_diary.i18n import N_, _, pgettext
from headache_diary.ui.theme import error_style, mute

_UTC = QTimeZone.utc()
#: checked toggle buttons (side, intensity) must be obvious at a glance
_TOGGLE_STYLE = (
    "QPushButton:checked { background-color: #2f6f8f; color: white; font-weight: bold;"
    " border: 1px solid #1d4a60; border-radius: 3px; }"
)
#: the first entry of a list whose answer is optional (translated where shown)
NOT_RECORDED = N_("— not recorded —")
#: what a class means where it is easy to file a medication wrongly (ICHD-3 8.2.3, 8.2.5);
#: translated where shown
CLASS_HELP = {
    "simple_analgesic": N_("Paracetamol (acetaminophen), aspirin"),
    "nsaid": N_("Ibuprofen, naproxen, diclofenac, other NSAIDs"),
    "combination": N_(
        "Drugs of two or more classes in one product (e.g. paracetamol and codeine) or with "
        "caffeine; paracetamol with aspirin alone is not a combination"
    ),
}


def class_help(code: str) -> str:
    """What medication class ``code`` covers, in the current language ("" for none)."""
    return _(CLASS_HELP[code]) if code in CLASS_HELP else ""


def button(text: str, checkable: bool = False) -> QPushButton:
    """A push button that Enter does not press (Enter belongs to Save)."""
    b = QPushButton(text)
    b.setAutoDefault(False)
    b.setDefault(False)
    b.setCheckable(checkable)
    if checkable:
        b.setStyleSheet(_TOGGLE_STYLE)
    return b


def to_qdatetime(wall: datetime) -> QDateTime:
    return QDateTime(
        QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute, wall.second), _UTC
    )


def wall_of(edit: QDateTimeEdit) -> datetime:
    """The naive wall-clock time shown in ``edit`` (to the minute)."""
    d, t = edit.date(), edit.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def datetime_edit() -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setTimeZone(_UTC)
    edit.setDisplayFormat(i18n.qt_display_format("yMMMEd", with_time=True))
    edit.setCalendarPopup(True)
    edit.setMinimumDateTime(QDateTime(QDate(1900, 1, 1), QTime(0, 0), _UTC))
    return edit


def code_combo(codes: tuple[str, ...]) -> QComboBox:
    combo = QComboBox()
    combo.addItem(_(NOT_RECORDED), None)
    for code in codes:
        combo.addItem(vocab.label(code), code)
    return combo


def plain(text: str) -> str:
    """A label's text without its accelerator mark (``&Character`` -> ``Character``), as
    the accessible name of the field it labels."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def set_combo(combo: QComboBox, code: str | None) -> None:
    idx = combo.findData(code) if code is not None else 0
    combo.setCurrentIndex(max(idx, 0))


def error_label() -> QLabel:
    lab = QLabel()
    lab.setStyleSheet(error_style())  # readable in the light and the dark palette
    lab.setWordWrap(True)
    lab.setVisible(False)
    return lab


class Section(QGroupBox):
    """A titled group of fields; ``messages`` maps field names to their problem labels."""

    changed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.messages: dict[str, QLabel] = {}

    def _message(self, name: str) -> QLabel:
        lab = self.messages[name] = error_label()
        return lab

    def _emit(self, *_args: object) -> None:
        self.changed.emit()


class SideSection(Section):
    """Left / right / both / unsure, required, no default (a guess would distort the
    statistics the diary exists for)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Which side? (required)"), parent)
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QPushButton] = {}
        for code in vocab.SIDES:
            b = button(vocab.label(code), checkable=True)
            b.setMinimumHeight(44)
            b.setObjectName(f"side_{code}")
            f = b.font()
            f.setPointSizeF(f.pointSizeF() * 1.2)
            b.setFont(f)
            self.group.addButton(b)
            self.buttons[code] = b
            row.addWidget(b)
        lay.addLayout(row)
        lay.addWidget(self._message("side"))
        self.group.buttonToggled.connect(self._emit)

    def value(self) -> str:
        return next((code for code, b in self.buttons.items() if b.isChecked()), "")

    def set_value(self, side: str) -> None:
        if side in self.buttons:
            self.buttons[side].setChecked(True)


@dataclass(frozen=True)
class WhenValue:
    start: datetime
    end_mode: EndMode
    end: datetime
    duration_minutes: int
    second_occurrence: bool


class WhenSection(Section):
    """Start, and how it ended: still ongoing, an end time, or how long it lasted."""

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        """``now()`` returns the current wall time in the episode's zone (Now button)."""
        # Translators: the title of the episode editor's section with start and end
        super().__init__(pgettext("episode editor", "When"), parent)
        self._now = now
        form = QFormLayout(self)
        self.start_edit = datetime_edit()
        self.start_edit.setAccessibleName(_("Start date and time"))
        # Translators: a button beside the start time: sets it to the current time
        self.now_button = button(pgettext("start time", "Now"))
        self.now_button.setToolTip(_("Set the start to the current time"))
        self.now_button.setAccessibleName(_("Start now"))
        self.now_button.setAccessibleDescription(_("Set the start to the current time"))
        self.now_button.clicked.connect(self._start_now)
        start_col = QVBoxLayout()
        line = QHBoxLayout()
        line.addWidget(self.start_edit)
        line.addWidget(self.now_button)
        line.addStretch(1)
        start_col.addLayout(line)
        start_col.addWidget(self._message("started_at"))
        form.addRow(_("Started"), start_col)

        grid = QGridLayout()
        self.end_group = QButtonGroup(self)
        self.ongoing_radio = QRadioButton(_("Still ongoing"))
        self.end_at_radio = QRadioButton(_("Ended at"))
        # Translators: a choice, followed by hours and minutes fields ("Lasted 2 h 30 min")
        self.duration_radio = QRadioButton(_("Lasted"))
        for r in (self.ongoing_radio, self.end_at_radio, self.duration_radio):
            self.end_group.addButton(r)
        self.end_edit = datetime_edit()
        self.end_edit.setAccessibleName(_("End date and time"))
        self.hours_spin = QSpinBox()
        self.hours_spin.setRange(0, 999)
        # Translators: the unit after the hours field, with its leading space
        self.hours_spin.setSuffix(pgettext("hours suffix", " h"))
        self.hours_spin.setAccessibleName(_("Hours it lasted"))
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setRange(0, 59)
        # Translators: the unit after the minutes field, with its leading space
        self.minutes_spin.setSuffix(pgettext("minutes suffix", " min"))
        self.minutes_spin.setSingleStep(5)
        self.minutes_spin.setAccessibleName(_("Minutes it lasted"))
        dur = QHBoxLayout()
        dur.addWidget(self.hours_spin)
        dur.addWidget(self.minutes_spin)
        dur.addStretch(1)
        grid.addWidget(self.ongoing_radio, 0, 0)
        grid.addWidget(self.end_at_radio, 1, 0)
        grid.addWidget(self.end_edit, 1, 1)
        grid.addWidget(self.duration_radio, 2, 0)
        grid.addLayout(dur, 2, 1)
        grid.setColumnStretch(2, 1)
        grid.addWidget(self._message("ended_at"), 3, 0, 1, 3)
        form.addRow(_("Ended"), grid)
        # shown only when a time falls in the hour the clocks went back, which happens twice
        self.second_time_check = QCheckBox(
            _("The time is the second one of the repeated hour (after the clocks went back)")
        )
        self.second_time_check.setVisible(False)
        form.addRow(self.second_time_check)
        form.addRow(self._message("time_zone"))

        self.ongoing_radio.setChecked(True)
        # changing an end value chooses that way of giving the end
        self.end_edit.dateTimeChanged.connect(lambda *_: self.end_at_radio.setChecked(True))
        self.hours_spin.valueChanged.connect(lambda *_: self.duration_radio.setChecked(True))
        self.minutes_spin.valueChanged.connect(lambda *_: self.duration_radio.setChecked(True))
        # choosing the other way of giving the end carries over what was given (clicks only:
        # a form being shown is left as it is)
        self.duration_radio.clicked.connect(self._length_from_end)
        self.end_at_radio.clicked.connect(self._end_from_length)
        for sig in (
            self.start_edit.dateTimeChanged,
            self.end_edit.dateTimeChanged,
            self.hours_spin.valueChanged,
            self.minutes_spin.valueChanged,
            self.end_group.buttonToggled,
            self.second_time_check.toggled,
        ):
            sig.connect(self._emit)

    def _start_now(self) -> None:
        self.start_edit.setDateTime(to_qdatetime(self._now()))

    def _length_from_end(self) -> None:
        """ "Lasted" chosen with no length yet: the length from the start to the end shown
        (wall times; the form computes the end from the elapsed minutes)."""
        if self.hours_spin.value() or self.minutes_spin.value():
            return
        minutes = int((wall_of(self.end_edit) - wall_of(self.start_edit)).total_seconds()) // 60
        if minutes > 0:
            self.hours_spin.setValue(min(minutes // 60, self.hours_spin.maximum()))
            self.minutes_spin.setValue(minutes % 60)
            self.duration_radio.setChecked(True)

    def _end_from_length(self) -> None:
        """ "Ended at" chosen while the end shown is not after the start: the start plus
        the length given, if any."""
        start = wall_of(self.start_edit)
        minutes = self.hours_spin.value() * 60 + self.minutes_spin.value()
        if minutes > 0 and wall_of(self.end_edit) <= start:
            self.end_edit.setDateTime(to_qdatetime(start + timedelta(minutes=minutes)))

    def value(self) -> WhenValue:
        mode: EndMode = "ongoing"
        if self.end_at_radio.isChecked():
            mode = "end"
        elif self.duration_radio.isChecked():
            mode = "duration"
        return WhenValue(
            wall_of(self.start_edit),
            mode,
            wall_of(self.end_edit),
            self.hours_spin.value() * 60 + self.minutes_spin.value(),
            self.second_time_check.isChecked(),
        )

    def set_value(self, v: WhenValue) -> None:
        self.start_edit.setDateTime(to_qdatetime(v.start))
        minutes = v.duration_minutes
        self.hours_spin.setValue(min(minutes // 60, self.hours_spin.maximum()))
        self.minutes_spin.setValue(minutes % 60)
        self.end_edit.setDateTime(to_qdatetime(v.end))
        self.second_time_check.setChecked(v.second_occurrence)
        radio = {"ongoing": self.ongoing_radio, "end": self.end_at_radio}
        radio.get(v.end_mode, self.duration_radio).setChecked(True)

    def show_repeated_choice(self, shown: bool) -> None:
        self.second_time_check.setVisible(shown)


class IntensitySection(Section):
    """Peak intensity 0-10, or not recorded (the default)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Peak intensity (0 = no pain, 10 = worst imaginable)"), parent)
        self.setAccessibleName(_("Peak intensity"))
        self.setAccessibleDescription(
            _(
                "A scale from 0 (no pain) to 10 (the worst pain imaginable); choose one "
                "button, or leave it not recorded."
            )
        )
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        row.setSpacing(3)
        self.group = QButtonGroup(self)
        self.buttons: dict[int | None, QPushButton] = {}
        for value in (None, *range(11)):
            b = button(
                pgettext("intensity", "not recorded") if value is None else str(value),
                checkable=True,
            )
            b.setMinimumHeight(34)
            if value is not None:
                b.setMinimumWidth(34)
                b.setMaximumWidth(48)
                # Translators: the accessible name of a button of the 0-10 intensity scale
                b.setAccessibleName(_("Intensity {value} of 10", value=value))
            else:
                b.setAccessibleName(
                    _("Intensity not recorded")
                )  # wide enough for its label in bold, as it is shown when chosen
                bold = b.font()
                bold.setBold(True)
                b.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(b.text()) + 20)
            self.group.addButton(b)
            self.buttons[value] = b
            row.addWidget(b)
        row.addStretch(1)
        self.buttons[None].setChecked(True)
        lay.addLayout(row)
        lay.addWidget(self._message("intensity"))
        self.group.buttonToggled.connect(self._emit)

    def value(self) -> int | None:
        return next((v for v, b in self.buttons.items() if b.isChecked()), None)

    def set_value(self, intensity: int | None) -> None:
        self.buttons.get(intensity, self.buttons[None]).setChecked(True)


class CodeChecks(QWidget):
    """A grid of check boxes, one per code; ``value()`` in vocabulary order."""

    toggled = Signal()

    def __init__(self, codes: tuple[str, ...], columns: int, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.checks: dict[str, QCheckBox] = {}
        for code in codes:
            cb = QCheckBox(vocab.label(code))
            cb.toggled.connect(lambda *_: self.toggled.emit())
            self.checks[code] = cb
        columns = self.columns_that_fit(columns)
        for i, cb in enumerate(self.checks.values()):
            grid.addWidget(cb, i // columns, i % columns)

    def columns_that_fit(self, wanted: int) -> int:
        """``wanted`` columns, or fewer when the longest label would make the grid wider
        than most of the screen (German labels at 150 % font: the editor scrolled
        sideways): the same grid in every language, as wide as the screen allows."""
        screen = QGuiApplication.primaryScreen()
        if screen is None or not self.checks:
            return wanted
        widest = max(cb.sizeHint().width() for cb in self.checks.values())
        room = int(screen.availableGeometry().width() * 0.8)
        return max(1, min(wanted, room // (widest + 12)))

    def value(self) -> tuple[str, ...]:
        return tuple(c for c, cb in self.checks.items() if cb.isChecked())

    def set_value(self, codes: tuple[str, ...] | list[str]) -> None:
        for code, cb in self.checks.items():
            cb.setChecked(code in codes)


class NeckSection(Section):
    """What the neck was doing: the mechanical triggers and the position at onset."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Neck: what brought it on?"), parent)
        lay = QVBoxLayout(self)
        self.triggers = CodeChecks(vocab.MECHANICAL_TRIGGERS, len(vocab.MECHANICAL_TRIGGERS))
        lay.addWidget(self.triggers)
        pos = QHBoxLayout()
        label = QLabel(_("Neck position at &onset"))
        self.neck_combo = code_combo(vocab.NECK_POSITIONS)
        label.setBuddy(self.neck_combo)
        self.neck_combo.setAccessibleName(plain(label.text()))
        pos.addWidget(label)
        pos.addWidget(self.neck_combo)
        pos.addStretch(1)
        lay.addLayout(pos)
        self.triggers.toggled.connect(self._emit)
        self.neck_combo.currentIndexChanged.connect(self._emit)

    def value(self) -> tuple[tuple[str, ...], str | None]:
        return self.triggers.value(), self.neck_combo.currentData()

    def set_value(self, triggers: tuple[str, ...], neck_position: str | None) -> None:
        self.triggers.set_value(triggers)
        set_combo(self.neck_combo, neck_position)


def none_check(text: str, name: str) -> QCheckBox:
    """The explicit answer "none" (DESIGN.md "Recorded is not absent"): ticking it is an
    answer; ticking nothing at all leaves the field "not recorded"."""
    cb = QCheckBox(text)
    cb.setObjectName(name)
    f = cb.font()
    f.setItalic(True)
    cb.setFont(f)
    return cb


def not_recorded_hint(text: str) -> QLabel:
    hint = QLabel(text)
    mute(hint)  # secondary text (ui.theme.mute)
    hint.setWordWrap(True)
    return hint


class OtherTriggersSection(Section):
    """The other triggers, a note, and the answer "no trigger noticed", which covers the
    neck triggers above as well (the dialog keeps it exclusive with every trigger)."""

    OTHER = tuple(c for c in vocab.TRIGGERS if c not in vocab.MECHANICAL_TRIGGERS)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Other triggers"), parent)
        lay = QVBoxLayout(self)
        self.triggers = CodeChecks(self.OTHER, 4)
        lay.addWidget(self.triggers)
        self.none_check = none_check(
            _("No trigger noticed (none of these, nor the neck)"), "noTriggers"
        )
        lay.addWidget(self.none_check)
        lay.addWidget(
            not_recorded_hint(_("Nothing ticked here or under Neck: triggers not recorded."))
        )
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("Trigger note (optional), e.g. 'after cycling'"))
        self.note.setAccessibleName(_("Trigger note"))
        lay.addWidget(self.note)
        lay.addWidget(self._message("triggers"))
        self.triggers.toggled.connect(self._emit)
        self.none_check.toggled.connect(self._emit)
        self.note.textChanged.connect(self._emit)

    def value(self) -> tuple[tuple[str, ...], bool, str]:
        return self.triggers.value(), self.none_check.isChecked(), self.note.text()

    def set_value(self, triggers: tuple[str, ...], none: bool, note: str) -> None:
        self.triggers.set_value(triggers)
        self.none_check.setChecked(none)
        self.note.setText(note)


class PainSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("The pain"), parent)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.character_combo = code_combo(vocab.CHARACTERS)
        self.origin_combo = code_combo(vocab.LOCATIONS)
        # Translators: the pain's character (throbbing, pressing, ...)
        form.addRow(_("&Character"), self.character_combo)
        form.addRow(_("Where it &started"), self.origin_combo)
        self.character_combo.setAccessibleName(plain(_("&Character")))
        self.origin_combo.setAccessibleName(plain(_("Where it &started")))
        lay.addLayout(form)
        lay.addWidget(QLabel(_("Where it hurt")))
        self.locations = CodeChecks(vocab.LOCATIONS, 4)
        self.locations.setAccessibleName(_("Where it hurt"))
        lay.addWidget(self.locations)
        self.character_combo.currentIndexChanged.connect(self._emit)
        self.origin_combo.currentIndexChanged.connect(self._emit)
        self.locations.toggled.connect(self._emit)

    def value(self) -> tuple[str | None, str | None, tuple[str, ...]]:
        return (
            self.character_combo.currentData(),
            self.origin_combo.currentData(),
            self.locations.value(),
        )

    def set_value(
        self, character: str | None, origin: str | None, locations: tuple[str, ...]
    ) -> None:
        set_combo(self.character_combo, character)
        set_combo(self.origin_combo, origin)
        self.locations.set_value(locations)


class SymptomsSection(Section):
    """Symptoms, or the answer "no other symptom"; ticking one clears the other."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Other symptoms"), parent)
        lay = QVBoxLayout(self)
        self.symptoms = CodeChecks(vocab.SYMPTOMS, 3)
        lay.addWidget(self.symptoms)
        self.none_check = none_check(_("No other symptom"), "noSymptoms")
        lay.addWidget(self.none_check)
        lay.addWidget(not_recorded_hint(_("Nothing ticked: symptoms not recorded.")))
        lay.addWidget(self._message("symptoms"))
        for cb in self.symptoms.checks.values():
            cb.toggled.connect(self._code_toggled)
        self.none_check.toggled.connect(self._none_toggled)
        self.symptoms.toggled.connect(self._emit)
        self.none_check.toggled.connect(self._emit)

    def _code_toggled(self, on: bool) -> None:
        if on:
            self.none_check.setChecked(False)

    def _none_toggled(self, on: bool) -> None:
        if on:
            self.symptoms.set_value(())

    def value(self) -> tuple[tuple[str, ...], bool]:
        return self.symptoms.value(), self.none_check.isChecked()

    def set_value(self, symptoms: tuple[str, ...], none: bool) -> None:
        self.symptoms.set_value(symptoms)
        self.none_check.setChecked(none)


#: the first entry of a medication's class and relief lists: nothing chosen yet
CHOOSE = N_("— choose —")


class MedicationRow:
    """The widgets of one medication row in the medications table."""

    def __init__(self, table: QTableWidget, row: int, default_time: datetime) -> None:
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. Ibuprofen 400 mg"))
        self.name.setAccessibleName(_("Medication name"))
        self.med_class = QComboBox()
        self.med_class.setAccessibleName(_("Medication class"))
        # no answer until one is chosen (see domain.episode_form.MedicationForm)
        self.med_class.addItem(_(CHOOSE), "")
        for code in vocab.MEDICATION_CLASSES:
            self.med_class.addItem(vocab.label(code), code)
            if code in CLASS_HELP:
                self.med_class.setItemData(
                    self.med_class.count() - 1, class_help(code), Qt.ItemDataRole.ToolTipRole
                )
        self.relief = QComboBox()
        # Translators: the accessible name of a medication's relief list (none ... complete)
        self.relief.setAccessibleName(pgettext("medication", "Relief"))
        self.relief.addItem(_(CHOOSE), "")
        for code in vocab.RELIEF:
            self.relief.addItem(vocab.label(code), code)
        time_box = QWidget()
        lay = QHBoxLayout(time_box)
        lay.setContentsMargins(2, 0, 2, 0)
        self.has_time = QCheckBox()
        self.has_time.setToolTip(_("Record when it was taken"))
        self.has_time.setAccessibleName(_("Record the time taken"))
        self.taken = datetime_edit()
        self.taken.setDisplayFormat(i18n.qt_display_format("MMMd", with_time=True))
        self.taken.setDateTime(to_qdatetime(default_time))
        self.taken.setAccessibleName(_("Time taken"))
        self.taken.setEnabled(False)
        self.has_time.toggled.connect(self.taken.setEnabled)
        lay.addWidget(self.has_time)
        lay.addWidget(self.taken, 1)
        # Translators: a button in a medication's row of the episode editor
        self.remove = button(pgettext("medication row", "Remove"))
        self.remove.setAccessibleName(_("Remove this medication"))
        self._known_taken: datetime | None = None
        for col, w in enumerate((self.name, self.med_class, self.relief, time_box, self.remove)):
            table.setCellWidget(row, col, w)

    def value(self) -> MedicationForm:
        return MedicationForm(
            self.name.text(),
            self.med_class.currentData(),
            self.relief.currentData(),
            wall_of(self.taken) if self.has_time.isChecked() else None,
            self._known_taken,
        )

    def set_value(self, med: MedicationForm) -> None:
        self.name.setText(med.name)
        self.med_class.setCurrentIndex(max(self.med_class.findData(med.med_class), 0))
        self.relief.setCurrentIndex(max(self.relief.findData(med.relief), 0))
        self._known_taken = med.known_taken
        if med.taken is not None:
            self.has_time.setChecked(True)
            self.taken.setDateTime(to_qdatetime(med.taken))


class MedicationsSection(Section):
    """Any number of medications: name, class, relief and, optionally, when taken."""

    def __init__(self, default_time: Callable[[], datetime], parent: QWidget | None = None) -> None:
        """``default_time()`` is the wall time a new row's "time taken" starts at."""
        super().__init__(_("Medications taken"), parent)
        self._default_time = default_time
        self.rows: list[MedicationRow] = []
        lay = QVBoxLayout(self)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                # Translators: column headers of the episode editor's medications table
                pgettext("medication", "Name"),
                pgettext("medication", "Class"),
                pgettext("medication", "Relief"),
                _("Time taken"),
                "",
            ]
        )
        self.table.setAccessibleName(_("Medications taken"))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3, 4):
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.table.setVisible(False)
        lay.addWidget(self.table)
        self.add_button = button(_("&Add medication"))
        self.add_button.clicked.connect(lambda: self.add_row())
        line = QHBoxLayout()
        line.addWidget(self.add_button)
        line.addStretch(1)
        lay.addLayout(line)
        lay.addWidget(self._message("medications"))

    def add_row(self, med: MedicationForm | None = None) -> MedicationRow:
        r = self.table.rowCount()
        self.table.insertRow(r)
        row = MedicationRow(self.table, r, self._default_time())
        if med is not None:
            row.set_value(med)
        row.remove.clicked.connect(lambda: self.remove_row(row))
        row.name.textChanged.connect(self._emit)
        row.med_class.currentIndexChanged.connect(self._emit)
        row.relief.currentIndexChanged.connect(self._emit)
        row.has_time.toggled.connect(self._emit)
        row.taken.dateTimeChanged.connect(self._emit)
        self.rows.append(row)
        self.table.setVisible(True)
        self._fit()
        if med is None:
            row.name.setFocus()
        self.changed.emit()
        return row

    def remove_row(self, row: MedicationRow) -> None:
        i = self.rows.index(row)
        self.rows.pop(i)
        self.table.removeRow(i)
        self.table.setVisible(bool(self.rows))
        self._fit()
        self.changed.emit()

    def _fit(self) -> None:
        t = self.table
        t.resizeRowsToContents()
        rows = sum(t.rowHeight(r) for r in range(t.rowCount()))
        t.setFixedHeight(t.horizontalHeader().sizeHint().height() + rows + 2 * t.frameWidth())

    def value(self) -> tuple[MedicationForm, ...]:
        return tuple(r.value() for r in self.rows)

    def set_value(self, meds: tuple[MedicationForm, ...]) -> None:
        for row in list(self.rows):
            self.remove_row(row)
        for med in meds:
            self.add_row(med)


class NotesSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        # Translators: the title of the episode editor's notes section
        super().__init__(pgettext("section", "Notes"), parent)
        lay = QVBoxLayout(self)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setPlaceholderText(_("Anything else worth remembering"))
        self.edit.setAccessibleName(pgettext("section", "Notes"))
        self.edit.setFixedHeight(80)
        lay.addWidget(self.edit)
        self.edit.textChanged.connect(self._emit)

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, notes: str) -> None:
        self.edit.setPlainText(notes)
