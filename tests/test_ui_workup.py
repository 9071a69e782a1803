"""The neck workup in the window, driven like a patient would (offscreen Qt, a real diary):
the block section of the history editor (offered times, any other time, problems at the
section, nothing saved while wrong) and the Scores tab with its dialog (add, edit, delete,
undo one change after another, the licence note, problems at the field)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from headache_diary.domain.history import HistoryEvent
from headache_diary.domain.workup import BlockRating, NerveBlock, Score
from headache_diary.services import history, scores
from headache_diary.ui.history_editor import HistoryEditor
from headache_diary.ui.main_window import MainWindow
from headache_diary.ui.score_editor import ScoreEditor
from tests.support_ui import reactivate, wait_saved, written

TODAY = date(2026, 6, 30)
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def editor(qtbot, ctx) -> HistoryEditor:
    ed = HistoryEditor(ctx, today=lambda: TODAY)
    qtbot.addWidget(ed, before_close_func=lambda w: w.discard())
    ed.show()
    qtbot.waitExposed(ed)
    return ed


def test_the_block_section_is_for_nerve_blocks_and_saves_the_sheet(qtbot, editor, ctx) -> None:
    assert not editor.block_section.isVisible()
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("mri"))
    assert not editor.block_section.isVisible()
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("nerve_block"))
    assert editor.block_section.isVisible()
    section = editor.block_section
    # the times clinics use are offered
    assert [s.accessibleName() for s in section.offered.values()] == [
        f"Pain {t} after the block"
        for t in ("15 min", "30 min", "60 min", "2 h", "4 h", "6 h", "8 h", "24 h")
    ]
    editor.year_spin.setValue(2026)
    editor.month_combo.setCurrentIndex(3)
    editor.day_spin.setValue(10)
    section.purpose_combo.setCurrentIndex(section.purpose_combo.findData("diagnostic"))
    section.control_combo.setCurrentIndex(section.control_combo.findData("placebo"))
    qtbot.keyClicks(section.target_edit, "third occipital nerve")
    section.before_spin.setValue(6)
    section.offered[30].setValue(1)
    section.offered[60].setValue(0)
    section.offered[240].setValue(1)
    other = section.add_other_time()
    assert other is not None
    qtbot.keyClicks(other.time_edit, "soon")
    other.pain.setValue(2)
    # a time that is no time: said under the section, Save off
    assert "'soon' is not a time after the block" in editor.messages["block"].text()
    assert not editor.save_button.isEnabled()
    other.time_edit.setText("60 min")  # the same time twice: the domain's rule
    assert editor.messages["block"].text().startswith("There are two ratings 60 min after")
    assert not editor.save_button.isEnabled()
    other.time_edit.setText("45 min")
    section.hours_spin.setValue(4.5)
    assert editor.messages["block"].text() == ""
    qtbot.keyClick(section.target_edit, Qt.Key.Key_Return)  # Enter saves, also here
    wait_saved(qtbot, editor)
    (stored,) = history.list_events(ctx)
    assert stored.block == NerveBlock(
        purpose="diagnostic",
        target="third occipital nerve",
        control="placebo",
        pain_before=6,
        ratings=(BlockRating(30, 1), BlockRating(45, 2), BlockRating(60, 0), BlockRating(240, 1)),
        relief_hours=4.5,
    )
    # opened again, the sheet shows as entered: the other time in its own row
    again = HistoryEditor(ctx, stored, today=lambda: TODAY)
    qtbot.addWidget(again, before_close_func=lambda w: w.discard())
    assert again.block_section.block() == stored.block
    assert [r.time_edit.text() for r in again.block_section.others] == ["45 min"]
    assert not again.has_changes()


def test_a_block_is_dropped_when_the_kind_changes(qtbot, editor, ctx) -> None:
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("nerve_block"))
    editor.year_spin.setValue(2025)
    editor.block_section.before_spin.setValue(5)
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("physiotherapy"))
    editor.save_button.click()
    wait_saved(qtbot, editor)
    (stored,) = history.list_events(ctx)
    assert (stored.kind, stored.block) == ("physiotherapy", None)


@pytest.fixture
def window(qtbot, ctx) -> MainWindow:
    w = MainWindow(ctx)
    w.scores.today = lambda: TODAY
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    return w


def modal_score_editor(qtbot) -> ScoreEditor:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ScoreEditor))
    ed = QApplication.activeModalWidget()
    assert isinstance(ed, ScoreEditor)
    qtbot.waitExposed(ed)
    return ed


def cells(window: MainWindow) -> list[list[str]]:
    m = window.scores.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_scores_tab_add_edit_delete_and_undo(qtbot, window, ctx) -> None:
    window.tabs.setCurrentWidget(window.scores)
    qtbot.waitUntil(window.scores.isVisible)
    assert window.scores.list.stack.currentWidget() is window.scores.empty_label
    for b in window.scores.buttons.values():
        assert b.accessibleName()

    # add from the keyboard: Ctrl+Shift+O, a HIT-6 of 30 is refused at its field
    qtbot.waitUntil(lambda: window.scores.buttons["new"].hasFocus())
    qtbot.keyClick(window.scores.buttons["new"], Qt.Key.Key_O, CTRL | SHIFT)
    ed = modal_score_editor(qtbot)
    assert "ships no questionnaire text" in ed.licence_label.text()
    assert "licences" in ed.licence_label.text()
    assert not ed.name_edit.isVisible()
    ed.instrument_combo.setCurrentIndex(ed.instrument_combo.findData("hit6"))
    qtbot.keyClicks(ed.total_edit, "30")
    assert ed.messages["total"].text() == "The HIT-6 total is from 36 to 78, not 30."
    assert not ed.save_button.isEnabled()
    ed.total_edit.setText("abc")
    assert ed.messages["total"].text() == "The total 'abc' is not a number."
    ed.total_edit.setText("60")
    ed.date_edit.setDate(ed.date_edit.date().addDays(-30))  # 31 May 2026
    qtbot.keyClick(ed.total_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.scores.count() == 1)
    assert cells(window) == [["31 May 2026", "HIT-6", "60", ""]]

    # another, named: the name is asked for
    window.scores.new_score()
    ed = modal_score_editor(qtbot)
    ed.instrument_combo.setCurrentIndex(ed.instrument_combo.findData("other"))
    assert ed.name_edit.isVisible()
    ed.total_edit.setText("12,5")
    assert ed.messages["name"].text().startswith("Give the score's name")
    ed.name_edit.setText("PCS")
    ed.save_button.click()
    wait_saved(qtbot, ed)
    qtbot.waitUntil(lambda: window.scores.count() == 2)
    assert cells(window)[0] == ["30 Jun 2026", "PCS", "12.5", ""]

    # edit the HIT-6: Enter on its row
    hit6 = next(s for s in scores.list_scores(ctx) if s.instrument == "hit6")
    window.scores.list.select(hit6.id)
    reactivate(qtbot, window)
    window.scores.table.setFocus()
    qtbot.waitUntil(window.scores.table.hasFocus)
    qtbot.keyClick(window.scores.table, Qt.Key.Key_Return)
    ed = modal_score_editor(qtbot)
    assert ed.total_edit.text() == "60" and ed.windowTitle() == "Edit score"
    ed.total_edit.setText("58")
    ed.save_button.click()
    wait_saved(qtbot, ed)
    qtbot.waitUntil(lambda: cells(window)[1][2] == "58")

    # delete it, then undo the delete, the edit and both adds, one after another
    window.scores.list.select(hit6.id)
    reactivate(qtbot, window)
    window.scores.table.setFocus()
    qtbot.waitUntil(window.scores.table.hasFocus)
    qtbot.keyClick(window.scores.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.scores.count() == 1)
    written(qtbot, window)
    qtbot.keyClick(window.scores.table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.scores.count() == 2)
    written(qtbot, window)
    window.scores.undo()
    written(qtbot, window)
    assert [s.total for s in scores.list_scores(ctx) if s.instrument == "hit6"] == [60]
    window.scores.undo()
    written(qtbot, window)
    window.scores.undo()
    written(qtbot, window)
    assert scores.list_scores(ctx) == [] and window.scores.count() == 0
    assert not window.scores.undo_action.isEnabled()


def test_score_dialog_fits_a_small_screen(qtbot, ctx) -> None:
    ed = ScoreEditor(ctx, Score(TODAY, "ndi", 24), today=lambda: TODAY)
    qtbot.addWidget(ed, before_close_func=lambda w: w.discard())
    area = ed.screen().availableGeometry()
    assert ed.width() <= area.width() and ed.height() <= area.height()
    assert ed.total_hint.text() == "NDI totals: 0 to 50.\nAs a percentage: 48%."


def test_the_analysis_tab_shows_the_workup_beside_the_relief_curve(
    qtbot, ctx, make_episode
) -> None:
    from headache_diary.domain.checkin import CheckIn
    from headache_diary.services import checkins, transfer
    from tests.support_ui import open_view_at

    transfer.import_episodes(ctx, [make_episode("2026-02-01 08:00", hours=2, intensity=6)])
    block = NerveBlock(
        purpose="diagnostic",
        target="third occipital nerve",
        control="comparative",
        pain_before=6,
        ratings=(BlockRating(30, 1), BlockRating(60, 0), BlockRating(240, 1)),
    )
    history.save_event(
        ctx, HistoryEvent(date(2026, 3, 10), "nerve_block", title="TON block", block=block), TODAY
    )
    scores.save_score(ctx, Score(date(2026, 3, 5), "ndi", 24), TODAY)
    scores.save_score(ctx, Score(date(2026, 4, 5), "ndi", 12), TODAY)
    checkins.save_check_in(ctx, CheckIn(date(2026, 2, 3), False, 6), TODAY)
    view = open_view_at(qtbot, ctx, date(2026, 1, 1), date(2026, 6, 30), TODAY)
    section = view.workup
    assert section.isVisible()
    text = section.text()
    assert "ICHD-3 11.2.1 C4 (in this app" in text
    assert "At least 80% relief from 30 min to 60 min." not in text  # the run goes on to 4 h
    assert "At least 80% relief from 30 min to 4 h." in text
    assert "Pain 0 of 10 at 60 min." in text
    assert "C4 met" not in text
    assert "12 (24%)" in text and "24 (48%) on 5 Mar 2026" in text
    assert "Neck stiffness (0-10) averaged 6 over 1 check-in that rated it." in text
    # the relief curve stands in the section, not among the charts below
    assert [c.accessibleName() for c in section.curve_labels] == [
        "Pain and relief after the nerve block of 10 Mar 2026"
    ]
    titles = view.chart_titles()
    assert "NDI over time" in titles
    assert not any(t.startswith("Pain and relief") for t in titles)


def test_without_a_workup_the_section_is_hidden(qtbot, ctx, make_episode) -> None:
    from headache_diary.services import transfer
    from tests.support_ui import open_view_at

    transfer.import_episodes(ctx, [make_episode("2026-02-01 08:00", hours=2)])
    view = open_view_at(qtbot, ctx, date(2026, 1, 1), date(2026, 6, 30), TODAY)
    assert not view.workup.isVisible()
    assert not any("over time" in t for t in view.chart_titles())
