"""Start-up of the GUI: the application object, the icon, the window, then the diary.

* One window per diary: the window takes the diary's lock first (``services.diary``); a
  second start on the same data folder says the diary is already open, and when, and
  exits. A crashed window's lock goes with its process.
* The window is shown at once ("Opening your diary…") and the diary is opened on a worker
  thread (``ui.tasks``): importing SQLAlchemy, the checks and an upgrade of an older diary
  all happen there, and the window stays responsive meanwhile. A moment later, still
  on a worker, the modules the window loads later (:data:`LATER_MODULES`: the charts with
  matplotlib) are imported, and start-up is over: the caller's ``started`` is called (the
  composition root freezes the garbage collector's view of the libraries then).
* A diary that cannot be used as it is (damaged, not a diary, tables that do not match its
  version) is never overwritten: the window offers to restore the newest good backup or
  to start a new diary, both moving the unusable file aside (with its -wal and -shm files)
  only with the patient's consent; or to quit.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from headache_diary import i18n
from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError, DiaryInUseError, UnusableDiaryError
from headache_diary.domain.jobs import Job
from headache_diary.i18n import _, ngettext
from headache_diary.paths import Paths
from headache_diary.ui.appinfo import APP_NAME, app_icon, apply_app_info
from headache_diary.ui.language import install_qt_language
from headache_diary.ui.main_window import MainWindow
from headache_diary.ui.passphrase_dialog import UnlockDialog

if TYPE_CHECKING:
    from headache_diary.services.diary import InstanceLock


def application() -> QApplication:
    """The QApplication (made once), with the app's name and icon."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    apply_app_info(app)  # name, organisation, version, desktop file name
    install_qt_language(app, i18n.current_language())
    app.setWindowIcon(app_icon())
    return app


#: how long after the diary opened the later modules are imported (ms)
WARM_UP_AFTER_MS = 300

#: imported on a worker once the diary is open, so that the Analysis tab finds them loaded
#: (and their objects are in place before start-up ends)
LATER_MODULES = ("headache_diary.ui.chart_images",)


def _import_later_modules(_job: Job) -> None:
    for name in LATER_MODULES:
        importlib.import_module(name)


