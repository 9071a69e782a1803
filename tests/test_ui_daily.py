"""Daily use in the window (pytest-qt, real diaries): the quick log in two actions, the
ongoing state, the forgotten-ongoing question, the check-in and its offer, the calendar,
and the command line writing while the window holds the diary open."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import QApplication

from headache_diary.app import main
from headache_diary.domain.checkin import CheckIn
from headache_diary.services import checkins, episodes, quick_log
from headache_diary.services.diary import lock_for_window, open_context
from headache_diary.ui.calendar_view import CalendarView
from headache_diary.ui.checkin_dialog import CheckInDialog
from headache_diary.ui.episode_editor import EpisodeEditor
from headache_diary.ui.main_window import CALENDAR_TAB, MainWindow
from headache_diary.ui.quick_log import ForgottenDialog, QuickLogDialog
from tests.support import ctx_of
from tests.support_ui import shown, wait_saved, written

T0 = datetime(2026, 3, 10, 13, 5, tzinfo=UTC)  # 14:05 in Berlin
TODAY = date(2026, 3, 10)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def window(qtbot, ctx, clock) -> MainWindow:
    w = MainWindow(ctx)
    w.daily.now = clock
    w.daily.today = lambda: clock.now.astimezone(ctx_zone(ctx)).date()
    return shown(qtbot, w)


def ctx_zone(ctx):
    from headache_diary.domain.timeutil import zone_for

    return zone_for(ctx.zone)


def refreshed(qtbot, window) -> None:
    """Read the ongoing state again and wait until it is shown (it is read on a worker)."""
    with qtbot.waitSignal(window.daily.ongoing_shown):
        window.daily.refresh()


def stored(ctx):
    from headache_diary.services.transfer import load_episodes

    return load_episodes(ctx)


# --- quick log ---------------------------------------------------------------------------------


def test_quick_log_start_and_stop_make_one_complete_episode_in_two_actions(
    qtbot, window, ctx, clock
):
    # action 1: Ctrl+Shift+N; action 2: the side's key
    qtbot.keyClick(window.episodes.table, Qt.Key.Key_N, CTRL_SHIFT)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, QuickLogDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_L)
    wait_saved(qtbot, dialog)  # stored on a worker, then closed
    (ep,) = stored(ctx)
    assert ep.ongoing and ep.side == "left" and ep.started_at == T0
    # only the side was asked: the rest is not recorded, never "none" (no trigger noticed)
    assert ep.triggers is None and ep.symptoms is None
    assert window.episodes.model.rowCount() == 1

    # the window shows the ongoing state, with the elapsed time
    qtbot.waitUntil(lambda: window.daily.bar.isVisible())
    clock.now = T0 + timedelta(hours=2, minutes=10)
    window.daily.bar.update_texts()
    assert window.daily.bar.texts() == ["Left-sided headache ongoing since 14:05 (2 h 10 min)"]

    # "Headache ended": one click ends it now
    row = window.daily.bar.rows[0]
    qtbot.mouseClick(row.end_button, Qt.MouseButton.LeftButton)
    written(qtbot, window)
    (done,) = stored(ctx)
    assert done.id == ep.id and done.duration == timedelta(hours=2, minutes=10)
    qtbot.waitUntil(lambda: not window.daily.bar.isVisible())
    assert "lasted 2 h 10 min" in window.statusBar().currentMessage()


def test_the_toolbar_and_the_side_buttons(qtbot, window, ctx):
    button = window.toolbar.widgetForAction(window.daily.quick_log_action)
    assert button is not None and button.accessibleName() == "Headache started"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.daily.dialog
    assert isinstance(dialog, QuickLogDialog)
    assert [b.text() for b in dialog.side_buttons.values()] == [
        "&Left",
        "&Right",
        "&Both sides",
        "&Unsure",
    ]
    qtbot.mouseClick(dialog.side_buttons["both"], Qt.MouseButton.LeftButton)
    wait_saved(qtbot, dialog)
    assert [e.side for e in stored(ctx)] == ["both"]


def test_a_refused_quick_log_says_why_and_stays_open(qtbot, window, ctx, clock):
    quick_log.start_episode(ctx, "right", now=T0 - timedelta(seconds=30))
    dialog = window.daily.quick_log()
    qtbot.keyClick(dialog, Qt.Key.Key_R)
    wait_saved(qtbot, dialog)
    assert dialog.isVisible() and dialog.message.isVisible()
    assert "already ongoing; nothing was saved twice" in dialog.message.text()
    assert len(stored(ctx)) == 1
    dialog.reject()


def test_add_details_opens_the_editor_on_the_ongoing_episode(qtbot, window, ctx, clock):
    ep = quick_log.start_episode(ctx, "right", now=T0)
    refreshed(qtbot, window)
    qtbot.mouseClick(window.daily.bar.rows[0].details_button, Qt.MouseButton.LeftButton)
    editor = window.episodes.editor
    assert isinstance(editor, EpisodeEditor) and editor.isVisible()
    assert editor.form().episode_id == ep.id and editor.form().side == "right"
    editor.intensity_buttons[7].click()
    editor.accept()
    wait_saved(qtbot, editor)
    (saved,) = stored(ctx)
    assert saved.intensity == 7 and saved.ongoing


def test_several_ongoing_episodes_each_get_a_line(qtbot, window, ctx):
    quick_log.start_episode(ctx, "left", now=T0 - timedelta(hours=3))
    quick_log.start_episode(ctx, "right", now=T0)
    refreshed(qtbot, window)
    assert window.daily.bar.texts() == [
        "Left-sided headache ongoing since 11:05 (3 h)",
        "Right-sided headache ongoing since 14:05 (0 min)",
    ]
    # Tab: each line's buttons in turn, then the tabs
    first, second = window.daily.bar.rows
    order = [first.end_button, first.details_button, second.end_button, second.details_button]
    order[0].setFocus()
    for following in [*order[1:], window.tabs.tabBar()]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is following
    assert first.end_button.accessibleName() == "Headache ended: the left-sided headache, now"


# --- the start of a day ------------------------------------------------------------------------


def test_an_episode_ongoing_for_over_a_day_is_asked_about_yes_still(qtbot, window, ctx):
    old = quick_log.start_episode(ctx, "left", at=T0 - timedelta(hours=30), now=T0)
    window.daily.start_of_day()
    dialog = window.daily.dialog
    assert isinstance(dialog, ForgottenDialog) and dialog.isVisible()
    assert dialog.episode.id == old.id
    qtbot.mouseClick(dialog.still_button, Qt.MouseButton.LeftButton)
    assert dialog.answer == "still" and not dialog.isVisible()
    assert stored(ctx)[0].ongoing
    # yesterday had the episode in progress: no check-in offer; and not asked again today
    window.daily.dialog = None
    window.daily.start_of_day()
    assert window.daily.dialog is None


def test_an_episode_ongoing_for_over_a_day_it_ended_at(qtbot, window, ctx):
    quick_log.start_episode(ctx, "left", at=T0 - timedelta(hours=30), now=T0)
    assert window.daily.ask_about_forgotten()
    dialog = window.daily.dialog
    assert isinstance(dialog, ForgottenDialog)
    # it ended on 9 Mar at 13:00 (Berlin)
    dialog.end_edit.setDateTime(QDateTime(QDate(2026, 3, 9), QTime(13, 0), QTimeZone.utc()))
    qtbot.mouseClick(dialog.ended_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, dialog)
    assert dialog.answer == "ended"
    (ep,) = stored(ctx)
    assert ep.ended_at is not None and ep.ended_at.isoformat() == "2026-03-09T13:00:00+01:00"
    qtbot.waitUntil(lambda: window.daily.bar.rows == [])


def test_an_end_before_the_start_is_refused_in_the_dialog(qtbot, window, ctx):
    quick_log.start_episode(ctx, "left", at=T0 - timedelta(hours=30), now=T0)
    window.daily.ask_about_forgotten()
    dialog = window.daily.dialog
    dialog.end_edit.setDateTime(QDateTime(QDate(2026, 3, 8), QTime(6, 0), QTimeZone.utc()))
    dialog.ended()
    wait_saved(qtbot, dialog)
    assert dialog.isVisible() and "The end must be after the start" in dialog.message.text()
    assert stored(ctx)[0].ongoing
    dialog.reject()


def test_the_first_start_of_a_day_offers_yesterdays_check_in(qtbot, window, ctx, make_episode):
    episodes.save_episode(ctx, make_episode("2026-03-07 08:00"))
    window.daily.start_of_day()
    dialog = window.daily.dialog
    assert isinstance(dialog, CheckInDialog) and dialog.isVisible()
    assert dialog.day == date(2026, 3, 9)
    qtbot.keyClick(dialog.free_radio, Qt.Key.Key_Space)
    dialog.stiffness.setValue(2)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, dialog)
    assert checkins.get_check_in(ctx, date(2026, 3, 9)) == CheckIn(date(2026, 3, 9), True, 2)
    # a second start on the same day offers nothing
    window.daily.dialog = None
    window.daily.start_of_day()
    assert window.daily.dialog is None


# --- check-in dialog ---------------------------------------------------------------------------


def test_check_in_states_replacement_and_the_conflict_rule(qtbot, window, ctx, make_episode):
    episodes.save_episode(ctx, make_episode("2026-03-08 22:00", hours=3, intensity=6))
    dialog = window.daily.check_in(date(2026, 3, 7))
    assert dialog.episodes_label.text() == "No headache episode recorded for this day."
    assert dialog.free_radio.isEnabled() and not dialog.save_button.isEnabled()
    dialog.free_radio.setChecked(True)
    dialog.note_edit.setText("fine")
    dialog.accept()
    wait_saved(qtbot, dialog)
    assert checkins.get_check_in(ctx, date(2026, 3, 7)) == CheckIn(
        date(2026, 3, 7), True, None, "fine"
    )
    # the month keeps its capital (str.capitalize made it "7 mar 2026")
    assert window.statusBar().currentMessage().startswith("Checked in for 7 Mar 2026: ")

    # the same day again: the stored check-in is shown and will be replaced
    dialog = window.daily.check_in(date(2026, 3, 7))
    assert dialog.free_radio.isChecked() and dialog.note_edit.text() == "fine"
    assert dialog.replace_label.isVisible() and "saving replaces it" in dialog.replace_label.text()
    dialog.headache_radio.setChecked(True)
    dialog.accept()
    wait_saved(qtbot, dialog)
    assert checkins.get_check_in(ctx, date(2026, 3, 7)).headache_free is False

    # a day with an episode in progress (it began the evening before): no "no headache"
    dialog = window.daily.check_in(date(2026, 3, 9))
    assert "22:00" in dialog.episodes_label.text() and "intensity 6" in dialog.episodes_label.text()
    assert not dialog.free_radio.isEnabled() and dialog.headache_radio.isChecked()
    assert dialog.conflict_label.isVisible()
    # forced anyway (as an older window might): refused with the reason, nothing saved
    dialog.free_radio.setEnabled(True)
    dialog.free_radio.setChecked(True)
    dialog.accept()
    wait_saved(qtbot, dialog)
    assert dialog.isVisible() and "cannot be checked in as headache-free" in dialog.message.text()
    assert checkins.get_check_in(ctx, date(2026, 3, 9)) is None
    dialog.reject()

    # future days cannot be chosen
    dialog = window.daily.check_in()
    assert dialog.date_edit.maximumDate() == QDate(2026, 3, 10)
    dialog.reject()


# --- calendar ----------------------------------------------------------------------------------


def open_calendar(qtbot, window) -> CalendarView:
    window.tabs.setCurrentIndex(CALENDAR_TAB)
    view = window.daily.calendar
    assert view is not None
    qtbot.waitUntil(lambda: view.grid.calendar is not None)
    return view


def test_the_calendar_shows_the_three_kinds_of_day_and_answers_the_keyboard(
    qtbot, window, ctx, make_episode
):
    episodes.save_episode(ctx, make_episode("2026-03-02 23:00", hours=3, intensity=8))
    checkins.save_check_in(ctx, CheckIn(date(2026, 3, 4), True), TODAY)
    view = open_calendar(qtbot, window)
    assert view.title.text() == "March 2026"
    kinds = {d.day.day: d.kind for d in view.grid.calendar.days}
    assert (kinds[2], kinds[3], kinds[4], kinds[5], kinds[11]) == (
        "headache",
        "headache",
        "headache_free",
        "unrecorded",
        "future",
    )
    assert "Recorded 3 of 10 days so far" in view.stats.text()

    # click the 3rd: its entries beside the grid
    with qtbot.waitSignal(view.grid.day_selected):
        qtbot.mouseClick(
            view.grid,
            Qt.MouseButton.LeftButton,
            pos=view.grid.cell_center(date(2026, 3, 3)).toPoint(),
        )
    assert view.day_label.text() == "Tue, 3 Mar 2026"
    assert "Headache, peak intensity 8, 1 episode." in view.day_text.text()
    assert view.episode_list.count() == 1 and view.edit_button.isEnabled()

    # keyboard: right arrow to the 4th, Page Up to February, Enter to check in
    view.grid.setFocus()
    qtbot.keyClick(view.grid, Qt.Key.Key_Right)
    assert (
        view.grid.selected == date(2026, 3, 4)
        and "headache-free" in view.grid.accessibleDescription()
    )
    with qtbot.waitSignal(view.updated):
        qtbot.keyClick(view.grid, Qt.Key.Key_PageUp)
    assert view.title.text() == "February 2026" and view.grid.selected == date(2026, 2, 4)
    qtbot.keyClick(view.grid, Qt.Key.Key_Return)
    dialog = window.daily.dialog
    assert isinstance(dialog, CheckInDialog) and dialog.day == date(2026, 2, 4)
    dialog.headache_radio.setChecked(True)
    with qtbot.waitSignal(view.updated):
        dialog.accept()
        wait_saved(qtbot, dialog)
    day = view.grid.day(date(2026, 2, 4))
    assert day is not None and day.kind == "headache"


def test_the_calendar_month_buttons_have_names(qtbot, window):
    view = open_calendar(qtbot, window)
    assert view.prev_button.accessibleName() == "Previous month"
    assert view.next_button.accessibleName() == "Next month"
    with qtbot.waitSignal(view.updated):
        view.next_button.click()
    assert view.title.text() == "April 2026"


# --- the command line while the window holds the diary -----------------------------------------


def test_cli_log_end_checkin_while_the_window_holds_the_diary(qtbot, paths, diary, monkeypatch):
    from headache_diary.domain import timeutil

    ctx = ctx_of(diary)
    umask = os.umask(0o022)  # main() sets 077; give it back afterwards
    os.umask(umask)
    lock = lock_for_window(paths)  # what a running window holds
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        env = {**os.environ, "HEADACHE_DIARY_DATA_DIR": str(paths.data_dir), "TZ": "Europe/Berlin"}
        at = (T0 - timedelta(minutes=30)).astimezone(ctx_zone(ctx))  # in the past: any clock
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "headache_diary",
                "log",
                "--side",
                "right",
                "--at",
                f"{at:%Y-%m-%d %H:%M}",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert out.returncode == 0, out.stderr
        assert out.stdout.startswith("saved: right-sided headache from ")
        assert window.keeper.check_for_changes()
        assert window.episodes.model.rowCount() == 1
        qtbot.waitUntil(lambda: window.daily.bar.isVisible())

        monkeypatch.setattr(timeutil, "local_zone_key", lambda: "Europe/Berlin")
        assert main(["end", "--data-dir", str(paths.data_dir)], now=T0) == 0
        assert (
            main(
                [
                    "checkin",
                    "--headache",
                    "--neck-stiffness",
                    "4",
                    "--data-dir",
                    str(paths.data_dir),
                ],
                now=T0,
            )
            == 0
        )
        assert window.keeper.check_for_changes()
        qtbot.waitUntil(lambda: not window.daily.bar.isVisible())
        (ep,) = stored(ctx)
        assert not ep.ongoing
        assert checkins.get_check_in(ctx, TODAY).neck_stiffness == 4
    finally:
        lock.release()
        os.umask(umask)


def test_startup_asks_after_the_diary_opened(qtbot, paths, diary, monkeypatch):
    """ui.startup runs the start-of-day questions once the diary is attached."""
    from headache_diary.ui import startup

    ctx = ctx_of(diary)
    quick_log.start_episode(ctx, "left", at=T0 - timedelta(hours=40), now=T0)
    diary.close()
    asked: list[str] = []
    monkeypatch.setattr(
        "headache_diary.ui.daily_actions.DailyActions.start_of_day",
        lambda self: asked.append("asked"),
    )
    launch = startup.Launch(lambda: open_context(paths), paths)
    qtbot.addWidget(launch.window)
    qtbot.waitUntil(lambda: bool(asked))
    assert launch.window.ctx is not None
    launch.window.close()
    launch.window.ctx.diary.close()


def test_a_new_episode_from_the_calendar_starts_on_the_chosen_day(qtbot, window):
    view = open_calendar(qtbot, window)
    view.select_day(date(2026, 3, 4))
    view.new_button.click()
    editor = window.episodes.editor
    assert isinstance(editor, EpisodeEditor)
    assert editor.form().start == datetime(2026, 3, 4, 12, 0)
    # a past day: how long it lasted is asked for, never "still ongoing" by default
    assert editor.form().end_mode == "duration" and not editor.ongoing_radio.isChecked()
    editor.side_buttons["left"].click()
    assert not editor.save_button.isEnabled()
    assert "how long it lasted" in editor.messages["ended_at"].text()
    editor.when.hours_spin.setValue(2)
    assert editor.save_button.isEnabled(), editor.revalidate()
    editor.discard()


def test_the_calendar_weeks_start_on_the_day_chosen_in_settings(qtbot, window):
    from headache_diary.domain.preferences import Preferences

    view = open_calendar(qtbot, window)  # March 2026; the 1st is a Sunday
    grid = view.grid
    sunday = date(2026, 3, 1)
    assert grid.first_weekday == 1
    left_column = grid._cell_rect(0, 0).center().x()
    assert grid.cell_center(sunday).x() > grid.width() * 6 / 7  # Monday first: far right
    window.extras.store(Preferences(first_day_of_week=7))  # Settings > Week starts on Sunday
    assert grid.first_weekday == 7
    assert grid.cell_center(sunday).x() == left_column
    for day in (sunday, date(2026, 3, 18), date(2026, 3, 31)):  # clicks land on the day
        p = grid.cell_center(day)
        assert grid.date_at(p.x(), p.y()) == day
