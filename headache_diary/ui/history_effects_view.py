"""The Analysis tab's "Neck history" section: what changed after each event.

Shows a snapshot's ``history_effects`` with the wording the PDF and the CLI use
(``analysis.history_wording``): for each event its before/after windows as a small
table, then every caveat (approximate date, short window, days without an entry, other
events nearby), and DESIGN.md's one list of what a diary cannot show and what the history
can inform. Pure display: the figures come computed in the snapshot.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from headache_diary.analysis.history_wording import (
    DESCRIPTIVE_NOTE,
    EFFECT_COLUMNS,
    NECK_INJURY_NOTE,
    effect_notes,
    effect_sentences,
    effect_table,
    has_neck_injury,
    limit_lines,
    without_figures,
)
from headache_diary.analysis.results import AnalysisSnapshot
from headache_diary.i18n import N_, _
from headache_diary.ui.theme import heading

# marked for translation: shown with _()
HEADING = N_("Neck history: before and after each event")
NO_HISTORY = N_(
    "No neck history recorded. Add what was done about the neck (an injury, imaging, a "
    "nerve block, physiotherapy) and when these headaches began on the History tab; this "
    "section then shows how your record changed after each event."
)
_MUTED = "color: palette(placeholder-text);"  # i18n: style sheet


def _list(items: list[str], style: str = "") -> str:
    lis = "".join(f"<li style='margin-bottom:2px'>{escape(s)}</li>" for s in items)
    return f"<ul style='margin-left:-20px; {style}'>{lis}</ul>"


def section_html(snapshot: AnalysisSnapshot) -> str:
    """The section's body as Qt rich text."""
    parts: list[str] = []
    if not snapshot.history:
        parts.append(f"<p>{escape(_(NO_HISTORY))}</p>")
    else:
        parts.append(f"<p style='{_MUTED}'>{escape(_(DESCRIPTIVE_NOTE))}</p>")
        head = "".join(
            f"<th align='{'left' if i == 0 else 'right'}'>{escape(_(c))}</th>"
            for i, c in enumerate(EFFECT_COLUMNS)
        )
        for effect, _name, rows in effect_table(snapshot.history_effects):
            sentence = effect_sentences(effect, counts=False)[0]
            body = "".join(
                "<tr>"
                + "".join(
                    f"<td align='{'left' if i == 0 else 'right'}'>{escape(c)}</td>"
                    for i, c in enumerate(row)
                )
                + "</tr>"
                for row in rows
            )
            parts.append(f"<p style='margin-bottom:2px'><b>{escape(sentence)}</b></p>")
            parts.append(
                "<table cellspacing='0' cellpadding='3' border='0' style='margin-left:12px'>"
                f"<tr>{head}</tr>{body}</table>"
            )
            notes = effect_notes(effect)
            if notes:
                parts.append(_list(notes, _MUTED))
        rest = without_figures(snapshot.history_effects)
        if has_neck_injury(snapshot.history):
            rest.append(_(NECK_INJURY_NOTE))
        if rest:
            parts.append(_list(rest))
    limits = _("What a diary cannot show, and what the history can inform")
    parts.append(f"<p><b>{escape(limits)}</b></p>")
    parts.append(_list(limit_lines(), _MUTED))
    return "".join(parts)


class NeckHistorySection(QWidget):
    """Heading and body; :meth:`show_snapshot` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("neckHistorySection")
        self.heading = heading(_(HEADING))
        self.body = QLabel()
        self.body.setObjectName("neckHistoryLabel")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.heading)
        lay.addWidget(self.body)

    def show_snapshot(self, snapshot: AnalysisSnapshot) -> None:
        self.body.setText(section_html(snapshot))
        self.setVisible(True)

    def text(self) -> str:
        return self.body.text()
