"""Repository functions: the only place that turns Episode values into rows and back.

Every function takes an open Session (one unit of work per user action; see
``Diary.session``). Bulk paths (import, export, the episode list) use Core statements and
batched child queries instead of loading ORM objects one by one.

(About 420 lines: writing an episode's row, its derived columns and its child rows, and
reading them back, are one contract; a test checks that they always agree.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime

from sqlalchemy import Select, and_, delete, func, or_, select
from sqlalchemy.orm import Session

from headache_diary.domain import vocab
from headache_diary.domain.episode import Episode, Medication
from headache_diary.domain.listing import ListItem
from headache_diary.domain.timeutil import from_epoch, local_date, now_utc, to_epoch, zone_for
from headache_diary.storage.models import (
    EpisodeLocation,
    EpisodeRow,
    EpisodeSymptom,
    EpisodeTrigger,
    MedicationRow,
    location_bits,
    recorded_flags,
    symptom_bits,
    trigger_flags,
)

_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit
#: episodes per executemany batch of insert_episodes (a progress report after each)
INSERT_BATCH = 5000
_TRIGGERS_OR_NONE = (*vocab.TRIGGERS, vocab.NONE)


def _local_date(dt: datetime, zone_key: str) -> str:
    return dt.astimezone(zone_for(zone_key)).date().isoformat()


#: columns of the episode row, in the order of :func:`_episode_row`
_EPISODE_COLUMNS = (
    "id",
    "started_utc",
    "ended_utc",
    "time_zone",
    "start_local_date",
    "start_month",
    "end_local_date",
    "duration_s",
    "side",
    "intensity",
    "character",
    "neck_position",
    "pain_origin",
    "trigger_note",
    "notes",
    "created_utc",
    "updated_utc",
    "trigger_flags",
    "symptom_bits",
    "recorded_flags",
    "location_bits",
)
_MED_COLUMNS = (
    "episode_pk",
    "position",
    "name",
    "med_class",
    "relief",
    "taken_utc",
    "taken_local_date",
)


def _episode_row(ep: Episode, now: int, start_local: str) -> tuple:
    """The episode row of ``ep`` (already validated), in :data:`_EPISODE_COLUMNS` order.

    The derived columns (``start_month``, ``duration_s``, ``trigger_flags``,
    ``symptom_bits``, ``recorded_flags``, ``location_bits``; see
    storage.models) are computed here from the same values the child rows are written from
    (:func:`_child_rows`), and every caller writes both in one transaction.
    """
    zone = ep.time_zone
    started = to_epoch(ep.started_at)
    ended = end_local = None
    if ep.ended_at is not None:
        ended = to_epoch(ep.ended_at)
        # the last second in progress, as an instant: wall-clock arithmetic would be
        # off by the clock change for an episode ending just after one at midnight
        end_local = local_date(ended - 1, zone).isoformat()
    return (
        ep.id,
        started,
        ended,
        zone,
        start_local,
        start_local[:7],
        end_local,
        None if ended is None else ended - started,
        ep.side,
        ep.intensity,
        ep.character,
        ep.neck_position,
        ep.pain_origin,
        ep.trigger_note,
        ep.notes,
        now,
        now,
        trigger_flags(ep.triggers),
        symptom_bits(ep.symptoms),
        recorded_flags(ep.triggers, ep.symptoms),
        location_bits(ep.pain_locations),
    )


def episode_values(ep: Episode, now: int | None = None) -> dict:
    """Column values of the episode row for ``ep`` (already validated), derived columns
    included."""
    now = now if now is not None else to_epoch(now_utc())
    start_local = _local_date(ep.started_at, ep.time_zone)
    return dict(zip(_EPISODE_COLUMNS, _episode_row(ep, now, start_local), strict=True))


def _child_rows(
    ep: Episode, pk: int, start_local: str
) -> tuple[list[tuple], list[tuple], list[tuple], list[tuple]]:
    """(trigger, symptom, location, medication) rows of ``ep`` as tuples: ``(pk, code)``
    for the code tables, :data:`_MED_COLUMNS` order for medications. The answer "none"
    (an empty list) is the row ``'none'``; "not recorded" (None) is no row."""
    trig = [(pk, c) for c in _answer_codes(ep.triggers)]
    sym = [(pk, c) for c in _answer_codes(ep.symptoms)]
    loc = [(pk, c) for c in dict.fromkeys(ep.pain_locations)]
    meds = [
        (
            pk,
            i,
            m.name,
            m.med_class,
            m.relief,
            None if m.taken_at is None else to_epoch(m.taken_at),
            start_local if m.taken_at is None else _local_date(m.taken_at, ep.time_zone),
        )
        for i, m in enumerate(ep.medications)
    ]
    return trig, sym, loc, meds


def _answer_codes(codes: list[str] | None) -> list[str]:
    """The child rows' codes of a three-way answer (see storage.models)."""
    if codes is None:
        return []
    return list(dict.fromkeys(codes)) or [vocab.NONE]


