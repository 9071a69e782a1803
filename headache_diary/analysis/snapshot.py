"""Everything the Analysis tab, the CLI summary and the PDF show, computed in one go.

An :class:`AnalysisSnapshot` is a plain value (no session, no ORM objects): the summary,
the feature profile and the data the charts need. It is made in one read-only unit of
work (see ``services.analysis``) and can then be worded, charted or printed anywhere,
also in another thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from headache_diary.analysis import queries as q
from headache_diary.analysis.history_effects import EventEffect, history_effects
from headache_diary.analysis.profile import ProfileGroup
from headache_diary.analysis.summary import Summary, summarize
from headache_diary.domain.history import HistoryEvent
from headache_diary.storage.history import list_events


@dataclass(frozen=True)
class MonthIntensity:
    """Peak intensities of the episodes starting in a month that have one."""

    month: str
    median: float
    highest: int
    episodes: int


@dataclass(frozen=True)
class ChartData:
    """What the charts need beyond the summary."""

    #: every month of the period with a recorded intensity, ascending
    monthly_intensity: list[MonthIntensity]


@dataclass(frozen=True)
class AnalysisSnapshot:
    summary: Summary
    charts: ChartData
    #: the neck history, in date order (every event, whatever the period)
    history: list[HistoryEvent] = field(default_factory=list)
    #: before/after figures of each event, in the same order (FORMAT.md history_effects)
    history_effects: list[EventEffect] = field(default_factory=list)

    @property
    def period(self) -> q.Period:
        return self.summary.period

    @property
    def profile(self) -> list[ProfileGroup]:
        return self.summary.profile

    def to_json(self) -> dict[str, Any]:
        """The summary object of FORMAT.md (what ``summary --json`` prints)."""
        out = self.summary.to_json()
        out["history_effects"] = [e.to_json() for e in self.history_effects]
        return out


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
    return AnalysisSnapshot(summary, ChartData(monthly), history, effects)
