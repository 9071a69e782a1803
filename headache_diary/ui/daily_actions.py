"""Daily use in the window: the quick log, the ongoing state, the check-in, the Calendar
tab, and what is asked at the start of a day.

* "Headache started…" (toolbar, Ctrl+Shift+N): only the side (``ui.quick_log``); the
  ongoing state shows above the tabs with "Headache ended" and "Add details…".
* "Daily check-in…" (toolbar, Ctrl+Shift+K): the check-in dialog (``ui.checkin_dialog``).
* The Calendar tab (``ui.calendar_view``) is built when first shown.
* :meth:`DailyActions.start_of_day` (called by ``ui.startup`` once the diary is open): an
  episode ongoing for over 24 hours is asked about ("still going on?"); then, at the first
  start of a day, a check-in is offered for yesterday when it has no record.

Everything reads and writes through ``services``; the window refreshes the list, the
Analysis tab, the ongoing state and the calendar after every change, its own or another
process's (``headache-diary log`` from a keyboard shortcut).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QBoxLayout, QMessageBox, QVBoxLayout, QWidget

from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.jobs import Job
from headache_diary.i18n import _
from headache_diary.services.preferences import first_day_of_week
from headache_diary.ui.formatting import format_duration
from headache_diary.ui.tasks import Task, TaskRunner
from headache_diary.ui.writing import run_write

if TYPE_CHECKING:  # loaded once the diary is open: the first window shows without them
    from headache_diary.domain.episode import Episode
    from headache_diary.services.checkins import CheckInSaved
    from headache_diary.ui.calendar_view import CalendarView
    from headache_diary.ui.checkin_dialog import CheckInDialog
    from headache_diary.ui.quick_log import ForgottenDialog, OngoingBar, QuickLogDialog


def _now_utc() -> datetime:
    from headache_diary.domain.timeutil import now_utc

    return now_utc()


def checked_in_text(saved: CheckInSaved) -> str:
    """What the status bar says after a check-in was stored."""
    ci, day, stiffness = saved.saved, saved.saved.day, saved.saved.neck_stiffness
    if ci.headache_free:
        text = (
            _(
                "Checked in for {day}: headache-free, neck stiffness {stiffness}/10",
                day=day,
                stiffness=stiffness,
            )
            if stiffness is not None
            else _("Checked in for {day}: headache-free", day=day)
        )
    else:
        text = (
            _(
                "Checked in for {day}: headache, neck stiffness {stiffness}/10",
                day=day,
                stiffness=stiffness,
            )
            if stiffness is not None
            else _("Checked in for {day}: headache", day=day)
        )
    if saved.replaced is not None:
        # Translators: {check_in} is e.g. "Checked in for 7 Mar 2026: headache-free"
        text = _("{check_in} (replaces the earlier check-in)", check_in=text)
    return text


_LAST_START = "daily/last_start"
_STILL = "daily/still_ongoing"


class DailyActions(QObject):
    """The daily entries of the window it belongs to (its parent): the window places
    :attr:`quick_log_action`, :attr:`checkin_action` and :attr:`calendar_page`, gives the
    column above its tabs (where the ongoing state appears) and connects the signals."""

    #: the ongoing state was read and shown (after any change); for tests
    ongoing_shown = Signal()
    #: a change was stored here (the episode to select, or None): the window reloads
    changed = Signal(object)
    #: "Add details…" of an ongoing episode, a day's episode in the calendar: its id
    details_requested = Signal(str)
    #: a new episode from the calendar, starting at the time given (None: now)
    new_episode_requested = Signal(object)
    #: a short note for the status bar: (text, milliseconds)
    status = Signal(str, int)

    def __init__(
        self,
        parent: QWidget,
        runner: TaskRunner,
        settings: QSettings,
        column: QBoxLayout,
        ctx: AppContext | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        #: what was asked at the start of the day (the window's settings file)
        self.settings = settings
        self.today = date.today
        self.now = _now_utc
        self.calendar: CalendarView | None = None
        self.dialog: QuickLogDialog | CheckInDialog | ForgottenDialog | None = None
        #: episodes whose "Headache ended" is being stored (a second press waits)
        self._ending: set[str] = set()

        K = QKeySequence
        self.quick_log_action = QAction(_("Headache &started…"), parent)
        self.quick_log_action.setShortcut(K(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_N))
        self.quick_log_action.setStatusTip(_("Log a headache that starts now: only the side"))
        self.quick_log_action.triggered.connect(lambda _c=False: self.quick_log())
        self.checkin_action = QAction(_("Daily &check-in…"), parent)
        self.checkin_action.setShortcut(K(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_K))
        self.checkin_action.setStatusTip(_("Say how the day was, headache or not"))
        self.checkin_action.triggered.connect(lambda _c=False: self.check_in())
        for act in (self.quick_log_action, self.checkin_action):
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

        # the ongoing state goes first in ``column`` (the bar itself is made on first use)
        self._bar: OngoingBar | None = None
        self._column = column

        # the Calendar tab, filled on first show (:meth:`ensure_calendar`)
        self.calendar_page = QWidget()
        self.calendar_page.setObjectName("calendarPage")
        self._calendar_layout = QVBoxLayout(self.calendar_page)
        self._calendar_layout.setContentsMargins(0, 0, 0, 0)
        self.update_actions()
        if ctx is not None:  # made on an open diary (else: attach)
            self.refresh()

    def _window(self) -> QWidget:  # the parent: a Qt relation, no reference cycle
        return cast(QWidget, self.parent())

    # -- state ---------------------------------------------------------------------------
    @property
    def bar(self) -> OngoingBar:
        """The ongoing state above the tabs (hidden while nothing is ongoing)."""
        if self._bar is None:
            from headache_diary.ui.quick_log import OngoingBar

            self._bar = OngoingBar(now=lambda: self.now())
            self._bar.end_requested.connect(self.end_now)
            self._bar.details_requested.connect(self.add_details)
            self._column.insertWidget(0, self._bar)
        return self._bar

    def update_actions(self) -> None:
        ready = self.ctx is not None
        self.quick_log_action.setEnabled(ready)
        self.checkin_action.setEnabled(ready)

    def attach(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.update_actions()
        if self.calendar is not None:
            self.calendar.ctx = ctx
        self.refresh()

    def detach(self) -> None:
        self.ctx = None
        self.update_actions()
        if self._bar is not None:
            self._bar.set_episodes([])

    def refresh(self) -> None:
        """Read the ongoing episodes (on a worker) and the calendar month again."""
        ctx = self.ctx
        if ctx is None:
            return

        def work(_job: Job) -> list[Episode]:
            # (never a Qt module here: PySide6 makes a Qt class's Python enums when it is
            # first used, which is not safe from two threads at once; importing ui.quick_log
            # on this worker crashed the window about once in 40 starts)
            from headache_diary.services.quick_log import ongoing_episodes

            return ongoing_episodes(ctx)

        task = self.runner.run(work, channel="ongoing")
        task.finished.connect(self._show_ongoing)
        task.failed.connect(
            lambda exc: self.status.emit(
                _("The ongoing episodes could not be read: {error}", error=str(exc)), 0
            )
        )
        if self.calendar is not None:
            self.calendar.refresh()

    def _show_ongoing(self, found: list[Episode]) -> None:
        if found or self._bar is not None:  # the bar is made when first needed
            self.bar.set_episodes(found)
            # Tab goes through the bar's buttons, top to bottom, then on to the tabs below
            below = self._column.itemAt(self._column.indexOf(self.bar) + 1)
            chain: list[QWidget | None] = [
                b for row in self.bar.rows for b in (row.end_button, row.details_button)
            ]
            chain.append(below.widget() if below is not None else None)
            for a, b in zip(chain, chain[1:], strict=False):
                if a is not None and b is not None:
                    QWidget.setTabOrder(a, b)
        self.ongoing_shown.emit()

    def ensure_calendar(self) -> CalendarView | None:
        if self.calendar is None and self.ctx is not None:
            from headache_diary.ui.calendar_view import CalendarView

            view = CalendarView(self.ctx, self.runner, self.calendar_page)
            view._today = lambda: self.today()
            view.grid.set_first_weekday(first_day_of_week(self.ctx.paths))
            view.check_in_requested.connect(lambda d: self.check_in(d))
            view.new_episode_requested.connect(self.new_episode_on)
            view.edit_requested.connect(self.add_details)
            self._calendar_layout.addWidget(view)
            self.calendar = view
            view.go_today()
        return self.calendar

    def set_first_weekday(self, weekday: int) -> None:
        """The calendar's weeks start on ``weekday`` (ISO: 1 = Monday), from Settings."""
        if self.calendar is not None:
            self.calendar.grid.set_first_weekday(weekday)

    def _changed(self, select: str | None = None) -> None:
        """After a change made here: the list, the analysis, the bar and the calendar."""
        self.changed.emit(select)  # the window reloads, then asks us to refresh

    # -- quick log -------------------------------------------------------------------------
    def quick_log(self) -> QuickLogDialog | None:
        from headache_diary.ui.quick_log import QuickLogDialog

        if self.ctx is None:
            return None
        dialog = QuickLogDialog(self.ctx, self._window(), now=lambda: self.now())
        dialog.saving.runner = self.runner
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved() -> None:
            ep = dialog.saved_episode
            if ep is not None:
                self._changed(ep.id)
                self.status.emit(_("Headache logged; press “Headache ended” when it is over"), 8000)

        dialog.accepted.connect(saved)
        dialog.open()
        self.dialog = dialog
        return dialog

    def end_now(self, episode_id: str) -> Task | None:
        """ "Headache ended": the episode ends now, stored on a worker (``ui.writing``);
        the running task, or None when that episode is being ended already."""
        from headache_diary.services.quick_log import end_episode

        if self.ctx is None or episode_id in self._ending:
            return None
        ctx, now = self.ctx, self.now()
        self._ending.add(episode_id)

        def ended(ep: Episode) -> None:
            self._ending.discard(episode_id)
            self._changed(ep.id)
            self.status.emit(
                _(
                    "Headache ended; it lasted {duration} — “Edit episode” changes the end time",
                    duration=format_duration(ep.duration),
                ),
                10_000,
            )

        def failed(exc: DiaryError) -> None:
            self._ending.discard(episode_id)
            QMessageBox.critical(self._window(), _("Headache not ended"), str(exc))
            self.refresh()

        return run_write(self.runner, lambda: end_episode(ctx, episode_id, now=now), ended, failed)

    def add_details(self, episode_id: str) -> None:
        self.details_requested.emit(episode_id)

    def new_episode_on(self, day: date) -> None:
        """A new episode starting on ``day`` (now when it is today, else at noon)."""
        from headache_diary.domain.timeutil import zone_for

        if self.ctx is None:
            return
        start: datetime | None = None
        if day != self.today():
            start = datetime(day.year, day.month, day.day, 12, tzinfo=zone_for(self.ctx.zone))
        self.new_episode_requested.emit(start)

    # -- check-in --------------------------------------------------------------------------
    def check_in(self, day: date | None = None, offered: bool = False) -> CheckInDialog | None:
        from headache_diary.ui.checkin_dialog import CheckInDialog

        if self.ctx is None:
            return None
        today = self.today()
        if day is not None and day > today:
            return None
        dialog = CheckInDialog(self.ctx, day, self._window(), today=today, offered=offered)
        dialog.saving.runner = self.runner
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved() -> None:
            if dialog.saved is not None:
                self._changed()
                self.status.emit(checked_in_text(dialog.saved), 8000)

        dialog.accepted.connect(saved)
        dialog.open()
        self.dialog = dialog
        return dialog

    # -- the start of a day ----------------------------------------------------------------
    def start_of_day(self) -> None:
        """At start-up, once the diary is open: first ask about an episode ongoing for over
        24 hours, then (at the first start of the day) offer yesterday's check-in."""
        if self.ctx is None:
            return
        settings = self.settings
        today = self.today()
        first_today = str(settings.value(_LAST_START, "")) != today.isoformat()
        settings.setValue(_LAST_START, today.isoformat())
        if not self.ask_about_forgotten(then_offer=first_today) and first_today:
            self.offer_check_in()

    def ask_about_forgotten(self, then_offer: bool = False) -> bool:
        """Open "still going on?" for the oldest episode ongoing for over 24 hours that
        was not confirmed today; True when it was opened."""
        from headache_diary.services.quick_log import forgotten_ongoing
        from headache_diary.ui.quick_log import ForgottenDialog

        if self.ctx is None:
            return False
        try:
            forgotten = forgotten_ongoing(self.ctx, self.now())
        except DiaryError:
            return False
        confirmed = self._confirmed_still()
        forgotten = [ep for ep in forgotten if ep.id not in confirmed]
        if not forgotten:
            return False
        dialog = ForgottenDialog(self.ctx, forgotten[0], self._window(), now=lambda: self.now())
        dialog.saving.runner = self.runner
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def done(_result: int) -> None:
            if dialog.answer == "still":
                self._remember_still(dialog.episode.id)
            elif dialog.answer == "ended" and dialog.ended_episode is not None:
                self._changed(dialog.ended_episode.id)
            if dialog.answer is not None and self.ask_about_forgotten(then_offer):
                return  # the next one
            if then_offer:
                self.offer_check_in()

        dialog.finished.connect(done)
        dialog.open()
        self.dialog = dialog
        return True

    def offer_check_in(self) -> CheckInDialog | None:
        from headache_diary.services.checkins import check_in_offer

        if self.ctx is None:
            return None
        try:
            day = check_in_offer(self.ctx, self.today())
        except DiaryError:
            return None
        return None if day is None else self.check_in(day, offered=True)

    def _confirmed_still(self) -> set[str]:
        """Episodes the patient said today were still going on."""
        value = str(self.settings.value(_STILL, ""))
        day, _sep, ids = value.partition(":")
        return set(ids.split(",")) if day == self.today().isoformat() and ids else set()

    def _remember_still(self, episode_id: str) -> None:
        ids = self._confirmed_still() | {episode_id}
        self.settings.setValue(_STILL, f"{self.today().isoformat()}:{','.join(sorted(ids))}")
