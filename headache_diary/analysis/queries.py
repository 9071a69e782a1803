"""SQL building blocks shared by the summary, the feature profile and the charts.

(About 470 lines: every query that depends on the covering indexes of storage.models is
here, so the two can be read side by side when either changes.)

Everything here returns plain tuples and numbers computed by SQLite aggregates (GROUP BY,
COUNT DISTINCT, window functions); nothing loads ORM objects. Dates are ISO strings, which
compare correctly as text, so the stored local dates (``start_local_date``,
``end_local_date``, ``taken_local_date``) are filtered and grouped in SQL directly.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from itertools import accumulate

from sqlalchemy import text
from sqlalchemy.orm import Session

from headache_diary.domain import vocab
from headache_diary.storage.models import (
    FLAG_MOVEMENT,
    FLAG_PRESSURE,
    PRESSURE_TRIGGERS,
    RECORDED_TRIGGERS,
)

#: trigger codes: DESIGN.md "movement-triggered" and "mechanically provoked" (stored per
#: episode as ``episode.trigger_flags``)
MOVEMENT = vocab.MOVEMENT_TRIGGERS
PRESSURE = PRESSURE_TRIGGERS
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

    def whole_months(self) -> Period:
        """From the first day of the period's first month to the last day of its last
        month (ICHD-3 counts per calendar month, FORMAT.md: whole months)."""
        if self.days == 0:
            return self
        nxt = (self.end.replace(day=1) + timedelta(days=32)).replace(day=1)
        return Period(self.start.replace(day=1), nxt - timedelta(days=1))

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


def first_start_date(session: Session) -> date | None:
    """Local start date of the first episode in the diary (indexed MIN)."""
    value = session.execute(text("SELECT min(start_local_date) FROM episode")).scalar()
    return None if value is None else date.fromisoformat(value)


def first_record_date(session: Session) -> date | None:
    """The earliest local date of an episode's start or a check-in (two indexed MINs)."""
    value = session.execute(
        text(
            "SELECT min(d) FROM (SELECT min(start_local_date) AS d FROM episode "
            "UNION ALL SELECT min(day) FROM check_in)"
        )
    ).scalar()
    return None if value is None else date.fromisoformat(value)


def resolve_period(
    session: Session, date_from: date | None, date_to: date | None, today: date
) -> Period:
    """FORMAT.md period defaults.

    Without ``date_to`` the period ends today; without ``date_from`` it starts on the
    earliest local date of an episode or a check-in, or on ``to`` when the diary is empty
    (or when that date is after ``to``, so that the period is never negative).
    """
    end = date_to if date_to is not None else today
    if date_from is not None:
        return Period(date_from, end)
    first = first_record_date(session)
    start = end if first is None or first > end else first
    return Period(start, end)


#: a rate per 30 days is given only for a window or period of at least this many days
#: (DESIGN.md); a shorter one gives "n headache days in d days"
MIN_RATE_DAYS = 28


def per_30(days_with: int, days: int) -> float | None:
    """``days_with`` per 30 days of ``days``, rounded half up to one decimal; None for
    fewer than :data:`MIN_RATE_DAYS` days."""
    if days < MIN_RATE_DAYS:
        return None
    return round_half_up(Fraction(days_with * 30, days))


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
    """Every count over the episodes of a period that needs no other table."""

    #: (month, side, episodes, ongoing, movement-triggered, mechanically provoked,
    #: pressure-provoked, with triggers recorded)
    month_side: list[tuple[str, str, int, int, int, int, int, int]]
    #: neck position code ("not_recorded" for NULL) -> episodes
    neck: dict[str, int]
    #: (intensity, episodes), ascending
    intensity: list[tuple[int, int]]
    #: (duration in seconds, episodes) of ended episodes, ascending
    duration: list[tuple[int, int]]


