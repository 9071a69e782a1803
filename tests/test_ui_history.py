"""The History tab and its editor, driven like a patient would (offscreen Qt, a real
diary): add, edit, delete, undo; problems at the field; keyboard only where it matters."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from headache_diary.domain.history import HistoryEvent
from headache_diary.services import episodes, history
from headache_diary.ui.history_editor import HistoryEditor
from headache_diary.ui.history_page import EMPTY_HINT
from headache_diary.ui.main_window import HISTORY_TAB, MainWindow
from tests.support_ui import (
    open_view,
    reactivate,
    shown,
    shown_editor,
    updated,
    wait_saved,
    written,
)

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, ctx) -> MainWindow:
    w = MainWindow(ctx)
    w.history.today = lambda: date(2026, 6, 30)  # passed in: not the wall clock's date
    return shown(qtbot, w)


@pytest.fixture
def editor(qtbot, ctx) -> HistoryEditor:
    return shown_editor(qtbot, HistoryEditor(ctx, today=lambda: date(2026, 6, 30)))


def rows(window: MainWindow) -> list[list[str]]:
    m = window.history.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def open_history(qtbot, window: MainWindow) -> None:
    window.tabs.setCurrentIndex(HISTORY_TAB)
    qtbot.waitUntil(lambda: window.history.isVisible())


def modal_editor(qtbot) -> HistoryEditor:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), HistoryEditor))
    ed = QApplication.activeModalWidget()
    assert isinstance(ed, HistoryEditor)
    qtbot.waitExposed(ed)
    return ed


def test_problems_show_at_their_field_and_nothing_is_saved(editor, ctx) -> None:
    # a new event: what happened and the date are asked for, Save is off
    assert editor.messages["kind"].text() == "Choose what happened"
    assert editor.messages["date"].text() == "Enter the date: at least the year"
    assert not editor.save_button.isEnabled()
    assert "what happened, date" in editor.summary_label.text()

    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("nerve_block"))
    assert editor.structure_edit.isVisible()  # only for nerve blocks
    editor.year_spin.setValue(2027)
    assert editor.messages["date"].text() == "The date cannot be in the future"
    editor.year_spin.setValue(2026)
    editor.month_combo.setCurrentIndex(7)  # July 2026, after "today" (30 Jun)
    assert "future" in editor.messages["date"].text()
    editor.month_combo.setCurrentIndex(2)
    editor.day_spin.setValue(30)
    assert editor.messages["date"].text() == "February 2026 has only 28 days"
    assert not editor.save_button.isEnabled()
    editor.accept()  # Save while anything is wrong does nothing
    assert editor.isVisible() and history.list_events(ctx) == []

    editor.day_spin.setValue(27)
    assert not editor.messages["date"].isVisible() and editor.save_button.isEnabled()
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("mri"))
    assert not editor.structure_edit.isVisible()


def test_keyboard_walks_the_fields_in_order(qtbot, editor) -> None:
    editor.kind_combo.setFocus()
    qtbot.waitUntil(editor.kind_combo.hasFocus)
    seen = []
    for _ in range(8):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget().objectName())
    assert seen[:4] == ["daySpin", "monthCombo", "yearSpin", "sideCombo"]
    assert seen[4:7] == ["titleEdit", "detailsEdit", "outcomeEdit"]  # structure: blocks only


def test_add_edit_delete_and_undo_from_the_history_tab(qtbot, window, ctx, monkeypatch) -> None:
    open_history(qtbot, window)
    assert window.history.list_stack.currentWidget() is window.history.empty_label
    assert window.history.empty_label.text() == EMPTY_HINT
    assert [window.tabs.tabText(i).replace("&", "") for i in range(3)] == [
        "Episodes",
        "Analysis",
        "History",
    ]
    for b in window.history.buttons.values():
        assert b.accessibleName()

    # add, from the keyboard: Ctrl+Shift+H, type the fields, Enter saves
    qtbot.waitUntil(lambda: window.history.buttons["new"].hasFocus())
    qtbot.keyClick(window.history.buttons["new"], Qt.Key.Key_H, CTRL | SHIFT)
    ed = modal_editor(qtbot)
    ed.kind_combo.setCurrentIndex(ed.kind_combo.findData("nerve_block"))
    ed.year_spin.setValue(2026)
    ed.month_combo.setCurrentIndex(3)
    ed.day_spin.setValue(4)
    ed.side_combo.setCurrentIndex(ed.side_combo.findData("left"))
    qtbot.keyClicks(ed.structure_edit, "C2/3 facet")
    qtbot.keyClicks(ed.title_edit, "Medial branch block")
    ed.outcome_edit.setPlainText("Headache gone for 6 hours")
    qtbot.keyClick(ed.title_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.history.count() == 1)
    assert rows(window) == [
        [
            "4 Mar 2026",
            "Nerve block – Medial branch block",
            "C2/3 facet, left side",
            "",
            "Headache gone for 6 hours",
        ]
    ]
    (stored,) = history.list_events(ctx)
    assert (stored.date, stored.side, stored.structure) == (date(2026, 3, 4), "left", "C2/3 facet")

    # a second, dated to the year only; newest first
    history.save_event(ctx, HistoryEvent(date=date(2019, 1, 1), kind="neck_injury",
                                         date_precision="year"))  # fmt: skip
    window.history.reload()
    assert [r[0] for r in rows(window)] == ["4 Mar 2026", "2019"]

    # edit: Enter on the selected row opens it with its values
    window.history.select_event(stored.id)
    reactivate(qtbot, window)
    window.history.table.setFocus()
    qtbot.waitUntil(window.history.table.hasFocus)
    qtbot.keyClick(window.history.table, Qt.Key.Key_Return)
    ed = modal_editor(qtbot)
    assert (ed.year_spin.value(), ed.month_combo.currentData(), ed.day_spin.value()) == (
        2026,
        3,
        4,
    )
    assert ed.structure_edit.text() == "C2/3 facet" and ed.windowTitle() == "Edit history event"
    ed.day_spin.setValue(0)  # now only the month is known
    ed.title_edit.setText("Medial branch block, 0.5 ml")
    ed.save_button.click()
    wait_saved(qtbot, ed)
    qtbot.waitUntil(lambda: rows(window)[0][0] == "March 2026")
    assert history.get_event(ctx, stored.id).date_precision == "month"

    # delete with the Delete key, undo with Ctrl+Z, one after another
    window.history.select_event(stored.id)
    reactivate(qtbot, window)
    window.history.table.setFocus()
    qtbot.waitUntil(window.history.table.hasFocus)
    qtbot.keyClick(window.history.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.history.count() == 1)
    qtbot.keyClick(window.history.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.history.count() == 0)
    assert window.history.list_stack.currentWidget() is window.history.empty_label
    assert history.list_events(ctx) == []
    assert window.history.undo_action.isEnabled()
    window.history.buttons["undo"].click()
    qtbot.waitUntil(lambda: window.history.count() == 1)
    qtbot.keyClick(window.history.table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.history.count() == 2)
    assert not window.history.undo_action.isEnabled()
    assert {e.id for e in history.list_events(ctx)} >= {stored.id}


def test_ctrl_z_undoes_the_delete_of_the_tab_it_is_pressed_on(
    qtbot, window, ctx, make_episode
) -> None:
    ep = episodes.save_episode(ctx, make_episode("2026-03-01 08:00"))
    ev = history.save_event(ctx, HistoryEvent(date=date(2026, 2, 1), kind="xray"))
    window.refresh()
    window.episodes.select_episode(ep.id)
    window.episodes.delete_selected()
    written(qtbot, window)
    assert window.episodes.undo_action.isEnabled()

    open_history(qtbot, window)
    assert not window.episodes.undo_action.isEnabled()  # Ctrl+Z belongs to the History tab here
    qtbot.waitUntil(window.history.table.hasFocus)
    qtbot.keyClick(window.history.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.history.count() == 0)
    qtbot.keyClick(window.history.buttons["new"], Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.history.count() == 1)
    assert episodes.get_episode(ctx, ep.id) is None  # the episode stays deleted

    window.tabs.setCurrentIndex(0)
    assert window.episodes.undo_action.isEnabled()
    # the episode list is empty (so hidden): the key goes wherever the focus is
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: episodes.get_episode(ctx, ep.id) is not None)
    assert history.get_event(ctx, ev.id) is not None


def test_cancel_with_changes_asks_first(qtbot, editor, monkeypatch) -> None:
    asked = []

    def question(*args, **kwargs):
        asked.append(args[1])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    editor.title_edit.setText("x")
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Escape)
    assert asked == ["Discard changes?"] and editor.isVisible()


def test_editor_fits_a_small_screen(qtbot, ctx) -> None:
    ed = HistoryEditor(ctx, today=lambda: date(2026, 6, 30))
    qtbot.addWidget(ed, before_close_func=lambda w: w.discard())
    area = ed.screen().availableGeometry()
    assert ed.width() <= area.width() and ed.height() <= area.height()


def test_analysis_tab_shows_what_changed_after_each_event(qtbot, ctx, make_episode) -> None:
    for day in (2, 9, 16):
        episodes.save_episode(ctx, make_episode(f"2026-03-{day:02d} 10:00", intensity=5))
    view = open_view(qtbot, ctx)  # computed on a worker: waits for the result
    assert "No neck history recorded" in view.neck_history.text()
    assert "11.2.1 C4" in view.neck_history.text()
    history.save_event(ctx, HistoryEvent(date=date(2026, 3, 10), kind="nerve_block"))
    updated(qtbot, view, view.refresh)
    text = view.neck_history.text()
    # 2-9 Mar: headache on 2 and 9 Mar (8 days: too few for a rate per 30 days);
    # 11 Mar - 8 Jun: on 16 Mar only, 30 / 90 = 0.33
    assert "headache days: 2 in the 8 days before (of 90); 0.3 per 30 days in the 90 days" in text
    assert "first 7 days after" in text


def test_json_import_through_the_menu_fills_the_history_tab(
    qtbot, window, ctx, tmp_path, monkeypatch
) -> None:
    import json

    messages: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "information",
        staticmethod(lambda *a, **k: messages.append(str(a[2])) or QMessageBox.StandardButton.Ok),
    )
    doc = {
        "format_version": 1,
        "episodes": [],
        "history": [{"date": "2025-11-03", "kind": "physiotherapy", "title": "6 sessions"}],
    }
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc), "utf-8")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    open_history(qtbot, window)
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.history.count() == 1)
    assert rows(window)[0][:2] == ["3 Nov 2025", "Physiotherapy – 6 sessions"]
    qtbot.waitUntil(lambda: bool(messages))
    assert "Added 1 history event; skipped 0" in messages[-1]