def _answer(codes: list[str] | None, vocabulary: tuple[str, ...]) -> list[str] | None:
    """The Episode value of stored child codes: None without rows, [] for ``none``."""
    if not codes:
        return None
    return vocab.ordered(codes, vocabulary)


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


_CODE_TABLES = (EpisodeTrigger, EpisodeSymptom, EpisodeLocation)


def _insert_children(
    session: Session, trig: list[tuple], sym: list[tuple], loc: list[tuple], meds: list[tuple]
) -> None:
    conn = session.connection()
    for model, rows in zip(_CODE_TABLES, (trig, sym, loc), strict=True):
        if rows:
            conn.exec_driver_sql(_insert_sql(model.__tablename__, ("episode_pk", "code")), rows)
    if meds:
        conn.exec_driver_sql(_insert_sql(MedicationRow.__tablename__, _MED_COLUMNS), meds)


def insert_episodes(
    session: Session,
    episodes: Iterable[Episode],
    progress: Callable[[int, int], None] | None = None,
    *,
    now: int | None = None,
) -> int:
    """Insert new episodes in bulk (executemany per table); returns how many.

    Integer keys are handed out after the largest one in the table. That read and the
    inserts are one write transaction (``Diary.session()`` begins IMMEDIATE), so no other
    process can write in between. Rows are built as tuples for the driver's executemany
    (the ORM/Core bulk paths cost ~2x more per row), in batches of :data:`INSERT_BATCH`
    episodes; ``progress(done, total)`` is called after each batch (it may raise to stop;
    the caller's transaction then rolls back). ``now``: when they were entered (epoch
    seconds; default the clock).
    """
    now = now if now is not None else to_epoch(now_utc())
    pk = session.scalar(select(func.coalesce(func.max(EpisodeRow.pk), 0))) or 0
    todo = episodes if isinstance(episodes, list) else list(episodes)
    conn = session.connection()
    episode_sql = _insert_sql(EpisodeRow.__tablename__, ("pk", *_EPISODE_COLUMNS))
    for first in range(0, len(todo), INSERT_BATCH):
        rows: list[tuple] = []
        trig: list[tuple] = []
        sym: list[tuple] = []
        loc: list[tuple] = []
        meds: list[tuple] = []
        for ep in todo[first : first + INSERT_BATCH]:
            pk += 1
            start_local = _local_date(ep.started_at, ep.time_zone)
            rows.append((pk, *_episode_row(ep, now, start_local)))
            t, sy, lo, m = _child_rows(ep, pk, start_local)
            trig += t
            sym += sy
            loc += lo
            meds += m
        conn.exec_driver_sql(episode_sql, rows)
        _insert_children(session, trig, sym, loc, meds)
        if progress is not None:
            progress(first + len(rows), len(todo))
    return len(todo)


