"""Start-up of the GUI: the application object, the icon, the window, then the diary.

The window is shown at once ("Opening your diary…") and the diary is opened on a worker
thread (``ui.tasks``): importing SQLAlchemy, the integrity check and an upgrade of an
older diary all happen there, and the window stays responsive meanwhile.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import resources

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox

from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.paths import Paths
from headache_diary.ui.main_window import APP_NAME, MainWindow


def app_icon() -> QIcon:
    """The window icon, rendered from resources/icon.svg at the usual sizes."""
    from PySide6.QtSvg import QSvgRenderer

    data = (resources.files("headache_diary.resources") / "icon.svg").read_bytes()
    renderer = QSvgRenderer(QByteArray(data))
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pm)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pm)
    return icon


def run_gui(
    ctx_or_opener: AppContext | Callable[[], AppContext], paths: Paths | None = None
) -> int:
    """Create the application and main window, and run the event loop.

    Given an opener (a callable returning the AppContext), the window is shown first and
    the opener runs on a worker; if opening fails (a newer diary, a damaged file) the
    message is shown and the return value is 2.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(app_icon())
    if isinstance(ctx_or_opener, AppContext):
        window = MainWindow(ctx_or_opener)
        window.show()
        return app.exec()
    assert paths is not None
    opener = ctx_or_opener
    window = MainWindow(None, paths=paths)
    window.show()

    status = 0

    def failed(exc: DiaryError) -> None:
        nonlocal status
        status = 2
        print(f"headache-diary: error: {exc}", file=sys.stderr)
        QMessageBox.critical(window, APP_NAME, str(exc))
        window.close()  # the last window: the event loop ends

    task = window.runner.run(lambda _job: opener())
    task.finished.connect(window.attach)
    task.failed.connect(failed)
    code = app.exec()
    return status or code
