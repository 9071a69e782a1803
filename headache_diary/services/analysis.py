"""The analysis of a period, in one read-only unit of work."""

from __future__ import annotations

from datetime import date

from headache_diary.analysis.queries import resolve_period
from headache_diary.analysis.results import AnalysisSnapshot, Period
from headache_diary.analysis.snapshot import take_snapshot
from headache_diary.context import AppContext
from headache_diary.domain.jobs import Job


def analysis_snapshot(
    ctx: AppContext,
    date_from: date | None = None,
    date_to: date | None = None,
    today: date | None = None,
    *,
    with_charts: bool = True,
    job: Job | None = None,
) -> AnalysisSnapshot:
    """Summary, feature profile and chart data of the period (FORMAT.md defaults: from the
    first record, to today). Cancelling ``job`` stops the queries at once."""
    with ctx.diary.read_session(job) as s:
        return take_snapshot(
            s,
            date_from,
            date_to,
            today or date.today(),
            with_charts=with_charts,
        )


def period_of(
    ctx: AppContext, date_from: date | None, date_to: date | None, today: date | None = None
) -> Period:
    """The period a summary or report of these bounds covers (e.g. for a file name)."""
    with ctx.diary.read_session() as s:
        return resolve_period(s, date_from, date_to, today or date.today())
