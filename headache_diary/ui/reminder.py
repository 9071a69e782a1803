"""The daily reminder: at the chosen time, when nothing has been recorded today, it says
so (through the tray where there is one, else in the window).

Driven by one single-shot QTimer that wakes at the reminder time or every
:data:`TICK_MS` at the latest, and compares the clock then: a computer that slept
through the time, or a clock change, still gets the reminder when it wakes, and never
twice a day. Whether anything was recorded is asked at that moment
(``services.reminders.nothing_recorded_today``, through ``check``). The clock and the
check are injected, so the tests drive the timer without waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

#: the longest the timer sleeps before it looks at the clock again
TICK_MS = 5 * 60 * 1000


def local_now() -> datetime:
    """The computer's wall-clock time (naive)."""
    return datetime.now()


class DailyReminder(QObject):
    #: it is time and nothing is recorded today
    fired = Signal()

    def __init__(
        self,
        parent: QObject | None,
        check: Callable[[], bool],
        *,
        now: Callable[[], datetime] = local_now,
    ) -> None:
        super().__init__(parent)
        self._check = check
        self.now = now
        self.enabled = False
        self.at = time(20, 0)
        #: the last day the reminder looked (fired, or found something recorded)
        self.done_on: date | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._tick)

    def configure(self, enabled: bool, at: time) -> None:
        """Turn the reminder on or off, at ``at`` (a new time today may still come)."""
        if at != self.at:
            self.done_on = None
        self.enabled = enabled
        self.at = at
        self._schedule()

    def due(self) -> datetime:
        """Today's reminder time."""
        return datetime.combine(self.now().date(), self.at)

    def _schedule(self) -> None:
        self.timer.stop()
        if not self.enabled:
            return
        now = self.now()
        target = datetime.combine(now.date(), self.at)
        if self.done_on == now.date() or now >= target:
            target = datetime.combine(now.date() + timedelta(days=1), self.at)
            if self.done_on != now.date():
                target = now  # past the time today and not yet looked: look now
        ms = int((target - now).total_seconds() * 1000)
        self.timer.start(max(0, min(ms, TICK_MS)))

    def _tick(self) -> None:
        now = self.now()
        if self.enabled and self.done_on != now.date() and now >= self.due():
            self.done_on = now.date()
            if self._check():
                self.fired.emit()
        self._schedule()
