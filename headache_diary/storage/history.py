"""Rows of the ``history_event`` table (migration 0003): the only place that turns
HistoryEvent values into rows and back. The value type and its rules are in
domain.history; callers validate before they store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from headache_diary.domain.history import HistoryEvent
from headache_diary.domain.workup import NerveBlock
from headache_diary.storage import keyed, workup
from headache_diary.storage.models import HistoryEventRow


def _event(row: HistoryEventRow, block: NerveBlock | None = None) -> HistoryEvent:
    return HistoryEvent(
        id=row.id,
        date=date.fromisoformat(row.event_date),
        date_precision=row.date_precision,
        kind=row.kind,
        side=row.side,
        structure=row.structure,
        title=row.title,
        details=row.details,
        outcome=row.outcome,
        block=block,
    )


def _fill(row: HistoryEventRow, event: HistoryEvent, now: int) -> None:
    row.event_date = event.date.isoformat()
    row.date_precision = event.date_precision
    row.kind = event.kind
    row.side = event.side
    row.structure = event.structure
    row.title = event.title
    row.details = event.details
    row.outcome = event.outcome
    row.updated_utc = now


def list_events(session: Session) -> list[HistoryEvent]:
    """Every event, in date order (oldest first; see HistoryEvent.sort_key)."""
    rows = session.scalars(select(HistoryEventRow).order_by(HistoryEventRow.event_date))
    blocks = workup.read_blocks(session)  # the neck workup (0008): a nerve block's response
    return sorted((_event(r, blocks.get(r.pk)) for r in rows), key=lambda e: e.sort_key)


def get_event(session: Session, event_id: str) -> HistoryEvent | None:
    row = session.scalars(
        select(HistoryEventRow).where(HistoryEventRow.id == event_id)
    ).one_or_none()
    if row is None:
        return None
    return _event(row, workup.read_blocks(session, [row.pk]).get(row.pk))


def save_event(session: Session, event: HistoryEvent) -> None:
    """Insert ``event`` (already validated) or replace the stored one with its id."""
    keyed.save(session, HistoryEventRow, event, _fill)
    _write_block(session, event)


def _write_block(session: Session, event: HistoryEvent) -> None:
    pk = session.scalars(select(HistoryEventRow.pk).where(HistoryEventRow.id == event.id)).one()
    workup.write_block(session, pk, event.block)


def insert_events(session: Session, events: Iterable[HistoryEvent]) -> int:
    """Insert new (validated) events; returns how many."""
    events = list(events)
    n = keyed.insert_all(session, HistoryEventRow, events, _fill)
    for event in events:
        if event.block is not None:
            _write_block(session, event)
    return n


def delete_event(session: Session, event_id: str) -> HistoryEvent | None:
    """Delete an event; returns its value (for undo), or None when it did not exist."""
    found = get_event(session, event_id)
    if found is not None:
        keyed.delete_by_id(session, HistoryEventRow, event_id)
    return found
