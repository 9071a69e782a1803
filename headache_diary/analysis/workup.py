"""The neck workup's figures (DESIGN.md "Neck workup records", FORMAT.md summary keys
``block_response``, ``scores`` and ``neck_stiffness``), as plain values computed without a
query (``analysis.workup_queries`` reads the rows): a nerve block's response (relief per
rating, the span of at least 80 % relief, the span of pain 0), the scores of the period
and the latest of each with its change, and the monthly mean neck stiffness of the daily
check-ins.

Percentages and means are rounded to one decimal, half up, from the exact ratio
(FORMAT.md); the 80 % bar is compared exactly (5 x relief >= 4 x pain before). Facts
only: nothing here says whether ICHD-3 11.2.1 C4 is met.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from headache_diary.analysis.period import Period, round_half_up
from headache_diary.domain.workup import INSTRUMENTS, RELIEF_BAR_PCT, NerveBlock, Score, Total

# --- nerve-block response -------------------------------------------------------------------


@dataclass(frozen=True)
class RatedTime:
    after_minutes: int
    pain: int
    #: (pain before - pain) / pain before x 100; None without a pain before above 0
    relief_pct: float | None
    #: at least :data:`RELIEF_BAR_PCT` % relief (exact comparison)
    at_bar: bool = False


@dataclass(frozen=True)
class BlockResponse:
    pain_before: int | None
    lowest_pain: int | None
    #: the first rating at the lowest pain
    lowest_after_minutes: int | None
    max_relief_pct: float | None
    #: some rating 0 after a pain before above 0
    complete_relief: bool
    #: the first rating with >= 80 % relief and the last of the unbroken run of such
    #: ratings that starts there; None when none
    at_least_80_pct_from: int | None
    at_least_80_pct_until: int | None
    relief_hours: Total | None
    ratings: tuple[RatedTime, ...]
    #: the first rating of pain 0 and the last of the unbroken run of them (not in the
    #: JSON: the wording's "pain 0 from .. to ..")
    pain_0_from: int | None = None
    pain_0_until: int | None = None

    def to_json(self) -> dict[str, Any]:
        """FORMAT.md ``history_effects[].block_response``."""
        return {
            "pain_before": self.pain_before,
            "lowest_pain": self.lowest_pain,
            "lowest_after_minutes": self.lowest_after_minutes,
            "max_relief_pct": self.max_relief_pct,
            "complete_relief": self.complete_relief,
            "at_least_80_pct_from": self.at_least_80_pct_from,
            "at_least_80_pct_until": self.at_least_80_pct_until,
            "relief_hours": self.relief_hours,
            "ratings": [
                {"after_minutes": r.after_minutes, "pain": r.pain, "relief_pct": r.relief_pct}
                for r in self.ratings
            ],
        }


def _first_run(flags: Sequence[bool], minutes: Sequence[int]) -> tuple[int | None, int | None]:
    """Minutes of the first True and of the last True of the unbroken run starting there."""
    start = next((i for i, f in enumerate(flags) if f), None)
    if start is None:
        return None, None
    end = start
    while end + 1 < len(flags) and flags[end + 1]:
        end += 1
    return minutes[start], minutes[end]


def block_response(block: NerveBlock) -> BlockResponse:
    """The response figures of ``block`` (its ratings in time order)."""
    ratings = sorted(block.ratings, key=lambda r: r.after_minutes)
    before = block.pain_before
    rated = []
    for r in ratings:
        if before:
            exact = Fraction(100 * (before - r.pain), before)
            bar = 100 * (before - r.pain) >= RELIEF_BAR_PCT * before
            rated.append(RatedTime(r.after_minutes, r.pain, round_half_up(exact), bar))
        else:
            rated.append(RatedTime(r.after_minutes, r.pain, None, False))
    minutes = [r.after_minutes for r in rated]
    lowest = min((r.pain for r in rated), default=None)
    reliefs = [r.relief_pct for r in rated if r.relief_pct is not None]
    bar_from, bar_until = _first_run([r.at_bar for r in rated], minutes)
    zero_from, zero_until = _first_run([r.pain == 0 for r in rated], minutes)
    return BlockResponse(
        pain_before=before,
        lowest_pain=lowest,
        lowest_after_minutes=next((r.after_minutes for r in rated if r.pain == lowest), None),
        max_relief_pct=max(reliefs, default=None),
        complete_relief=bool(before) and lowest == 0,
        at_least_80_pct_from=bar_from,
        at_least_80_pct_until=bar_until,
        relief_hours=block.relief_hours,
        ratings=tuple(rated),
        pain_0_from=zero_from,
        pain_0_until=zero_until,
    )


# --- scores ---------------------------------------------------------------------------------


def series_order(key: tuple[str, str]) -> tuple[int, str]:
    instrument, name = key
    rank = INSTRUMENTS.index(instrument) if instrument in INSTRUMENTS else len(INSTRUMENTS)
    return rank, name


@dataclass(frozen=True)
class LatestScore:
    """The latest score of an instrument (or named score) in the period, and the one
    before it (also from before the period), with the change between them."""

    latest: Score
    previous: Score | None

    @property
    def change(self) -> Total | None:
        if self.previous is None:
            return None
        diff = Fraction(str(self.latest.total)) - Fraction(str(self.previous.total))
        return int(diff) if diff.denominator == 1 else float(diff)


def latest_scores(scores: Iterable[Score], period: Period) -> list[LatestScore]:
    """Per instrument (named score) with a score in the period: its latest there and the
    one before it; instruments in their order (NDI, HIT-6, MIDAS, others by name)."""
    by_series: dict[tuple[str, str], list[Score]] = {}
    for s in sorted(scores, key=lambda s: s.date):  # stable: entry order on a day
        if s.date <= period.end:
            by_series.setdefault(s.series, []).append(s)
    out = []
    for key in sorted(by_series, key=series_order):
        series = by_series[key]
        if series[-1].date < period.start:
            continue
        out.append(LatestScore(series[-1], series[-2] if len(series) > 1 else None))
    return out


def in_period(scores: Iterable[Score], period: Period) -> list[Score]:
    """The scores dated in the period, by date, then instrument code, then name (FORMAT.md)."""
    chosen = [s for s in scores if period.start <= s.date <= period.end]
    return sorted(chosen, key=lambda s: (s.date, s.instrument, s.name))


def scores_json(scores: Iterable[Score]) -> list[dict[str, Any]]:
    return [
        {"instrument": s.instrument, "name": s.name, "date": s.date.isoformat(), "total": s.total}
        for s in scores
    ]


# --- neck stiffness -------------------------------------------------------------------------


@dataclass(frozen=True)
class StiffnessMonth:
    month: str
    #: check-ins of the month (in the period) with a stiffness rating
    days: int
    mean: float | None


@dataclass(frozen=True)
class NeckStiffness:
    check_ins: int
    mean: float | None
    monthly: list[StiffnessMonth] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "check_ins": self.check_ins,
            "mean": self.mean,
            "monthly": [{"month": m.month, "days": m.days, "mean": m.mean} for m in self.monthly],
        }

    def month(self, month: str) -> StiffnessMonth | None:
        return next((m for m in self.monthly if m.month == month), None)


def neck_stiffness(period: Period, ratings: Iterable[tuple[date, int]]) -> NeckStiffness:
    """The check-ins' neck stiffness in ``period``: (day, rating 0-10) pairs, one a day."""
    sums: dict[str, tuple[int, int]] = {}
    for day, value in ratings:
        if period.start <= day <= period.end:
            month = f"{day.year:04d}-{day.month:02d}"
            days, total = sums.get(month, (0, 0))
            sums[month] = (days + 1, total + value)
    return stiffness_of_months(period, sums)


