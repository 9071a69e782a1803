"""Chart layout as printed: the title, the legend and the plot never overlap at the size the
PDF draws the charts (the same on A4 and Letter) nor at the size the Analysis tab shows them;
the monthly intensity view is one value per month, not a dot per day."""

from __future__ import annotations

from datetime import date

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.transforms import Bbox

from headache_diary.analysis.charts import build_charts
from headache_diary.report.content import CHART_WIDTH_IN
from headache_diary.report.layout import MM, RESOLUTION
from headache_diary.report.pdf import figure_svg
from headache_diary.storage.repository import insert_episodes
from tests.support import MakeEpisode, snapshot

PAPER_WIDTH_IN = {"A4": 210 / 25.4, "Letter": 8.5}


def overlap(a: Bbox, b: Bbox) -> bool:
    return a.x0 < b.x1 - 0.5 and b.x0 < a.x1 - 0.5 and a.y0 < b.y1 - 0.5 and b.y0 < a.y1 - 0.5


@pytest.fixture
def charts(diary, make_episode: MakeEpisode):
    eps = []
    for month in range(1, 13):
        for day in (3, 9, 17):
            eps.append(
                make_episode(
                    f"2026-{month:02d}-{day:02d} 08:00",
                    hours=3,
                    side="left" if day != 9 else "right",
                    intensity=(month + day) % 11,
                    triggers=["neck_movement"] if day != 17 else [],
                )
            )
    with diary.session() as s:
        insert_episodes(s, eps)
    return lambda: build_charts(
        snapshot(diary, date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 31))
    )


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_title_legend_and_plot_do_not_overlap_in_print(charts, paper: str) -> None:
    # the PDF draws every chart at CHART_WIDTH_IN: narrower than the text width of both papers
    text_width_in = PAPER_WIDTH_IN[paper] - 32 * MM / RESOLUTION
    width = min(text_width_in, CHART_WIDTH_IN)
    assert width == CHART_WIDTH_IN
    for title, fig in charts():
        figure_svg(fig, width, max_height_in=3.4)  # the size the report gives it
        check(title, fig)


def test_title_legend_and_plot_do_not_overlap_on_screen(charts) -> None:
    for title, fig in charts():
        check(title, fig)


def check(title: str, fig) -> None:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    r = canvas.get_renderer()
    head = fig._suptitle.get_window_extent(r)  # noqa: SLF001 - matplotlib keeps it here
    legends = [leg.get_window_extent(r) for leg in fig.legends]
    axes = [ax.get_tightbbox(r) for ax in fig.axes]
    page = fig.bbox
    for box in (head, *legends, *axes):
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1, title  # nothing cut off
    for box in (*legends, *axes):
        assert not overlap(head, box), title
    for leg in legends:
        for ax in axes:
            assert not overlap(leg, ax), title


def test_intensity_is_one_value_per_month(charts) -> None:
    fig = dict(charts())["Peak intensity per month"]
    (ax,) = fig.axes
    assert len(ax.patches) == 12  # a bar per month (median), not a dot per day
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == "Jan\n2026" and "Dec" in labels
