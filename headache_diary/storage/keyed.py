"""Tables of one value per row, keyed by the value's id, with ``created_utc`` and
``updated_utc`` (``history_event``, ``medication_plan``, ``acute_dose``): saved, inserted
and deleted the same way. Each table's module turns its values into rows (its ``fill``)
and back; callers validate before they store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from headache_diary.domain.timeutil import now_utc, to_epoch


class Keyed(Protocol):
    @property
    def id(self) -> str: ...


V = TypeVar("V", bound=Keyed)
#: ``fill(row, value, now)`` writes the value's columns and ``updated_utc = now``
Fill = Callable[[Any, V, int], None]


def save(session: Session, model: Any, value: V, fill: Fill[V]) -> None:
    """Insert ``value`` or replace the stored one with its id."""
    now = to_epoch(now_utc())
    row = session.scalars(select(model).where(model.id == value.id)).one_or_none()
    if row is None:
        row = model(id=value.id, created_utc=now)
        session.add(row)
    fill(row, value, now)
    session.flush()


def insert_all(session: Session, model: Any, values: Iterable[V], fill: Fill[V]) -> int:
    """Insert new values (their ids not stored yet); returns how many."""
    now = to_epoch(now_utc())
    n = 0
    for value in values:
        row = model(id=value.id, created_utc=now)
        fill(row, value, now)
        session.add(row)
        n += 1
    session.flush()
    return n


def delete_by_id(session: Session, model: Any, value_id: str) -> None:
    session.execute(delete(model).where(model.id == value_id))
