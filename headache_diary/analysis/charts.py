"""Charts of the summary as matplotlib Figures, built without pyplot.

The GUI embeds them with ``backend_qtagg``; the PDF draws them as SVG through
QSvgRenderer (render with ``svg.fonttype = "none"``, see :data:`SVG_RC`). Text uses DejaVu
Sans, the font matplotlib ships, so no chart depends on the fonts of the computer. Every
Figure carries its own title. Importing this module imports matplotlib: only the Analysis
view (on first show) and the report import it.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import matplotlib
import matplotlib.dates as mdates
from matplotlib.figure import Figure
from matplotlib.text import Text

from headache_diary.analysis import queries as q
from headache_diary.analysis.snapshot import AnalysisSnapshot
from headache_diary.analysis.summary import Summary
from headache_diary.analysis.timeline import mark_charts
from headache_diary.domain import vocab

FONT = "DejaVu Sans"

#: rcParams every chart is built under (fonts are fixed on the Text objects at build time)
CHART_RC: dict[str, Any] = {
    "font.family": [FONT],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.edgecolor": "#666666",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "svg.fonttype": "none",
}
#: rcParams for saving a chart as SVG for QSvgRenderer (text stays text, in DejaVu Sans)
SVG_RC: dict[str, Any] = {"svg.fonttype": "none", "font.family": [FONT]}

SIDE_COLORS = {"left": "#3b6ea8", "right": "#d0742c", "both": "#6a9a4b", "unsure": "#a0a0a0"}
BAR = "#3b6ea8"
ACCENT = "#d0742c"
MUTED = "#b8b8b8"
SIZE = (6.4, 3.0)


def build_charts(snapshot: AnalysisSnapshot) -> list[tuple[str, Figure]]:
    """(title, Figure) for each chart of the snapshot; [] when the period has no episode.

    Pure: no database access, so it can run in a worker thread (matplotlib's object API,
    never pyplot).
    """
    summary = snapshot.summary
    if not summary.episodes:
        return []
    daily = snapshot.charts.daily_peaks
    with matplotlib.rc_context(CHART_RC):
        charts = [
            ("Side of the episodes", _sides(summary)),
            ("One-sided and movement-triggered episodes per month", _monthly_pct(summary)),
            ("Triggers", _triggers(summary)),
            ("Neck position at onset", _neck_positions(summary)),
            ("Headache days per month", _headache_days(summary)),
            ("Peak intensity over time", _intensity(daily)),
        ]
        mark_charts(charts, snapshot.history)  # the neck history on the time charts
        for _title, fig in charts:
            _fix_fonts(fig)
    return charts


def _figure(title: str, height: float = SIZE[1]) -> tuple[Figure, Any]:
    fig = Figure(figsize=(SIZE[0], height), layout="constrained", facecolor="white")
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    ax = fig.add_subplot()
    return fig, ax


def _fix_fonts(fig: Figure) -> None:
    """Pin DejaVu Sans on every text, including tick labels made later at draw time
    (new ticks copy the first tick's properties, so create that one now)."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            axis.get_major_ticks()
            axis.get_minor_ticks()
    for t in fig.findobj(Text):
        t.set_fontfamily(FONT)


def _message(ax: Any, message: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.45, message, ha="center", va="center", transform=ax.transAxes, color="#555")


def _hbars(ax: Any, labels: list[str], values: list[int], colors: list[str] | str) -> None:
    """Horizontal bars, first label on top, the count written at the end of each bar."""
    y = list(range(len(labels)))[::-1]
    ax.barh(y, values, color=colors, height=0.65)
    ax.set_yticks(y, labels)
    top = max(values) if values else 0
    for yi, v in zip(y, values, strict=True):
        ax.text(v + top * 0.01, yi, str(v), va="center", ha="left", fontsize=8, color="#333")
    ax.set_xlim(0, top * 1.12 + 0.5)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.tick_params(axis="y", length=0)


def _sides(summary: Summary) -> Figure:
    fig, ax = _figure("Side of the episodes", 2.4)
    side = summary.side
    _hbars(
        ax,
        [vocab.label(s) for s in vocab.SIDES],
        [side[s] for s in vocab.SIDES],
        [SIDE_COLORS[s] for s in vocab.SIDES],
    )
    ax.set_xlabel("episodes")
    return fig


def _month_dates(summary: Summary) -> list[date]:
    return [date.fromisoformat(m.month + "-01") for m in summary.monthly]


def _date_axis(ax: Any, months: list[date]) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if len(months) == 1:
        # a single month: a readable window around it rather than a degenerate axis
        ax.set_xlim(mdates.date2num(months[0]) - 20, mdates.date2num(months[0]) + 45)


def _monthly_pct(summary: Summary) -> Figure:
    fig, ax = _figure("One-sided and movement-triggered episodes per month")
    months = _month_dates(summary)
    mid = [m + timedelta(days=14) for m in months]  # a month's share belongs mid-month
    uni = [_nan(m.unilateral_pct) for m in summary.monthly]
    mov = [_nan(m.movement_triggered_pct) for m in summary.monthly]
    marker = "o" if len(months) <= 36 else None
    ax.plot(mid, uni, marker=marker, color=BAR, label="one-sided (of known side)")
    ax.plot(mid, mov, marker=marker, color=ACCENT, label="movement/posture-triggered")
    ax.set_ylim(-3, 103)
    ax.set_ylabel("% of episodes")
    ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(decimals=0))
    fig.legend(loc="outside upper right", fontsize=8, frameon=False, ncols=2)
    ax.grid(axis="y", color="#e6e6e6")
    _date_axis(ax, months)
    return fig


