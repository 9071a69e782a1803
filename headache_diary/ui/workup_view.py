"""The Analysis tab's "Neck workup" section: each nerve block's response (its sheet, the
ICHD-3 11.2.1 C4 sentence, the ratings with their % relief, the facts, the before/after
headache days) beside its relief curve, the latest scores with their change, and the
monthly neck stiffness. The wording is ``analysis.workup_wording``'s, the same the PDF and
the CLI use; the relief curves come drawn with the other charts (``ui.chart_images``) and
are taken out of them here by their titles. Facts only, never "C4 met". Hidden when the
diary holds no block sheet, no score of the period and no stiffness rating."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from headache_diary.analysis.history_wording import effect_sentences
from headache_diary.analysis.results import AnalysisSnapshot
from headache_diary.analysis.workup_wording import (
    BETWEEN_RATINGS,
    C4_SENTENCE,
    HEADING,
    NO_SCORE_TEXT,
    RATING_COLUMNS,
    SCORE_COLUMNS,
    SCORES_HEADING,
    STIFFNESS_HEADING,
    block_effects,
    block_sheet,
    block_title,
    latest_rows,
    rating_rows,
    relief_chart_title,
    response_facts,
    stiffness_month_texts,
    stiffness_sentence,
)
from headache_diary.i18n import _
from headache_diary.ui.theme import heading

if TYPE_CHECKING:
    from headache_diary.ui.chart_images import ChartImage

_MUTED = "color: palette(placeholder-text);"  # i18n: style sheet


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(
        f"<th align='{'left' if i == 0 else 'right'}'>{escape(c)}</th>"
        for i, c in enumerate(columns)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td align='{'left' if i == 0 else 'right'}'>{escape(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        "<table cellspacing='0' cellpadding='3' border='0' style='margin-left:12px'>"
        f"<tr>{head}</tr>{body}</table>"
    )


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def scores_html(snapshot: AnalysisSnapshot) -> str:
    """The latest scores and neck stiffness ("" when the period has neither)."""
    workup = snapshot.workup
    if workup is None:
        return ""
    parts = []
    latest = workup.latest(snapshot.period)
    if latest:
        parts.append(f"<p style='margin-bottom:2px'><b>{escape(_(SCORES_HEADING))}</b></p>")
        parts.append(_table([_(c) for c in SCORE_COLUMNS], latest_rows(latest)))
        parts.append(f"<p style='{_MUTED}'>{escape(_(NO_SCORE_TEXT))}</p>")
    stiffness = stiffness_sentence(workup.neck_stiffness)
    if stiffness:
        parts.append(f"<p style='margin-bottom:2px'><b>{escape(_(STIFFNESS_HEADING))}</b></p>")
        months = "; ".join(stiffness_month_texts(workup.neck_stiffness))
        parts.append(f"<p>{escape(stiffness)}<br>{escape(months)}</p>")
    return "".join(parts)


def block_html(snapshot: AnalysisSnapshot, index: int) -> str:
    """The ``index``-th recorded block: title, sheet, ratings table, facts, before/after."""
    effect = block_effects(snapshot)[index]
    response = effect.block_response
    assert response is not None and effect.event.block is not None
    parts = [f"<p style='margin-bottom:2px'><b>{escape(block_title(effect))}</b></p>"]
    sheet = block_sheet(effect.event.block)
    if sheet:
        parts.append(f"<p>{escape(' '.join(sheet))}</p>")
    rows = rating_rows(response)
    if rows:
        parts.append(_table([_(c) for c in RATING_COLUMNS], rows))
    facts = "".join(f"<li>{escape(s)}</li>" for s in response_facts(response))
    parts.append(f"<ul style='margin-left:-20px'>{facts}</ul>")
    if effect.date is not None and effect.has_figures:
        parts.append(f"<p>{escape(effect_sentences(effect, counts=False)[0])}</p>")
    return "".join(parts)


class WorkupSection(QWidget):
    """Heading, the scores and stiffness, then a text and relief curve per block."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workupSection")
        self.heading = heading(_(HEADING))
        self.scores_label = _label("workupScores")
        self.c4_label = _label("workupC4")
        self.c4_label.setText(
            f"<p><b>{escape(_(C4_SENTENCE))}</b></p>"
            f"<p style='{_MUTED}'>{escape(_(BETWEEN_RATINGS))}</p>"
        )
        self.blocks_box = QVBoxLayout()
        self.block_labels: list[QLabel] = []
        self.curve_labels: list[QLabel] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.heading)
        lay.addWidget(self.scores_label)
        lay.addWidget(self.c4_label)
        lay.addLayout(self.blocks_box)
        self.setVisible(False)

    def show_snapshot(
        self, snapshot: AnalysisSnapshot, charts: Sequence[ChartImage]
    ) -> list[ChartImage]:
        """Fill the section; returns the charts that are not its relief curves."""
        for old in (*self.block_labels, *self.curve_labels):
            self.blocks_box.removeWidget(old)
            old.deleteLater()
        self.block_labels, self.curve_labels = [], []
        effects = block_effects(snapshot)
        titles = {relief_chart_title(e): i for i, e in enumerate(effects)}
        curves = {titles[c.title]: c for c in charts if c.title in titles}
        for i in range(len(effects)):
            text = _label("workupBlock")
            text.setText(block_html(snapshot, i))
            self.blocks_box.addWidget(text)
            self.block_labels.append(text)
            chart = curves.get(i)
            if chart is not None:
                curve = QLabel()
                curve.setObjectName("reliefCurve")
                curve.setPixmap(QPixmap.fromImage(chart.image))
                curve.setAccessibleName(chart.title)
                curve.setToolTip(chart.title)
                curve.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
                curve.setFixedHeight(round(chart.image.height() / chart.image.devicePixelRatio()))
                self.blocks_box.addWidget(curve)
                self.curve_labels.append(curve)
        scores = scores_html(snapshot)
        self.scores_label.setText(scores)
        self.scores_label.setVisible(bool(scores))
        self.c4_label.setVisible(bool(effects))
        self.setVisible(bool(scores or effects))
        return [c for c in charts if c.title not in titles]

    def text(self) -> str:
        return "\n".join(
            [self.scores_label.text(), self.c4_label.text()]
            + [lab.text() for lab in self.block_labels]
        )
