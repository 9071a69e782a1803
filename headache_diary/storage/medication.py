"""Rows of ``medication_plan`` and ``acute_dose`` (migration 0006): the only place that
turns PlanEntry and AcuteDose values into rows and back. The value types and their rules
are in domain.medication; callers validate before they store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from headache_diary.domain.medication import (
    ANALGESIC_CLASSES,
    FOR_HEADACHE_CLASSES,
    AcuteDose,
    PlanEntry,
)
from headache_diary.domain.timeutil import from_epoch, to_epoch
from headache_diary.storage import keyed
from headache_diary.storage.models import AcuteDoseRow, MedicationPlanRow

# --- the plan -----------------------------------------------------------------------------


def _entry(row: MedicationPlanRow) -> PlanEntry:
    return PlanEntry(
        id=row.id,
        name=row.name,
        med_class=row.med_class,
        dose=row.dose,
        started=date.fromisoformat(row.started),
        stopped=None if row.stopped is None else date.fromisoformat(row.stopped),
        for_headache=None if row.for_headache is None else bool(row.for_headache),
    )


def _fill_entry(row: MedicationPlanRow, entry: PlanEntry, now: int) -> None:
    row.name = entry.name
    row.med_class = entry.med_class
    row.dose = entry.dose
    row.started = entry.started.isoformat()
    row.stopped = None if entry.stopped is None else entry.stopped.isoformat()
    row.for_headache = entry.for_headache
    row.updated_utc = now


def list_plan(session: Session) -> list[PlanEntry]:
    """Every plan entry, by start date (then name)."""
    rows = session.scalars(select(MedicationPlanRow))
    return sorted((_entry(r) for r in rows), key=lambda e: e.sort_key)


def get_plan_entry(session: Session, entry_id: str) -> PlanEntry | None:
    row = session.scalars(
        select(MedicationPlanRow).where(MedicationPlanRow.id == entry_id)
    ).one_or_none()
    return None if row is None else _entry(row)


def save_plan_entry(session: Session, entry: PlanEntry) -> None:
    """Insert ``entry`` (validated) or replace the stored one with its id."""
    keyed.save(session, MedicationPlanRow, entry, _fill_entry)


def insert_plan_entries(session: Session, entries: Iterable[PlanEntry]) -> int:
    return keyed.insert_all(session, MedicationPlanRow, entries, _fill_entry)


def delete_plan_entry(session: Session, entry_id: str) -> PlanEntry | None:
    """Delete an entry; returns its value (for undo), or None when it did not exist."""
    found = get_plan_entry(session, entry_id)
    if found is not None:
        keyed.delete_by_id(session, MedicationPlanRow, entry_id)
    return found


#: the plan entries whose days are medication days (PlanEntry.counts, in SQL): an analgesic
#: class whatever it is taken for, a muscle relaxant or "other" only when taken to relieve
#: headache, a preventive never
_COUNTS = (
    f"med_class IN ({', '.join(repr(c) for c in ANALGESIC_CLASSES)}) "  # i18n: SQL
    f"OR (med_class IN ({', '.join(repr(c) for c in FOR_HEADACHE_CLASSES)}) AND for_headache = 1)"
)


def counting_plan(session: Session) -> list[tuple[str, str, str | None]]:
    """(class, started, stopped) of the entries whose days are medication days
    (:attr:`PlanEntry.counts`): the plan's medication days. A plan has a few rows."""
    sql = f"SELECT med_class, started, stopped FROM medication_plan WHERE {_COUNTS}"
    return [(c, s, t) for c, s, t in session.execute(text(sql))]


# --- doses outside an episode ----------------------------------------------------------------


def _dose(row: AcuteDoseRow) -> AcuteDose:
    return AcuteDose(
        id=row.id,
        taken_at=from_epoch(row.taken_utc, row.time_zone),
        time_zone=row.time_zone,
        name=row.name,
        med_class=row.med_class,
        relief=row.relief,
    )