class Launch:
    """The window, shown at once, and the diary being opened for it on a worker.

    ``status`` becomes 2 when the diary cannot be opened and the patient chooses to quit
    (the window then closes, which ends the event loop). ``started()`` is called once,
    in the GUI thread, when start-up is over: the diary is open and
    :data:`LATER_MODULES` are imported, or opening failed."""

    def __init__(
        self,
        opener: Callable[[], AppContext],
        paths: Paths,
        started: Callable[[], None] | None = None,
    ) -> None:
        self.status = 0
        self._started = started
        self.window = MainWindow(None, paths=paths)
        self.window.show()
        self.task = self.window.runner.run(lambda _job: opener())
        self.task.finished.connect(self.window.attach)
        # then the start-of-day questions (an episode left ongoing, yesterday's check-in)
        self.task.finished.connect(lambda _ctx: self.window.daily.start_of_day())
        # a moment later (the window painted, the patient looking), not in the middle of
        # the list's first paint and the start-of-day questions
        self.task.finished.connect(
            lambda _ctx: QTimer.singleShot(WARM_UP_AFTER_MS, self.window, self._warm_up)
        )
        self.task.failed.connect(self._failed)

    def _warm_up(self) -> None:
        # the Qt enums the chart worker uses, made here in the GUI thread first (PySide6
        # makes a Qt enum's Python type when it is first used, not safely from two threads)
        QImage.Format.Format_RGBA8888, QImage.Format.Format_RGB32  # noqa: B018
        task = self.window.runner.run(_import_later_modules)
        task.finished.connect(lambda _none: self._start_over())
        task.failed.connect(lambda _exc: self._start_over())

    def _start_over(self) -> None:
        started, self._started = self._started, None
        if started is not None:
            started()

    def _failed(self, exc: DiaryError) -> None:
        self._start_over()
        print(f"headache-diary: error: {exc}", file=sys.stderr)  # i18n: the CLI's error form
        if isinstance(exc, UnusableDiaryError) and self._repair(exc):
            return
        self.status = 2
        QMessageBox.critical(self.window, APP_NAME, str(exc))
        self.window.close()  # the last window: the event loop ends

    def _repair(self, exc: UnusableDiaryError) -> bool:
        """Offer what can be done about an unusable diary; False when the patient quits."""
        from headache_diary.services.diary import (
            list_backups,
            restore,
            set_damaged_diary_aside,
        )
        from headache_diary.ui.restore_dialog import describe

        window = self.window
        paths = window.paths
        box = QMessageBox(window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Your diary cannot be opened"))
        box.setText(
            _(
                "The diary file {file} cannot be used as it is ({problem}). It has not been "
                "changed.",
                file=str(paths.database),
                problem=exc.problem,
            )
        )
        backup = exc.backup
        when = ""
        if backup is not None:
            found = [b for b in list_backups(paths) if b.path == backup]
            when = describe(found[0]) if found else backup.name
        box.setInformativeText(
            _(
                "You can go back to your newest good backup, or start a new, empty diary. "
                "Either way the unusable file is kept beside it, renamed, not deleted."
            )
        )
        restore_button = (
            box.addButton(
                _("Restore the backup of {when}", when=when), QMessageBox.ButtonRole.AcceptRole
            )
            if backup is not None
            else None
        )
        new_button = box.addButton(_("Start a new diary"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        keeper = window.keeper
        if clicked is not None and clicked is restore_button and backup is not None:
            chosen: Path = backup
            keeper.replace_diary(
                lambda p: restore(p, chosen, move_damaged_aside=True),
                done=lambda result: window.statusBar().showMessage(
                    ngettext(
                        "Restored {count} episode from the backup of {when}; the unusable "
                        "file was kept as {file}",
                        "Restored {count} episodes from the backup of {when}; the unusable "
                        "file was kept as {file}",
                        result.episodes,
                        when=when,
                        file=result.moved_aside[0].name,
                    )
                    if result.moved_aside
                    else ngettext(
                        "Restored {count} episode from the backup of {when}",
                        "Restored {count} episodes from the backup of {when}",
                        result.episodes,
                        when=when,
                    ),
                    15_000,
                ),
                failed_title=_("The backup was not restored"),
            )
            return True
        if clicked is not None and clicked is new_button:
            keeper.replace_diary(
                set_damaged_diary_aside,
                done=lambda moved: window.statusBar().showMessage(
                    _(
                        "A new diary was started; the unusable file was kept as {file}",
                        file=moved[0].name,
                    )
                    if moved
                    else _("A new diary was started; the unusable file was kept as it was"),
                    15_000,
                ),
                failed_title=_("A new diary could not be started"),
            )
            return True
        return False


def take_lock(paths: Paths) -> InstanceLock | None:
    """The diary's window lock, or None after telling the patient that another window
    has the diary open."""
    from headache_diary.services.diary import lock_for_window

    try:
        return lock_for_window(paths)
    except DiaryInUseError as exc:
        holder = exc.holder
        describe = getattr(holder, "describe", None)
        text = (
            _(
                "Headache Diary is already open with this diary ({since}). Switch to that "
                "window; a second window on the same diary could overwrite what the first "
                "one shows.",
                since=describe(),
            )
            if callable(describe)
            else _(
                "Headache Diary is already open with this diary. Switch to that window; a "
                "second window on the same diary could overwrite what the first one shows."
            )
        )
        QMessageBox.information(None, APP_NAME, text)
        return None
    except DiaryError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return None


def unlocked(paths: Paths) -> bool:
    """A protected diary: its passphrase first, before anything else (any number of
    tries); False when the patient quits. A plain diary: True at once."""
    from headache_diary.services.protection import needs_passphrase

    if not needs_passphrase(paths):
        return True
    dialog = UnlockDialog(paths)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def run_gui(
    ctx_or_opener: AppContext | Callable[[], AppContext],
    paths: Paths | None = None,
    started: Callable[[], None] | None = None,
) -> int:
    """Create the application and main window, and run the event loop.

    Given an opener (a callable returning the AppContext), the window takes the diary's
    lock, is shown, and the opener runs on a worker; ``started()`` when start-up is over
    (see :class:`Launch`). Returns 1 when another window has the diary open, 2 when it
    cannot be opened and the patient quits.
    """
    app = application()
    if isinstance(ctx_or_opener, AppContext):
        window = MainWindow(ctx_or_opener)
        window.show()
        window.daily.start_of_day()
        return app.exec()
    assert paths is not None
    lock = take_lock(paths)
    if lock is None:
        return 1
    try:
        if not unlocked(paths):
            return 2
        launched = Launch(ctx_or_opener, paths, started)
        code = app.exec()
        return launched.status or code
    finally:
        lock.release()
