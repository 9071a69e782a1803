"""SQL building blocks shared by the summary, the feature profile and the charts.

Everything here returns plain tuples and numbers computed by SQLite aggregates (GROUP BY,
COUNT DISTINCT, window functions); nothing loads ORM objects. Dates are ISO strings, which
compare correctly as text, so the stored local dates (``start_local_date``,
``end_local_date``, ``taken_local_date``) are filtered and grouped in SQL directly.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from itertools import accumulate

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from headache_diary.domain.errors import StorageError

#: trigger codes: DESIGN.md "movement-triggered" and "mechanically provoked"
MOVEMENT = ("neck_movement", "sustained_posture")
PRESSURE = ("neck_pressure",)
UNILATERAL = ("left", "right")
KNOWN_SIDE = ("left", "right", "both")


@dataclass(frozen=True)
class Period:
    """Inclusive range of local calendar days."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return max(0, (self.end - self.start).days + 1)

    @property
    def params(self) -> dict[str, str]:
        return {"f": self.start.isoformat(), "t": self.end.isoformat()}

    def months(self) -> list[str]:
        """Every calendar month (``YYYY-MM``) overlapping the period, ascending."""
        if self.days == 0:
            return []
        out = []
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


@contextmanager
def readable_errors() -> Iterator[None]:
    """Turn database failures into a StorageError a patient can read."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise StorageError(
            f"The diary could not be read for the analysis ({exc.__class__.__name__}). "
            "Close other programs that use it and try again."
        ) from exc


def first_start_date(session: Session) -> date | None:
    """Local start date of the first episode in the diary (indexed MIN)."""
    value = session.execute(text("SELECT min(start_local_date) FROM episode")).scalar()
    return None if value is None else date.fromisoformat(value)


def resolve_period(
    session: Session, date_from: date | None, date_to: date | None, today: date
) -> Period:
    """FORMAT.md period defaults.

    Without ``date_to`` the period ends today; without ``date_from`` it starts on the first
    episode's local start date, or on ``to`` when the diary is empty (or when the first
    episode starts after ``to``, so that the period is never negative).
    """
    end = date_to if date_to is not None else today
    if date_from is not None:
        return Period(date_from, end)
    first = first_start_date(session)
    start = end if first is None or first > end else first
    return Period(start, end)


def round_half_up(value: Fraction | int, digits: int = 1) -> float:
    """Round an exact value half up (away from zero for the positive values used here)."""
    scale = 10**digits
    return float(Fraction(math.floor(Fraction(value) * scale + Fraction(1, 2)), scale))


def pct(num: int, den: int) -> float | None:
    """``num / den`` in percent, one decimal, half up from the exact ratio; None if den 0."""
    if not den:
        return None
    return round_half_up(Fraction(100 * num, den))


def in_list(values: Sequence[str]) -> str:
    """A SQL literal list of known vocabulary codes (constants only, never user input)."""
    for v in values:
        if not v.replace("_", "").isalnum():
            raise ValueError(f"not a vocabulary code: {v!r}")
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


_IN_PERIOD = "e.start_local_date BETWEEN :f AND :t"


def covers_all(session: Session, period: Period) -> bool:
    """True when every episode of the diary starts inside the period (two indexed MIN/MAX
    look-ups); queries on the child tables can then skip the join to ``episode``."""
    lo, hi = session.execute(
        text(
            "SELECT (SELECT min(start_local_date) FROM episode), "
            "(SELECT max(start_local_date) FROM episode)"
        )
    ).one()
    return lo is None or (lo >= period.start.isoformat() and hi <= period.end.isoformat())


@dataclass
class EpisodeAggregates:
    """Every count over the episodes of a period that needs no other table but triggers."""

    #: (month, side, episodes, ongoing, movement-triggered, mechanically provoked,
    #: pressure-provoked)
    month_side: list[tuple[str, str, int, int, int, int, int]]
    #: neck position code ("not_recorded" for NULL) -> episodes
    neck: dict[str, int]
    #: (intensity, episodes), ascending
    intensity: list[tuple[int, int]]
    #: (duration in seconds, episodes) of ended episodes, ascending
    duration: list[tuple[int, int]]


def episode_aggregates(session: Session, period: Period, whole: bool = False) -> EpisodeAggregates:
    """One statement, one pass over the episodes of the period.

    Each episode looks up its own triggers once (one seek in the (episode_pk, code)
    primary key), folded into a bit mask: 1 = movement/posture, 2 = pressure. The
    per-episode rows are MATERIALIZED once (so the look-up is not repeated per aggregate)
    and four GROUP BYs over that small in-memory table give the month/side counts, neck
    positions and the intensity and duration histograms. ``whole`` (every episode is in
    the period): a plain table scan beats walking the date index row by row.
    """
    where = "+e.start_local_date BETWEEN :f AND :t" if whole else _IN_PERIOD
    sql = f"""
        WITH x AS MATERIALIZED (
            SELECT substr(e.start_local_date, 1, 7) AS month, e.side AS side,
                   e.ended_utc - e.started_utc AS dur,
                   coalesce(e.neck_position, 'not_recorded') AS neck,
                   e.intensity AS intensity,
                   coalesce((SELECT max(t.code IN {in_list(MOVEMENT)})
                                    + 2 * max(t.code IN {in_list(PRESSURE)})
                             FROM episode_trigger t WHERE t.episode_pk = e.pk), 0) AS fl
            FROM episode e WHERE {where}
        )
        SELECT 'm', month, side, count(*), sum(dur IS NULL), sum(fl & 1), sum(fl > 0),
               sum(fl >> 1)
        FROM x GROUP BY month, side
        UNION ALL
        SELECT 'n', neck, NULL, count(*), 0, 0, 0, 0 FROM x GROUP BY neck
        UNION ALL
        SELECT 'i', intensity, NULL, count(*), 0, 0, 0, 0 FROM x
        WHERE intensity IS NOT NULL GROUP BY intensity
        UNION ALL
        SELECT 'd', dur, NULL, count(*), 0, 0, 0, 0 FROM x
        WHERE dur IS NOT NULL GROUP BY dur
    """
    out = EpisodeAggregates([], {}, [], [])
    for kind, key, side, n, running, mov, mech, press in session.execute(text(sql), period.params):
        if kind == "m":
            out.month_side.append((key, side, n, running, mov, mech, press))
        elif kind == "n":
            out.neck[key] = n
        elif kind == "i":
            out.intensity.append((key, n))
        else:
            out.duration.append((key, n))
    out.intensity.sort()
    out.duration.sort()
    return out


def trigger_counts(session: Session, period: Period, whole: bool = False) -> dict[str, int]:
    """Episodes per trigger code (the primary key makes each pair unique).

    ``whole``: the period holds every episode, so the code index alone answers.
    """
    if whole:
        sql = "SELECT code, count(*) FROM episode_trigger GROUP BY code"
    else:
        sql = f"""
            SELECT t.code, count(*) FROM episode_trigger t
            JOIN episode e ON e.pk = t.episode_pk
            WHERE {_IN_PERIOD} GROUP BY t.code
        """
    return {code: n for code, n in session.execute(text(sql), period.params)}


class Histogram:
    """Sorted values with multiplicities; indexable like the sorted list of all values."""

    def __init__(self, pairs: Sequence[tuple[float, int]]) -> None:
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(n for _, n in pairs))

    def __len__(self) -> int:
        return self.cum[-1] if self.cum else 0

    def __getitem__(self, k: int) -> float:
        return self.values[bisect_right(self.cum, k)]

    def total(self) -> float:
        return sum(v * n for v, n in zip(self.values, self._counts(), strict=True))

    def _counts(self) -> list[int]:
        return [b - a for a, b in zip([0, *self.cum[:-1]], self.cum, strict=True)]

    def median(self) -> float:
        """Same arithmetic as ``statistics.median`` on the expanded list."""
        n = len(self)
        if n % 2 == 1:
            return self[n // 2]
        i = n // 2
        return (self[i - 1] + self[i]) / 2

    def quartiles(self) -> tuple[float, float]:
        """p25, p75 as ``statistics.quantiles(data, n=4, method="inclusive")``.

        A single value is its own quartiles (Python 3.13 behaviour; 3.11 raises).
        """
        ld = len(self)
        if ld == 1:
            return self[0], self[0]
        m = ld - 1
        out = []
        for i in (1, 3):
            j, delta = divmod(i * m, 4)
            out.append((self[j] * (4 - delta) + self[j + 1] * delta) / 4)
        return out[0], out[1]


def side_shifts(session: Session, period: Period, whole: bool = False) -> int:
    """Neighbours on different sides in the time-ordered list of unilateral episodes.

    SQL orders the unilateral episodes (by start instant, then side; (start, side) is
    unique in a diary) and concatenates their sides' initials, ``"LLRL..."``; every shift
    is one ``"LR"`` or ``"RL"`` in that string (two such pairs can never overlap), counted
    by ``str.count`` in C. ``whole`` lets the (started_utc, side) index answer alone.
    """
    where = "" if whole else f"AND {_IN_PERIOD}"
    sql = f"""
        SELECT group_concat(substr(side, 1, 1), '') FROM (
            SELECT e.side AS side FROM episode e
            WHERE e.side IN {in_list(UNILATERAL)} {where}
            ORDER BY e.started_utc, e.side
        )
    """
    sides = session.execute(text(sql), period.params).scalar() or ""
    return sides.count("lr") + sides.count("rl")


def headache_islands(session: Session, period: Period, today: date) -> list[tuple[date, date]]:
    """Maximal runs of consecutive headache days inside the period, ascending.

    An episode is in progress from its local start date to ``end_local_date`` (the local
    date of its last second), an ongoing one up to ``today``; episodes that start before
    the period but run into it count. The interval union (gaps and islands) is done in SQL:
    first the latest end per start date (GROUP BY over the date index, at most one row a
    day), then window functions merge overlapping or adjacent runs, so only the merged
    runs come back to Python.
    """
    if period.days == 0:
        return []
    sql = """
        WITH d AS (
            SELECT start_local_date AS s0, max(coalesce(end_local_date, :today)) AS e0
            FROM episode WHERE start_local_date <= :t GROUP BY start_local_date
        ), iv AS (
            SELECT julianday(max(s0, :f)) AS s, julianday(min(e0, :t)) AS e
            FROM d WHERE e0 >= :f
        ), w AS (
            SELECT s, e, max(e) OVER (ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING
                                      AND 1 PRECEDING) AS pm
            FROM iv WHERE e >= s
        ), g AS (
            SELECT s, e, sum(CASE WHEN pm IS NULL OR s > pm + 1 THEN 1 ELSE 0 END)
                         OVER (ORDER BY s ROWS UNBOUNDED PRECEDING) AS grp
            FROM w
        )
        SELECT date(min(s)), date(max(e)) FROM g GROUP BY grp ORDER BY 1
    """
    params = {**period.params, "today": today.isoformat()}
    return [
        (date.fromisoformat(a), date.fromisoformat(b))
        for a, b in session.execute(text(sql), params)
    ]


def days_per_month(islands: Sequence[tuple[date, date]]) -> dict[str, int]:
    """Days covered by the runs, per calendar month."""
    out: dict[str, int] = {}
    for start, end in islands:
        cur = start
        while cur <= end:
            nxt = (cur.replace(day=1) + timedelta(days=32)).replace(day=1)
            last = min(end, nxt - timedelta(days=1))
            key = f"{cur.year:04d}-{cur.month:02d}"
            out[key] = out.get(key, 0) + (last - cur).days + 1
            cur = nxt
    return out


def medication_days_per_month(
    session: Session, period: Period, groups: dict[str, Sequence[str]]
) -> dict[str, dict[str, int]]:
    """month -> {group id: distinct local dates on which any class of the group was taken}.

    Single-class groups come from one GROUP BY month, class; only groups of several
    classes need a COUNT(DISTINCT CASE ...) column of their own.
    """
    names = list(groups)
    out: dict[str, dict[str, int]] = {}
    by_class: dict[str, list[str]] = {}
    multi = {g: classes for g, classes in groups.items() if len(classes) > 1}
    for g, classes in groups.items():
        if len(classes) == 1:
            by_class.setdefault(classes[0], []).append(g)
    sql = """
        SELECT substr(taken_local_date, 1, 7) AS month, med_class,
               count(DISTINCT taken_local_date)
        FROM medication WHERE taken_local_date BETWEEN :f AND :t GROUP BY month, med_class
    """
    for month, cls, n in session.execute(text(sql), period.params):
        row = out.setdefault(month, dict.fromkeys(names, 0))
        for g in by_class.get(cls, ()):
            row[g] = n
    if multi:
        cols = ",\n".join(
            f"count(DISTINCT CASE WHEN med_class IN {in_list(classes)} THEN taken_local_date END)"
            for classes in multi.values()
        )
        sql = f"""
            SELECT substr(taken_local_date, 1, 7) AS month, {cols} FROM medication
            WHERE taken_local_date BETWEEN :f AND :t GROUP BY month
        """
        for month, *counts in session.execute(text(sql), period.params):
            row = out.setdefault(month, dict.fromkeys(names, 0))
            row.update(zip(multi, counts, strict=True))
    return out


def daily_peak_intensity(session: Session, period: Period) -> list[tuple[date, int, int]]:
    """(local start date, highest intensity, episodes) per day with a recorded intensity."""
    sql = f"""
        SELECT e.start_local_date, max(e.intensity), count(*) FROM episode e
        WHERE {_IN_PERIOD} AND e.intensity IS NOT NULL
        GROUP BY e.start_local_date ORDER BY e.start_local_date
    """
    return [
        (date.fromisoformat(d), hi, n) for d, hi, n in session.execute(text(sql), period.params)
    ]
