"""Does the window ever freeze? The real main window, offscreen, on a large diary.

Usage:
    QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui.py [--episodes 50000] [--json]

A 5 ms heartbeat QTimer runs in the GUI thread; for each user action the longest gap
between two of its ticks (or between the action and the first tick, or the last tick and
the result) is the longest the window was frozen. The actions (DESIGN.md, issue 9):

* ``start``: from the window being shown ("Opening your diary…") until the list shows the
  diary (SQLAlchemy import, integrity and schema checks, counting, first page);
* ``open_analysis``: clicking the Analysis tab until its text and charts are shown;
* ``import``: File > Import of N episodes (CSV) into an empty diary, until the list shows
  them (measured in a second process, so that the first one's memory stays comparable);
* ``export``: File > Export of the N episodes to CSV, until the "finished" message;
* ``pdf``: File > Export PDF… of the whole diary, until the "saved" message;
* ``save_during_import``: Save pressed in the episode editor while another process
  (``headache-diary import`` of the N episodes) holds the diary's write lock, until the
  episode is stored and the editor closed (the save waits for the import's commit on a
  worker; measured in a third process, on a diary of its own).

Every process runs with the window process's state as ``app.main`` sets it
(``app.process_state(None)``: the collector off, the switch interval, PySide6's lighter
import hook) and the window's ``app.GuiCollector``, started when start-up is over.

``peak_rss_ratio``: the peak resident memory (VmHWM) of the first process, read when the
Analysis tab shows, over the library floor: a process with the same Qt, SQLAlchemy and
matplotlib imports, one drawn canvas, and the same process state (the lighter import hook
included: like for like), measured in the same run. Target <= 1.1.

The last line printed is JSON:
``{"max_stall_ms": {"start": .., "open_analysis": .., "import": .., "export": .., "pdf": ..,
"save_during_import": ..}, "peak_rss_ratio": ..}``. Target: no gap over 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
mode, data_dir, extra = sys.argv[2], sys.argv[3], sys.argv[4]

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from headache_diary.app import GuiCollector, context_for, process_state
# the window process's state, as app.main sets it (kept in a name: a context manager
# dropped at once would be finalized at once, and undo it)
PROCESS = process_state(None)
PROCESS.__enter__()
app = QApplication(sys.argv[:1])


def failed(*args, **kwargs):  # an error message would wait for a click forever
    print("failed:", *args[1:3], file=sys.stderr, flush=True)
    os._exit(3)


QMessageBox.critical = staticmethod(failed)
QMessageBox.warning = staticmethod(failed)
ticks = []
waiting = {}  # while stall() runs: "done" (its condition) and "loop" (the event loop)
beat = QTimer()
beat.setInterval(5)


def on_beat():
    ticks.append(time.perf_counter())
    done = waiting.get("done")
    if done is not None and done():
        waiting["loop"].quit()


beat.timeout.connect(on_beat)


if os.environ.get("BENCH_TRACE"):  # where the GUI thread is when it does not tick
    import threading, traceback
    gui = threading.get_ident()
    limit = float(os.environ.get("BENCH_TRACE_MS", "60")) / 1000
    def watch():
        while True:
            time.sleep(0.01)
            if ticks and time.perf_counter() - ticks[-1] > limit:
                frames = sys._current_frames()
                for ident, frame in frames.items():
                    if ident == threading.get_ident():
                        continue
                    st = traceback.extract_stack(frame)[-5:]
                    who = "GUI" if ident == gui else "worker"
                    print(who, round((time.perf_counter() - ticks[-1]) * 1000), " <- ".join(
                        f"{Path(x.filename).name}:{x.lineno}:{x.name}" for x in reversed(st)),
                        file=sys.stderr)
    threading.Thread(target=watch, daemon=True).start()


def vmhwm_mib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def stall(start, done_when, timeout=600):
    # the longest gap (ms) of the heartbeat from start until done_when() is true. The
    # GUI thread runs Qt's own event loop meanwhile, as in the app (a Python loop of
    # processEvents() and sleep() would take the GIL far more often than the app does,
    # and measure its own waits for it); the heartbeat checks done_when() each tick.
    ticks.clear()
    ticks.append(start)
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout * 1000)
    waiting.update(done=done_when, loop=loop)
    if not done_when():
        loop.exec()
    waiting.clear()
    if not done_when():
        raise SystemExit("timed out")
    ticks.append(time.perf_counter())
    return max(b - a for a, b in zip(ticks, ticks[1:])) * 1000


from headache_diary.paths import Paths
from headache_diary.ui import startup
from headache_diary.ui.main_window import ANALYSIS_TAB

startup.application()
beat.start()
paths = Paths(Path(data_dir))
out = {}
collector = GuiCollector()
t0 = time.perf_counter()
launched = startup.Launch(lambda: context_for(paths), paths, started=collector.start)
w = launched.window
w.resize(1280, 800)
while not (w.windowHandle() and w.windowHandle().isExposed()):
    app.processEvents()
shown = time.perf_counter()


def list_ready():
    model = w.episodes.model
    return w.ctx is not None and (model.rowCount() == 0 or model.item(0) is not None)


if mode == "save":
    import sqlite3, subprocess
    out["start"] = stall(shown, list_ready)
    editor = w.episodes.new_episode()  # a headache that started now, still ongoing
    editor.side_buttons["left"].click()
    stored = []
    editor.accepted.connect(lambda: stored.append(time.perf_counter()))
    env = dict(os.environ, HEADACHE_DIARY_DATA_DIR=data_dir)
    importer = subprocess.Popen(
        [sys.executable, "-m", "headache_diary", "import", extra],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    # wait (the window running) until the import holds the write lock
    probe = sqlite3.connect(paths.database, timeout=0, isolation_level=None)
    while True:
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError:
            break  # locked: the import is storing
        if importer.poll() is not None:
            raise SystemExit("the import ended before it held the lock")
        app.processEvents()
        time.sleep(0.002)
    probe.close()
    t = time.perf_counter()
    editor.save_button.click()
    out["save_during_import"] = stall(t, lambda: bool(stored))
    out["save_waited_s"] = stored[0] - t
    _out, err = importer.communicate(timeout=600)
    if importer.returncode != 0:
        raise SystemExit(f"the import failed: {err}")
    print(json.dumps(out), flush=True)
    raise SystemExit(0)

if mode == "import":
    out["start"] = stall(shown, list_ready)
    QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (extra, ""))
    QMessageBox.information = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
    t = time.perf_counter()
    w.import_action.trigger()
    out["import"] = stall(t, lambda: not w.runner.busy and w.episodes.model.rowCount() > 0)
    out["imported"] = w.episodes.model.rowCount()
    print(json.dumps(out), flush=True)
    raise SystemExit(0)

out["start"] = stall(shown, list_ready)
out["start_to_list_s"] = time.perf_counter() - t0
t = time.perf_counter()
w.tabs.setCurrentIndex(ANALYSIS_TAB)
view = None


def analysis_shown():
    global view
    view = w.analysis_view
    return view is not None and view.snapshot is not None and bool(view.chart_labels)


out["open_analysis"] = stall(t, analysis_shown)
out["open_analysis_s"] = time.perf_counter() - t
view.grab()
out["rss_mib"] = vmhwm_mib()

done = []
QMessageBox.information = staticmethod(lambda *a, **k: done.append(a[1]))
QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (extra + "/export.csv", "CSV (*.csv)"))
t = time.perf_counter()
w.export_action.trigger()
out["export"] = stall(t, lambda: bool(done))
out["export_s"] = time.perf_counter() - t

from PySide6.QtWidgets import QDialog, QMessageBox as Box
from headache_diary.ui import export_pdf

export_pdf.ExportPdfDialog.exec = lambda self: QDialog.DialogCode.Accepted
QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (extra + "/summary.pdf", ""))
saved = []
export_pdf._show_saved = lambda parent, path: saved.append(path)
t = time.perf_counter()
w.export_pdf_action.trigger()
out["pdf"] = stall(t, lambda: bool(saved))
out["pdf_s"] = time.perf_counter() - t
w.close()
print(json.dumps(out), flush=True)
"""

