"""Changes that can be undone one after another until the app is closed, newest last:
deletes (episodes: ``services.episodes.DeleteHistory``; history events:
``services.history.DeletedEvents``) and the Medication tab's changes
(``services.medication.MedicationUndo``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from headache_diary.context import AppContext

T = TypeVar("T")


@dataclass
class UndoStack(Generic[T]):
    """What undoing each change needs (:meth:`_take_back`), newest last."""

    done: list[T] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.done)

    def _take_back(self, ctx: AppContext, item: T) -> None:
        raise NotImplementedError

    def undo(self, ctx: AppContext) -> T | None:
        """Undo the most recent change; None when there is nothing to undo. On a failure
        the change stays on the list, so the patient can try again."""
        if not self.done:
            return None
        item = self.done[-1]
        self._take_back(ctx, item)
        self.done.pop()
        return item


class UndoableDeletes(UndoStack[T]):
    """Deleted values, put back by :meth:`undo`."""

    def _remove(self, ctx: AppContext, value_id: str) -> T | None:
        """Delete the stored value; its value, or None when it did not exist."""
        raise NotImplementedError

    def _put_back(self, session: Session, value: T) -> None:
        raise NotImplementedError

    def delete(self, ctx: AppContext, value_id: str) -> T | None:
        removed = self._remove(ctx, value_id)
        if removed is not None:
            self.done.append(removed)
        return removed

    def _take_back(self, ctx: AppContext, item: T) -> None:
        with ctx.diary.session() as s:
            self._put_back(s, item)
