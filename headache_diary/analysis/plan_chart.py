"""The medication plan as bars under the monthly headache days, on the same month axis.

The Analysis tab and the PDF draw "Headache days per month" with a second panel below it
when the period has plan entries: one row per medication (a dose change continues on the
same row, with its dose written on the bar), each bar from the entry's start to its stop
(or to today while still taken), so a physician sees headache days before and after a
preventive started. Preventive entries, entries that count as medication days (an
analgesic class, or a muscle relaxant or "other" taken to relieve headache) and entries
that do not (a muscle relaxant or "other" taken for something else) have their own
colours.

The months are categories 0..n-1 (``charts._month_axis``); a day's
place is its month's category plus the share of the month gone, as the neck-history
markers are placed (analysis.timeline). :func:`plan_rows` is pure (tested without
drawing); :func:`draw_plan` draws them with matplotlib's object API.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from headache_diary.domain.medication import PlanEntry
from headache_diary.i18n import _

PREVENTIVE_COLOR = "#4f8a3c"
ACUTE_COLOR = "#d0742c"
#: a muscle relaxant or "other" not taken for headache: on the record, never counted
NOT_COUNTED_COLOR = "#8c8c8c"
#: inches of figure height per row of the plan panel
ROW_HEIGHT = 0.3
MAX_LABEL = 24


@dataclass(frozen=True)
class PlanBar:
    x0: float
    x1: float
    dose: str
    counts: bool
    #: a preventive (never counts); a bar that neither counts nor is preventive is a
    #: muscle relaxant or "other" not taken for headache
    preventive: bool
    #: the entry began before the first month shown / runs on after the last
    starts_before: bool
    runs_on: bool


@dataclass(frozen=True)
class PlanRow:
    label: str
    bars: tuple[PlanBar, ...]


def day_start(months: Sequence[str], day: date) -> float | None:
    """Where ``day`` begins on a month axis (None when its month is not on it)."""
    key = f"{day.year:04d}-{day.month:02d}"
    if key not in months:
        return None
    days = calendar.monthrange(day.year, day.month)[1]
    return months.index(key) - 0.5 + (day.day - 1) / days


def _x(months: Sequence[str], day: date, *, end: bool) -> float:
    """The left edge of ``day`` (or its right edge when ``end``), clipped to the axis."""
    key = f"{day.year:04d}-{day.month:02d}"
    if key < months[0]:
        return -0.5
    if key > months[-1]:
        return len(months) - 0.5
    x = day_start(months, day)
    assert x is not None
    if end:
        x += 1 / calendar.monthrange(day.year, day.month)[1]
    return x


def _short(name: str) -> str:
    return name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"


def plan_rows(entries: Sequence[PlanEntry], months: Sequence[str], today: date) -> list[PlanRow]:
    """The bars of the entries that fall on the months, one row per medication name in
    the order they were first started."""
    if not months:
        return []
    first_month, last_month = months[0], months[-1]
    rows: dict[str, list[PlanBar]] = {}
    labels: dict[str, str] = {}
    for e in sorted(entries, key=lambda e: e.sort_key):
        last = e.stopped if e.stopped is not None else max(today, e.started)
        if e.stopped is None:
            last = min(last, today) if e.started <= today else e.started
        start_key = f"{e.started.year:04d}-{e.started.month:02d}"
        last_key = f"{last.year:04d}-{last.month:02d}"
        if start_key > last_month or last_key < first_month:
            continue
        key = e.name.casefold()
        labels.setdefault(key, _short(e.name))
        rows.setdefault(key, []).append(
            PlanBar(
                x0=_x(months, e.started, end=False),
                x1=_x(months, last, end=True),
                dose=e.dose,
                counts=e.counts,
                preventive=e.preventive,
                starts_before=start_key < first_month,
                runs_on=last_key > last_month or e.stopped is None,
            )
        )
    return [PlanRow(labels[k], tuple(bars)) for k, bars in rows.items()]


def _color(bar: PlanBar) -> str:
    if bar.counts:
        return ACUTE_COLOR
    return PREVENTIVE_COLOR if bar.preventive else NOT_COUNTED_COLOR


def draw_plan(ax: Any, rows: Sequence[PlanRow], months: Sequence[str]) -> None:
    """Draw ``rows`` on ``ax`` (which shares the month axis of the chart above)."""
    n = len(rows)
    y_of = {i: n - 1 - i for i in range(n)}  # first row on top
    # about how many characters of 6.5 pt text fit in one month (the axes are the figure
    # less the row labels), so a dose is shortened rather than cut off by the bar's end
    lo, hi = -0.7, max(len(months), 3) - 0.3
    inches_per_month = max(ax.figure.get_figwidth() - 1.5, 1.0) / (hi - lo)
    chars_per_month = inches_per_month / 0.052
    for i, row in enumerate(rows):
        y = y_of[i]
        for bar in row.bars:
            color = _color(bar)
            width = max(bar.x1 - bar.x0, 0.04)
            # a white edge keeps a dose change visible where two bars of a row meet
            ax.barh(
                y, width, left=bar.x0, height=0.62, color=color, edgecolor="white", linewidth=1.2
            )
            fits = int((width - 0.12) * chars_per_month)
            if bar.dose and fits >= 4:
                dose = bar.dose if len(bar.dose) <= fits else bar.dose[: fits - 1] + "…"
                ax.text(
                    bar.x0 + 0.06,
                    y,
                    dose,
                    va="center",
                    ha="left",
                    fontsize=6.5,
                    color="white",
                    clip_on=True,
                )
    ax.set_yticks([y_of[i] for i in range(n)], [r.label for r in rows], fontsize=7.5)
    ax.set_ylim(-0.6, n - 0.4)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.set_xlim(lo, hi)


def legend_handles(rows: Sequence[PlanRow]) -> list[Any]:
    """Legend patches for the kinds of bar drawn (the figure places the legend)."""
    from matplotlib.patches import Patch

    colors = {_color(b) for r in rows for b in r.bars}
    labels = (
        (PREVENTIVE_COLOR, _("regular medication: preventive")),
        (ACUTE_COLOR, _("regular medication counted as a medication day every day")),
        (NOT_COUNTED_COLOR, _("regular medication not taken for headache (not counted)")),
    )
    return [Patch(color=c, label=text) for c, text in labels if c in colors]
