"""Export the diary to CSV or JSON (FORMAT.md), written atomically with mode 0600."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from headache_diary.domain.episode import Episode
from headache_diary.domain.errors import ExportError
from headache_diary.io.atomic import write_atomic
from headache_diary.io.common import gc_paused
from headache_diary.io.csv_format import episodes_to_csv
from headache_diary.io.json_format import episodes_to_json
from headache_diary.storage.db import Diary
from headache_diary.storage.repository import iter_episodes

__all__ = [
    "episodes_to_csv",
    "episodes_to_json",
    "export_bytes",
    "export_file",
    "format_for",
    "load_episodes",
]

FORMATS = ("csv", "json")


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """``fmt`` if given, else the format named by the file's extension."""
    if fmt is None:
        fmt = Path(path).suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise ExportError(
                f"Cannot tell the format of {Path(path).name}: use a name ending in .csv or "
                ".json, or choose the format."
            )
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}: choose csv or json.")
    return fmt


def load_episodes(
    diary: Diary, date_from: date | None = None, date_to: date | None = None
) -> list[Episode]:
    """Episodes whose local start date is in the range, ordered by (start, side)."""
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ExportError(f"The first day {date_from} is after the last day {date_to}.")
    try:
        with diary.read_session() as s:
            return list(iter_episodes(s, date_from, date_to))
    except SQLAlchemyError as exc:
        raise ExportError(f"The diary could not be read ({exc.__class__.__name__}).") from exc


def export_bytes(episodes: list[Episode], fmt: str) -> bytes:
    return episodes_to_csv(episodes) if fmt == "csv" else episodes_to_json(episodes)


def export_file(
    diary: Diary,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> int:
    """Write the episodes of the range to ``path``; returns how many were written.

    The file is replaced atomically (temp file in the same folder, fsync, rename) and
    is readable by the user only (0600). On failure ExportError is raised and nothing
    is left behind.
    """
    fmt = format_for(path, fmt)
    with gc_paused():
        episodes = load_episodes(diary, date_from, date_to)
        data = export_bytes(episodes, fmt)
    write_atomic(path, data)
    return len(episodes)
