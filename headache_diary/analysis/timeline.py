"""Neck-history events on the time charts: a marked vertical line and a short label each.

Applied by ``charts.build_charts`` to every chart whose x axis is time: a date axis, or
months as categories (the monthly headache days, one-sided/provoked shares and peak
intensity: ``charts`` hands over the months of such an axis in a :data:`MonthAxes`
mapping built beside the figure, one category per month centred on 0, 1, 2...), so a
physician sees at a glance what changed after what. An event dated to the day is a solid
line; one dated to the month (placed on the 15th) or the year (placed on 1 July) is
dashed and its label starts with "~". Events outside the chart's dates are left out (the
axis is never widened for them); events too close to tell apart share one label.
Object API only (no pyplot).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import matplotlib.dates as mdates

from headache_diary.domain.history import HistoryEvent, short_label

#: the axes of a figure whose x axis shows months as categories, and those months
#: ("YYYY-MM"); kept beside the figure, never as an attribute of matplotlib's objects
MonthAxes = dict[Any, list[str]]

COLOR = "#6b3fa0"
#: markers closer than this share of the axis width share one label
_MERGE = 0.035


@dataclass(frozen=True)
class Marker:
    when: date
    label: str
    approximate: bool


def markers(events: Sequence[HistoryEvent]) -> list[Marker]:
    """One marker per event, in date order."""
    out = []
    for ev in events:
        when = ev.placed_date or ev.date.replace(month=7, day=1)
        label = short_label(ev)
        if ev.approximate:
            label = "~" + label
        out.append(Marker(when, label, ev.approximate))
    return sorted(out, key=lambda m: m.when)


def is_time_axis(ax: Any, months: Sequence[str] | None = None) -> bool:
    """True for an Axes whose x axis shows dates, or ``months`` (its month categories)."""
    if months:
        return True
    return bool(ax.xaxis.have_units()) and isinstance(
        ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter | mdates.DateFormatter
    )


def x_of(when: date, months: Sequence[str] | None = None) -> float | None:
    """Where ``when`` falls on the x axis: a date number, or on an axis of ``months`` the
    month's category (its centre is the 15th or so) plus the share of the month gone;
    None for a month not on the axis."""
    if not months:
        return float(mdates.date2num(when))
    key = f"{when.year:04d}-{when.month:02d}"
    if key not in months:
        return None
    days = calendar.monthrange(when.year, when.month)[1]
    return months.index(key) - 0.5 + (when.day - 0.5) / days


def mark_figure(
    fig: Any, events: Sequence[HistoryEvent], month_axes: Mapping[Any, Sequence[str]]
) -> None:
    """Mark ``events`` on every time axis of ``fig`` (``month_axes``: its axes of months)."""
    marks = markers(events)
    if not marks:
        return
    for ax in fig.axes:
        months = month_axes.get(ax)
        if is_time_axis(ax, months):
            mark_events(ax, marks, months)


def mark_events(ax: Any, marks: Sequence[Marker], months: Sequence[str] | None = None) -> int:
    """Draw the markers inside the Axes' current date range (or its ``months``); returns
    how many were drawn."""
    if not marks:
        return 0
    lo, hi = ax.get_xlim()
    span = hi - lo
    placed = [(x_of(m.when, months), m) for m in marks]
    shown = [(x, m) for x, m in placed if x is not None and lo <= x <= hi]
    groups: list[list[tuple[float, Marker]]] = []
    for x, m in shown:
        if groups and x - groups[-1][-1][0] <= span * _MERGE:
            groups[-1].append((x, m))
        else:
            groups.append([(x, m)])
    for group in groups:
        for x, m in group:
            ax.axvline(
                x,
                color=COLOR,
                linewidth=1.1,
                linestyle=(0, (4, 2)) if m.approximate else "-",
                alpha=0.9,
                zorder=3,
            )
        label = ", ".join(dict.fromkeys(m.label for _x, m in group))
        ax.text(
            group[0][0],
            0.98,
            label + " ",
            transform=ax.get_xaxis_transform(),
            rotation=90,
            ha="right",
            va="top",
            fontsize=7,
            color=COLOR,
            zorder=4,
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "alpha": 0.75, "lw": 0},
        )
    ax.set_xlim(lo, hi)
    return len(shown)
