"""The Episodes tab: the list (newest first) and what can be done with its rows.

New, edit (Enter, double-click), delete (Delete) and undo (Ctrl+Z, one delete after
another until the app is closed). Every action is one call into ``services.episodes``;
the page holds only ids and Episode values.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.timeutil import now_utc
from headache_diary.ui.episode_model import COL_START, EpisodeListModel
from headache_diary.ui.tasks import Task, TaskRunner
from headache_diary.ui.theme import mute
from headache_diary.ui.writing import write_while

if TYPE_CHECKING:  # the editor (and SQLAlchemy through services) loads on first use
    from headache_diary.domain.episode import Episode
    from headache_diary.services.episodes import DeleteHistory
    from headache_diary.ui.episode_editor import EpisodeEditor

EMPTY_HINT = "No episodes yet — press Ctrl+N to log one"
OPENING_HINT = "Opening your diary…"
K = QKeySequence


class EpisodesPage(QWidget):
    #: after any add, edit, delete or undo made here
    changed = Signal()
    #: a short note for the status bar: (text, milliseconds)
    status = Signal(str, int)

    def __init__(
        self,
        ctx: AppContext | None,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: the editor's clock (a new episode starts now; nothing may start after it)
        self.now: Callable[[], datetime] = now_utc
        #: saves, deletes and undo run here (``ui.writing``): the window's runner
        self.runner = runner if runner is not None else TaskRunner(self)
        #: a delete or undo is being stored (the two actions wait for it)
        self.writing = False
        self._history: DeleteHistory | None = None
        self.editor: EpisodeEditor | None = None
        #: False while another page owns Ctrl+Z (the History tab), so the key is never
        #: ambiguous between two enabled actions
        self.undo_allowed = True
        self.model = EpisodeListModel(ctx, ctx.zone if ctx else "UTC", self)
        self.model.failed.connect(self._read_failed)

        self.table = QTableView()
        self.table.setObjectName("episodeTable")
        self.table.setAccessibleName("Episodes, newest first")
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
        self.empty_label.setWordWrap(True)
        f = self.empty_label.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        self.empty_label.setFont(f)
        self.empty_label.setForegroundRole(self.empty_label.foregroundRole())
        mute(self.empty_label)  # secondary text (ui.theme.mute)

        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.list_stack)

        def action(text: str, slot: object, *keys: QKeySequence) -> QAction:
            act = QAction(text, self)
            if len(keys) > 1:
                act.setShortcuts(list(keys))
            elif keys:
                act.setShortcut(keys[0])
            act.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
            return act

        self.new_action = action(
            "&New episode…", self.new_episode, K(Qt.Modifier.CTRL | Qt.Key.Key_N)
        )
        self.edit_action = action(
            "&Edit episode…", self.edit_selected, K(Qt.Key.Key_Return), K(Qt.Key.Key_Enter)
        )
        self.delete_action = action("&Delete episode", self.delete_selected, K(Qt.Key.Key_Delete))
        self.undo_action = action(
            "&Undo delete", self.undo_delete, K(Qt.Modifier.CTRL | Qt.Key.Key_Z)
        )
        # Enter and Delete act on the list only, so they never steal keys from other widgets
        for act in (self.edit_action, self.delete_action):
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.table.addAction(act)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.model.modelReset.connect(self.update_actions)
        self.update_empty_state()
        self.update_actions()

    # -- state -----------------------------------------------------------------------------
    def set_context(self, ctx: AppContext | None) -> None:
        """A newly opened diary (after a restore too), or None while it is replaced: the
        undo history belongs to the diary before, so it goes."""
        self.ctx = ctx
        self._history = None
        self.model.set_context(ctx)
        self.update_empty_state()
        self.update_actions()

    def count(self) -> int:
        return self.model.rowCount()

    def update_empty_state(self) -> None:
        empty = self.model.rowCount() == 0
        self.empty_label.setText(EMPTY_HINT if self.ctx is not None else OPENING_HINT)
        self.list_stack.setCurrentWidget(self.empty_label if empty else self.table)

    def update_actions(self) -> None:
        self.new_action.setEnabled(self.ctx is not None)
        has = self.selected_id() is not None
        self.edit_action.setEnabled(has)
        self.delete_action.setEnabled(has and not self.writing)
        self.undo_action.setEnabled(bool(self._history) and self.undo_allowed and not self.writing)

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

    def reload(self, select: str | None = None) -> None:
        """Re-read the list (after a change here or elsewhere) and keep or set a selection."""
        keep = select or self.selected_id()
        self.model.refresh()
        self.update_empty_state()
        if keep is not None:
            self.select_episode(keep)
        self.update_actions()

    def _read_failed(self, message: str) -> None:
        self.status.emit(f"The list could not be read: {message}", 0)

    def _error(self, title: str, exc: DiaryError) -> None:
        QMessageBox.critical(self, title, str(exc))

    # -- actions ---------------------------------------------------------------------------
    def new_episode(self, start: datetime | None = None) -> EpisodeEditor | None:
        """The editor on a new episode starting ``start`` (default: now)."""
        if self.ctx is None:
            return None
        return self._open_editor(None, start)

    def edit_selected(self) -> EpisodeEditor | None:
        episode_id = self.selected_id()
        if episode_id is None:
            return None
        return self.edit_episode(episode_id)

    def edit_episode(self, episode_id: str) -> EpisodeEditor | None:
        """The editor on the episode with ``episode_id`` (e.g. "Add details…")."""
        from headache_diary.services import episodes

        if self.ctx is None:
            return None
        try:
            episode = episodes.get_episode(self.ctx, episode_id)
        except DiaryError as exc:
            self._error("Episode not opened", exc)
            return None
        if episode is None:  # deleted elsewhere
            self.reload()
            return None
        return self._open_editor(episode)

    def _open_editor(self, episode: Episode | None, start: datetime | None = None) -> EpisodeEditor:
        from headache_diary.ui.episode_editor import EpisodeEditor

        assert self.ctx is not None
        editor = EpisodeEditor(self.ctx, episode, self.window(), start=start, now=self.now)
        editor.saving.runner = self.runner
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.accepted.connect(lambda: self._editor_saved(editor))
        editor.open()
        self.editor = editor
        return editor

    def _editor_saved(self, editor: EpisodeEditor) -> None:
        saved = editor.saved_episode
        self.reload(select=saved.id if saved else None)
        self.changed.emit()
        if saved is not None:
            self.status.emit("Episode saved", 4000)

    def _deletes(self) -> DeleteHistory:
        if self._history is None:
            from headache_diary.services.episodes import DeleteHistory

            self._history = DeleteHistory()
        return self._history

    def delete_selected(self) -> Task | None:
        """Delete the selected episode, on a worker (``ui.writing``); the running task, or
        None when there is nothing to delete (or a delete or undo is still being stored)."""
        episode_id = self.selected_id()
        if episode_id is None or self.ctx is None or self.writing:
            return None
        row = self.table.selectionModel().selectedRows()[0].row()
        ctx, deletes = self.ctx, self._deletes()
        return write_while(
            self.runner,
            lambda: deletes.delete(ctx, episode_id),
            self._set_writing,
            lambda _removed: self._deleted(row),
            lambda exc: self._error("Episode not deleted", exc),
        )

    def _deleted(self, row: int) -> None:
        self.reload()
        if self.model.rowCount():
            self.select_episode(self.model.episode_id(min(row, self.model.rowCount() - 1)))
        self.changed.emit()
        self.status.emit("Episode deleted — press Ctrl+Z to undo", 8000)

    def undo_delete(self) -> Task | None:
        """Put the last deleted episode back, on a worker; the running task or None."""
        if not self._history or self.ctx is None or self.writing:
            return None
        ctx, history = self.ctx, self._history
        return write_while(
            self.runner,
            lambda: history.undo(ctx),
            self._set_writing,
            self._restored,
            lambda exc: self._error("Delete not undone", exc),
        )

    def _restored(self, episode: Episode | None) -> None:
        self.reload(select=episode.id if episode else None)
        self.changed.emit()
        self.status.emit("Episode restored", 4000)

    def _set_writing(self, writing: bool) -> None:
        """A delete or undo is being stored: the two actions wait for it."""
        self.writing = writing
        self.update_actions()
