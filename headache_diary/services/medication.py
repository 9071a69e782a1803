"""The medication plan and the doses taken outside an episode: list, add, change the dose,
stop, edit, delete, each one unit of work, and undo.

Every change returns a :class:`Change` (what to put back and what to take away), which
:class:`MedicationUndo` keeps so the Medication tab can undo changes one after another
until the app is closed: an add, an edit, a dose change (the old entry stopped the day
before and a new entry from that day: one change, one undo), a stop, a delete.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from headache_diary.context import AppContext
from headache_diary.domain import new_id
from headache_diary.domain.errors import ValidationError
from headache_diary.domain.medication import (
    AcuteDose,
    PlanEntry,
    validate_dose,
    validate_plan_entry,
)
from headache_diary.storage import medication as store

# --- reading ------------------------------------------------------------------------------


def list_plan(ctx: AppContext) -> list[PlanEntry]:
    """Every plan entry, by start date."""
    with ctx.diary.read_session() as s:
        return store.list_plan(s)


def list_doses(
    ctx: AppContext,
    first: date | None = None,
    last: date | None = None,
    *,
    newest_first: bool = True,
    limit: int | None = None,
) -> list[AcuteDose]:
    """Doses outside an episode whose local date is in the range (newest first)."""
    with ctx.diary.read_session() as s:
        return store.list_doses(s, first, last, newest_first=newest_first, limit=limit)


def count_doses(ctx: AppContext) -> int:
    with ctx.diary.read_session() as s:
        return store.count_doses(s)


# --- changes and undo ---------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One change made by the patient, as what undoing it means."""

    #: what it did, for the status bar ("Plan entry added")
    what: str
    #: values to store again on undo (their state before the change)
    restore_plan: tuple[PlanEntry, ...] = ()
    restore_doses: tuple[AcuteDose, ...] = ()
    #: ids to delete on undo (what the change added)
    remove_plan: tuple[str, ...] = ()
    remove_doses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Saved:
    """The result of a change: the stored value (the new entry after a dose change) and
    how to undo it."""

    value: PlanEntry | AcuteDose | None
    change: Change


def save_plan_entry(ctx: AppContext, entry: PlanEntry, today: date | None = None) -> Saved:
    """Add ``entry``, or replace the stored one with its id (an edit). ValidationError
    when it breaks a rule (a stop before the start, no class, a start more than a year
    ahead); nothing is saved then."""
    e = validate_plan_entry(entry, today or date.today())
    with ctx.diary.session() as s:
        before = store.get_plan_entry(s, e.id)
        store.save_plan_entry(s, e)
    if before is None:
        return Saved(e, Change("Regular medication added", remove_plan=(e.id,)))
    return Saved(e, Change("Regular medication changed", restore_plan=(before,)))


def change_dose(
    ctx: AppContext, entry_id: str, dose: str, from_day: date, today: date | None = None
) -> Saved:
    """A dose change from ``from_day``: the entry stops the day before and a new entry
    with the new dose (same name and class, the old stop date if it had one) starts that
    day. ``from_day`` must be after the entry's start (else edit the entry itself)."""
    today = today or date.today()
    with ctx.diary.session() as s:
        old = store.get_plan_entry(s, entry_id)
        if old is None:
            raise ValidationError({"entry": "this medication is no longer in the plan"})
        if from_day <= old.started:
            raise ValidationError(
                {"from_day": "the new dose must start after the day the medication was started"}
            )
        if old.stopped is not None and from_day > old.stopped:
            raise ValidationError(
                {"from_day": "the new dose must start before the day the medication was stopped"}
            )
        new = validate_plan_entry(
            PlanEntry(
                name=old.name,
                med_class=old.med_class,
                dose=dose,
                started=from_day,
                stopped=old.stopped,
                id=new_id(),
                for_headache=old.for_headache,
            ),
            today,
        )
        ended = dataclasses.replace(old, stopped=from_day - timedelta(days=1))
        store.save_plan_entry(s, ended)
        store.save_plan_entry(s, new)
    return Saved(new, Change("Dose changed", restore_plan=(old,), remove_plan=(new.id,)))


def stop_plan_entry(
    ctx: AppContext, entry_id: str, last_day: date, today: date | None = None
) -> Saved:
    """The medication was last taken on ``last_day`` (not before its start)."""
    with ctx.diary.session() as s:
        old = store.get_plan_entry(s, entry_id)
        if old is None:
            raise ValidationError({"entry": "this medication is no longer in the plan"})
        stopped = validate_plan_entry(
            dataclasses.replace(old, stopped=last_day), today or date.today()
        )
        store.save_plan_entry(s, stopped)
    return Saved(stopped, Change("Regular medication stopped", restore_plan=(old,)))


def delete_plan_entry(ctx: AppContext, entry_id: str) -> Saved | None:
    with ctx.diary.session() as s:
        removed = store.delete_plan_entry(s, entry_id)
    if removed is None:
        return None
    return Saved(removed, Change("Regular medication deleted", restore_plan=(removed,)))


def save_dose(ctx: AppContext, dose: AcuteDose, now: datetime | None = None) -> Saved:
    """Add a dose outside an episode, or replace the stored one with its id.
    ValidationError (no class, a time in the future...); nothing is saved then."""
    d = validate_dose(dose, now)
    with ctx.diary.session() as s:
        before = store.get_dose(s, d.id)
        store.save_dose(s, d)
    if before is None:
        return Saved(d, Change("Dose added", remove_doses=(d.id,)))
    return Saved(d, Change("Dose changed", restore_doses=(before,)))


def delete_dose(ctx: AppContext, dose_id: str) -> Saved | None:
    with ctx.diary.session() as s:
        removed = store.delete_dose(s, dose_id)
    if removed is None:
        return None
    return Saved(removed, Change("Dose deleted", restore_doses=(removed,)))


def undo_change(ctx: AppContext, change: Change) -> None:
    """Put the diary back as it was before ``change``, in one unit of work."""
    with ctx.diary.session() as s:
        for entry_id in change.remove_plan:
            store.delete_plan_entry(s, entry_id)
        for dose_id in change.remove_doses:
            store.delete_dose(s, dose_id)
        for entry in change.restore_plan:
            store.save_plan_entry(s, entry)
        for dose in change.restore_doses:
            store.save_dose(s, dose)


@dataclass
class MedicationUndo:
    """The medication changes made in this window, newest last, undone one after another
    until the app is closed (as ``services.episodes.DeleteHistory`` does for deletes)."""

    changes: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def record(self, saved: Saved | None) -> Saved | None:
        if saved is not None:
            self.changes.append(saved.change)
        return saved

    def undo(self, ctx: AppContext) -> Change | None:
        """Undo the most recent change; None when there is nothing to undo. On a failure
        the change stays on the list, so the patient can try again."""
        if not self.changes:
            return None
        change = self.changes[-1]
        undo_change(ctx, change)
        self.changes.pop()
        return change
