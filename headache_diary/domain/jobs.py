"""The handle a long piece of work gets: progress, cancel, and what to interrupt.

Qt-free, so that services, storage and io can report progress and stop early without
knowing who runs them: the CLI runs them directly (``Job()`` does nothing), the GUI's task
runner (``ui.tasks``) runs them on a worker thread and passes a Job whose progress
callback posts to the window.

* :meth:`Job.progress` may be called as often as convenient: the callback is throttled to
  a few calls a second (and always gets the first and the last value).
* :meth:`Job.cancel` may be called from any thread. The work notices at its next
  :meth:`Job.check` (or ``progress``), and any SQLite statement running for it is stopped
  at once with ``sqlite3.Connection.interrupt()`` (the unit of work then rolls back).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from headache_diary.domain.errors import Cancelled
from headache_diary.i18n import _

#: progress(done, total)
ProgressCallback = Callable[[int, int], None]

#: seconds between two progress callbacks (first and last always go through)
THROTTLE = 0.2


class Job:
    def __init__(
        self, progress: ProgressCallback | None = None, *, throttle: float = THROTTLE
    ) -> None:
        self._callback = progress
        self._throttle = throttle
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._interrupts: dict[int, Callable[[], None]] = {}
        self._last_report = float("-inf")
        self._last_value: tuple[int, int] | None = None

    # -- cancel ----------------------------------------------------------------------------
    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Ask the work to stop (any thread); interrupts its running SQL statements."""
        self._cancelled.set()
        with self._lock:
            interrupts = list(self._interrupts.values())
        for interrupt in interrupts:
            interrupt()

    def check(self) -> None:
        """Raise Cancelled when the work was cancelled."""
        if self._cancelled.is_set():
            raise Cancelled(_("The work was cancelled; nothing was changed."))

    def watch(self, interrupt: Callable[[], None]) -> int:
        """Register what stops the running statement (e.g. a connection's ``interrupt``)
        until :meth:`unwatch`; returns the key for that."""
        with self._lock:
            key = id(interrupt)
            self._interrupts[key] = interrupt
        if self._cancelled.is_set():  # cancelled before the statement began
            interrupt()
        return key

    def unwatch(self, key: int) -> None:
        with self._lock:
            self._interrupts.pop(key, None)

    # -- progress ----------------------------------------------------------------------------
    def progress(self, done: int, total: int) -> None:
        """Report progress (throttled) and raise Cancelled when the work was cancelled."""
        self.check()
        if self._callback is None:
            return
        now = time.monotonic()
        due = done >= total or now - self._last_report >= self._throttle
        if due and (done, total) != self._last_value:
            self._last_report = now
            self._last_value = (done, total)
            self._callback(done, total)

    def part(self, start: int, end: int, total: int = 100) -> Job:
        """A view of this job whose progress 0..n maps onto ``start``..``end`` of ``total``
        (for work made of steps); cancel and interrupts are shared."""
        return _Part(self, start, end, total)


class _Part(Job):
    def __init__(self, outer: Job, start: int, end: int, total: int) -> None:
        self._outer = outer
        self._range = (start, end, total)

    @property
    def cancelled(self) -> bool:
        return self._outer.cancelled

    def cancel(self) -> None:
        self._outer.cancel()

    def check(self) -> None:
        self._outer.check()

    def watch(self, interrupt: Callable[[], None]) -> int:
        return self._outer.watch(interrupt)

    def unwatch(self, key: int) -> None:
        self._outer.unwatch(key)

    def progress(self, done: int, total: int) -> None:
        start, end, outer_total = self._range
        share = 0 if total <= 0 else min(done, total) / total
        self._outer.progress(start + round((end - start) * share), outer_total)
