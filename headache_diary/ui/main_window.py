"""The main window: the Episodes, Analysis, History, Medication and Calendar tabs, menus,
toolbar, remembered geometry. Daily use (quick log, ongoing state, check-in, calendar) is
``ui.daily_actions``; the settings, the tray icon and the daily reminder are
``ui.window_extras``; changes made elsewhere, backups and restore ``ui.diary_actions``.
Those helpers know nothing of this module: each gets what it uses (the task runner, the
settings, the paths) and speaks through signals, which the window connects here.

(About 500 lines: the window's construction (tabs, menus, toolbar) and its wiring of the
pages and helpers.)

Start-up stays light: nothing that imports SQLAlchemy or matplotlib is imported with this
module (the editor, the services, the Analysis view load on first use), so the window can
be shown before the diary is opened (see ``ui.startup``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.i18n import N_, _, ngettext, pgettext
from headache_diary.paths import Paths, create_private_file, make_private_file
from headache_diary.services import preferences
from headache_diary.ui import file_actions
from headache_diary.ui.appinfo import APP_NAME
from headache_diary.ui.daily_actions import DailyActions
from headache_diary.ui.diary_actions import DiaryKeeper
from headache_diary.ui.episodes_page import EpisodesPage
from headache_diary.ui.history_page import HistoryPage
from headache_diary.ui.medication_page import MedicationPage
from headache_diary.ui.scores_page import ScoresPage
from headache_diary.ui.tasks import Task, TaskRunner
from headache_diary.ui.window_extras import WindowExtras

if TYPE_CHECKING:
    from headache_diary.ui.analysis_view import AnalysisView

EPISODES_TAB, ANALYSIS_TAB, HISTORY_TAB, MEDICATION_TAB, CALENDAR_TAB = range(5)
#: marked for translation: shown with ``_(CALENDAR_TAB_TITLE)``
CALENDAR_TAB_TITLE = N_("&Calendar")


class MainWindow(QMainWindow):
    #: emitted after any add, edit, delete, undo or import
    episodes_changed = Signal()

    def __init__(
        self,
        ctx: AppContext | None,
        parent: QWidget | None = None,
        *,
        paths: Paths | None = None,
        tray_available: Callable[[], bool] | None = None,
    ) -> None:
        """A window on ``ctx``'s diary; or, with ``ctx=None`` and ``paths``, a window that
        shows "Opening your diary…" until :meth:`attach` gives it the opened diary.
        ``tray_available``: whether the platform has a system tray (default: ask Qt)."""
        super().__init__(parent)
        self.ctx = ctx
        if ctx is not None:
            paths = ctx.paths
        assert paths is not None
        self.paths: Paths = paths
        self.settings = QSettings(str(paths.ui_settings), QSettings.Format.IniFormat)
        # an older version's preferences move to their own file once (not writable: later)
        with contextlib.suppress(DiaryError):
            if preferences.carry_over(paths):
                self.settings.remove(preferences.OLD_SECTION)
        self.analysis_view: AnalysisView | None = None
        #: slow work (opening the diary, analysis, import, export, PDF) and every write
        #: (saves, deletes, undo, backups: ui.writing) runs here
        self.runner = TaskRunner(self)
        self._transfer: Task | None = None
        #: changes made elsewhere, backups, restore
        self.keeper = DiaryKeeper(self, self.runner, paths)
        self.keeper.status.connect(self.show_status)
        self.keeper.changed_elsewhere.connect(self.reload_all)
        self.keeper.busy_changed.connect(self._update_actions)
        self.keeper.releasing.connect(self._release)
        self.keeper.reopened.connect(self.attach)
        self.keeper.lost.connect(self.close)
        self._shown = False
        self.setWindowTitle(APP_NAME)
        self.menuBar().setAccessibleName(_("Menu bar"))
        self.setObjectName("MainWindow")
        app_icon = QApplication.windowIcon()
        if not app_icon.isNull():
            self.setWindowIcon(app_icon)

        self.episodes = EpisodesPage(ctx, runner=self.runner)
        self.episodes.changed.connect(self.episodes_changed)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.episodes, _("&Episodes"))
        self.analysis_page = QWidget()
        self.analysis_layout = QVBoxLayout(self.analysis_page)
        self.analysis_layout.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.analysis_page, _("&Analysis"))
        self.history = HistoryPage(ctx, runner=self.runner)
        self.history.changed.connect(self._after_change)
        self.tabs.addTab(self.history, _("Hi&story"))
        self.medication = MedicationPage(ctx, runner=self.runner)
        self.medication.changed.connect(self._after_change)
        self.tabs.addTab(self.medication, _("&Medication"))
        # the ongoing state (ui.daily_actions) shows above the tabs
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        #: quick log, ongoing state, check-in, Calendar tab, start-of-day questions
        self.daily = DailyActions(self, self.runner, self.settings, column, ctx)
        self.daily.changed.connect(self.refresh)
        self.daily.details_requested.connect(self.episodes.edit_episode)
        self.daily.new_episode_requested.connect(self.episodes.new_episode)
        self.episodes_changed.connect(self.daily.refresh)
        self.tabs.addTab(self.daily.calendar_page, _(CALENDAR_TAB_TITLE))
        # the neck workup's scores (NDI, HIT-6, MIDAS), last: the saved tab indexes stay
        self.scores = ScoresPage(ctx, runner=self.runner)
        self.scores.changed.connect(self._after_change)
        self.scores.status.connect(self.show_status)
        self.tabs.addTab(self.scores, self.scores.tab_title())
        self._build_actions()
        #: settings, tray icon, daily reminder
        self.extras = WindowExtras(self, paths, self.runner, self.quit_action, tray_available, ctx)
        self.extras.quick_log_requested.connect(self.daily.quick_log)
        self.extras.check_in_requested.connect(self.daily.check_in)
        self.extras.new_episode_requested.connect(self.episodes.new_episode)
        self.extras.dose_requested.connect(self.medication.add_dose)
        self.extras.applied.connect(lambda prefs: self.daily.set_first_weekday(prefs.week_start))
        self.extras.protection_requested.connect(self.keeper.change_protection)
        for helper in (self.episodes, self.history, self.medication, self.daily, self.extras):
            helper.status.connect(self.show_status)
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.episodes_changed.connect(self._after_change)
        self.episodes.model.modelReset.connect(self._update_count)
        self._update_count()
        self._update_actions()
        self._restore_settings()
        if ctx is not None:
            self.keeper.watch(ctx)

    def show_status(self, text: str, ms: int = 0) -> None:
        """A note in the status bar for ``ms`` milliseconds (0: until the next one)."""
        self.statusBar().showMessage(text, ms)

    def attach(self, ctx: AppContext) -> None:
        """Give the window its opened diary (at start-up, or again after a restore)."""
        self.ctx = ctx
        self.episodes.set_context(ctx)
        self.history.ctx = ctx
        if self.tabs.currentIndex() == HISTORY_TAB:
            self.history.set_context(ctx)
        self.medication.set_context(ctx)
        if self.tabs.currentWidget() is self.medication:
            self.medication.ensure_loaded()
        self.scores.set_context(ctx)
        if self.tabs.currentWidget() is self.scores:
            self.scores.ensure_loaded()
        self.extras.attach(ctx)
        self._update_actions()
        self.keeper.watch(ctx)
        self.daily.attach(ctx)
        if self.tabs.currentIndex() == CALENDAR_TAB:
            self.daily.ensure_calendar()
        if self.analysis_view is not None:
            self.analysis_view.ctx = ctx
            self.analysis_view.refresh()
        elif self.tabs.currentIndex() == ANALYSIS_TAB and self._shown:
            self.ensure_analysis_view()

    def detach(self) -> AppContext | None:
        """Stop using the diary (before it is replaced): running work is cancelled, the
        window shows "Opening your diary…" until :meth:`attach`; returns the old context,
        whose diary the caller closes."""
        old = self.ctx
        self.keeper.stop()
        self.runner.shutdown()
        self.ctx = None
        self.episodes.set_context(None)
        self.medication.set_context(None)
        self.scores.set_context(None)
        self.extras.attach(None)
        self._update_actions()
        self.daily.detach()
        return old

    def _release(self) -> None:
        """The diary is being replaced (a restore): stop using it, and close it."""
        old = self.detach()
        if old is not None:
            old.diary.close()

    def reload_all(self) -> None:
        """Read the list and the analysis again (the diary changed under the window)."""
        self.episodes.reload()
        self.daily.refresh()
        if self.medication.isVisible():
            self.medication.reload()
        self.scores.outdated()
        if self.analysis_view is not None:
            self.analysis_view.refresh()
        self.show_status(_("The diary was changed elsewhere; showing the changes"), 5000)

    # -- construction --------------------------------------------------------------------
    def _action(self, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(shortcut)
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def _build_actions(self) -> None:
        K = QKeySequence
        page, daily = self.episodes, self.daily
        self.import_action = self._action(
            _("&Import…"), self.import_file, tip=_("Import CSV or JSON")
        )
        self.export_action = self._action(
            _("&Export…"), self.export_file, tip=_("Export CSV or JSON")
        )
        self.export_pdf_action = self._action(
            _("Export &PDF…"),
            self.export_pdf,
            K(Qt.Modifier.CTRL | Qt.Key.Key_P),
            _("PDF summary"),
        )
        self.backup_action = self._action(
            _("&Back up now"),
            lambda: self.keeper.back_up_now(),
            tip=_("Make a backup of the diary"),
        )
        self.restore_action = self._action(
            _("&Restore backup…"), lambda: self.keeper.restore(), tip=_("Go back to a backup")
        )
        self.quit_action = self._action(
            _("&Quit"), self.quit_app, K(Qt.Modifier.CTRL | Qt.Key.Key_Q)
        )
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.about_action = self._action(_("&About {app}", app=APP_NAME), self.about)
        self.settings_action = self._action(
            _("Se&ttings…"),
            lambda: self.extras.open_settings(),
            K(Qt.Modifier.CTRL | Qt.Key.Key_Comma),
            _("Reminder, tray, week, paper; name and date of birth for the PDF"),
        )
        # a dose taken outside an episode, from any tab
        self.dose_action = self._action(
            _("Add d&ose…"),
            self.medication.add_dose,
            K(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_D),
            _("A dose taken outside an episode (Ctrl+Shift+D)"),
        )
        self.dose_action.setIconText(_("Add dose"))  # the toolbar's text
        self.dose_action.setToolTip(_("Add a dose taken outside an episode (Ctrl+Shift+D)"))
        self.dose_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.dose_action)
        for act in (page.new_action, page.undo_action):
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(act)
        self.addActions([daily.quick_log_action, daily.checkin_action])

        bar = self.menuBar()
        m = bar.addMenu(_("&File"))
        m.addActions([self.import_action, self.export_action, self.export_pdf_action])
        m.addSeparator()
        m.addActions([self.backup_action, self.restore_action])
        m.addSeparator()
        m.addAction(self.settings_action)
        m.addSeparator()
        m.addAction(self.quit_action)
        m = bar.addMenu(_("E&pisode"))
        m.addActions([page.new_action, page.edit_action, page.delete_action])
        m.addSeparator()
        m.addAction(page.undo_action)
        m = bar.addMenu(_("Histor&y"))
        history = self.history
        m.addActions([history.new_action, history.edit_action, history.delete_action])
        m.addSeparator()
        m.addAction(history.undo_action)
        m = bar.addMenu(_("Med&ication"))  # Alt+D is the Daily menu
        med = self.medication
        m.addActions(
            [
                med.add_plan_action,
                med.edit_plan_action,
                med.change_dose_action,
                med.stop_action,
                med.delete_plan_action,
            ]
        )
        m.addSeparator()
        m.addActions([self.dose_action, med.edit_dose_action, med.delete_dose_action])
        m.addSeparator()
        m.addAction(med.undo_action)
        bar.addMenu(_("&Daily")).addActions([daily.quick_log_action, daily.checkin_action])
        m = bar.addMenu(_("&Help"))
        m.addAction(self.about_action)

        # the toolbar's own short words (the menus keep the whole ones): in German the
        # whole ones did not fit a 1366 px wide screen at 150 % font
        for act, short in (
            (daily.quick_log_action, pgettext("toolbar", "Headache started")),
            (page.edit_action, pgettext("toolbar", "Edit episode")),
            (page.delete_action, pgettext("toolbar", "Delete episode")),
            (page.undo_action, pgettext("toolbar", "Undo delete")),
        ):
            act.setIconText(short)
        tb = QToolBar(_("Episodes"))
        tb.setObjectName("episodeToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # the two daily actions first, in bold, before the episode actions
        tb.addActions([daily.quick_log_action, daily.checkin_action])
        tb.addSeparator()
        tb.addActions([page.new_action, page.edit_action, page.delete_action, page.undo_action])
        tb.addSeparator()
        tb.addAction(self.dose_action)
        self.addToolBar(tb)
        self.toolbar = tb
        for act in (daily.quick_log_action, daily.checkin_action):
            button = tb.widgetForAction(act)
            if button is not None:
                bold = button.font()
                bold.setBold(True)
                button.setFont(bold)  # a font, not a style sheet: cheaper at start-up
                button.setAccessibleName(act.text().replace("&", "").rstrip("…"))
        new_button = tb.widgetForAction(page.new_action)
        if new_button is not None:
            new_button.setStyleSheet("font-weight: bold;")  # i18n: style sheet

    # -- settings (UI preferences only) -------------------------------------------------
    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(QSize(1000, 680))
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        try:
            tab = int(str(self.settings.value("window/tab", EPISODES_TAB)))
        except (TypeError, ValueError):
            tab = EPISODES_TAB
        if 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)

    def save_settings(self) -> None:
        # QSettings keeps the mode of an existing file: give it one that is ours alone
        create_private_file(Path(self.paths.ui_settings))
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/tab", self.tabs.currentIndex())
        self.settings.sync()
        make_private_file(Path(self.paths.ui_settings))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        if self.extras.keep_in_tray():  # the patient chose it, and there is a tray
            event.ignore()
            self.hide()
            return
        self.extras.close()
        self.keeper.stop()
        # a running import or export is cancelled (it rolls back) before the diary closes
        self.runner.shutdown()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            if self.tabs.currentIndex() == EPISODES_TAB:
                self.episodes.table.setFocus()
            # the window is up: now the Analysis view may load, if it was the last tab
            QTimer.singleShot(0, self, lambda: self._tab_changed(self.tabs.currentIndex()))

    # -- analysis tab --------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        # Ctrl+Z undoes history deletes on the History tab and episode deletes elsewhere
        medication = self.tabs.indexOf(self.medication)
        scores = self.tabs.indexOf(self.scores)
        self.episodes.undo_allowed = index not in (HISTORY_TAB, medication, scores)
        self.episodes.update_actions()
        if index == medication and self.ctx is not None:
            self.medication.ensure_loaded()
            self.medication.focus_list()
        if index == ANALYSIS_TAB and self._shown and self.ctx is not None:
            self.ensure_analysis_view()
        if index == HISTORY_TAB and self.ctx is not None:
            self.history.ensure_loaded()
            self.history.focus_list()
        if index == CALENDAR_TAB:
            self.daily.ensure_calendar()
        if index == scores and self.ctx is not None:
            self.scores.ensure_loaded()
            self.scores.focus_list()

    def ensure_analysis_view(self) -> AnalysisView | None:
        """Create the Analysis view on first use (this is when matplotlib is imported)."""
        if self.analysis_view is None and self.ctx is not None:
            from headache_diary.ui.analysis_view import AnalysisView

            self.analysis_view = AnalysisView(self.ctx, self.analysis_page, self.runner)
            self.analysis_layout.addWidget(self.analysis_view)
        return self.analysis_view

    # -- list state ------------------------------------------------------------------------
    def _after_change(self) -> None:
        self.keeper.mark_seen()  # our own change: the watcher need not reload for it
        if self.analysis_view is not None:
            self.analysis_view.refresh()

    def _update_count(self) -> None:
        n = self.episodes.count()
        self.count_label.setText(ngettext("{count} episode", "{count} episodes", n))

    def _update_actions(self) -> None:
        ready = self.ctx is not None and self._transfer is None
        for act in (
            self.import_action,
            self.export_action,
            self.export_pdf_action,
            self.backup_action,
            self.restore_action,
        ):
            act.setEnabled(ready)
        self.backup_action.setEnabled(ready and not self.keeper.backing_up)
        for act in (self.settings_action, self.dose_action):
            act.setEnabled(self.ctx is not None)
        self.episodes.update_actions()
        self.history.update_actions()
        self.medication.update_actions()
        self.scores.update_actions()

    def _track(self, task: Task | None) -> None:
        """One import, export or PDF at a time: their actions wait for the running one."""
        self._transfer = task
        self._update_actions()

    def _transfer_ended(self) -> None:
        self._track(None)

    def refresh(self, select: str | None = None) -> None:
        """Re-read the list after a change and emit ``episodes_changed``."""
        self.episodes.reload(select)
        self.episodes_changed.emit()

    # -- actions ---------------------------------------------------------------------------
    def import_file(self) -> Task | None:
        if self.ctx is None or self._transfer is not None:
            return None

        def added(n: int) -> None:
            if n:
                self.refresh()
                self.history.reload()
                self.scores.outdated()

        task = file_actions.import_file(
            self, self.ctx, self.runner, added, on_end=self._transfer_ended
        )
        self._track(task)
        return task

    def export_file(self) -> Task | None:
        if self.ctx is None or self._transfer is not None:
            return None
        task = file_actions.export_file(self, self.ctx, self.runner, self._transfer_ended)
        self._track(task)
        return task

    def export_pdf(self) -> Task | None:
        if self.ctx is None or self._transfer is not None:
            return None
        from headache_diary.ui.export_pdf import export_pdf_dialog

        try:
            prefs = self.extras.preferences()  # None: the locale's paper, the app's language
            task = export_pdf_dialog(
                self,
                self.ctx,
                self.runner,
                page_size=prefs.paper_size,
                language=prefs.pdf_language,
            )
        except DiaryError as exc:  # e.g. the stored details could not be read
            QMessageBox.critical(self, _("PDF not saved"), str(exc))
            return None
        if task is not None:
            task.finished.connect(self._transfer_ended)
            task.failed.connect(self._transfer_ended)
            task.cancelled.connect(self._transfer_ended)
        self._track(task)
        return task

    def quit_app(self) -> None:
        """File > Quit (and the tray's Quit): close for good, also with the tray."""
        in_tray = self.isHidden()
        self.extras.quitting = True
        if not self.close():
            self.extras.quitting = False
        elif in_tray:  # no visible window closed, so Qt would not end the app by itself
            self.extras.quit_application()

    def about(self) -> None:
        from headache_diary.ui.about import show_about

        show_about(self, self.paths)
