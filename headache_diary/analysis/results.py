"""The plain values the analysis returns, without a query (DESIGN.md "Architecture": ui/
imports them and loads no SQLAlchemy): the period and its rounding, the summary (FORMAT.md
"Summary JSON", format 2) with its profile and completeness, the neck history's
before/after figures, and the snapshot. The query modules that fill them import them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from headache_diary.analysis import features as specs
from headache_diary.analysis.overuse import OveruseResult
from headache_diary.analysis.period import (  # noqa: F401  (re-exported)
    MIN_RATE_DAYS,
    Period,
    pct,
    per_30,
    round_half_up,
)
from headache_diary.domain.history import HistoryEvent
from headache_diary.domain.medication import PlanEntry

if TYPE_CHECKING:
    from headache_diary.analysis.workup import BlockResponse, Workup

FORMAT_VERSION = 2


@dataclass(frozen=True)
class Completeness:
    """How many days of the period (up to today) the diary says something about."""

    #: days of the period up to today
    days: int
    recorded_days: int
    headache_free_days: int
    unrecorded_days: int
    #: check-ins in the period (any day), and those that reported a headache
    check_ins: int
    headache_check_ins: int

    @property
    def headache_days(self) -> int:
        """Recorded days that are headache days (up to today)."""
        return self.recorded_days - self.headache_free_days

    def to_json(self) -> dict[str, int]:
        return {
            "recorded_days": self.recorded_days,
            "headache_free_days": self.headache_free_days,
            "unrecorded_days": self.unrecorded_days,
        }


@dataclass(frozen=True)
class ProfileFeature:
    """A row of the feature profile. ``source_label`` and ``source_criterion`` are the
    English source texts the summary JSON keeps (DESIGN.md "Languages"); :attr:`label`,
    :attr:`criterion`, :attr:`note` and :attr:`left_out` say them in the current
    language, when they are read."""

    id: str
    source_label: str
    source_criterion: str
    count: int
    denominator: int
    #: what the denominator counts, the English key, e.g. "episodes with a known side"
    of: str
    #: the English source of the note (docs); :attr:`note` is the one to show
    source_note: str = ""
    #: episodes of the period left out of the denominator because the field was not
    #: recorded (None where the denominator is not about recording, e.g. ended episodes)
    not_recorded: int | None = None
    #: episodes left out of a known-side denominator because the side was unsure
    side_unsure: int = 0
    #: side_locked only: the more frequent side ("left", "right", "equal" or "") and the
    #: side shifts
    side: str = ""
    shifts: int = 0

    @property
    def pct(self) -> float | None:
        return pct(self.count, self.denominator)

    @property
    def label(self) -> str:
        return specs.feature_label(self.id, self.side)

    @property
    def criterion(self) -> str:
        return specs.feature_criterion(self.id)

    @property
    def note(self) -> str:
        return specs.feature_note(self.id, self.shifts)

    @property
    def left_out(self) -> str:
        """Said beside the share: "20 not recorded", "side unsure in 3" ("" when none)."""
        return specs.left_out_text(self.side_unsure, self.not_recorded)

    def as_text(self) -> str:
        """``7 of 9 episodes with a known side``; ``no episodes with ...`` when none."""
        return specs.of_phrase(self.of, self.count, self.denominator)


@dataclass(frozen=True)
class ProfileGroup:
    """A group of the feature profile; ``label``, ``criterion`` and ``note`` are read in
    the current language."""

    id: str
    features: list[ProfileFeature] = field(default_factory=list)

    @property
    def label(self) -> str:
        return specs.group_label(self.id)

    @property
    def criterion(self) -> str:
        return specs.group_criterion(self.id)

    @property
    def note(self) -> str:
        return specs.group_note(self.id)


@dataclass(frozen=True)
class DurationStats:
    """Minutes, over the episodes that ended."""

    median: float
    p25: float
    p75: float
    max: float


@dataclass(frozen=True)
class IntensityStats:
    mean: float
    median: float


@dataclass(frozen=True)
class MonthFigures:
    month: str
    episodes: int
    headache_days: int
    unilateral_pct: float | None
    #: of the month's episodes with triggers recorded
    movement_triggered_pct: float | None


@dataclass(frozen=True)
class Recorded:
    """Episodes of the period where each field was recorded (FORMAT.md ``recorded``)."""

    triggers: int
    symptoms: int
    neck_position: int
    character: int
    pain_origin: int
    pain_locations: int
    intensity: int

    def to_json(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class OngoingEpisode:
    """An episode still marked ongoing that was in progress during the period."""

    started: date
    #: days of the period it was in progress (up to today), other episodes or not
    headache_days: int
    #: the last of those days (the period's end or today)
    until: date


@dataclass(frozen=True)
class Summary:
    """Every figure of FORMAT.md's summary object (format 2), plus the exact counts beside
    the percentages (``movement_triggered``, ``pressure_provoked``,
    ``mechanically_provoked``, ``ongoing``) and the relief recorded by class."""

    period: Period
    episodes: int
    headache_days: int
    side: Mapping[str, int]
    unilateral_pct: float | None
    dominant_side: str | None
    dominant_side_pct: float | None
    side_shifts: int
    movement_triggered: int
    pressure_provoked: int
    mechanically_provoked: int
    movement_triggered_pct: float | None
    pressure_provoked_pct: float | None
    mechanically_provoked_pct: float | None
    headache_days_per_30: float | None
    #: every trigger code, then "none" and "not_recorded"
    triggers: Mapping[str, int]
    neck_positions: Mapping[str, int]
    duration: DurationStats | None
    intensity: IntensityStats | None
    medication_days: Mapping[str, int]
    overuse: OveruseResult
    #: (month, headache days in the whole calendar month) with >= 15 (8.2 criterion A)
    headache_15_days: Sequence[tuple[str, int]]
    monthly: Sequence[MonthFigures]
    recorded: Recorded
    ongoing_episodes: Sequence[OngoingEpisode]
    started_before_period: int
    profile: list[ProfileGroup]
    #: class -> relief -> doses, for the doses of the period's episodes
    relief_by_class: Mapping[str, Mapping[str, int]]
    #: episodes of the period still marked ongoing
    ongoing: int
    #: days recorded / confirmed headache-free / without a record (analysis.completeness)
    completeness: Completeness

    @property
    def known_side(self) -> int:
        return self.side["left"] + self.side["right"] + self.side["both"]

    @property
    def unilateral(self) -> int:
        return self.side["left"] + self.side["right"]

    def to_json(self) -> dict[str, Any]:
        """The FORMAT.md summary object (key order as documented)."""
        dur = self.duration
        inten = self.intensity
        return {
            "format_version": FORMAT_VERSION,
            "period": {
                "from": self.period.start.isoformat(),
                "to": self.period.end.isoformat(),
                "days": self.period.days,
            },
            "episodes": self.episodes,
            "headache_days": self.headache_days,
            "side": dict(self.side),
            "unilateral_pct": self.unilateral_pct,
            "dominant_side": self.dominant_side,
            "dominant_side_pct": self.dominant_side_pct,
            "side_shifts": self.side_shifts,
            "movement_triggered_pct": self.movement_triggered_pct,
            "pressure_provoked_pct": self.pressure_provoked_pct,
            "mechanically_provoked_pct": self.mechanically_provoked_pct,
            "headache_days_per_30": self.headache_days_per_30,
            "triggers": dict(self.triggers),
            "neck_positions": dict(self.neck_positions),
            "duration_minutes": (
                None
                if dur is None
                else {"median": dur.median, "p25": dur.p25, "p75": dur.p75, "max": dur.max}
            ),
            "intensity": None if inten is None else {"mean": inten.mean, "median": inten.median},
            "medication_days": dict(self.medication_days),
            "monthly": [
                {
                    "month": m.month,
                    "episodes": m.episodes,
                    "headache_days": m.headache_days,
                    "unilateral_pct": m.unilateral_pct,
                    "movement_triggered_pct": m.movement_triggered_pct,
                }
                for m in self.monthly
            ],
            "recorded": self.recorded.to_json(),
            "medication_overuse": [f.to_json() for f in self.overuse.months],
            "overuse_runs": [r.to_json() for r in self.overuse.runs],
            "headache_15_days_months": [m for m, _days in self.headache_15_days],
            "ongoing_episodes": [
                {"started": o.started.isoformat(), "headache_days": o.headache_days}
                for o in self.ongoing_episodes
            ],
            "started_before_period": self.started_before_period,
            "profile": [
                {
                    "group": g.id,
                    "features": [
                        {
                            "id": f.id,
                            "label": f.source_label,
                            "count": f.count,
                            "of": f.denominator,
                            "criterion": f.source_criterion,
                            "not_recorded": f.not_recorded,
                        }
                        for f in g.features
                    ],
                }
                for g in self.profile
            ],
            # exact counts beside the rounded percentages ("more keys may be added")
            "movement_triggered": self.movement_triggered,
            "pressure_provoked": self.pressure_provoked,
            "mechanically_provoked": self.mechanically_provoked,
            "ongoing": self.ongoing,
            "relief_by_class": {c: dict(r) for c, r in self.relief_by_class.items()},
            "completeness": self.completeness.to_json(),
        }


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
    #: the neck workup: scores and neck stiffness (analysis.workup)
    workup: Workup | None = None

    def plan_in_period(self) -> list[PlanEntry]:
        """The plan entries taken on some day of the period (by start date)."""
        p = self.period
        today = self.today or p.end
        return [e for e in self.plan if e.overlaps(p.start, p.end, today)]

    @property
    def period(self) -> Period:
        return self.summary.period

    @property
    def profile(self) -> list[ProfileGroup]:
        return self.summary.profile

    def to_json(self) -> dict[str, Any]:
        """The summary object of FORMAT.md (what ``summary --json`` prints)."""
        out = self.summary.to_json()
        if self.workup is not None:  # FORMAT.md: scores and neck_stiffness
            out["scores"] = self.workup.scores_json()
            out["neck_stiffness"] = self.workup.neck_stiffness.to_json()
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


WINDOW_DAYS = 90
#: (window name, nominal days, first day after the event, last day after it); negative
#: offsets are before the event
WINDOWS: tuple[tuple[str, int, int, int], ...] = (("before", 90, -90, -1), ("after", 90, 1, 90))
NERVE_BLOCK_WINDOWS: tuple[tuple[str, int, int, int], ...] = (
    ("after_1", 1, 1, 1),
    ("after_7", 7, 1, 7),
    ("after_30", 30, 1, 30),
)


@dataclass(frozen=True)
class WindowFigures:
    name: str
    #: the window's length before clipping (90, or 1/7/30 after a nerve block)
    nominal_days: int
    #: the clipped range; None when no day of it is in the period and the record
    start: date | None
    end: date | None
    days: int
    recorded_days: int
    episodes: int
    headache_days: int
    per_30: float | None
    mean_peak_intensity: float | None

    @property
    def short(self) -> bool:
        """Fewer days than the window's nominal length (clipped)."""
        return self.days < self.nominal_days

    @property
    def unrecorded_days(self) -> int:
        return self.days - self.recorded_days

    def to_json(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "recorded_days": self.recorded_days,
            "episodes": self.episodes,
            "headache_days": self.headache_days,
            "per_30": self.per_30,
            "mean_peak_intensity": self.mean_peak_intensity,
        }


