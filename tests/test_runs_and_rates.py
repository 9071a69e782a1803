"""Issue 19, points 5 and 7, counted by hand, in the summary JSON, the Analysis tab and the
PDF:

* a run of months that mixes ICHD-3 8.2 criteria does not read like one subtype's "more
  than 3 months": each run has ``longest_single_criterion_months`` and
  ``headache_15_days_months``, and its sentence says when the criteria changed, that no
  single one lasted more than 3 months, and in how many of its months criterion A was met
  ("in none");
* a rate per 30 days is given only for a window or period of at least 28 days; a shorter
  one gives its count ("n headache days in d days").

Each data-dependent sentence is also fed a diary where it must not appear."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from headache_diary.context import AppContext
from headache_diary.domain.history import HistoryEvent
from headache_diary.domain.medication import AcuteDose, PlanEntry
from headache_diary.domain.timeutil import zone_for
from headache_diary.services import history, medication, report, transfer
from headache_diary.ui.analysis_view import AnalysisView
from tests.support import ZONE, summary_json
from tests.support_report import norm, pdf_text
from tests.support_ui import open_view_at

TODAY = date(2026, 6, 30)


#: pytest-qt's QApplication in every test, so report/ does not make a QGuiApplication of
#: its own
pytestmark = pytest.mark.usefixtures("qapp")


NOW = datetime(2026, 6, 30, 12, tzinfo=zone_for(ZONE))


def report_text(ctx: AppContext, path: Path, date_from: date, date_to: date) -> str:
    return pdf_text(report.write_report(ctx, path, date_from, date_to, today=TODAY))


def open_view(qtbot, ctx: AppContext, date_from: date, date_to: date) -> AnalysisView:
    return open_view_at(qtbot, ctx, date_from, date_to, TODAY)


def triptans(ctx: AppContext, months: tuple[int, ...]) -> None:
    """A triptan taken outside an episode on days 1-10 of each month (8.2.2: 10 days)."""
    for m in months:
        for d in range(1, 11):
            taken = datetime(2026, m, d, 9, tzinfo=zone_for(ZONE))
            medication.save_dose(ctx, AcuteDose(taken, ZONE, "Sumatriptan", "triptan"), NOW)


# --- point 5: runs that mix criteria ----------------------------------------------------------


@pytest.fixture
def mixed(ctx: AppContext, make_episode) -> AppContext:
    """Triptans on 10 days of January and February (8.2.2); a muscle relaxant taken for
    headache every day of March and April (8.2.8); headache on 1-15 February (one episode
    of 15 days), the only month with 15 headache days (criterion A)."""
    triptans(ctx, (1, 2))
    relaxant = PlanEntry(
        "Tizanidine", "muscle_relaxant", date(2026, 3, 1), date(2026, 4, 30), for_headache=True
    )
    medication.save_plan_entry(ctx, relaxant, TODAY)
    transfer.import_episodes(ctx, [make_episode("2026-02-01 00:00", hours=24 * 15)])
    return ctx


MIXED_SENTENCE = (
    "An ICHD-3 8.2 medication threshold was reached in each of 4 consecutive months, January "
    "2026 to April 2026, but the criteria changed: 8.2.2 in January to February 2026, then "
    "8.2.8 in March to April 2026; no single criterion was met in more than 3 consecutive "
    "months (at most 2); criterion A (headache on 15 or more days) was met in 1 of its 4 "
    "months; the run extends beyond this period."
)


def test_a_mixed_run_in_the_summary_json(mixed: AppContext) -> None:
    # the period is March-April: the run reaches back into January and February, whose
    # headache days are counted for criterion A all the same
    s = summary_json(mixed.diary, date(2026, 3, 1), date(2026, 4, 30), TODAY)
    assert s["overuse_runs"] == [
        {
            "from": "2026-01",
            "to": "2026-04",
            "months": 4,
            "criteria": ["8.2.2", "8.2.8"],
            "more_than_3_months": True,  # 4 consecutive months with some threshold reached
            "longest_single_criterion_months": 2,  # 8.2.2 in Jan-Feb, 8.2.8 in Mar-Apr
            "headache_15_days_months": 1,  # February
        }
    ]
    assert s["headache_15_days_months"] == []  # none in the period's own months


def test_a_mixed_run_in_the_tab_and_the_pdf(qtbot, mixed: AppContext, tmp_path: Path) -> None:
    view = open_view(qtbot, mixed, date(2026, 1, 1), date(2026, 4, 30))
    tab = norm(view.overuse_label.text())
    assert "but the criteria changed: 8.2.2 in January to February 2026, then 8.2.8" in tab
    assert "no single criterion was met in more than 3 consecutive months (at most 2)" in tab
    assert "criterion A (headache on 15 or more days) was met in 1 of its 4 months" in tab
    text = report_text(mixed, tmp_path / "r.pdf", date(2026, 3, 1), date(2026, 4, 30))
    assert MIXED_SENTENCE in text
    # page 1's line says the same in short
    assert (
        "Overuse check (ICHD-3 8.2): a threshold was reached in 2 of the 2 calendar months of "
        "this period (8.2.8); in 4 consecutive months, January to April 2026, but no single "
        "criterion in more than 3 (at most 2)" in text
    )
    assert ": more than 3 months" not in text  # no single criterion reached it


def test_a_single_criterion_run_without_criterion_a(ctx: AppContext, tmp_path: Path) -> None:
    """Triptans on 10 days of each of January-April, no headache episode: one criterion
    for 4 months, criterion A in none; the mixed-run sentences must not appear."""
    triptans(ctx, (1, 2, 3, 4))
    s = summary_json(ctx.diary, date(2026, 1, 1), date(2026, 4, 30), TODAY)
    (run,) = s["overuse_runs"]
    assert (run["months"], run["longest_single_criterion_months"]) == (4, 4)
    assert (run["more_than_3_months"], run["headache_15_days_months"]) == (True, 0)
    text = report_text(ctx, tmp_path / "r.pdf", date(2026, 1, 1), date(2026, 4, 30))
    assert (
        "An ICHD-3 8.2 medication threshold was reached in each of 4 consecutive months, "
        "January 2026 to April 2026 (8.2.2): more than 3 months; criterion A (headache on 15 "
        "or more days) was met in none of its 4 months." in text
    )
    for absent in ("criteria changed", "no single criterion", "extends beyond this period"):
        assert absent not in text, absent


# --- point 7: no rate per 30 days under 28 days -------------------------------------------------


def test_short_windows_and_periods_give_counts_not_rates(
    qtbot, ctx: AppContext, make_episode, tmp_path: Path
) -> None:
    # headache on 2, 9, 16 and 21 March; a nerve block on 20 March
    transfer.import_episodes(
        ctx, [make_episode(f"2026-03-{d:02d} 10:00", hours=2, intensity=5) for d in (2, 9, 16, 21)]
    )
    block = history.save_event(ctx, HistoryEvent(date=date(2026, 3, 20), kind="nerve_block"), TODAY)
    s = summary_json(ctx.diary, date(2026, 3, 1), date(2026, 3, 27), TODAY)  # 27 days
    assert (s["headache_days"], s["headache_days_per_30"]) == (4, None)
    (effect,) = [e for e in s["history_effects"] if e["event"] == block.id]
    # before: 2-19 Mar (18 days, from the first record): 2, 9, 16 Mar
    assert (effect["before"]["days"], effect["before"]["headache_days"]) == (18, 3)
    assert effect["before"]["per_30"] is None
    # the day after: 21 Mar, a headache day; the first 7 days: 21-27 Mar
    assert effect["after_1"] == {
        "days": 1,
        "recorded_days": 1,
        "episodes": 1,
        "headache_days": 1,
        "per_30": None,
        "mean_peak_intensity": 5.0,
    }
    assert effect["after_7"]["per_30"] is None and effect["after_30"]["per_30"] is None
    # 28 days is enough for a rate: 4 * 30 / 28 = 4.29
    s28 = summary_json(ctx.diary, date(2026, 3, 1), date(2026, 3, 28), TODAY)
    assert s28["headache_days_per_30"] == 4.3

    text = report_text(ctx, tmp_path / "r.pdf", date(2026, 3, 1), date(2026, 3, 27))
    assert "4 headache days in 27 days" in text  # the key figure's basis
    assert "headache days: 3 in the 18 days before (of 90); 1 in the 7 days after (of 90)" in text
    assert "30.0" not in text and "per 30 days: 30" not in text
    view = open_view(qtbot, ctx, date(2026, 3, 1), date(2026, 3, 27))
    keys = norm(view.key_label.text())
    assert "Headache days per 30 days" in keys and "4 headache days in 27 days" in keys
    assert "per 30 days" not in norm(view.headline.text())
    assert "3 in the 18 days before (of 90)" in norm(view.neck_history.text())
