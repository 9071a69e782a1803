"""The summary of a period (FORMAT.md "Summary JSON") as a typed value.

All counts are SQL aggregates over the episode table, its indexed child tables and the
local dates stored at write time (see :mod:`headache_diary.analysis.queries`). Rules:

* the period: ``date_from`` defaults to the earliest episode start or check-in (``to`` for
  an empty diary), ``date_to`` to today (the computer's local date); both inclusive;
* episodes belong to the period by their local start date (local = the zone the episode
  was recorded in);
* headache days are the days of the period on which an episode was in progress, on
  [start, end), an ongoing one up to today, including episodes that began earlier, or a
  check-in reported a headache (``analysis.completeness``);
* a medication counts on the local date it was taken, or the episode's start date;
* percentages, means and per-30 rates are rounded to one decimal, half up, from the exact
  ratio; duration quartiles are exactly ``statistics.quantiles(method="inclusive")`` of the
  ended episodes' durations in minutes.

:meth:`Summary.to_json` is the object ``headache-diary summary --json`` prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy.orm import Session

from headache_diary.analysis import queries as q
from headache_diary.analysis.completeness import Completeness, check_in_days, fold_check_ins
from headache_diary.analysis.overuse import OVERUSE_RULES, OveruseFlag, overuse_flags
from headache_diary.domain import vocab

FORMAT_VERSION = 1


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
    movement_triggered_pct: float | None


@dataclass(frozen=True)
class Summary:
    """Every figure of FORMAT.md's summary object, plus the exact counts beside the
    percentages (``movement_triggered``, ``pressure_provoked``, ``mechanically_provoked``,
    ``ongoing``)."""

    period: q.Period
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
    triggers: Mapping[str, int]
    neck_positions: Mapping[str, int]
    duration: DurationStats | None
    intensity: IntensityStats | None
    medication_days: Mapping[str, int]
    overuse: Sequence[OveruseFlag]
    monthly: Sequence[MonthFigures]
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
            "medication_overuse": [f.to_json() for f in self.overuse],
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
            # exact counts beside the rounded percentages ("more keys may be added")
            "movement_triggered": self.movement_triggered,
            "pressure_provoked": self.pressure_provoked,
            "mechanically_provoked": self.mechanically_provoked,
            "ongoing": self.ongoing,
            "completeness": self.completeness.to_json(),
        }


def summarize(session: Session, period: q.Period, today: date) -> Summary:
    """The summary of ``period`` (already resolved, see :func:`queries.resolve_period`)."""
    months = period.months()

    side = dict.fromkeys(vocab.SIDES, 0)
    per_month: dict[str, dict[str, int]] = {
        m: {"n": 0, "left": 0, "right": 0, "both": 0, "mov": 0} for m in months
    }
    movement = mechanical = pressure = ongoing = 0
    whole = q.covers_all(session, period)
    agg = q.episode_aggregates(session, period, whole)
    for month, s, n, running, mov, mech, press in agg.month_side:
        ongoing += running
        side[s] = side.get(s, 0) + n
        movement += mov
        mechanical += mech
        pressure += press
        pm = per_month.setdefault(month, {"n": 0, "left": 0, "right": 0, "both": 0, "mov": 0})
        pm["n"] += n
        pm["mov"] += mov
        if s in pm:
            pm[s] += n
    episodes = sum(side.values())
    known = side["left"] + side["right"] + side["both"]
    unilateral = side["left"] + side["right"]
    dominant: str | None = None
    if side["left"] > side["right"]:
        dominant = "left"
    elif side["right"] > side["left"]:
        dominant = "right"

    islands = q.headache_islands(session, period, today, whole)
    hd_month = q.days_per_month(islands)
    # check-ins that reported a headache on a day without an episode are headache days too
    daily = fold_check_ins(islands, check_in_days(session, period), period, today)
    for day in daily.extra_headache_days:
        key = f"{day.year:04d}-{day.month:02d}"
        hd_month[key] = hd_month.get(key, 0) + 1
    headache_days = sum(hd_month.values())

    trig_counts = q.trigger_counts(session, period, whole)
    neck_positions = {c: agg.neck.get(c, 0) for c in vocab.NECK_POSITIONS}
    neck_positions["not_recorded"] = agg.neck.get("not_recorded", 0)

    durations = q.Histogram([(secs / 60, n) for secs, n in agg.duration])
    duration = None
    if len(durations):
        p25, p75 = durations.quartiles()
        duration = DurationStats(
            float(durations.median()), float(p25), float(p75), float(durations.values[-1])
        )

    intensity = None
    if agg.intensity:
        hist = q.Histogram(agg.intensity)
        total = sum(v * n for v, n in agg.intensity)
        intensity = IntensityStats(
            q.round_half_up(Fraction(total, len(hist))), float(hist.median())
        )

    # distinct dates per class and month; a class's days in the period are the sum over
    # its months (months partition the dates)
    med_groups: dict[str, Sequence[str]] = {f"class:{c}": (c,) for c in vocab.MEDICATION_CLASSES}
    med_groups.update({r.id: r.classes for r in OVERUSE_RULES if r.classes})
    med_month = q.medication_days_per_month(session, period, med_groups)
    med_days = {
        c: sum(m[f"class:{c}"] for m in med_month.values()) for c in vocab.MEDICATION_CLASSES
    }

    monthly = [
        MonthFigures(
            m,
            per_month[m]["n"],
            hd_month.get(m, 0),
            q.pct(
                per_month[m]["left"] + per_month[m]["right"],
                per_month[m]["left"] + per_month[m]["right"] + per_month[m]["both"],
            ),
            q.pct(per_month[m]["mov"], per_month[m]["n"]),
        )
        for m in months
    ]
    return Summary(
        period=period,
        episodes=episodes,
        headache_days=headache_days,
        side=side,
        unilateral_pct=q.pct(unilateral, known),
        dominant_side=dominant,
        dominant_side_pct=None if dominant is None else q.pct(side[dominant], unilateral),
        side_shifts=q.side_shifts(session, period, whole),
        movement_triggered=movement,
        pressure_provoked=pressure,
        mechanically_provoked=mechanical,
        movement_triggered_pct=q.pct(movement, episodes),
        pressure_provoked_pct=q.pct(pressure, episodes),
        mechanically_provoked_pct=q.pct(mechanical, episodes),
        headache_days_per_30=(
            None if period.days == 0 else q.round_half_up(Fraction(headache_days * 30, period.days))
        ),
        triggers={c: trig_counts.get(c, 0) for c in vocab.TRIGGERS},
        neck_positions=neck_positions,
        duration=duration,
        intensity=intensity,
        medication_days={c: med_days.get(c, 0) for c in vocab.MEDICATION_CLASSES},
        overuse=overuse_flags(months, med_month, hd_month),
        monthly=monthly,
        ongoing=ongoing,
        completeness=daily.completeness,
    )
