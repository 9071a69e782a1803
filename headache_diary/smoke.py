"""``headache-diary --smoke-test``: does this installation work, end to end, in seconds?

Meant for a build, above all the PyInstaller bundle: a frozen app fails in ways a test
suite run in a venv cannot see (a data file, a Qt plugin or a hidden import left out of
the bundle). On a diary in a temporary folder, with Qt's offscreen platform unless
``QT_QPA_PLATFORM`` names another (CI runs the bundle's once more with xcb under Xvfb):

1. the main window opens, as ``run_gui`` opens it (window first, then the diary);
2. one episode is saved, read back and found in the list;
3. the Analysis tab is opened and painted (matplotlib with its Qt backend and its data);
4. the PDF summary is written (QtSvg, the DejaVu fonts from matplotlib's data);
5. a diary made at the oldest schema is upgraded: Alembic must find its revision files;
6. the diary is protected by a passphrase, opened with it and unprotected (SQLCipher).

A Qt warning fails the test too (a missing plugin or font shows up as one), except the
offscreen platform's notice about size hints (see ``qt_log_ignore`` in pyproject.toml).

One line per step on stdout, then exit status 0; any failure prints what failed and
exits 1. The user's own diary is never opened. "Shown N s after the process started" is
read from /proc on Linux: a wrapper that execs the app (packaging/run-app.sh) adds its own
time to it.

Its lines stay English in every language (marked ``# i18n: developer``): they are read by
whoever builds or packages the app, beside a traceback and Qt's own (English) messages,
and quoted in bug reports, where a translated step name would only be harder to search.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any


def _process_age() -> float | None:
    """Seconds since this process started (Linux only: from /proc), else None."""
    try:
        start_ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class SmokeTestError(Exception):
    pass


def _check(condition: object, what: str) -> None:
    if not condition:
        raise SmokeTestError(what)


def _protect(paths: Any) -> str:
    """Encrypt the smoke test's diary (SQLCipher, bundled in the sqlcipher3 wheel), open it
    again with the passphrase, decrypt it: the parts a bundle could leave out."""
    from headache_diary.paths import Paths
    from headache_diary.services import protection
    from headache_diary.services.diary import open_context

    secret = "smoke test passphrase"  # i18n: developer
    protection.encrypt(paths, secret)
    head = paths.database.read_bytes()[:16]
    _check(head != b"SQLite format 3\x00", "the diary was not encrypted")  # i18n: developer
    again = Paths(paths.data_dir)
    try:
        protection.unlock(again, "not the passphrase")  # i18n: developer
    except protection.PassphraseError:
        pass
    else:
        raise SmokeTestError("a wrong passphrase opened the diary")  # i18n: developer
    protection.unlock(again, secret)
    ctx = open_context(again)
    try:
        from headache_diary.services import episodes

        found = episodes.list_page(ctx, 0, 10)
        _check(
            len(found) == 1,
            f"the encrypted diary has {len(found)} episodes, not 1",  # i18n: developer
        )
    finally:
        ctx.diary.close()
    protection.decrypt(again)
    return "encrypted, opened with the passphrase, decrypted"  # i18n: developer


def _upgrade_oldest_schema(folder: Path) -> str:
    """Make a diary at the first revision, let open_diary upgrade it to the head."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine

    from headache_diary.paths import Paths, ensure_private_dir
    from headache_diary.storage.db import open_diary
    from headache_diary.storage.files import read_schema_version
    from headache_diary.storage.schema import alembic_config, known_revisions

    head, known = known_revisions()
    (base,) = ScriptDirectory.from_config(alembic_config()).get_bases()
    paths = Paths(folder)
    ensure_private_dir(paths.data_dir)
    engine = create_engine(f"sqlite:///{paths.database}")
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, base)
    finally:
        engine.dispose()
    _check(
        read_schema_version(paths.database) == base,
        f"diary not at revision {base}",  # i18n: developer
    )  # i18n: developer
    open_diary(paths).close()
    _check(
        read_schema_version(paths.database) == head,
        f"diary not upgraded to {head}",  # i18n: developer
    )  # i18n: developer
    return f"{len(known)} revisions found, {base} -> {head}"  # i18n: developer


#: what Qt's offscreen platform always says when a window with a layout is shown
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"  # i18n: developer


