"""The medication plan and the doses taken outside an episode: list, add, change the dose,
stop, edit, delete, each one unit of work, and undo.

Every change returns a :class:`Change` (what to put back and what to take away), which
:class:`MedicationUndo` keeps so the Medication tab can undo changes one after another
until the app is closed: an add, an edit, a dose change (the old entry stopped the day
before and a new entry from that day: one change, one undo), a stop, a delete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from headache_diary.context import AppContext
from headache_diary.domain.errors import ValidationError
from headache_diary.domain.medication import (
    AcuteDose,
    ChangeDoseForm,
    PlanEntry,
    StopForm,
    validate_dose,
    validate_plan_entry,
)
from headache_diary.i18n import _
from headache_diary.services.undo import UndoStack
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
        return Saved(e, Change(_("Regular medication added"), remove_plan=(e.id,)))
    return Saved(e, Change(_("Regular medication changed"), restore_plan=(before,)))


def change_dose(
    ctx: AppContext, entry_id: str, dose: str, from_day: date, today: date | None = None
) -> Saved:
    """A dose change from ``from_day`` (domain.medication.ChangeDoseForm): the entry stops
    the day before and a new entry with the new dose starts that day."""
    with ctx.diary.session() as s:
        old = _stored_entry(s, entry_id)
        changed, problems = ChangeDoseForm(old, dose, from_day).build(today or date.today())
        if changed is None:
            raise ValidationError(problems)
        ended, new = changed
        store.save_plan_entry(s, ended)
        store.save_plan_entry(s, new)
    return Saved(new, Change(_("Dose changed"), restore_plan=(old,), remove_plan=(new.id,)))


def stop_plan_entry(
    ctx: AppContext, entry_id: str, last_day: date, today: date | None = None
) -> Saved:
    """The medication was last taken on ``last_day`` (domain.medication.StopForm)."""
    with ctx.diary.session() as s:
        old = _stored_entry(s, entry_id)
        stopped, problems = StopForm(old, last_day).build(today or date.today())
        if stopped is None:
            raise ValidationError(problems)
        store.save_plan_entry(s, stopped)
    return Saved(stopped, Change(_("Regular medication stopped"), restore_plan=(old,)))


def _stored_entry(s: Session, entry_id: str) -> PlanEntry:
    old = store.get_plan_entry(s, entry_id)
    if old is None:
        raise ValidationError({"entry": _("this medication is no longer in the plan")})
    return old


def delete_plan_entry(ctx: AppContext, entry_id: str) -> Saved | None:
    with ctx.diary.session() as s:
        removed = store.delete_plan_entry(s, entry_id)
    if removed is None:
        return None
    return Saved(removed, Change(_("Regular medication deleted"), restore_plan=(removed,)))


def save_dose(ctx: AppContext, dose: AcuteDose, now: datetime | None = None) -> Saved:
    """Add a dose outside an episode, or replace the stored one with its id.
    ValidationError (no class, a time in the future...); nothing is saved then."""
    d = validate_dose(dose, now)
    with ctx.diary.session() as s:
        before = store.get_dose(s, d.id)
        store.save_dose(s, d)
    if before is None:
        return Saved(d, Change(_("Dose added"), remove_doses=(d.id,)))
    return Saved(d, Change(_("Dose changed"), restore_doses=(before,)))


def delete_dose(ctx: AppContext, dose_id: str) -> Saved | None:
    with ctx.diary.session() as s:
        removed = store.delete_dose(s, dose_id)
    if removed is None:
        return None
    return Saved(removed, Change(_("Dose deleted"), restore_doses=(removed,)))


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


class MedicationUndo(UndoStack[Change]):
    """The medication changes made in this window, undone one after another until the
    app is closed (as ``services.episodes.DeleteHistory`` does for deletes)."""

    def record(self, saved: Saved | None) -> Saved | None:
        if saved is not None:
            self.done.append(saved.change)
        return saved

    def _take_back(self, ctx: AppContext, item: Change) -> None:
        undo_change(ctx, item)
