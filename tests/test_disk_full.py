"""Saving when the disk is full or the diary's folder is read-only: a clear message, the
episode editor stays open with everything entered, a retry once there is room (or the
folder is writable again) saves it, and nothing saved before is lost.

Three ways of making the disk full or the folder read-only, each proving something:

- ``PRAGMA max_page_count`` on every connection of the engine (a "connect" event): SQLite's
  own SQLITE_FULL, on every machine. Making room = dropping the limit.
- A 4 MB tmpfs filled to the last block: the operating system's ENOSPC, as on a real full
  disk; making room = deleting the filler, and the retry runs on the same connection.
- A read-only bind mount of the data folder: the kernel's EROFS (root ignores file modes,
  not a read-only mount). Linux refuses (EBUSY) to make a mount read-only while a file on
  it is open for writing, so an open diary's folder cannot turn read-only under its
  connection; what happens is that a connection opened later finds it read-only (a
  worker's new connection, the next start). The test closes the pooled connections to get
  there. Such a connection stays read-only for good, so the diary drops it after the
  error, and the retry opens a fresh one.

The mount tests skip where mounting is not permitted (not root, a container without
CAP_SYS_ADMIN); CI runs as root.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import event

from headache_diary.app import main
from headache_diary.context import AppContext
from headache_diary.paths import Paths
from headache_diary.services import episodes
from headache_diary.services.diary import change_probe
from headache_diary.storage.db import open_diary
from headache_diary.ui.episode_editor import EpisodeEditor
from tests.support import fill_disk, read_only_folder, small_disk
from tests.support_ui import set_time, shown_editor, wait_saved

ZONE = "Europe/Berlin"
NOTE = "Started after carrying the shopping; " * 600  # a long note: needs new pages


def integrity(db: Path) -> list[tuple[str]]:
    con = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()


class Critical:
    """Stands in for QMessageBox.critical: records the message, returns at once."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, parent: Any, title: str, text: str, *args: Any) -> Any:
        self.messages.append(text)
        return QMessageBox.StandardButton.Ok


@pytest.fixture
def critical(monkeypatch: pytest.MonkeyPatch) -> Critical:
    box = Critical()
    monkeypatch.setattr(QMessageBox, "critical", box)
    return box


def open_editor(qtbot: Any, ctx: AppContext) -> EpisodeEditor:
    # its clock passed in: the episode of 2 March 2026 is in the past whatever the date
    editor = shown_editor(
        qtbot, EpisodeEditor(ctx, now=lambda: datetime(2026, 6, 1, 12, tzinfo=UTC))
    )
    editor.side_buttons["right"].click()
    set_time(editor.start_edit, "2026-03-02 07:45")
    editor.hours_spin.setValue(3)
    editor.intensity_buttons[6].click()
    editor.trigger_checks["sustained_posture"].click()
    editor.medications.add_row()
    row = editor.medications.rows[0]
    row.name.setText("Naproxen 500 mg")
    row.med_class.setCurrentIndex(row.med_class.findData("nsaid"))
    row.relief.setCurrentIndex(row.relief.findData("good"))
    editor.notes_edit.setPlainText(NOTE)
    assert editor.save_button.isEnabled(), editor.revalidate()
    return editor


def save_fails_and_keeps_everything(
    qtbot: Any, editor: EpisodeEditor, critical: Critical, reason: str
) -> None:
    entered = editor.form()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, editor)
    assert len(critical.messages) == 1 and reason in critical.messages[0], critical.messages
    assert "Nothing was changed" in critical.messages[0]
    assert editor.isVisible() and editor.result() != EpisodeEditor.DialogCode.Accepted
    assert editor.saved is None
    assert editor.form() == entered  # every value still in the dialog, ready for a retry
    assert editor.notes_edit.toPlainText() == NOTE
    assert editor.medications.rows[0].name.text() == "Naproxen 500 mg"


