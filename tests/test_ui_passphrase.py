"""The passphrase in the window (issue 25): asked before anything else, any number of tries;
Settings turns it on, changes it and turns it off through the task runner; the PDF dialog
says that the file is plain."""

from __future__ import annotations

import time
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox

from headache_diary.domain.keys import new_key
from headache_diary.domain.personal import PersonalDetails
from headache_diary.paths import Paths
from headache_diary.services import episodes, protection
from headache_diary.storage import cipher
from headache_diary.storage.db import open_diary
from headache_diary.storage.protect import change_protection
from headache_diary.ui import startup
from headache_diary.ui.export_pdf import ExportPdfDialog
from headache_diary.ui.main_window import MainWindow
from headache_diary.ui.passphrase_dialog import (
    CHANGE,
    OFF,
    ON,
    PassphraseDialog,
    UnlockDialog,
)
from headache_diary.ui.settings_dialog import SettingsDialog
from tests.support import ctx_of
from tests.support_ui import wait_saved

PASS = "kopfweh im Nacken"


@pytest.fixture
def protected(paths: Paths, make_episode) -> Paths:
    diary = open_diary(paths)
    episodes.save_episode(ctx_of(diary), make_episode("2026-03-01 08:00", notes="private"))
    diary.close()
    change_protection(paths, new_key(PASS))
    return Paths(paths.data_dir)  # as a new process finds it: no key yet


def test_unlock_takes_any_number_of_tries_and_changes_nothing_meanwhile(qtbot, protected):
    before = protected.database.read_bytes()
    dialog = UnlockDialog(protected)
    qtbot.addWidget(dialog)
    dialog.show()
    for attempt in ("wrong", "also wrong", "still wrong", "no"):
        dialog.edit.setText(attempt)
        dialog.open_button.click()
        assert not dialog.edit.isEnabled()  # checking, on a thread of its own
        qtbot.waitUntil(
            lambda: dialog.edit.isEnabled() and "Wrong passphrase" in dialog.status.text(),
            timeout=10_000,
        )
        assert dialog.isVisible() and dialog.edit.text() == ""
    assert dialog.tries == 4 and protected.keyring.key is None
    assert protected.database.read_bytes() == before
    dialog.edit.setText(PASS)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.open_button.click()
    assert protected.keyring.key is not None
    diary = open_diary(protected)  # the key in the keyring opens it
    diary.close()


def test_the_window_asks_before_anything_else_and_quitting_opens_nothing(
    qtbot, protected, monkeypatch
):
    asked: list[Paths] = []

    def refuse(self) -> int:
        asked.append(self.paths)
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)
                    and w.isVisible()]  # fmt: skip
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(UnlockDialog, "exec", refuse)
    assert startup.run_gui(lambda: pytest.fail("must not open"), protected) == 2
    assert asked == [protected]
    # a plain diary is not asked for anything
    assert startup.unlocked(Paths(protected.data_dir.parent / "plain"))


def _accept_with(mode_fields: dict[str, str]):
    def exec_(self: PassphraseDialog) -> int:
        self.current_edit.setText(mode_fields.get("current", ""))
        self.new_edit.setText(mode_fields.get("new", ""))
        self.again_edit.setText(mode_fields.get("again", mode_fields.get("new", "")))
        self.show()
        self.check()
        QApplication.processEvents()
        deadline = 200
        while self.result() == 0 and self.isVisible() and self._busy is not None and deadline:
            QApplication.processEvents()
            time.sleep(0.05)
            deadline -= 1
        QApplication.processEvents()
        return self.result()

    return exec_


def test_new_passphrase_dialog_warns_and_checks(qtbot, protected):
    protection.unlock(protected, PASS)
    on = PassphraseDialog(ON, protected)
    qtbot.addWidget(on)
    on.show()
    warning = on.findChild(type(on.status), "forgottenWarning")
    assert warning is not None and "cannot be recovered" in warning.text()
    on.new_edit.setText("one")
    on.again_edit.setText("two")
    on.check()
    assert "differ" in on.status.text() and on.result() == 0
    change = PassphraseDialog(CHANGE, protected)
    qtbot.addWidget(change)
    change.show()
    change.current_edit.setText("not it")
    change.new_edit.setText("new")
    change.again_edit.setText("new")
    change.check()
    qtbot.waitUntil(lambda: "wrong" in change.status.text(), timeout=10_000)
    assert change.result() == 0


def test_settings_turns_the_passphrase_on_and_off_through_the_task_runner(
    qtbot, ctx, make_episode, monkeypatch
):
    episodes.save_episode(ctx, make_episode("2026-03-01 08:00", notes="Nackenschmerz-55"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: pytest.fail(f"error: {a[2]}"))

    monkeypatch.setattr(PassphraseDialog, "exec", _accept_with({"new": PASS}))
    dlg = window.extras.open_settings()
    assert isinstance(dlg, SettingsDialog)
    qtbot.waitExposed(dlg)
    row = dlg.protection
    assert not row.protected and row.on_button.isVisibleTo(dlg)
    assert row.choose(ON)
    assert "when you press Save" in row.state.text()
    assert not cipher.is_encrypted(ctx.paths.database)  # nothing before Save
    dlg.save_button.click()
    wait_saved(qtbot, dlg)
    qtbot.waitUntil(lambda: bool(told), timeout=30_000)
    assert "now protected by the passphrase" in told[0]
    assert "Overwritten and removed" in told[0] and "full-disk encryption" in told[0]
    qtbot.waitUntil(lambda: window.ctx is not None, timeout=10_000)
    assert cipher.is_encrypted(ctx.paths.database)
    assert b"Nackenschmerz-55" not in ctx.paths.database.read_bytes()
    qtbot.waitUntil(lambda: window.episodes.model.rowCount() == 1, timeout=10_000)
    # the window goes on with the encrypted diary: a save works
    assert window.ctx is not None
    episodes.save_episode(window.ctx, make_episode("2026-03-02 08:00"))

    # and off again, with the current passphrase
    told.clear()
    monkeypatch.setattr(PassphraseDialog, "exec", _accept_with({"current": PASS}))
    dlg = window.extras.open_settings()
    assert isinstance(dlg, SettingsDialog)
    qtbot.waitExposed(dlg)
    assert dlg.protection.protected and dlg.protection.off_button.isVisibleTo(dlg)
    assert dlg.protection.choose(OFF)
    dlg.save_button.click()
    wait_saved(qtbot, dlg)
    qtbot.waitUntil(lambda: bool(told), timeout=30_000)
    assert "no longer protected" in told[0]
    qtbot.waitUntil(lambda: window.ctx is not None, timeout=10_000)
    assert not cipher.is_encrypted(ctx.paths.database)
    qtbot.waitUntil(lambda: window.episodes.model.rowCount() == 2, timeout=10_000)
    window.close()
    window.ctx.diary.close()


def test_the_pdf_dialog_says_the_file_is_plain_when_the_diary_is_protected(qtbot):
    shown = ExportPdfDialog(None, PersonalDetails(), date(2026, 3, 31), "A4", protected=True)
    qtbot.addWidget(shown)
    note = shown.findChild(QLabel, "plainFileNote")
    assert note is not None and "not protected" in note.text()
    plain = ExportPdfDialog(None, PersonalDetails(), date(2026, 3, 31), "A4")
    qtbot.addWidget(plain)
    assert plain.findChild(QLabel, "plainFileNote") is None
