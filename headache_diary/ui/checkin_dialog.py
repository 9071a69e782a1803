"""The daily check-in dialog: one a day, "no headache" or "a headache", the day's
episodes listed, an optional neck stiffness 0-10 and a note.

A second check-in for a day replaces the first (the dialog shows the stored one and says
so). On a day with an episode in progress "No headache" cannot be chosen: the dialog
says why (the service refuses it too). Problems are shown in the dialog, which stays
open with what was entered. The content scrolls; Save and Cancel stay visible.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from headache_diary import i18n
from headache_diary.context import AppContext
from headache_diary.domain.checkin import MAX_NOTE, CheckIn
from headache_diary.domain.episode import Episode
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.quick_log import side_words
from headache_diary.domain.text import format_duration
from headache_diary.i18n import _, pgettext
from headache_diary.services import checkins
from headache_diary.services.checkins import CheckInSaved, DayRecord
from headache_diary.ui.screen import fit_to_content
from headache_diary.ui.theme import error_style, mute
from headache_diary.ui.writing import DialogSave


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def day_title(d: date) -> str:
    return i18n.format_weekday_date(d)


def episode_line(ep: Episode) -> str:
    """``08:15, 2 h: left-sided, intensity 6``: an episode in a day's list."""
    start = ep.started_at
    time = i18n.format_time(start)
    day = day_title(start.date())
    if ep.ended_at is None:
        # Translators: an episode still in progress in the check-in's list of the day's
        # episodes: the weekday and date it started, and its start time
        span = _("from {day} {time} (ongoing)", day=day, time=time)
    elif start.date() != ep.ended_at.date():
        # Translators: {duration} is e.g. "26 h"
        span = _(
            "from {day} {time}, {duration}",
            day=day,
            time=time,
            duration=format_duration(ep.duration),
        )
    else:
        span = _("{time}, {duration}", time=time, duration=format_duration(ep.duration))
    if ep.intensity is not None:
        # Translators: an episode in the check-in's list: "08:15, 2 h: left-sided,
        # intensity 6"; {side} is e.g. "left-sided" or "on both sides"
        return _(
            "{when}: {side}, intensity {intensity}",
            when=span,
            side=side_words(ep.side),
            intensity=ep.intensity,
        )
    return _("{when}: {side}", when=span, side=side_words(ep.side))


