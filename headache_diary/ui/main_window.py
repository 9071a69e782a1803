"""The main window: episode list, editor, delete with undo, import/export, analysis tab.

Start-up stays light: no matplotlib and no analysis code is imported until the Analysis tab
is first shown (``ui.analysis_view`` is imported lazily then). Every action opens its own
unit of work (``ctx.diary.session()``); the window holds only ids and Episode values.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QPainter, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from headache_diary.domain.episode import Episode
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.timeutil import local_zone_key
from headache_diary.paths import Paths, make_private_file
from headache_diary.ui.episode_model import COL_START, EpisodeListModel

if TYPE_CHECKING:
    from headache_diary.app import AppContext
    from headache_diary.ui.episode_editor import EpisodeEditor

# Nothing here imports SQLAlchemy at module level (storage.repository, the editor): the
# window is shown before the diary is opened, see run_gui.

APP_NAME = "Headache Diary"
EMPTY_HINT = "No episodes yet — press Ctrl+N to log one"
OPENING_HINT = "Opening your diary…"
EPISODES_TAB, ANALYSIS_TAB = 0, 1


def app_icon() -> QIcon:
    """The window icon, rendered from resources/icon.svg at the usual sizes."""
    data = (resources.files("headache_diary.resources") / "icon.svg").read_bytes()
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(data))
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pm)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pm)
    return icon


def default_file_name(extension: str, today: date | None = None) -> str:
    """``headache-diary-2026-11-25.csv``: never a patient's name."""
    return f"headache-diary-{(today or date.today()).isoformat()}.{extension}"


