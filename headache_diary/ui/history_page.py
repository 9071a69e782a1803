"""The History tab: what was done about the neck, newest first, with add, edit, delete and
undo (as the Episodes tab does).

New (Ctrl+Shift+H or the *Add event…* button), edit (Enter, double-click), delete
(Delete) and undo (Ctrl+Z, one delete after another until the app is closed) while the
list has the focus. Every action is one call into ``services.history``; the page holds
only HistoryEvent values. The history is small (tens of events), so the list is a plain
table widget refilled after each change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from headache_diary import i18n
from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.history import HistoryEvent, format_event_date, kind_label, where_text
from headache_diary.i18n import N_, _, pgettext
from headache_diary.ui.record_page import RecordList, RecordPage, RowsModel, hint_label
from headache_diary.ui.tasks import TaskRunner
from headache_diary.ui.theme import mute

if TYPE_CHECKING:  # the editor (and SQLAlchemy through services) loads on first use
    from headache_diary.services.history import DeletedEvents
    from headache_diary.ui.history_editor import HistoryEditor

# marked for translation: shown with _()
EMPTY_HINT = N_(
    "No neck history yet. Add what was done about the neck — an injury or whiplash, an "
    "X-ray or MRI, a nerve block, physiotherapy — and when these headaches began. "
    "The Analysis tab and the PDF then show how your record changed after each event."
)


def column_titles() -> tuple[str, ...]:
    """The list's headers in the current language."""
    return (
        pgettext("column", "Date"),
        pgettext("column", "What happened"),
        pgettext("column", "Side / structure"),
        pgettext("column", "Findings / details"),
        pgettext("column", "Outcome"),
    )


K = QKeySequence


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _delete(ctx: AppContext, event_id: str, deleted: DeletedEvents) -> HistoryEvent | None:
    return deleted.delete(ctx, event_id)


class HistoryPage(RecordPage):
    restored = N_("History event restored")

    def __init__(
        self,
        ctx: AppContext | None,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(ctx, parent, runner)
        self.setObjectName("HistoryPage")
        #: the editor's today (an event cannot be in the future)
        self.today: Callable[[], date] = date.today
        self.events: list[HistoryEvent] = []
        self._loaded = False

        titles = column_titles()
        self.model = RowsModel(titles, self)
        self.empty_label = hint_label(_(EMPTY_HINT), "historyEmptyHint", margin=24, scale=1.2)
        self.list = RecordList(
            self.model,
            "historyTable",
            _("Neck history, newest first"),
            self.empty_label,
            delete=_delete,
            deleted=lambda _ev: _("History event deleted — press Ctrl+Z to undo"),
            not_deleted=_("History event not deleted"),
        )
        self.table, self.list_stack = self.list.table, self.list.stack
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        fm = self.table.fontMetrics()
        # samples of what the cells hold (the patient's own words), or the header if wider
        for col, sample in enumerate(
            (
                i18n.format_month(date(2026, 9, 1)),
                "Neck injury / whiplash – rear-end collision",  # i18n: a width sample
                "C2/3 facet, left side",  # i18n: a width sample
                "Mild C2/3 facet arthropathy on the left; no",  # i18n: a width sample
            )
        ):
            width = max(fm.horizontalAdvance(sample), fm.horizontalAdvance(titles[col]))
            header.resizeSection(col, width + 28)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

        self.new_action = self.action(
            _("&Add history event…"),
            self.new_event,
            # not Ctrl+Shift+N: that is "Headache started", anywhere in the window
            K(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_H),
        )
        self.edit_action = self.action(
            _("&Edit history event…"), self.edit_selected, K(Qt.Key.Key_Return), K(Qt.Key.Key_Enter)
        )
        self.delete_action = self.action(
            _("&Delete history event"), self.delete_selected, K(Qt.Key.Key_Delete)
        )
        self.undo_action = self.action(
            _("&Undo delete"), self.undo, K(Qt.Modifier.CTRL | Qt.Key.Key_Z)
        )
        # the keys act on this page only (the Episodes tab has its own Enter, Delete, Ctrl+Z)
        self.addActions([self.new_action, self.undo_action])
        self.table.addActions([self.edit_action, self.delete_action])

        buttons = self.button_row(
            "history",
            (
                (
                    "new",
                    _("Add event…"),
                    self.new_action,
                    _("Add a history event (Ctrl+Shift+H)"),
                ),
                ("edit", _("Edit…"), self.edit_action, _("Edit the selected event (Enter)")),
                (
                    "delete",
                    _("Delete"),
                    self.delete_action,
                    _("Delete the selected event (Delete)"),
                ),
                (
                    "undo",
                    _("Undo delete"),
                    self.undo_action,
                    _("Put the last deleted event back (Ctrl+Z)"),
                ),
            ),
        )
        self.list.add_button = self.buttons["new"]
        note = QLabel(
            _(
                "Your own record of what was done about the neck, shown beside your "
                "episodes on the Analysis tab and in the PDF; not a diagnosis."
            )
        )
        note.setWordWrap(True)
        mute(note)  # secondary text (ui.theme.mute)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(buttons)
        lay.addWidget(self.list_stack, 1)
        lay.addWidget(note)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.update_actions()

    # -- state -----------------------------------------------------------------------------
    def new_undo(self) -> DeletedEvents:
        from headache_diary.services.history import DeletedEvents

        return DeletedEvents()

    def set_context(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.reload()

    def ensure_loaded(self) -> None:
        """Read the history the first time the tab is shown."""
        if not self._loaded:
            self.reload()

    def select_event(self, event_id: str | None) -> None:
        self.list.select(event_id)

    def reload(self, select: str | None = None) -> None:
        """Re-read the history (newest first) and keep or set a selection."""
        from headache_diary.services import history

        keep = select or self.selected_id()
        if self.ctx is None:
            return
        try:
            self.events = history.list_events(self.ctx)
        except DiaryError as exc:
            self.status.emit(_("The history could not be read: {error}", error=str(exc)), 0)
            return
        self._loaded = True
        rows, tips = [], []
        for ev in self.events:
            what = (
                # Translators: a history event in the list: its kind, then its own title
                _("{kind} – {title}", kind=kind_label(ev.kind), title=ev.title)
                if ev.title
                else kind_label(ev.kind)
            )
            cells = (
                format_event_date(ev),
                what,
                where_text(ev),
                _one_line(ev.details),
                _one_line(ev.outcome),
            )
            rows.append(cells)
            tips.append((*cells[:3], ev.details, ev.outcome))
        self.model.set_rows([ev.id for ev in self.events], rows, tips)
        self.list.show_empty()
        # the first row when nothing is kept: Enter and Delete work at once from the keyboard
        if not self.list.select(keep):
            self.list.select_near(0)
        self.update_actions()

    # -- actions ---------------------------------------------------------------------------
    def new_event(self) -> HistoryEditor | None:
        if self.ctx is None:
            return None
        return self._open_editor(None)

    def edit_selected(self) -> HistoryEditor | None:
        event_id = self.selected_id()
        if event_id is None or self.ctx is None:
            return None
        event = next(e for e in self.events if e.id == event_id)
        return self._open_editor(event)

    def _open_editor(self, event: HistoryEvent | None) -> HistoryEditor:
        from headache_diary.ui.history_editor import HistoryEditor

        assert self.ctx is not None
        editor = HistoryEditor(self.ctx, event, self.window(), today=self.today)
        self.open_editor(editor, self.list, _("History event saved"))
        return editor
