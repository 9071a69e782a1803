"""Save, delete, undo and list episodes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from headache_diary.context import AppContext
from headache_diary.domain.episode import Episode, validate
from headache_diary.domain.listing import ListItem
from headache_diary.domain.timeutil import to_epoch
from headache_diary.services.undo import UndoableDeletes
from headache_diary.storage import repository


def save_episode(ctx: AppContext, episode: Episode, now: datetime | None = None) -> Episode:
    """Validate, normalize and store ``episode`` (new, or replacing the one with its id),
    as of ``now`` (default the clock: nothing may start after it, and it is when the
    episode was entered); returns the stored value. ValidationError when it breaks a
    rule; nothing is saved."""
    ep = episode.normalized()
    validate(ep, now)
    with ctx.diary.session() as s:
        repository.save_episode(s, ep, None if now is None else to_epoch(now))
    return ep


def get_episode(ctx: AppContext, episode_id: str) -> Episode | None:
    with ctx.diary.read_session() as s:
        return repository.get_episode(s, episode_id)


def delete_episode(ctx: AppContext, episode_id: str) -> Episode | None:
    """Delete an episode; returns its value (for undo), or None when it was not there."""
    with ctx.diary.session() as s:
        return repository.delete_episode(s, episode_id)


def count_episodes(ctx: AppContext) -> int:
    with ctx.diary.read_session() as s:
        return repository.count_episodes(s)


def list_page(ctx: AppContext, offset: int, limit: int) -> list[ListItem]:
    """Rows ``offset`` to ``offset + limit`` of the episode list, newest first."""
    with ctx.diary.read_session() as s:
        return repository.list_page(s, offset, limit)


def list_position(ctx: AppContext, episode_id: str) -> int | None:
    """The row of ``episode_id`` in the list (newest first), or None."""
    with ctx.diary.read_session() as s:
        return repository.list_position(s, episode_id)


class DeleteHistory(UndoableDeletes[Episode]):
    """Deleted episodes, newest last, so that deletes can be undone one after another
    until the app is closed."""

    def _remove(self, ctx: AppContext, value_id: str) -> Episode | None:
        return delete_episode(ctx, value_id)

    def _put_back(self, session: Session, value: Episode) -> None:
        repository.save_episode(session, value)
