"""The episode list as a lazily paged Qt table model.

The model never holds every episode: it knows the row count and keeps a few pages of
:class:`~headache_diary.storage.repository.ListItem` values (plain frozen dataclasses,
never ORM objects) fetched on demand with ``repository.list_page``. Each fetch opens its
own short session, so no session outlives a Qt event. ``refresh()`` re-counts and drops the
cache after any change.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from headache_diary.domain import vocab
from headache_diary.ui.formatting import (
    format_codes,
    format_duration,
    format_intensity,
    format_start,
    zone_suffix,
)

if TYPE_CHECKING:
    # storage (SQLAlchemy) is imported when the first query runs, not with this module:
    # the window shows before the diary opens
    from headache_diary.storage.db import Diary
    from headache_diary.storage.repository import ListItem

COLUMNS = ("Start", "Duration", "Side", "Intensity", "Triggers", "Neck position")
COL_START, COL_DURATION, COL_SIDE, COL_INTENSITY, COL_TRIGGERS, COL_NECK = range(6)

#: rows per page fetched from the database, and how many pages stay cached
PAGE_SIZE = 200
MAX_PAGES = 16

#: role returning the episode id of a row
IdRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class EpisodeListModel(QAbstractTableModel):
    def __init__(self, diary: Diary | None, home_zone: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._diary = diary
        self._home_zone = home_zone
        self._count = 0
        self._pages: OrderedDict[int, list[ListItem]] = OrderedDict()
        #: how many pages were read from the database (for tests and benchmarks)
        self.pages_fetched = 0
        self._count = self._query_count()

    # -- data access ---------------------------------------------------------------
    def _query_count(self) -> int:
        if self._diary is None:  # the diary is still being opened
            return 0
        from headache_diary.storage import repository

        with self._diary.session() as s:
            return repository.count_episodes(s)

    def set_diary(self, diary: Diary) -> None:
        self._diary = diary
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
            from headache_diary.storage import repository

            assert self._diary is not None
            with self._diary.session() as s:
                page = repository.list_page(s, page_no * PAGE_SIZE, PAGE_SIZE)
            self.pages_fetched += 1
            self._pages[page_no] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[pos] if pos < len(page) else None

    def episode_id(self, row: int) -> str | None:
        found = self.item(row)
        return None if found is None else found.id

    def row_of(self, episode_id: str) -> int | None:
        """The row showing ``episode_id`` (one counting query), or None."""
        from headache_diary.storage import repository

        if self._diary is None:
            return None
        with self._diary.session() as s:
            return repository.list_position(s, episode_id)

    # -- Qt model interface ----------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
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
                return f"Recorded in time zone {key}"
            if col == COL_TRIGGERS and it.triggers:
                return format_codes(it.triggers)
            return None
        if col == COL_START:
            key = getattr(it.started_at.tzinfo, "key", None) or it.started_at.tzname() or ""
            return format_start(it.started_at) + zone_suffix(it.started_at, key, self._home_zone)
        if col == COL_DURATION:
            return format_duration(None if it.ended_at is None else it.ended_at - it.started_at)
        if col == COL_SIDE:
            return vocab.label(it.side)
        if col == COL_INTENSITY:
            return format_intensity(it.intensity)
        if col == COL_TRIGGERS:
            return format_codes(it.triggers)
        if col == COL_NECK:
            return vocab.label(it.neck_position)
        return None
