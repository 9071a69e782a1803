"""Help > About, and the names the app gives itself at start-up (issue 16)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from headache_diary import __version__
from headache_diary.paths import Paths
from headache_diary.ui.about import about_html
from headache_diary.ui.appinfo import APP_ID, APP_NAME, apply_app_info
from headache_diary.ui.main_window import MainWindow


def test_about_shows_version_diary_folder_and_licence(qtbot, ctx, monkeypatch) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "about", lambda _parent, title, text: shown.append((title, text))
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.about_action.trigger()
    [(title, text)] = shown
    assert title == f"About {APP_NAME}"
    assert f"{APP_NAME}</b> {__version__}" in text
    assert str(ctx.paths.data_dir) in text
    assert "GPL-3.0-or-later" in text and "NO WARRANTY" in text
    assert "not a diagnosis" in text


def test_about_escapes_the_folder_name() -> None:
    text = about_html(Paths(Path("/tmp/a<b>&c")))
    assert "/tmp/a&lt;b&gt;&amp;c" in text
    assert "<b>&c" not in text


def test_apply_app_info(qapp) -> None:
    apply_app_info(qapp)
    assert qapp.applicationName() == qapp.applicationDisplayName() == APP_NAME
    assert qapp.applicationVersion() == __version__
    assert qapp.organizationName() == APP_NAME
    assert QGuiApplication.desktopFileName() == APP_ID
