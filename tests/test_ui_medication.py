"""The Medication tab, the dose and plan dialogs, the settings, the tray and the daily
reminder, driven like a patient would (offscreen Qt, real diaries; the tray's
availability and the reminder's clock are injected, nothing waits for real time)."""

from __future__ import annotations

import configparser
import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog

from headache_diary.domain.medication import AcuteDose, PlanEntry
from headache_diary.domain.personal import PersonalDetails
from headache_diary.domain.preferences import Preferences
from headache_diary.services import episodes, medication, personal
from headache_diary.services.preferences import first_day_of_week, read_preferences
from headache_diary.ui.dose_editor import DoseEditor
from headache_diary.ui.main_window import MainWindow
from headache_diary.ui.plan_editor import ChangeDoseDialog, PlanEditor, StopDialog
from headache_diary.ui.reminder import TICK_MS, DailyReminder
from headache_diary.ui.settings_dialog import SettingsDialog
from tests.support_ui import open_view, reactivate, shown, wait_saved, written

CTRL = Qt.KeyboardModifier.ControlModifier
TODAY = date(2026, 6, 30)


def make_window(qtbot, ctx, tray: bool = False) -> MainWindow:
    w = MainWindow(ctx, tray_available=lambda: tray)
    # the tab's clock, passed in: the plan's today and a dose's now
    w.medication._today = lambda: TODAY
    w.medication.now = lambda: datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
    return shown(qtbot, w)


@pytest.fixture
def window(qtbot, ctx) -> MainWindow:
    w = make_window(qtbot, ctx)
    yield w
    QApplication.setQuitOnLastWindowClosed(True)


def open_tab(qtbot, window: MainWindow) -> None:
    window.tabs.setCurrentWidget(window.medication)
    qtbot.waitUntil(window.medication.isVisible)


def modal(qtbot, kind: type) -> QDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    dialog = QApplication.activeModalWidget()
    qtbot.waitExposed(dialog)
    return dialog


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def plan_cells(window: MainWindow) -> list[list[str]]:
    m = window.medication.plan_model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


# --- the plan ---------------------------------------------------------------------------------


def test_add_change_dose_stop_delete_and_undo_on_the_tab(qtbot, window, ctx) -> None:
    open_tab(qtbot, window)
    page = window.medication
    assert page.plan_stack.currentIndex() == 1  # the hint while empty
    assert [window.tabs.tabText(i).replace("&", "") for i in range(4)][3] == "Medication"

    page.buttons["add_plan"].click()
    ed = modal(qtbot, PlanEditor)
    qtbot.keyClicks(ed.name_edit, "Amitriptyline")
    ed.class_combo.setCurrentIndex(ed.class_combo.findData("preventive"))
    qtbot.keyClicks(ed.dose_edit, "10 mg at night")
    ed.start_edit.setDate(QDate(2026, 3, 1))
    assert ed.save_button.isEnabled()
    qtbot.keyClick(ed.dose_edit, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: page.plan_model.rowCount() == 1)
    assert plan_cells(window)[0][:4] == [
        "Amitriptyline",
        "Preventive",
        "10 mg at night",
        "1 Mar 2026",
    ]
    assert plan_cells(window)[0][5] == "no (preventive)"

    page.buttons["change_dose"].click()
    dlg = modal(qtbot, ChangeDoseDialog)
    assert not dlg.save_button.isEnabled()  # same dose: nothing to change yet
    assert dlg.messages["dose"].text() == "Enter the new dose"
    dlg.dose_edit.setText("25 mg at night")
    dlg.from_edit.setDate(QDate(2026, 3, 1))
    assert "must start after 1 Mar 2026" in dlg.messages["from_day"].text()
    dlg.from_edit.setDate(QDate(2026, 5, 1))
    dlg.save_button.click()
    wait_saved(qtbot, dlg)
    qtbot.waitUntil(lambda: page.plan_model.rowCount() == 2)
    stored = medication.list_plan(ctx)
    assert [(e.dose, e.stopped) for e in stored] == [
        ("10 mg at night", date(2026, 4, 30)),
        ("25 mg at night", None),
    ]
    assert page.selected_entry().dose == "25 mg at night"  # the new entry is selected

    page.buttons["stop"].click()
    stop = modal(qtbot, StopDialog)
    stop.last_edit.setDate(QDate(2026, 4, 1))
    assert stop.messages["stopped"].text() == "The stop date cannot be before the start date"
    assert not stop.save_button.isEnabled()
    stop.last_edit.setDate(QDate(2026, 6, 1))
    stop.save_button.click()
    wait_saved(qtbot, stop)
    qtbot.waitUntil(lambda: medication.list_plan(ctx)[-1].stopped == date(2026, 6, 1))
    assert not page.buttons["stop"].isEnabled()  # a stopped entry cannot be stopped again

    reactivate(qtbot, window)
    page.plan_table.setFocus()
    qtbot.keyClick(page.plan_table, Qt.Key.Key_Delete)
    written(qtbot, window)
    assert len(medication.list_plan(ctx)) == 1
    assert "Ctrl+Z" in window.statusBar().currentMessage()

    # Ctrl+Z on this tab undoes the medication changes one after another
    for remaining in (2, 2, 1, 0):
        qtbot.keyClick(page.plan_table, Qt.Key.Key_Z, CTRL)
        written(qtbot, window)
        assert len(medication.list_plan(ctx)) == remaining
    assert not page.buttons["undo"].isEnabled()


