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

from headache_diary.domain.text import format_date
from headache_diary.ui.screen import fit_to_screen

if TYPE_CHECKING:
    from headache_diary.services.diary import BackupInfo

KIND_LABELS = {
    "daily": "Daily",
    "manual": "Made by you",
    "before-restore": "Before a restore",
    "before-upgrade": "Before an upgrade",
}


def describe(b: BackupInfo) -> str:
    """``3 Dec 2026 14:05``: the moment a backup was made, in this computer's time."""
    return f"{format_date(b.created.date())} {b.created:%H:%M}"


def episodes_text(b: BackupInfo) -> str:
    return "cannot be read" if b.episodes is None else f"{b.episodes:,}"


def episodes_phrase(b: BackupInfo) -> str:
    """``1 episode``, ``12,345 episodes``, or that they cannot be counted."""
    if b.episodes is None:
        return "its episodes cannot be counted"
    return f"{b.episodes:,} episode{'' if b.episodes == 1 else 's'}"


class RestoreDialog(QDialog):
    """Choose a backup; ``chosen()`` after it was accepted."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore a backup")
        self.backups = backups
        note = QLabel(
            "Choose the backup to go back to. Your diary as it is now is kept as a backup "
            "first, so a restore can be undone the same way."
        )
        note.setWordWrap(True)
        self.table = QTableWidget(len(backups), 3)
        self.table.setAccessibleName("Backups, newest first")
        self.table.setHorizontalHeaderLabels(["Made", "Kind", "Episodes"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for row, b in enumerate(backups):
            kind = KIND_LABELS.get(b.kind, b.kind)
            if b.upgraded_from:
                kind += f" (schema {b.upgraded_from})"
            cells = (describe(b), kind, episodes_text(b))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        self.empty = QLabel("There are no backups yet.")
        self.empty.setVisible(not backups)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.restore_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setText("&Restore…")
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
