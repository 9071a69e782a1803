"""Take the screenshots in docs/ from the app itself, on a 1366x768 screen under Xvfb.

Usage: .venv/bin/python docs/screenshots.py      (needs Xvfb: apt-get install xvfb)

1. Fills a diary in a temporary folder the way a patient's diary gets filled: the command
   ``headache-diary import`` of a generated CSV file (five months of episodes: the demo
   diary of ``benchmarks/bench_summary.py``, ending today, the latest one still ongoing)
   and of a diary JSON file with the rest (check-ins on most days without an episode, the
   neck history, regular medication, doses outside episodes).
2. Starts X (``xvfb-run``, one 1366x768 screen) and, in it, the app's main window on that
   diary, filling the screen. For each picture it shows a tab or opens a dialog the way
   its menu entry does, lets the workers finish, and saves the whole screen as
   ``docs/screenshot-<name>.png``.

3. Takes the main window and the Analysis tab again in German (``screenshot-main-de.png``,
   ``screenshot-analysis-de.png``), and writes the PDF summary in German with
   ``headache-diary --language de report``, its first page rendered by ``pdftoppm``
   (poppler-utils) as ``docs/report/summary-de-page-1.png``.

English text (``--language en``) elsewhere, whatever the system's language. The pictures
show today's dates: run it again after changing a screen, and look at the PNGs before
committing them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SCREEN = (1366, 768)
ZONE = "Europe/Berlin"


# -- the diary -------------------------------------------------------------------------------
def demo_files(folder: Path, today: date) -> tuple[Path, Path]:
    """A CSV of episodes and a diary JSON file of everything else, as a patient might
    bring them from another app or an older computer."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_summary import demo_check_ins, demo_episodes

    from headache_diary.domain.history import HistoryEvent
    from headache_diary.domain.medication import AcuteDose, PlanEntry
    from headache_diary.domain.timeutil import zone_for
    from headache_diary.io.csv_format import episodes_to_csv
    from headache_diary.io.json_format import episodes_to_json

    episodes = demo_episodes(today)
    csv_file = folder / "episodes.csv"
    csv_file.write_bytes(episodes_to_csv(episodes))

    def day(days_ago: int) -> date:
        return today - timedelta(days=days_ago)

    history = [
        HistoryEvent(
            date(today.year - 3, 1, 1),
            "neck_injury",
            "month",
            title="Rear-end collision, whiplash",
            outcome="Neck pain for six weeks",
        ),
        HistoryEvent(
            date(today.year - 2, 1, 1), "headaches_began", "year", title="Headaches on the left"
        ),
        HistoryEvent(
            day(130),
            "xray",
            title="X-ray of the neck",
            details="Straightened cervical spine, no fracture",
        ),
        HistoryEvent(
            day(110), "mri", title="MRI of the neck", details="C2/3 facet joint changes, left"
        ),
        HistoryEvent(
            day(95),
            "physiotherapy",
            title="Physiotherapy, 10 sessions",
            outcome="Neck moves more freely",
        ),
        HistoryEvent(
            day(30),
            "nerve_block",
            side="left",
            structure="C2/3 facet (third occipital nerve)",
            title="Diagnostic block",
            details="Local anaesthetic, under X-ray guidance",
            outcome="No headache for 6 hours, then as before",
        ),
    ]
    plan = [
        PlanEntry("Amitriptyline", "preventive", day(120), day(61), "10 mg at night"),
        PlanEntry("Amitriptyline", "preventive", day(60), None, "25 mg at night"),
        PlanEntry(
            "Tizanidine", "muscle_relaxant", day(50), None, "2 mg at night", for_headache=False
        ),
    ]
    berlin = zone_for(ZONE)
    doses = [
        AcuteDose(
            datetime.combine(day(d), datetime.min.time()).replace(hour=9, tzinfo=berlin),
            ZONE,
            "Ibuprofen 400 mg",
            "nsaid",
            "good",
        )
        for d in range(40, 64, 3)
    ]
    extra = json.loads(episodes_to_json([], history, demo_check_ins(episodes, today), plan, doses))
    json_file = folder / "history-and-medication.json"
    json_file.write_text(json.dumps(extra), "utf-8")
    return csv_file, json_file


def fill_diary(data_dir: Path, today: date) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for f in demo_files(Path(tmp), today):
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "headache_diary",
                    "--data-dir",
                    str(data_dir),
                    "--language",
                    "en",
                    "import",
                    str(f),
                ],
                check=True,
            )


