"""Charts of the summary as matplotlib Figures, built without pyplot.

The window draws them with the Agg canvas on a worker (``ui.chart_images``); the PDF
saves them as SVG (:func:`figure_svg_bytes`) and draws that through QSvgRenderer. Text
uses DejaVu Sans, the font matplotlib ships, so no chart depends on the fonts of the
computer. Every Figure carries its own title. Importing this module imports matplotlib:
only workers import it (the Analysis view's and the PDF's).

Charts are built in two worker threads at once (the Analysis tab and a PDF), so their
style is set on the artists themselves (:func:`_style`, explicit font sizes), never
through matplotlib's global rcParams: building a chart changes no global state. The one
exception is the SVG writer, which reads ``svg.fonttype`` and ``svg.hashsalt`` from the
global rcParams while it draws and has no per-figure setting: :func:`figure_svg_bytes`
sets them for the length of a save, under one lock, so no two threads ever change them at
once. Which axes show months (where the neck history's markers go) is kept beside the
figure while it is built, not in an attribute of matplotlib's objects.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Callable, Iterator
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.text import Text

from headache_diary import i18n
from headache_diary.analysis.features import APP_SCALE
from headache_diary.analysis.plan_chart import ROW_HEIGHT, draw_plan, legend_handles, plan_rows
from headache_diary.analysis.results import AnalysisSnapshot, MonthIntensity, Summary
from headache_diary.analysis.stiffness_chart import draw_stiffness
from headache_diary.analysis.timeline import MonthAxes, mark_figure
from headache_diary.domain import vocab
from headache_diary.i18n import N_, _, pgettext

FONT = "DejaVu Sans"  # i18n: font name
#: the size of a chart's text where no other is given (axis labels, tick labels, messages)
FONT_SIZE = 9
#: the axes' lines and the ticks with their labels
EDGE_COLOR = "#666666"
TICK_COLOR = "#333333"

#: what matplotlib's SVG writer reads from the global rcParams while it saves: text stays
#: text (QSvgRenderer draws it in DejaVu Sans), and ids come from a fixed salt so the same
#: chart gives the same bytes (see :func:`figure_svg_bytes`)
SVG_RC: dict[str, Any] = {"svg.fonttype": "none", "svg.hashsalt": "hd"}
_svg_lock = threading.Lock()

SIDE_COLORS = {"left": "#3b6ea8", "right": "#d0742c", "both": "#6a9a4b", "unsure": "#a0a0a0"}
BAR = "#3b6ea8"
ACCENT = "#d0742c"
MUTED = "#b8b8b8"
SIZE = (6.4, 3.0)


#: a value label above the neck-history marker lines (timeline.mark_events, zorder 3-4),
#: on a white ground so that a line crossing it does not cut the figures
ON_TOP: dict[str, Any] = {
    "zorder": 5,
    "bbox": {"boxstyle": "square,pad=0.05", "facecolor": "white", "alpha": 0.85, "lw": 0},
}


def build_charts(snapshot: AnalysisSnapshot) -> list[tuple[str, Figure]]:
    """(title, Figure) for each chart of the snapshot; [] when the period has no episode.

    Pure: no database access, so it can run in a worker thread (matplotlib's object API,
    never pyplot).
    """
    return list(iter_charts(snapshot))


def iter_charts(snapshot: AnalysisSnapshot) -> Iterator[tuple[str, Figure]]:
    """The charts of :func:`build_charts`, each made only when the one before has been
    taken: a caller that draws and drops each in turn holds one figure at a time (a
    figure is about a megabyte of objects before it is drawn)."""
    summary = snapshot.summary
    if not summary.episodes:
        return
    monthly = snapshot.charts.monthly_intensity
    # the titles in the current language (the caller's: a PDF may be in another language
    # than the window, and says which with i18n.using around this generator)
    makers: list[tuple[str, Callable[[MonthAxes], Figure]]] = [
        (_("Side of the episodes"), lambda _months: _sides(summary)),
        (
            _("One-sided and movement-triggered episodes per month"),
            lambda months: _monthly_pct(summary, months),
        ),
        (_("Triggers"), lambda _months: _triggers(summary)),
        (_("Neck position at onset"), lambda _months: _neck_positions(summary)),
        (_("Headache days per month"), lambda months: _headache_days(summary, months, snapshot)),
        (_("Peak intensity per month"), lambda months: _intensity(summary, monthly, months)),
    ]
    for title, make in makers:
        # made by a function, so that this generator keeps no reference to the figure
        # while the caller draws it
        yield _made(title, make, snapshot)


def _made(
    title: str, make: Callable[[MonthAxes], Figure], snapshot: AnalysisSnapshot
) -> tuple[str, Figure]:
    months: MonthAxes = {}  # the axes that show months, and which
    fig = make(months)
    mark_figure(fig, snapshot.history, months)  # the neck history on the time charts
    _fix_fonts(fig)
    return title, fig


def figure_svg_bytes(figure: Figure) -> bytes:
    """``figure`` as SVG whose text stays text, the same bytes for the same chart.

    The only place the app changes matplotlib's global rcParams: the SVG writer reads
    :data:`SVG_RC`'s keys from them while it draws, with no per-figure setting. They are
    set for the length of the save, under one lock, so two threads (two PDFs) never change
    them at once; a chart drawn meanwhile with the Agg canvas reads none of these keys."""
    buf = io.BytesIO()
    with _svg_lock, matplotlib.rc_context(SVG_RC):
        figure.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def _figure(title: str, height: float = SIZE[1]) -> tuple[Figure, Any]:
    fig = Figure(figsize=(SIZE[0], height), layout="constrained", facecolor="white")
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    return fig, _axes(fig)


def _axes(fig: Figure, *args: Any, **kwargs: Any) -> Any:
    """A new Axes of ``fig`` in the charts' look, set on the artists when it is made (so
    that what a chart sets afterwards, e.g. smaller tick labels, wins): no top or right
    spine, grey edges, dark ticks and tick labels at :data:`FONT_SIZE` (their size and
    colour hold for the ticks made later at draw time too)."""
    ax = fig.add_subplot(*args, **kwargs)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    for spine in ax.spines.values():
        spine.set_edgecolor(EDGE_COLOR)
    ax.tick_params(colors=TICK_COLOR, labelsize=FONT_SIZE)
    return ax


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
    ax.text(
        0.5,
        0.45,
        message,
        ha="center",
        va="center",
        transform=ax.transAxes,
        color="#555",
        fontsize=FONT_SIZE,
    )


def _numbers(axis: Any) -> None:
    """The axis' tick labels in the language the chart is built in (decimal mark, digit
    grouping), whichever thread draws it later."""
    lang = i18n.current_language()

    def label(value: float, _pos: Any) -> str:
        with i18n.using(lang):
            return i18n.format_number(value)

    axis.set_major_formatter(matplotlib.ticker.FuncFormatter(label))


def _percents(axis: Any) -> None:
    """Percent tick labels in the chart's language ("50%", "50 %")."""
    lang = i18n.current_language()

    def label(value: float, _pos: Any) -> str:
        with i18n.using(lang):
            return i18n.format_percent(value, 0)

    axis.set_major_formatter(matplotlib.ticker.FuncFormatter(label))