class CheckInDialog(QDialog):
    """Check in for ``day`` (default today). ``saved`` after it was accepted."""

    def __init__(
        self,
        ctx: AppContext,
        day: date | None = None,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        offered: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CheckInDialog")
        self.setWindowTitle(_("Daily check-in"))
        self._ctx = ctx
        self.today = today or date.today()
        self.saved: CheckInSaved | None = None
        self.record: DayRecord | None = None

        intro = QLabel(
            _("Nothing is recorded for yesterday yet. How was it?")
            if offered
            else _("How was the day? One check-in a day; checking in again replaces it.")
        )
        intro.setWordWrap(True)
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("checkInDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(i18n.qt_display_format("yMMMEd"))
        self.date_edit.setMaximumDate(_qdate(self.today))
        self.date_edit.setAccessibleName(_("Day of the check-in"))
        self.episodes_label = QLabel()
        self.episodes_label.setObjectName("dayEpisodes")
        self.episodes_label.setContentsMargins(12, 0, 0, 0)
        self.episodes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.free_radio = QRadioButton(_("&No headache this day"))
        self.headache_radio = QRadioButton(_("I had a &headache this day"))
        self.answer = QButtonGroup(self)
        self.answer.addButton(self.free_radio)
        self.answer.addButton(self.headache_radio)
        self.conflict_label = QLabel()
        self.conflict_label.setObjectName("conflictNote")
        self.conflict_label.setWordWrap(True)
        mute(self.conflict_label)  # secondary text (ui.theme.mute)

        self.stiffness = QSpinBox()
        self.stiffness.setObjectName("neckStiffness")
        self.stiffness.setRange(-1, 10)
        # Translators: the neck stiffness field when no value is given
        self.stiffness.setSpecialValueText(pgettext("neck stiffness", "not recorded"))
        self.stiffness.setValue(-1)
        self.stiffness.setAccessibleName(_("Neck stiffness, 0 to 10, or not recorded"))
        self.stiffness.setToolTip(
            # Translators: 'not recorded' is the field's first value (the text above)
            _("0 = none, 10 = as stiff as it can be; leave at 'not recorded'")
        )
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("checkInNote")
        self.note_edit.setMaxLength(MAX_NOTE)
        self.note_edit.setPlaceholderText(_("optional, e.g. 'stiff after the long drive'"))
        self.note_edit.setAccessibleName(pgettext("check-in", "Note"))
        self.replace_label = QLabel()
        self.replace_label.setObjectName("replaceNote")
        self.replace_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("checkInMessage")
        self.message.setStyleSheet(error_style())
        self.message.setWordWrap(True)
        self.message.setVisible(False)

        # full-width rows: word-wrapped labels inside form rows get clipped
        day_row = QHBoxLayout()
        day_label = QLabel(pgettext("check-in", "&Day:"))
        day_label.setBuddy(self.date_edit)
        day_row.addWidget(day_label)
        day_row.addWidget(self.date_edit)
        day_row.addStretch(1)
        recorded = QLabel(_("Recorded for this day:"))
        mute(recorded)  # secondary text (ui.theme.mute)
        details = QFormLayout()
        details.addRow(_("Neck s&tiffness (0-10):"), self.stiffness)
        details.addRow(pgettext("check-in", "N&ote:"), self.note_edit)
        body = QWidget()
        col = QVBoxLayout(body)
        col.addWidget(intro)
        col.addLayout(day_row)
        col.addWidget(recorded)
        col.addWidget(self.episodes_label)
        col.addSpacing(6)
        col.addWidget(self.free_radio)
        col.addWidget(self.headache_radio)
        col.addWidget(self.conflict_label)
        col.addSpacing(6)
        col.addLayout(details)
        col.addWidget(self.replace_label)
        col.addWidget(self.message)
        col.addStretch(1)
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Save check-in"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        #: Save on a worker (whoever opens the dialog may give it the window's runner)
        self.saving = DialogSave(self, button=self.save_button)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.buttons)

        self.date_edit.setDate(_qdate(day or self.today))
        self.date_edit.dateChanged.connect(lambda _d: self.load_day())
        self.answer.buttonToggled.connect(lambda *_a: self._update())
        self.load_day()
        self.setTabOrder(self.date_edit, self.free_radio)
        self.setTabOrder(self.free_radio, self.headache_radio)
        self.setTabOrder(self.headache_radio, self.stiffness)
        self.setTabOrder(self.stiffness, self.note_edit)
        self.setTabOrder(self.note_edit, self.save_button)
        fit_to_content(self, 78, body)

    # -- the day -------------------------------------------------------------------------
    @property
    def day(self) -> date:
        return self.date_edit.date().toPython()  # type: ignore[return-value]

    def load_day(self) -> None:
        """Show what the diary holds for the chosen day (a short read)."""
        self.message.setVisible(False)
        try:
            record = checkins.day_record(self._ctx, self.day, self.today)
        except DiaryError as exc:
            self._show_problem(str(exc))
            return
        self.record = record
        if record.episodes:
            lines = "\n".join(episode_line(ep) for ep in record.episodes)
            self.episodes_label.setText(lines)
        else:
            self.episodes_label.setText(_("No headache episode recorded for this day."))
        ci = record.check_in
        self.free_radio.setEnabled(not record.episodes)
        if record.episodes:
            self.conflict_label.setText(
                # Translators: “No headache” quotes the first choice of the dialog
                _(
                    "This day has a headache episode recorded, so it counts as a headache "
                    "day; “No headache” cannot be chosen."
                )
            )
        self.conflict_label.setVisible(bool(record.episodes))
        group_exclusive = self.answer.exclusive()
        self.answer.setExclusive(False)
        self.free_radio.setChecked(ci is not None and ci.headache_free and not record.episodes)
        self.headache_radio.setChecked(
            bool(record.episodes) or (ci is not None and not ci.headache_free)
        )
        self.answer.setExclusive(group_exclusive)
        self.stiffness.setValue(
            -1 if ci is None or ci.neck_stiffness is None else ci.neck_stiffness
        )
        self.note_edit.setText("" if ci is None else ci.note)
        if ci is not None:
            self.replace_label.setText(
                # Translators: {details} is e.g. "headache-free, neck stiffness 3/10"
                _(
                    "A check-in for this day is already saved ({details}); saving replaces it.",
                    details=ci.describe(),
                )
            )
        self.replace_label.setVisible(ci is not None)
        self._update()

    def _update(self) -> None:
        self.save_button.setEnabled(self.answer.checkedButton() is not None)

    def value(self) -> CheckIn:
        stiffness = self.stiffness.value()
        return CheckIn(
            self.day,
            self.free_radio.isChecked(),
            None if stiffness < 0 else stiffness,
            self.note_edit.text(),
        )

    def _show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)
        body = self.scroll_area.widget()
        if body is not None:
            body.adjustSize()
        self.scroll_area.ensureWidgetVisible(self.message)

    def accept(self) -> None:
        """Save on a worker (``ui.writing``): the dialog closes when it is stored, or
        shows why not with the entered values kept for a retry."""
        if self.saving.busy:
            return
        if self.answer.checkedButton() is None:
            self._show_problem(_("Choose “No headache” or “I had a headache” first."))
            return
        ctx, value, today = self._ctx, self.value(), self.today
        self.saving.start(
            lambda: checkins.save_check_in(ctx, value, today),
            self._saved,
            lambda exc: self._show_problem(str(exc)),
        )

    def _saved(self, saved: CheckInSaved) -> None:
        self.saved = saved
        super().accept()

    def reject(self) -> None:
        if self.saving.busy:  # storing: it ends in a moment, closing or saying why not
            return
        super().reject()
