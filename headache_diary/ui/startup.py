"""Start-up of the GUI: the application object, the icon, the window, then the diary.

The window is shown at once ("Opening your diary…") and the diary is opened on a worker
thread (``ui.tasks``): importing SQLAlchemy, the integrity check and an upgrade of an
older diary all happen there, and the window stays responsive meanwhile.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import resources

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.paths import Paths
from headache_diary.ui.main_window import APP_NAME, MainWindow


def app_icon() -> QIcon:
    """The window icon from resources/icon.svg. Qt's SVG icon engine draws it lazily, at
    the size a title bar or task bar asks for, so start-up renders nothing."""
    with resources.as_file(resources.files("headache_diary.resources") / "icon.svg") as svg:
        return QIcon(str(svg))


def application() -> QApplication:
    """The QApplication (made once), with the app's name and icon."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(app_icon())
    return app


class Launch:
    """The window, shown at once, and the diary being opened for it on a worker.

    ``status`` becomes 2 when the diary cannot be opened (the window then says why and
    closes, which ends the event loop)."""

    def __init__(self, opener: Callable[[], AppContext], paths: Paths) -> None:
        self.status = 0
        self.window = MainWindow(None, paths=paths)
        self.window.show()
        self.task = self.window.runner.run(lambda _job: opener())
        self.task.finished.connect(self.window.attach)
        self.task.failed.connect(self._failed)

    def _failed(self, exc: DiaryError) -> None:
        self.status = 2
        print(f"headache-diary: error: {exc}", file=sys.stderr)
        QMessageBox.critical(self.window, APP_NAME, str(exc))
        self.window.close()  # the last window: the event loop ends


def run_gui(
    ctx_or_opener: AppContext | Callable[[], AppContext], paths: Paths | None = None
) -> int:
    """Create the application and main window, and run the event loop.

    Given an opener (a callable returning the AppContext), the window is shown first and
    the opener runs on a worker; if opening fails (a newer diary, a damaged file) the
    message is shown and the return value is 2.
    """
    app = application()
    if isinstance(ctx_or_opener, AppContext):
        window = MainWindow(ctx_or_opener)
        window.show()
        return app.exec()
    assert paths is not None
    launched = Launch(ctx_or_opener, paths)
    code = app.exec()
    return launched.status or code
