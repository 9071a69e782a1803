"""Who the app says it is: names, icon, version and desktop file name, set once at start-up.

The Linux desktop matches a running window to its menu entry and icon by the desktop file
name (``QGuiApplication.setDesktopFileName``: the Wayland ``app_id``, and on X11 Qt sets it
beside ``WM_CLASS``). :data:`APP_ID` names the ``.desktop`` file, the icon and the AppStream
component in ``packaging/linux/``; ``tests/test_packaging.py`` keeps them in agreement.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QGuiApplication, QIcon

from headache_diary import __version__
from headache_diary.i18n import N_

#: reverse-DNS id: the desktop file is APP_ID + ".desktop", the icon is named APP_ID.
#: Never change it once released: menu entries and icons installed by users use it.
APP_ID = "io.github.headachediary.HeadacheDiary"
#: the app's name: a proper name, the same in every language
APP_NAME = "Headache Diary"  # i18n: the app's proper name, not translated
ORGANIZATION = "Headache Diary"  # i18n: folder and settings name
ORGANIZATION_DOMAIN = "headachediary.github.io"
LICENSE = "GPL-3.0-or-later"
#: marked for translation: show it with ``_(LICENSE_NAME)``
LICENSE_NAME = N_("GNU General Public License, version 3 or (at your option) any later version")
LICENSE_URL = "https://www.gnu.org/licenses/gpl-3.0.html"


def apply_app_info(app: QGuiApplication) -> None:
    """Set the application's name, organisation, version and desktop file name.

    Call before the first window is created: Qt takes the X11 window class from the
    application name when it creates a window.
    """
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANIZATION)
    app.setOrganizationDomain(ORGANIZATION_DOMAIN)
    QGuiApplication.setDesktopFileName(APP_ID)


def app_icon() -> QIcon:
    """The window icon from resources/icon.svg. Qt's SVG icon engine draws it lazily, at
    the size a title bar or task bar asks for, so start-up renders nothing."""
    with resources.as_file(resources.files("headache_diary.resources") / "icon.svg") as svg:
        return QIcon(str(svg))
