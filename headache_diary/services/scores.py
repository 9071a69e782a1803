"""The scores copied from a clinic's forms (NDI, HIT-6, MIDAS, another named score): list,
add, edit, delete, each one unit of work, and undo one change after another until the app
is closed (as the Medication tab does)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from headache_diary.context import AppContext
from headache_diary.domain.workup import Score, validate_score
from headache_diary.i18n import N_
from headache_diary.services.undo import UndoStack
from headache_diary.storage import workup as store

ADDED = N_("Score added")
CHANGED = N_("Score changed")
DELETED = N_("Score deleted")


@dataclass(frozen=True)
class ScoreChange:
    """One change as what undoing it means: the value to put back (its state before the
    change; None after an add) and the id to delete (after an add)."""

    #: what it did, English source text (translate where shown: ``_(change.what)``)
    what: str
    restore: Score | None = None
    remove: str | None = None


@dataclass(frozen=True)
class SavedScore:
    value: Score
    change: ScoreChange


def list_scores(ctx: AppContext) -> list[Score]:
    """Every score, newest first (the Scores page's order)."""
    with ctx.diary.read_session() as s:
        return store.list_scores(s)[::-1]


def save_score(ctx: AppContext, score: Score, today: date | None = None) -> SavedScore:
    """Add ``score`` or replace the stored one with its id. ValidationError (a total out of
    the instrument's range, another score without a name, a date in the future); nothing
    is saved then."""
    value = validate_score(score, today or date.today())
    with ctx.diary.session() as s:
        before = store.get_score(s, value.id)
        store.save_score(s, value)
    if before is None:
        return SavedScore(value, ScoreChange(ADDED, remove=value.id))
    return SavedScore(value, ScoreChange(CHANGED, restore=before))


def delete_score(ctx: AppContext, score_id: str) -> SavedScore | None:
    with ctx.diary.session() as s:
        removed = store.delete_score(s, score_id)
    if removed is None:
        return None
    return SavedScore(removed, ScoreChange(DELETED, restore=removed))


def undo_change(ctx: AppContext, change: ScoreChange) -> None:
    with ctx.diary.session() as s:
        if change.remove is not None:
            store.delete_score(s, change.remove)
        if change.restore is not None:
            store.save_score(s, change.restore)


class ScoreUndo(UndoStack[ScoreChange]):
    """The Scores page's changes, undone one after another until the app is closed."""

    def record(self, saved: SavedScore | None) -> SavedScore | None:
        if saved is not None:
            self.done.append(saved.change)
        return saved

    def _take_back(self, ctx: AppContext, item: ScoreChange) -> None:
        undo_change(ctx, item)


def new_scores(session: Session, scores: Sequence[Score]) -> list[Score]:
    """The scores of an import that are not duplicates (FORMAT.md: a score whose ``id`` is
    already in the diary, or earlier in the file, is skipped), in file order."""
    if not scores:
        return []
    ids = store.score_ids(session)
    out = []
    for score in scores:
        if score.id in ids:
            continue
        ids.add(score.id)
        out.append(score)
    return out
