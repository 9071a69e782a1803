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


# -- data never changes with the language ----------------------------------------------------

DIARY = {
    "format_version": 3,
    "episodes": [
        {
            "id": "7d4cf5a4-5a8f-4c49-9b3c-0b3c1b6f0a01",
            "started_at": "2026-03-01T08:15:00+01:00",
            "ended_at": "2026-03-01T11:45:00+01:00",
            "time_zone": "Europe/Berlin",
            "ongoing": False,
            "side": "left",
            "intensity": 7,
            "character": "pressing",
            "triggers": ["neck_movement", "sustained_posture"],
            "trigger_note": "looking at the screen",
            "neck_position": "looking_down",
            "pain_origin": "neck",
            "pain_locations": ["occiput", "temple"],
            "symptoms": ["nausea", "shoulder_arm_pain"],
            "medications": [
                {
                    "name": "Ibuprofen 400 mg",
                    "class": "nsaid",
                    "relief": "some",
                    "taken_at": "2026-03-01T09:00:00+01:00",
                }
            ],
            "notes": "Zürich, año nuevo",
        },
        {
            "id": "7d4cf5a4-5a8f-4c49-9b3c-0b3c1b6f0a02",
            "started_at": "2026-03-09T18:00:00+01:00",
            "ended_at": None,
            "time_zone": "Europe/Berlin",
            "ongoing": True,
            "side": "both",
            "intensity": None,
            "character": None,
            "triggers": None,
            "trigger_note": "",
            "neck_position": None,
            "pain_origin": None,
            "pain_locations": [],
            "symptoms": [],
            "medications": [],
            "notes": "",
        },
    ],
    "check_ins": [
        {"date": "2026-03-02", "headache_free": True, "neck_stiffness": 3, "note": ""},
        {"date": "2026-03-03", "headache_free": False, "neck_stiffness": None, "note": "x"},
    ],
    "history": [
        {
            "id": "8d4cf5a4-5a8f-4c49-9b3c-0b3c1b6f0a01",
            "date": "2026-03-05",
            "date_precision": "day",
            "kind": "nerve_block",
            "side": "left",
            "title": "C2",
            "details": "",
            "outcome": "",
            "structure": "greater occipital nerve",
        }
    ],
    "medication_plan": [
        {
            "id": "9d4cf5a4-5a8f-4c49-9b3c-0b3c1b6f0a01",
            "name": "Tizanidine",
            "class": "muscle_relaxant",
            "dose": "2 mg",
            "started": "2026-02-01",
            "stopped": None,
            "for_headache": True,
        }
    ],
    "acute_doses": [
        {
            "taken_at": "2026-03-04T21:30:00+01:00",
            "time_zone": "Europe/Berlin",
            "name": "Sumatriptan",
            "class": "triptan",
            "relief": "good",
        }
    ],
}


def test_exports_and_the_summary_json_are_the_same_bytes_in_every_language(
    tmp_path, capsys
) -> None:
    import json
    from datetime import datetime

    from headache_diary.domain.timeutil import zone_for

    now = datetime(2026, 4, 1, 12, 0, tzinfo=zone_for("Europe/Berlin"))
    data = str(tmp_path / "data")
    source = tmp_path / "diary.json"
    source.write_text(json.dumps(DIARY), "utf-8")
    assert app.main(["import", str(source), "--data-dir", data], now=now) == 0
    produced: dict[str, list[bytes]] = {}
    for lang in i18n.LANGUAGES:
        capsys.readouterr()
        out = []
        for name in ("e.csv", "e.json"):
            target = tmp_path / lang / name
            target.parent.mkdir(exist_ok=True)
            argv = ["export", str(target), "--data-dir", data, "--language", lang]
            assert app.main(argv, now=now) == 0
            out.append(target.read_bytes())
        capsys.readouterr()
        argv = ["summary", "--json", "--from", "2026-02-01", "--data-dir", data, "--language", lang]
        assert app.main(argv, now=now) == 0
        out.append(capsys.readouterr().out.encode())
        produced[lang] = out
    assert produced["de"] == produced["en"] == produced["es"]
    # and what was exported in German is read back the same
    again = str(tmp_path / "again")
    german_json = tmp_path / "de" / "e.json"
    assert (
        app.main(["import", str(german_json), "--data-dir", again, "--language", "de"], now=now)
        == 0
    )
    target = tmp_path / "again.json"
    assert app.main(["export", str(target), "--data-dir", again], now=now) == 0
    assert target.read_bytes() == produced["en"][1]