def save_episode(session: Session, ep: Episode, now: int | None = None) -> None:
    """Insert ``ep`` or replace the stored episode with the same id (``now``: when, in
    epoch seconds; default the clock).

    The row (derived columns included) and its child rows are replaced in the session's
    transaction, so they never disagree.
    """
    existing = session.scalars(select(EpisodeRow).where(EpisodeRow.id == ep.id)).one_or_none()
    if existing is None:
        insert_episodes(session, [ep], now=now)
        return
    values = episode_values(ep, now)
    values.pop("created_utc")
    for key, value in values.items():
        setattr(existing, key, value)
    for model in (*_CODE_TABLES, MedicationRow):
        session.execute(delete(model).where(model.episode_pk == existing.pk))
    session.flush()
    start_local = values["start_local_date"]
    _insert_children(session, *_child_rows(ep, existing.pk, start_local))


def delete_episode(session: Session, episode_id: str) -> Episode | None:
    """Delete an episode; returns its value (for undo), or None when it did not exist."""
    found = get_episode(session, episode_id)
    if found is not None:
        session.execute(delete(EpisodeRow).where(EpisodeRow.id == episode_id))
    return found


def get_episode(session: Session, episode_id: str) -> Episode | None:
    table = EpisodeRow.__table__
    found = list(_load(session, select(table).where(table.c.id == episode_id)))
    return found[0] if found else None


def count_episodes(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(EpisodeRow)) or 0


def existing_ids(session: Session) -> set[str]:
    """The public ids of every stored episode."""
    out: set[str] = set()
    for chunk in session.scalars(select(EpisodeRow.id)).partitions(_CHUNK):
        out.update(chunk)  # a chunk at a time: the GIL is released in between
    return out


def existing_keys(session: Session) -> set[tuple[int, str]]:
    """(start instant, side) of every stored episode: the duplicate key of FORMAT.md."""
    return {(r[0], r[1]) for r in session.execute(select(EpisodeRow.started_utc, EpisodeRow.side))}


def iter_episodes(
    session: Session, date_from: date | None = None, date_to: date | None = None
) -> Iterator[Episode]:
    """Episodes whose local start date is in [date_from, date_to], by (start, side)."""
    table = EpisodeRow.__table__
    stmt = select(table).order_by(table.c.started_utc, table.c.side, table.c.id)
    if date_from is not None:
        stmt = stmt.where(EpisodeRow.start_local_date >= date_from.isoformat())
    if date_to is not None:
        stmt = stmt.where(EpisodeRow.start_local_date <= date_to.isoformat())
    return _load(session, stmt)


def latest_episodes(session: Session, date_from: date, date_to: date, cap: int) -> list[Episode]:
    """The latest ``cap`` episodes whose local start date is in the range, oldest first,
    without loading the earlier ones (the PDF's episode table)."""
    start = date_from
    in_range = (
        select(EpisodeRow.start_local_date)
        .where(EpisodeRow.start_local_date >= date_from.isoformat())
        .where(EpisodeRow.start_local_date <= date_to.isoformat())
    )
    # local start date of the cap-th latest episode: load from that day on
    cut = session.scalar(in_range.order_by(EpisodeRow.started_utc.desc()).offset(cap - 1).limit(1))
    if cut:
        start = max(date_from, date.fromisoformat(cut))
    episodes = list(iter_episodes(session, start, date_to))
    return episodes[-cap:] if cap > 0 else []


