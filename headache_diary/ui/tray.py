"""The system-tray icon, only where the platform has a tray.

``QSystemTrayIcon.isSystemTrayAvailable()`` decides (injectable for the tests). Without a
tray (the tests' offscreen platform, Xvfb, a stock GNOME desktop) no icon is made, the
window is never hidden, and everything works as before. With one, the icon's menu opens
the window and offers the quick entries (new episode, a dose outside an episode; the
quick log and the check-in are added where they exist: :meth:`Tray.add_actions`), and the
daily reminder speaks through it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from headache_diary.i18n import _
from headache_diary.ui.appinfo import APP_NAME, app_icon


def platform_has_tray() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


class Tray(QObject):
    #: "Open Headache Diary" (from the menu, or a click on the icon)
    open_requested = Signal()

    def __init__(
        self,
        parent: QObject | None,
        actions: Sequence[QAction],
        quit_action: QAction,
        *,
        available: Callable[[], bool] = platform_has_tray,
    ) -> None:
        super().__init__(parent)
        self.icon: QSystemTrayIcon | None = None
        if not available():
            return
        self.menu = QMenu()
        self.open_action = QAction(_("Open {app}", app=APP_NAME), self)
        self.open_action.triggered.connect(lambda _c=False: self.open_requested.emit())
        self.menu.addAction(self.open_action)
        self.menu.addSeparator()
        self.menu.addActions(list(actions))
        self._insert_before = self.menu.addSeparator()
        self.menu.addAction(quit_action)
        icon = QApplication.windowIcon()
        if icon.isNull():
            icon = app_icon()
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setToolTip(APP_NAME)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.show()

    @property
    def active(self) -> bool:
        """A tray icon is shown (the window may then be hidden to it)."""
        return self.icon is not None and self.icon.isVisible()

    def add_actions(self, actions: Sequence[QAction]) -> None:
        """More quick entries for the menu (before Quit)."""
        if self.icon is not None:
            self.menu.insertActions(self._insert_before, list(actions))

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()

    def notify(self, title: str, text: str) -> bool:
        """A desktop notification from the tray icon; False when there is none."""
        if self.icon is None or not self.icon.supportsMessages():
            return False
        self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 15_000)
        return True

    def close(self) -> None:
        if self.icon is not None:
            self.icon.hide()
            self.icon.deleteLater()
            self.icon = None
