"""What the main window gained for daily use: the preferences and the Settings dialog, the
system-tray icon and the daily reminder.

* Preferences are read from and written to their own file (``services.preferences``:
  ``preferences.json``, 0600), which the commands read too.
* The tray icon exists only where the platform has a tray (``tray_available``, injected by
  the tests). Closing the window hides it to the tray only when the patient chose that
  AND there is a tray; otherwise closing works as before, and the window is never hidden.
* The reminder (ui.reminder) fires at the chosen time when nothing is recorded today:
  a tray notification where there is a tray, and a small non-modal note in the window
  (which is raised and flashed) where there is not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.preferences import Preferences
from headache_diary.i18n import N_, _
from headache_diary.paths import Paths
from headache_diary.services.preferences import read_preferences, write_preferences
from headache_diary.ui.appinfo import APP_NAME
from headache_diary.ui.reminder import DailyReminder
from headache_diary.ui.tasks import TaskRunner
from headache_diary.ui.tray import Tray, platform_has_tray

if TYPE_CHECKING:
    from headache_diary.ui.settings_dialog import SettingsDialog

# marked for translation: shown with _()
# Translators: the title of the daily reminder's notification
REMINDER_TITLE = N_("Headache diary")
REMINDER_TEXT = N_(
    "Nothing is recorded for today yet. If you had a headache or took something for one, "
    "log it now; if today was headache-free, there is nothing to add."
)
IN_TRAY_TEXT = N_("Headache Diary keeps running in the system tray. Quit it from the tray's menu.")


class WindowExtras(QObject):
    """The extras of the window they belong to (their parent), which connects the
    signals: the tray's entries and the reminder's buttons ask for a quick log, a check-in,
    a new episode or a dose (the window is shown first)."""

    quick_log_requested = Signal()
    check_in_requested = Signal()
    new_episode_requested = Signal()
    dose_requested = Signal()
    #: the preferences in force changed (the Preferences): the calendar's first weekday
    applied = Signal(object)
    #: Settings was saved with a passphrase change chosen: (mode, new passphrase or None)
    protection_requested = Signal(str, object)
    #: a short note for the status bar: (text, milliseconds)
    status = Signal(str, int)

    def __init__(
        self,
        parent: QWidget,
        paths: Paths,
        runner: TaskRunner,
        quit_action: QAction,
        tray_available: Callable[[], bool] | None = None,
        ctx: AppContext | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.runner = runner
        self.ctx = ctx
        #: set by File > Quit: close for good even when the tray would keep the app
        self.quitting = False
        self._told_about_tray = False
        self.note: QMessageBox | None = None
        self.settings_dialog: SettingsDialog | None = None
        # the quick log and the check-in first: the entries of every day
        self.tray_quick_action = self._shown_first(
            _("Headache &started…"), self.quick_log_requested
        )
        self.tray_checkin_action = self._shown_first(_("Daily &check-in…"), self.check_in_requested)
        self.tray_log_action = self._shown_first(_("&New episode…"), self.new_episode_requested)
        self.tray_dose_action = self._shown_first(
            _("&Dose outside an episode…"), self.dose_requested
        )
        self.tray = Tray(
            self,
            [
                self.tray_quick_action,
                self.tray_checkin_action,
                self.tray_log_action,
                self.tray_dose_action,
            ],
            quit_action,
            available=tray_available or platform_has_tray,
        )
        self.tray.open_requested.connect(self.show_window)
        self.reminder = DailyReminder(self, self.nothing_recorded_today)
        self.reminder.fired.connect(self.remind)
        self.apply(self.preferences())

    def _window(self) -> QWidget:  # the parent: a Qt relation, no reference cycle
        return cast(QWidget, self.parent())

    def _shown_first(self, text: str, request: SignalInstance) -> QAction:
        """A tray menu entry that brings the window back before it asks for ``request``."""
        act = QAction(text, self)

        def run(_checked: bool = False) -> None:
            self.show_window()
            request.emit()

        act.triggered.connect(run)
        return act

    # -- preferences ---------------------------------------------------------------------------
    def preferences(self) -> Preferences:
        return read_preferences(self.paths)

    def store(self, prefs: Preferences) -> None:
        """Write ``prefs`` (DiaryError when they could not be) and put them in force."""
        write_preferences(self.paths, prefs)
        self.apply(prefs)

    def apply(self, prefs: Preferences) -> None:
        self.reminder.configure(prefs.reminder_enabled, prefs.reminder_time)
        # with the tray kept, closing the last window must not end the app
        QApplication.setQuitOnLastWindowClosed(not (prefs.close_to_tray and self.tray.active))
        self.applied.emit(prefs)

    def attach(self, ctx: AppContext | None) -> None:
        """The diary is open (None: it is being replaced): the reminder can ask it now."""
        self.ctx = ctx
        self.apply(self.preferences())

    def open_settings(self) -> SettingsDialog | None:
        from headache_diary.report.pdf import default_page_size
        from headache_diary.services import personal
        from headache_diary.ui.settings_dialog import SettingsDialog

        ctx, window = self.ctx, self._window()
        if ctx is None:
            return None
        try:
            details = personal.get_personal_details(ctx)
        except DiaryError as exc:
            QMessageBox.critical(window, _("Settings"), str(exc))
            return None
        dialog = SettingsDialog(
            ctx,
            self.preferences(),
            details,
            self.store,
            window,
            tray_available=self.tray.active,
            locale_paper=default_page_size(),
        )
        dialog.saving.runner = self.runner
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.status.emit(_("Settings saved"), 4000))
        dialog.accepted.connect(lambda: self._protection_chosen(dialog))
        dialog.open()
        self.settings_dialog = dialog
        return dialog

    def _protection_chosen(self, dialog: SettingsDialog) -> None:
        pending = dialog.protection.pending
        if pending is not None:
            dialog.protection.pending = None
            self.protection_requested.emit(*pending)

    # -- tray ------------------------------------------------------------------------------------
    def keep_in_tray(self) -> bool:
        """Should closing the window only hide it? Only when the patient chose it, there is
        a tray, and the close is not File > Quit."""
        if self.quitting or not self.tray.active or not self.preferences().close_to_tray:
            return False
        if not self._told_about_tray:
            self._told_about_tray = True
            self.tray.notify(APP_NAME, _(IN_TRAY_TEXT))
        return True

    def show_window(self) -> None:
        w = self._window()
        w.show()
        w.setWindowState(w.windowState() & ~Qt.WindowState.WindowMinimized)
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):
            w.raise_()  # (those platforms have no stacking and say so as a warning)
        w.activateWindow()

    def close(self) -> None:
        """The window closes for good."""
        self.reminder.configure(False, self.reminder.at)
        self.tray.close()
        QApplication.setQuitOnLastWindowClosed(True)

    def quit_application(self) -> None:
        QApplication.quit()

    # -- reminder --------------------------------------------------------------------------------
    def nothing_recorded_today(self) -> bool:
        """Asked at the reminder's moment, by the reminder's own clock (the computer's
        wall-clock time), so "today" is the day the reminder looks at."""
        from headache_diary.services.reminders import nothing_recorded_today

        ctx = self.ctx
        if ctx is None:
            return False

        try:
            return nothing_recorded_today(ctx, self.reminder.now().astimezone())
        except DiaryError:
            return False  # a busy or unreadable diary: no reminder rather than a wrong one

    def remind(self) -> None:
        """Say that nothing is recorded today: a notification from the tray where there is
        one (and the status bar), else a small non-modal note in the window."""
        title, text = _(REMINDER_TITLE), _(REMINDER_TEXT)
        self.status.emit(text, 60_000)
        if self.tray.notify(title, text):
            return
        if self.note is None:
            box = QMessageBox(self._window())
            box.setObjectName("reminderNote")
            box.setIcon(QMessageBox.Icon.Information)
            box.setWindowTitle(title)
            box.setText(text)
            box.setWindowModality(Qt.WindowModality.NonModal)
            log = box.addButton(_("Log an episode…"), QMessageBox.ButtonRole.AcceptRole)
            dose = box.addButton(_("Add a dose…"), QMessageBox.ButtonRole.ActionRole)
            box.addButton(QMessageBox.StandardButton.Close)
            log.clicked.connect(lambda _c=False: self.new_episode_requested.emit())
            dose.clicked.connect(lambda _c=False: self.dose_requested.emit())
            self.note = box
        self.note.show()
        QApplication.alert(self._window())