def test_bad_input_shows_at_the_field_and_saves_nothing(qtbot, ctx) -> None:
    ed = PlanEditor(ctx, today=lambda: TODAY)
    qtbot.addWidget(ed, before_close_func=lambda w: w.discard())
    ed.show()
    assert ed.messages["name"].text() == "Enter the medication's name"
    assert ed.messages["med_class"].text() == "Choose the class: preventive or a medication class"
    ed.name_edit.setText("Topiramate")
    ed.class_combo.setCurrentIndex(ed.class_combo.findData("preventive"))
    ed.start_edit.setDate(qdate(TODAY + timedelta(days=366)))
    assert ed.messages["started"].text() == "The start can be at most a year from today"
    ed.start_edit.setDate(QDate(2026, 3, 10))
    ed.stopped_check.setChecked(True)
    ed.stop_edit.setDate(QDate(2026, 3, 9))
    assert ed.messages["stopped"].text() == "The stop date cannot be before the start date"
    assert "stop date" in ed.summary_label.text()
    assert not ed.save_button.isEnabled()
    ed.accept()  # Save while anything is wrong does nothing
    wait_saved(qtbot, ed)
    assert ed.isVisible() and medication.list_plan(ctx) == []

    dose = DoseEditor(ctx, now=lambda: datetime(2026, 6, 30, 12, 0, tzinfo=UTC))
    qtbot.addWidget(dose, before_close_func=lambda w: w.discard())
    dose.show()
    assert dose.messages["med_class"].text() == "Choose the class of the medication"
    dose.accept()
    wait_saved(qtbot, dose)
    assert dose.isVisible() and medication.list_doses(ctx) == []


# --- doses outside episodes, from the toolbar -----------------------------------------------------


def test_toolbar_dose_from_any_tab_and_the_analysis_counts_it(qtbot, window, ctx) -> None:
    assert window.dose_action in window.toolbar.actions()
    assert window.dose_action.shortcut().toString() == "Ctrl+Shift+D"
    now = datetime(2026, 6, 30, 12, 0, 40, tzinfo=UTC)
    window.medication.now = lambda: now  # seconds too, which the editor drops
    qtbot.keyClick(window.episodes.table, Qt.Key.Key_D, CTRL | Qt.KeyboardModifier.ShiftModifier)
    ed = modal(qtbot, DoseEditor)
    ed.class_combo.setCurrentIndex(ed.class_combo.findData("triptan"))
    qtbot.keyClicks(ed.name_edit, "Sumatriptan 50 mg")
    ed.relief_combo.setCurrentIndex(ed.relief_combo.findData("good"))
    ed.save_button.click()
    wait_saved(qtbot, ed)
    qtbot.waitUntil(lambda: len(medication.list_doses(ctx)) == 1)
    (d,) = medication.list_doses(ctx)
    assert (d.name, d.med_class, d.relief, d.time_zone) == (
        "Sumatriptan 50 mg",
        "triptan",
        "good",
        ctx.zone,
    )
    assert d.taken_at == now.replace(second=0)  # defaults to now (to the minute)
    open_tab(qtbot, window)
    assert window.medication.dose_model.index(0, 2).data() == "Sumatriptan 50 mg"


def test_analysis_tab_shows_the_plan(qtbot, ctx, make_episode) -> None:
    episodes.save_episode(ctx, make_episode("2026-03-01 08:00"))
    medication.save_plan_entry(ctx, PlanEntry("Topiramate", "preventive", date(2026, 2, 1)), TODAY)
    view = open_view(qtbot, ctx)
    assert view.medication_label.isVisible()
    assert "Topiramate (Preventive): from 1 Feb 2026" in view.medication_label.text()
    assert "Headache days per month" in view.chart_titles()


# --- settings -------------------------------------------------------------------------------------


