"""Help > About: version, where the diary is kept, the licence."""

from __future__ import annotations

import html
import platform
import sys

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from headache_diary import __version__
from headache_diary.i18n import _
from headache_diary.paths import Paths
from headache_diary.ui.appinfo import APP_NAME, LICENSE, LICENSE_NAME, LICENSE_URL


def about_html(paths: Paths) -> str:
    """The About text (rich text; every value that comes from outside is escaped)."""
    frozen = getattr(sys, "frozen", False)
    versions = {
        "python": platform.python_version(),
        "qt": qVersion(),
        "pyside": PySide6.__version__,
    }
    if frozen:
        build = _("bundled build; Python {python}, Qt {qt}, PySide6 {pyside}", **versions)
    else:
        build = _("Python package; Python {python}, Qt {qt}, PySide6 {pyside}", **versions)
    folder = html.escape(str(paths.data_dir))
    link = f'<a href="{LICENSE_URL}">{LICENSE_URL}</a>'
    parts = [
        f"<p><b>{APP_NAME}</b> {html.escape(__version__)}</p>",
        "<p>"
        + _("A private headache diary kept on this computer.")
        + "<br>"
        + _("Self-reported records, not a diagnosis.")
        + "</p>",
        "<p>" + _("Diary folder:") + f"<br>{folder}</p>",
        "<p>"
        # Translators: {license} is e.g. GPL-3.0-or-later, {name} its full name, {link}
        # the licence's web address (a link)
        + _(
            "Licence: {license} ({name}). This program comes with ABSOLUTELY NO WARRANTY; "
            "it is free software, and you are welcome to redistribute it under the terms "
            "of that licence: {link}.",
            license=LICENSE,
            name=LICENSE_NAME,
            link=link,
        )
        + "</p>",
        f"<p><small>{html.escape(build)}</small></p>",
    ]
    return "".join(parts)


def show_about(parent: QWidget, paths: Paths) -> None:
    QMessageBox.about(parent, _("About {name}", name=APP_NAME), about_html(paths))
