"""The main window, driven like a patient would: keys, clicks, menus (offscreen Qt)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
import types
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QWidget

from headache_diary.context import AppContext
from headache_diary.domain.errors import ImportFileError
from headache_diary.domain.text import default_file_name
from headache_diary.storage import repository
from headache_diary.storage.db import open_diary
from headache_diary.ui.episode_editor import EpisodeEditor
from headache_diary.ui.episodes_page import EMPTY_HINT
from headache_diary.ui.main_window import MainWindow
from tests.support_ui import fill_quick, shown, wait_saved, written

CTRL = Qt.KeyboardModifier.ControlModifier
#: "now" for the window's editor: after every episode the tests enter
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
def window(qtbot, ctx) -> MainWindow:
    w = MainWindow(ctx)
    w.episodes.now = lambda: NOW  # the editor's clock, passed in
    return shown(qtbot, w)


@pytest.fixture
def no_dialogs(monkeypatch):
    """Record message boxes instead of showing them."""
    calls: list[tuple[str, str]] = []

    def record(kind):
        def fn(*args, **kwargs):
            calls.append((kind, str(args[2]) if len(args) > 2 else ""))
            return QMessageBox.StandardButton.Ok

        return staticmethod(fn)

    for kind in ("critical", "information", "warning", "about"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    return calls


def stored(ctx):
    with ctx.diary.session() as s:
        return list(repository.iter_episodes(s))


def add(ctx, *episodes):
    with ctx.diary.session() as s:
        for ep in episodes:
            repository.save_episode(s, ep.normalized())


def open_editor_with_ctrl_n(qtbot, window) -> EpisodeEditor:
    qtbot.keyClick(window.episodes.table, Qt.Key.Key_N, CTRL)
    editor = QApplication.activeModalWidget()
    assert isinstance(editor, EpisodeEditor), editor
    return editor


def test_empty_diary_shows_hint(window):
    assert window.windowTitle() == "Headache Diary"
    assert [window.tabs.tabText(i).replace("&", "") for i in range(2)] == ["Episodes", "Analysis"]
    assert window.episodes.list_stack.currentWidget() is window.episodes.empty_label
    assert window.episodes.empty_label.text() == EMPTY_HINT
    assert (
        not window.episodes.edit_action.isEnabled()
        and not window.episodes.delete_action.isEnabled()
    )
    assert not window.episodes.undo_action.isEnabled()


def test_ctrl_n_opens_editor_and_escape_cancels(qtbot, window, ctx, monkeypatch):
    editor = open_editor_with_ctrl_n(qtbot, window)
    assert editor.windowTitle() == "New episode"
    fill_quick(editor)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    qtbot.keyClick(editor.trigger_note, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert stored(ctx) == []
    assert window.episodes.model.rowCount() == 0


def test_create_with_keyboard_and_find_after_restart(qtbot, window, ctx, paths):
    editor = open_editor_with_ctrl_n(qtbot, window)
    fill_quick(editor, start="2026-11-25 08:15")
    editor.neck_combo.setCurrentIndex(editor.neck_combo.findData("looking_down"))
    with qtbot.waitSignal(window.episodes_changed, timeout=2000):
        qtbot.keyClick(editor.trigger_note, Qt.Key.Key_Return)
    assert window.episodes.list_stack.currentWidget() is window.episodes.table
    assert window.episodes.model.rowCount() == 1
    row = [window.episodes.model.index(0, c).data() for c in range(6)]
    assert row == [
        "Wed, 25 Nov 2026, 08:15",
        "2 h 30 min",
        "Left",
        "7/10",
        "Neck movement",
        "Looking down",
    ]
    assert window.episodes.selected_id() == editor.saved.id
    window.close()
    ctx.diary.close()
    diary = open_diary(paths)
    try:
        with diary.session() as s:
            (ep,) = list(repository.iter_episodes(s))
    finally:
        diary.close()
    assert ep.side == "left" and ep.intensity == 7 and ep.neck_position == "looking_down"


def test_edit_with_enter_and_double_click(qtbot, window, ctx, make_episode):
    first = make_episode("2026-03-01 08:00", side="left", intensity=3)
    add(ctx, first, make_episode("2026-03-02 08:00", side="right"))
    window.refresh()
    window.episodes.select_episode(first.id)
    window.episodes.table.setFocus()
    assert window.episodes.edit_action.isEnabled()
    qtbot.keyClick(window.episodes.table, Qt.Key.Key_Return)
    editor = QApplication.activeModalWidget()
    assert isinstance(editor, EpisodeEditor) and editor.windowTitle() == "Edit episode"
    assert editor.intensity_buttons[3].isChecked()
    editor.intensity_buttons[8].click()
    editor.side_buttons["both"].click()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, editor)
    by_id = {e.id: e for e in stored(ctx)}
    assert len(by_id) == 2
    assert (by_id[first.id].intensity, by_id[first.id].side) == (8, "both")
    assert window.episodes.model.index(1, 2).data() == "Both sides"  # older one is second

    # double-click opens the same editor for the clicked row
    rect = window.episodes.table.visualRect(window.episodes.model.index(0, 0))
    qtbot.mouseClick(window.episodes.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(
        window.episodes.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
    )
    editor = QApplication.activeModalWidget()
    assert isinstance(editor, EpisodeEditor)
    assert editor.side_buttons["right"].isChecked()
    editor.reject()


def test_delete_and_undo_several_in_turn(qtbot, window, ctx, paths, make_episode):
    eps = [make_episode(f"2026-03-0{d} 08:00", side="left", intensity=d) for d in (1, 2, 3)]
    add(ctx, *eps)
    window.refresh()
    window.episodes.select_episode(eps[2].id)
    window.episodes.table.setFocus()
    qtbot.keyClick(window.episodes.table, Qt.Key.Key_Delete)
    written(qtbot, window)
    assert window.episodes.model.rowCount() == 2
    assert window.episodes.selected_id() is not None  # the next row is selected, ready for another
    qtbot.keyClick(window.episodes.table, Qt.Key.Key_Delete)
    written(qtbot, window)
    assert [e.id for e in stored(ctx)] == [eps[0].id]
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    assert window.episodes.undo_action.isEnabled()

    qtbot.keyClick(window.episodes.table, Qt.Key.Key_Z, CTRL)

    written(qtbot, window)
    assert {e.id for e in stored(ctx)} == {eps[0].id, eps[1].id}
    qtbot.keyClick(window.episodes.table, Qt.Key.Key_Z, CTRL)
    written(qtbot, window)
    assert window.episodes.model.rowCount() == 3
    assert window.episodes.selected_id() == eps[2].id
    assert not window.episodes.undo_action.isEnabled()
    qtbot.keyClick(window.episodes.table, Qt.Key.Key_Z, CTRL)  # nothing left to undo: harmless
    written(qtbot, window)
    assert window.episodes.model.rowCount() == 3

    window.close()
    ctx.diary.close()
    diary = open_diary(paths)
    try:
        with diary.session() as s:
            back = {e.id: e for e in repository.iter_episodes(s)}
    finally:
        diary.close()
    for ep in eps:
        assert back[ep.id] == ep.normalized()  # same id, every field


def test_delete_with_nothing_selected_does_nothing(qtbot, window, ctx, make_episode):
    add(ctx, make_episode("2026-03-01 08:00"))
    window.refresh()
    window.episodes.table.clearSelection()
    assert window.episodes.delete_selected() is None
    assert len(stored(ctx)) == 1


def test_window_geometry_and_tab_remembered(qtbot, ctx, paths, monkeypatch):
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(QSize(710, 470))
    first.move(QPoint(40, 30))
    qtbot.waitUntil(lambda: first.size() == QSize(710, 470))
    first.tabs.setCurrentIndex(1)
    where = first.pos()
    first.close()
    assert paths.ui_settings.exists()
    assert stat.S_IMODE(os.stat(paths.ui_settings).st_mode) == 0o600
    text = paths.ui_settings.read_text()
    assert "geometry" in text and "episode" not in text.lower().replace("episodetoolbar", "")

    second = MainWindow(ctx)
    qtbot.addWidget(second)
    assert second.size() == QSize(710, 470)
    second.show()
    qtbot.waitExposed(second)
    assert (second.pos() - where).manhattanLength() <= 4  # offscreen adds a frame margin
    assert second.size() == QSize(710, 470)
    assert second.tabs.currentIndex() == 1


def test_analysis_view_created_lazily_and_refreshed(qtbot, window, ctx, monkeypatch, make_episode):
    made = []

    class FakeAnalysisView(QLabel):
        def __init__(self, ctx_, parent=None, runner=None):
            super().__init__("analysis", parent)
            self.refreshed = 0
            made.append(self)
            assert ctx_ is ctx

        def refresh(self):
            self.refreshed += 1

    fake = types.ModuleType("headache_diary.ui.analysis_view")
    fake.AnalysisView = FakeAnalysisView  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "headache_diary.ui.analysis_view", fake)
    assert made == []
    window.tabs.setCurrentIndex(1)
    assert len(made) == 1 and window.analysis_view is made[0]
    window.tabs.setCurrentIndex(0)
    window.tabs.setCurrentIndex(1)
    assert len(made) == 1
    add(ctx, make_episode("2026-03-01 08:00"))
    window.refresh()
    assert made[0].refreshed == 1


def test_start_up_does_not_import_matplotlib(tmp_path):
    script = textwrap.dedent(
        f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication
        from headache_diary.app import open_context
        from headache_diary.ui.main_window import MainWindow
        app = QApplication(sys.argv)
        ctx = open_context({str(tmp_path / "data")!r})
        w = MainWindow(ctx)
        w.show()
        for _ in range(5):
            app.processEvents()
        print("matplotlib" in sys.modules, "headache_diary.analysis.summary" in sys.modules)
        w.close()
        ctx.diary.close()
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_quit_and_about(qtbot, window, no_dialogs):
    window.about_action.trigger()
    assert no_dialogs and no_dialogs[0][0] == "about"
    window.quit_action.trigger()
    assert not window.isVisible()


def test_default_file_name_has_no_personal_data():
    assert default_file_name("csv", today=date(2026, 11, 25)) == "headache-diary-2026-11-25.csv"


def test_export_then_import_through_menu(
    qtbot, window, ctx, tmp_path, monkeypatch, no_dialogs, make_episode
):
    add(ctx, make_episode("2026-03-01 08:00"), make_episode("2026-03-02 08:00", side="right"))
    window.refresh()
    target = tmp_path / "out"
    offered = []

    def save_name(parent, caption, start, filters):
        offered.append(start)
        return str(target), filters.split(";;")[1]  # the second filter offered: CSV

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    window.export_action.trigger()
    qtbot.waitUntil(lambda: not window.runner.busy)
    # JSON (the whole diary) is offered first
    assert os.path.basename(offered[0]) == default_file_name("json")
    exported = tmp_path / "out.csv"  # extension added from the chosen filter
    assert exported.read_text(encoding="utf-8").startswith("started_at,")
    assert no_dialogs[-1][0] == "information" and "2 episodes" in no_dialogs[-1][1]
    # and the message says what a CSV file leaves out
    assert "This file holds the episodes only" in no_dialogs[-1][1]

    # import into the same diary: both are duplicates, list unchanged
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(exported), ""))
    )
    window.import_action.trigger()
    qtbot.waitUntil(lambda: not window.runner.busy)
    assert "Added 0" in no_dialogs[-1][1] and "skipped 2" in no_dialogs[-1][1]

    # a new, empty diary takes them both
    other_paths = type(ctx.paths)(tmp_path / "other")
    other = AppContext(paths=other_paths, diary=open_diary(other_paths), zone=ctx.zone)
    try:
        w2 = MainWindow(other)
        qtbot.addWidget(w2)
        with qtbot.waitSignal(w2.episodes_changed, timeout=2000):
            w2.import_action.trigger()
        assert w2.episodes.model.rowCount() == 2
        assert "Added 2" in no_dialogs[-1][1]
    finally:
        other.diary.close()


def test_import_error_shown_and_diary_unchanged(
    qtbot, window, ctx, tmp_path, monkeypatch, no_dialogs
):
    bad = tmp_path / "bad.csv"
    bad.write_text("started_at,side\n2026-03-01T08:00:00+01:00,middle\n", encoding="utf-8")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), ""))
    )
    window.import_action.trigger()
    qtbot.waitUntil(lambda: not window.runner.busy)
    assert no_dialogs and no_dialogs[-1][0] == "critical"
    assert "row 2" in no_dialogs[-1][1]
    assert stored(ctx) == []


def test_cancelled_file_dialogs_do_nothing(window, monkeypatch, no_dialogs):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    window.import_action.trigger()
    window.export_action.trigger()
    assert no_dialogs == []


def test_export_pdf_hook(window, ctx, monkeypatch, no_dialogs):
    calls = []
    fake = types.ModuleType("headache_diary.ui.export_pdf")

    def export_pdf_dialog(parent, ctx_, runner, **chosen):
        calls.append((parent, ctx_))
        raise ImportFileError("could not write the PDF")

    fake.export_pdf_dialog = export_pdf_dialog  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "headache_diary.ui.export_pdf", fake)
    window.export_pdf_action.trigger()
    assert calls == [(window, ctx)]
    assert no_dialogs[-1] == ("critical", "could not write the PDF")


def test_run_gui_sets_name_and_icon(qtbot, ctx, monkeypatch):
    from headache_diary.ui import startup

    app = QApplication.instance()
    shown: list[QWidget] = []
    monkeypatch.setattr(
        type(app), "exec", lambda self: (shown.extend(self.topLevelWidgets()), 0)[1]
    )
    assert startup.run_gui(ctx) == 0
    assert app.applicationName() == "Headache Diary"
    assert not app.windowIcon().isNull()
    windows = [w for w in shown if isinstance(w, MainWindow) and w.isVisible()]
    assert windows
    for w in windows:
        w.close()
        w.deleteLater()


def test_window_shows_before_sqlalchemy_is_imported(tmp_path):
    """run_app paints the window first; SQLAlchemy (storage) loads only after that."""
    script = textwrap.dedent(
        f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication
        from headache_diary import app as app_module
        from headache_diary.ui import main_window

        seen = []
        real_show = main_window.MainWindow.show

        def show(self):
            real_show(self)
            seen.append(("shown", "sqlalchemy" in sys.modules, self.episodes.empty_label.text()))

        main_window.MainWindow.show = show

        def fake_exec(self):
            w = [w for w in self.topLevelWidgets() if isinstance(w, main_window.MainWindow)][0]
            seen.append(("opening", w.ctx is None, w.episodes.new_action.isEnabled()))
            while w.ctx is None:  # the diary opens on a worker while the window waits
                self.processEvents()
            seen.append(("attached", w.ctx is not None, w.episodes.new_action.isEnabled()))
            w.close()
            return 0

        QApplication.exec = fake_exec
        status = app_module.main(["--data-dir", {str(tmp_path / "data")!r}])
        print(status, seen)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == (
        "0 [('shown', False, 'Opening your diary…'), ('opening', True, False), "
        "('attached', True, True)]"
    ), out.stderr


def test_run_gui_reports_a_diary_it_cannot_open(qtbot, paths, monkeypatch):
    from headache_diary.domain.errors import NewerSchemaError
    from headache_diary.ui import startup

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))

    def opener():
        raise NewerSchemaError("This diary was written by a newer version of Headache Diary.")

    def event_loop(app) -> int:  # the loop runs until the last window closes
        qtbot.waitUntil(
            lambda: (
                not any(isinstance(w, MainWindow) and w.isVisible() for w in app.topLevelWidgets())
            ),
            timeout=20_000,
        )
        return 0

    monkeypatch.setattr(type(QApplication.instance()), "exec", event_loop)
    assert startup.run_gui(opener, paths) == 2
    assert shown == ["This diary was written by a newer version of Headache Diary."]
    for w in QApplication.topLevelWidgets():
        if isinstance(w, MainWindow):
            assert not w.isVisible()
            w.deleteLater()
