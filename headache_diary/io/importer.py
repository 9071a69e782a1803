"""Reading a file to import: the format from the extension, strict parsing (FORMAT.md).

Pure apart from reading the file; the unit of work that stores the episodes is
``services.transfer.import_file``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from headache_diary.domain.episode import Episode
from headache_diary.domain.errors import ImportFileError
from headache_diary.io.csv_format import parse_csv
from headache_diary.io.json_format import DiaryFile, parse_json_diary


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
    path: str | os.PathLike[str],
    local_zone: str,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Episode]:
    """The validated episodes of a .csv or .json file (format from the extension);
    ``progress(done, total)`` is called while parsing (it may raise to stop)."""
    return parse_diary_file(path, local_zone, now, progress).episodes


def parse_diary_file(
    path: str | os.PathLike[str],
    local_zone: str,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DiaryFile:
    """The validated episodes and (JSON only) check-ins and history events of a .csv or
    .json file."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".json"):
        raise ImportFileError(
            f"{Path(path).name} is neither a .csv nor a .json file. Nothing was imported."
        )
    data = read_file(path)
    if suffix == ".csv":
        return DiaryFile(parse_csv(data, local_zone, now, progress))
    return parse_json_diary(data, local_zone, now, progress)
