"""The episode list as a lazily paged Qt table model.

The model never holds every episode: it knows the row count and keeps a few pages of
:class:`~headache_diary.domain.listing.ListItem` values (plain frozen dataclasses, never
ORM objects) fetched on demand through ``services.episodes``. Each fetch is its own short
unit of work, so nothing outlives a Qt event. ``refresh()`` re-counts and drops the cache
after any change.

A failure while the view paints (the diary became unreadable, the disk went away) must not
escape into Qt's paint code: the model then shows empty cells and emits ``failed`` once
with the readable message, until the next successful read.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from headache_diary.context import AppContext
from headache_diary.domain import vocab
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.listing import ListItem
from headache_diary.i18n import _, pgettext
from headache_diary.ui.formatting import (
    format_codes,
    format_duration,
    format_intensity,
    format_start,
    zone_suffix,
)

COLUMNS = ("start", "duration", "side", "intensity", "triggers", "neck_position")  # i18n: keys


def column_titles() -> tuple[str, ...]:
    """The columns' headers in the current language."""
    return (
        pgettext("column", "Start"),
        pgettext("column", "Duration"),
        pgettext("column", "Side"),
        pgettext("column", "Intensity"),
        pgettext("column", "Triggers"),
        pgettext("column", "Neck position"),
    )


COL_START, COL_DURATION, COL_SIDE, COL_INTENSITY, COL_TRIGGERS, COL_NECK = range(6)

#: rows per page fetched from the database, and how many pages stay cached
PAGE_SIZE = 200
MAX_PAGES = 16

#: role returning the episode id of a row
IdRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class EpisodeListModel(QAbstractTableModel):
    #: a read failed; the argument is the readable message (emitted once per failure run)
    failed = Signal(str)

    def __init__(self, ctx: AppContext | None, home_zone: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._home_zone = home_zone
        self._count = 0
        self._pages: OrderedDict[int, list[ListItem]] = OrderedDict()
        self._failing = False
        #: how many pages were read from the database (for tests and benchmarks)
        self.pages_fetched = 0
        self._count = self._query_count()

    # -- data access ---------------------------------------------------------------
    def _read(self, work: Any, default: Any) -> Any:
        """``work(ctx)``, or ``default`` after reporting a failure through ``failed``."""
        if self._ctx is None:  # the diary is still being opened
            return default
        from headache_diary.services import episodes  # SQLAlchemy: after the window shows

        try:
            value = work(episodes, self._ctx)
        except DiaryError as exc:
            if not self._failing:
                self._failing = True
                self.failed.emit(str(exc))
            return default
        self._failing = False
        return value

    def _query_count(self) -> int:
        return int(self._read(lambda svc, ctx: svc.count_episodes(ctx), 0))

    def set_context(self, ctx: AppContext | None) -> None:
        self._ctx = ctx
        if ctx is not None:
            self._home_zone = ctx.zone
        self.refresh()

    def refresh(self) -> None:
        """Re-read the count and forget cached pages (call after any change)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self._query_count()
        self.endResetModel()

    def item(self, row: int) -> ListItem | None:
        if not 0 <= row < self._count:
            return None
        page_no, pos = divmod(row, PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            fetched = self._read(
                lambda svc, ctx: svc.list_page(ctx, page_no * PAGE_SIZE, PAGE_SIZE), None
            )
            if fetched is None:
                return None
            page = fetched
            self.pages_fetched += 1
            self._pages[page_no] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[pos] if pos < len(page) else None

    def record_id(self, row: int) -> str | None:
        found = self.item(row)
        return None if found is None else found.id

    def row_of(self, episode_id: str) -> int | None:
        """The row showing ``episode_id`` (one counting query), or None."""
        return self._read(lambda svc, ctx: svc.list_position(ctx, episode_id), None)

    # -- Qt model interface ----------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return column_titles()[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
            IdRole,
        ):
            return None
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == COL_INTENSITY:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        it = self.item(index.row())
        if it is None:
            return None
        if role == IdRole:
            return it.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_START:
                zone = it.started_at.tzinfo
                key = getattr(zone, "key", None) or it.started_at.tzname() or ""
                return _("Recorded in time zone {zone}", zone=key)
            if col == COL_TRIGGERS and it.triggers:
                return format_codes(it.triggers)
            return None
        if col == COL_START:
            key = getattr(it.started_at.tzinfo, "key", None) or it.started_at.tzname() or ""
            return format_start(it.started_at) + zone_suffix(it.started_at, key, self._home_zone)
        if col == COL_DURATION:
            return format_duration(it.duration)
        if col == COL_SIDE:
            return vocab.label(it.side)
        if col == COL_INTENSITY:
            return format_intensity(it.intensity)
        if col == COL_TRIGGERS:
            return format_codes(it.triggers)
        if col == COL_NECK:
            return vocab.label(it.neck_position)
        return None