def test_settings_persist_and_are_read_without_qt(qtbot, window, ctx, paths) -> None:
    dlg = window.extras.open_settings()
    assert isinstance(dlg, SettingsDialog)
    qtbot.waitExposed(dlg)
    assert not dlg.tray_check.isEnabled()  # no tray here: the choice is not offered
    dlg.reminder_check.setChecked(True)
    dlg.time_edit.setText("21:15")
    dlg.week_combo.setCurrentIndex(dlg.week_combo.findData(7))
    dlg.paper_combo.setCurrentIndex(dlg.paper_combo.findData("Letter"))
    dlg.language_combo.setCurrentIndex(dlg.language_combo.findData("es"))
    dlg.pdf_language_combo.setCurrentIndex(dlg.pdf_language_combo.findData("de"))
    dlg.name_edit.setText("Ada  Lovelace")
    dlg.dob_check.setChecked(True)
    dlg.dob_edit.setDate(QDate(1985, 12, 10))
    dlg.save_button.click()
    wait_saved(qtbot, dlg)  # saved, closed and deleted

    want = Preferences(True, time(21, 15), "quit", 7, "Letter", language="es", pdf_language="de")
    assert window.extras.preferences() == want
    assert read_preferences(paths) == want  # the Qt-free reader sees the same file
    assert first_day_of_week(paths) == 7
    assert personal.get_personal_details(ctx) == PersonalDetails("Ada Lovelace", date(1985, 12, 10))
    assert (paths.preferences.stat().st_mode & 0o777) == 0o600
    stored = json.loads(paths.preferences.read_text("utf-8"))
    assert stored["reminder_time"] == "21:15" and stored["first_day_of_week"] == 7
    assert window.extras.reminder.enabled and window.extras.reminder.at == time(21, 15)

    # a new window reads them back
    other = MainWindow(ctx, tray_available=lambda: False)
    qtbot.addWidget(other)
    assert other.extras.preferences() == want


def test_the_preferences_of_an_older_version_carry_over_once(qtbot, ctx, paths) -> None:
    """Older versions kept the preferences in the window's QSettings file, which the
    commands read with configparser; they move to preferences.json once, and the settings
    file keeps only the window's own state."""
    old = (
        "[preferences]\nreminder_enabled=true\nreminder_time=21:15\nfirst_day_of_week=7\n"
        "paper_size=Letter\nlanguage=de\n\n[window]\ntab=3\n"
    )
    paths.ui_settings.write_text(old, encoding="utf-8")
    want = Preferences(True, time(21, 15), first_day_of_week=7, paper_size="Letter", language="de")
    assert read_preferences(paths) == want  # a command run before the window: the old file
    assert not paths.preferences.exists()
    w = make_window(qtbot, ctx)
    assert w.tabs.currentIndex() == 3 and w.extras.preferences() == want
    assert json.loads(paths.preferences.read_text("utf-8"))["language"] == "de"
    assert (paths.preferences.stat().st_mode & 0o777) == 0o600
    w.close()
    parser = configparser.RawConfigParser()
    parser.read(paths.ui_settings)
    assert not parser.has_section("preferences") and parser.has_section("window")
    # once: the old file is not read again
    paths.ui_settings.write_text(old.replace("language=de", "language=es"), encoding="utf-8")
    assert read_preferences(paths) == want


def test_a_reminder_time_that_is_not_a_time_saves_nothing(qtbot, window, ctx, paths) -> None:
    dlg = window.extras.open_settings()
    qtbot.waitExposed(dlg)
    dlg.reminder_check.setChecked(True)
    for text, message in (
        ("soon", "'soon' is not a time; write it as hours:minutes, e.g. 20:30"),
        ("25:00", "'25:00' is not a time of day (00:00 to 23:59)"),
        ("", "Enter a time, e.g. 20:30"),
    ):
        dlg.time_edit.setText(text)
        assert dlg.messages["reminder_time"].text() == message
        assert not dlg.save_button.isEnabled()
    dlg.name_edit.setText("Ada")
    dlg.accept()  # refused: nothing is written, in the settings file or the diary
    wait_saved(qtbot, dlg)
    assert dlg.isVisible()
    assert read_preferences(paths) == Preferences()
    assert personal.get_personal_details(ctx) == PersonalDetails()
    dlg._today = lambda: TODAY  # passed in: the dialog's today
    dlg.dob_check.setChecked(True)
    dlg.dob_edit.setDate(qdate(TODAY + timedelta(days=2)))
    assert dlg.messages["date_of_birth"].text() == "The date of birth cannot be in the future"
    dlg.discard()


def test_the_pdf_dialog_defaults_to_the_chosen_paper(qtbot, window, monkeypatch) -> None:
    from headache_diary.ui import export_pdf

    window.extras.store(Preferences(paper_size="Letter"))
    seen = []

    def exec_(self) -> int:
        seen.append(self.paper_combo.currentData())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(export_pdf.ExportPdfDialog, "exec", exec_)
    window.export_pdf_action.trigger()
    window.extras.store(Preferences(paper_size="A4"))
    window.export_pdf_action.trigger()
    assert seen == ["Letter", "A4"]


