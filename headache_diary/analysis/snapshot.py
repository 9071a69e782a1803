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
from headache_diary.analysis.medication import dose_counts
from headache_diary.analysis.profile import ProfileGroup
from headache_diary.analysis.summary import Summary, summarize
from headache_diary.domain.history import HistoryEvent
from headache_diary.domain.medication import PlanEntry
from headache_diary.storage.history import list_events
from headache_diary.storage.medication import list_plan


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
    #: the medication plan, by start date (every entry, whatever the period)
    plan: list[PlanEntry] = field(default_factory=list)
    #: doses taken outside an episode in the period, by class (every class, zeros included)
    doses_outside_episodes: dict[str, int] = field(default_factory=dict)
    #: the day the snapshot was taken (an entry still taken runs up to it)
    today: date | None = None

    def plan_in_period(self) -> list[PlanEntry]:
        """The plan entries taken on some day of the period (by start date)."""
        p = self.period
        today = self.today or p.end
        return [e for e in self.plan if e.overlaps(p.start, p.end, today)]

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
        # added keys ("more keys may be added"): the plan entries taken in the period, as
        # in the diary JSON, and the doses outside an episode per class
        out["medication_plan"] = [
            {
                "id": e.id,
                "name": e.name,
                "class": e.med_class,
                "dose": e.dose,
                "started": e.started.isoformat(),
                "stopped": None if e.stopped is None else e.stopped.isoformat(),
                "for_headache": e.for_headache,
                "counts_as_medication_days": e.counts,
            }
            for e in self.plan_in_period()
        ]
        out["doses_outside_episodes"] = dict(self.doses_outside_episodes)
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
    return AnalysisSnapshot(
        summary,
        ChartData(monthly),
        history,
        effects,
        plan=list_plan(session),
        doses_outside_episodes=dose_counts(session, period),
        today=today,
    )