FLOOR = r"""
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
sys.path.insert(0, sys.argv[1])
from headache_diary.app import process_state
PROCESS = process_state(None)  # like for like: the app's process state and import hook
PROCESS.__enter__()
import sqlalchemy, sqlalchemy.orm
from matplotlib.figure import Figure
from matplotlib.backends.backend_agg import FigureCanvasAgg
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.setCentralWidget(QLabel("floor"))
w.resize(1280, 800)
w.show()
app.processEvents()
fig = Figure(figsize=(6.4, 3.0))
fig.add_subplot().plot([1, 2, 3], [3, 1, 2])
FigureCanvasAgg(fig).draw()
for _ in range(5):
    app.processEvents()
for line in Path("/proc/self/status").read_text().splitlines():
    if line.startswith("VmHWM:"):
        print(int(line.split()[1]) / 1024)
"""


def child(code: str, *args: str) -> str:
    env = dict(os.environ)
    # as in an installed app, modules load from compiled bytecode (the first run writes
    # it): with PYTHONDONTWRITEBYTECODE set every process compiled the app's sources again
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"child failed:\n{proc.stdout}\n{proc.stderr}")
    if os.environ.get("BENCH_TRACE"):
        print(proc.stderr, file=sys.stderr)
    return proc.stdout.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--episodes", type=int, default=50_000)
    parser.add_argument("--json", action="store_true", help="only the JSON line")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from bench_summary import build_diary, synthetic_episodes

    from headache_diary.io.csv_format import episodes_to_csv

    say = (lambda *a: None) if args.json else print
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        build_diary(root / "big", args.episodes).close()
        csv_path = root / "in.csv"
        csv_path.write_bytes(episodes_to_csv(list(synthetic_episodes(args.episodes, seed=9))))
        (root / "out").mkdir()
        say(
            f"built the diary and the CSV of {args.episodes} episodes in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        main_run = json.loads(child(CHILD, str(HERE), "main", str(root / "big"), str(root / "out")))
        imp = json.loads(child(CHILD, str(HERE), "import", str(root / "empty"), str(csv_path)))
        save = json.loads(child(CHILD, str(HERE), "save", str(root / "saving"), str(csv_path)))
        floor = float(child(FLOOR, str(HERE.parent)))
    assert imp["imported"] == args.episodes, imp
    stalls = {
        "start": round(main_run["start"], 1),
        "open_analysis": round(main_run["open_analysis"], 1),
        "import": round(imp["import"], 1),
        "export": round(main_run["export"], 1),
        "pdf": round(main_run["pdf"], 1),
        "save_during_import": round(save["save_during_import"], 1),
    }
    ratio = round(main_run["rss_mib"] / floor, 3)
    say(f"longest GUI-thread stall (target <= 100 ms), {args.episodes} episodes:")
    for name, ms in stalls.items():
        say(f"  {name:<14} {ms:7.1f} ms")
    say(
        f"durations: start to list {main_run['start_to_list_s']:.2f} s, analysis "
        f"{main_run['open_analysis_s']:.2f} s, export {main_run['export_s']:.2f} s, "
        f"PDF {main_run['pdf_s']:.2f} s; the save waited {save['save_waited_s']:.2f} s "
        "for the import's lock"
    )
    say(
        f"peak RSS with Analysis open: {main_run['rss_mib']:.0f} MiB; library floor with "
        f"the same process state and import hook {floor:.0f} MiB; ratio {ratio} "
        "(target <= 1.1)"
    )
    print(json.dumps({"max_stall_ms": stalls, "peak_rss_ratio": ratio}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
