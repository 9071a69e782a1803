"""Export formats by name (FORMAT.md): the bytes of a CSV or JSON export.

The unit of work that reads the episodes and writes the file atomically is
``services.transfer.export_file``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from headache_diary.domain.checkin import CheckIn
from headache_diary.domain.episode import Episode
from headache_diary.domain.errors import ExportError
from headache_diary.domain.history import HistoryEvent
from headache_diary.domain.medication import AcuteDose, PlanEntry
from headache_diary.io.csv_format import episodes_to_csv
from headache_diary.io.json_format import episodes_to_json

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


def export_bytes(
    episodes: list[Episode],
    fmt: str,
    history: Sequence[HistoryEvent] = (),
    check_ins: Sequence[CheckIn] = (),
    plan: Sequence[PlanEntry] = (),
    doses: Sequence[AcuteDose] = (),
) -> bytes:
    """CSV (episodes only, unchanged) or JSON (episodes, check-ins, the neck history, the
    medication plan and the doses outside episodes)."""
    if fmt == "csv":
        return episodes_to_csv(episodes)
    return episodes_to_json(episodes, history, check_ins, plan, doses)
