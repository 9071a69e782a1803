"""File > Restore backup…: the backups with their date, kind and episode count; restoring
one replaces the diary after a confirmation, and the diary as it was is kept as a backup
first (``services.diary.restore``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from headache_diary import i18n
from headache_diary.i18n import N_, _, ngettext, pgettext
from headache_diary.ui.screen import fit_to_screen

if TYPE_CHECKING:
    from headache_diary.services.diary import BackupInfo

#: the kinds of backup (translated where shown)
KIND_LABELS = {
    # Translators: a kind of backup: made automatically once a day
    "daily": N_("Daily"),
    "manual": N_("Made by you"),
    "before-restore": N_("Before a restore"),
    "before-upgrade": N_("Before an upgrade"),
}


def describe(b: BackupInfo) -> str:
    """``3 Dec 2026, 14:05``: the moment a backup was made, in this computer's time (the
    locale's date and time, joined as the locale joins them)."""
    created = b.created
    return i18n.facts().datetime.format(i18n.format_time(created), i18n.format_date(created.date()))


def kind_text(b: BackupInfo) -> str:
    """The backup's kind in the current language, with the schema it was upgraded from."""
    kind = _(KIND_LABELS[b.kind]) if b.kind in KIND_LABELS else b.kind
    if b.upgraded_from:
        # Translators: a backup's kind, then the diary's schema version it was made from
        return _("{kind} (schema {schema})", kind=kind, schema=str(b.upgraded_from))
    return kind


def episodes_text(b: BackupInfo) -> str:
    # Translators: in the backups table's Episodes column: the backup could not be read
    return _("cannot be read") if b.episodes is None else i18n.format_int(b.episodes)


def episodes_phrase(b: BackupInfo) -> str:
    """``1 episode``, ``12,345 episodes``, or that they cannot be counted."""
    if b.episodes is None:
        return _("its episodes cannot be counted")
    return ngettext("{count} episode", "{count} episodes", b.episodes)


class RestoreDialog(QDialog):
    """Choose a backup; ``chosen()`` after it was accepted."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Restore a backup"))
        self.backups = backups
        note = QLabel(
            _(
                "Choose the backup to go back to. Your diary as it is now is kept as a backup "
                "first, so a restore can be undone the same way."
            )
        )
        note.setWordWrap(True)
        self.table = QTableWidget(len(backups), 3)
        self.table.setAccessibleName(_("Backups, newest first"))
        self.table.setHorizontalHeaderLabels(
            [
                # Translators: column headers of the backups table: when it was made, its
                # kind, and how many episodes it holds
                pgettext("backup", "Made"),
                pgettext("backup", "Kind"),
                pgettext("backup", "Episodes"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for row, b in enumerate(backups):
            cells = (describe(b), kind_text(b), episodes_text(b))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        self.empty = QLabel(_("There are no backups yet."))
        self.empty.setVisible(not backups)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.restore_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setText(_("&Restore…"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._update)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty)
        lay.addWidget(self.buttons)
        if backups:
            self.table.selectRow(0)
        self._update()
        fit_to_screen(self, 620, 460)

    def _update(self) -> None:
        chosen = self.chosen()
        self.restore_button.setEnabled(chosen is not None and chosen.episodes is not None)

    def chosen(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None
