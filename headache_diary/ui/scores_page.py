"""The Scores tab: the totals copied from a clinic's forms (NDI, HIT-6, MIDAS, another
named score), newest first, with add, edit, delete and undo (as the History tab does).

New (Ctrl+Shift+O or *Add score…*), edit (Enter, double-click), delete (Delete) and undo
(Ctrl+Z: adds, edits and deletes, one after another until the app is closed) while the
list has the focus. Every action is one call into ``services.scores``; the page holds
only Score values. The Analysis tab and the PDF chart each instrument over time with the
neck history marked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from headache_diary import i18n
from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.workup import Score, format_total, score_title
from headache_diary.i18n import _
from headache_diary.ui.record_page import RecordList, RecordPage, RowsModel, hint_label
from headache_diary.ui.tasks import TaskRunner
from headache_diary.ui.theme import mute

if TYPE_CHECKING:  # the editor (and SQLAlchemy through services) loads on first use
    from headache_diary.services.scores import SavedScore, ScoreChange, ScoreUndo
    from headache_diary.ui.score_editor import ScoreEditor

K = QKeySequence


def _delete(ctx: AppContext, score_id: str, undo: ScoreUndo) -> SavedScore | None:
    from headache_diary.services import scores

    return undo.record(scores.delete_score(ctx, score_id))


class ScoresPage(RecordPage):
    def __init__(
        self,
        ctx: AppContext | None,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(ctx, parent, runner)
        self.setObjectName("ScoresPage")
        self.undo_failed = _("Not undone")
        #: the editor's today (a score cannot be dated in the future)
        self.today: Callable[[], date] = date.today
        self.scores: list[Score] = []
        self._loaded = False

        columns = (_("Date"), _("Score"), _("Total"), _("Note"))
        self.model = RowsModel(columns, self)
        self.empty_label = hint_label(
            _(
                "No scores yet. When your clinic has you fill in the Neck Disability Index "
                "(NDI), the HIT-6 or the MIDAS, add the total here: the Analysis tab and the "
                "PDF then show each score over time beside your neck history."
            ),
            "scoresEmptyHint",
            margin=24,
            scale=1.2,
        )
        self.list = RecordList(
            self.model,
            "scoresTable",
            _("Scores, newest first"),
            self.empty_label,
            delete=_delete,
            deleted=lambda _saved: _("Score deleted — press Ctrl+Z to undo"),
            not_deleted=_("Score not deleted"),
        )
        self.table = self.list.table
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        fm = self.table.fontMetrics()
        samples = ("30 Sept 2026", "Pain Catastrophizing Scale", "50 (100%)")  # i18n: widths
        for col, sample in enumerate(samples):
            header.resizeSection(col, fm.horizontalAdvance(sample) + 28)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

        self.new_action = self.action(
            _("&Add score…"), self.new_score, K(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_O)
        )
        self.edit_action = self.action(
            _("&Edit score…"), self.edit_selected, K(Qt.Key.Key_Return), K(Qt.Key.Key_Enter)
        )
        self.delete_action = self.action(
            _("&Delete score"), self.delete_selected, K(Qt.Key.Key_Delete)
        )
        self.undo_action = self.action(_("&Undo"), self.undo, K(Qt.Modifier.CTRL | Qt.Key.Key_Z))
        self.addActions([self.new_action, self.undo_action])
        self.table.addActions([self.edit_action, self.delete_action])
        buttons = self.button_row(
            "scores",
            (
                ("new", _("Add score…"), self.new_action, _("Add a score (Ctrl+Shift+O)")),
                ("edit", _("Edit…"), self.edit_action, _("Edit the selected score (Enter)")),
                (
                    "delete",
                    _("Delete"),
                    self.delete_action,
                    _("Delete the selected score (Delete)"),
                ),
                ("undo", _("Undo"), self.undo_action, _("Undo the last change here (Ctrl+Z)")),
            ),
        )
        self.list.add_button = self.buttons["new"]
        note = QLabel(
            _(
                "Totals copied from the questionnaires your clinic uses; the app ships no "
                "questionnaire text, because their licences restrict it. The NDI is also "
                "shown as a percentage (total x 2)."
            )
        )
        note.setWordWrap(True)
        mute(note)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(buttons)
        lay.addWidget(self.list.stack, 1)
        lay.addWidget(note)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.update_actions()

    # -- state -----------------------------------------------------------------------------
    def new_undo(self) -> ScoreUndo:
        from headache_diary.services.scores import ScoreUndo

        return ScoreUndo()

    def set_context(self, ctx: AppContext | None) -> None:
        self.ctx = ctx
        self.forget_undo()
        if ctx is not None and self._loaded:
            self.reload()
        self.update_actions()

    @staticmethod
    def tab_title() -> str:
        return _("Sc&ores")

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.reload()

    def outdated(self) -> None:
        """The diary changed elsewhere (an import, another process): read it again now
        when the tab is shown, else when it is next shown."""
        if self.isVisible():
            self.reload()
        else:
            self._loaded = False

    def reload(self, select: str | None = None) -> None:
        """Read the scores again (newest first), keeping or setting the selection."""
        from headache_diary.services import scores

        keep = select or self.selected_id()
        if self.ctx is None:
            return
        try:
            self.scores = scores.list_scores(self.ctx)
        except DiaryError as exc:
            self.status.emit(_("The scores could not be read: {error}", error=str(exc)), 0)
            return
        self._loaded = True
        rows = [
            (
                i18n.format_date(s.date),
                score_title(s.instrument, s.name),
                format_total(s),
                " ".join(s.note.split()),
            )
            for s in self.scores
        ]
        self.model.set_rows([s.id for s in self.scores], rows)
        self.list.show_empty()
        if not self.list.select(keep):
            self.list.select_near(0)
        self.update_actions()

    def undone(self, value: Any) -> None:
        """What an undo took back: an add (its score is gone), an edit or a delete (its
        score is back)."""
        change: ScoreChange | None = value
        self.reload()
        if change is not None:
            if change.restore is not None:
                self.list.select(change.restore.id)
            self.status.emit(_("Undone: {change}", change=_(change.what)), 4000)
        self.list.focus()

    # -- actions ---------------------------------------------------------------------------
    def new_score(self) -> ScoreEditor | None:
        if self.ctx is None:
            return None
        return self._open_editor(None)

    def edit_selected(self) -> ScoreEditor | None:
        score_id = self.selected_id()
        if score_id is None or self.ctx is None:
            return None
        return self._open_editor(next(s for s in self.scores if s.id == score_id))

    def _open_editor(self, score: Score | None) -> ScoreEditor:
        from headache_diary.ui.score_editor import ScoreEditor

        assert self.ctx is not None
        editor = ScoreEditor(self.ctx, score, self.window(), today=self.today)

        def saved(result: SavedScore) -> str:
            self.undos().record(result)  # type: ignore[attr-defined]
            self.reload(result.value.id)
            self.update_actions()
            return _(result.change.what)

        self.open_editor(editor, self.list, saved)
        return editor
