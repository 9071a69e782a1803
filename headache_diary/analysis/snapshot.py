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
from headache_diary.analysis.profile import ProfileGroup, feature_profile
from headache_diary.analysis.summary import Summary, summarize
from headache_diary.domain.history import HistoryEvent
from headache_diary.storage.history import list_events


@dataclass(frozen=True)
class ChartData:
    """What the charts need beyond the summary."""

    #: (local start date, highest intensity, episodes) per day with a recorded intensity
    daily_peaks: list[tuple[date, int, int]]


@dataclass(frozen=True)
class AnalysisSnapshot:
    summary: Summary
    profile: list[ProfileGroup]
    charts: ChartData
    #: the neck history, in date order (every event, whatever the period)
    history: list[HistoryEvent] = field(default_factory=list)
    #: before/after figures of each event, in the same order (FORMAT.md history_effects)
    history_effects: list[EventEffect] = field(default_factory=list)

    @property
    def period(self) -> q.Period:
        return self.summary.period

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
    with_profile: bool = True,
    with_charts: bool = True,
) -> AnalysisSnapshot:
    """The snapshot of the period (FORMAT.md period defaults) in ``session``."""
    period = q.resolve_period(session, date_from, date_to, today)
    summary = summarize(session, period, today)
    profile = feature_profile(session, period) if with_profile else []
    daily = q.daily_peak_intensity(session, period) if with_charts and summary.episodes else []
    history = list_events(session)
    effects = history_effects(session, period, today, history)
    return AnalysisSnapshot(summary, profile, ChartData(daily), history, effects)
