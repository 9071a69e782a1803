"""Reading a file to import: the format from its suffix, strict parsing (FORMAT.md).

Pure apart from reading the file; the unit of work that stores the episodes is
``services.transfer.import_file``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from headache_diary.domain.errors import ImportFileError
from headache_diary.io.common import DiaryFile
from headache_diary.io.formats import import_format

#: the largest file an import reads (bytes). More than a lifetime of records: a fully
#: filled-in episode takes about 350 bytes of CSV and 760 of JSON, so 100 MB is over
#: 280,000 such episodes in CSV and 130,000 in JSON (50 years of seven a week is 18,000),
#: while the file, its text and the parsed episodes still fit a laptop's memory.
MAX_IMPORT_BYTES = 100_000_000


def _too_big(p: Path, size: int) -> ImportFileError:
    return ImportFileError(
        f"{p.name} is {size / 1e6:.0f} MB; files over {MAX_IMPORT_BYTES // 1_000_000} MB "
        "are not imported (a diary export is far smaller). Nothing was imported."
    )


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file to import: ImportFileError for a missing or unreadable file, a
    folder, anything that is not a regular file (a pipe or a device could block or never
    end), and a file over :data:`MAX_IMPORT_BYTES`, each before a byte is parsed."""
    p = Path(path)
    try:
        if not stat.S_ISREG(p.stat().st_mode):  # before open(): a FIFO would block there
            what = "a folder" if p.is_dir() else "not a regular file"
            raise ImportFileError(f"{p} is {what}, not a file to import. Nothing was imported.")
        with p.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_IMPORT_BYTES:
                raise _too_big(p, size)
            data = f.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise ImportFileError(f"{p} does not exist. Nothing was imported.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{p} is a folder, not a file. Nothing was imported.") from None
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise ImportFileError(f"{p} cannot be read: {reason}. Nothing was imported.") from None
    if len(data) > MAX_IMPORT_BYTES:  # it grew while we looked
        raise _too_big(p, len(data))
    return data


def parse_diary_file(
    path: str | os.PathLike[str],
    local_zone: str,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DiaryFile:
    """What a diary file holds (the format from its suffix, ``io.formats``), validated;
    ``progress(done, total)`` is called while parsing (it may raise to stop)."""
    fmt = import_format(path)  # before a byte is read
    data = read_file(path)
    return fmt.codec().read(data, local_zone, now, progress)
