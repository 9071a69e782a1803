"""The Calendar tab: a month grid like the paper headache calendars physicians know.

Each day is coloured by its peak intensity (light to dark), confirmed headache-free days
are green with a ✓, days without any record are hatched and say "no record"; every
coloured day also carries its mark (the intensity, ``H`` or ``✓``; on a medication day a
letter per class taken, e.g. ``T`` for a triptan, listed under the legend),
so colour is never the only cue. Click a day (or move with the arrow keys) to see its
entries beside the grid; double-click or Enter to check in for it. Page Up / Page Down
change the month, Home / End go to its first and last day.

The month is read on a worker (``services.calendar``, channel "calendar"); the day's
entries with one short read when a day is chosen. The grid paints itself from the
palette (text, base, highlight) and sets a text colour only together with the fill it
sits on, so it reads in the light and the dark palette alike.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from headache_diary import i18n
from headache_diary.analysis.calendar import LEGEND, MonthCalendar, class_key
from headache_diary.context import AppContext
from headache_diary.domain.checkin import CheckIn
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.jobs import Job
from headache_diary.i18n import _, ngettext, pgettext
from headache_diary.ui.checkin_dialog import day_title, episode_line
from headache_diary.ui.month_grid import MonthGrid, Swatch, add_months, day_state, legend_sample
from headache_diary.ui.tasks import TaskRunner


def check_in_line(ci: CheckIn, episodes: bool) -> str:
    """The day's check-in in words, as the side panel shows it; ``episodes``: the day
    also has episodes (they make it a headache day)."""
    stiffness = ci.neck_stiffness
    if ci.headache_free:
        line = (
            _("Check-in: headache-free, neck stiffness {stiffness}/10", stiffness=stiffness)
            if stiffness is not None
            else _("Check-in: headache-free")
        )
        if episodes:
            # Translators: {check_in} is e.g. "Check-in: headache-free"
            line = _("{check_in} (the episode counts: a headache day)", check_in=line)
    else:
        line = (
            _("Check-in: headache, neck stiffness {stiffness}/10", stiffness=stiffness)
            if stiffness is not None
            else _("Check-in: headache")
        )
    if ci.note:
        # Translators: {check_in} is e.g. "Check-in: headache-free"; {note} the patient's note
        return _("{check_in}. Note: {note}.", check_in=line, note=ci.note)
    # Translators: {check_in} is e.g. "Check-in: headache-free", here as a sentence
    return _("{check_in}.", check_in=line)


class CalendarView(QWidget):
    """The Calendar tab: a month, its legend, and the chosen day's entries."""

    #: requests for the window: check in for a day, a new episode on a day, edit one
    check_in_requested = Signal(object)
    new_episode_requested = Signal(object)
    edit_requested = Signal(str)
    #: a month was shown (or failed); for tests
    updated = Signal()

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CalendarView")
        self.ctx = ctx
        self.runner = runner
        self._today = date.today
        self._episodes: list[str] = []
        today = self._today()

        arrow = QSize(self.fontMetrics().height() * 2, self.fontMetrics().height() * 2)
        self.prev_button = QToolButton()
        self.prev_button.setMinimumSize(arrow)
        self.prev_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.prev_button.setAccessibleName(_("Previous month"))
        self.prev_button.setToolTip(_("Previous month (Page Up)"))
        self.next_button = QToolButton()
        self.next_button.setMinimumSize(arrow)
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setAccessibleName(_("Next month"))
        self.next_button.setToolTip(_("Next month (Page Down)"))
        self.title = QLabel()
        self.title.setObjectName("monthTitle")
        tf = self.title.font()
        tf.setBold(True)
        tf.setPointSizeF(tf.pointSizeF() * 1.3)
        self.title.setFont(tf)
        self.today_button = QPushButton(_("&Today"))
        self.today_button.setToolTip(_("Go to today"))
        self.stats = QLabel()
        self.stats.setObjectName("monthStats")
        self.stats.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.prev_button)
        bar.addWidget(self.title)
        bar.addWidget(self.next_button)
        bar.addSpacing(12)
        bar.addWidget(self.today_button)
        bar.addStretch(1)

        self.grid = MonthGrid()
        self.grid.selected = today
        # the key, in the side panel: the grid keeps the height (150 % fonts too)
        legend = QGridLayout()
        legend.setHorizontalSpacing(6)
        legend.setVerticalSpacing(4)
        for row, (key, mark, text) in enumerate(LEGEND):
            legend.addWidget(Swatch(legend_sample(key, mark)), row, 0)
            label = QLabel(_(text))
            label.setWordWrap(True)
            legend.addWidget(label, row, 1)
        # the key of "see below"
        letters = QLabel(_("Medication letters: {letters}.", letters=class_key()))
        letters.setObjectName("classKeyLabel")
        letters.setWordWrap(True)
        legend.addWidget(letters, len(LEGEND), 0, 1, 2)
        legend.setColumnStretch(1, 1)

        left = QVBoxLayout()
        left.addLayout(bar)
        left.addWidget(self.grid, 1)
        left.addWidget(self.stats)

        self.day_label = QLabel()
        self.day_label.setObjectName("dayTitle")
        df = self.day_label.font()
        df.setBold(True)
        self.day_label.setFont(df)
        self.day_label.setWordWrap(True)
        self.day_text = QLabel()
        self.day_text.setObjectName("dayText")
        self.day_text.setWordWrap(True)
        self.day_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.episode_list = QListWidget()
        self.episode_list.setObjectName("dayEpisodeList")
        self.episode_list.setAccessibleName(_("Episodes in progress on the chosen day"))
        self.episode_list.setWordWrap(True)  # a whole line per episode, no sideways scrolling
        self.episode_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.checkin_button = QPushButton(_("Chec&k in for this day…"))
        self.new_button = QPushButton(_("&New episode on this day…"))
        self.edit_button = QPushButton(_("Edit epis&ode…"))
        side = QVBoxLayout()
        side.addWidget(self.day_label)
        side.addWidget(self.day_text)
        side.addWidget(self.episode_list, 2)
        side.addWidget(self.edit_button)
        side.addStretch(1)
        side.addWidget(self.new_button)
        side.addWidget(self.checkin_button)
        side.addSpacing(12)
        # Translators: the heading of the calendar's legend
        key_title = QLabel(pgettext("legend", "Key"))
        kf = key_title.font()
        kf.setBold(True)
        key_title.setFont(kf)
        side.addWidget(key_title)
        side.addLayout(legend)
        panel = QWidget()
        panel.setLayout(side)
        panel.setMinimumWidth(
            max(
                self.fontMetrics().horizontalAdvance(b.text().replace("&", ""))
                for b in (self.checkin_button, self.new_button, self.edit_button)
            )
            + 40
        )
        panel.setMaximumWidth(self.fontMetrics().horizontalAdvance("x") * 60)

        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.addLayout(left, 3)
        outer.addWidget(panel, 1)

        self.prev_button.clicked.connect(lambda: self.show_month(*add_months(*self.shown(), -1)))
        self.next_button.clicked.connect(lambda: self.show_month(*add_months(*self.shown(), 1)))
        self.today_button.clicked.connect(self.go_today)
        self.grid.month_requested.connect(self.show_month)
        self.grid.day_selected.connect(lambda _d: self.show_day())
        self.grid.day_activated.connect(self.check_in_requested)
        self.checkin_button.clicked.connect(
            lambda: self.check_in_requested.emit(self.grid.selected)
        )
        self.new_button.clicked.connect(lambda: self.new_episode_requested.emit(self.grid.selected))
        self.edit_button.clicked.connect(self._edit_chosen)
        self.episode_list.itemActivated.connect(lambda _i: self._edit_chosen())
        self.episode_list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.setTabOrder(self.prev_button, self.next_button)
        self.setTabOrder(self.next_button, self.today_button)
        self.setTabOrder(self.today_button, self.grid)
        self.setTabOrder(self.grid, self.episode_list)
        self.setTabOrder(self.episode_list, self.edit_button)
        self.setTabOrder(self.edit_button, self.new_button)
        self.setTabOrder(self.new_button, self.checkin_button)
        self.show_month(today.year, today.month)

    # -- months ----------------------------------------------------------------------------
    def shown(self) -> tuple[int, int]:
        return self.grid.year, self.grid.month

    def go_today(self) -> None:
        today = self._today()
        self.grid.selected = today
        self.show_month(today.year, today.month)
        self.grid.setFocus()

    def show_month(self, year: int, month: int) -> None:
        """Show ``month`` at once (empty) and fill it from a worker."""
        shown = i18n.format_month(date(year, month, 1))
        self.title.setText(shown)
        self.title.setAccessibleName(_("Month shown: {month}", month=shown))
        keep = self.grid.calendar if (year, month) == self.shown() else None
        self.grid.set_month(year, month, keep)
        self.refresh()

    def refresh(self) -> None:
        """Read the month shown again (after any change to the diary)."""
        from headache_diary.services.calendar import month_calendar

        year, month = self.shown()
        ctx, today = self.ctx, self._today()

        def work(job: Job) -> MonthCalendar:
            return month_calendar(ctx, year, month, today, job)

        task = self.runner.run(work, channel="calendar")
        task.finished.connect(self._loaded)
        task.failed.connect(self._failed)

    def _loaded(self, cal: MonthCalendar) -> None:
        if (cal.year, cal.month) != self.shown():
            return
        self.grid.set_month(cal.year, cal.month, cal)
        known = cal.known_days
        if known:
            # whole sentences, one per count, one after another
            sentences = [
                ngettext(
                    "Recorded {recorded} of {count} day so far.",
                    "Recorded {recorded} of {count} days so far.",
                    known,
                    recorded=cal.recorded_days,
                ),
                ngettext(
                    "Headache on {count} day.", "Headache on {count} days.", cal.count("headache")
                ),
                ngettext(
                    "Confirmed headache-free on {count} day.",
                    "Confirmed headache-free on {count} days.",
                    cal.count("headache_free"),
                ),
                ngettext(
                    "No record on {count} day.",
                    "No record on {count} days.",
                    cal.count("unrecorded"),
                ),
            ]
            if cal.medication_days:
                sentences.append(
                    ngettext(
                        "Medication on {count} day.",
                        "Medication on {count} days.",
                        cal.medication_days,
                    )
                )
            text = " ".join(sentences)
        else:
            text = _("This month is still to come.")
        self.stats.setText(text)
        self.show_day()
        self.updated.emit()

    def _failed(self, exc: DiaryError) -> None:
        self.stats.setText(_("The calendar could not be read: {error}", error=str(exc)))
        self.updated.emit()

    # -- the chosen day --------------------------------------------------------------------
    def show_day(self) -> None:
        from headache_diary.services.checkins import day_record

        d = self.grid.selected
        self.day_label.setText(day_title(d))
        cell = self.grid.day(d)
        self.episode_list.clear()
        self._episodes = []
        if d > self._today():
            self.day_text.setText(_("This day is still to come."))
            self._update_buttons()
            return
        try:
            record = day_record(self.ctx, d, self._today())
        except DiaryError as exc:
            self.day_text.setText(str(exc))
            return
        lines = []
        if cell is not None:
            # Translators: {state} is what was recorded that day, e.g. "Headache, 1 episode"
            lines.append(_("{state}.", state=day_state(cell)))
        ci = record.check_in
        plain_free = ci is not None and ci.headache_free and not ci.note and not record.episodes
        if ci is not None and not (plain_free and ci.neck_stiffness is None):
            lines.append(check_in_line(ci, bool(record.episodes)))
        self.day_text.setText("\n".join(lines))
        for ep in record.episodes:
            item = QListWidgetItem(episode_line(ep))
            item.setData(Qt.ItemDataRole.UserRole, ep.id)
            self.episode_list.addItem(item)
            self._episodes.append(ep.id)
        if self._episodes:
            self.episode_list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        future = self.grid.selected > self._today()
        self.checkin_button.setEnabled(not future)
        self.new_button.setEnabled(not future)
        self.edit_button.setEnabled(self.episode_list.currentRow() >= 0)
        self.episode_list.setVisible(bool(self._episodes))
        self.edit_button.setVisible(self.episode_list.isVisible())

    def _edit_chosen(self) -> None:
        item = self.episode_list.currentItem()
        if item is not None:
            self.edit_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def select_day(self, d: date) -> None:
        """Show ``d``'s month and choose ``d`` (as a click would)."""
        self.grid.selected = d
        if (d.year, d.month) != self.shown():
            self.show_month(d.year, d.month)
        else:
            self.grid.select(d)
