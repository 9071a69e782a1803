"""The task runner: slow work off the GUI thread, stale results dropped, cancel, errors."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from headache_diary.domain.errors import Cancelled, DiaryError
from headache_diary.domain.jobs import Job
from headache_diary.io.csv_format import episodes_to_csv
from headache_diary.services import episodes as episode_service
from headache_diary.services import transfer
from headache_diary.storage import repository
from headache_diary.ui.analysis_view import AnalysisView
from headache_diary.ui.main_window import MainWindow
from headache_diary.ui.tasks import TaskRunner


def test_the_heartbeat_keeps_ticking_while_a_worker_runs_a_slow_job(qtbot) -> None:
    """A job that takes 0.6 s of Python work on a worker: the GUI thread's 10 ms timer keeps
    firing all along (frozen, it would fire once at the end)."""
    runner = TaskRunner()
    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: ticks.append(time.monotonic()))
    heartbeat.start()

    def slow(job: Job) -> int:
        end = time.monotonic() + 0.6
        n = 0
        while time.monotonic() < end:  # pure Python, holding the GIL between switches
            n += sum(range(200))
            job.check()
        return n

    task = runner.run(slow)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    heartbeat.stop()
    assert len(ticks) >= 20, len(ticks)


def test_results_progress_and_errors_come_back_as_signals(qtbot, caplog) -> None:
    runner = TaskRunner()
    seen: list[tuple[int, int]] = []

    def counting(job: Job) -> str:
        for i in range(1, 6):
            job.progress(i, 5)
        return "done"

    task = runner.run(counting)
    task.progressed.connect(lambda d, t: seen.append((d, t)))
    with qtbot.waitSignal(task.finished, timeout=5000) as got:
        pass
    assert got.args == ["done"]
    assert seen and seen[-1] == (5, 5)  # throttled, but the last report always arrives

    task = runner.run(lambda job: 1 / 0)
    with qtbot.waitSignal(task.failed, timeout=5000) as failed:
        pass
    (exc,) = failed.args
    assert isinstance(exc, DiaryError)
    assert "Something went wrong (ZeroDivisionError" in str(exc)
    assert any("ZeroDivisionError" in r.exc_text for r in caplog.records if r.exc_text)

    task = runner.run(lambda job: (_ for _ in ()).throw(DiaryError("readable")))
    with qtbot.waitSignal(task.failed, timeout=5000) as failed:
        pass
    assert str(failed.args[0]) == "readable"


def test_a_newer_task_on_the_channel_drops_the_older_result(qtbot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    old = runner.run(lambda job: release.wait(10) and "old", channel="analysis")
    new = runner.run(lambda job: "new", channel="analysis")
    assert old.job.cancelled and not old.current and new.current
    results: list[str] = []
    old.finished.connect(results.append)
    old.cancelled.connect(lambda: results.append("old cancelled"))
    new.finished.connect(results.append)
    qtbot.waitUntil(lambda: results == ["new"], timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert results == ["new"]  # the stale one says nothing at all


def test_a_stale_analysis_is_never_shown(qtbot, ctx, make_episode, monkeypatch) -> None:
    """The period changes while the first analysis is still running: only the new period is
    ever shown, also when the old result arrives last."""
    from headache_diary.ui import analysis_view

    episode_service.save_episode(ctx, make_episode("2026-03-01 08:00"))
    episode_service.save_episode(ctx, make_episode("2025-01-01 08:00"))
    release = threading.Event()
    real = analysis_view.analysis_snapshot
    calls: list[tuple] = []

    def held(*args, **kwargs):
        calls.append(args[1:3])
        if len(calls) == 1:
            release.wait(10)  # the first (whole diary) computation is slow
        return real(*args, **kwargs)

    monkeypatch.setattr(analysis_view, "analysis_snapshot", held)
    view = AnalysisView(ctx)
    qtbot.addWidget(view)
    view._today = lambda: date(2026, 3, 20)
    shown: list[int] = []
    view.updated.connect(lambda: shown.append(view.summary.period.days if view.summary else -1))
    view.show()
    qtbot.waitUntil(lambda: len(calls) == 1)
    assert view.busy.isVisible()  # the busy note is shown in place
    with qtbot.waitSignal(view.updated, timeout=20_000):
        view.set_period(0)  # last 30 days
    assert shown == [30]
    release.set()
    qtbot.waitUntil(lambda: not view.runner.busy, timeout=20_000)
    assert shown == [30] and view.summary.period.days == 30
    assert not view.busy.isVisible()


def test_period_controls_compute_once_after_they_settle(qtbot, ctx, make_episode) -> None:
    episode_service.save_episode(ctx, make_episode("2026-03-01 08:00"))
    view = AnalysisView(ctx)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.updated, timeout=20_000):
        view.show()
    started: list[int] = []
    real_run = view.runner.run
    view.runner.run = lambda work, channel=None: (
        started.append(1),
        real_run(work, channel=channel),
    )[1]  # type: ignore[method-assign]
    with qtbot.waitSignal(view.updated, timeout=20_000):
        for index in (0, 1, 2, 1, 0):  # the patient scrolls through the choices
            view.set_period(index)
    assert started == [1]


def test_sql_is_interrupted_when_the_job_is_cancelled(ctx) -> None:
    """Cancel stops a running statement at once (sqlite3 interrupt) and rolls back."""
    job = Job()
    threading.Timer(0.2, job.cancel).start()
    t0 = time.monotonic()
    with pytest.raises(Cancelled), ctx.diary.session(job) as s:
        s.connection().exec_driver_sql(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
        ).scalar()
    assert time.monotonic() - t0 < 5


def test_a_cancelled_import_changes_nothing(ctx, make_episode, tmp_path, monkeypatch) -> None:
    kept = episode_service.save_episode(ctx, make_episode("2020-01-01 08:00"))
    first = datetime(2024, 1, 1, 8, 0)
    many = [
        make_episode((first + timedelta(hours=7 * i)).isoformat(" "), notes=str(i))
        for i in range(3000)
    ]
    path = tmp_path / "many.csv"
    path.write_bytes(episodes_to_csv(many))
    monkeypatch.setattr(repository, "INSERT_BATCH", 200)
    reports: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        reports.append((done, total))
        if done >= 70:  # storing has begun: some batches are already in the transaction
            job.cancel()

    job = Job(progress, throttle=0)
    with pytest.raises(Cancelled):
        transfer.import_file(ctx, path, job)
    assert any(60 < d < 100 for d, _ in reports)  # cancelled while storing
    assert [i.id for i in episode_service.list_page(ctx, 0, 10)] == [kept.id]


def test_import_through_the_window_can_be_cancelled(
    qtbot, ctx, make_episode, tmp_path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    many = [
        make_episode(f"2025-03-{1 + i % 28:02d} {i % 24:02d}:00", side="right") for i in range(50)
    ]
    path = tmp_path / "in.csv"
    path.write_bytes(episodes_to_csv(many))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    go = threading.Event()
    real = transfer.import_episodes

    def held(*args, **kwargs):
        go.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(transfer, "import_episodes", held)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    task = window.import_file()
    assert task is not None and not window.import_action.isEnabled()  # one at a time
    dialog = window.findChild(QProgressDialog)
    (cancel,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel"]
    cancel.click()
    go.set()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
    assert episode_service.count_episodes(ctx) == 0
    assert window.import_action.isEnabled()


def test_an_error_in_a_worker_reaches_the_patient(qtbot, ctx, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a: shown.append(a[2])))
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), ""))
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.import_file()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "not valid JSON" in shown[0] and "Nothing was imported" in shown[0]


def test_no_qt_warning_while_charts_are_drawn_on_workers(qtbot, ctx, make_episode, qtlog) -> None:
    """QPixmap off the GUI thread would warn; the charts are QImages until shown."""
    for d in range(1, 20):
        episode_service.save_episode(
            ctx, make_episode(f"2026-03-{d:02d} 08:00", intensity=d % 11, triggers=["stress"])
        )
    view = AnalysisView(ctx)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.updated, timeout=20_000):
        view.show()
    assert view.chart_labels
    bad = [r.message for r in qtlog.records if "QPixmap" in r.message or "thread" in r.message]
    assert bad == []


def test_a_result_is_shown_section_by_section_and_a_newer_one_stops_it(
    qtbot, ctx, make_episode
) -> None:
    """The sections of a result come one event-loop turn each (the window paints in
    between); a newer result, or a message, stops what is left of the older one."""
    episode_service.save_episode(ctx, make_episode("2026-03-01 08:00"))
    view = AnalysisView(ctx)
    qtbot.addWidget(view)
    view._today = lambda: date(2026, 3, 20)
    with qtbot.waitSignal(view.updated, timeout=20_000):
        view.show()
    result = (view.snapshot, [])
    updates: list[int] = []
    view.updated.connect(lambda: updates.append(1))
    view._finished(result)
    assert updates == [] and view.snapshot is result[0]  # the top section at once
    qtbot.waitUntil(lambda: updates == [1])  # the last section, turns later
    view._finished(result)
    view._show_message("The analysis could not be computed: test")  # before its turns
    assert updates == [1, 1]  # the message's own update
    for _ in range(20):
        QTimer.singleShot(0, lambda: None)
        qtbot.wait(5)
    assert updates == [1, 1] and not view.neck_history.isVisible()


def test_a_finished_task_is_freed_without_the_collector(qtbot) -> None:
    """No reference cycle runs through a Task (a QObject): once its outcome is delivered
    and the caller lets go of it, reference counting frees it at once, in the GUI thread,
    with the garbage collector off (as in the app). It once sat in a cycle (its progress
    callback captured the task) until a collection, in whichever thread ran one."""
    import gc
    import weakref

    runner = TaskRunner()
    freed_in: list[int] = []

    def work(job: Job) -> str:
        job.progress(1, 2)
        return "done"

    collecting = gc.isenabled()
    gc.disable()
    try:
        task = runner.run(work)
        task.destroyed.connect(lambda *_: freed_in.append(threading.get_ident()))
        results: list[object] = []
        task.finished.connect(results.append)
        alive = weakref.ref(task)
        del task
        qtbot.waitUntil(lambda: results == ["done"], timeout=5000)
        assert not runner.busy
        assert alive() is None  # freed when the runner let go, no collection needed
        assert freed_in == [threading.get_ident()]  # in this (the GUI) thread
    finally:
        if collecting:
            gc.enable()


def test_a_worker_has_the_gui_thread_collect_between_parts_of_its_work(qtbot) -> None:
    """ui.tasks.collect_in_gui_thread: the composition root's collector runs in the GUI
    thread while the worker waits (the charts, figure by figure); without a collector it
    does nothing."""
    from headache_diary.ui import tasks

    runner = TaskRunner()
    ran_in: list[int] = []
    order: list[str] = []

    def work(_job: Job) -> str:
        order.append("part 1")
        tasks.collect_in_gui_thread()
        order.append("part 2")
        return "done"

    tasks.set_collector(lambda: (ran_in.append(threading.get_ident()), order.append("collect")))
    try:
        task = runner.run(work)
        with qtbot.waitSignal(task.finished, timeout=5000):
            pass
    finally:
        tasks.set_collector(None)
    assert ran_in == [threading.get_ident()]  # the GUI thread
    assert order == ["part 1", "collect", "part 2"]  # the worker waited for it

    order.clear()
    task = runner.run(work)  # no collector: nothing is asked
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert order == ["part 1", "part 2"]