def _hbars(ax: Any, labels: list[str], values: list[int], colors: list[str] | str) -> None:
    """Horizontal bars, first label on top, the count written at the end of each bar."""
    y = list(range(len(labels)))[::-1]
    ax.barh(y, values, color=colors, height=0.65)
    ax.set_yticks(y, labels)
    top = max(values) if values else 0
    for yi, v in zip(y, values, strict=True):
        shown = i18n.format_int(v)
        ax.text(v + top * 0.01, yi, shown, va="center", ha="left", fontsize=8, color="#333")
    ax.set_xlim(0, top * 1.12 + 0.5)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    _numbers(ax.xaxis)
    ax.tick_params(axis="y", length=0)


def _sides(summary: Summary) -> Figure:
    fig, ax = _figure(_("Side of the episodes"), 2.4)
    side = summary.side
    _hbars(
        ax,
        [vocab.label(s) for s in vocab.SIDES],
        [side[s] for s in vocab.SIDES],
        [SIDE_COLORS[s] for s in vocab.SIDES],
    )
    ax.set_xlabel(pgettext("chart axis", "episodes"), fontsize=FONT_SIZE)
    return fig


def _month_axis(ax: Any, months: list[str], month_axes: MonthAxes) -> list[int]:
    """Months as categories 0..n-1, labelled ``Sep`` with the year under the first month
    and every January; with many months only every 2nd, 3rd, 6th or 12th is labelled.
    Returns the positions, and records ``ax``'s months in ``month_axes`` (where the neck
    history's markers go, analysis.timeline). (Month names read better in print than a
    date axis, whose mid-month ticks said "15".)"""
    names = i18n.month_names("abbreviated")
    n = len(months)
    step = next((k for k in (1, 2, 3, 6, 12) if math.ceil(n / k) <= 14), 12 * math.ceil(n / 168))
    ticks: list[int] = []
    labels: list[str] = []
    for i, m in enumerate(months):
        year, month = int(m[:4]), int(m[5:7])
        if (month - 1) % step and i:
            continue
        ticks.append(i)
        labels.append(
            f"{names[month - 1]}\n{year}" if month == 1 or not labels else names[month - 1]
        )
    ax.set_xticks(ticks, labels)
    ax.set_xlim(-0.7, max(n, 3) - 0.3)  # a single month still reads as a bar, not a slab
    ax.tick_params(axis="x", length=0)
    month_axes[ax] = list(months)
    return list(range(n))


