"""The monthly mean neck stiffness of the daily check-ins (FORMAT.md ``neck_stiffness``) on
the timeline chart, beside the headache days per month: a line on a second y axis (0-10),
a gap for a month without a rating. Object API only; drawn into the chart
``analysis.charts`` builds (its month categories 0, 1, 2...)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from headache_diary.analysis.workup import NeckStiffness
from headache_diary.i18n import _

COLOR = "#2e8b57"


def draw_stiffness(
    ax: Any, x: Sequence[int], months: Sequence[str], stiffness: NeckStiffness | None
) -> Any | None:
    """Draw the monthly means on a twin of ``ax`` (months at ``x``); the twin Axes, or None
    when no check-in of the period rated the stiffness (nothing is drawn then)."""
    if stiffness is None or not stiffness.check_ins:
        return None
    means = []
    for month in months:
        found = stiffness.month(month)
        means.append(math.nan if found is None or found.mean is None else found.mean)
    twin = ax.twinx()
    twin.spines["top"].set_visible(False)
    twin.spines["right"].set_edgecolor(COLOR)
    # outward, clear of the "15 (ICHD-3 8.2 A)" label at the right edge of the bars' axes
    twin.spines["right"].set_position(("outward", 62))
    twin.tick_params(axis="y", colors=COLOR, labelsize=8)
    marker = "D" if len(x) <= 36 else None
    twin.plot(
        list(x),
        means,
        color=COLOR,
        marker=marker,
        markersize=4,
        linewidth=1.4,
        zorder=4,
    )
    twin.set_ylim(0, 10.5)
    twin.set_yticks(range(0, 11, 2))
    twin.set_ylabel(
        _("neck stiffness, monthly mean of the check-ins (0-10)"), fontsize=7, color=COLOR
    )
    return twin
