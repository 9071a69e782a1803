"""The neck history: list, save, delete and undo events, each one unit of work."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from headache_diary.context import AppContext
from headache_diary.domain.history import HistoryEvent, validate_event
from headache_diary.services.undo import UndoableDeletes
from headache_diary.storage import history


def list_events(ctx: AppContext) -> list[HistoryEvent]:
    """Every event, newest first (the History view's order)."""
    with ctx.diary.read_session() as s:
        events = history.list_events(s)
    return events[::-1]


def get_event(ctx: AppContext, event_id: str) -> HistoryEvent | None:
    with ctx.diary.read_session() as s:
        return history.get_event(s, event_id)


def save_event(ctx: AppContext, event: HistoryEvent, today: date | None = None) -> HistoryEvent:
    """Validate, normalize and store ``event`` (new, or replacing the one with its id);
    returns the stored value. ValidationError when it breaks a rule (a date in the
    future, an unknown kind, a side other than left/right/both); nothing is saved then."""
    ev = validate_event(event, today or date.today())
    with ctx.diary.session() as s:
        history.save_event(s, ev)
    return ev


def delete_event(ctx: AppContext, event_id: str) -> HistoryEvent | None:
    """Delete an event; returns its value (for undo), or None when it was not there."""
    with ctx.diary.session() as s:
        return history.delete_event(s, event_id)


class DeletedEvents(UndoableDeletes[HistoryEvent]):
    """Deleted history events, newest last, so that deletes can be undone one after
    another until the app is closed (as ``services.episodes.DeleteHistory`` does)."""

    def _remove(self, ctx: AppContext, value_id: str) -> HistoryEvent | None:
        return delete_event(ctx, value_id)

    def _put_back(self, session: Session, value: HistoryEvent) -> None:
        history.save_event(session, value)
