"""Help > About: version, where the diary is kept, the licence."""

from __future__ import annotations

import html
import platform
import sys

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from headache_diary import __version__
from headache_diary.paths import Paths
from headache_diary.ui.appinfo import APP_NAME, LICENSE, LICENSE_NAME, LICENSE_URL


def about_html(paths: Paths) -> str:
    """The About text (rich text; every value that comes from outside is escaped)."""
    build = "bundled build" if getattr(sys, "frozen", False) else "Python package"
    folder = html.escape(str(paths.data_dir))
    return (
        f"<p><b>{APP_NAME}</b> {html.escape(__version__)}</p>"
        "<p>A private headache diary kept on this computer.<br>"
        "Self-reported records, not a diagnosis.</p>"
        f"<p>Diary folder:<br>{folder}</p>"
        f"<p>Licence: {LICENSE} ({LICENSE_NAME}). This program comes with ABSOLUTELY NO "
        "WARRANTY; it is free software, and you are welcome to redistribute it under the "
        f'terms of that licence: <a href="{LICENSE_URL}">{LICENSE_URL}</a>.</p>'
        f"<p><small>{build}; Python {platform.python_version()}, Qt {qVersion()}, "
        f"PySide6 {PySide6.__version__}</small></p>"
    )


def show_about(parent: QWidget, paths: Paths) -> None:
    QMessageBox.about(parent, f"About {APP_NAME}", about_html(paths))