def _load(session: Session, stmt: Select) -> Iterator[Episode]:
    """Turn episode rows into Episode values, loading children in batched queries."""
    # in partitions, not .all(): converting 50,000 rows is one C loop that holds the GIL
    # for ~80 ms, during which the window (another thread) cannot run
    for chunk in session.execute(stmt).partitions(_CHUNK):
        pks = [r.pk for r in chunk]
        codes: dict[type, dict[int, list[str]]] = {}
        for model in (EpisodeTrigger, EpisodeSymptom, EpisodeLocation):
            by_pk: dict[int, list[str]] = defaultdict(list)
            for epk, code in session.execute(
                select(model.episode_pk, model.code).where(model.episode_pk.in_(pks))
            ):
                by_pk[epk].append(code)
            codes[model] = by_pk
        meds: dict[int, list] = defaultdict(list)
        for m in session.execute(
            select(
                MedicationRow.episode_pk,
                MedicationRow.name,
                MedicationRow.med_class,
                MedicationRow.relief,
                MedicationRow.taken_utc,
            )
            .where(MedicationRow.episode_pk.in_(pks))
            .order_by(MedicationRow.episode_pk, MedicationRow.position)
        ):
            meds[m.episode_pk].append(m)
        for r in chunk:
            tz = r.time_zone
            episode_meds = [
                Medication(
                    m.name,
                    m.med_class,
                    m.relief,
                    None if m.taken_utc is None else from_epoch(m.taken_utc, tz),
                )
                for m in meds.get(r.pk, [])
            ]
            yield Episode(
                id=r.id,
                started_at=from_epoch(r.started_utc, tz),
                ended_at=None if r.ended_utc is None else from_epoch(r.ended_utc, tz),
                time_zone=tz,
                side=r.side,
                intensity=r.intensity,
                character=r.character,
                triggers=_answer(codes[EpisodeTrigger].get(r.pk), vocab.TRIGGERS),
                trigger_note=r.trigger_note,
                neck_position=r.neck_position,
                pain_origin=r.pain_origin,
                pain_locations=vocab.ordered(codes[EpisodeLocation].get(r.pk, []), vocab.LOCATIONS),
                symptoms=_answer(codes[EpisodeSymptom].get(r.pk), vocab.SYMPTOMS),
                medications=episode_meds,
                notes=r.notes,
            )


def list_page(session: Session, offset: int, limit: int) -> list[ListItem]:
    """A page of the episode list, newest first, triggers joined in SQL.

    The page is chosen first and only its triggers are grouped (grouping every trigger
    row made each page of a 50,000-episode diary cost 60-170 ms instead of 15-65 ms).
    """
    page = (
        select(
            EpisodeRow.pk,
            EpisodeRow.id,
            EpisodeRow.started_utc,
            EpisodeRow.ended_utc,
            EpisodeRow.duration_s,
            EpisodeRow.time_zone,
            EpisodeRow.side,
            EpisodeRow.intensity,
            EpisodeRow.neck_position,
        )
        .order_by(EpisodeRow.started_utc.desc(), EpisodeRow.side, EpisodeRow.id)
        .offset(offset)
        .limit(limit)
        .subquery()
    )
    trig = (
        select(
            EpisodeTrigger.episode_pk,
            func.group_concat(EpisodeTrigger.code, ";").label("trigger_codes"),
        )
        .where(EpisodeTrigger.episode_pk.in_(select(page.c.pk)))
        .group_by(EpisodeTrigger.episode_pk)
        .subquery()
    )
    stmt = (
        select(page, trig.c.trigger_codes)
        .outerjoin(trig, trig.c.episode_pk == page.c.pk)
        .order_by(page.c.started_utc.desc(), page.c.side, page.c.id)
    )
    out = []
    for r in session.execute(stmt):
        out.append(
            ListItem(
                id=r.id,
                started_at=from_epoch(r.started_utc, r.time_zone),
                ended_at=None if r.ended_utc is None else from_epoch(r.ended_utc, r.time_zone),
                duration_s=r.duration_s,
                side=r.side,
                intensity=r.intensity,
                # the explicit answer "none" is shown as such; not recorded is empty
                triggers=tuple(
                    vocab.ordered((r.trigger_codes or "").split(";"), _TRIGGERS_OR_NONE)
                ),
                neck_position=r.neck_position,
            )
        )
    return out


def list_position(session: Session, episode_id: str) -> int | None:
    """The row of ``episode_id`` in the list's order (newest first), or None."""
    me = session.execute(
        select(EpisodeRow.started_utc, EpisodeRow.side).where(EpisodeRow.id == episode_id)
    ).one_or_none()
    if me is None:
        return None
    started, side = me
    before = or_(
        EpisodeRow.started_utc > started,
        and_(EpisodeRow.started_utc == started, EpisodeRow.side < side),
        and_(
            EpisodeRow.started_utc == started, EpisodeRow.side == side, EpisodeRow.id < episode_id
        ),
    )
    return session.scalar(select(func.count()).select_from(EpisodeRow).where(before)) or 0
