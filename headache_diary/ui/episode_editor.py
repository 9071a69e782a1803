"""The episode editor: one dialog, built in code, for a new or an existing episode.

Layout, for logging in under 30 seconds: the fields that matter most (side, start, end,
intensity, the neck-related triggers and the neck position) are at the top; the rest
(other triggers, pain character/origin/locations, symptoms, medications, notes) follow
in the same scroll area.

Choices made here (documented in the README):
- Side has no default: the patient must pick left, right, both or unsure, because a
  guessed side would distort the side statistics the diary exists for.
- A new episode starts "now" in the computer's zone and is "still ongoing" until the
  patient gives an end time or a duration (changing either selects that option).
- Intensity is optional ("not recorded" until a number is clicked), as in FORMAT.md.
- Times are wall-clock times in the episode's zone: the computer's zone for a new
  episode, the episode's own zone when editing one recorded elsewhere (the dialog says
  which). The date-time widgets are kept in UTC spec so Qt never shifts a wall time across
  the computer's own DST changes; the zone is applied in Python.

Validation uses ``domain.episode.problems``: messages appear in red next to their fields
while typing, Save is disabled while anything is wrong, and nothing is written until the
episode is valid (an episode over 72 h asks first). Enter saves unless the cursor is in
the notes; Esc cancels.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from headache_diary.domain import vocab
from headache_diary.domain.episode import (
    Episode,
    Medication,
    needs_confirmation,
    new_id,
    problems,
)
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.timeutil import (
    ZoneError,
    after,
    is_repeated,
    localize,
    now_utc,
    zone_for,
)
from headache_diary.storage import repository

_UTC = QTimeZone.utc()
_ERROR_STYLE = "color: #b00020;"
#: checked toggle buttons (side, intensity) must be obvious at a glance
_TOGGLE_STYLE = (
    "QPushButton:checked { background-color: #2f6f8f; color: white; font-weight: bold;"
    " border: 1px solid #1d4a60; border-radius: 3px; }"
)
_NOT_RECORDED = "— not recorded —"


def _button(text: str, checkable: bool = False) -> QPushButton:
    """A push button that Enter does not press (Enter belongs to Save)."""
    b = QPushButton(text)
    b.setAutoDefault(False)
    b.setDefault(False)
    b.setCheckable(checkable)
    if checkable:
        b.setStyleSheet(_TOGGLE_STYLE)
    return b


def _to_qdatetime(dt: datetime) -> QDateTime:
    return QDateTime(QDate(dt.year, dt.month, dt.day), QTime(dt.hour, dt.minute, dt.second), _UTC)


def _wall_clock(edit: QDateTimeEdit) -> datetime:
    """The naive wall-clock time shown in ``edit`` (seconds dropped)."""
    d, t = edit.date(), edit.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def _instant(edit: QDateTimeEdit, zone_key: str, known: datetime | None, fold: int) -> datetime:
    """The instant ``edit`` shows, in ``zone_key``.

    While the field still shows ``known`` (the stored value, to the minute) the stored
    instant itself is returned, seconds and all, and also which of two equal wall times
    it was in the hour the clocks went back; otherwise the wall time is localized, with
    ``fold`` choosing the first (0) or second (1) of a repeated time.
    """
    wall = _wall_clock(edit)
    if known is not None and known.replace(tzinfo=None, second=0, microsecond=0) == wall:
        return known
    return localize(wall, zone_key, fold=fold)


def _datetime_edit() -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setTimeZone(_UTC)
    edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
    edit.setCalendarPopup(True)
    edit.setMinimumDateTime(QDateTime(QDate(1900, 1, 1), QTime(0, 0), _UTC))
    return edit


def _combo(codes: tuple[str, ...]) -> QComboBox:
    combo = QComboBox()
    combo.addItem(_NOT_RECORDED, None)
    for code in codes:
        combo.addItem(vocab.label(code), code)
    return combo


def _set_combo(combo: QComboBox, code: str | None) -> None:
    idx = combo.findData(code) if code is not None else 0
    combo.setCurrentIndex(max(idx, 0))


def _error_label() -> QLabel:
    lab = QLabel()
    lab.setStyleSheet(_ERROR_STYLE)
    lab.setWordWrap(True)
    lab.setVisible(False)
    return lab


class MedicationRow:
    """Widgets of one medication row in the medications table."""

    def __init__(self, table: QTableWidget, row: int, default_time: datetime) -> None:
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Ibuprofen 400 mg")
        self.med_class = QComboBox()
        for code in vocab.MEDICATION_CLASSES:
            self.med_class.addItem(vocab.label(code), code)
        self.relief = QComboBox()
        for code in vocab.RELIEF:
            self.relief.addItem(vocab.label(code), code)
        self.relief.setCurrentIndex(vocab.RELIEF.index("some"))
        time_box = QWidget()
        lay = QHBoxLayout(time_box)
        lay.setContentsMargins(2, 0, 2, 0)
        self.has_time = QCheckBox()
        self.has_time.setToolTip("Record when it was taken")
        self.taken = _datetime_edit()
        self.taken.setDisplayFormat("d MMM HH:mm")
        self.taken.setDateTime(_to_qdatetime(default_time))
        self.taken.setEnabled(False)
        self.has_time.toggled.connect(self.taken.setEnabled)
        lay.addWidget(self.has_time)
        lay.addWidget(self.taken, 1)
        self.remove = _button("Remove")
        self._known_taken: datetime | None = None
        for col, w in enumerate((self.name, self.med_class, self.relief, time_box, self.remove)):
            table.setCellWidget(row, col, w)

    def set_value(self, med: Medication) -> None:
        self.name.setText(med.name)
        self.med_class.setCurrentIndex(max(self.med_class.findData(med.med_class), 0))
        self.relief.setCurrentIndex(max(self.relief.findData(med.relief), 0))
        self._known_taken = med.taken_at
        if med.taken_at is not None:
            self.has_time.setChecked(True)
            self.taken.setDateTime(_to_qdatetime(med.taken_at))

    def value(self, zone_key: str, fold: int = 0) -> Medication:
        taken = (
            _instant(self.taken, zone_key, self._known_taken, fold)
            if self.has_time.isChecked()
            else None
        )
        return Medication(
            self.name.text().strip(),
            self.med_class.currentData(),
            self.relief.currentData(),
            taken,
        )


class EpisodeEditor(QDialog):
    """Edit ``episode`` (or a new one when None). On Save the episode is validated and
    written in one unit of work; ``saved_episode`` then holds the stored value."""

    def __init__(self, ctx: Any, episode: Episode | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._original = episode
        self._zone = episode.time_zone if episode is not None else ctx.zone
        self._episode_id = episode.id if episode is not None else new_id()
        self.saved_episode: Episode | None = None
        self.medication_rows: list[MedicationRow] = []
        #: the stored start and end, kept exactly while their fields are left alone
        self._known_start = episode.started_at if episode is not None else None
        self._known_end = episode.ended_at if episode is not None else None
        self.setWindowTitle("Edit episode" if episode else "New episode")
        self.setObjectName("EpisodeEditor")
        self._build()
        if episode is not None:
            self._load(episode)
        else:
            now = now_utc().astimezone(zone_for(self._zone))
            self.start_edit.setDateTime(_to_qdatetime(now))
            self.end_edit.setDateTime(_to_qdatetime(now))
            self.ongoing_radio.setChecked(True)
        self._connect_validation()
        self.revalidate()
        self._initial_form = self.build_episode()[0]
        self.resize(760, 820)

    # -- construction ------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        col = QVBoxLayout(body)
        outer.addWidget(scroll, 1)

        # zone note
        if self._original is not None and self._zone != self._ctx.zone:
            note = (
                f"Times are in <b>{self._zone}</b>, the time zone this episode was "
                f"recorded in (this computer: {self._ctx.zone})."
            )
        else:
            note = f"Times are in <b>{self._zone}</b>."
        self.zone_label = QLabel(note)
        self.zone_label.setObjectName("zoneLabel")
        self.zone_label.setStyleSheet("color: #444;")
        col.addWidget(self.zone_label)

        self.messages: dict[str, QLabel] = {}

        # --- side -------------------------------------------------------------------
        side_box = QGroupBox("Which side? (required)")
        side_lay = QVBoxLayout(side_box)
        row = QHBoxLayout()
        self.side_group = QButtonGroup(self)
        self.side_group.setExclusive(True)
        self.side_buttons: dict[str, QPushButton] = {}
        for code in vocab.SIDES:
            b = _button(vocab.label(code), checkable=True)
            b.setMinimumHeight(44)
            b.setObjectName(f"side_{code}")
            f = b.font()
            f.setPointSizeF(f.pointSizeF() * 1.2)
            b.setFont(f)
            self.side_group.addButton(b)
            self.side_buttons[code] = b
            row.addWidget(b)
        side_lay.addLayout(row)
        self.messages["side"] = _error_label()
        side_lay.addWidget(self.messages["side"])
        col.addWidget(side_box)

        # --- when ---------------------------------------------------------------------
        when_box = QGroupBox("When")
        form = QFormLayout(when_box)
        self.start_edit = _datetime_edit()
        self.messages["started_at"] = _error_label()
        start_col = QVBoxLayout()
        start_line = QHBoxLayout()
        start_line.addWidget(self.start_edit)
        self.now_button = _button("Now")
        self.now_button.setToolTip("Set the start to the current time")
        self.now_button.clicked.connect(self._start_now)
        start_line.addWidget(self.now_button)
        start_line.addStretch(1)
        start_col.addLayout(start_line)
        start_col.addWidget(self.messages["started_at"])
        form.addRow("Started", start_col)

        end_grid = QGridLayout()
        self.end_group = QButtonGroup(self)
        self.ongoing_radio = QRadioButton("Still ongoing")
        self.end_at_radio = QRadioButton("Ended at")
        self.duration_radio = QRadioButton("Lasted")
        for r in (self.ongoing_radio, self.end_at_radio, self.duration_radio):
            self.end_group.addButton(r)
        self.end_edit = _datetime_edit()
        self.hours_spin = QSpinBox()
        self.hours_spin.setRange(0, 999)
        self.hours_spin.setSuffix(" h")
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setRange(0, 59)
        self.minutes_spin.setSuffix(" min")
        self.minutes_spin.setSingleStep(5)
        dur = QHBoxLayout()
        dur.addWidget(self.hours_spin)
        dur.addWidget(self.minutes_spin)
        dur.addStretch(1)
        end_grid.addWidget(self.ongoing_radio, 0, 0)
        end_grid.addWidget(self.end_at_radio, 1, 0)
        end_grid.addWidget(self.end_edit, 1, 1)
        end_grid.addWidget(self.duration_radio, 2, 0)
        end_grid.addLayout(dur, 2, 1)
        end_grid.setColumnStretch(2, 1)
        self.messages["ended_at"] = _error_label()
        end_grid.addWidget(self.messages["ended_at"], 3, 0, 1, 3)
        form.addRow("Ended", end_grid)
        # changing an end value chooses that way of giving the end
        self.end_edit.dateTimeChanged.connect(lambda *_: self.end_at_radio.setChecked(True))
        self.hours_spin.valueChanged.connect(lambda *_: self.duration_radio.setChecked(True))
        self.minutes_spin.valueChanged.connect(lambda *_: self.duration_radio.setChecked(True))
        # shown only when a time falls in the hour the clocks went back, which happens twice
        self.second_time_check = QCheckBox(
            "The time is the second one of the repeated hour (after the clocks went back)"
        )
        self.second_time_check.setVisible(False)
        self.second_time_check.toggled.connect(lambda *_: self.revalidate())
        form.addRow(self.second_time_check)
        self.messages["time_zone"] = _error_label()
        form.addRow(self.messages["time_zone"])
        col.addWidget(when_box)

        # --- intensity ------------------------------------------------------------------
        int_box = QGroupBox("Peak intensity (0 = no pain, 10 = worst imaginable)")
        int_lay = QVBoxLayout(int_box)
        row = QHBoxLayout()
        row.setSpacing(3)
        self.intensity_group = QButtonGroup(self)
        self.intensity_buttons: dict[int | None, QPushButton] = {}
        for value in (None, *range(11)):
            b = _button("not recorded" if value is None else str(value), checkable=True)
            b.setMinimumHeight(34)
            if value is not None:
                b.setMinimumWidth(34)
                b.setMaximumWidth(48)
            else:  # wide enough for its label in bold, as it is shown when chosen
                bold = b.font()
                bold.setBold(True)
                b.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(b.text()) + 20)
            self.intensity_group.addButton(b)
            self.intensity_buttons[value] = b
            row.addWidget(b)
        row.addStretch(1)
        self.intensity_buttons[None].setChecked(True)
        int_lay.addLayout(row)
        self.messages["intensity"] = _error_label()
        int_lay.addWidget(self.messages["intensity"])
        col.addWidget(int_box)

        # --- neck ------------------------------------------------------------------------
        neck_box = QGroupBox("Neck: what brought it on?")
        neck_lay = QVBoxLayout(neck_box)
        self.trigger_checks: dict[str, QCheckBox] = {}
        mech = QHBoxLayout()
        for code in vocab.MECHANICAL_TRIGGERS:
            cb = QCheckBox(vocab.label(code))
            self.trigger_checks[code] = cb
            mech.addWidget(cb)
        mech.addStretch(1)
        neck_lay.addLayout(mech)
        pos = QHBoxLayout()
        pos.addWidget(QLabel("Neck position at onset"))
        self.neck_combo = _combo(vocab.NECK_POSITIONS)
        pos.addWidget(self.neck_combo)
        pos.addStretch(1)
        neck_lay.addLayout(pos)
        col.addWidget(neck_box)

        # --- other triggers ------------------------------------------------------------
        trig_box = QGroupBox("Other triggers")
        trig_lay = QVBoxLayout(trig_box)
        grid = QGridLayout()
        others = [c for c in vocab.TRIGGERS if c not in vocab.MECHANICAL_TRIGGERS]
        for i, code in enumerate(others):
            cb = QCheckBox(vocab.label(code))
            self.trigger_checks[code] = cb
            grid.addWidget(cb, i // 4, i % 4)
        trig_lay.addLayout(grid)
        self.trigger_note = QLineEdit()
        self.trigger_note.setPlaceholderText("Trigger note (optional), e.g. 'after cycling'")
        trig_lay.addWidget(self.trigger_note)
        self.messages["triggers"] = _error_label()
        trig_lay.addWidget(self.messages["triggers"])
        col.addWidget(trig_box)

        # --- pain -----------------------------------------------------------------------
        pain_box = QGroupBox("The pain")
        pain_lay = QVBoxLayout(pain_box)
        pf = QFormLayout()
        self.character_combo = _combo(vocab.CHARACTERS)
        self.origin_combo = _combo(vocab.LOCATIONS)
        pf.addRow("Character", self.character_combo)
        pf.addRow("Where it started", self.origin_combo)
        pain_lay.addLayout(pf)
        pain_lay.addWidget(QLabel("Where it hurt"))
        grid = QGridLayout()
        self.location_checks: dict[str, QCheckBox] = {}
        for i, code in enumerate(vocab.LOCATIONS):
            cb = QCheckBox(vocab.label(code))
            self.location_checks[code] = cb
            grid.addWidget(cb, i // 4, i % 4)
        pain_lay.addLayout(grid)
        col.addWidget(pain_box)

        # --- symptoms -------------------------------------------------------------------
        sym_box = QGroupBox("Other symptoms")
        grid = QGridLayout(sym_box)
        self.symptom_checks: dict[str, QCheckBox] = {}
        for i, code in enumerate(vocab.SYMPTOMS):
            cb = QCheckBox(vocab.label(code))
            self.symptom_checks[code] = cb
            grid.addWidget(cb, i // 3, i % 3)
        col.addWidget(sym_box)

        # --- medications -----------------------------------------------------------------
        med_box = QGroupBox("Medications taken")
        med_lay = QVBoxLayout(med_box)
        self.med_table = QTableWidget(0, 5)
        self.med_table.setHorizontalHeaderLabels(["Name", "Class", "Relief", "Time taken", ""])
        self.med_table.verticalHeader().setVisible(False)
        self.med_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.med_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        hh = self.med_table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3, 4):
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.med_table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.med_table.setVisible(False)
        med_lay.addWidget(self.med_table)
        self.add_med_button = _button("Add medication")
        self.add_med_button.clicked.connect(lambda: self.add_medication_row())
        line = QHBoxLayout()
        line.addWidget(self.add_med_button)
        line.addStretch(1)
        med_lay.addLayout(line)
        self.messages["medications"] = _error_label()
        med_lay.addWidget(self.messages["medications"])
        col.addWidget(med_box)

        # --- notes ---------------------------------------------------------------------
        notes_box = QGroupBox("Notes")
        nl = QVBoxLayout(notes_box)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText("Anything else worth remembering")
        self.notes_edit.setFixedHeight(80)
        nl.addWidget(self.notes_edit)
        col.addWidget(notes_box)
        col.addStretch(1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("problemSummary")
        self.summary_label.setStyleSheet(_ERROR_STYLE)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary_label, 1)
        bottom.addWidget(self.buttons)
        outer.addLayout(bottom)

    def _connect_validation(self) -> None:
        self.side_group.buttonToggled.connect(lambda *_: self.revalidate())
        self.intensity_group.buttonToggled.connect(lambda *_: self.revalidate())
        self.end_group.buttonToggled.connect(lambda *_: self.revalidate())
        for w in (self.start_edit, self.end_edit):
            w.dateTimeChanged.connect(lambda *_: self.revalidate())
        for s in (self.hours_spin, self.minutes_spin):
            s.valueChanged.connect(lambda *_: self.revalidate())

    def _start_now(self) -> None:
        self.start_edit.setDateTime(_to_qdatetime(now_utc().astimezone(zone_for(self._zone))))

    # -- medications -------------------------------------------------------------------
    def add_medication_row(self, med: Medication | None = None) -> MedicationRow:
        r = self.med_table.rowCount()
        self.med_table.insertRow(r)
        default_time = self._safe_start() or now_utc().astimezone(zone_for(self._zone))
        row = MedicationRow(self.med_table, r, default_time)
        if med is not None:
            row.set_value(med)
        row.remove.clicked.connect(lambda: self.remove_medication_row(row))
        row.name.textChanged.connect(lambda *_: self.revalidate())
        row.has_time.toggled.connect(lambda *_: self.revalidate())
        row.taken.dateTimeChanged.connect(lambda *_: self.revalidate())
        self.medication_rows.append(row)
        self.med_table.setVisible(True)
        self._fit_med_table()
        if med is None:
            row.name.setFocus()
        self.revalidate()
        return row

    def remove_medication_row(self, row: MedicationRow) -> None:
        i = self.medication_rows.index(row)
        self.medication_rows.pop(i)
        self.med_table.removeRow(i)
        self.med_table.setVisible(bool(self.medication_rows))
        self._fit_med_table()
        self.revalidate()

    def _fit_med_table(self) -> None:
        t = self.med_table
        t.resizeRowsToContents()
        rows = sum(t.rowHeight(r) for r in range(t.rowCount()))
        t.setFixedHeight(t.horizontalHeader().sizeHint().height() + rows + 2 * t.frameWidth())

    # -- values ------------------------------------------------------------------------
    def _load(self, ep: Episode) -> None:
        if ep.side in self.side_buttons:
            self.side_buttons[ep.side].setChecked(True)
        self.start_edit.setDateTime(_to_qdatetime(ep.started_at))
        if ep.ended_at is None:
            self.end_edit.setDateTime(_to_qdatetime(ep.started_at))
            self.ongoing_radio.setChecked(True)
        else:
            minutes = int(ep.duration.total_seconds()) // 60  # elapsed, across clock changes
            self.hours_spin.setValue(min(minutes // 60, self.hours_spin.maximum()))
            self.minutes_spin.setValue(minutes % 60)
            self.end_edit.setDateTime(_to_qdatetime(ep.ended_at))
            self.end_at_radio.setChecked(True)
        self.intensity_buttons.get(ep.intensity, self.intensity_buttons[None]).setChecked(True)
        _set_combo(self.character_combo, ep.character)
        _set_combo(self.origin_combo, ep.pain_origin)
        _set_combo(self.neck_combo, ep.neck_position)
        for code, cb in self.trigger_checks.items():
            cb.setChecked(code in ep.triggers)
        for code, cb in self.location_checks.items():
            cb.setChecked(code in ep.pain_locations)
        for code, cb in self.symptom_checks.items():
            cb.setChecked(code in ep.symptoms)
        self.trigger_note.setText(ep.trigger_note)
        self.notes_edit.setPlainText(ep.notes)
        for med in ep.medications:
            self.add_medication_row(med)

    def _safe_start(self) -> datetime | None:
        try:
            return _instant(
                self.start_edit,
                self._zone,
                self._known_start,
                int(self.second_time_check.isChecked()),
            )
        except ZoneError:
            return None

    def _side(self) -> str:
        for code, b in self.side_buttons.items():
            if b.isChecked():
                return code
        return ""

    def _intensity(self) -> int | None:
        for value, b in self.intensity_buttons.items():
            if b.isChecked():
                return value
        return None

    def build_episode(self) -> tuple[Episode | None, dict[str, str]]:
        """The episode the form describes and its problems (field -> message)."""
        found: dict[str, str] = {}
        fold = int(self.second_time_check.isChecked())
        shown = [self.start_edit]
        if self.end_at_radio.isChecked():
            shown.append(self.end_edit)
        shown += [r.taken for r in self.medication_rows if r.has_time.isChecked()]
        self.second_time_check.setVisible(
            self.second_time_check.isChecked()
            or any(is_repeated(_wall_clock(e), self._zone) for e in shown)
        )
        try:
            start = _instant(self.start_edit, self._zone, self._known_start, fold)
        except ZoneError as exc:
            found["started_at"] = str(exc)
            start = None
        end: datetime | None = None
        if self.end_at_radio.isChecked():
            try:
                end = _instant(self.end_edit, self._zone, self._known_end, fold)
            except ZoneError as exc:
                found["ended_at"] = str(exc)
        elif self.duration_radio.isChecked() and start is not None:
            minutes = self.hours_spin.value() * 60 + self.minutes_spin.value()
            if minutes <= 0:
                found["ended_at"] = "enter how long it lasted (more than 0 minutes)"
            elif (
                self._known_end is not None
                and self._known_start == start
                and int(self._known_end.timestamp() - start.timestamp()) // 60 == minutes
            ):
                end = self._known_end  # the stored end, seconds and all
            else:
                end = after(start, minutes * 60)  # elapsed time, across clock changes
        meds: list[Medication] = []
        for i, row in enumerate(self.medication_rows, start=1):
            try:
                meds.append(row.value(self._zone, fold))
            except ZoneError as exc:
                found[f"medications[{i}]"] = str(exc)
        if start is None:
            return None, found
        ep = Episode(
            id=self._episode_id,
            started_at=start,
            ended_at=end,
            time_zone=self._zone,
            side=self._side(),
            intensity=self._intensity(),
            character=self.character_combo.currentData(),
            triggers=[c for c, cb in self.trigger_checks.items() if cb.isChecked()],
            trigger_note=self.trigger_note.text().strip(),
            neck_position=self.neck_combo.currentData(),
            pain_origin=self.origin_combo.currentData(),
            pain_locations=[c for c, cb in self.location_checks.items() if cb.isChecked()],
            symptoms=[c for c, cb in self.symptom_checks.items() if cb.isChecked()],
            medications=meds,
            notes=self.notes_edit.toPlainText(),
        )
        rules = problems(ep)
        for key, msg in rules.items():
            found.setdefault(key, msg)
        return ep, found

    def revalidate(self) -> dict[str, str]:
        """Show the current problems next to their fields; Save only when there are none."""
        _ep, found = self.build_episode()
        shown: dict[str, list[str]] = {}
        for key, msg in found.items():
            field = "medications" if key.startswith("medications[") else key
            if field.startswith("medications"):
                msg = f"Medication {key[len('medications[') : -1]}: {msg}"
            if field not in self.messages:
                field = "triggers"
            shown.setdefault(field, []).append(msg[:1].upper() + msg[1:])
        for field, lab in self.messages.items():
            text = "\n".join(shown.get(field, []))
            lab.setText(text)
            lab.setVisible(bool(text))
        self.save_button.setEnabled(not found)
        names = {
            "side": "side",
            "started_at": "start",
            "ended_at": "end",
            "time_zone": "time zone",
            "intensity": "intensity",
            "medications": "medications",
        }
        todo = [names.get(f, "triggers/pain") for f in shown]
        self.summary_label.setText(f"To save, check: {', '.join(todo)}" if todo else "")
        return found

    # -- accept / reject ---------------------------------------------------------------
    def has_changes(self) -> bool:
        """True when the form differs from what it showed when it opened."""
        return self.build_episode()[0] != self._initial_form

    def reject(self) -> None:
        """Esc, Cancel or closing the window: ask before throwing entered data away."""
        if self.isVisible() and self.has_changes():
            answer = QMessageBox.question(
                self,
                "Discard changes?",
                "Close without saving? What you entered for this episode will be lost.",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def discard(self) -> None:
        """Close without saving and without asking."""
        super().reject()

    def accept(self) -> None:
        ep, found = self.build_episode()
        self.revalidate()
        if found or ep is None:
            return
        ep = ep.normalized()
        if needs_confirmation(ep):
            hours = int(ep.duration.total_seconds() // 3600)  # type: ignore[union-attr]
            answer = QMessageBox.question(
                self,
                "Long episode",
                f"This episode lasted {hours} hours (more than 3 days). Save it anyway?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            with self._ctx.diary.session() as s:
                repository.save_episode(s, ep)
        except DiaryError as exc:
            QMessageBox.critical(self, "Headache Diary", str(exc))
            return
        except SQLAlchemyError as exc:
            QMessageBox.critical(
                self,
                "Headache Diary",
                f"The episode could not be saved: {getattr(exc, 'orig', None) or exc}",
            )
            return
        self.saved_episode = ep
        super().accept()