def run_smoke_test() -> int:
    """Run the steps above; 0 when all passed, 1 otherwise."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    qt_warnings: list[str] = []

    def on_qt_message(kind: QtMsgType, _context: object, message: str) -> None:
        quiet = kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg)
        if not quiet and message != OFFSCREEN_NOISE:
            qt_warnings.append(message)
            print(f"Qt: {message}", file=sys.stderr, flush=True)

    previous = qInstallMessageHandler(on_qt_message)
    try:
        with tempfile.TemporaryDirectory(prefix="headache-diary-smoke-") as tmp:
            _run(Path(tmp), started)
        _check(not qt_warnings, f"Qt warned: {qt_warnings}")  # i18n: developer
    except Exception as exc:  # report anything, the point is to see what broke
        traceback.print_exc()
        print(f"smoke test FAILED: {exc}", flush=True)  # i18n: developer
        return 1
    finally:
        qInstallMessageHandler(previous)
    print(
        f"smoke test passed in {time.perf_counter() - started:.2f} s",  # i18n: developer
        flush=True,  # i18n: developer
    )  # i18n: developer
    return 0


def _step(name: str, started: float, fn: Callable[[], str]) -> None:
    t = time.perf_counter()
    detail = fn()
    print(
        f"ok  {name}: {detail} ({(time.perf_counter() - t) * 1000:.0f} ms, "  # i18n: developer
        f"{time.perf_counter() - started:.2f} s in)",
        flush=True,
    )


def _run(tmp: Path, started: float) -> None:
    from PySide6.QtGui import QImageReader
    from PySide6.QtWidgets import QApplication

    from headache_diary.domain.episode import Episode
    from headache_diary.domain.timeutil import zone_for
    from headache_diary.paths import Paths
    from headache_diary.services import episodes
    from headache_diary.services.diary import open_context
    from headache_diary.ui.main_window import ANALYSIS_TAB, MainWindow
    from headache_diary.ui.startup import application

    print(
        f"smoke test of headache-diary on a temporary diary in {tmp}",  # i18n: developer
        flush=True,  # i18n: developer
    )  # i18n: developer
    state: dict[str, Any] = {}
    paths = Paths(tmp / "data")

    def window() -> str:
        if QApplication.instance() is None:
            QApplication(sys.argv[:1])
        app = application()  # names, version, desktop file name, icon
        icon = app.windowIcon()
        _check(
            not icon.isNull() and not icon.pixmap(32, 32).isNull(),
            "the icon from resources/icon.svg did not load "  # i18n: developer
            "(SVG icon engine missing?)",
        )
        formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
        _check(
            "svg" in formats,
            f"no SVG image-format plugin (found {sorted(formats)})",  # i18n: developer
        )  # i18n: developer
        w = MainWindow(None, paths=paths)
        w.show()
        app.processEvents()
        age = _process_age()
        shown = (
            f"shown {age:.2f} s after the process started"  # i18n: developer
            if age is not None
            else "shown"  # i18n: developer
        )  # i18n: developer
        w.attach(open_context(paths))
        app.processEvents()
        state.update(app=app, window=w)
        return f"{shown}; diary opened"  # i18n: developer

    _step("main window", started, window)  # i18n: developer

    def episode() -> str:
        w = state["window"]
        zone = w.ctx.zone
        start = datetime.now(zone_for(zone)).replace(microsecond=0) - timedelta(days=1)
        ep = Episode(
            started_at=start,
            ended_at=start + timedelta(hours=3),
            time_zone=zone,
            side="left",
            intensity=6,
            triggers=["neck_movement"],
            notes="smoke test",  # i18n: developer
        ).normalized()
        episodes.save_episode(w.ctx, ep)
        w.refresh(select=ep.id)
        back = episodes.get_episode(w.ctx, ep.id)
        _check(back == ep, f"episode read back differs: {back!r} != {ep!r}")  # i18n: developer
        _check(
            w.episodes.count() == 1 and w.episodes.selected_id() == ep.id,
            "episode not in the list",  # i18n: developer
        )
        return f"saved and read back {ep.id}"  # i18n: developer

    _step("episode", started, episode)

    def analysis() -> str:
        w = state["window"]
        w.tabs.setCurrentIndex(ANALYSIS_TAB)
        view = w.ensure_analysis_view()
        _check(view is not None, "the Analysis view could not be created")  # i18n: developer
        deadline = time.monotonic() + 60
        while not (view.snapshot is not None and view.chart_labels):  # computed on a worker
            state["app"].processEvents()
            _check(
                time.monotonic() < deadline,
                f"no analysis after 60 s: {view.headline.text()}",  # i18n: developer
            )  # i18n: developer
            time.sleep(0.01)
        _check(not w.grab().isNull(), "the window could not be painted")  # i18n: developer
        return f"Analysis tab painted with {len(view.chart_labels)} charts"  # i18n: developer

    _step("analysis", started, analysis)

    def report() -> str:
        from headache_diary.services.report import write_report

        target = write_report(state["window"].ctx, tmp / "summary.pdf")
        data = target.read_bytes()
        _check(data.startswith(b"%PDF-"), "the report is not a PDF")  # i18n: developer
        _check(b"DejaVuSans" in data, "the PDF does not embed the DejaVu fonts")  # i18n: developer
        return f"{len(data):,} bytes"

    _step("PDF report", started, report)  # i18n: developer

    w = state["window"]
    w.close()
    w.ctx.diary.close()
    w.deleteLater()
    state["app"].processEvents()
    _step("migrations", started, lambda: _upgrade_oldest_schema(tmp / "old"))
    _step("passphrase", started, lambda: _protect(paths))
