"""File > Import…, Export… and Export PDF…: choose a file, run the service on a worker with
a progress dialog, say what happened. Each is one unit of work (``services.transfer`` /
``services.report``); a cancelled import or export changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from headache_diary.context import AppContext
from headache_diary.domain.jobs import Job
from headache_diary.domain.text import default_file_name, plural
from headache_diary.ui.progress import run_with_progress
from headache_diary.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:  # the services (and SQLAlchemy) load when the work runs
    from headache_diary.services.transfer import ExportResult, ImportResult


class WaitCursor:
    """A busy cursor for the length of a ``with`` block."""

    def __enter__(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QApplication.restoreOverrideCursor()


def import_file(
    parent: QWidget,
    ctx: AppContext,
    runner: TaskRunner,
    on_added: Callable[[int], None],
    on_end: Callable[[], None] | None = None,
) -> Task | None:
    """Ask for a .csv or .json file and import it on a worker; ``on_added(n)`` after, with
    the number of episodes and history events added."""
    path, _filter = QFileDialog.getOpenFileName(
        parent,
        "Import a diary file (CSV: episodes; JSON: the whole diary)",
        str(Path.home()),
        "Diary files (*.csv *.json);;CSV (*.csv);;JSON (*.json)",
    )
    if not path:
        return None

    def work(job: Job) -> ImportResult:
        from headache_diary.services.transfer import import_file as run_import

        return run_import(ctx, path, job)

    def done(result: ImportResult) -> None:
        on_added(
            result.added
            + result.history_added
            + result.check_ins_added
            + result.plan_added
            + result.doses_added
        )
        text = (
            f"Added {plural(result.added, 'episode')}; skipped {result.skipped} already in "
            "the diary."
        )
        if result.check_ins_added or result.check_ins_skipped:
            text += (
                f" Added {plural(result.check_ins_added, 'daily check-in')}; kept "
                f"{result.check_ins_skipped} the diary already had for those days."
            )
        if result.had_history:
            text += (
                f"\nAdded {plural(result.history_added, 'history event')}; skipped "
                f"{result.history_skipped} already in the diary."
            )
        if result.had_medication:
            text += (
                f"\nAdded {plural(result.plan_added, 'regular medication', 'regular medications')}"
                f" and {plural(result.doses_added, 'dose')} outside episodes; skipped "
                f"{result.plan_skipped + result.doses_skipped} already in the diary."
            )
        QMessageBox.information(parent, "Import finished", text)

    return run_with_progress(
        parent,
        runner,
        work,
        title="Import",
        label=f"Importing {Path(path).name}…",
        failed_title="Nothing was imported",
        on_done=done,
        on_end=on_end,
    )


def export_file(
    parent: QWidget, ctx: AppContext, runner: TaskRunner, on_end: Callable[[], None] | None = None
) -> Task | None:
    """Ask for a file name and write the diary as JSON (all of it) or its episodes as CSV,
    on a worker. JSON is offered first: a CSV file holds the episodes only, and the
    message after a CSV export says so."""
    start = str(Path.home() / default_file_name("json"))
    path, chosen = QFileDialog.getSaveFileName(
        parent,
        "Export the diary",
        start,
        "JSON, the whole diary (*.json);;CSV, the episodes only, e.g. for a spreadsheet (*.csv)",
    )
    if not path:
        return None
    if Path(path).suffix.lower() not in (".csv", ".json"):
        path += ".csv" if "csv" in chosen.lower() else ".json"

    def work(job: Job) -> ExportResult:
        from headache_diary.services.transfer import export_file as run_export

        return run_export(ctx, path, job=job)

    def done(result: ExportResult) -> None:
        text = f"Exported {plural(result.episodes, 'episode')} to {path}."
        if Path(path).suffix.lower() == ".csv":
            text += (
                "\n\nA CSV file holds the episodes only. The daily check-ins, the neck "
                "history and the medication plan are in a JSON export, and in every backup."
            )
        QMessageBox.information(parent, "Export finished", text)

    return run_with_progress(
        parent,
        runner,
        work,
        title="Export",
        label=f"Writing {Path(path).name}…",
        failed_title="Nothing was exported",
        on_done=done,
        on_end=on_end,
    )
