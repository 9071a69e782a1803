"""The Episodes tab: the list (newest first) and what can be done with its rows.

New, edit (Enter, double-click), delete (Delete) and undo (Ctrl+Z, one delete after
another until the app is closed). Every action is one call into ``services.episodes``;
the page holds only ids and Episode values.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from headache_diary import i18n
from headache_diary.context import AppContext
from headache_diary.domain import vocab
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.timeutil import now_utc
from headache_diary.i18n import N_, _
from headache_diary.ui.episode_model import EpisodeListModel, column_titles
from headache_diary.ui.formatting import format_duration
from headache_diary.ui.record_page import RecordList, RecordPage, hint_label
from headache_diary.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the editor (and SQLAlchemy through services) loads on first use
    from headache_diary.domain.episode import Episode
    from headache_diary.services.episodes import DeleteHistory
    from headache_diary.ui.episode_editor import EpisodeEditor

# marked for translation: shown with _()
EMPTY_HINT = N_("No episodes yet — press Ctrl+N to log one")
OPENING_HINT = N_("Opening your diary…")
K = QKeySequence


def _delete(ctx: AppContext, episode_id: str, deletes: DeleteHistory) -> Episode | None:
    return deletes.delete(ctx, episode_id)


class EpisodesPage(RecordPage):
    restored = N_("Episode restored")

    def __init__(
        self,
        ctx: AppContext | None,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(ctx, parent, runner)
        #: the editor's clock (a new episode starts now; nothing may start after it)
        self.now: Callable[[], datetime] = now_utc
        self.model = EpisodeListModel(ctx, ctx.zone if ctx else "UTC", self)
        self.model.failed.connect(self._read_failed)
        self.empty_label = hint_label(_(EMPTY_HINT), "emptyHint", scale=1.4)
        self.list = RecordList(
            self.model,
            "episodeTable",
            _("Episodes, newest first"),
            self.empty_label,
            delete=_delete,
            deleted=lambda _ep: _("Episode deleted — press Ctrl+Z to undo"),
            not_deleted=_("Episode not deleted"),
        )
        self.table, self.list_stack = self.list.table, self.list.stack
        # fixed row heights and column widths: the view never measures every row
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        fm = self.table.fontMetrics()
        # samples as wide as the widest cells in the current language
        start = i18n.format_datetime(datetime(2026, 11, 25, 8, 15)) + " (GMT+13)"  # i18n: sample
        duration = format_duration(timedelta(hours=888, minutes=58))
        side = max((vocab.label(c) for c in vocab.SIDES), key=len)
        titles = column_titles()
        for col, sample in enumerate((start, duration, side, titles[3])):
            header.resizeSection(
                col, max(fm.horizontalAdvance(sample), fm.horizontalAdvance(titles[col])) + 28
            )
        # two triggers, the second cut short (the cell's tooltip has them whole)
        triggers = ", ".join((vocab.label("neck_movement"), vocab.label("sustained_posture")))
        header.resizeSection(4, fm.horizontalAdvance(triggers) * 4 // 5 + 20)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.list_stack)

        self.new_action = self.action(
            _("&New episode…"), self.new_episode, K(Qt.Modifier.CTRL | Qt.Key.Key_N)
        )
        self.edit_action = self.action(
            _("&Edit episode…"), self.edit_selected, K(Qt.Key.Key_Return), K(Qt.Key.Key_Enter)
        )
        self.delete_action = self.action(
            _("&Delete episode"), self.delete_selected, K(Qt.Key.Key_Delete)
        )
        self.undo_action = self.action(
            _("&Undo delete"), self.undo, K(Qt.Modifier.CTRL | Qt.Key.Key_Z)
        )
        # Enter and Delete act on the list only, so they never steal keys from other widgets
        self.table.addActions([self.edit_action, self.delete_action])
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.model.modelReset.connect(self.update_actions)
        self.update_empty_state()
        self.update_actions()

    # -- state -----------------------------------------------------------------------------
    def new_undo(self) -> DeleteHistory:
        from headache_diary.services.episodes import DeleteHistory

        return DeleteHistory()

    def set_context(self, ctx: AppContext | None) -> None:
        """A newly opened diary (after a restore too), or None while it is replaced: the
        undo history belongs to the diary before, so it goes."""
        self.ctx = ctx
        self.forget_undo()
        self.model.set_context(ctx)
        self.update_empty_state()
        self.update_actions()

    def update_empty_state(self) -> None:
        self.empty_label.setText(_(EMPTY_HINT) if self.ctx is not None else _(OPENING_HINT))
        self.list.show_empty()

    def select_episode(self, episode_id: str | None) -> None:
        self.list.select(episode_id)

    def reload(self, select: str | None = None) -> None:
        """Re-read the list (after a change here or elsewhere) and keep or set a selection."""
        keep = select or self.selected_id()
        self.model.refresh()
        self.update_empty_state()
        if keep is not None:
            self.select_episode(keep)
        self.update_actions()

    def _read_failed(self, message: str) -> None:
        self.status.emit(_("The list could not be read: {error}", error=message), 0)

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
            self.show_error(_("Episode not opened"), exc)
            return None
        if episode is None:  # deleted elsewhere
            self.reload()
            return None
        return self._open_editor(episode)

    def _open_editor(self, episode: Episode | None, start: datetime | None = None) -> EpisodeEditor:
        from headache_diary.ui.episode_editor import EpisodeEditor

        assert self.ctx is not None
        editor = EpisodeEditor(self.ctx, episode, self.window(), start=start, now=self.now)
        self.open_editor(editor, self.list, _("Episode saved"))
        return editor