def _fill_dose(row: AcuteDoseRow, dose: AcuteDose, now: int) -> None:
    row.taken_utc = to_epoch(dose.taken_at)
    row.time_zone = dose.time_zone
    row.taken_local_date = dose.local_date.isoformat()
    row.name = dose.name
    row.med_class = dose.med_class
    row.relief = dose.relief
    row.updated_utc = now


def list_doses(
    session: Session,
    first: date | None = None,
    last: date | None = None,
    *,
    newest_first: bool = False,
    limit: int | None = None,
) -> list[AcuteDose]:
    """Doses whose local date is in ``first``..``last`` (each bound optional), by time."""
    q = select(AcuteDoseRow)
    if first is not None:
        q = q.where(AcuteDoseRow.taken_local_date >= first.isoformat())
    if last is not None:
        q = q.where(AcuteDoseRow.taken_local_date <= last.isoformat())
    order = AcuteDoseRow.taken_utc.desc() if newest_first else AcuteDoseRow.taken_utc
    q = q.order_by(order, AcuteDoseRow.pk.desc() if newest_first else AcuteDoseRow.pk)
    if limit is not None:
        q = q.limit(limit)
    return [_dose(r) for r in session.scalars(q)]


def count_doses(session: Session, first: date | None = None, last: date | None = None) -> int:
    q = select(func.count()).select_from(AcuteDoseRow)
    if first is not None:
        q = q.where(AcuteDoseRow.taken_local_date >= first.isoformat())
    if last is not None:
        q = q.where(AcuteDoseRow.taken_local_date <= last.isoformat())
    return session.scalar(q) or 0


def get_dose(session: Session, dose_id: str) -> AcuteDose | None:
    row = session.scalars(select(AcuteDoseRow).where(AcuteDoseRow.id == dose_id)).one_or_none()
    return None if row is None else _dose(row)


def save_dose(session: Session, dose: AcuteDose) -> None:
    """Insert ``dose`` (validated) or replace the stored one with its id."""
    keyed.save(session, AcuteDoseRow, dose, _fill_dose)


def insert_doses(session: Session, doses: Iterable[AcuteDose]) -> int:
    return keyed.insert_all(session, AcuteDoseRow, doses, _fill_dose)


def delete_dose(session: Session, dose_id: str) -> AcuteDose | None:
    found = get_dose(session, dose_id)
    if found is not None:
        keyed.delete_by_id(session, AcuteDoseRow, dose_id)
    return found


def dose_keys(session: Session) -> set[tuple[int, str, str]]:
    """The duplicate keys of every stored dose (AcuteDose.duplicate_key)."""
    sql = "SELECT taken_utc, med_class, name FROM acute_dose"
    return {(t, c, n.casefold()) for t, c, n in session.execute(text(sql))}


def dose_ids(session: Session) -> set[str]:
    return set(session.scalars(select(AcuteDoseRow.id)))


def dose_day_masks(session: Session, bits: dict[str, int]) -> list[tuple[str, int]]:
    """(local date, bit mask of the classes taken that day) from ``ix_acute_dose_day_class``."""
    case = " ".join(f"WHEN '{c}' THEN {b}" for c, b in bits.items())
    sql = f"""
        SELECT taken_local_date, sum(DISTINCT CASE med_class {case} ELSE 0 END)
        FROM acute_dose GROUP BY taken_local_date
    """
    return [(d, m) for d, m in session.execute(text(sql))]


# --- "has anything been recorded today?" ------------------------------------------------------


def recorded_between(session: Session, day: date, start_utc: int, end_utc: int) -> bool:
    """True when an episode was entered (or changed) in [start_utc, end_utc), or a dose
    outside an episode was taken on the local date ``day`` or entered then. The reminder's
    rule (``services.reminders``) adds the episodes in progress and the check-in."""
    sql = """
        SELECT EXISTS (SELECT 1 FROM episode WHERE updated_utc >= :a AND updated_utc < :b)
            OR EXISTS (SELECT 1 FROM acute_dose WHERE taken_local_date = :d)
            OR EXISTS (SELECT 1 FROM acute_dose WHERE created_utc >= :a AND created_utc < :b)
    """
    params = {"d": day.isoformat(), "a": start_utc, "b": end_utc}
    return bool(session.execute(text(sql), params).scalar())