def _nan(x: float | None) -> float:
    return math.nan if x is None else x


def _triggers(summary: Summary) -> Figure:
    trig = {c: n for c, n in summary.triggers.items() if n}
    height = max(2.0, 0.9 + 0.28 * len(trig))
    fig, ax = _figure("Triggers", height)
    if not trig:
        _message(ax, "No triggers recorded in this period.")
        return fig
    codes = sorted(trig, key=lambda c: (-trig[c], vocab.TRIGGERS.index(c)))
    colors = [ACCENT if c in q.MOVEMENT + q.PRESSURE else BAR for c in codes]
    _hbars(ax, [vocab.label(c) for c in codes], [trig[c] for c in codes], colors)
    ax.set_xlabel("episodes (neck-related triggers in orange)")
    return fig


def _neck_positions(summary: Summary) -> Figure:
    pos = summary.neck_positions
    codes = [c for c in vocab.NECK_POSITIONS if pos.get(c)]
    codes.sort(key=lambda c: -pos[c])
    if pos.get("not_recorded"):
        codes.append("not_recorded")
    height = max(2.0, 0.9 + 0.28 * len(codes))
    fig, ax = _figure("Neck position at onset", height)
    labels = ["Not recorded" if c == "not_recorded" else vocab.label(c) for c in codes]
    colors = [MUTED if c in ("not_recorded", "unknown") else BAR for c in codes]
    _hbars(ax, labels, [pos[c] for c in codes], colors)
    ax.set_xlabel("episodes")
    return fig


def _headache_days(summary: Summary) -> Figure:
    fig, ax = _figure("Headache days per month")
    months = _month_dates(summary)
    days = [m.headache_days for m in summary.monthly]
    width = 20 if len(months) <= 48 else 25
    ax.bar(months, days, width=width, color=BAR, align="edge")
    ax.axhline(15, color=ACCENT, linewidth=1, linestyle="--")
    ax.text(
        1.0, 15, " 15", transform=ax.get_yaxis_transform(), va="center", fontsize=8, color=ACCENT
    )
    ax.set_ylim(0, max(31, max(days, default=0)) + 1)
    ax.set_ylabel("days")
    ax.grid(axis="y", color="#e6e6e6")
    ax.set_axisbelow(True)
    _date_axis(ax, months)
    return fig


def _intensity(daily: list[tuple[date, int, int]]) -> Figure:
    fig, ax = _figure("Peak intensity over time")
    if not daily:
        _message(ax, "No intensity recorded in this period.")
        return fig
    days = [d for d, _hi, _n in daily]
    peaks = [hi for _d, hi, _n in daily]
    size = 24 if len(daily) <= 200 else 6
    ax.scatter(days, peaks, s=size, color=BAR, alpha=0.85 if len(daily) <= 200 else 0.35, lw=0)
    ax.set_ylim(-0.5, 10.5)
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel("highest intensity of the day (0-10)")
    ax.grid(axis="y", color="#e6e6e6")
    _date_axis(ax, days)
    if len(days) == 1:
        ax.set_xlim(mdates.date2num(days[0]) - 15, mdates.date2num(days[0]) + 15)
    return fig