def retry_saves(qtbot: Any, editor: EpisodeEditor, ctx: AppContext, saved_before: str) -> None:
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, editor)
    assert editor.result() == EpisodeEditor.DialogCode.Accepted
    assert editor.saved is not None
    stored = episodes.get_episode(ctx, editor.saved.id)
    assert stored is not None and stored.notes == NOTE and stored.side == "right"
    assert [m.name for m in stored.medications] == ["Naproxen 500 mg"]
    assert {i.id for i in episodes.list_page(ctx, 0, 10)} == {saved_before, stored.id}


@pytest.fixture
def saved_before(ctx: AppContext, make_episode: Callable[..., Any]) -> str:
    return episodes.save_episode(ctx, make_episode("2026-03-01 08:00", notes="kept")).id


def test_full_diary_keeps_the_edit_and_a_retry_saves_it(
    qtbot, ctx: AppContext, critical: Critical, saved_before: str
) -> None:
    engine = ctx.diary.engine
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    def full(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    event.listen(engine, "connect", full)
    engine.dispose()  # every connection from now on has no page to spare
    editor = open_editor(qtbot, ctx)
    save_fails_and_keeps_everything(qtbot, editor, critical, "the disk is full")
    assert [i.id for i in episodes.list_page(ctx, 0, 10)] == [saved_before]

    event.remove(engine, "connect", full)  # room again
    engine.dispose()
    retry_saves(qtbot, editor, ctx, saved_before)
    assert integrity(ctx.paths.database) == [("ok",)]


@pytest.fixture
def small_ctx(tmp_path: Path) -> Iterator[AppContext]:
    """A diary on a 4 MB disk of its own."""
    folder = tmp_path / "small"
    with small_disk(folder):
        diary = open_diary(Paths(folder / "data"))
        try:
            yield AppContext(diary.paths, diary, ZONE)
        finally:
            diary.close()


def test_a_really_full_disk_keeps_the_edit_and_a_retry_saves_it(
    qtbot, small_ctx: AppContext, critical: Critical, make_episode
) -> None:
    ctx = small_ctx
    saved_before = episodes.save_episode(ctx, make_episode("2026-03-01 08:00")).id
    filler = ctx.paths.data_dir.parent / "filler"
    fill_disk(filler)
    editor = open_editor(qtbot, ctx)
    save_fails_and_keeps_everything(qtbot, editor, critical, "the disk is full")

    filler.unlink()  # the patient makes room; the diary keeps its connection
    retry_saves(qtbot, editor, ctx, saved_before)
    assert integrity(ctx.paths.database) == [("ok",)]


def test_a_read_only_folder_keeps_the_edit_and_a_retry_saves_it(
    qtbot, ctx: AppContext, critical: Critical, saved_before: str
) -> None:
    # the window's change probe keeps a connection of its own open, as in the app (so the
    # diary's -wal and -shm stay, and a new connection opens read-only instead of failing)
    with change_probe(ctx.paths) as probe:
        editor = open_editor(qtbot, ctx)
        ctx.diary.engine.dispose()  # see the module docstring
        with read_only_folder(ctx.paths.data_dir):
            save_fails_and_keeps_everything(qtbot, editor, critical, "read-only")
            # the diary let go of its read-only connection: the folder can be unmounted
        retry_saves(qtbot, editor, ctx, saved_before)
        assert probe.changed()
    assert integrity(ctx.paths.database) == [("ok",)]


def test_a_diary_in_a_read_only_folder_is_refused_as_read_only_not_as_damaged(
    paths: Paths, diary, make_episode, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = AppContext(paths, diary, ZONE)
    saved = episodes.save_episode(ctx, make_episode("2026-03-01 08:00")).id
    diary.close()
    before = paths.database.read_bytes()
    with read_only_folder(paths.data_dir):
        for command in (["summary"], ["backup"]):
            assert main([*command, "--data-dir", str(paths.data_dir)]) != 0
            out, err = capsys.readouterr()
            assert err.count("\n") == 1 and "read-only" in err.lower(), err
            assert "damaged" not in err and "Traceback" not in err
    assert paths.database.read_bytes() == before
    reopened = open_diary(paths)
    try:
        assert [i.id for i in episodes.list_page(AppContext(paths, reopened, ZONE), 0, 5)] == [
            saved
        ]
    finally:
        reopened.close()
