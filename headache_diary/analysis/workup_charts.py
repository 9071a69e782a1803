"""The neck workup's charts, as matplotlib Figures (object API, never pyplot), in the look
of ``analysis.charts``:

- a relief curve per nerve block with a recorded block sheet: pain (0-10, left axis) and %
  relief (right axis) against the time after the block on a log-like axis (15 min to 24 h
  evenly spread; the pain before the block at the left), the 80 % bar and the span at or
  above it shaded. Facts only: the figure says nothing about ICHD-3 11.2.1 C4.
- a chart per instrument (or named score) with a score in the period: its totals over the
  period's months, the neck history marked (``analysis.timeline``, as on every time chart).

Importing this module imports matplotlib: only workers import it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from matplotlib.figure import Figure

from headache_diary import i18n
from headache_diary.analysis.charts import (
    ACCENT,
    BAR,
    FONT_SIZE,
    ON_TOP,
    _figure,
    _fix_fonts,
    _month_axis,
)
from headache_diary.analysis.results import AnalysisSnapshot, EventEffect
from headache_diary.analysis.timeline import MonthAxes, mark_figure, x_of
from headache_diary.analysis.workup import BlockResponse, series_order
from headache_diary.analysis.workup_wording import (
    block_effects,
    relief_chart_title,
    score_chart_title,
)
from headache_diary.domain.workup import RANGES, RELIEF_BAR_PCT, Score, format_after
from headache_diary.i18n import _

#: the time axis: each doubling of the time after the block one step (15 min at 0, 30
#: min at 1, 60 min at 2 ... 24 h at 6.6), times under 7.5 min (0 min) at -1, and the pain
#: before the block one step left of the first rating
SHORTEST = 7.5


def time_x(minutes: float) -> float:
    """Where ``minutes`` after the block stands on the log-like time axis."""
    return math.log2(max(minutes, SHORTEST) / 15)


RELIEF_COLOR = "#6a9a4b"


def iter_workup_charts(snapshot: AnalysisSnapshot) -> Iterator[tuple[str, Figure]]:
    """(title, Figure): the relief curves, then the score charts, each made when the one
    before has been taken."""
    for effect in block_effects(snapshot):
        yield relief_chart_title(effect), _relief_done(effect)
    workup = snapshot.workup
    if workup is None:
        return
    by_series: dict[tuple[str, str], list[Score]] = {}
    for s in workup.period_scores:
        by_series.setdefault(s.series, []).append(s)
    for key in sorted(by_series, key=series_order):
        instrument, name = key
        yield (
            score_chart_title(instrument, name),
            _score_done(snapshot, instrument, name, by_series[key]),
        )


def _relief_done(effect: EventEffect) -> Figure:
    fig = relief_figure(effect)
    _fix_fonts(fig)
    return fig


def _score_done(
    snapshot: AnalysisSnapshot, instrument: str, name: str, scores: list[Score]
) -> Figure:
    months: MonthAxes = {}
    fig = score_figure(snapshot, instrument, name, scores, months)
    mark_figure(fig, snapshot.history, months)  # the neck history on the time axis
    _fix_fonts(fig)
    return fig


def relief_figure(effect: EventEffect) -> Figure:
    response = effect.block_response
    assert response is not None
    fig, ax = _figure(relief_chart_title(effect), 3.2)
    _draw_relief(ax, response)
    return fig


def _draw_relief(ax_: Any, r: BlockResponse) -> None:
    xs = [time_x(x.after_minutes) for x in r.ratings]
    pains = [x.pain for x in r.ratings]
    before_x = min(xs, default=0.0) - 1.2
    if r.pain_before is not None:
        xs_line, pains_line = [before_x, *xs], [r.pain_before, *pains]
    else:
        xs_line, pains_line = xs, pains
    ticks = [*([before_x] if r.pain_before is not None else []), *xs]
    labels = [
        *([_("before")] if r.pain_before is not None else []),
        *[format_after(x.after_minutes) for x in r.ratings],
    ]
    if r.at_least_80_pct_from is not None and r.at_least_80_pct_until is not None:
        half = 0.12 if r.at_least_80_pct_from == r.at_least_80_pct_until else 0.0
        ax_.axvspan(
            time_x(r.at_least_80_pct_from) - half,
            time_x(r.at_least_80_pct_until) + half,
            color=RELIEF_COLOR,
            alpha=0.12,
            lw=0,
            label=_("at least {bar} relief", bar=i18n.format_percent(RELIEF_BAR_PCT)),
        )
    if xs_line:
        ax_.plot(xs_line, pains_line, color=BAR, marker="o", lw=1.6, label=_("pain (0-10)"))
        for x, p in zip(xs_line, pains_line, strict=True):
            ax_.text(x, p + 0.35, str(p), ha="center", va="bottom", fontsize=7, color=BAR, **ON_TOP)
    ax_.set_ylim(0, 11)
    ax_.set_yticks(range(0, 11, 2))
    ax_.set_ylabel(_("pain (0-10)"), fontsize=FONT_SIZE, color=BAR)
    ax_.set_xticks(ticks, labels, fontsize=7.5)
    lo = min(ticks, default=0.0) - 0.5
    hi = max(ticks, default=2.0) + 0.5
    ax_.set_xlim(lo, hi)
    ax_.set_xlabel(
        _("time after the block (log scale: each doubling of the time one step)"),
        fontsize=FONT_SIZE,
    )
    ax_.grid(axis="y", color="#e6e6e6")
    ax_.set_axisbelow(True)
    twin = ax_.twinx()
    twin.spines["top"].set_visible(False)
    twin.spines["right"].set_edgecolor(RELIEF_COLOR)
    twin.tick_params(axis="y", colors=RELIEF_COLOR, labelsize=8)
    relief = [
        (time_x(x.after_minutes), x.relief_pct) for x in r.ratings if x.relief_pct is not None
    ]
    if relief:
        twin.plot(
            [x for x, _v in relief],
            [v for _x, v in relief],
            color=RELIEF_COLOR,
            marker="s",
            markersize=4,
            lw=1.2,
            ls="--",
            label=_("relief (%)"),
        )
        twin.axhline(RELIEF_BAR_PCT, color=ACCENT, lw=0.9, ls=":")
        twin.text(
            0.01,
            RELIEF_BAR_PCT + 2,
            i18n.format_percent(RELIEF_BAR_PCT),
            transform=twin.get_yaxis_transform(),
            ha="left",
            va="bottom",
            fontsize=7,
            color=ACCENT,
        )
    else:
        twin.text(
            0.5,
            0.9,
            _("No relief can be computed without a pain before the block above 0."),
            transform=twin.transAxes,
            ha="center",
            fontsize=7,
            color="#555",
        )
    twin.set_ylim(-10, 110)
    twin.set_yticks(range(0, 101, 20))
    twin.set_ylabel(_("relief (%)"), fontsize=8, color=RELIEF_COLOR)
    handles, texts = [], []
    for axis in (ax_, twin):
        h, t = axis.get_legend_handles_labels()
        handles += h
        texts += t
    if handles:
        ax_.figure.legend(
            handles,
            texts,
            loc="outside lower center",  # i18n: matplotlib
            fontsize=8,
            frameon=False,
            ncols=3,
        )


def score_figure(
    snapshot: AnalysisSnapshot,
    instrument: str,
    name: str,
    scores: list[Score],
    month_axes: MonthAxes,
) -> Figure:
    """The totals of one instrument over the period's months (categories, as the other
    time charts), each written above its point."""
    fig, ax = _figure(score_chart_title(instrument, name), 2.8)
    months = snapshot.period.months()
    _month_axis(ax, months, month_axes)
    points = [(x_of(s.date, months), s) for s in sorted(scores, key=lambda s: s.date)]
    shown = [(x, s) for x, s in points if x is not None]
    xs = [x for x, _s in shown]
    totals = [float(s.total) for _x, s in shown]
    ax.plot(xs, totals, color=BAR, marker="o", lw=1.4)
    low, high = RANGES.get(instrument, (0, None))
    top = float(high) if high is not None else max(totals, default=1) * 1.2 + 1
    for x, s in shown:
        label = i18n.format_number(s.total) if isinstance(s.total, float) else str(s.total)
        ax.text(
            x,
            float(s.total) + top * 0.03,
            label,
            ha="center",
            va="bottom",
            fontsize=7,
            color="#333",
            **ON_TOP,
        )
    ax.set_ylim(low, top * 1.12)
    if high is not None:
        ax.set_ylabel(_("total ({low}-{high})", low=str(low), high=str(high)), fontsize=FONT_SIZE)
    else:
        ax.set_ylabel(_("total"), fontsize=FONT_SIZE)
    if instrument == "ndi":  # the NDI in % too (total x 2)
        pct = ax.secondary_yaxis("right", functions=(lambda v: v * 2, lambda v: v / 2))
        pct.set_ylabel("%", fontsize=8)
        pct.tick_params(labelsize=8)
    ax.grid(axis="y", color="#e6e6e6")
    ax.set_axisbelow(True)
    return fig
