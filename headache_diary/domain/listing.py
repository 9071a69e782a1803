"""What one row of the episode list shows: a plain value, never an ORM object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ListItem:
    """One row of the episode list: what the table shows, nothing more.

    ``duration_s`` is the stored elapsed time (``ended - started`` as instants): the
    difference of the two wall-clock times would be off by an hour across a clock change.
    """

    id: str
    started_at: datetime
    ended_at: datetime | None
    duration_s: int | None
    side: str
    intensity: int | None
    triggers: tuple[str, ...]
    neck_position: str | None

    @property
    def duration(self) -> timedelta | None:
        return None if self.duration_s is None else timedelta(seconds=self.duration_s)
