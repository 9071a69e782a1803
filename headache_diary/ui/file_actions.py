"""File > Import…, Export… and Export PDF…: choose a file, call the service, say what
happened. Each is one unit of work (``services.transfer`` / ``services.report``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.text import default_file_name, plural


class WaitCursor:
    """A busy cursor for the length of a ``with`` block."""

    def __enter__(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QApplication.restoreOverrideCursor()


def import_file(parent: QWidget, ctx: AppContext) -> bool:
    """Ask for a .csv or .json file and import it; True when episodes or history events
    were added."""
    path, _filter = QFileDialog.getOpenFileName(
        parent,
        "Import episodes",
        str(Path.home()),
        "Diary files (*.csv *.json);;CSV (*.csv);;JSON (*.json)",
    )
    if not path:
        return False
    from headache_diary.services.transfer import import_file as run_import

    try:
        with WaitCursor():
            result = run_import(ctx, path)
    except DiaryError as exc:
        QMessageBox.critical(parent, "Nothing was imported", str(exc))
        return False
    text = (
        f"Added {plural(result.added, 'episode')}; skipped {result.skipped} already in the diary."
    )
    if result.had_history:
        text += (
            f"\nAdded {plural(result.history_added, 'history event')}; skipped "
            f"{result.history_skipped} already in the diary."
        )
    QMessageBox.information(parent, "Import finished", text)
    return result.added > 0 or result.history_added > 0


def export_file(parent: QWidget, ctx: AppContext) -> None:
    """Ask for a file name and write every episode as CSV or JSON."""
    start = str(Path.home() / default_file_name("csv"))
    path, chosen = QFileDialog.getSaveFileName(
        parent, "Export episodes", start, "CSV (*.csv);;JSON (*.json)"
    )
    if not path:
        return
    if Path(path).suffix.lower() not in (".csv", ".json"):
        path += ".json" if "json" in chosen.lower() else ".csv"
    from headache_diary.services.transfer import export_file as run_export

    try:
        with WaitCursor():
            done = run_export(ctx, path)
    except DiaryError as exc:
        QMessageBox.critical(parent, "Nothing was exported", str(exc))
        return
    QMessageBox.information(
        parent, "Export finished", f"Exported {plural(done.episodes, 'episode')} to {path}"
    )


def export_pdf(parent: QWidget, ctx: AppContext) -> None:
    from headache_diary.ui.export_pdf import export_pdf_dialog

    try:
        export_pdf_dialog(parent, ctx)
    except DiaryError as exc:
        QMessageBox.critical(parent, "PDF not saved", str(exc))
