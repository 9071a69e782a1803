"""The passphrase in the window (DESIGN.md "Encryption"; ``services.protection``).

* :class:`UnlockDialog`: before anything else, when the diary is protected. Any number of
  tries, no lock-out; a wrong passphrase says so and changes nothing. The key is derived
  on a thread of its own (150-500 ms), so the dialog never freezes.
* :class:`PassphraseDialog`: turning the protection on (a new passphrase, twice, and the
  warning that a forgotten one cannot be recovered), changing it, or turning it off (the
  current passphrase first, also when the diary is open: someone at an unlocked computer
  cannot change or remove it).
* :class:`ProtectionRow`: the row in Settings. What is chosen there is done when Settings
  is saved: the window closes the diary, rewrites it and its backups on a worker with
  progress, under its lock (``ui.diary_actions``), and says which files were removed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from headache_diary.domain.errors import DiaryError
from headache_diary.domain.jobs import Job
from headache_diary.i18n import N_, _
from headache_diary.paths import Paths
from headache_diary.ui.appinfo import APP_NAME

if TYPE_CHECKING:
    from headache_diary.services.protection import ProtectionResult
    from headache_diary.ui.tasks import Task

#: under the file dialog of an export and in the PDF dialog, when the diary is protected
PLAIN_FILE_NOTE = N_(
    "The file you save is not protected by the diary's passphrase: anyone who can open it "
    "can read it."
)
#: the caption of the export's file dialog, when the diary is protected
EXPORT_PLAIN_CAPTION = N_(
    "Export the diary (the file is not protected by the passphrase: anyone who can open "
    "it can read it)"
)
FORGOTTEN = N_(
    "Forgotten passphrases cannot be recovered: without it, nobody can open the diary or "
    "its backups, not even you. Keep it somewhere safe."
)

ON, CHANGE, OFF = "on", "change", "off"
_POLL_MS = 20
_ERROR_STYLE = "color: #b00020;"


class _Background:
    """``work()`` on a thread of its own; ``done(error or None)`` in the GUI thread."""

    def __init__(
        self,
        parent: QWidget,
        work: Callable[[], None],
        done: Callable[[BaseException | None], None],
    ) -> None:
        self._error: BaseException | None = None
        self._done = done
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True)
        self._timer = QTimer(parent)
        self._timer.setInterval(_POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._thread.start()
        self._timer.start()

    def _run(self, work: Callable[[], None]) -> None:
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self._error = exc

    def _poll(self) -> None:
        if self._thread.is_alive():
            return
        self._timer.stop()
        self._timer.deleteLater()
        self._done(self._error)


def _password_edit(name: str, accessible: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible)
    edit.setMinimumWidth(280)
    return edit


class UnlockDialog(QDialog):
    """Asks for the passphrase of the protected diary in ``paths`` until it opens it (the
    key is then in ``paths.keyring``) or the patient quits."""

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("UnlockDialog")
        self.setWindowTitle(APP_NAME)
        self.paths = paths
        self.tries = 0
        self._busy: _Background | None = None
        intro = QLabel(
            _(
                "This diary is protected by a passphrase. Enter it to open the diary ({folder}).",
                folder=str(paths.data_dir),
            )
        )
        intro.setWordWrap(True)
        self.edit = _password_edit("passphraseEdit", _("Passphrase"))
        self.status = QLabel("")
        self.status.setObjectName("unlockStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.open_button = self.buttons.addButton(
            _("&Open"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button.setDefault(True)
        self.buttons.addButton(_("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.try_passphrase)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("&Passphrase:"), self.edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.edit.setFocus()

    def try_passphrase(self) -> None:
        """Check the typed passphrase on a thread; accept when it opens the diary."""
        from headache_diary.services.protection import unlock

        if self._busy is not None:
            return
        text = self.edit.text()
        if not text:
            self._say(_("Please enter the passphrase."), error=True)
            return
        self.tries += 1
        self._set_enabled(False)
        self._say(_("Checking the passphrase…"), error=False)
        paths = self.paths
        self._busy = _Background(self, lambda: unlock(paths, text), self._checked)

    def _checked(self, error: BaseException | None) -> None:
        from headache_diary.services.protection import PassphraseError

        self._busy = None
        self._set_enabled(True)
        if error is None:
            self.accept()
            return
        self.edit.clear()
        self.edit.setFocus()
        if isinstance(error, PassphraseError):
            self._say(_("Wrong passphrase. Nothing was changed; please try again."), error=True)
        elif isinstance(error, DiaryError):
            self._say(str(error), error=True)
        else:
            raise error

    def _say(self, text: str, *, error: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(_ERROR_STYLE if error else "")

    def _set_enabled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        self.open_button.setEnabled(on)

    def reject(self) -> None:
        if self._busy is None:
            super().reject()


class PassphraseDialog(QDialog):
    """Turn the protection on (:data:`ON`), change the passphrase (:data:`CHANGE`) or turn
    it off (:data:`OFF`). Accepted once the current passphrase (change, off) was checked
    and the new one typed twice alike; :meth:`new_passphrase` then gives it."""

    def __init__(self, mode: str, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PassphraseDialog")
        self.mode = mode
        self.paths = paths
        self._busy: _Background | None = None
        title, intro, action = {
            ON: (
                _("Protect the diary with a passphrase"),
                _(
                    "The diary and its backups will be encrypted with this passphrase, and "
                    "Headache Diary will ask for it every time it starts."
                ),
                _("&Protect the diary"),
            ),
            CHANGE: (
                _("Change the passphrase"),
                _("The diary and its backups will be encrypted with the new passphrase."),
                _("&Change the passphrase"),
            ),
            OFF: (
                _("Remove the passphrase"),
                _(
                    "The diary and its backups will be stored without a passphrase again: "
                    "anyone who can open the files can read them."
                ),
                _("&Remove the passphrase"),
            ),
        }[mode]
        self.setWindowTitle(title)
        text = QLabel(intro)
        text.setWordWrap(True)
        form = QFormLayout()
        self.current_edit = _password_edit("currentPassphraseEdit", _("Current passphrase"))
        self.new_edit = _password_edit("newPassphraseEdit", _("New passphrase"))
        self.again_edit = _password_edit("againPassphraseEdit", _("New passphrase again"))
        if mode in (CHANGE, OFF):
            form.addRow(_("C&urrent passphrase:"), self.current_edit)
        if mode in (ON, CHANGE):
            form.addRow(_("&New passphrase:"), self.new_edit)
            form.addRow(_("&Again:"), self.again_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        if mode in (ON, CHANGE):
            warning = QLabel(_(FORGOTTEN))
            warning.setObjectName("forgottenWarning")
            warning.setWordWrap(True)
            warning.setStyleSheet("font-weight: bold;")  # i18n: style sheet
            layout.addWidget(warning)
        self.status = QLabel("")
        self.status.setObjectName("passphraseStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(_ERROR_STYLE)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.current_edit if mode in (CHANGE, OFF) else self.new_edit).setFocus()

    def new_passphrase(self) -> str:
        return self.new_edit.text()

    def problem(self) -> str | None:
        """What keeps the typed passphrases from being used (without checking the current
        one, which takes a moment)."""
        if self.mode in (CHANGE, OFF) and not self.current_edit.text():
            return _("Please enter the current passphrase.")
        if self.mode in (ON, CHANGE):
            if not self.new_edit.text():
                return _("Please enter the new passphrase.")
            if self.new_edit.text() != self.again_edit.text():
                return _("The two new passphrases differ.")
        return None

    def check(self) -> None:
        from headache_diary.services.protection import is_current_passphrase

        if self._busy is not None:
            return
        problem = self.problem()
        if problem is not None:
            self.status.setText(problem)
            return
        if self.mode == ON:
            self.accept()
            return
        current, paths = self.current_edit.text(), self.paths
        result: list[bool] = []
        self.ok_button.setEnabled(False)
        self.status.setText("")

        def done(error: BaseException | None) -> None:
            self._busy = None
            self.ok_button.setEnabled(True)
            if error is not None:
                raise error
            if result == [True]:
                self.accept()
            else:
                self.current_edit.clear()
                self.current_edit.setFocus()
                self.status.setText(_("The current passphrase is wrong. Nothing was changed."))

        self._busy = _Background(
            self, lambda: result.append(is_current_passphrase(paths, current)), done
        )

    def reject(self) -> None:
        if self._busy is None:
            super().reject()


class ProtectionRow(QWidget):
    """Settings' passphrase row: the state and the buttons. :attr:`pending` is what was
    chosen (mode, new passphrase or None), done when Settings is saved."""

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        from headache_diary.services.protection import is_protected

        super().__init__(parent)
        self.paths = paths
        self.protected = is_protected(paths)
        self.pending: tuple[str, str | None] | None = None
        self.state = QLabel()
        self.state.setObjectName("protectionState")
        self.on_button = QPushButton(_("Protect with a passphrase…"))
        self.on_button.setObjectName("protectButton")
        self.change_button = QPushButton(_("Change…"))
        self.change_button.setObjectName("changePassphraseButton")
        self.change_button.setAccessibleName(_("Change the passphrase"))
        self.off_button = QPushButton(_("Remove…"))
        self.off_button.setObjectName("removePassphraseButton")
        self.off_button.setAccessibleName(_("Remove the passphrase"))
        self.on_button.clicked.connect(lambda: self.choose(ON))
        self.change_button.clicked.connect(lambda: self.choose(CHANGE))
        self.off_button.clicked.connect(lambda: self.choose(OFF))
        buttons = QHBoxLayout()
        for b in (self.on_button, self.change_button, self.off_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
        self._show()

    def _show(self) -> None:
        pending = self.pending[0] if self.pending else None
        if pending == ON:
            text = _("Protected by a passphrase when you press Save.")
        elif pending == CHANGE:
            text = _("The new passphrase is used when you press Save.")
        elif pending == OFF:
            text = _("The passphrase is removed when you press Save.")
        elif self.protected:
            text = _("On: the diary and its backups are encrypted.")
        else:
            text = _("Off: anyone who can open your files can read the diary.")
        self.state.setText(text)
        self.on_button.setVisible(not self.protected)
        self.change_button.setVisible(self.protected)
        self.off_button.setVisible(self.protected)

    def choose(self, mode: str) -> bool:
        """Ask for the passphrase(s) of ``mode``; True when the patient confirmed."""
        dialog = PassphraseDialog(mode, self.paths, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            self.pending = (mode, dialog.new_passphrase() if mode != OFF else None)
        finally:
            dialog.deleteLater()
        self._show()
        return True


class Keeper(Protocol):
    """What :func:`run_protection` needs of the window's ``ui.diary_actions.DiaryKeeper``
    (named so, not imported: that module calls this one)."""

    status: Any

    def parent(self) -> Any: ...

    def replace_with_job(self, *args: Any, **kwargs: Any) -> Task: ...


def run_protection(keeper: Keeper, mode: str, passphrase: str | None) -> Task:
    """Do what :class:`ProtectionRow` chose: the diary is closed, rewritten with its
    backups on a worker (progress shown, not cancellable: each file is swapped whole),
    and opened again; then a message names the files overwritten and removed."""
    from headache_diary.services import protection

    window: Any = keeper.parent()
    titles = {
        ON: _("Protecting the diary with a passphrase"),
        CHANGE: _("Changing the passphrase"),
        OFF: _("Removing the passphrase"),
    }
    progress = QProgressDialog(_("Writing the diary and its backups again…"), "", 0, 100, window)
    progress.setObjectName("protectionProgress")
    progress.setWindowTitle(titles[mode])
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.NonModal)
    progress.setMinimumDuration(0)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.setValue(0)

    def change(paths: Paths, job: Job) -> ProtectionResult:
        if mode == ON:
            assert passphrase is not None
            return protection.encrypt(paths, passphrase, job.progress)
        if mode == CHANGE:
            assert passphrase is not None
            return protection.change_passphrase(paths, passphrase, job.progress)
        return protection.decrypt(paths, job.progress)

    def close() -> None:
        progress.close()
        progress.deleteLater()

    def done(result: ProtectionResult) -> None:
        lines = protection.result_lines(result)
        keeper.status.emit(lines[0], 10_000)
        QMessageBox.information(window, titles[mode], "\n\n".join(lines))

    keeper.status.emit(titles[mode] + "…", 0)
    task = keeper.replace_with_job(
        change,
        done,
        _("The passphrase was not changed"),
        cancellable=False,
        ended=close,
    )
    task.progressed.connect(
        lambda d, t: progress.setValue(min(100, round(100 * d / t))) if t else None
    )
    return task
