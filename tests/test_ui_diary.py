"""The window and the diary file: one window per diary, changes made elsewhere, restore,
a damaged diary at start-up, the crash dialog (issue 14)."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from headache_diary.app import main
from headache_diary.io.csv_format import episodes_to_csv
from headache_diary.services import episodes
from headache_diary.services.diary import list_backups, lock_for_window, make_backup, open_context
from headache_diary.storage.db import open_diary
from headache_diary.ui import crash, startup
from headache_diary.ui.main_window import MainWindow
from headache_diary.ui.restore_dialog import RestoreDialog
from tests.support import ctx_of


def run_until_closed(qtbot, monkeypatch, until=None):
    """Replace the event loop: run it until the main window closes (or ``until()``)."""

    def event_loop(app) -> int:
        def done() -> bool:  # windows of earlier tests may linger, closed: not those
            windows = [
                w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
            ]
            if until is not None and windows and until(windows[0]):
                windows[0].close()
            return not any(w.isVisible() for w in windows)

        qtbot.waitUntil(done, timeout=20_000)
        return 0

    monkeypatch.setattr(type(QApplication.instance()), "exec", event_loop)


def test_a_second_window_on_the_same_diary_is_refused(qtbot, paths, monkeypatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    held = lock_for_window(paths)
    try:
        assert startup.run_gui(lambda: pytest.fail("must not open"), paths) == 1
    finally:
        held.release()
    assert told and "already open" in told[0]


def test_the_window_shows_what_the_command_line_wrote(qtbot, ctx, make_episode, tmp_path) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.episodes.model.rowCount() == 0
    src = tmp_path / "two.csv"
    src.write_bytes(
        episodes_to_csv([make_episode("2026-03-01 08:00"), make_episode("2026-03-02 08:00")])
    )
    # the command line writes while the window holds the diary open (no lock taken)
    assert main(["import", str(src), "--data-dir", str(ctx.paths.data_dir)]) == 0
    qtbot.waitUntil(lambda: window.episodes.model.rowCount() == 2, timeout=10_000)


def test_restore_a_backup_from_the_file_menu(qtbot, ctx, make_episode, monkeypatch) -> None:
    first = episodes.save_episode(ctx, make_episode("2026-03-01 08:00"))
    make_backup(ctx.paths)
    later = episodes.save_episode(ctx, make_episode("2026-03-02 08:00"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.episodes.model.rowCount() == 2
    asked: list[str] = []
    monkeypatch.setattr(RestoreDialog, "exec", lambda self: RestoreDialog.DialogCode.Accepted)
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    window.restore_action.trigger()
    assert asked and "(1 episode)" in asked[0] and "kept as a backup first" in asked[0]
    qtbot.waitUntil(
        lambda: window.ctx is not None and window.episodes.model.rowCount() == 1, timeout=20_000
    )
    assert window.ctx is not ctx  # the restored diary, opened anew
    assert [i.id for i in episodes.list_page(window.ctx, 0, 10)] == [first.id]
    kinds = [b.kind for b in list_backups(ctx.paths)]
    assert "before-restore" in kinds  # the diary with `later` in it is still there
    kept = next(b for b in list_backups(ctx.paths) if b.kind == "before-restore")
    assert kept.episodes == 2 and later.id
    window.close()
    window.ctx.diary.close()


def test_a_damaged_diary_is_restored_from_a_backup_with_consent(
    qtbot, paths, make_episode, monkeypatch
) -> None:
    diary = open_diary(paths)
    kept = episodes.save_episode(ctx_of(diary), make_episode("2026-03-01 08:00"))
    make_backup(paths)
    diary.close()
    paths.database.write_bytes(b"this is not a database at all " * 100)

    offered: list[list[str]] = []

    def choose_restore(self) -> int:
        offered.append([b.text() for b in self.buttons()])
        self._clicked = next(b for b in self.buttons() if b.text().startswith("Restore"))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_restore)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: self._clicked)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: pytest.fail(f"error: {a[2]}"))
    opened: list = []

    def shows_the_backup(window: MainWindow) -> bool:
        if window.ctx is not None and window.episodes.model.rowCount() == 1:
            opened.append(window.ctx)
            return True
        return False

    run_until_closed(qtbot, monkeypatch, until=shows_the_backup)
    assert startup.run_gui(lambda: open_context(paths), paths) == 0
    assert offered and any("Start a new diary" in t for t in offered[0])
    ctx = opened[0]
    try:
        assert [i.id for i in episodes.list_page(ctx, 0, 10)] == [kept.id]
    finally:
        ctx.diary.close()
    aside = sorted(p.name for p in paths.data_dir.glob("diary.sqlite3.damaged-*"))
    assert aside and (paths.data_dir / aside[0]).read_bytes().startswith(b"this is not")


def test_an_unexpected_error_is_logged_and_shown(qtbot, monkeypatch, caplog) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[2]))
    try:
        raise ValueError("something broke")
    except ValueError as exc:
        with caplog.at_level(logging.CRITICAL):
            crash._excepthook(ValueError, exc, exc.__traceback__)
    assert shown and "Something went wrong: ValueError: something broke" in shown[0]
    assert "Everything you saved is safe" in shown[0]
    assert any(r.exc_info for r in caplog.records if r.levelno == logging.CRITICAL)
