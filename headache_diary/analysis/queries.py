"""SQL building blocks shared by the summary, the feature profile, the charts and the
headache calendar.

(About 560 lines: every query that depends on the covering indexes of storage.models is
here, so the two can be read side by side when either changes; the profile's and the
medication's own GROUP BYs are in ``analysis.profile`` and ``analysis.medication``.)

Everything here returns plain tuples and numbers computed by SQLite aggregates (GROUP BY,
COUNT DISTINCT, window functions); nothing loads ORM objects. Dates are ISO strings, which
compare correctly as text, so the stored local dates (``start_local_date``,
``end_local_date``, ``taken_local_date``) are filtered and grouped in SQL directly.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

from sqlalchemy import text
from sqlalchemy.orm import Session

from headache_diary.analysis import calendar as cal
from headache_diary.analysis.results import Period
from headache_diary.storage.medication import counting_plan
from headache_diary.storage.models import FLAG_MOVEMENT, FLAG_PRESSURE, RECORDED_TRIGGERS

UNILATERAL = ("left", "right")


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


def in_list(values: Sequence[str]) -> str:
    """A SQL literal list of known vocabulary codes (constants only, never user input)."""
    for v in values:
        if not v.replace("_", "").isalnum():
            raise ValueError(f"not a vocabulary code: {v!r}")  # i18n: programming error
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


_IN_PERIOD = "e.start_local_date BETWEEN :f AND :t"  # i18n: SQL


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
            "WHERE start_month BETWEEN :fm AND :tm "  # i18n: SQL
            "AND +start_local_date BETWEEN :f AND :t"
        )
        neck_where = "WHERE +start_local_date BETWEEN :f AND :t"  # i18n: SQL
        dur_where = "AND +start_local_date BETWEEN :f AND :t"  # i18n: SQL
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
    only = f"code IN {in_list(codes)}" if codes else ""  # i18n: SQL
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
        """  # i18n: SQL
        return {code: n for code, n in session.execute(text(sql), period.params)}
    out = {code: n for code, n in session.execute(text(total_sql))}
    sql = f"""
        {counted} (SELECT pk FROM episode
                   WHERE start_local_date < :f OR start_local_date > :t)
        {and_only} GROUP BY code
    """  # i18n: SQL
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
        where = (
            "AND e.started_utc BETWEEN :lo AND :hi "  # i18n: SQL
            "AND +e.start_local_date BETWEEN :f AND :t"
        )
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
    reaches = "" if whole else "AND coalesce(end_local_date, :today) >= :f"  # i18n: SQL
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


def check_in_days(session: Session, period: Period) -> list[tuple[date, bool]]:
    """(day, headache-free) of every check-in in the period, by day (primary-key range)."""
    if period.days == 0:
        return []
    rows = session.execute(
        text("SELECT day, headache_free FROM check_in WHERE day BETWEEN :f AND :t ORDER BY day"),
        period.params,
    )
    return [(date.fromisoformat(d), bool(free)) for d, free in rows]


# -- the headache calendar (analysis.calendar): range reads in the caller's read-only unit of
# work: the episodes in progress in the range (the covering ``ix_episode_day`` index), the
# medication dates (episodes, doses outside episodes, the plan's counting entries) and the
# check-ins