def episode_aggregates(session: Session, period: Period, whole: bool = False) -> EpisodeAggregates:
    """Three GROUP BYs, each in the order of a covering index: no sort, no table row.

    * month, side, trigger flags and whether triggers were recorded (the derived
      ``start_month``, ``trigger_flags`` and ``recorded_flags`` columns, see
      storage.models) from ``ix_episode_month``: at most 64 rows a month, folded here into
      movement-triggered / pressure-provoked / mechanically provoked / triggers recorded;
    * neck position and intensity from ``ix_episode_neck_intensity``;
    * durations of ended episodes (the derived ``duration_s``) from ``ix_episode_duration``.

    ``whole`` (every episode is in the period) drops the period filter. Otherwise the
    month range lets SQLite seek in the month index, and the other two indexes are read
    whole with the date filter applied to their entries (``+`` keeps SQLite from using the
    date index there and sorting): a few ms for 50,000 episodes, whatever the period.
    """
    params = {**period.params, "fm": period.params["f"][:7], "tm": period.params["t"][:7]}
    if whole:
        month_where = neck_where = dur_where = ""
    else:
        month_where = (
            "WHERE start_month BETWEEN :fm AND :tm AND +start_local_date BETWEEN :f AND :t"
        )
        neck_where = "WHERE +start_local_date BETWEEN :f AND :t"
        dur_where = "AND +start_local_date BETWEEN :f AND :t"
    by_month: dict[tuple[str, str], list[int]] = {}
    month_sql = f"""
        SELECT start_month, side, trigger_flags, recorded_flags, count(*), sum(ended_utc IS NULL)
        FROM episode {month_where} GROUP BY start_month, side, trigger_flags, recorded_flags
    """
    for month, side, flags, rec, n, running in session.execute(text(month_sql), params):
        acc = by_month.setdefault((month, side), [0, 0, 0, 0, 0, 0])
        acc[0] += n
        acc[1] += running
        if flags & FLAG_MOVEMENT:
            acc[2] += n
        if flags:
            acc[3] += n
        if flags & FLAG_PRESSURE:
            acc[4] += n
        if rec & RECORDED_TRIGGERS:
            acc[5] += n
    out = EpisodeAggregates(
        [(m, sd, *acc) for (m, sd), acc in by_month.items()],  # type: ignore[misc]
        {},
        [],
        [],
    )

    neck_sql = f"""
        SELECT neck_position, intensity, count(*) FROM episode {neck_where}
        GROUP BY neck_position, intensity
    """
    intensity: dict[int, int] = {}
    for neck, value, n in session.execute(text(neck_sql), params):
        key = "not_recorded" if neck is None else neck
        out.neck[key] = out.neck.get(key, 0) + n
        if value is not None:
            intensity[value] = intensity.get(value, 0) + n
    out.intensity = sorted(intensity.items())

    dur_sql = f"""
        SELECT duration_s, count(*) FROM episode
        WHERE duration_s IS NOT NULL {dur_where} GROUP BY duration_s ORDER BY duration_s
    """
    out.duration = [(d, n) for d, n in session.execute(text(dur_sql), params)]
    return out


