"""The headache calendar of a month (the window's Calendar tab), one read unit of work."""

from __future__ import annotations

from datetime import date

from headache_diary.analysis.calendar import MonthCalendar, month_days
from headache_diary.analysis.queries import month_calendars
from headache_diary.context import AppContext
from headache_diary.domain.jobs import Job


def month_calendar(
    ctx: AppContext, year: int, month: int, today: date | None = None, job: Job | None = None
) -> MonthCalendar:
    """Every day of the month with its kind, peak intensity and medication mark."""
    first, last = month_days(year, month)
    with ctx.diary.read_session(job) as s:
        (found,) = month_calendars(s, first, last, today or date.today())
    return found