def stiffness_of_months(period: Period, sums: Mapping[str, tuple[int, int]]) -> NeckStiffness:
    """The same from each month's (ratings, sum of the ratings) of the period's days
    (``analysis.workup_queries`` adds them up in SQL: a few rows, whatever the days)."""
    monthly = []
    n = total = 0
    for month in period.months():
        days, month_total = sums.get(month, (0, 0))
        mean = round_half_up(Fraction(month_total, days)) if days else None
        monthly.append(StiffnessMonth(month, days, mean))
        n += days
        total += month_total
    return NeckStiffness(n, round_half_up(Fraction(total, n)) if n else None, monthly)


# --- the snapshot's part --------------------------------------------------------------------


@dataclass(frozen=True)
class Workup:
    """What the snapshot holds of the neck workup."""

    #: every score of the diary, by date (the "previous" of a latest one may be older)
    scores: list[Score] = field(default_factory=list)
    #: the period's scores, in FORMAT.md order
    period_scores: list[Score] = field(default_factory=list)
    neck_stiffness: NeckStiffness = field(default_factory=lambda: NeckStiffness(0, None))

    def latest(self, period: Period) -> list[LatestScore]:
        return latest_scores(self.scores, period)

    def scores_json(self) -> list[dict[str, Any]]:
        """FORMAT.md summary ``scores``: the period's."""
        return scores_json(self.period_scores)