def trigger_counts(
    session: Session, period: Period, whole: bool = False, codes: Sequence[str] = ()
) -> dict[str, int]:
    """Episodes per trigger code (the primary key makes each pair unique), for every code
    or only for ``codes``.

    ``whole``: the period holds every episode, so the code index alone answers. Otherwise
    the trigger rows of the episodes in the period are counted; when the period holds most
    of the diary it is cheaper to count every trigger row (code index) and take away those
    of the episodes outside the period.
    """
    only = f"code IN {in_list(codes)}" if codes else ""
    where = f"WHERE {only}" if only else ""
    total_sql = f"SELECT code, count(*) FROM episode_trigger {where} GROUP BY code"
    if whole:
        return {code: n for code, n in session.execute(text(total_sql))}
    inside = (
        session.execute(
            text("SELECT count(*) FROM episode WHERE start_local_date BETWEEN :f AND :t"),
            period.params,
        ).scalar()
        or 0
    )
    everything = session.execute(text("SELECT count(*) FROM episode")).scalar() or 0
    and_only = f"AND {only}" if only else ""
    # the IN list (date index) drives the look-ups in the trigger table's primary key
    counted = "SELECT code, count(*) FROM episode_trigger WHERE episode_pk IN"
    if 2 * inside <= everything:
        sql = f"""
            {counted} (SELECT pk FROM episode WHERE start_local_date BETWEEN :f AND :t)
            {and_only} GROUP BY code
        """
        return {code: n for code, n in session.execute(text(sql), period.params)}
    out = {code: n for code, n in session.execute(text(total_sql))}
    sql = f"""
        {counted} (SELECT pk FROM episode
                   WHERE start_local_date < :f OR start_local_date > :t)
        {and_only} GROUP BY code
    """
    for code, n in session.execute(text(sql), period.params):
        out[code] -= n
    return {code: n for code, n in out.items() if n}


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
    unique in a diary) and concatenates their sides, ``"leftleftrightleft..."``; every
    shift is one ``"leftright"`` or ``"rightleft"`` in that string, counted by ``str.count``
    in C. Each match starts at a word ('l' and 'r' only ever begin "left" and "right") and
    neither pattern can overlap itself, so the counts are exact.

    The (started_utc, side, start_local_date) index answers alone, in its order: ``whole``
    reads all of it; otherwise a UTC range two days wider than the period on each side
    (wider than any zone offset) is read and the local dates filtered on its entries.
    """
    params: dict[str, object] = dict(period.params)
    where = ""
    if not whole:
        lo = datetime.combine(period.start, time(), UTC) - timedelta(days=2)
        hi = datetime.combine(period.end, time(), UTC) + timedelta(days=3)
        params.update(lo=int(lo.timestamp()), hi=int(hi.timestamp()))
        where = "AND e.started_utc BETWEEN :lo AND :hi AND +e.start_local_date BETWEEN :f AND :t"
    sql = f"""
        SELECT group_concat(side, '') FROM (
            SELECT e.side AS side FROM episode e
            WHERE e.side IN {in_list(UNILATERAL)} {where}
            ORDER BY e.started_utc, e.side
        )
    """
    sides = session.execute(text(sql), params).scalar() or ""
    return sides.count("leftright") + sides.count("rightleft")


def headache_islands(
    session: Session, period: Period, today: date, whole: bool = False
) -> list[tuple[date, date]]:
    """Maximal runs of consecutive headache days inside the period, ascending.

    An episode is in progress from its local start date to ``end_local_date`` (the local
    date of its last second), an ongoing one up to ``today``; episodes that start before
    the period but run into it count. SQL gives the latest end per start date (a GROUP BY
    in the order of the covering ``ix_episode_day`` index: at most one row a day, in date
    order); the interval union (gaps and islands) is one pass over those rows here, which
    is cheaper than SQL window functions over them. Unless ``whole`` (every episode starts
    in the period), episodes that end before the period are left out in SQL.
    """
    if period.days == 0:
        return []
    reaches = "" if whole else "AND coalesce(end_local_date, :today) >= :f"
    sql = f"""
        SELECT start_local_date, max(coalesce(end_local_date, :today)) FROM episode
        WHERE start_local_date <= :t {reaches}
        GROUP BY start_local_date ORDER BY start_local_date
    """
    params = {**period.params, "today": today.isoformat()}
    first_iso = period.params["f"]
    first, last = period.start.toordinal(), period.end.toordinal()
    fromiso = date.fromisoformat
    runs: list[tuple[int, int]] = []
    run_start = run_end = -1
    for s0, e0 in session.execute(text(sql), params):
        if e0 < first_iso:  # ISO dates compare as text
            continue
        s = max(fromiso(s0).toordinal(), first)
        e = min(fromiso(e0).toordinal(), last)
        if e < s:
            continue
        if run_end >= 0 and s <= run_end + 1:
            run_end = max(run_end, e)
        else:
            if run_end >= 0:
                runs.append((run_start, run_end))
            run_start, run_end = s, e
    if run_end >= 0:
        runs.append((run_start, run_end))
    return [(date.fromordinal(a), date.fromordinal(b)) for a, b in runs]


def clip(islands: Sequence[tuple[date, date]], period: Period) -> list[tuple[date, date]]:
    """The parts of the runs inside ``period``."""
    out = []
    for a, b in islands:
        a, b = max(a, period.start), min(b, period.end)
        if a <= b:
            out.append((a, b))
    return out


def started_before(session: Session, period: Period, today: date) -> int:
    """Episodes that began before the period and were still in progress on its first day
    (an ongoing one until ``today``): the covering ``ix_episode_day`` index, read up to
    the period's start."""
    sql = """
        SELECT count(*) FROM episode
        WHERE start_local_date < :f AND coalesce(end_local_date, :today) >= :f
    """
    params = {**period.params, "today": today.isoformat()}
    return session.execute(text(sql), params).scalar() or 0