# --- tray -----------------------------------------------------------------------------------------


def test_without_a_tray_closing_always_closes(qtbot, window) -> None:
    assert window.extras.tray.icon is None
    window.extras.store(Preferences(close_action="tray"))  # chosen elsewhere, no tray here
    assert window.close()
    assert not window.isVisible()
    assert QApplication.quitOnLastWindowClosed()


# the offscreen platform has no native tray interface; Qt's own tray icon says so once
@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_with_a_tray_closing_keeps_the_app_in_it_only_when_chosen(qtbot, ctx) -> None:
    w = make_window(qtbot, ctx, tray=True)
    try:
        tray = w.extras.tray
        assert tray.icon is not None and tray.active
        menu = [a.text().replace("&", "") for a in tray.menu.actions() if a.text()]
        assert menu == [
            "Open Headache Diary",
            "Headache started…",
            "Daily check-in…",
            "New episode…",
            "Dose outside an episode…",
            "Quit",
        ]

        w.extras.store(Preferences(close_action="quit"))
        assert QApplication.quitOnLastWindowClosed()
        w.extras.store(Preferences(close_action="tray"))
        assert not QApplication.quitOnLastWindowClosed()
        w.close()
        assert w.isHidden()  # kept in the tray, not closed
        assert tray.icon is not None

        tray.open_action.trigger()  # back from the tray
        qtbot.waitUntil(w.isVisible)
        w.extras.quitting = True  # File > Quit closes for good (without ending the tests)
        assert w.close()
        assert w.isHidden() and tray.icon is None
        assert QApplication.quitOnLastWindowClosed()
    finally:
        QApplication.setQuitOnLastWindowClosed(True)


# --- the daily reminder ---------------------------------------------------------------------------


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def test_the_reminder_fires_once_a_day_at_its_time_when_nothing_is_recorded(qtbot) -> None:
    clock = Clock(datetime(2026, 6, 30, 19, 0))
    nothing = [True]
    r = DailyReminder(None, lambda: nothing[0], now=clock)
    fired: list[datetime] = []
    r.fired.connect(lambda: fired.append(clock.now))
    r.configure(True, time(20, 0))
    assert r.timer.isActive() and r.timer.interval() == TICK_MS  # an hour ahead: wakes in 5 min
    clock.now = datetime(2026, 6, 30, 19, 57)
    r.timer.timeout.emit()
    assert fired == [] and r.timer.interval() == 3 * 60 * 1000  # exactly at 20:00
    clock.now = datetime(2026, 6, 30, 20, 0, 1)
    r.timer.timeout.emit()
    assert fired == [datetime(2026, 6, 30, 20, 0, 1)]
    r.timer.timeout.emit()  # the same day: never twice
    assert len(fired) == 1
    # the next day something is recorded: no reminder
    nothing[0] = False
    clock.now = datetime(2026, 7, 1, 20, 5)
    r.timer.timeout.emit()
    assert len(fired) == 1
    # a computer that slept through the time is reminded when it wakes, the same evening
    nothing[0] = True
    clock.now = datetime(2026, 7, 2, 22, 40)
    r.timer.timeout.emit()
    assert len(fired) == 2
    r.configure(False, time(20, 0))
    assert not r.timer.isActive()
    r.deleteLater()


def test_the_window_reminds_only_when_nothing_is_recorded_today(qtbot, window, ctx) -> None:
    # the reminder's clock decides when it looks and which day the diary is asked about
    reminder = window.extras.reminder
    now = datetime(2026, 7, 2, 12, 0)  # the computer's wall-clock time
    reminder.now = Clock(now)
    window.extras.store(Preferences(reminder_enabled=True, reminder_time=time(0, 0)))
    reminder.timer.timeout.emit()
    note = window.extras.note
    assert note is not None and note.isVisible()  # no tray: a note in the window
    assert "Nothing is recorded for today yet" in note.text()
    assert not note.isModal()
    assert "Nothing is recorded" in window.statusBar().currentMessage()
    note.close()

    # a dose taken today is a record of today: no reminder
    taken = now.astimezone()  # that moment, in the computer's zone
    medication.save_dose(ctx, AcuteDose(taken, ctx.zone, "", "nsaid"), taken)
    reminder.done_on = None  # as on the next day
    reminder.timer.timeout.emit()
    assert not note.isVisible()


def test_the_report_command_uses_the_chosen_paper(qtbot, window, paths, tmp_path) -> None:
    import pypdf

    from headache_diary.app import main

    window.extras.store(Preferences(paper_size="Letter"))
    out = tmp_path / "r.pdf"
    assert main(["report", str(out), "--data-dir", str(paths.data_dir)]) == 0
    box = pypdf.PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US Letter
