"""Which language a run speaks: ``--language``, Settings, the system; the PDF's own; Qt's
texts in the same language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from headache_diary import app, i18n
from headache_diary.domain.preferences import Preferences
from headache_diary.paths import Paths
from headache_diary.services.preferences import write_preferences
from headache_diary.ui.language import install_qt_language


def _store(paths: Paths, prefs: Preferences) -> None:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    write_preferences(paths, prefs)


def test_the_option_beats_settings_which_beat_the_system(paths) -> None:
    env = {"LANG": "es_ES.UTF-8", "HEADACHE_DIARY_DATA_DIR": str(paths.data_dir)}
    assert app.choose_language([], env) == "es"
    _store(paths, Preferences(language="de"))
    assert app.choose_language(["summary"], env) == "de"
    assert app.choose_language(["summary", "--language", "en"], env) == "en"
    assert app.choose_language(["--language=es", "summary"], env) == "es"
    # the data folder of the run decides which settings are read
    assert (
        app.choose_language(["--data-dir", str(paths.data_dir / "other"), "summary"], env) == "es"
    )


def test_a_language_the_app_does_not_speak_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        app.main(["summary", "--language", "fr"])
    assert exc.value.code == 2
    assert "--language" in capsys.readouterr().err


def test_the_pdf_language_is_the_option_else_settings_else_the_apps(paths) -> None:
    parser = app.build_parser()
    i18n.set_default_language("es")
    assert app.report_language(parser.parse_args(["report", "x.pdf"]), paths) == "es"
    _store(paths, Preferences(language="es", pdf_language="de"))
    assert app.report_language(parser.parse_args(["report", "x.pdf"]), paths) == "de"
    args = parser.parse_args(["report", "x.pdf", "--language", "en"])
    assert app.report_language(args, paths) == "en"


def test_the_week_starts_as_chosen_else_as_the_language_says() -> None:
    assert Preferences().week_start == i18n.first_weekday() == 1
    assert Preferences(first_day_of_week=7).week_start == 7


def test_qts_own_texts_follow_the_language(qapp: QApplication) -> None:
    def cancel() -> str:
        return QCoreApplication.translate("QPlatformTheme", "Cancel")

    try:
        assert install_qt_language(qapp, "de") is not None
        assert cancel() == "Abbrechen"
        assert QLocale().monthName(12) == "Dezember"
        install_qt_language(qapp, "es")  # replaces the German one
        assert cancel() == "Cancelar"
    finally:
        assert install_qt_language(qapp, "en") is None
    assert cancel() == "Cancel"
    assert QLocale().name() == "en_001"
