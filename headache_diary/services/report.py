"""The PDF summary: read the diary once, lay out the report, write the file atomically."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from headache_diary import i18n
from headache_diary.analysis.queries import calendar_for_period
from headache_diary.analysis.snapshot import take_snapshot
from headache_diary.context import AppContext
from headache_diary.domain.jobs import Job
from headache_diary.domain.personal import PersonalDetails, clean_personal_details
from headache_diary.io.atomic import write_atomic
from headache_diary.report.content import TABLE_CAP, ReportContent
from headache_diary.report.pdf import ProgressCallback, build_content, check_target, make_pdf
from headache_diary.services.preferences import read_preferences
from headache_diary.storage import medication, personal, repository


def write_report(
    ctx: AppContext,
    path: str | os.PathLike[str],
    date_from: date | None = None,
    date_to: date | None = None,
    page_size: str | None = None,
    progress: ProgressCallback | None = None,
    today: date | None = None,
    details: PersonalDetails | None = None,
    first_weekday: int | None = None,
    job: Job | None = None,
    language: str | None = None,
) -> Path:
    """Write the PDF summary of the period to ``path``; returns the path.

    Page 1 shows ``details`` when given (the export dialog's entries), else the name and
    date of birth stored in the diary. The calendar's weeks start on ``first_weekday``
    (ISO: 1 = Monday ... 7 = Sunday; default: the patient's choice in Settings).
    ``page_size``: "A4" or "Letter" (default from the locale). ``progress(done, total)``
    is called now and then; returning False cancels (ExportCancelled); or give a ``job``,
    which gets the progress and whose cancel stops the work. ``language``: the PDF's (default:
    the current language), whatever language the caller speaks. Any failure raises a
    DiaryError and leaves no file behind (an existing file at ``path`` is kept).
    """
    target = Path(path).expanduser().absolute()
    check_target(target)  # fail before the work, not after it
    today = today or date.today()
    if details is not None:
        details = clean_personal_details(details, today)

    if job is not None:
        progress = _job_progress(job)
    if first_weekday is None:
        # the patient's choice, else the PDF language's (below)
        first_weekday = read_preferences(ctx.paths).first_day_of_week

    def content(step: Callable[[int | None], None]) -> ReportContent:
        with ctx.diary.read_session(job) as s:  # one consistent read of the diary
            snapshot = take_snapshot(s, date_from, date_to, today)
            period = snapshot.period
            table = (
                repository.latest_episodes(s, period.start, period.end, TABLE_CAP)
                if snapshot.summary.episodes
                else []
            )
            shown = details if details is not None else personal.get_personal_details(s)
            calendar = calendar_for_period(s, period.start, period.end, today)
            doses = medication.list_doses(s, period.start, period.end)
        step(8)
        return build_content(
            snapshot,
            table,
            shown,
            today=today,
            progress=step,
            calendar=calendar,
            doses=doses,
            first_weekday=first_weekday or i18n.first_weekday(),
        )

    with i18n.using(language):
        data = make_pdf(content, page_size, progress)
    write_atomic(target, data)
    return target


def _job_progress(job: Job) -> ProgressCallback:
    def report(done: int, total: int) -> bool:
        job.progress(done, total)  # raises Cancelled once the job is cancelled
        return True

    return report
