"""The task runner: slow work on QThreadPool workers, so the window never freezes.

A task is a plain function ``work(job) -> result`` (usually a ``services`` call); it runs
on a worker thread with its own SQLite connection (each unit of work checks one out of
the engine's pool in the thread that runs it). The window hears back through Qt signals,
which Qt delivers in the GUI thread:

* ``progressed(done, total)``: throttled by the :class:`~headache_diary.domain.jobs.Job`
  to a few a second;
* ``finished(result)`` or ``failed(error)``: a :class:`DiaryError` carries a readable
  message; any other exception is logged with its traceback and reported as one;
* ``cancelled()``: after :meth:`Task.cancel` (which interrupts the running SQLite
  statement, so the unit of work rolls back and nothing has changed).

Tasks started on the same ``channel`` replace each other: starting one cancels the one
before, and a result that arrives from an older one (a stale generation) is dropped, so
the Analysis tab only ever shows the period that is selected now.

A worker whose work leaves garbage in reference cycles part by part (a chart's figure) may
call :func:`collect_in_gui_thread` between the parts: the GUI thread then runs the
composition root's collection (``app.GuiCollector``; never one on a worker) while the
worker waits, so the next part reuses the memory.

A task started with ``cancellable=False`` (a save, delete, undo or backup: ``ui.writing``)
is never cancelled, not even by :meth:`TaskRunner.shutdown`, which waits for it: what the
patient asked to store is stored, or fails with a message.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from headache_diary.domain.errors import Cancelled, DiaryError
from headache_diary.domain.jobs import Job
from headache_diary.i18n import _

log = logging.getLogger(__name__)

Work = Callable[[Job], Any]


class _Relay(QObject):
    """Carries a worker's outcome into the GUI thread.

    One relay for the whole app, made in the GUI thread and never deleted: a worker may
    still be inside ``emit`` when its task has already been dealt with, so the object it
    emits on must outlive every task (deleting a QObject while another thread emits one of
    its signals is a race)."""

    progressed = Signal(int, int, int)
    done = Signal(int, object)
    error = Signal(int, object)
    #: a worker asks the GUI thread to collect; it waits on the threading.Event sent
    collect = Signal(object)


_relay: _Relay | None = None
#: the composition root's collection in the GUI thread (set_collector), or None
_collector: Callable[[], object] | None = None
#: running tasks by number, kept alive until their outcome has been delivered
_tasks: dict[int, Task] = {}
_numbers = itertools.count(1)


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()
        _relay.progressed.connect(lambda n, d, t: _deliver(n, "progress", (d, t)))
        _relay.done.connect(lambda n, result: _deliver(n, "done", result))
        _relay.error.connect(lambda n, exc: _deliver(n, "error", exc))
        _relay.collect.connect(_collect_for_worker)
    return _relay


def set_collector(collect: Callable[[], object] | None) -> None:
    """The collection a worker may ask the GUI thread for (:func:`collect_in_gui_thread`):
    set by the composition root (app.GuiCollector) when it starts, None again when it
    stops; without one, asking does nothing."""
    global _collector
    _collector = collect


def collect_in_gui_thread(timeout_s: float = 1.0) -> None:
    """From a worker, between two parts of long work: the GUI thread collects the garbage
    made so far while this worker waits (at most ``timeout_s``: a GUI thread that waits for
    the workers itself does not collect). Nothing without a collector or a relay, or when
    called in the GUI thread."""
    relay = _relay
    if _collector is None or relay is None or threading.current_thread() is threading.main_thread():
        return
    done = threading.Event()
    try:
        relay.collect.emit(done)
    except RuntimeError:  # the relay's C++ side is gone: the process is ending
        return
    done.wait(timeout_s)


def _collect_for_worker(done: threading.Event) -> None:
    try:
        if _collector is not None:
            _collector()
    finally:
        done.set()


def _deliver(number: int, what: str, value: object) -> None:
    task = _tasks.get(number)
    if task is None:
        return
    if what == "progress":
        task._on_progress(*value)  # type: ignore[misc]
        return
    del _tasks[number]
    if what == "done":
        task._on_done(value)
    else:
        task._on_error(value)


def _worker(work: Work, job: Job, number: int, relay: _Relay) -> Callable[[], None]:
    """The function the pool runs (the pool owns its runnable and deletes it after)."""

    def run() -> None:
        try:
            try:
                result = work(job)
            except BaseException as exc:  # noqa: BLE001 - every outcome must reach the window
                relay.error.emit(number, exc)
            else:
                relay.done.emit(number, result)
        except RuntimeError:
            # the relay's C++ side is gone: the process is ending (Qt's objects are
            # deleted at exit) while this worker finished; there is no window to tell
            pass

    return run


class Task(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        work: Work,
        channel: str | None,
        generation: int,
        cancellable: bool = True,
    ):
        super().__init__()
        self.channel = channel
        self.generation = generation
        self.cancellable = cancellable
        self.running = True
        self._runner = runner
        self.number = number = next(_numbers)
        relay = _the_relay()
        # Nothing the worker holds refers to the task (the progress callback knows only
        # its number), and the task refers to nothing that refers back to it: a finished
        # task is freed by reference counting, in the GUI thread that drops it last, and
        # never waits for the garbage collector (which would destroy this QObject in
        # whichever thread collects; DESIGN.md).
        self.job = Job(lambda done, total: relay.progressed.emit(number, done, total))
        self.run = _worker(work, self.job, number, relay)
        _tasks[number] = self

    def cancel(self) -> None:
        """Stop the work (its SQL statement is interrupted; the unit of work rolls back);
        nothing happens to a task that is not cancellable."""
        if self.cancellable:
            self.job.cancel()

    @property
    def current(self) -> bool:
        """False once a newer task was started on the same channel."""
        return self._runner.is_current(self)

    def _on_progress(self, done: int, total: int) -> None:
        if self.current and not self.job.cancelled:
            self.progressed.emit(done, total)

    def _end(self) -> None:
        self.running = False
        self._runner.forget(self)

    def _on_done(self, result: object) -> None:
        self._end()
        if not self.current:
            return  # a stale generation: the window has moved on
        if self.job.cancelled:
            self.cancelled.emit()
        else:
            self.finished.emit(result)

    def _on_error(self, exc: object) -> None:
        self._end()
        if not self.current:
            return
        if isinstance(exc, Cancelled) or self.job.cancelled:
            self.cancelled.emit()
            return
        if not isinstance(exc, DiaryError):
            assert isinstance(exc, BaseException)
            log.error("a background task failed", exc_info=(type(exc), exc, exc.__traceback__))
            exc = DiaryError(
                _(
                    "Something went wrong ({error}). Nothing was changed; the log file has "
                    "the details.",
                    error=f"{exc.__class__.__name__}: {exc}",  # i18n: the exception's own text
                )
            )
        self.failed.emit(exc)


class TaskRunner(QObject):
    """Starts tasks on a thread pool and keeps them alive until they report back."""

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._running: set[Task] = set()
        self._generations: dict[str, int] = {}

    def run(self, work: Work, *, channel: str | None = None, cancellable: bool = True) -> Task:
        """Start ``work(job)`` on a worker. On a ``channel``, the task started before on
        it is cancelled and its result will be dropped. ``cancellable=False``: a write
        (see the module's doc), on no channel."""
        assert cancellable or channel is None
        generation = 0
        if channel is not None:
            generation = self._generations.get(channel, 0) + 1
            self._generations[channel] = generation
            for task in list(self._running):
                if task.channel == channel:
                    task.cancel()
        task = Task(self, work, channel, generation, cancellable)
        self._running.add(task)
        self.pool.start(task.run)
        return task

    def is_current(self, task: Task) -> bool:
        return task.channel is None or self._generations.get(task.channel) == task.generation

    def forget(self, task: Task) -> None:
        self._running.discard(task)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def busy_on(self, channel: str) -> bool:
        return any(task.channel == channel for task in self._running)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel every task (but the writes) and wait for the workers (when the window
        closes); True when they all stopped in time."""
        for task in list(self._running):
            task.cancel()
        return self.pool.waitForDone(timeout_ms)
