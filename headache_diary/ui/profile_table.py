"""The feature profile as a table: a group row per published source, a row per feature with
its count and denominator, notes wrapped under the feature, the table as tall as its rows
(the Analysis tab scrolls as a whole)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from headache_diary.analysis.results import ProfileGroup
from headache_diary.analysis.wording import profile_value
from headache_diary.i18n import _, pgettext


class ProfileTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setObjectName("profileTable")
        self.setHorizontalHeaderLabels(
            [
                pgettext("column", "Feature"),
                pgettext("column", "Episodes"),
                pgettext("column", "Reference"),
            ]
        )
        self.setAccessibleName(_("Feature profile"))
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # notes wrap under their feature: rows grow with their text
        self.setWordWrap(True)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.sectionResized.connect(lambda *_: self.fit_height())
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustIgnored)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, self.fontMetrics().horizontalAdvance("x" * 34))

    def fill(self, groups: list[ProfileGroup]) -> None:
        self.clearSpans()
        self.setRowCount(sum(1 + len(g.features) for g in groups))
        bold = QFont(self.font())
        bold.setBold(True)
        r = 0
        for g in groups:
            item = QTableWidgetItem(g.label)
            item.setFont(bold)
            item.setToolTip(g.criterion)
            self.setItem(r, 0, item)
            ref = QTableWidgetItem(g.criterion)
            ref.setFont(bold)
            self.setItem(r, 2, ref)
            blank = QTableWidgetItem("")
            self.setItem(r, 1, blank)
            for cell in (item, blank, ref):
                cell.setBackground(self.palette().alternateBase())
            self.setSpan(r, 0, 1, 2)
            r += 1
            for f in g.features:
                indent = "    "  # i18n: an indent
                text = indent + f.label + (f"\n{indent}({f.note})" if f.note else "")
                label = QTableWidgetItem(text)
                label.setToolTip(f.label)
                count = QTableWidgetItem(profile_value(f))
                # Translators: a count's tooltip; {what} is what it is out of, e.g.
                # "episodes with a known side"
                count.setToolTip(_("of {what}", what=f.of))
                self.setItem(r, 0, label)
                self.setItem(r, 1, count)
                self.setItem(r, 2, QTableWidgetItem(f.criterion))
                r += 1
        self.resizeRowsToContents()
        self.fit_height()

    def fit_height(self) -> None:
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(i) for i in range(self.rowCount()))
        self.setFixedHeight(height)
