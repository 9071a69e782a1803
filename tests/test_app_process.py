"""The process-wide state belongs to the composition root alone (DESIGN.md): importing the
app changes nothing; ``app.process_state`` sets the garbage collector's policy, the switch
interval and PySide6's lighter import hook for one run and restores them after it;
``app.GuiCollector`` collects on the GUI thread only while no worker runs."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap
import threading
import weakref

import pytest
from PySide6.QtCore import QThreadPool

from headache_diary import app
from headache_diary.domain.jobs import Job
from headache_diary.ui.tasks import TaskRunner


def _python(code: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_importing_every_module_of_the_app_changes_no_process_state() -> None:
    """No module patches a library or sets process state when imported: not the garbage
    collector, not the switch interval, not PySide6's import hook, not matplotlib's
    rcParams (the report and the window once lightened PySide6's hook on import, and
    ui.memory froze the collector)."""
    out = _python(
        """
        import gc, json, pkgutil, sys, importlib
        import PySide6.QtCore
        import matplotlib
        feature = sys.modules["shibokensupport.feature"]
        hook = feature._mod_uses_pyside
        rc = dict(dict.items(matplotlib.rcParams))  # raw: rcParams["backend"] imports pyplot
        interval = sys.getswitchinterval()
        import headache_diary
        names = [m.name for m in pkgutil.walk_packages(headache_diary.__path__, "headache_diary.")]
        # __main__ runs the app, the migrations' env.py runs inside Alembic only
        names = [n for n in names if not n.endswith(("__main__", "migrations.env"))]
        for name in names:
            importlib.import_module(name)
        print(json.dumps({
            "modules": len(names),
            "charts": "headache_diary.analysis.charts" in sys.modules,
            "gc_enabled": gc.isenabled(),
            "frozen": gc.get_freeze_count(),
            "interval": sys.getswitchinterval() == interval,
            "hook": feature._mod_uses_pyside is hook,
            "rc": dict(dict.items(matplotlib.rcParams)) == rc,
        }))
        """
    )
    found = json.loads(out)
    assert found["modules"] > 100 and found["charts"]
    assert found == {**found, "gc_enabled": True, "frozen": 0, "interval": True}
    assert found["hook"] and found["rc"]


def test_a_run_sets_the_process_state_and_restores_it() -> None:
    interval = sys.getswitchinterval()
    collecting = gc.isenabled()
    with app.process_state("summary"):  # a command without Qt
        assert not gc.isenabled() and sys.getswitchinterval() == interval
    assert gc.isenabled() == collecting and sys.getswitchinterval() == interval
    feature = sys.modules["shibokensupport.feature"]
    hook = feature._mod_uses_pyside
    with app.process_state(None):  # the window
        assert not gc.isenabled()
        assert sys.getswitchinterval() == pytest.approx(app.SWITCH_INTERVAL_S)
        assert feature._mod_uses_pyside is not hook  # the lighter check
    assert feature._mod_uses_pyside is hook
    assert gc.isenabled() == collecting and sys.getswitchinterval() == interval


def test_a_command_run_in_process_leaves_the_process_as_it_was(qapp, tmp_path, capsys) -> None:
    feature = sys.modules["shibokensupport.feature"]
    hook = feature._mod_uses_pyside
    interval = sys.getswitchinterval()
    collecting = gc.isenabled()
    data = str(tmp_path / "data")
    assert app.main(["log", "--side", "left", "--at", "2026-03-01 08:00", "--data-dir", data]) == 0
    assert app.main(["report", str(tmp_path / "a.pdf"), "--data-dir", data]) == 0
    capsys.readouterr()
    assert (tmp_path / "a.pdf").is_file()
    assert feature._mod_uses_pyside is hook
    assert gc.isenabled() == collecting and sys.getswitchinterval() == interval


def test_the_lighter_hook_gives_pysides_answer(tmp_path, monkeypatch) -> None:
    """The same verdict as PySide6's own check (0 = a module that uses PySide6, -1 =
    ignore it), without keeping the module's source in the line cache."""
    import linecache

    feature = sys.modules["shibokensupport.feature"]
    (tmp_path / "hd_probe_qt.py").write_text("from PySide6 import QtCore\nX = 1\n")
    (tmp_path / "hd_probe_plain.py").write_text("X = 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        with app.lighter_pyside_imports() as applied:
            assert applied
            with app.lighter_pyside_imports() as again:
                assert not again  # once is enough
            __import__("hd_probe_qt")  # through builtins.__import__, which PySide6 wraps
            __import__("hd_probe_plain")
        assert feature.pyside_feature_dict["hd_probe_qt"] == 0
        assert feature.pyside_feature_dict["hd_probe_plain"] == -1
        assert not any(name.startswith(str(tmp_path)) for name in linecache.cache)
    finally:
        for name in ("hd_probe_qt", "hd_probe_plain"):
            sys.modules.pop(name, None)
            feature.pyside_feature_dict.pop(name, None)


LIBRARIES = """
import sys
from pathlib import Path
import linecache
import PySide6.QtCore
sys.path.insert(0, sys.argv[1])
from contextlib import nullcontext
from headache_diary.app import lighter_pyside_imports
with lighter_pyside_imports() if sys.argv[2] == "light" else nullcontext():
    import sqlalchemy.orm
    from matplotlib.figure import Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    kept = sum(len(entry[2]) for entry in linecache.cache.values() if len(entry) > 2)
    status = Path("/proc/self/status").read_text().splitlines()
    rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    print(rss // 1024, kept)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/status")
def test_the_lighter_hook_saves_memory_like_for_like() -> None:
    """Two processes with the same imports (Qt, then SQLAlchemy and matplotlib), one with
    the lighter hook: PySide6's own keeps every module's source in the line cache (about
    35 MiB for these two libraries); the lighter one keeps none of them. The gain app.py's
    workaround is kept for (README, Benchmarks)."""
    root = str(app.__file__).rsplit("/headache_diary/", 1)[0]
    heavy_mib, heavy_lines = map(int, _python(LIBRARIES, root, "heavy").split())
    light_mib, light_lines = map(int, _python(LIBRARIES, root, "light").split())
    # (the libraries put a few sources there themselves, e.g. pyparsing and SQLAlchemy's
    # generated functions: the same in both)
    assert heavy_lines - light_lines > 100_000, (heavy_lines, light_lines)
    assert heavy_mib - light_mib >= 20, (heavy_mib, light_mib)


def _garbage_cycle() -> weakref.ref[object]:
    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a  # type: ignore[attr-defined]
    return weakref.ref(a)


def test_the_gui_collector_collects_on_the_gui_thread_and_never_during_work(qtbot) -> None:
    collecting = gc.isenabled()
    gc.disable()
    collector = app.GuiCollector()
    runner = TaskRunner()
    release = threading.Event()
    try:
        cycle = _garbage_cycle()
        junk = [[i] for i in range(gc.get_threshold()[0] + 10)]  # over the first threshold
        del junk
        filler = [[i] for i in range(gc.get_threshold()[0] + 10)]  # kept: counts stay up

        def work(_job: Job) -> None:
            release.wait(10)

        task = runner.run(work)
        qtbot.waitUntil(lambda: runner.pool.activeThreadCount() > 0)
        assert collector.collect() is None  # a worker runs: not now
        assert cycle() is not None
        release.set()
        qtbot.waitUntil(lambda: not runner.busy)
        qtbot.waitUntil(lambda: runner.pool.activeThreadCount() == 0)
        # no worker of an earlier test still running in the global pool either (under load
        # one was, and this collector rightly waited for it)
        qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0)
        # over the first threshold again, in case an event handler collected while waiting
        filler += [[i] for i in range(gc.get_threshold()[0] + 10)]
        assert collector.collect() is not None  # right after the work
        assert cycle() is None
        # a collection adds to the next generation's count: at most two more, then none
        for _ in range(3):
            if collector.collect() is None:
                break
        assert collector.collect() is None
        counts, limits = gc.get_count(), gc.get_threshold()
        assert all(c <= limit for c, limit in zip(counts, limits, strict=True))
        del task, filler
    finally:
        release.set()
        if collecting:
            gc.enable()


def test_the_gui_collector_freezes_once_and_ticks_on_a_timer(qtbot) -> None:
    collector = app.GuiCollector()
    try:
        collector.start()
        assert gc.get_freeze_count() > 0
        timer = collector.timer
        assert timer.isActive() and timer.interval() == app.COLLECT_EVERY_MS
        collector.start()  # once only
        assert collector.timer is timer
    finally:
        collector.stop()
        gc.unfreeze()


def test_gui_tests_run_with_the_windows_switch_interval(qtbot) -> None:
    assert sys.getswitchinterval() == pytest.approx(app.SWITCH_INTERVAL_S)


def test_start_up_ends_once_the_diary_is_open_and_the_chart_modules_are_in(
    qtbot, paths, monkeypatch
) -> None:
    """ui.startup.Launch calls ``started`` (the composition root freezes then) once the
    diary is open and the later modules are imported on a worker; once only."""
    from headache_diary.ui import startup

    monkeypatch.setattr(startup, "WARM_UP_AFTER_MS", 0)
    ended: list[bool] = []
    launch = startup.Launch(
        lambda: app.context_for(paths),
        paths,
        started=lambda: ended.append(launch.window.ctx is not None),
    )
    qtbot.addWidget(launch.window)
    qtbot.waitUntil(lambda: bool(ended), timeout=30_000)
    qtbot.wait(50)
    assert ended == [True]
    assert all(name in sys.modules for name in startup.LATER_MODULES)
    launch.window.close()
    assert launch.window.ctx is not None
    launch.window.ctx.diary.close()