def month_calendars(
    session: Session,
    first: date,
    last: date,
    today: date,
) -> list[cal.MonthCalendar]:
    """One ``MonthCalendar`` per month overlapping [first, last]; days of those months
    outside the range are ``outside``, days after ``today`` ``future``."""
    if last < first:
        return []
    lo = first.replace(day=1)
    hi = cal.month_days(last.year, last.month)[1]
    params = {"f": lo.isoformat(), "t": hi.isoformat(), "today": today.isoformat()}
    peak: dict[date, int | None] = {}
    count: dict[date, int] = {}
    ongoing: set[date] = set()
    # the ended episodes that can reach the range start at most the longest duration in
    # the diary (and a day for the zones) before it: a short range of the covering
    # ix_episode_day (start_local_date, end_local_date, intensity); the ongoing ones that
    # started earlier still are one seek in ix_episode_duration (duration_s IS NULL)
    longest = session.execute(text("SELECT max(duration_s) FROM episode")).scalar() or 0
    params["lo"] = (lo - timedelta(days=int(longest) // 86400 + 2)).isoformat()
    rows = session.execute(
        text(
            "SELECT start_local_date, coalesce(end_local_date, :today), intensity, "
            "end_local_date IS NULL FROM episode "
            "WHERE start_local_date BETWEEN :lo AND :t "
            "AND coalesce(end_local_date, :today) >= :f "
            "UNION ALL "
            "SELECT start_local_date, :today, intensity, 1 FROM episode "
            "WHERE duration_s IS NULL AND start_local_date < :lo AND :today >= :f"
        ),
        params,
    )
    one = timedelta(days=1)
    for s0, e0, intensity, running in rows:
        day = max(date.fromisoformat(s0), lo)
        end = min(date.fromisoformat(e0), hi)
        while day <= end:
            count[day] = count.get(day, 0) + 1
            old = peak.get(day)
            if intensity is not None and (old is None or intensity > old):
                peak[day] = intensity
            else:
                peak.setdefault(day, old)
            if running:
                ongoing.add(day)
            day += one
    # the classes taken per day (the covering day/class indexes of both dose tables)
    meds: dict[date, set[str]] = {}
    for d, cls in session.execute(
        text(
            "SELECT taken_local_date, med_class FROM medication "
            "WHERE taken_local_date BETWEEN :f AND :t "
            "UNION SELECT taken_local_date, med_class FROM acute_dose "
            "WHERE taken_local_date BETWEEN :f AND :t"
        ),
        params,
    ):
        meds.setdefault(date.fromisoformat(d), set()).add(cls)
    for cls, started, stopped in counting_plan(session):  # the entries that count
        a = max(date.fromisoformat(started), lo)
        b = min(date.fromisoformat(stopped) if stopped else today, today, hi)
        for n in range((b - a).days + 1):
            meds.setdefault(a + timedelta(days=n), set()).add(cls)
    checks = {
        date.fromisoformat(d): bool(free)
        for d, free in session.execute(
            text("SELECT day, headache_free FROM check_in WHERE day BETWEEN :f AND :t"), params
        )
    }
    out = []
    for y, m in cal.months_between(first, last):
        start, stop = cal.month_days(y, m)
        days = []
        day = start
        while day <= stop:
            days.append(_day(day, first, last, today, peak, count, meds, checks, ongoing))
            day += one
        out.append(cal.MonthCalendar(y, m, days))
    return out


def _day(
    day: date,
    first: date,
    last: date,
    today: date,
    peak: dict[date, int | None],
    count: dict[date, int],
    meds: dict[date, set[str]],
    checks: dict[date, bool],
    ongoing: set[date],
) -> cal.CalendarDay:
    kind: cal.DayKind
    n = count.get(day, 0)
    checked = day in checks
    if not first <= day <= last:
        kind = "outside"
    elif day > today:
        kind = "future"
    elif n or (checked and not checks[day]):
        kind = "headache"  # the episode wins over a headache-free check-in
    elif checked:
        kind = "headache_free"
    else:
        kind = "unrecorded"
    taken = meds.get(day, set())
    return cal.CalendarDay(
        day,
        kind,
        peak.get(day),
        n,
        bool(taken),
        checked,
        day in ongoing,
        tuple(c for c in cal.CLASS_LETTERS if c in taken),
    )


def calendar_for_period(
    session: Session, first: date, last: date, today: date
) -> tuple[list[cal.MonthCalendar], int]:
    """The PDF's calendar: the latest ``MAX_PDF_MONTHS`` months of the period, and
    how many earlier months were left out."""
    months = cal.months_between(first, last)
    left_out = max(0, len(months) - cal.MAX_PDF_MONTHS)
    if left_out:
        y, m = months[left_out]
        shown_first = max(first, date(y, m, 1))
    else:
        shown_first = first
    return month_calendars(session, shown_first, last, today), left_out
