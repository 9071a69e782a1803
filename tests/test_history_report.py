"""The neck history in the PDF (a section after page 1's key figures) and on the charts."""

from __future__ import annotations

import re
from datetime import date

import pytest

from headache_diary.analysis.charts import build_charts, figure_svg_bytes
from headache_diary.analysis.history_wording import NECK_INJURY_NOTE
from headache_diary.context import AppContext
from headache_diary.domain.history import HistoryEvent
from headache_diary.services import history, report, transfer
from headache_diary.services.analysis import analysis_snapshot
from tests.support_report import norm, page_texts

TODAY = date(2026, 6, 30)


#: pytest-qt's QApplication in every test, so report/ does not make a QGuiApplication of
#: its own
pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def with_history(ctx: AppContext, make_episode) -> AppContext:
    eps = [
        make_episode(f"2026-{m:02d}-{d:02d} 10:00", hours=2, intensity=4 + d % 5)
        for m in (3, 4, 5, 6)
        for d in range(1, 28, 3 if m < 5 else 9)
    ]
    transfer.import_episodes(ctx, eps)
    for ev in (
        HistoryEvent(date=date(2019, 1, 1), kind="neck_injury", date_precision="year",
                     title="Whiplash"),
        HistoryEvent(date=date(2026, 3, 1), kind="mri", date_precision="month",
                     details="Mild C2/3 facet arthropathy"),
        HistoryEvent(date=date(2026, 4, 20), kind="nerve_block", side="left",
                     structure="C2/3 facet", outcome="Headache gone for 8 hours"),
    ):  # fmt: skip
        history.save_event(ctx, ev, TODAY)
    return ctx


def test_pdf_has_the_neck_history_section_after_the_key_figures(with_history, tmp_path) -> None:
    path = report.write_report(with_history, tmp_path / "r.pdf", today=TODAY)
    pages = page_texts(path)
    text = " ".join(pages)
    # the section follows the Summary on page 1, before the overuse check
    first = pages[0]
    assert first.index("Summary") < first.index("Neck history (self-reported)")
    assert text.index("Neck history (self-reported)") < text.index("Medication overuse check")
    # the events in date order, with their columns
    assert "Date Event Side / structure Findings / details Outcome" in text
    order = [text.index(s) for s in ("2019", "March 2026", "20 Apr 2026 Nerve block")]
    assert order == sorted(order)
    assert "C2/3 facet, left side" in text and "Headache gone for 8 hours" in text
    # the before/after table
    assert "Before and after each event" in text
    assert "Window Days Days with an entry Episodes Headache days Per 30 days Mean peak" in text
    assert re.search(r"20 Apr 2026, Nerve block \(C2/3 facet, left side\)", text)
    for label in ("90 days before", "90 days after", "first day after", "first 7 days after",
                  "first 30 days after"):  # fmt: skip
        assert label in text
    # hand-computed: before the block, 1 Mar - 19 Apr (50 days, clipped to the first
    # record): episodes on 1, 4, ..., 25 Mar and 1, 4, ..., 19 Apr = 9 + 7 = 16
    assert "90 days before 50 of 90 16 16 16 9.6" in text  # 16 * 30 / 50 = 9.6
    assert "headache days per 30 days: 9.6 in the 50 days before (of 90)" in text
    assert "The window before is short: 50 of its 90 days" in text
    assert "March 2026, MRI (approximate: placed on 15 Mar 2026)" in text
    assert "Dated to the year only, so without before/after figures: 2019" in text
    # the one list, and the chapter 5 note for a neck injury
    assert "What a diary cannot show, and what the history can inform" in text
    for crit in ("11.2.1 B", "11.2.1 C3", "11.2.1 C1", "11.2.1 C2", "11.2.1 C4"):
        assert crit in text
    assert norm(NECK_INJURY_NOTE) in text
    assert " met." not in text and "worked" not in text
    # the chart markers are text in the PDF
    assert "Nerve block" in " ".join(pages[2:])


def test_pdf_without_history_says_so(ctx, make_episode, tmp_path) -> None:
    transfer.import_episodes(ctx, [make_episode("2026-06-01 10:00")])
    text = " ".join(page_texts(report.write_report(ctx, tmp_path / "r.pdf", today=TODAY)))
    assert "No neck history is recorded in this diary" in text
    assert "11.2.1 C4" in text
    assert "chapter 5" not in text


def _svg_text(fig) -> str:
    return figure_svg_bytes(fig).decode()


def test_time_charts_mark_the_events(with_history) -> None:
    charts = dict(build_charts(analysis_snapshot(with_history, today=TODAY)))
    for title in (
        "Headache days per month",
        "One-sided and movement-triggered episodes per month",
        "Peak intensity per month",
    ):
        fig = charts[title]
        labels = [t.get_text() for t in fig.axes[0].texts]
        assert "Nerve block " in labels and "~MRI " in labels, title
        # the injury (2019) lies outside the chart's dates: not drawn, axis not widened
        assert not any("Neck injury" in x for x in labels)
        assert "Nerve block" in _svg_text(fig)
    for title in ("Side of the episodes", "Triggers", "Neck position at onset"):
        assert not any("Nerve" in t.get_text() for t in charts[title].axes[0].texts)


def test_events_a_week_apart_share_a_label(ctx, make_episode) -> None:
    transfer.import_episodes(ctx, [make_episode(f"2024-{m:02d}-10 10:00") for m in range(1, 13)])
    for day, kind in ((3, "nerve_block"), (10, "physiotherapy")):
        history.save_event(ctx, HistoryEvent(date=date(2024, 6, day), kind=kind), TODAY)
    charts = dict(build_charts(analysis_snapshot(ctx, today=TODAY)))
    ax = charts["Headache days per month"].axes[0]
    assert [t.get_text() for t in ax.texts if "Nerve" in t.get_text()] == ["Nerve block, Physio "]
    assert len([ln for ln in ax.lines if ln.get_color() == "#6b3fa0"]) == 2