class MainWindow(QMainWindow):
    #: emitted after any add, edit, delete, undo or import
    episodes_changed = Signal()

    def __init__(
        self,
        ctx: AppContext | None,
        parent: QWidget | None = None,
        *,
        paths: Paths | None = None,
    ) -> None:
        """A window on ``ctx``'s diary; or, with ``ctx=None`` and ``paths``, a window that
        shows "Opening your diary…" until :meth:`attach` gives it the opened diary."""
        super().__init__(parent)
        self.ctx: Any = ctx
        self.paths: Paths = ctx.paths if ctx is not None else paths  # type: ignore[assignment]
        self.settings = QSettings(str(self.paths.ui_settings), QSettings.Format.IniFormat)
        self.undo_stack: list[Episode] = []
        self.analysis_view: QWidget | None = None
        self._shown = False
        self.setWindowTitle(APP_NAME)
        self.setObjectName("MainWindow")

        zone = ctx.zone if ctx is not None else local_zone_key()
        self.model = EpisodeListModel(ctx.diary if ctx is not None else None, zone, self)
        self._build_episodes_page()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.episodes_page, "Episodes")
        self.analysis_page = QWidget()
        self.analysis_layout = QVBoxLayout(self.analysis_page)
        self.analysis_layout.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.analysis_page, "Analysis")
        self.setCentralWidget(self.tabs)
        self._build_actions()
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.episodes_changed.connect(self._after_change)
        self._update_empty_state()
        self._restore_settings()

    def attach(self, ctx: AppContext) -> None:
        """Give a window made with ``ctx=None`` its opened diary."""
        self.ctx = ctx
        self.model.set_diary(ctx.diary)
        self._update_empty_state()
        self._update_actions()
        if self.tabs.currentIndex() == ANALYSIS_TAB and self._shown:
            self.ensure_analysis_view()

    # -- construction --------------------------------------------------------------------
    def _build_episodes_page(self) -> None:
        self.table = QTableView()
        self.table.setObjectName("episodeTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # fixed row heights and column widths: the view never measures every row
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        fm = self.table.fontMetrics()
        for col, sample in enumerate(
            ("Wed 25 Nov 2026 08:15 (GMT+13)", "888 h 88 min", "Both sides", "Intensity")
        ):
            header.resizeSection(col, fm.horizontalAdvance(sample) + 28)
        header.resizeSection(4, fm.horizontalAdvance("Neck movement, Sustained awkward head") + 20)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

        self.empty_label = QLabel(EMPTY_HINT)
        self.empty_label.setObjectName("emptyHint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        f = self.empty_label.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        self.empty_label.setFont(f)
        self.empty_label.setStyleSheet("color: #555;")

        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)
        self.episodes_page = QWidget()
        lay = QVBoxLayout(self.episodes_page)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.list_stack)

    def _action(self, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                act.setShortcuts(shortcut)
            else:
                act.setShortcut(shortcut)
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def _build_actions(self) -> None:
        K = QKeySequence
        self.import_action = self._action("&Import…", self.import_file, tip="Import CSV or JSON")
        self.export_action = self._action("&Export…", self.export_file, tip="Export CSV or JSON")
        self.export_pdf_action = self._action("Export &PDF…", self.export_pdf)
        self.quit_action = self._action("&Quit", self.close, K(Qt.Modifier.CTRL | Qt.Key.Key_Q))
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.new_action = self._action(
            "&New episode…", self.new_episode, K(Qt.Modifier.CTRL | Qt.Key.Key_N)
        )
        self.edit_action = self._action(
            "&Edit episode…", self.edit_selected, [K(Qt.Key.Key_Return), K(Qt.Key.Key_Enter)]
        )
        self.delete_action = self._action(
            "&Delete episode", self.delete_selected, K(Qt.Key.Key_Delete)
        )
        self.undo_action = self._action(
            "&Undo delete", self.undo_delete, K(Qt.Modifier.CTRL | Qt.Key.Key_Z)
        )
        self.about_action = self._action("&About Headache Diary", self.about)
        # Enter and Delete act on the list only, so they never steal keys from other widgets
        for act in (self.edit_action, self.delete_action):
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.table.addAction(act)
        for act in (self.new_action, self.undo_action):
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(act)

        bar = self.menuBar()
        m = bar.addMenu("&File")
        m.addActions([self.import_action, self.export_action, self.export_pdf_action])
        m.addSeparator()
        m.addAction(self.quit_action)
        m = bar.addMenu("&Episode")
        m.addActions([self.new_action, self.edit_action, self.delete_action])
        m.addSeparator()
        m.addAction(self.undo_action)
        m = bar.addMenu("&Help")
        m.addAction(self.about_action)

        tb = QToolBar("Episodes")
        tb.setObjectName("episodeToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.addActions([self.new_action, self.edit_action, self.delete_action, self.undo_action])
        self.addToolBar(tb)
        self.toolbar = tb
        new_button = tb.widgetForAction(self.new_action)
        if new_button is not None:
            new_button.setStyleSheet("font-weight: bold;")

        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.model.modelReset.connect(self._update_actions)
        self._update_actions()

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
        tab = self.settings.value("window/tab", EPISODES_TAB)
        try:
            tab = int(tab)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            tab = EPISODES_TAB
        if tab in (EPISODES_TAB, ANALYSIS_TAB):
            self.tabs.setCurrentIndex(tab)

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/tab", self.tabs.currentIndex())
        self.settings.sync()
        make_private_file(Path(self.paths.ui_settings))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            if self.tabs.currentIndex() == EPISODES_TAB:
                self.table.setFocus()
            # the window is up: now the Analysis view may load, if it was the last tab
            QTimer.singleShot(0, lambda: self._tab_changed(self.tabs.currentIndex()))

    # -- analysis tab --------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        if index == ANALYSIS_TAB and self._shown and self.ctx is not None:
            self.ensure_analysis_view()

    def ensure_analysis_view(self) -> QWidget | None:
        """Create the Analysis view on first use (this is when matplotlib is imported)."""
        if self.analysis_view is not None:
            return self.analysis_view
        if self.analysis_layout.count():
            return None  # placeholder already shown
        try:
            from headache_diary.ui.analysis_view import AnalysisView
        except ImportError as exc:
            lab = QLabel(f"The analysis view is not available in this build ({exc}).")
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lab.setWordWrap(True)
            self.analysis_layout.addWidget(lab)
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.analysis_view = AnalysisView(self.ctx, self.analysis_page)
        finally:
            QApplication.restoreOverrideCursor()
        self.analysis_layout.addWidget(self.analysis_view)
        return self.analysis_view

    # -- list state ------------------------------------------------------------------------
    def _after_change(self) -> None:
        view = self.analysis_view
        if view is not None and hasattr(view, "refresh"):
            view.refresh()

    def _update_empty_state(self) -> None:
        empty = self.model.rowCount() == 0
        self.empty_label.setText(EMPTY_HINT if self.ctx is not None else OPENING_HINT)
        self.list_stack.setCurrentWidget(self.empty_label if empty else self.table)
        n = self.model.rowCount()
        self.count_label.setText(f"{n} episode{'' if n == 1 else 's'}")

    def _update_actions(self) -> None:
        has = self.selected_id() is not None
        ready = self.ctx is not None
        for act in (self.new_action, self.import_action, self.export_action):
            act.setEnabled(ready)
        self.export_pdf_action.setEnabled(ready)
        self.edit_action.setEnabled(has)
        self.delete_action.setEnabled(has)
        self.undo_action.setEnabled(bool(self.undo_stack))

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.episode_id(rows[0].row())

    def select_episode(self, episode_id: str | None) -> None:
        row = None if episode_id is None else self.model.row_of(episode_id)
        if row is None:
            self.table.clearSelection()
            return
        index = self.model.index(row, COL_START)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index)

    def refresh(self, select: str | None = None) -> None:
        """Re-read the list after a change and emit ``episodes_changed``."""
        self.model.refresh()
        self._update_empty_state()
        if select is not None:
            self.select_episode(select)
        self._update_actions()
        self.episodes_changed.emit()

    def _show_error(self, exc: Exception) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError):  # e.g. disk full, diary locked by another app
            text = f"The diary could not be changed: {getattr(exc, 'orig', None) or exc}"
        else:
            text = str(exc)
        QMessageBox.critical(self, APP_NAME, text)

    # -- episode actions ---------------------------------------------------------------
    def new_episode(self) -> EpisodeEditor | None:
        if self.ctx is None:
            return None
        return self._open_editor(None)

    def edit_selected(self) -> EpisodeEditor | None:
        from headache_diary.storage import repository

        episode_id = self.selected_id()
        if episode_id is None:
            return None
        with self.ctx.diary.session() as s:
            episode = repository.get_episode(s, episode_id)
        if episode is None:  # deleted elsewhere
            self.refresh()
            return None
        return self._open_editor(episode)

    def _open_editor(self, episode: Episode | None) -> EpisodeEditor:
        from headache_diary.ui.episode_editor import EpisodeEditor

        editor = EpisodeEditor(self.ctx, episode, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.accepted.connect(lambda: self._editor_saved(editor))
        editor.open()
        self.editor = editor
        return editor

    def _editor_saved(self, editor: EpisodeEditor) -> None:
        saved = editor.saved_episode
        self.refresh(select=saved.id if saved else None)
        if saved is not None:
            self.statusBar().showMessage("Episode saved", 4000)

    def delete_selected(self) -> Episode | None:
        from sqlalchemy.exc import SQLAlchemyError

        from headache_diary.storage import repository

        episode_id = self.selected_id()
        if episode_id is None:
            return None
        row = self.table.selectionModel().selectedRows()[0].row()
        try:
            with self.ctx.diary.session() as s:
                removed = repository.delete_episode(s, episode_id)
        except (DiaryError, SQLAlchemyError) as exc:
            self._show_error(exc)
            return None
        if removed is not None:
            self.undo_stack.append(removed)
        self.refresh()
        if self.model.rowCount():
            self.select_episode(self.model.episode_id(min(row, self.model.rowCount() - 1)))
        self.statusBar().showMessage("Episode deleted — press Ctrl+Z to undo", 8000)
        self._update_actions()
        return removed

    def undo_delete(self) -> Episode | None:
        if not self.undo_stack:
            return None
        from sqlalchemy.exc import SQLAlchemyError

        from headache_diary.storage import repository

        episode = self.undo_stack[-1]
        try:
            with self.ctx.diary.session() as s:
                repository.save_episode(s, episode)
        except (DiaryError, SQLAlchemyError) as exc:
            self._show_error(exc)
            return None
        self.undo_stack.pop()
        self.refresh(select=episode.id)
        self.statusBar().showMessage("Episode restored", 4000)
        return episode

    # -- files -----------------------------------------------------------------------------
    def import_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            "Import episodes",
            str(Path.home()),
            "Diary files (*.csv *.json);;CSV (*.csv);;JSON (*.json)",
        )
        if not path:
            return
        try:
            from headache_diary.io.importer import import_file

            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                result = import_file(self.ctx.diary, path, self.ctx.zone)
            finally:
                QApplication.restoreOverrideCursor()
        except DiaryError as exc:
            self._show_error(exc)
            return
        self.refresh()
        QMessageBox.information(
            self,
            "Import finished",
            f"Added {result.added} episode{'' if result.added == 1 else 's'}; "
            f"skipped {result.skipped} already in the diary.",
        )

    def export_file(self) -> None:
        start = str(Path.home() / default_file_name("csv"))
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export episodes", start, "CSV (*.csv);;JSON (*.json)"
        )
        if not path:
            return
        if Path(path).suffix.lower() not in (".csv", ".json"):
            path += ".json" if "json" in chosen.lower() else ".csv"
        try:
            from headache_diary.io.exporter import export_file

            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                n = export_file(self.ctx.diary, path, fmt=None)
            finally:
                QApplication.restoreOverrideCursor()
        except DiaryError as exc:
            self._show_error(exc)
            return
        QMessageBox.information(
            self, "Export finished", f"Exported {n} episode{'' if n == 1 else 's'} to {path}"
        )

    def export_pdf(self) -> None:
        try:
            from headache_diary.ui.export_pdf import export_pdf_dialog
        except ImportError:
            QMessageBox.information(
                self, APP_NAME, "The PDF summary is not available in this version yet."
            )
            return
        try:
            export_pdf_dialog(self, self.ctx)
        except DiaryError as exc:
            self._show_error(exc)

    def about(self) -> None:
        from headache_diary.ui.about import show_about

        show_about(self, self.paths)


def run_gui(
    ctx_or_opener: AppContext | Callable[[], AppContext], paths: Paths | None = None
) -> int:
    """Create the application and main window, and run the event loop.

    Given an opener (a callable returning the AppContext), the window is shown and painted
    first and the diary opened afterwards, so the window appears as fast as a bare Qt
    window; if opening fails (a newer diary, a damaged file) the message is shown and the
    return value is 2.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    from headache_diary.ui.appinfo import apply_app_info

    apply_app_info(app)
    app.setWindowIcon(app_icon())
    if not callable(ctx_or_opener):
        window = MainWindow(ctx_or_opener)
        window.setWindowIcon(app.windowIcon())
        window.show()
        return app.exec()
    assert paths is not None
    window = MainWindow(None, paths=paths)
    window.setWindowIcon(app.windowIcon())
    window.show()
    app.processEvents()  # paint the window before the slow part
    try:
        ctx = ctx_or_opener()
    except DiaryError as exc:
        print(f"headache-diary: error: {exc}", file=sys.stderr)
        QMessageBox.critical(window, APP_NAME, str(exc))
        window.close()
        return 2
    window.attach(ctx)
    return app.exec()