def _monthly_pct(summary: Summary, month_axes: MonthAxes) -> Figure:
    fig, ax = _figure(_("One-sided and movement-triggered episodes per month"))
    x = _month_axis(ax, [m.month for m in summary.monthly], month_axes)
    uni = [_nan(m.unilateral_pct) for m in summary.monthly]
    mov = [_nan(m.movement_triggered_pct) for m in summary.monthly]
    marker = "o" if len(x) <= 36 else None
    series = (
        (
            uni,
            BAR,
            _("one-sided (of episodes with a known side)"),
            _("one-sided (of episodes with a known side): nothing recorded"),
        ),
        (
            mov,
            ACCENT,
            _("brought on by neck movement/posture (of episodes with triggers recorded)"),
            _(
                "brought on by neck movement/posture (of episodes with triggers recorded): "
                "nothing recorded"
            ),
        ),
    )
    for values, color, label, empty in series:
        if all(math.isnan(v) for v in values):
            # nothing to draw: a line of no points is an empty SVG path, which QtSvg rejects
            ax.plot([], [], marker=marker, color=color, label=empty)
        else:
            ax.plot(x, values, marker=marker, color=color, label=label)
    ax.set_ylim(-3, 103)
    ax.set_ylabel(_("% of episodes"), fontsize=FONT_SIZE)
    _percents(ax.yaxis)
    # below the plot: at the top the legend ran into the title on A4 and Letter
    fig.legend(
        loc="outside lower center",  # i18n: matplotlib location
        fontsize=8,
        frameon=False,
        ncols=1,
    )
    ax.grid(axis="y", color="#e6e6e6")
    return fig


def _nan(x: float | None) -> float:
    return math.nan if x is None else x


_ANSWERS = {vocab.NONE: N_("No trigger noticed"), "not_recorded": N_("Not recorded")}


def _triggers(summary: Summary) -> Figure:
    trig = {c: n for c, n in summary.triggers.items() if n and c in vocab.TRIGGERS}
    answers = [c for c in _ANSWERS if summary.triggers.get(c)]
    height = max(2.0, 0.9 + 0.28 * (len(trig) + len(answers)))
    fig, ax = _figure(_("Triggers"), height)
    if not trig and not answers:
        _message(ax, _("No triggers recorded in this period."))
        return fig
    codes = sorted(trig, key=lambda c: (-trig[c], vocab.TRIGGERS.index(c))) + answers
    colors = [
        ACCENT if c in vocab.MECHANICAL_TRIGGERS else MUTED if c in _ANSWERS else BAR for c in codes
    ]
    labels = [_(_ANSWERS[c]) if c in _ANSWERS else vocab.label(c) for c in codes]
    _hbars(ax, labels, [summary.triggers[c] for c in codes], colors)
    ax.set_xlabel(_("episodes (neck-related triggers in orange)"), fontsize=FONT_SIZE)
    return fig


def _neck_positions(summary: Summary) -> Figure:
    pos = summary.neck_positions
    codes = [c for c in vocab.NECK_POSITIONS if pos.get(c)]
    codes.sort(key=lambda c: -pos[c])
    if pos.get("not_recorded"):
        codes.append("not_recorded")
    height = max(2.0, 0.9 + 0.28 * len(codes))
    fig, ax = _figure(_("Neck position at onset"), height)
    labels = [_("Not recorded") if c == "not_recorded" else vocab.label(c) for c in codes]
    colors = [MUTED if c in ("not_recorded", "unknown") else BAR for c in codes]
    _hbars(ax, labels, [pos[c] for c in codes], colors)
    ax.set_xlabel(pgettext("chart axis", "episodes"), fontsize=FONT_SIZE)
    return fig


