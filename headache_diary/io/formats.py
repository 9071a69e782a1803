"""The file formats of import and export, in one registry (FORMAT.md).

Each :class:`Format` has its name (``--format``), suffix, the file dialogs' label, what it
carries and its module, whose ``read`` and ``write`` are pure functions over bytes and a
:class:`~headache_diary.io.common.DiaryFile`. The CLI's ``--format``, import's format by
suffix, export and the file dialogs' filters all take their choices from :data:`FORMATS`:
a new format is one module and one entry here. A format's module is imported when it is
first used (its loader), so the window and the command line start without it.
"""

from __future__ import annotations

import os
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
NAMES = tuple(f.name for f in FORMATS)


def suffixes() -> str:
    """``.json, .csv``: every suffix, for a message."""
    return ", ".join(f.suffix for f in FORMATS)


def for_file(path: str | os.PathLike[str]) -> Format | None:
    """The format of the file's suffix (any case), or None."""
    suffix = Path(path).suffix.lower()
    return next((f for f in FORMATS if f.suffix == suffix), None)


def export_format(path: str | os.PathLike[str], name: str | None = None) -> Format:
    """The format named ``name`` (one of :data:`NAMES`), else the one of the file's suffix
    (ExportError)."""
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


def import_format(path: str | os.PathLike[str]) -> Format:
    """The format of the file's suffix (ImportFileError naming the suffixes known)."""
    found = for_file(path)
    if found is None:
        raise ImportFileError(
            _(
                "{file} cannot be imported: choose a file whose name ends in one of "
                "{suffixes}. Nothing was imported.",
                file=Path(path).name,
                suffixes=suffixes(),
            )
        )
    return found