def ongoing_starts(session: Session, period: Period) -> list[date]:
    """Local start dates of the episodes still marked ongoing that began on or before the
    period's last day, ascending (``duration_s`` is NULL exactly while ongoing: a seek in
    ``ix_episode_duration``)."""
    sql = """
        SELECT start_local_date FROM episode
        WHERE duration_s IS NULL AND start_local_date <= :t ORDER BY start_local_date
    """
    return [date.fromisoformat(d) for (d,) in session.execute(text(sql), period.params)]


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
    session: Session, period: Period, groups: Mapping[str, Sequence[str]]
) -> dict[str, dict[str, int]]:
    """month -> {group id: distinct local dates on which any class of the group was taken}.

    One statement: per local date the set of classes taken, as a bit mask (the sum of the
    distinct class bits), then the number of dates per month and mask. A group's days in a
    month are those of the masks that share a bit with the group.
    """
    names = list(groups)
    bit = {c: 1 << i for i, c in enumerate(dict.fromkeys(c for cs in groups.values() for c in cs))}
    group_masks = [(g, sum(bit[c] for c in set(classes))) for g, classes in groups.items()]
    if not bit:
        return {}
    case = " ".join(f"WHEN '{c}' THEN {b}" for c, b in bit.items())
    in_list(list(bit))  # vocabulary codes only
    sql = f"""
        SELECT substr(day, 1, 7) AS month, mask, count(*) FROM (
            SELECT taken_local_date AS day,
                   sum(DISTINCT CASE med_class {case} ELSE 0 END) AS mask
            FROM medication WHERE taken_local_date BETWEEN :f AND :t
            GROUP BY taken_local_date
        ) WHERE mask != 0 GROUP BY month, mask
    """
    out: dict[str, dict[str, int]] = {}
    for month, mask, n in session.execute(text(sql), period.params):
        row = out.setdefault(month, dict.fromkeys(names, 0))
        for g, gmask in group_masks:
            if mask & gmask:
                row[g] += n
    return out


def monthly_intensity(session: Session, period: Period) -> dict[str, list[tuple[int, int]]]:
    """month -> [(peak intensity, episodes)] ascending, for the episodes of the period with
    a recorded intensity (the covering ``ix_episode_day`` index)."""
    sql = f"""
        SELECT substr(e.start_local_date, 1, 7) AS month, e.intensity, count(*) FROM episode e
        WHERE {_IN_PERIOD} AND e.intensity IS NOT NULL
        GROUP BY month, e.intensity ORDER BY month, e.intensity
    """
    out: dict[str, list[tuple[int, int]]] = {}
    for month, value, n in session.execute(text(sql), period.params):
        out.setdefault(month, []).append((value, n))
    return out
