"""Everything the Analysis tab, the CLI summary and the PDF show, computed in one go.

An :class:`~headache_diary.analysis.results.AnalysisSnapshot` is a plain value (no
session, no ORM objects): the summary, the feature profile and the data the charts need.
:func:`take_snapshot` makes it in one read-only unit of work (see ``services.analysis``);
it can then be worded, charted or printed anywhere, also in another thread.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from headache_diary.analysis import queries as q
from headache_diary.analysis.history_effects import history_effects
from headache_diary.analysis.medication import dose_counts
from headache_diary.analysis.results import AnalysisSnapshot, ChartData, MonthIntensity
from headache_diary.analysis.summary import summarize
from headache_diary.analysis.workup_queries import workup_of
from headache_diary.storage.history import list_events
from headache_diary.storage.medication import list_plan


def take_snapshot(
    session: Session,
    date_from: date | None,
    date_to: date | None,
    today: date,
    *,
    with_charts: bool = True,
) -> AnalysisSnapshot:
    """The snapshot of the period (FORMAT.md period defaults) in ``session``; the feature
    profile is part of the summary (format 2)."""
    period = q.resolve_period(session, date_from, date_to, today)
    summary = summarize(session, period, today)
    monthly: list[MonthIntensity] = []
    if with_charts and summary.episodes:
        for month, pairs in q.monthly_intensity(session, period).items():
            hist = q.Histogram(pairs)
            monthly.append(MonthIntensity(month, float(hist.median()), pairs[-1][0], len(hist)))
    history = list_events(session)
    effects = history_effects(session, period, today, history)
    return AnalysisSnapshot(
        summary,
        ChartData(monthly),
        history,
        effects,
        plan=list_plan(session),
        doses_outside_episodes=dose_counts(session, period),
        today=today,
        workup=workup_of(session, period),  # scores and neck stiffness
    )