def _headache_days(
    summary: Summary, month_axes: MonthAxes, snapshot: AnalysisSnapshot | None = None
) -> Figure:
    """Bars of headache days per month; with the medication plan as bars on the same
    month axis below them when the period has plan entries (analysis.plan_chart)."""
    months = [m.month for m in summary.monthly]
    today = (snapshot.today if snapshot else None) or summary.period.end
    rows = plan_rows(snapshot.plan, months, today) if snapshot else []
    if not rows:
        fig, ax = _figure(_("Headache days per month"))
    else:
        panel = 0.35 + ROW_HEIGHT * len(rows)
        fig = Figure(figsize=(SIZE[0], SIZE[1] + panel), layout="constrained", facecolor="white")
        fig.suptitle(
            _("Headache days per month and regular medication"),
            x=0.01,
            ha="left",
            fontsize=11,
            fontweight="bold",
        )
        grid = fig.add_gridspec(2, 1, height_ratios=[SIZE[1] - 0.4, panel])
        ax = _axes(fig, grid[0])
        plan_ax = _axes(fig, grid[1], sharex=ax)
    x = _month_axis(ax, months, month_axes)
    days = [m.headache_days for m in summary.monthly]
    ax.bar(x, days, width=0.7, color=BAR)
    ax.axhline(15, color=ACCENT, linewidth=1, linestyle="--")
    ax.text(
        1.0,
        15,
        " " + _("{days} (ICHD-3 8.2 A)", days=15),
        transform=ax.get_yaxis_transform(),
        va="center",
        fontsize=7,
        color=ACCENT,
    )
    if len(x) <= 24:
        for xi, d in zip(x, days, strict=True):
            ax.text(
                xi,
                d + 0.4,
                i18n.format_int(d),
                ha="center",
                va="bottom",
                fontsize=7,
                color="#333",
                **ON_TOP,
            )
    ax.set_ylim(0, max(31, max(days, default=0)) + 2)
    ax.set_ylabel(_("days (of the period)"), fontsize=FONT_SIZE)
    _numbers(ax.yaxis)
    ax.grid(axis="y", color="#e6e6e6")
    ax.set_axisbelow(True)
    if snapshot is not None and snapshot.workup is not None:  # the check-ins' neck stiffness
        draw_stiffness(ax, x, months, snapshot.workup.neck_stiffness)
    if rows:
        draw_plan(plan_ax, rows, months)
        ax.tick_params(axis="x", labelbottom=False)
        plan_ax.tick_params(axis="x", length=0)
        fig.legend(
            handles=legend_handles(rows),
            loc="outside lower center",  # i18n: matplotlib location
            fontsize=8,
            frameon=False,
            ncols=1,
        )
    return fig


def _intensity(summary: Summary, monthly: list[MonthIntensity], month_axes: MonthAxes) -> Figure:
    """Median and highest peak intensity per month: readable in print at any period length
    (a dot per day was not)."""
    fig, ax = _figure(_("Peak intensity per month"))
    if not monthly:
        _message(ax, _("No intensity recorded in this period."))
        return fig
    months = [m.month for m in summary.monthly]
    x = _month_axis(ax, months, month_axes)
    at = {m: i for i, m in enumerate(months)}
    xs = [at[m.month] for m in monthly if m.month in at]
    shown = [m for m in monthly if m.month in at]
    medians = [m.median for m in shown]
    highest = [m.highest for m in shown]
    ax.bar(xs, medians, width=0.7, color=BAR, label=_("median peak intensity"))
    few = len(x) <= 24
    if few:
        ax.scatter(xs, highest, marker="o", s=22, color=ACCENT, label=_("highest"), zorder=3)
        for xi, med, hi in zip(xs, medians, highest, strict=True):
            ax.text(
                xi,
                hi + 0.35,
                i18n.format_int(hi),
                ha="center",
                va="bottom",
                fontsize=7,
                color=ACCENT,
                **ON_TOP,
            )
            ax.text(
                xi,
                med / 2,
                i18n.format_number(med),
                ha="center",
                va="center",
                fontsize=7,
                color="white",
                zorder=5,
            )
    else:  # many months: a line reads better than marks
        ax.plot(xs, highest, color=ACCENT, lw=1.2, label=_("highest"))
    for edge in (3.5, 6.5):  # the app's bands
        ax.axhline(edge, color="#c8c8c8", lw=0.8, ls=":", zorder=0)
    bands = (
        (2, pgettext("intensity band", "mild")),
        (5, pgettext("intensity band", "moderate")),
        (8.5, pgettext("intensity band", "severe")),
    )
    for y, band in bands:
        ax.text(1.0, y, f" {band}", transform=ax.get_yaxis_transform(), va="center", fontsize=7)
    ax.set_ylim(0, 11)
    ax.set_yticks(range(0, 11, 2))
    _numbers(ax.yaxis)
    ax.set_ylabel(_("peak intensity (0-10)"), fontsize=FONT_SIZE)
    ax.set_xlabel(_("bands: {scale}", scale=_(APP_SCALE)), fontsize=7, color="#555")
    fig.legend(
        loc="outside lower center",  # i18n: matplotlib location
        fontsize=8,
        frameon=False,
        ncols=2,
    )
    return fig
