"""Time to first window, with and without the Analysis view, and memory on 50,000 episodes.

Usage:
    python benchmarks/bench_startup.py [--runs 5] [--episodes 50000]
    python benchmarks/bench_startup.py --screenshot docs/screenshot-analysis.png

Each measurement is a fresh interpreter (``python -c``), timed by this process from spawn
until the child reports that its window is exposed, so interpreter start-up and imports
count. Cases:

* a bare PySide6 QMainWindow (the yardstick: DESIGN.md asks for <= 1.3x of it);
* our MainWindow on an empty diary and on one of N synthetic episodes;
* our MainWindow, then the Analysis tab opened and painted (this is when matplotlib is
  imported), on the N-episode diary; the child also reports its peak resident memory.

Without a DISPLAY the Qt "offscreen" platform is used; run under ``xvfb-run -a`` to measure
with a real X server.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.setWindowTitle("bare")
w.resize(1000, 700)
w.show()
while not (w.windowHandle() and w.windowHandle().isExposed()):
    app.processEvents()
app.processEvents()
print("shown", flush=True)
"""

# the same order as headache_diary.app.main / run_app / ui.startup.run_gui: the process
# state (app.process_state: the lighter import hook before the window's imports), then the
# window is shown and painted, then the diary is opened (SQLAlchemy imported) and the list
# filled
OURS = """
import sys, resource, time
t_start = time.perf_counter()
from PySide6.QtWidgets import QApplication
from headache_diary.app import context_for, process_state
PROCESS = process_state(None)  # kept in a name: dropped, it would undo itself at once
PROCESS.__enter__()
from headache_diary.paths import resolve
from headache_diary.ui.main_window import MainWindow, ANALYSIS_TAB
app = QApplication(sys.argv)
paths = resolve(sys.argv[1])
w = MainWindow(None, paths=paths)
w.resize(1000, 700)
w.show()
while not (w.windowHandle() and w.windowHandle().isExposed()):
    app.processEvents()
app.processEvents()
print("shown", "matplotlib" in sys.modules, flush=True)
t_shown = time.perf_counter()
w.attach(context_for(paths))
app.processEvents()
w.episodes.table.viewport().grab()  # the first page of the list, painted
print(f"filled {time.perf_counter() - t_shown:.3f}", flush=True)
if sys.argv[2] == "analysis":
    from PySide6.QtCore import QEventLoop
    t0 = time.perf_counter()
    loop = QEventLoop()
    w.tabs.setCurrentIndex(ANALYSIS_TAB)
    view = w.ensure_analysis_view()
    view.updated.connect(loop.quit)  # computed on a worker, shown section by section
    if not view.chart_labels:
        loop.exec()
    view.grab()  # paint everything, charts included
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"analysis {time.perf_counter() - t0:.3f} {rss:.1f}", flush=True)
w.runner.shutdown()
"""


def run(code: str, *args: str) -> tuple[float, list[str]]:
    """(seconds from spawn to the "shown" line, every line the child printed)."""
    env = dict(os.environ)
    # as in an installed app, modules load from compiled bytecode (the first run writes
    # it): with PYTHONDONTWRITEBYTECODE set every process compiled the app's sources again
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, env=env, text=True
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    shown = time.perf_counter() - t0
    rest = proc.stdout.read().splitlines()
    if proc.wait(timeout=300) != 0 or not first.startswith("shown"):
        raise RuntimeError(f"child failed: {first!r} {rest!r}")
    return shown, [first.strip(), *rest]


def measure(runs: int, n: int) -> None:
    from bench_summary import build_diary

    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty"
        build_diary(empty, 0).close()
        big = Path(tmp) / "big"
        t0 = time.perf_counter()
        build_diary(big, n).close()
        print(f"built a diary of {n} episodes in {time.perf_counter() - t0:.1f} s")
        run(BARE)  # warm the file cache
        run(OURS, str(big), "analysis")  # and write the bytecode of every module used
        results: dict[str, list[float]] = {}
        fill: dict[str, list[float]] = {}
        analysis_times: list[float] = []
        rss: list[float] = []
        mpl_at_start = False
        for _ in range(runs):
            results.setdefault("bare QMainWindow", []).append(run(BARE)[0])
            t, lines = run(OURS, str(empty), "-")
            mpl_at_start |= lines[0].endswith("True")
            results.setdefault("MainWindow, empty diary", []).append(t)
            fill.setdefault("empty diary", []).append(float(lines[1].split()[1]))
            t, lines = run(OURS, str(big), "-")
            results.setdefault(f"MainWindow, {n} episodes", []).append(t)
            fill.setdefault(f"{n} episodes", []).append(float(lines[1].split()[1]))
            t, lines = run(OURS, str(big), "analysis")
            results.setdefault(f"MainWindow, {n} episodes, then Analysis", []).append(t)
            _, secs, mib = lines[-1].split()
            analysis_times.append(float(secs))
            rss.append(float(mib))
        bare = statistics.median(results["bare QMainWindow"])
        platform = "X11" if os.environ.get("DISPLAY") else "offscreen"
        print(f"time to first window ({platform}, median of {runs} fresh processes):")
        for label, values in results.items():
            med = statistics.median(values)
            print(f"  {label:<44} {med * 1000:7.0f} ms  ({med / bare:.2f}x bare)")
        for label, values in fill.items():
            print(
                f"  then opening the diary and painting the list, {label}: "
                f"median {statistics.median(values) * 1000:.0f} ms"
            )
        print(
            f"  opening the Analysis tab on {n} episodes (imports matplotlib, computes, "
            f"draws): median {statistics.median(analysis_times) * 1000:.0f} ms"
        )
        print(f"  matplotlib imported before the first window: {mpl_at_start}")
        print(
            f"peak RSS with the Analysis view open on {n} episodes: "
            f"median {statistics.median(rss):.0f} MiB, max {max(rss):.0f} MiB (target <= 150)"
        )


def screenshot(path: Path) -> None:
    """The main window on its Analysis tab with the demo diary, saved as PNG."""
    code = """
import sys
from PySide6.QtWidgets import QApplication
from headache_diary.app import open_context
from headache_diary.ui.main_window import MainWindow, ANALYSIS_TAB
app = QApplication(sys.argv)
ctx = open_context(sys.argv[1])
w = MainWindow(ctx)
w.resize(1100, 1500)
w.show()
while not (w.windowHandle() and w.windowHandle().isExposed()):
    app.processEvents()
w.tabs.setCurrentIndex(ANALYSIS_TAB)
view = w.ensure_analysis_view()
for _ in range(10):
    app.processEvents()
w.grab().save(sys.argv[2])
print("shown", flush=True)
"""
    from bench_summary import build_diary

    with tempfile.TemporaryDirectory() as tmp:
        build_diary(Path(tmp) / "demo", 0, demo=True).close()
        run(code, str(Path(tmp) / "demo"), str(path))
    os.chmod(path, 0o644)  # a documentation image, not patient data
    print(f"wrote {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--episodes", type=int, default=50_000)
    parser.add_argument("--screenshot", type=Path, help="save the Analysis tab as PNG")
    args = parser.parse_args()
    if args.screenshot:
        screenshot(args.screenshot)
    else:
        measure(args.runs, args.episodes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
