"""Check-ins in the analysis: headache days they add, and how complete the record is.

FORMAT.md ``completeness``: ``recorded_days`` are the days of the period up to today that
are headache days (an episode in progress, or a check-in reporting a headache) or have a
check-in; ``headache_free_days`` those with a headache-free check-in and no episode in
progress (the episode wins: that day is a headache day); ``unrecorded_days`` = days up to
today - ``recorded_days``. So a day without any record is never read as headache-free.

Computed inside the summary's read-only unit of work from the episodes' headache runs
(``queries.headache_islands``) and one range read of the ``check_in`` primary key
(``queries.check_in_days``, at most one row a day): the fast SQL paths over the episodes
stay as they were.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from headache_diary.analysis.results import Completeness, Period
from headache_diary.i18n import ngettext


def _covered(islands: Sequence[tuple[date, date]], starts: list[date], day: date) -> bool:
    i = bisect_right(starts, day) - 1
    return i >= 0 and islands[i][1] >= day


@dataclass(frozen=True)
class DailyRecord:
    """The check-ins folded into the episodes' headache days."""

    #: headache days reported by a check-in on a day without an episode in progress
    extra_headache_days: list[date]
    completeness: Completeness


def fold_check_ins(
    islands: Sequence[tuple[date, date]],
    check_ins: Sequence[tuple[date, bool]],
    period: Period,
    today: date,
) -> DailyRecord:
    """Combine the episodes' headache runs (inside the period, ascending) with the
    period's check-ins (FORMAT.md rules; see the module docstring)."""
    starts = [a for a, _b in islands]
    extra: list[date] = []
    free: list[date] = []
    for day, is_free in check_ins:
        if _covered(islands, starts, day):
            continue  # the episode wins
        (free if is_free else extra).append(day)
    cutoff = min(period.end, today)
    days = max(0, (cutoff - period.start).days + 1)
    episode_days = 0
    for a, b in islands:
        b = min(b, cutoff)
        if b >= a:
            episode_days += (b - a).days + 1
    headache = episode_days + sum(1 for d in extra if d <= cutoff)
    headache_free = sum(1 for d in free if d <= cutoff)
    recorded = headache + headache_free
    return DailyRecord(
        extra,
        Completeness(
            days=days,
            recorded_days=recorded,
            headache_free_days=headache_free,
            unrecorded_days=max(0, days - recorded),
            check_ins=len(check_ins),
            headache_check_ins=sum(1 for _d, f in check_ins if not f),
        ),
    )


def completeness_sentence(c: Completeness) -> str:
    """The completeness in one sentence (window, CLI and PDF): never lets a day without a
    record pass for a headache-free one."""
    if c.days == 0:
        return ""
    if c.recorded_days == 0:
        return ngettext(
            "Nothing was recorded on the one day up to today: no headache recorded does not "
            "mean headache-free.",
            "Nothing was recorded on any of the {count} days up to today: no headache recorded "
            "does not mean headache-free.",
            c.days,
        )
    # Translators: put into the sentences below as {headache}, e.g. "headache on 12 days"
    headache = ngettext("headache on {count} day", "headache on {count} days", c.headache_days)
    # Translators: put into the sentences below as {free}
    free = ngettext(
        "confirmed headache-free on {count} day",
        "confirmed headache-free on {count} days",
        c.headache_free_days,
    )
    values = {"recorded": c.recorded_days, "headache": headache, "free": free}
    if c.unrecorded_days == 0:
        # Translators: {headache} e.g. "headache on 12 days", {free} e.g. "confirmed
        # headache-free on 40 days"
        return ngettext(
            "Recorded {recorded} of {count} day up to today: {headache}, {free}; every day has "
            "a record.",
            "Recorded {recorded} of {count} days up to today: {headache}, {free}; every day "
            "has a record.",
            c.days,
            **values,
        )
    # Translators: put into the sentences below as {unrecorded}
    unrecorded = ngettext(
        "{count} day without any record", "{count} days without any record", c.unrecorded_days
    )
    if c.check_ins == 0:
        return ngettext(
            "Recorded {recorded} of {count} day up to today: {headache}, {free}; {unrecorded} "
            "(no daily check-ins in this period), counted neither as headache days nor as "
            "headache-free.",
            "Recorded {recorded} of {count} days up to today: {headache}, {free}; {unrecorded} "
            "(no daily check-ins in this period), counted neither as headache days nor as "
            "headache-free.",
            c.days,
            unrecorded=unrecorded,
            **values,
        )
    return ngettext(
        "Recorded {recorded} of {count} day up to today: {headache}, {free}; {unrecorded}, "
        "counted neither as headache days nor as headache-free.",
        "Recorded {recorded} of {count} days up to today: {headache}, {free}; {unrecorded}, "
        "counted neither as headache days nor as headache-free.",
        c.days,
        unrecorded=unrecorded,
        **values,
    )
