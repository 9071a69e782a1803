"""Before and after each event of the neck history (FORMAT.md ``history_effects``).

For every event: the 90 days before its date and the 90 days after it (the day itself in
neither), each clipped to the period and to the days from the diary's first record to
today; a nerve block also gets its first 1, 7 and 30 days. An event dated to the month is
placed on the 15th and marked approximate; one dated to the year gets no windows.

Each window counts its days, the days with a record (:func:`recorded_days`), the
episodes starting in it, its headache days (the summary's definition: a day on which an
episode was in progress, an ongoing one up to today), headache days per 30 days (None for
a window of fewer than 28 days: a rate from a day or a week says nothing about 30) and the
mean peak intensity of its episodes that have one. Descriptive figures only: nothing
here says whether a treatment worked.

Two queries whatever the number of events: the headache days and the episodes per day
over the span all windows cover.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set
from datetime import date, timedelta
from fractions import Fraction
from itertools import accumulate

from sqlalchemy import text
from sqlalchemy.orm import Session

from headache_diary.analysis import queries as q
from headache_diary.analysis import results as r
from headache_diary.analysis.workup import block_response
from headache_diary.domain.history import HistoryEvent


def recorded_day_set(
    headache_days: Iterable[date], check_in_days: Iterable[date] = ()
) -> set[date]:
    """The days with a record: headache days and the days of a check-in (FORMAT.md
    ``completeness``)."""
    return set(headache_days) | set(check_in_days)


def recorded_days(start: date, end: date, recorded: Set[date]) -> int:
    """How many days of [start, end] have a record (``recorded``: see
    :func:`recorded_day_set`). Every window's ``recorded_days`` comes from here."""
    n = (end - start).days + 1
    return sum(1 for i in range(max(0, n)) if start + timedelta(days=i) in recorded)


class _Days:
    """Per-day figures over a span, with prefix sums: a window's totals in O(1)."""

    def __init__(self, session: Session, span: r.Period, today: date) -> None:
        self.first = span.start.toordinal()
        n = span.days
        hd = [0] * n
        for a, b in q.headache_islands(session, span, today):
            for o in range(a.toordinal(), b.toordinal() + 1):
                hd[o - self.first] = 1
        check_ins = q.check_in_days(session, span)
        for day, headache_free in check_ins:
            if not headache_free:  # a check-in that reported a headache: a headache day
                hd[day.toordinal() - self.first] = 1
        headache = (date.fromordinal(self.first + i) for i, v in enumerate(hd) if v)
        #: the days with a record: headache days and the days of a check-in
        self.recorded = recorded_day_set(headache, (day for day, _free in check_ins))
        episodes = [0] * n
        intensity_sum = [0] * n
        intensity_n = [0] * n
        sql = """
            SELECT start_local_date, count(*), coalesce(sum(intensity), 0), count(intensity)
            FROM episode WHERE start_local_date BETWEEN :f AND :t GROUP BY start_local_date
        """
        for day, count, total, rated in session.execute(text(sql), span.params):
            i = date.fromisoformat(day).toordinal() - self.first
            episodes[i], intensity_sum[i], intensity_n[i] = count, total, rated
        self._sums = [list(accumulate(v, initial=0)) for v in (hd, episodes, intensity_sum)]
        self._sums.append(list(accumulate(intensity_n, initial=0)))

    def totals(self, start: date, end: date) -> tuple[int, int, int, int]:
        """(headache days, episodes, sum of intensities, episodes with an intensity)."""
        a, b = start.toordinal() - self.first, end.toordinal() - self.first + 1
        hd, eps, total, rated = (s[b] - s[a] for s in self._sums)
        return hd, eps, total, rated


def _window(
    name: str, nominal: int, start: date | None, end: date | None, days: _Days | None
) -> r.WindowFigures:
    if start is None or end is None or days is None:
        return r.WindowFigures(name, nominal, None, None, 0, 0, 0, 0, None, None)
    n = (end - start).days + 1
    hd, eps, total, rated = days.totals(start, end)
    recorded = recorded_days(start, end, days.recorded)
    return r.WindowFigures(
        name=name,
        nominal_days=nominal,
        start=start,
        end=end,
        days=n,
        recorded_days=recorded,
        episodes=eps,
        headache_days=hd,
        per_30=r.per_30(hd, n),
        mean_peak_intensity=r.round_half_up(Fraction(total, rated)) if rated else None,
    )


def _nearby(event: HistoryEvent, events: Sequence[HistoryEvent]) -> tuple[HistoryEvent, ...]:
    placed = event.placed_date
    if placed is None:
        return ()
    out = []
    for other in events:
        when = other.placed_date
        if other.id != event.id and when is not None and abs((when - placed).days) <= r.WINDOW_DAYS:
            out.append(other)
    return tuple(out)


def history_effects(
    session: Session, period: r.Period, today: date, events: Sequence[HistoryEvent]
) -> list[r.EventEffect]:
    """The before/after figures of ``events`` (in the order given) for ``period``."""
    if not events:
        return []
    first = q.first_record_date(session)  # an episode's start or a check-in
    lo = None if first is None else max(period.start, first)
    hi = min(period.end, today)

    def clip(placed: date, a: int, b: int) -> tuple[date | None, date | None]:
        if lo is None:
            return None, None
        start = max(placed + timedelta(days=a), lo)
        end = min(placed + timedelta(days=b), hi)
        return (start, end) if start <= end else (None, None)

    plans: list[tuple[HistoryEvent, list[tuple[str, int, date | None, date | None]]]] = []
    for ev in events:
        placed = ev.placed_date
        plan = []
        if placed is not None:
            specs = r.WINDOWS + (r.NERVE_BLOCK_WINDOWS if ev.kind == "nerve_block" else ())
            plan = [(name, nominal, *clip(placed, a, b)) for name, nominal, a, b in specs]
        plans.append((ev, plan))
    starts = [s for _ev, plan in plans for _n, _l, s, _e in plan if s is not None]
    ends = [e for _ev, plan in plans for _n, _l, _s, e in plan if e is not None]
    days = _Days(session, r.Period(min(starts), max(ends)), today) if starts else None
    return [
        r.EventEffect(
            event=ev,
            date=ev.placed_date,
            windows=tuple(_window(name, nominal, s, e, days) for name, nominal, s, e in plan),
            nearby=_nearby(ev, events),
            block_response=None if ev.block is None else block_response(ev.block),
        )
        for ev, plan in plans
    ]
