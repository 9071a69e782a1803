"""Rows for daily use: check-ins (migration 0005), ongoing episodes, a day's episodes.

Every function takes an open Session (one unit of work per user action). Check-ins are
keyed by their local calendar day, so "a second check-in replaces the first" is an
upsert. Episodes in progress on a day are found through the ``ix_episode_day`` index
(local start date, local date of the last second in progress), as the analysis does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from headache_diary.domain.checkin import CheckIn
from headache_diary.domain.episode import Episode
from headache_diary.domain.timeutil import now_utc, to_epoch
from headache_diary.storage.models import CheckInRow, EpisodeRow
from headache_diary.storage.repository import _load as load_rows


def _value(row: CheckInRow) -> CheckIn:
    return CheckIn(
        date.fromisoformat(row.day), bool(row.headache_free), row.neck_stiffness, row.note or ""
    )


def get_check_in(session: Session, day: date) -> CheckIn | None:
    row = session.get(CheckInRow, day.isoformat())
    return None if row is None else _value(row)


def save_check_in(session: Session, ci: CheckIn) -> CheckIn | None:
    """Store ``ci`` (already validated), replacing the day's earlier check-in; returns the
    one it replaced, or None."""
    now = to_epoch(now_utc())
    row = session.get(CheckInRow, ci.day.isoformat())
    before = None if row is None else _value(row)
    if row is None:
        row = CheckInRow(day=ci.day.isoformat(), created_utc=now)
        session.add(row)
    row.headache_free = int(ci.headache_free)
    row.neck_stiffness = ci.neck_stiffness
    row.note = ci.note
    row.updated_utc = now
    session.flush()
    return before


def delete_check_in(session: Session, day: date) -> CheckIn | None:
    found = get_check_in(session, day)
    if found is not None:
        session.execute(delete(CheckInRow).where(CheckInRow.day == day.isoformat()))
    return found


def check_ins(
    session: Session, date_from: date | None = None, date_to: date | None = None
) -> list[CheckIn]:
    """The check-ins of the range (inclusive; None = open), by day."""
    stmt = select(CheckInRow).order_by(CheckInRow.day)
    if date_from is not None:
        stmt = stmt.where(CheckInRow.day >= date_from.isoformat())
    if date_to is not None:
        stmt = stmt.where(CheckInRow.day <= date_to.isoformat())
    return [_value(r) for r in session.scalars(stmt)]


def check_in_days(session: Session) -> set[date]:
    return {date.fromisoformat(d) for d in session.scalars(select(CheckInRow.day))}


def insert_check_ins(session: Session, values: Iterable[CheckIn]) -> int:
    """Add check-ins for days that have none (an import); returns how many."""
    now = to_epoch(now_utc())
    rows = [
        (ci.day.isoformat(), int(ci.headache_free), ci.neck_stiffness, ci.note, now, now)
        for ci in values
    ]
    if rows:
        session.connection().exec_driver_sql(
            "INSERT INTO check_in (day, headache_free, neck_stiffness, note, created_utc, "
            "updated_utc) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    return len(rows)


def count_check_ins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(CheckInRow)) or 0


# --- episodes, by day and ongoing ----------------------------------------------------------


def ongoing_episodes(session: Session) -> list[Episode]:
    """Every episode still marked ongoing, oldest first.

    ``duration_s`` is NULL exactly while an episode is ongoing (a derived column, see
    storage.models), so ``ix_episode_duration`` finds them with one seek."""
    table = EpisodeRow.__table__
    stmt = (
        select(table)
        .where(table.c.duration_s.is_(None))
        .order_by(table.c.started_utc, table.c.side, table.c.id)
    )
    return list(load_rows(session, stmt))


#: pks of the episodes in progress on :d (:lo from :func:`_earliest_start`): the ongoing
#: ones (a seek in ix_episode_duration), and the ended ones that start in [:lo, :d] (a
#: short range of ix_episode_day) and end on :d or later
_IN_PROGRESS = """
    SELECT pk FROM episode WHERE duration_s IS NULL AND start_local_date <= :d AND :d <= :today
    UNION
    SELECT pk FROM episode
    WHERE start_local_date BETWEEN :lo AND :d AND end_local_date >= :d
"""


def _earliest_start(session: Session, day: date) -> str:
    """No ended episode in progress on ``day`` starts before this local date: the longest
    duration in the diary (the last entry of ix_episode_duration) before it, and a day
    more for the zones."""
    longest = session.execute(text("SELECT max(duration_s) FROM episode")).scalar() or 0
    return (day - timedelta(days=int(longest) // 86400 + 2)).isoformat()


def _in_progress_pks(session: Session, day: date, today: date, limit: int = -1) -> list[int]:
    params = {
        "d": day.isoformat(),
        "today": today.isoformat(),
        "lo": _earliest_start(session, day),
    }
    sql = _IN_PROGRESS + (f" LIMIT {int(limit)}" if limit >= 0 else "")
    return [pk for (pk,) in session.execute(text(sql), params)]


def episodes_on(session: Session, day: date, today: date) -> list[Episode]:
    """The episodes in progress on ``day`` (local dates; an ongoing one up to ``today``),
    by start."""
    pks = _in_progress_pks(session, day, today)
    if not pks:
        return []
    table = EpisodeRow.__table__
    stmt = (
        select(table)
        .where(table.c.pk.in_(pks))
        .order_by(table.c.started_utc, table.c.side, table.c.id)
    )
    return list(load_rows(session, stmt))


def has_episode_on(session: Session, day: date, today: date) -> bool:
    return bool(_in_progress_pks(session, day, today, limit=1))


@dataclass(frozen=True)
class DayRecord:
    """What the diary holds for one day."""

    day: date
    check_in: CheckIn | None
    episodes: list[Episode]

    @property
    def recorded(self) -> bool:
        return self.check_in is not None or bool(self.episodes)


def day_record(session: Session, day: date, today: date) -> DayRecord:
    return DayRecord(day, get_check_in(session, day), episodes_on(session, day, today))


def any_record(session: Session) -> bool:
    """True when the diary holds an episode or a check-in."""
    return (
        session.scalar(select(EpisodeRow.pk).limit(1)) is not None
        or session.scalar(select(CheckInRow.day).limit(1)) is not None
    )
