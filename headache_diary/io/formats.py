"""The file formats of import and export, in one registry, and reading a file to import
(FORMAT.md).

Each :class:`Format` has its name (``--format``), suffix, the file dialogs' label, what it
carries and its module, whose ``read`` and ``write`` are pure functions over bytes and a
:class:`~headache_diary.io.common.DiaryFile`. The CLI's ``--format``, import's format by
suffix, export and the file dialogs' filters all take their choices from :data:`FORMATS`:
a new format is one module and one entry here. A format's module is imported when it is
first used (its loader), so the window and the command line start without it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from headache_diary.domain.errors import ExportError, ImportFileError
from headache_diary.i18n import N_, _

if TYPE_CHECKING:
    from headache_diary.io.common import DiaryFile


class Codec(Protocol):
    """What a format's module provides."""

    def read(
        self,
        data: bytes,
        local_zone: str,
        now: datetime | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> DiaryFile: ...

    def write(self, diary: DiaryFile) -> bytes: ...


@dataclass(frozen=True)
class Format:
    name: str
    #: the file suffix, lower case, with its dot
    suffix: str
    #: what the file dialogs show (marked with N_, translated where shown)
    label: str
    #: True: the whole diary (check-ins, neck history, medication plan, doses outside
    #: episodes); False: the episodes only
    whole_diary: bool
    #: imports the format's module (when it is first used)
    codec: Callable[[], Codec]

    def file_filter(self) -> str:
        """The file dialogs' filter: ``JSON, the whole diary (*.json)``."""
        return f"{_(self.label)} (*{self.suffix})"


def _json() -> Codec:
    from headache_diary.io import json_format

    return json_format


def _csv() -> Codec:
    from headache_diary.io import csv_format

    return csv_format


#: in the order the file dialogs offer them: JSON, the whole diary, first
FORMATS = (
    Format("json", ".json", N_("JSON, the whole diary"), True, _json),
    Format("csv", ".csv", N_("CSV, the episodes only, e.g. for a spreadsheet"), False, _csv),
)


def suffixes() -> str:
    """``.json, .csv``: every suffix, for a message."""
    return ", ".join(f.suffix for f in FORMATS)


def for_file(path: str | os.PathLike[str]) -> Format | None:
    """The format of the file's suffix (any case), or None."""
    suffix = Path(path).suffix.lower()
    return next((f for f in FORMATS if f.suffix == suffix), None)


def export_format(path: str | os.PathLike[str], name: str | None = None) -> Format:
    """The format named ``name``, else the one of the file's suffix (ExportError)."""
    found = for_file(path) if name is None else {f.name: f for f in FORMATS}[name]
    if found is None:
        raise ExportError(
            _(
                "Cannot tell the format of {file}: use a name ending in one of {suffixes}, "
                "or choose the format.",
                file=Path(path).name,
                suffixes=suffixes(),
            )
        )
    return found


#: the largest file an import reads (bytes). More than a lifetime of records: a fully
#: filled-in episode takes about 350 bytes of CSV and 760 of JSON, so 100 MB is over
#: 280,000 such episodes in CSV and 130,000 in JSON (50 years of seven a week is 18,000),
#: while the file, its text and the parsed episodes still fit a laptop's memory.
MAX_IMPORT_BYTES = 100_000_000


def _too_big(p: Path, size: int) -> ImportFileError:
    return ImportFileError(
        _(
            "{file} is {size} MB; files over {limit} MB are not imported (a diary export is "
            "far smaller). Nothing was imported.",
            file=p.name,
            size=round(size / 1e6),
            limit=MAX_IMPORT_BYTES // 1_000_000,
        )
    )


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file to import: ImportFileError for a missing or unreadable file, a
    folder, anything that is not a regular file (a pipe or a device could block or never
    end), and a file over :data:`MAX_IMPORT_BYTES`, each before a byte is parsed."""
    p = Path(path)
    try:
        if not stat.S_ISREG(p.stat().st_mode):  # before open(): a FIFO would block there
            if p.is_dir():
                raise ImportFileError(
                    _(
                        "{file} is a folder, not a file to import. Nothing was imported.",
                        file=str(p),
                    )
                )
            raise ImportFileError(
                _(
                    "{file} is not a regular file, not a file to import. Nothing was imported.",
                    file=str(p),
                )
            )
        with p.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_IMPORT_BYTES:
                raise _too_big(p, size)
            data = f.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise ImportFileError(
            _("{file} does not exist. Nothing was imported.", file=str(p))
        ) from None
    except IsADirectoryError:
        raise ImportFileError(
            _("{file} is a folder, not a file. Nothing was imported.", file=str(p))
        ) from None
    except OSError as exc:
        # the system's own words (strerror)
        reason = (exc.strerror or str(exc)).lower()
        raise ImportFileError(
            _("{file} cannot be read: {reason}. Nothing was imported.", file=str(p), reason=reason)
        ) from None
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
    fmt = for_file(path)
    if fmt is None:  # said before a byte is read
        raise ImportFileError(
            _(
                "{file} cannot be imported: choose a file whose name ends in one of "
                "{suffixes}. Nothing was imported.",
                file=Path(path).name,
                suffixes=suffixes(),
            )
        )
    data = read_file(path)
    return fmt.codec().read(data, local_zone, now, progress)
