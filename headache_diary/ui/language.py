"""Qt's side of the language: its own texts (file dialogs, message-box buttons, the
context menus of text fields) from the qtbase translations that PySide6 ships, and
QLocale's default, from which date fields and calendars take their month and day names."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from headache_diary import i18n

TRANSLATOR_NAME = "qtbaseTranslator"


def install_qt_language(app: QCoreApplication, code: str) -> QTranslator | None:
    """Qt's texts and QLocale in ``code``; returns the installed translator (None for
    English, Qt's source language, or when the bundle lacks the file). A translator
    installed by an earlier call is replaced."""
    QLocale.setDefault(QLocale(i18n.CLDR_LOCALES[code]))
    for old in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.setObjectName("")  # it stays a child until deleted
        old.deleteLater()
    if code == i18n.SOURCE_LANGUAGE:
        return None
    translator = QTranslator(app)
    translator.setObjectName(TRANSLATOR_NAME)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{code}", folder):
        return None
    app.installTranslator(translator)
    return translator