@dataclass(frozen=True)
class EventEffect:
    event: HistoryEvent
    #: the day the windows are around (the 15th for a month); None for a year
    date: date | None
    #: before, after, then (nerve blocks) after_1, after_7, after_30; empty for a year
    windows: tuple[WindowFigures, ...]
    #: other events placed within 90 days of this one: their windows overlap
    nearby: tuple[HistoryEvent, ...] = ()
    #: a nerve block's response, when its block sheet was recorded (analysis.workup)
    block_response: BlockResponse | None = None

    @property
    def approximate(self) -> bool:
        return self.event.approximate

    def window(self, name: str) -> WindowFigures | None:
        for w in self.windows:
            if w.name == name:
                return w
        return None

    @property
    def has_figures(self) -> bool:
        """Some window has days in the period and the record."""
        return any(w.days for w in self.windows)

    def to_json(self) -> dict[str, Any]:
        """One entry of FORMAT.md ``history_effects`` (plus ``date_precision`` and
        ``title``; "more keys may be added")."""
        ev = self.event
        out: dict[str, Any] = {
            "event": ev.id,
            "date": (self.date or ev.date).isoformat(),
            "kind": ev.kind,
            "approximate": ev.approximate,
            "date_precision": ev.date_precision,
            "title": ev.title,
        }
        names = ["before", "after"]
        if ev.kind == "nerve_block":
            names += [n for n, *_ in NERVE_BLOCK_WINDOWS]
        for name in names:
            w = self.window(name)
            out[name] = None if w is None else w.to_json()
        if self.block_response is not None:
            out["block_response"] = self.block_response.to_json()
        return out
