"""Import and export (FORMAT.md), each one unit of work, all or nothing."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from datetime import date

from headache_diary.context import AppContext
from headache_diary.domain.episode import Episode, new_id
from headache_diary.domain.errors import ExportError
from headache_diary.domain.jobs import Job
from headache_diary.io.atomic import write_atomic
from headache_diary.io.common import episode_key, gc_paused
from headache_diary.io.exporter import export_bytes, format_for
from headache_diary.io.importer import parse_file
from headache_diary.storage import repository


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int


@dataclass(frozen=True)
class ExportResult:
    path: str
    episodes: int


def import_file(
    ctx: AppContext, path: str | os.PathLike[str], job: Job | None = None
) -> ImportResult:
    """Import a .csv or .json file, all or nothing (ImportFileError names the first bad
    row; nothing is stored then). With a ``job``: progress (reading 0-60 %, storing
    60-100 %) and cancel, after which nothing has changed."""
    job = job or Job()
    with gc_paused():
        episodes = parse_file(path, ctx.zone, progress=job.part(0, 60).progress)
        result = import_episodes(ctx, episodes, job.part(60, 100))
        del episodes  # freed while the collector is paused (see gc_paused)
    return result


def import_episodes(
    ctx: AppContext, episodes: list[Episode], job: Job | None = None
) -> ImportResult:
    """Insert validated episodes in one transaction, skipping duplicates (FORMAT.md: same
    start instant and side as a stored episode or an earlier one of the file).

    An episode whose id is already taken (an edited episode from an older JSON export)
    gets a new id.
    """
    job = job or Job()
    added: list[Episode] = []
    skipped = 0
    with ctx.diary.session(job) as s:
        keys = repository.existing_keys(s)
        ids = repository.existing_ids(s)
        for ep in episodes:
            key = episode_key(ep)
            if key in keys:
                skipped += 1
                continue
            keys.add(key)
            if ep.id in ids:
                ep = dataclasses.replace(ep, id=new_id())
            ids.add(ep.id)
            added.append(ep)
        repository.insert_episodes(s, added, job.progress)
    job.progress(1, 1)
    return ImportResult(added=len(added), skipped=skipped)


def load_episodes(
    ctx: AppContext,
    date_from: date | None = None,
    date_to: date | None = None,
    job: Job | None = None,
) -> list[Episode]:
    """Episodes whose local start date is in the range, ordered by (start, side)."""
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ExportError(f"The first day {date_from} is after the last day {date_to}.")
    with ctx.diary.read_session(job) as s:
        return list(repository.iter_episodes(s, date_from, date_to))


def export_file(
    ctx: AppContext,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    job: Job | None = None,
) -> ExportResult:
    """Write the episodes of the range to ``path`` (format from ``fmt`` or the extension).

    The file is replaced atomically (temp file in the same folder, fsync, rename) and is
    readable by the user only (0600). On failure or cancel a DiaryError is raised and
    nothing is left behind.
    """
    job = job or Job()
    fmt = format_for(path, fmt)
    with gc_paused():
        job.progress(0, 100)
        episodes = load_episodes(ctx, date_from, date_to, job)
        count = len(episodes)
        job.progress(50, 100)
        data = export_bytes(episodes, fmt)
        del episodes  # freed while the collector is paused (see gc_paused)
    job.progress(95, 100)
    write_atomic(path, data)
    job.progress(100, 100)
    return ExportResult(os.fspath(path), count)
