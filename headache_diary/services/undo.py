"""Deletes that can be undone one after another until the app is closed: the deleted
values, newest last (episodes: ``services.episodes.DeleteHistory``; history events:
``services.history.DeletedEvents``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from headache_diary.context import AppContext

T = TypeVar("T")


@dataclass
class UndoableDeletes(Generic[T]):
    deleted: list[T] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.deleted)

    def _remove(self, ctx: AppContext, value_id: str) -> T | None:
        """Delete the stored value; its value, or None when it did not exist."""
        raise NotImplementedError

    def _put_back(self, session: Session, value: T) -> None:
        raise NotImplementedError

    def delete(self, ctx: AppContext, value_id: str) -> T | None:
        removed = self._remove(ctx, value_id)
        if removed is not None:
            self.deleted.append(removed)
        return removed

    def undo(self, ctx: AppContext) -> T | None:
        """Put the most recently deleted value back; None when there is nothing to undo.
        On a failure the value stays on the list, so the patient can try again."""
        if not self.deleted:
            return None
        value = self.deleted[-1]
        with ctx.diary.session() as s:
            self._put_back(s, value)
        self.deleted.pop()
        return value
