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
from headache_diary.domain.text import default_file_name
from headache_diary.i18n import _
from headache_diary.io.formats import FORMATS, for_file
from headache_diary.services.protection import is_protected
from headache_diary.ui.passphrase_dialog import EXPORT_PLAIN_CAPTION
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
    """Ask for a diary file (any of ``io.formats``) and import it on a worker;
    ``on_added(n)`` after, with the number of records added."""
    every = " ".join(f"*{f.suffix}" for f in FORMATS)
    filters = [_("Diary files ({patterns})", patterns=every)] + [f.file_filter() for f in FORMATS]
    path, _chosen = QFileDialog.getOpenFileName(
        parent, _("Import a diary file"), str(Path.home()), ";;".join(filters)
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
        QMessageBox.information(parent, _("Import finished"), result.text())

    return run_with_progress(
        parent,
        runner,
        work,
        title=_("Import"),
        label=_("Importing {file}…", file=Path(path).name),
        failed_title=_("Nothing was imported"),
        on_done=done,
        on_end=on_end,
    )


def export_file(
    parent: QWidget, ctx: AppContext, runner: TaskRunner, on_end: Callable[[], None] | None = None
) -> Task | None:
    """Ask for a file name and write the diary in one of ``io.formats``, on a worker. The
    whole diary (JSON) is offered first; the message after an export of the episodes only
    (CSV) says what the file leaves out."""
    by_filter = {f.file_filter(): f for f in FORMATS}
    start = str(Path.home() / default_file_name(FORMATS[0].suffix[1:]))
    caption = _("Export the diary")
    if is_protected(ctx.paths):  # one line: the export is plain, by the patient's choice
        caption = _(EXPORT_PLAIN_CAPTION)
    path, chosen = QFileDialog.getSaveFileName(parent, caption, start, ";;".join(by_filter))
    if not path:
        return None
    fmt = for_file(path)
    if fmt is None:  # no known suffix: the chosen filter's
        fmt = by_filter.get(chosen, FORMATS[0])
        path += fmt.suffix

    def work(job: Job) -> ExportResult:
        from headache_diary.services.transfer import export_file as run_export

        return run_export(ctx, path, job=job)

    def done(result: ExportResult) -> None:
        text = result.text()
        if not fmt.whole_diary:
            text += "\n\n" + _(
                "This file holds the episodes only. The daily check-ins, the neck history "
                "and the medication plan are in a JSON export, and in every backup."
            )
        QMessageBox.information(parent, _("Export finished"), text)

    return run_with_progress(
        parent,
        runner,
        work,
        title=_("Export"),
        label=_("Writing {file}…", file=Path(path).name),
        failed_title=_("Nothing was exported"),
        on_done=done,
        on_end=on_end,
    )
