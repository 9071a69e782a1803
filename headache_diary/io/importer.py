"""Import episodes from CSV or JSON (FORMAT.md): validate everything, then insert in one
transaction. Duplicates (same start second and side as a stored episode or an earlier
row of the file) are skipped and counted. Any problem raises ImportFileError and the
diary is unchanged.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from headache_diary.domain.episode import Episode, new_id
from headache_diary.domain.errors import ImportFileError, StorageError
from headache_diary.io.common import episode_key, gc_paused
from headache_diary.io.csv_format import parse_csv
from headache_diary.io.json_format import parse_json
from headache_diary.storage.db import Diary
from headache_diary.storage.models import EpisodeRow
from headache_diary.storage.repository import existing_keys, insert_episodes


@dataclass
class ImportResult:
    added: int
    skipped: int


def read_file(path: str | os.PathLike[str]) -> bytes:
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"{p} does not exist. Nothing was imported.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{p} is a folder, not a file. Nothing was imported.") from None
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise ImportFileError(f"{p} cannot be read: {reason}. Nothing was imported.") from None


def parse_file(
    path: str | os.PathLike[str], local_zone: str, now: datetime | None = None
) -> list[Episode]:
    """The validated episodes of a .csv or .json file (format from the extension)."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".json"):
        raise ImportFileError(
            f"{Path(path).name} is neither a .csv nor a .json file. Nothing was imported."
        )
    data = read_file(path)
    if suffix == ".csv":
        return parse_csv(data, local_zone, now)
    return parse_json(data, local_zone, now)


def import_file(diary: Diary, path: str | os.PathLike[str], local_zone: str) -> ImportResult:
    """Import a .csv or .json file, all or nothing."""
    with gc_paused():
        return import_episodes(diary, parse_file(path, local_zone))


def import_episodes(diary: Diary, episodes: Iterable[Episode]) -> ImportResult:
    """Insert validated episodes in one transaction, skipping duplicates.

    An episode whose id is already taken (an edited episode from an older JSON export)
    gets a new id.
    """
    episodes = list(episodes)
    added: list[Episode] = []
    skipped = 0
    try:
        with diary.session() as s:
            keys = existing_keys(s)
            ids = set(s.scalars(select(EpisodeRow.id)))
            for ep in episodes:
                key = episode_key(ep)
                if key in keys:
                    skipped += 1
                    continue
                keys.add(key)
                if ep.id in ids:
                    ep = dataclasses.replace(ep, id=new_id())
                ids.add(ep.id)
                added.append(ep)
            insert_episodes(s, added)
    except SQLAlchemyError as exc:
        raise StorageError(
            f"The diary could not be written ({exc.__class__.__name__}). Nothing was imported."
        ) from exc
    return ImportResult(added=len(added), skipped=skipped)
