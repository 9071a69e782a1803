"""Rows of the neck workup's tables (migration 0008): a nerve block's response
(``nerve_block``, ``nerve_block_rating``, keyed by their history event) and the scores
(``score``). The only place that turns NerveBlock and Score values into rows and back;
callers validate before they store (domain.workup)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from headache_diary.domain.workup import BlockRating, NerveBlock, Score
from headache_diary.storage import keyed
from headache_diary.storage.models import NerveBlockRatingRow, NerveBlockRow, ScoreRow

# --- nerve blocks ------------------------------------------------------------------------


def read_blocks(session: Session, event_pks: Iterable[int] | None = None) -> dict[int, NerveBlock]:
    """The blocks of the events (all of them when ``event_pks`` is None), by event pk."""
    query = select(NerveBlockRow)
    ratings_query = select(NerveBlockRatingRow).order_by(
        NerveBlockRatingRow.event_pk, NerveBlockRatingRow.after_minutes
    )
    if event_pks is not None:
        pks = list(event_pks)
        query = query.where(NerveBlockRow.event_pk.in_(pks))
        ratings_query = ratings_query.where(NerveBlockRatingRow.event_pk.in_(pks))
    ratings: dict[int, list[BlockRating]] = {}
    for r in session.scalars(ratings_query):
        ratings.setdefault(r.event_pk, []).append(BlockRating(r.after_minutes, r.pain))
    out = {}
    for row in session.scalars(query):
        hours = row.relief_hours
        out[row.event_pk] = NerveBlock(
            purpose=row.purpose,
            target=row.target,
            anaesthetic=row.anaesthetic,
            control=row.control,
            pain_before=row.pain_before,
            ratings=tuple(ratings.get(row.event_pk, ())),
            relief_hours=int(hours) if hours is not None and hours.is_integer() else hours,
        )
    return out


def write_block(session: Session, event_pk: int, block: NerveBlock | None) -> None:
    """Replace the event's block (and its ratings) by ``block``; None removes it."""
    session.execute(delete(NerveBlockRow).where(NerveBlockRow.event_pk == event_pk))
    session.execute(delete(NerveBlockRatingRow).where(NerveBlockRatingRow.event_pk == event_pk))
    if block is None:
        return
    session.add(
        NerveBlockRow(
            event_pk=event_pk,
            purpose=block.purpose,
            target=block.target,
            anaesthetic=block.anaesthetic,
            control=block.control,
            pain_before=block.pain_before,
            relief_hours=None if block.relief_hours is None else float(block.relief_hours),
        )
    )
    session.flush()
    session.add_all(
        NerveBlockRatingRow(event_pk=event_pk, after_minutes=r.after_minutes, pain=r.pain)
        for r in block.ratings
    )
    session.flush()


# --- scores ------------------------------------------------------------------------------


def _score(row: ScoreRow) -> Score:
    total = row.total
    return Score(
        id=row.id,
        date=date.fromisoformat(row.score_date),
        instrument=row.instrument,
        name=row.name,
        total=int(total) if float(total).is_integer() else total,
        note=row.note,
    )


def _fill(row: ScoreRow, score: Score, now: int) -> None:
    row.score_date = score.date.isoformat()
    row.instrument = score.instrument
    row.name = score.name
    row.total = float(score.total)
    row.note = score.note
    row.updated_utc = now


def list_scores(
    session: Session, first: date | None = None, last: date | None = None
) -> list[Score]:
    """The scores dated in [first, last] (every one without a bound), by date, then
    instrument code, then name (FORMAT.md summary ``scores``)."""
    query = select(ScoreRow)
    if first is not None:
        query = query.where(ScoreRow.score_date >= first.isoformat())
    if last is not None:
        query = query.where(ScoreRow.score_date <= last.isoformat())
    query = query.order_by(ScoreRow.score_date, ScoreRow.instrument, ScoreRow.name, ScoreRow.pk)
    return [_score(r) for r in session.scalars(query)]


def get_score(session: Session, score_id: str) -> Score | None:
    row = session.scalars(select(ScoreRow).where(ScoreRow.id == score_id)).one_or_none()
    return None if row is None else _score(row)


def score_ids(session: Session) -> set[str]:
    return set(session.scalars(select(ScoreRow.id)))


def save_score(session: Session, score: Score) -> None:
    """Insert ``score`` (validated) or replace the stored one with its id."""
    keyed.save(session, ScoreRow, score, _fill)


def insert_scores(session: Session, scores: Iterable[Score]) -> int:
    """Insert new (validated) scores; returns how many."""
    return keyed.insert_all(session, ScoreRow, scores, _fill)


def delete_score(session: Session, score_id: str) -> Score | None:
    """Delete a score; its value (for undo), or None when it did not exist."""
    found = get_score(session, score_id)
    if found is not None:
        keyed.delete_by_id(session, ScoreRow, score_id)
    return found
