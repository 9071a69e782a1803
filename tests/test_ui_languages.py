"""The main window in German and in Spanish: every menu, tab and button in the language,
every Alt+letter once in its menu and once on the screen it acts on, every control named,
no English prose on the screens (DESIGN.md "Languages"). The window is built after the
process' language is set, as the app does at start-up (the ``_english`` fixture sets it
back after each test)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu, QWidget

from headache_diary import i18n
from headache_diary.domain.checkin import CheckIn
from headache_diary.services import checkins, episodes
from headache_diary.ui.appinfo import APP_NAME
from headache_diary.ui.main_window import (
    ANALYSIS_TAB,
    CALENDAR_TAB,
    HISTORY_TAB,
    MEDICATION_TAB,
    MainWindow,
)
from tests.i18n_audit import ROOT, unwrapped

LANGUAGES = ("de", "es")
TODAY = date(2026, 3, 10)

#: the ui modules whose text this test's area owns (the audit must find nothing in them)
SCREEN_MODULES = (
    *("main_window", "episodes_page", "history_page", "medication_page", "record_page"),
    *("episode_model", "calendar_view", "month_grid", "analysis_view", "analysis_html"),
    *("profile_table", "history_effects_view", "window_extras", "daily_actions"),
    *("diary_actions", "file_actions", "periods", "startup", "crash", "tray", "reminder"),
    *("appinfo", "progress", "formatting", "chart_images", "screen", "theme", "tasks"),
    *("writing", "language"),
)

#: English words that never stand in a German or Spanish sentence of these screens
ENGLISH = re.compile(
    r"\b(the|of|and|days?|with|yet|press|headache|recorded|doses?|still|neck|this|your|"
    r"delete|edit|add|undo|month|today|period|backup)\b",
    re.IGNORECASE,
)


@pytest.fixture(params=LANGUAGES)
def lang(request: pytest.FixtureRequest) -> str:
    i18n.set_default_language(request.param)
    return str(request.param)


@pytest.fixture
def window(qtbot, ctx, lang, make_episode) -> Iterator[MainWindow]:
    episodes.save_episode(
        ctx,
        make_episode(
            "2026-03-02 08:15",
            hours=2.5,
            intensity=6,
            triggers=("neck_movement", "sustained_posture"),
            neck_position="turned_left",
        ),
    )
    checkins.save_check_in(ctx, CheckIn(date(2026, 3, 4), True, 3, "a walk"), TODAY)
    w = MainWindow(ctx)
    w.daily.today = lambda: TODAY
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=10_000)


def show_tab(qtbot, window: MainWindow, index: int) -> QWidget:
    """Make tab ``index`` current and wait until what it reads is shown."""
    window.tabs.setCurrentIndex(index)
    if index == ANALYSIS_TAB:
        view = window.ensure_analysis_view()
        assert view is not None
        qtbot.waitUntil(lambda: view.snapshot is not None, timeout=20_000)
    if index == CALENDAR_TAB:
        qtbot.waitUntil(
            lambda: (
                window.daily.calendar is not None
                and window.daily.calendar.grid.calendar is not None
            ),
            timeout=10_000,
        )
        window.daily.calendar.select_day(date(2026, 3, 2))
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=20_000)
    page = window.tabs.currentWidget()
    assert page is not None
    return page


def mnemonic(text: str) -> str | None:
    plain = text.replace("&&", "")
    i = plain.find("&")
    return plain[i + 1].lower() if 0 <= i < len(plain) - 1 else None


def plain(text: str) -> str:
    return text.replace("&", "").removesuffix("…").strip()


def english_sources(lang: str) -> set[str]:
    """The English source texts whose translation into ``lang`` differs from them: shown
    as they are, they were not translated."""
    catalog = i18n.translations(lang)._catalog  # type: ignore[attr-defined]
    out = set()
    for key, value in catalog.items():
        source = key[0] if isinstance(key, tuple) else key
        source = source.split("\x04")[-1]
        if source and plain(value) != plain(source):
            out.add(plain(source))
    return out


def bar_titles(window: MainWindow) -> list[str]:
    titles = [a.text() for a in window.menuBar().actions()]
    return titles + [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_each_menu_and_the_menu_bar_have_their_own_alt_letters(window, lang) -> None:
    titles = bar_titles(window)
    assert all(mnemonic(t) for t in titles), titles
    letters = Counter(mnemonic(t) for t in titles)
    assert [t for t in titles if letters[mnemonic(t)] > 1] == [], lang
    for bar_action in window.menuBar().actions():
        menu = bar_action.menu()
        assert isinstance(menu, QMenu)
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        assert texts and all(mnemonic(t) for t in texts), texts
        letters = Counter(mnemonic(t) for t in texts)
        assert [t for t in texts if letters[mnemonic(t)] > 1] == [], (bar_action.text(), texts)
    extras = window.extras
    tray = [
        a.text()
        for a in (
            extras.tray_quick_action,
            extras.tray_checkin_action,
            extras.tray_log_action,
            extras.tray_dose_action,
            window.quit_action,
        )
    ]
    letters = Counter(mnemonic(t) for t in tray)
    assert [t for t in tray if letters[mnemonic(t)] > 1] == [], tray


def test_every_tab_keeps_its_alt_letters_apart_from_the_menus_and_tabs(qtbot, window, lang) -> None:
    for index in range(window.tabs.count()):
        page = show_tab(qtbot, window, index)
        texts = bar_titles(window)
        texts += [
            b.text()
            for b in page.findChildren(QAbstractButton)
            if b.isVisible() and mnemonic(b.text())
        ]
        texts += [
            label.text()
            for label in page.findChildren(QLabel)
            if label.isVisible() and label.buddy() is not None and mnemonic(label.text())
        ]
        letters = Counter(mnemonic(t) for t in texts)
        assert [t for t in texts if letters[mnemonic(t)] > 1] == [], (lang, index)


def test_every_visible_control_is_named_in_the_language(qtbot, window, lang) -> None:
    english = english_sources(lang)
    assert len(english) > 200  # the catalog is there and translated

    def check(what: str, text: str, name: str = "") -> None:
        assert plain(text) or plain(name), f"{what} has neither text nor accessible name"
        for shown in (text, name):
            assert plain(shown) not in english, f"{what} shows English: {shown!r}"

    for bar_action in window.menuBar().actions():
        check("menu", bar_action.text())
        menu = bar_action.menu()
        assert isinstance(menu, QMenu)
        for act in menu.actions():
            if not act.isSeparator():
                check("menu entry", act.text())
                check("status tip", act.statusTip() or act.text())
    for index in range(window.tabs.count()):
        check("tab", window.tabs.tabText(index))
        show_tab(qtbot, window, index)
        for b in window.findChildren(QAbstractButton):
            if b.isVisible() and not b.objectName().startswith("qt_"):
                check(f"button on tab {index}", b.text(), b.accessibleName())
                check(f"tooltip on tab {index}", b.toolTip() or b.text())
        page = window.tabs.currentWidget()
        for table in page.findChildren(QWidget):
            if table.isVisible() and table.objectName().endswith(("Table", "Grid", "grid")):
                check(f"{table.objectName()} on tab {index}", "", table.accessibleName())
    check("episode count", window.count_label.text())
    assert window.menuBar().accessibleName()


def screen_texts(qtbot, window: MainWindow) -> list[str]:
    """The texts these screens make themselves (not the analysis' sentences, the
    vocabulary or the dialogs, which other tests check), on every tab."""
    out = [a.text() for a in window.menuBar().actions()]
    for bar_action in window.menuBar().actions():
        menu = bar_action.menu()
        assert isinstance(menu, QMenu)
        out += [a.text() for a in menu.actions()] + [a.statusTip() for a in menu.actions()]
    out += [window.tabs.tabText(i) for i in range(window.tabs.count())]
    out.append(window.count_label.text())
    table = window.episodes.table
    model = table.model()
    for col in range(model.columnCount()):
        out.append(str(model.headerData(col, _horizontal())))
        out.append(str(model.index(0, col).data()))
    out.append(table.accessibleName())

    show_tab(qtbot, window, HISTORY_TAB)
    page = window.history
    out += [b.text() for b in page.findChildren(QAbstractButton)]
    out += [b.toolTip() for b in page.findChildren(QAbstractButton)]
    out += [label.text() for label in page.findChildren(QLabel)]
    out += [str(page.model.headerData(c, _horizontal())) for c in range(page.model.columnCount())]

    show_tab(qtbot, window, MEDICATION_TAB)
    med = window.medication
    out += [b.text() for b in med.findChildren(QAbstractButton)]
    out += [b.toolTip() for b in med.findChildren(QAbstractButton)]
    out += [med.plan_list.table.accessibleName(), med.dose_list.table.accessibleName()]
    out += [label.text() for label in med.findChildren(QLabel) if label.objectName()]

    page = show_tab(qtbot, window, CALENDAR_TAB)
    view = window.daily.calendar
    assert view is not None
    out += [view.stats.text(), view.day_text.text(), view.grid.accessibleName()]
    out.append(view.grid.accessibleDescription())
    out += [b.text() for b in page.findChildren(QAbstractButton)]
    out += [b.toolTip() + " " + b.accessibleName() for b in page.findChildren(QAbstractButton)]
    view.select_day(date(2026, 3, 4))
    out += [view.day_text.text(), view.grid.accessibleDescription()]

    show_tab(qtbot, window, ANALYSIS_TAB)
    analysis = window.analysis_view
    assert analysis is not None
    combo = analysis.period_combo
    out += [combo.itemText(i) for i in range(combo.count())] + [combo.accessibleName()]
    out += [
        w.text()
        for w in (
            analysis.profile_heading,
            analysis.medication_heading,
            analysis.overuse_heading,
            analysis.definitions_heading,
            analysis.charts_heading,
            analysis.busy_label,
            analysis.from_label,
            analysis.to_label,
            analysis.neck_history.heading,
        )
    ]
    table = analysis.profile_table
    out += [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return [t for t in out if t]


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_the_screens_speak_no_english(qtbot, window, lang) -> None:
    texts = screen_texts(qtbot, window)
    prose = [t for t in texts if ENGLISH.search(t.replace(APP_NAME, ""))]
    assert prose == [], lang
    joined = "\n".join(texts)
    # the month's counts, the day's words and the date in full are the language's
    march = i18n.format_month(date(2026, 3, 1))
    assert window.daily.calendar is not None
    assert march == window.daily.calendar.title.text()
    assert {"de": "Kopfschmerz", "es": "Cefalea"}[lang] in joined
    assert {"de": "Mittwoch, 4. März 2026", "es": "miércoles, 4 de marzo de 2026"}[lang] in joined
    assert i18n.format_datetime(datetime(2026, 3, 2, 8, 15)) in joined


def test_the_screen_modules_have_no_unwrapped_text() -> None:
    found = [
        f"{path.name}:{line}: {text}"
        for name in SCREEN_MODULES
        for path, line, text in unwrapped(ROOT / "headache_diary" / "ui" / f"{name}.py")
    ]
    assert found == []
