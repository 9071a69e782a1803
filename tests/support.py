"""Helpers the tests share: the services, called as the CLI and the GUI call them."""

from __future__ import annotations

from datetime import date
from typing import Any

from headache_diary.analysis.snapshot import AnalysisSnapshot
from headache_diary.context import AppContext
from headache_diary.services.analysis import analysis_snapshot
from headache_diary.storage.db import Diary

ZONE = "Europe/Berlin"


def ctx_of(diary: Diary, zone: str = ZONE) -> AppContext:
    return AppContext(paths=diary.paths, diary=diary, zone=zone)


def snapshot(
    diary: Diary,
    date_from: date | None = None,
    date_to: date | None = None,
    today: date | None = None,
) -> AnalysisSnapshot:
    return analysis_snapshot(ctx_of(diary), date_from, date_to, today)


def summary_json(
    diary: Diary,
    date_from: date | None = None,
    date_to: date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The summary object of FORMAT.md, as ``summary --json`` prints it."""
    return snapshot(diary, date_from, date_to, today).to_json()


def import_file(diary: Diary, path: Any, zone: str = ZONE) -> Any:
    """``services.transfer.import_file`` with ``zone`` as the computer's zone."""
    from headache_diary.services import transfer

    return transfer.import_file(ctx_of(diary, zone), path)


def export_file(diary: Diary, path: Any, **kw: Any) -> int:
    """``services.transfer.export_file``; returns how many episodes were written."""
    from headache_diary.services import transfer

    return transfer.export_file(ctx_of(diary), path, **kw).episodes
