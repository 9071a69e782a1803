"""File > Export PDF…: the dialog, saving personal details, the save flow (no dialog blocks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from headache_diary.domain.personal import PersonalDetails
from headache_diary.storage.personal import get_personal_details
from headache_diary.storage.repository import insert_episodes
from headache_diary.ui import export_pdf as ui
from headache_diary.ui.export_pdf import ExportPdfDialog
from headache_diary.ui.tasks import TaskRunner

TODAY = date(2026, 11, 25)


@pytest.fixture
def export(qtbot):
    """Run File > Export PDF… as the window does and wait for the worker: returns the
    saved file (None when nothing was written) and the parent the dialogs belong to."""
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = TaskRunner(parent)
    saved: list[Path] = []

    def run(ctx, before_wait=None) -> Path | None:
        task = ui.export_pdf_dialog(parent, ctx, runner, today=TODAY)
        if task is None:
            return None
        task.finished.connect(saved.append)
        if before_wait is not None:
            before_wait(parent, task)
        qtbot.waitUntil(lambda: not runner.busy, timeout=20_000)
        return saved[-1] if saved else None

    return run


def text_of(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(path).pages)


@pytest.fixture
def filled(ctx, make_episode):
    eps = [
        make_episode(f"2026-{m:02d}-{d:02d} 10:00", side="left")
        for m in (9, 10, 11)
        for d in (3, 12, 20)
    ]
    with ctx.diary.session() as s:
        insert_episodes(s, eps)
    return ctx


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def __call__(self, *args, **kwargs):
        self.calls.append(args)


@pytest.fixture
def no_dialogs(monkeypatch, tmp_path):
    """Every blocking dialog answered: accept the options, save to tmp, Close the message."""
    state = {"save_as": str(tmp_path / "summary"), "configure": None, "click": "Close"}
    saves: list[tuple] = []
    errors = Recorder()
    opened: list = []

    def exec_dialog(self) -> int:
        if state["configure"]:
            state["configure"](self)
        return QDialog.DialogCode.Accepted

    def get_save(parent, caption, start, filters):
        saves.append((caption, start, filters))
        return state["save_as"], filters

    def exec_box(self) -> int:
        state["buttons"] = [b.text() for b in self.buttons()]
        state["clicked"] = next(
            (b for b in self.buttons() if b.text().replace("&", "") == state["click"]), None
        )
        return 0

    monkeypatch.setattr(ExportPdfDialog, "exec", exec_dialog)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(errors))
    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: state["clicked"])
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url)))
    state.update(saves=saves, errors=errors, opened=opened)
    return state


def test_dialog_defaults_and_choices(qtbot, ctx) -> None:
    dlg = ExportPdfDialog(None, PersonalDetails(), TODAY, "Letter")
    qtbot.addWidget(dlg)
    assert [dlg.period_combo.itemText(i) for i in range(dlg.period_combo.count())] == [
        "Last 30 days",
        "Last 90 days",
        "Last 12 months",
        "All episodes",
        "Custom…",
    ]
    assert dlg.paper_combo.currentData() == "Letter"
    assert not dlg.from_edit.isEnabled() and not dlg.dob_edit.isEnabled()
    assert dlg.choices().date_from == date(2026, 8, 28) and dlg.choices().date_to == TODAY
    dlg.period_combo.setCurrentIndex(0)
    assert dlg.period() == (date(2026, 10, 27), TODAY)
    dlg.period_combo.setCurrentIndex(3)
    assert dlg.period() == (None, None)
    dlg.period_combo.setCurrentIndex(4)
    assert dlg.from_edit.isEnabled()
    dlg.from_edit.setDate(QDate(2026, 9, 1))
    dlg.to_edit.setDate(QDate(2026, 9, 30))
    assert dlg.period() == (date(2026, 9, 1), date(2026, 9, 30))
    dlg.name_edit.setText("  Ada Example ")
    dlg.dob_check.setChecked(True)
    assert dlg.dob_edit.isEnabled()
    dlg.dob_edit.setDate(QDate(1980, 5, 17))
    assert dlg.choices().details == PersonalDetails("Ada Example", date(1980, 5, 17))


def test_dialog_shows_stored_details(qtbot) -> None:
    dlg = ExportPdfDialog(None, PersonalDetails("Ada", date(1970, 2, 3)), TODAY, "A4")
    qtbot.addWidget(dlg)
    assert dlg.name_edit.text() == "Ada"
    assert dlg.dob_check.isChecked() and dlg.dob_edit.date() == QDate(1970, 2, 3)


def test_export_saves_details_writes_pdf_and_offers_open(
    qtbot, filled, no_dialogs, tmp_path, export
) -> None:
    def configure(dlg: ExportPdfDialog) -> None:
        dlg.period_combo.setCurrentIndex(3)  # all episodes
        dlg.paper_combo.setCurrentIndex(dlg.paper_combo.findData("A4"))
        dlg.name_edit.setText("Ada Example")
        dlg.dob_check.setChecked(True)
        dlg.dob_edit.setDate(QDate(1980, 5, 17))

    no_dialogs["configure"] = configure
    no_dialogs["click"] = "Open"
    saved = export(filled)
    assert saved == tmp_path / "summary.pdf" and saved.exists()
    (caption, start, filters) = no_dialogs["saves"][0]
    assert Path(start).name == "headache-diary-summary-2026-09-03-to-2026-11-25.pdf"
    assert "Ada" not in start and "*.pdf" in filters
    text = text_of(saved)
    assert "Patient: Ada Example" in text and "Date of birth: 17 May 1980" in text
    assert "3 Sept 2026 – 25 Nov 2026" in text
    with filled.diary.session() as s:
        assert get_personal_details(s) == PersonalDetails("Ada Example", date(1980, 5, 17))
    assert "Open" in no_dialogs["buttons"]
    assert [u.toLocalFile() for u in no_dialogs["opened"]] == [str(saved)]
    assert not no_dialogs["errors"].calls


def test_close_does_not_open(qtbot, filled, no_dialogs, export) -> None:
    saved = export(filled)
    assert saved is not None and saved.exists()
    assert no_dialogs["opened"] == []


def test_cancel_in_the_options_or_file_dialog_writes_nothing(
    qtbot, filled, no_dialogs, monkeypatch, tmp_path, export
) -> None:
    no_dialogs["save_as"] = ""
    assert export(filled) is None
    monkeypatch.setattr(ExportPdfDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert export(filled) is None
    assert not list(tmp_path.glob("*.pdf"))
    assert not no_dialogs["errors"].calls


def test_cancel_in_the_progress_dialog_leaves_nothing(
    qtbot, filled, no_dialogs, monkeypatch, tmp_path, export
) -> None:
    import threading

    from headache_diary.services import report

    go = threading.Event()
    real = report.take_snapshot

    def held(*args, **kwargs):  # the worker waits here until the patient has cancelled
        go.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(report, "take_snapshot", held)

    def press_cancel(parent, task) -> None:
        dialog = parent.findChild(QProgressDialog)
        assert dialog is not None
        (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel"]
        button.click()
        assert task.job.cancelled
        go.set()

    assert export(filled, press_cancel) is None
    assert list(tmp_path.glob("summary*")) == []
    with filled.diary.session() as s:  # nothing entered in the dialog was kept either
        assert get_personal_details(s).is_empty
    assert not no_dialogs["errors"].calls and no_dialogs["opened"] == []


def test_unwritable_target_shows_a_clear_error(qtbot, filled, no_dialogs, tmp_path, export) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    no_dialogs["save_as"] = str(blocker / "summary.pdf")
    assert export(filled) is None
    (call,) = no_dialogs["errors"].calls
    assert "not a folder" in call[2]
    assert blocker.read_text() == "x"


def test_main_window_menu_opens_the_export(qtbot, filled, no_dialogs, monkeypatch) -> None:
    from headache_diary.ui.main_window import MainWindow

    called = []
    monkeypatch.setattr(
        ui, "export_pdf_dialog", lambda parent, ctx, runner, **chosen: called.append((ctx, runner))
    )
    win = MainWindow(filled)
    qtbot.addWidget(win)
    win.export_pdf_action.trigger()
    assert called == [(filled, win.runner)]
