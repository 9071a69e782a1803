"""The period choices the Analysis tab and the PDF export offer, what they mean and which
each starts with. "All episodes" is (None, None): what ``summary`` and ``report`` cover
without dates (FORMAT.md), resolved by ``analysis.queries.resolve_period``."""

from __future__ import annotations

from datetime import date, timedelta

from headache_diary.i18n import N_

#: (label, days back from today inclusive of today; None = whole diary, -1 = custom); the
#: labels are marked for translation: show them with ``_(label)``
PERIODS: tuple[tuple[str, int | None], ...] = (
    (N_("Last 30 days"), 30),
    (N_("Last 90 days"), 90),
    (N_("Last 12 months"), 365),
    (N_("All episodes"), None),
    (N_("Custom…"), -1),
)
ALL_EPISODES = 3
LAST_90_DAYS = 1
CUSTOM = len(PERIODS) - 1
#: where each screen starts: the Analysis tab on the whole diary, as the summary command;
#: the PDF on the last 90 days, a typical time between appointments
ANALYSIS_START = ALL_EPISODES
PDF_START = LAST_90_DAYS


def period_range(
    index: int, today: date, custom_from: date, custom_to: date
) -> tuple[date | None, date | None]:
    """(from, to) for choice ``index``; (None, None) is the whole diary. A custom range
    entered backwards is put the right way round."""
    days = PERIODS[index][1]
    if days is None:
        return None, None
    if days == -1:
        return min(custom_from, custom_to), max(custom_from, custom_to)
    return today - timedelta(days=days - 1), today


def custom_start(today: date) -> tuple[date, date]:
    """The dates the custom fields show first: those of "Last 90 days"."""
    return today - timedelta(days=(PERIODS[LAST_90_DAYS][1] or 0) - 1), today
