"""The window's keys do not collide: every menu and tab has its own Alt+letter, and no two
window-wide shortcuts share a key (a shared key would do nothing: Qt calls it ambiguous)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from headache_diary.ui.main_window import MainWindow


def mnemonic(text: str) -> str:
    i = text.replace("&&", "").find("&")
    assert i >= 0, f"{text!r} has no Alt+letter"
    return text.replace("&&", "")[i + 1].lower()


def test_menus_and_tabs_each_have_their_own_alt_letter(qtbot, ctx) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions()]
    titles += [window.tabs.tabText(i) for i in range(window.tabs.count())]
    letters = Counter(mnemonic(t) for t in titles)
    assert [t for t in titles if letters[mnemonic(t)] > 1] == []
    assert len(titles) >= 11  # File, Episode, History, Medication, Daily, Help; five tabs


def test_window_wide_shortcuts_are_unique(qtbot, ctx) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    wide = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
    keys = Counter(
        ks.toString()
        for a in window.findChildren(QAction)
        if a.shortcutContext() in wide
        for ks in a.shortcuts()
    )
    assert {k: n for k, n in keys.items() if n > 1} == {}
    for key in ("Ctrl+N", "Ctrl+Shift+N", "Ctrl+Shift+K", "Ctrl+Shift+D", "Ctrl+P", "Ctrl+Q"):
        assert key in keys