# -- the pictures ----------------------------------------------------------------------------
def take(data_dir: Path, lang: str = "en") -> None:
    """In the X server: the window on the diary, each screen saved as a PNG (in another
    language than English: the main window and the Analysis tab only)."""
    from PySide6.QtCore import QPoint, QThreadPool
    from PySide6.QtWidgets import QDialog, QLabel

    from headache_diary import i18n
    from headache_diary.app import open_context
    from headache_diary.ui.main_window import (
        ANALYSIS_TAB,
        CALENDAR_TAB,
        EPISODES_TAB,
        HISTORY_TAB,
        MEDICATION_TAB,
        MainWindow,
    )
    from headache_diary.ui.startup import application

    i18n.set_default_language(lang)
    app = application()
    ctx = open_context(data_dir)
    w = MainWindow(ctx)
    w.setGeometry(0, 0, *SCREEN)
    w.show()

    def settle(seconds: float = 1.5) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            QThreadPool.globalInstance().waitForDone(20)
            time.sleep(0.02)

    def shot(name: str) -> None:
        settle()
        target = DOCS / f"screenshot-{name}{'' if lang == 'en' else '-' + lang}.png"
        app.primaryScreen().grabWindow(0).save(str(target))
        os.chmod(target, 0o644)  # a documentation image, not patient data
        print(f"wrote {target.relative_to(ROOT)}")

    def close_dialogs() -> None:
        for d in app.topLevelWidgets():
            if isinstance(d, QDialog) and d.isVisible():
                d.reject()
        settle(0.3)

    settle(3)
    w.tabs.setCurrentIndex(EPISODES_TAB)
    w.episodes.table.selectRow(0)
    shot("main")
    if lang != "en":
        w.tabs.setCurrentIndex(ANALYSIS_TAB)
        w.ensure_analysis_view()
        settle(8)
        shot("analysis")
        w.close()
        return

    # the editor on the newest ended episode with a medication (the list is newest first)
    model = w.episodes.model
    for row in range(1, min(model.rowCount(), 40)):
        w.episodes.table.selectRow(row)
        editor = w.episodes.edit_selected()
        if editor is not None and editor._base.medications and editor._base.triggers:
            break
        close_dialogs()
    shot("editor")
    close_dialogs()

    # the calendar on last month (a whole month of records), on its last day with medication
    w.tabs.setCurrentIndex(CALENDAR_TAB)
    calendar = w.daily.calendar
    assert calendar is not None
    last_month = date.today().replace(day=1) - timedelta(days=1)
    calendar.show_month(last_month.year, last_month.month)
    settle(2)
    days = [last_month - timedelta(days=n) for n in range(last_month.day)]
    chosen = next((d for d in days if (cd := calendar.grid.day(d)) and cd.medication), days[0])
    calendar.select_day(chosen)
    shot("calendar")

    w.tabs.setCurrentIndex(ANALYSIS_TAB)
    w.ensure_analysis_view()
    settle(8)
    shot("analysis")
    # further down: the fifth chart, headache days per month with the regular medication
    view = w.analysis_view
    assert view is not None
    content = view.scroll_area.widget()
    charts = sorted(
        label.mapTo(content, QPoint(0, 0)).y()
        for label in content.findChildren(QLabel)
        if not label.pixmap().isNull()
    )
    view.scroll_area.verticalScrollBar().setValue(charts[min(4, len(charts) - 1)] - 8)
    shot("analysis-charts")

    w.tabs.setCurrentIndex(HISTORY_TAB)
    settle()
    shot("history")
    table = w.history.table
    for row in range(table.model().rowCount()):
        if "block" in str(table.model().index(row, 1).data()).lower():
            table.selectRow(row)
            break
    w.history.edit_selected()
    shot("history-editor")
    close_dialogs()

    w.tabs.setCurrentIndex(MEDICATION_TAB)
    shot("medication")

    w.extras.open_settings()
    shot("settings")
    close_dialogs()
    w.close()


def main() -> int:
    if "--inside" in sys.argv:
        at = sys.argv.index("--inside")
        take(Path(sys.argv[at + 1]), sys.argv[at + 2])
        return 0
    if shutil.which("xvfb-run") is None:
        print("xvfb-run is missing: apt-get install xvfb", file=sys.stderr)
        return 1
    os.environ["TZ"] = ZONE  # the computer's zone is the diary's, for the import too
    time.tzset()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "diary"
        fill_diary(data_dir, date.today())
        env = dict(os.environ, QT_QPA_PLATFORM="xcb", LANGUAGE="en", LC_ALL="C.UTF-8")
        env["HEADACHE_DIARY_DATA_DIR"] = str(data_dir)
        env["HOME"] = tmp  # no QSettings or font cache of the person running it
        for lang in ("en", "de"):
            subprocess.run(
                [
                    "xvfb-run",
                    "-a",
                    "-s",
                    f"-screen 0 {SCREEN[0]}x{SCREEN[1]}x24",
                    sys.executable,
                    __file__,
                    "--inside",
                    str(data_dir),
                    lang,
                ],
                check=True,
                env=env,
            )
        report_page(data_dir, Path(tmp), "de")
    return 0


def report_page(data_dir: Path, tmp: Path, lang: str) -> None:
    """The PDF summary's first page in ``lang``, as docs/report/summary-<lang>-page-1.png."""
    pdf = tmp / "summary.pdf"
    subprocess.run(
        [sys.executable, "-m", "headache_diary", "--data-dir", str(data_dir)]
        + ["--language", lang, "report", str(pdf)],
        check=True,
    )
    target = DOCS / "report" / f"summary-{lang}-page-1"
    target.parent.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf)]
        + [str(target)],
        check=True,
    )
    os.chmod(target.with_suffix(".png"), 0o644)
    print(f"wrote {target.with_suffix('.png').relative_to(ROOT)}")


if __name__ == "__main__":
    raise SystemExit(main())
