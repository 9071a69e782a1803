"""Start-up of the GUI: the application object, the icon, the window, then the diary.

The window is shown and painted first and the diary opened afterwards (SQLAlchemy is the
app's largest import), so the window appears about as fast as a bare Qt window.
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

    Given an opener (a callable returning the AppContext), the window is shown and painted
    first and the diary opened afterwards; if opening fails (a newer diary, a damaged
    file) the message is shown and the return value is 2.
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
    window = MainWindow(None, paths=paths)
    window.show()
    app.processEvents()  # paint the window before the slow part
    try:
        ctx = ctx_or_opener()
    except DiaryError as exc:
        print(f"headache-diary: error: {exc}", file=sys.stderr)
        QMessageBox.critical(window, APP_NAME, str(exc))
        window.close()
        return 2
    window.attach(ctx)
    return app.exec()
