"""Import and export (FORMAT.md), each one unit of work, all or nothing."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from headache_diary.context import AppContext
from headache_diary.domain import new_id
from headache_diary.domain.checkin import CheckIn
from headache_diary.domain.episode import Episode
from headache_diary.domain.errors import ExportError
from headache_diary.domain.history import HistoryEvent
from headache_diary.domain.jobs import Job
from headache_diary.domain.medication import AcuteDose, PlanEntry
from headache_diary.domain.workup import Score
from headache_diary.i18n import _, ngettext
from headache_diary.io.atomic import target_file, write_atomic
from headache_diary.io.common import DiaryFile, episode_key
from headache_diary.io.formats import export_format, parse_diary_file
from headache_diary.services.scores import new_scores
from headache_diary.storage import daily, repository
from headache_diary.storage import history as history_store
from headache_diary.storage import medication as medication_store
from headache_diary.storage import workup as workup_store


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int
    #: history events added and skipped as duplicates (JSON files only)
    history_added: int = 0
    history_skipped: int = 0
    #: the file had a ``history`` array with at least one event
    had_history: bool = False
    #: check-ins added, and those skipped because the diary had one for that day already
    check_ins_added: int = 0
    check_ins_skipped: int = 0
    #: medication-plan entries and doses outside episodes added and skipped as duplicates
    #: (JSON files only)
    plan_added: int = 0
    plan_skipped: int = 0
    doses_added: int = 0
    doses_skipped: int = 0
    #: the file had a non-empty ``medication_plan`` or ``acute_doses`` array
    had_medication: bool = False
    #: scores added and skipped as duplicates (same id; JSON files only)
    scores_added: int = 0
    scores_skipped: int = 0

    def text(self) -> str:
        """What the import added and skipped, a sentence a line: what ``import`` prints
        and the window says."""
        lines = [
            ngettext(
                "Added {count} episode; skipped {skipped} already in the diary.",
                "Added {count} episodes; skipped {skipped} already in the diary.",
                self.added,
                skipped=self.skipped,
            )
        ]
        if self.check_ins_added or self.check_ins_skipped:
            lines.append(
                ngettext(
                    "Added {count} daily check-in; kept {kept} the diary already had for "
                    "those days.",
                    "Added {count} daily check-ins; kept {kept} the diary already had for "
                    "those days.",
                    self.check_ins_added,
                    kept=self.check_ins_skipped,
                )
            )
        if self.had_history:
            lines.append(
                ngettext(
                    "Added {count} history event; skipped {skipped} already in the diary.",
                    "Added {count} history events; skipped {skipped} already in the diary.",
                    self.history_added,
                    skipped=self.history_skipped,
                )
            )
        if self.had_medication:
            lines.append(
                ngettext(
                    "Added {count} regular medication; skipped {skipped} already in the diary.",
                    "Added {count} regular medications; skipped {skipped} already in the diary.",
                    self.plan_added,
                    skipped=self.plan_skipped,
                )
            )
            lines.append(
                ngettext(
                    "Added {count} dose outside episodes; skipped {skipped} already in the diary.",
                    "Added {count} doses outside episodes; skipped {skipped} already in the diary.",
                    self.doses_added,
                    skipped=self.doses_skipped,
                )
            )
        if self.scores_added or self.scores_skipped:
            lines.append(
                ngettext(
                    "Added {count} score; skipped {skipped} already in the diary.",
                    "Added {count} scores; skipped {skipped} already in the diary.",
                    self.scores_added,
                    skipped=self.scores_skipped,
                )
            )
        return "\n".join(lines)


@dataclass(frozen=True)
class ExportResult:
    path: str
    episodes: int

    def text(self) -> str:
        """What ``export`` prints and the window says."""
        return ngettext(
            "Exported {count} episode to {file}.",
            "Exported {count} episodes to {file}.",
            self.episodes,
            file=self.path,
        )


def _check_range(date_from: date | None, date_to: date | None) -> None:
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ExportError(
            _("The first day {first} is after the last day {last}.", first=date_from, last=date_to)
        )


def import_file(
    ctx: AppContext, path: str | os.PathLike[str], job: Job | None = None
) -> ImportResult:
    """Import a .csv or .json file, all or nothing (ImportFileError names the first bad
    row or event; nothing is stored then). A JSON file's neck history is imported in the
    same transaction as its episodes. With a ``job``: progress (reading 0-60 %, storing
    60-100 %) and cancel, after which nothing has changed."""
    job = job or Job()
    parsed = parse_diary_file(path, ctx.zone, progress=job.part(0, 60).progress)
    return import_episodes(
        ctx,
        parsed.episodes,
        job.part(60, 100),
        parsed.history,
        parsed.check_ins,
        plan=parsed.plan,
        doses=parsed.doses,
        scores=parsed.scores,
    )


def import_episodes(
    ctx: AppContext,
    episodes: list[Episode],
    job: Job | None = None,
    history: list[HistoryEvent] | None = None,
    check_ins: Sequence[CheckIn] = (),
    *,
    plan: list[PlanEntry] | None = None,
    doses: list[AcuteDose] | None = None,
    scores: list[Score] | None = None,
) -> ImportResult:
    """Insert validated episodes (and check-ins) in one transaction, skipping duplicates
    (FORMAT.md: same start instant and side as a stored episode or an earlier one of the
    file; a check-in for a day that already has one keeps the diary's).

    An episode whose id is already taken (an edited episode from an older JSON export)
    gets a new id. History events follow the same rules: one with the date, precision,
    kind and title of a stored event (or an earlier one of the file) is a duplicate, and a
    taken id is replaced. So are plan entries (same name, class, dose and start) and doses
    outside episodes (same instant, class and name).
    """
    job = job or Job()
    with ctx.diary.session(job) as s:
        keys, ids = repository.existing_keys(s), repository.existing_ids(s)
        added = _new_ones(episodes, keys, ids, episode_key)
        skipped = len(episodes) - len(added)
        repository.insert_episodes(s, added, job.progress)
        events_added, events_skipped = _import_history(s, history or [])
        have = daily.check_in_days(s) if check_ins else set()
        new_check_ins = [ci for ci in check_ins if ci.day not in have]
        daily.insert_check_ins(s, new_check_ins)
        plan_added, plan_skipped = _import_plan(s, plan or [])
        doses_added, doses_skipped = _import_doses(s, doses or [])
        scores_added = workup_store.insert_scores(s, new_scores(s, scores or []))
    job.progress(1, 1)
    return ImportResult(
        added=len(added),
        skipped=skipped,
        history_added=events_added,
        history_skipped=events_skipped,
        had_history=bool(history),
        check_ins_added=len(new_check_ins),
        check_ins_skipped=len(check_ins) - len(new_check_ins),
        plan_added=plan_added,
        plan_skipped=plan_skipped,
        doses_added=doses_added,
        doses_skipped=doses_skipped,
        had_medication=bool(plan or doses),
        scores_added=scores_added,
        scores_skipped=len(scores or []) - scores_added,
    )


class _Importable(Protocol):
    @property
    def id(self) -> str: ...


Item = TypeVar("Item", bound=_Importable)


def _new_ones(
    items: list[Item],
    keys: set[Any],
    ids: set[str],
    key: Callable[[Item], Hashable] = attrgetter("duplicate_key"),
) -> list[Item]:
    """The items whose duplicate ``key`` is neither in ``keys`` (those stored) nor earlier
    in the file, in file order; one whose id is taken gets a new id. ``keys`` and ``ids``
    grow with the items taken."""
    added: list[Item] = []
    for item in items:
        k = key(item)
        if k in keys:
            continue
        keys.add(k)
        if item.id in ids:
            item = dataclasses.replace(item, id=new_id())  # type: ignore[type-var]
        ids.add(item.id)
        added.append(item)
    return added


def _import_plan(session: Session, entries: list[PlanEntry]) -> tuple[int, int]:
    if not entries:
        return 0, 0
    stored = medication_store.list_plan(session)
    added = _new_ones(entries, {e.duplicate_key for e in stored}, {e.id for e in stored})
    medication_store.insert_plan_entries(session, added)
    return len(added), len(entries) - len(added)


def _import_doses(session: Session, doses: list[AcuteDose]) -> tuple[int, int]:
    if not doses:
        return 0, 0
    keys, ids = medication_store.dose_keys(session), medication_store.dose_ids(session)
    added = _new_ones(doses, keys, ids)
    medication_store.insert_doses(session, added)
    return len(added), len(doses) - len(added)


def _import_history(session: Session, events: list[HistoryEvent]) -> tuple[int, int]:
    if not events:
        return 0, 0
    stored = history_store.list_events(session)
    added = _new_ones(events, {e.duplicate_key for e in stored}, {e.id for e in stored})
    history_store.insert_events(session, added)
    return len(added), len(events) - len(added)


def load_episodes(
    ctx: AppContext,
    date_from: date | None = None,
    date_to: date | None = None,
    job: Job | None = None,
) -> list[Episode]:
    """Episodes whose local start date is in the range, ordered by (start, side)."""
    _check_range(date_from, date_to)
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
    """Write the episodes of the range to ``path`` (format from ``fmt`` or the suffix,
    ``io.formats``); a format that carries the whole diary (JSON) also gets the check-ins
    and the doses outside episodes of the range, and the whole neck history and medication
    plan (the context of any period).

    The file is replaced atomically (temp file in the same folder, fsync, rename) and is
    readable by the user only (0600). On failure or cancel a DiaryError is raised and
    nothing is left behind.
    """
    job = job or Job()
    target_file(path)  # a folder, a device or a pipe is refused before the work
    chosen = export_format(path, fmt)
    _check_range(date_from, date_to)
    job.progress(0, 100)
    with ctx.diary.read_session(job) as s:  # one consistent read
        episodes = list(repository.iter_episodes(s, date_from, date_to))
        diary = DiaryFile(episodes)
        if chosen.whole_diary:  # the whole neck history and plan, whatever the range
            diary.history = history_store.list_events(s)
            diary.check_ins = daily.check_ins(s, date_from, date_to)
            diary.plan = medication_store.list_plan(s)
            diary.doses = medication_store.list_doses(s, date_from, date_to)
            diary.scores = workup_store.list_scores(s, date_from, date_to)
    count = len(episodes)
    job.progress(50, 100)
    data = chosen.codec().write(diary)
    del episodes, diary
    job.progress(95, 100)
    write_atomic(path, data)
    job.progress(100, 100)
    return ExportResult(os.fspath(path), count)
