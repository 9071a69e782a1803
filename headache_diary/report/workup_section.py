"""The PDF's neck workup: the latest scores with their change and the monthly neck
stiffness (on page 1 or 2, right after the summary), and each nerve block's response
after the neck history (its sheet, the ICHD-3 11.2.1 C4 sentence, the ratings with their %
relief, the facts, the before/after headache days and the relief curve). Content as plain
data (:func:`workup_content`, no Qt) and its layout (:func:`layout_scores`,
:func:`layout_blocks`); the wording is ``analysis.workup_wording``'s, the same the GUI and
the CLI use. Facts only, never "C4 met". The score charts join the report's charts
(:func:`score_charts`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from headache_diary.analysis.history_wording import effect_sentences
from headache_diary.analysis.results import AnalysisSnapshot, EventEffect
from headache_diary.analysis.workup_wording import (
    BETWEEN_RATINGS,
    BLOCKS_HEADING,
    C4_SENTENCE,
    HEADING,
    NO_SCORE_TEXT,
    RATING_COLUMNS,
    SCORE_COLUMNS,
    block_effects,
    block_sheet,
    block_title,
    latest_rows,
    rating_rows,
    response_facts,
    stiffness_month_texts,
    stiffness_sentence,
)
from headache_diary.i18n import _

if TYPE_CHECKING:  # the content is made without Qt; only the layout needs it
    from matplotlib.figure import Figure

    from headache_diary.report.layout import Layout

#: the relief curve's size in the PDF (inches)
CURVE_WIDTH_IN = 6.6
CURVE_HEIGHT_IN = 3.0


@dataclass
class BlockReport:
    title: str
    sheet: str
    rows: list[tuple[str, ...]]
    facts: list[str]
    before_after: str
    #: the relief curve as SVG, and its width / height
    svg: bytes = b""
    aspect: float = 2.0


@dataclass
class WorkupReport:
    """The sections' content, already worded."""

    score_rows: list[tuple[str, ...]] = field(default_factory=list)
    stiffness: str = ""
    stiffness_months: list[str] = field(default_factory=list)
    blocks: list[BlockReport] = field(default_factory=list)

    @property
    def has_scores_part(self) -> bool:
        return bool(self.score_rows or self.stiffness)


def _relief_svg(effect: EventEffect) -> tuple[bytes, float]:
    """The block's relief curve as SVG (matplotlib loads here, as for the other charts)."""
    from headache_diary.analysis.charts import figure_svg_bytes
    from headache_diary.analysis.workup_charts import relief_figure

    fig = relief_figure(effect)
    fig.set_size_inches(CURVE_WIDTH_IN, CURVE_HEIGHT_IN)
    return figure_svg_bytes(fig), CURVE_WIDTH_IN / CURVE_HEIGHT_IN


def workup_content(snapshot: AnalysisSnapshot, *, with_curves: bool = True) -> WorkupReport | None:
    """The report's neck workup; None when there is nothing of it in the period (no score,
    no stiffness rating, no block sheet): the report then has no such section."""
    workup = snapshot.workup
    out = WorkupReport()
    if workup is not None:
        out.score_rows = list(latest_rows(workup.latest(snapshot.period)))
        out.stiffness = stiffness_sentence(workup.neck_stiffness)
        out.stiffness_months = stiffness_month_texts(workup.neck_stiffness)
    for effect in block_effects(snapshot):
        response = effect.block_response
        assert response is not None and effect.event.block is not None
        before_after = ""
        if effect.date is not None and effect.has_figures:
            before_after = effect_sentences(effect, counts=False)[0]
        report = BlockReport(
            title=block_title(effect),
            sheet=" ".join(block_sheet(effect.event.block)),
            rows=list(rating_rows(response)),
            facts=response_facts(response),
            before_after=before_after,
        )
        if with_curves and response.ratings:
            report.svg, report.aspect = _relief_svg(effect)
        out.blocks.append(report)
    if not out.has_scores_part and not out.blocks:
        return None
    return out


def score_charts(snapshot: AnalysisSnapshot) -> list[tuple[str, Figure]]:
    """(title, Figure) of each score chart (the relief curves are in the section)."""
    from headache_diary.analysis.workup_charts import iter_workup_charts  # matplotlib
    from headache_diary.analysis.workup_wording import relief_chart_title

    relief = {relief_chart_title(e) for e in block_effects(snapshot)}
    return [(t, f) for t, f in iter_workup_charts(snapshot) if t not in relief]


def layout_scores(lay: Layout, content: WorkupReport) -> None:
    """The latest scores and the neck stiffness (right after the summary)."""
    from headache_diary.report.layout import MUTED, font

    if not content.has_scores_part:
        return
    lay.heading(_("Scores and neck stiffness"), size=11.5, keep_with=50)
    if content.score_rows:
        lay.table(
            tuple(_(c) for c in SCORE_COLUMNS),
            content.score_rows,
            (2.6, 1.4, 1.4, 2.4, 1.8),
            size=8.5,
            fit=(False, True, True, False, False),
        )
        lay.gap(2)
        lay.paragraph(_(NO_SCORE_TEXT), font(8), color=MUTED, after=3)
    if content.stiffness:
        text = content.stiffness
        if content.stiffness_months:
            text += " " + _("Monthly means: {months}.", months="; ".join(content.stiffness_months))
        lay.paragraph(text, font(9.5), after=3)


def layout_blocks(lay: Layout, content: WorkupReport, check: Callable[[], None]) -> None:
    """Each block's response with its relief curve (after the neck history)."""
    from headache_diary.report.layout import MM, MUTED, RESOLUTION, font

    if not content.blocks:
        return
    lay.heading(f"{_(HEADING)}: {_(BLOCKS_HEADING)}", keep_with=90)
    lay.paragraph(_(C4_SENTENCE), font(9, bold=True), after=2)
    lay.paragraph(_(BETWEEN_RATINGS), font(8), color=MUTED, after=3)
    for block in content.blocks:
        check()
        lay.heading(block.title, size=10.5, keep_with=120)
        if block.sheet:
            lay.paragraph(block.sheet, font(9), after=2)
        if block.rows:
            lay.table(
                tuple(_(c) for c in RATING_COLUMNS),
                block.rows,
                (1.6, 1.2, 1.2),
                size=8,
                fit=(True, True, True),
            )
            lay.gap(2)
        lay.bullets(block.facts, font(9), after=1)
        if block.before_after:
            lay.paragraph(block.before_after, font(8.5), indent=4 * MM, after=3)
        if block.svg:
            lay.svg(
                block.svg, block.aspect, max_w=CURVE_WIDTH_IN * RESOLUTION, max_h=lay.height * 0.4
            )
            lay.gap(6)
