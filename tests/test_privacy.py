"""Nothing leaves the computer and nothing is readable by others.

- The data folder is 0700 when the app creates it (with any parent it creates); a folder
  the user chose that exists already keeps its mode, while the diary and its companions
  in it are 0600.
- Every file the app writes (diary, -wal, -shm, backups, exports, PDF, log, lock,
  ui-settings.ini) is 0600 even under umask 022.
- No code path opens a network connection: a process imports every module of the app,
  runs every command, saves, imports, exports, writes a PDF, summarizes and shows the
  window with socket creation patched and an audit hook on every socket event; the app
  has no local socket either (no single-instance hand-over over a socket).
- The log never contains notes, names or medication names, also when saving or importing
  fails.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import event

from headache_diary.app import main
from headache_diary.domain.episode import Medication
from headache_diary.domain.errors import StorageError
from headache_diary.domain.personal import PersonalDetails
from headache_diary.logsetup import setup_logging, stop_logging
from headache_diary.paths import Paths
from headache_diary.services import diary as diary_service
from headache_diary.services import episodes, personal, transfer
from headache_diary.services.report import write_report

SECRET_NOTE = "Sekret-note-7731"
SECRET_TRIGGER = "Sekret-trigger-7732"
SECRET_MED = "Sekretmed-7733"
SECRET_NAME = "Adelheid Sekretname"
SECRETS = (SECRET_NOTE, SECRET_TRIGGER, SECRET_MED, "Sekretname")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(
        0o022
    )  # a permissive umask (main() sets 077 itself; the rest must not rely on it)
    try:
        yield
    finally:
        os.umask(old)


def secret_csv(path: Path, *, bad: bool = False) -> Path:
    medication = f"{SECRET_MED}|nsaid" if bad else f"{SECRET_MED}|nsaid|good"  # bad: no relief
    path.write_text(
        "started_at,ended_at,side,trigger_note,medications,notes\r\n"
        f"2026-03-01T08:15:00+01:00,2026-03-01T10:15:00+01:00,left,{SECRET_TRIGGER},"
        f"{medication},{SECRET_NOTE}\r\n",
        "utf-8",
    )
    return path


# --- folders and files --------------------------------------------------------------------


def test_a_folder_the_app_creates_is_0700_with_the_parents_it_creates(
    tmp_path: Path, umask_022: None, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "existing"
    existing.mkdir(mode=0o755)
    data = existing / "new" / "deeper" / "data"
    assert main(["summary", "--data-dir", str(data)]) == 0
    capsys.readouterr()
    assert [mode(p) for p in (existing / "new", data.parent, data)] == [0o700] * 3
    assert mode(existing) == 0o755  # not created by the app: untouched
    assert mode(data / "diary.sqlite3") == 0o600


def test_a_folder_the_user_chose_keeps_its_mode_and_the_diary_in_it_is_private(
    tmp_path: Path, umask_022: None, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = tmp_path / "home" / "Documents"
    documents.mkdir(parents=True)
    os.chmod(documents, 0o755)
    (documents / "letter.txt").write_text("the user's own file")
    os.chmod(documents / "letter.txt", 0o644)
    source = secret_csv(tmp_path / "in.csv")
    for argv in (["import", str(source)], ["backup"], ["summary"], ["import", str(source)]):
        assert main([*argv, "--data-dir", "~/Documents"]) == 0  # ~ is the test's HOME
    capsys.readouterr()
    assert mode(documents) == 0o755 and mode(documents / "letter.txt") == 0o644
    mine = {p.relative_to(documents).as_posix(): mode(p) for p in documents.rglob("*")}
    del mine["letter.txt"]
    assert mine.pop("backups") == 0o700  # created by the app: ours
    assert mine and set(mine.values()) == {0o600}, mine
    assert {"diary.sqlite3", "headache-diary.log"} <= set(mine)


def test_every_file_the_app_writes_is_0600_under_umask_022(
    qtbot: Any, tmp_path: Path, umask_022: None, make_episode: Any
) -> None:
    from headache_diary.ui.main_window import MainWindow

    paths = Paths(tmp_path / "data")
    out = tmp_path / "out"
    out.mkdir()
    setup_logging(paths, console=False)
    try:
        lock = diary_service.lock_for_window(paths)
        ctx = diary_service.open_context(paths)
        episodes.save_episode(ctx, make_episode("2026-03-01 08:00", notes=SECRET_NOTE))
        transfer.import_file(ctx, secret_csv(tmp_path / "in.csv"))
        written = [
            Path(transfer.export_file(ctx, out / "diary.csv").path),
            Path(transfer.export_file(ctx, out / "diary.json").path),
            write_report(ctx, out / "summary.pdf"),
        ]
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.close()  # writes ui-settings.ini
        companions = [Path(f"{paths.database}{s}") for s in ("-wal", "-shm")]
        assert all(p.exists() for p in companions)
        open_modes = {p.name: mode(p) for p in companions}
        backup = diary_service.make_backup(paths)
        ctx.diary.close()
        diary_service.restore(paths, backup)  # keeps the replaced diary as a backup
        logging.getLogger("headache_diary.test").warning("the log is written")
        lock.release()
    finally:
        stop_logging()

    assert open_modes == {"diary.sqlite3-wal": 0o600, "diary.sqlite3-shm": 0o600}
    files = [p for p in paths.data_dir.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {"diary.sqlite3", "headache-diary.log", "diary.lock", "ui-settings.ini"} <= names
    assert any("before-restore" in n for n in names) and any("manual" in n for n in names)
    assert {p.relative_to(paths.data_dir).as_posix(): mode(p) for p in files} == {
        p.relative_to(paths.data_dir).as_posix(): 0o600 for p in files
    }
    folders = [paths.data_dir, *(p for p in paths.data_dir.rglob("*") if p.is_dir())]
    assert {mode(p) for p in folders} == {0o700}
    assert [mode(p) for p in written] == [0o600] * 3


# --- the network ----------------------------------------------------------------------------

NO_NETWORK = textwrap.dedent(
    r"""
    import json, socket, sys
    events = []

    def audit(event, args):
        if event.startswith("socket."):
            events.append(f"{event} {args!r}"[:200])

    sys.addaudithook(audit)

    def refuse(name):
        def call(*args, **kwargs):
            events.append(f"{name} called")
            raise OSError(f"no network in this test ({name})")
        return call

    class NoSocket(socket.socket):  # a class still, so that ssl can subclass it
        def __init__(self, *args, **kwargs):
            refuse("socket.socket")()

    socket.socket = NoSocket
    for name in ("create_connection", "create_server", "socketpair", "getaddrinfo",
                 "gethostbyname", "gethostbyname_ex", "fromfd"):
        setattr(socket, name, refuse(f"socket.{name}"))

    import importlib, pkgutil, headache_diary
    for module in pkgutil.walk_packages(headache_diary.__path__, "headache_diary."):
        # not importable as such: the Alembic environment and `python -m headache_diary`
        if not module.name.endswith(("migrations.env", "__main__")):
            importlib.import_module(module.name)

    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from headache_diary.app import main
    app = QApplication([])  # before `report` makes a QGuiApplication of its own
    work = Path(sys.argv[1])
    data = str(work / "data")
    csv = work / "in.csv"
    csv.write_text("started_at,side,notes\r\n2026-03-01T08:15:00+01:00,left,note\r\n")
    for argv in (["import", str(csv)], ["export", str(work / "out.csv")],
                 ["export", str(work / "out.json")], ["summary"], ["summary", "--json"],
                 ["report", str(work / "out.pdf")], ["backup"],
                 ["log", "--side", "left", "--minutes", "30"],
                 ["end"],  # the imported episode, which has no end
                 ["checkin", "--date", "2026-03-03", "--headache", "--note", "n"]):
        assert main([*argv, "--data-dir", data]) == 0, argv

    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo
    from headache_diary.app import open_context
    from headache_diary.domain.episode import Episode
    from headache_diary.services import analysis, episodes
    from headache_diary.ui.main_window import MainWindow
    ctx = open_context(data)
    start = datetime(2026, 3, 2, 8, tzinfo=ZoneInfo("Europe/Berlin"))
    episodes.save_episode(ctx, Episode(started_at=start, ended_at=start + timedelta(hours=1),
                                       side="right", time_zone="Europe/Berlin"))
    analysis.analysis_snapshot(ctx)
    window = MainWindow(ctx)
    window.show()
    window.tabs.setCurrentIndex(1)  # Analysis: charts drawn on a worker
    import time
    deadline = time.monotonic() + 60
    app.processEvents()
    while window.runner.busy and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    assert window.analysis_view is not None and not window.runner.busy
    window.runner.shutdown()
    window.close()
    ctx.diary.close()
    print(json.dumps({"events": events,
                      "qt_network": "PySide6.QtNetwork" in sys.modules}))
    """
)


def test_no_code_path_opens_a_network_connection(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {"events": [], "qt_network": False}, found


# --- the log ----------------------------------------------------------------------------------


def log_text(paths: Paths) -> str:
    return "".join(p.read_text("utf-8") for p in sorted(paths.data_dir.glob("headache-diary.log*")))


def test_the_log_never_holds_notes_names_or_medications(
    qtbot: Any,
    paths: Paths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_episode: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from headache_diary.ui.main_window import MainWindow

    data = ["--data-dir", str(paths.data_dir)]
    good, bad = secret_csv(tmp_path / "good.csv"), secret_csv(tmp_path / "bad.csv", bad=True)
    # the command line: a good import, a failing one, exports, the PDF, a backup
    assert main(["import", str(good), *data]) == 0
    assert main(["import", str(bad), *data]) == 1
    assert SECRET_MED in capsys.readouterr().err  # told to the patient, on the terminal only
    for argv in (
        ["export", str(tmp_path / "e.json")],
        ["report", str(tmp_path / "r.pdf")],
        ["backup"],
        ["summary"],
        ["checkin", "--date", "2026-03-03", "--headache-free", "--note", SECRET_NOTE],
    ):
        assert main([*argv, *data]) == 0
    capsys.readouterr()

    # the window: a failing import on a worker, a save that fails on a full disk
    setup_logging(paths, console=False)
    ctx = diary_service.open_context(paths)
    try:
        personal.set_personal_details(ctx, PersonalDetails(SECRET_NAME, None))
        shown: list[str] = []
        monkeypatch.setattr(
            QMessageBox, "critical", staticmethod(lambda *a, **k: shown.append(str(a[2])))
        )
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), ""))
        )
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        window.import_file()
        qtbot.waitUntil(lambda: bool(shown) and not window.runner.busy)
        assert SECRET_MED in shown[0]

        engine = ctx.diary.engine
        with engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

        def full(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

        event.listen(engine, "connect", full)
        engine.dispose()
        big = make_episode(
            "2026-03-05 08:00",
            notes=SECRET_NOTE * 2000,
            trigger_note=SECRET_TRIGGER,
            medications=[Medication(SECRET_MED, "triptan", "none")],
        )
        with pytest.raises(StorageError) as failed:
            episodes.save_episode(ctx, big)
        # what a careless caller would do with it: log it, traceback and all
        logging.getLogger("headache_diary.test").error("save failed", exc_info=failed.value)
        event.remove(engine, "connect", full)
        window.close()
    finally:
        ctx.diary.close()
        stop_logging()

    text = log_text(paths)
    assert "created a new diary" in text and "backup made" in text and "save failed" in text
    assert "database or disk is full" in text
    for secret in SECRETS:
        assert secret not in text, secret


def test_ui_settings_are_never_written_readable_by_others(
    qtbot: Any, ctx: Any, umask_022: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QSettings writes through a temporary file with the umask's mode unless the file
    exists: the window creates it 0600 first (the chmod after writing is not needed)."""
    from headache_diary.ui import main_window

    monkeypatch.setattr(main_window, "make_private_file", lambda path: None)
    window = main_window.MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert mode(ctx.paths.ui_settings) == 0o600
    window.save_settings()  # and rewritten: still 0600
    assert mode(ctx.paths.ui_settings) == 0o600
