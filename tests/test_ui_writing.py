"""Saves, deletes, undo and "Back up now" run on a worker (ui.writing): the window never
waits for SQLite's write lock, which another process may hold for seconds (here: a plain
sqlite3 connection of the test, as another process would hold it)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from headache_diary.context import AppContext
from headache_diary.paths import Paths
from headache_diary.services import episodes
from headache_diary.services.diary import list_backups
from headache_diary.storage.db import open_diary
from headache_diary.ui.episode_editor import EpisodeEditor
from headache_diary.ui.main_window import MainWindow
from headache_diary.ui.writing import SAVING
from tests.support_ui import fill_quick, reactivate, shown, shown_editor, wait_saved, written

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@contextmanager
def write_lock(database: Path) -> Iterator[sqlite3.Connection]:
    """Another writer holding the diary's write lock (``headache-diary import`` does for
    seconds) until the block ends."""
    con = sqlite3.connect(database, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        yield con
        con.execute("COMMIT")
    finally:
        con.close()


#: what a write waits for the lock before it gives up (storage.db): a GUI thread that
#: waited for the lock would be held this long
BUSY_TIMEOUT_S = 5.0


class Heartbeat:
    """A 5 ms timer in the GUI thread, counting its ticks."""

    def __init__(self) -> None:
        self.ticks = 0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.ticks += 1


def count(ctx: AppContext) -> int:
    """The episodes stored (a read: it takes no lock)."""
    return episodes.count_episodes(ctx)


def open_editor(qtbot, ctx: AppContext) -> EpisodeEditor:
    editor = shown_editor(qtbot, EpisodeEditor(ctx, now=lambda: NOW))
    fill_quick(editor)
    return editor


def test_save_while_another_process_writes_keeps_the_window_answering(qtbot, ctx, paths):
    editor = open_editor(qtbot, ctx)
    beat = Heartbeat()
    with write_lock(paths.database):
        t0 = time.perf_counter()
        editor.accept()
        # back at once, the lock still held: the GUI thread did not wait for it (it would
        # have waited the busy timeout, then failed)
        assert time.perf_counter() - t0 < BUSY_TIMEOUT_S / 2
        # the dialog says it is saving, keeps what was entered, and cannot be closed
        qtbot.waitUntil(lambda: editor.save_button.text() == SAVING)
        assert editor.saving.busy and not editor.side_buttons["left"].isEnabled()
        assert editor.side_buttons["left"].isChecked() and editor.hours_spin.value() == 2
        editor.reject()
        assert editor.isVisible()
        ticks = beat.ticks
        qtbot.wait(600)  # the worker waits for the lock, the window goes on
        assert beat.ticks - ticks > 10  # the GUI thread's timer kept firing meanwhile
        assert count(ctx) == 0 and editor.saving.busy
    wait_saved(qtbot, editor)
    assert not editor.isVisible() and count(ctx) == 1
    assert editor.saved is not None and editor.saved.side == "left"


def test_a_save_that_fails_keeps_what_was_entered_for_a_retry(qtbot, paths, monkeypatch):
    diary = open_diary(paths, busy_timeout_ms=200)  # gives up on the lock sooner
    ctx = AppContext(paths, diary, "Europe/Berlin")
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: said.append(a[2]))
    try:
        editor = open_editor(qtbot, ctx)
        with write_lock(paths.database):
            editor.accept()
            wait_saved(qtbot, editor)
        assert len(said) == 1 and said[0].startswith("The diary is busy"), said
        # open again, usable, with everything entered, and Save says Save again
        assert editor.isVisible() and editor.side_buttons["left"].isEnabled()
        assert editor.side_buttons["left"].isChecked() and editor.hours_spin.value() == 2
        assert editor.save_button.text() != SAVING and editor.save_button.isEnabled()
        assert count(ctx) == 0
        editor.accept()  # the lock is free now: the retry is stored
        wait_saved(qtbot, editor)
        assert not editor.isVisible() and count(ctx) == 1
    finally:
        diary.close()


@pytest.fixture
def window(qtbot, ctx) -> MainWindow:
    w = MainWindow(ctx)
    w.episodes.now = lambda: NOW
    shown(qtbot, w)
    reactivate(qtbot, w)
    return w


def test_delete_undo_and_back_up_now_wait_for_the_lock_on_a_worker(
    qtbot, window, ctx, paths: Paths, make_episode
):
    ep = episodes.save_episode(ctx, make_episode("2026-03-01 08:00"), NOW)
    window.refresh()
    window.episodes.select_episode(ep.id)
    beat = Heartbeat()
    with write_lock(paths.database):
        t0 = time.perf_counter()
        assert window.episodes.delete_selected() is not None
        assert time.perf_counter() - t0 < BUSY_TIMEOUT_S / 2  # did not wait for the lock
        assert not window.episodes.delete_action.isEnabled()  # one write at a time
        assert window.episodes.delete_selected() is None
        ticks = beat.ticks
        qtbot.wait(300)
        assert beat.ticks - ticks > 5  # the window went on meanwhile
        assert episodes.get_episode(ctx, ep.id) is not None  # still waiting for the lock
    written(qtbot, window)
    assert episodes.get_episode(ctx, ep.id) is None and window.episodes.model.rowCount() == 0
    assert window.episodes.undo_action.isEnabled()

    with write_lock(paths.database):
        assert window.episodes.undo() is not None
        assert not window.episodes.undo_action.isEnabled()
    written(qtbot, window)
    assert episodes.get_episode(ctx, ep.id) is not None and window.episodes.model.rowCount() == 1

    before = len(list_backups(paths))
    window.backup_action.trigger()
    assert not window.backup_action.isEnabled()  # until it is made
    written(qtbot, window)
    assert len(list_backups(paths)) == before + 1
    assert window.backup_action.isEnabled()
    assert "Backed up to" in window.statusBar().currentMessage()
