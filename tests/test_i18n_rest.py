"""The rest of the domain and the analysis queries in German and Spanish (issue 23): the
quick log's lines and errors, the check-in's words and problems, time-zone, preference
and personal-detail errors, validation errors' field names; and no user-visible text of
domain/ and analysis/ is left unwrapped."""

from __future__ import annotations

import re
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from headache_diary import i18n
from headache_diary.domain import quick_log
from headache_diary.domain.checkin import (
    CheckIn,
    CheckInError,
    check_in_problems,
    parse_stiffness,
)
from headache_diary.domain.episode import Episode
from headache_diary.domain.errors import Cancelled, ImportFileError, ValidationError
from headache_diary.domain.jobs import Job
from headache_diary.domain.personal import PersonalDetails, clean_personal_details
from headache_diary.domain.preferences import paper_size_label
from headache_diary.domain.preferences import parse_time as parse_reminder
from headache_diary.domain.quick_log import QuickLogError
from headache_diary.domain.timeutil import ZoneError, localize, zone_for
from headache_diary.io.checkin_json import parse_check_ins

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import i18n_audit  # noqa: E402

BERLIN = "Europe/Berlin"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=zone_for(BERLIN))
TODAY = NOW.date()

#: English words that German and Spanish text never has (function words and the area's
#: words); codes, the command's own words and quoted values are taken out before looking
ENGLISH = {
    "the", "of", "and", "is", "not", "or", "to", "with", "for", "from", "since", "saved",
    "ended", "lasted", "ongoing", "headache", "sided", "left", "right", "both", "sides",
    "side", "unsure", "intensity", "triggers", "trigger", "nothing", "time", "date",
    "clocks", "went", "twice", "exist", "does", "offset", "real", "years", "unknown",
    "zone", "note", "neck", "stiffness", "free", "whole", "number", "future", "before",
    "give", "your", "diary", "check", "say", "whether", "day", "birth",
    "characters", "work", "cancelled", "changed", "start", "end", "field", "write", "hours",
    "minutes", "one", "longer", "than", "change", "movement",
}  # fmt: skip


def english_words(text: str) -> set[str]:
    """The English words in ``text`` once the app's command, codes, time-zone names and
    quoted values are taken out."""
    text = text.replace(", ".join(quick_log.vocab.SIDES), " ")  # the command's own words
    text = re.sub(r"headache-diary end|\w+/\w+|\w+_\w+|'[^']*'", " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", text)} & ENGLISH


def test_the_english_detector_finds_english() -> None:
    with i18n.using("en"):
        line = quick_log.saved_text(_episode(), NOW)
    assert english_words(line) >= {"saved", "headache", "lasted", "intensity", "triggers"}
    assert english_words("gespeichert: linksseitiger Kopfschmerz [Europe/Berlin]") == set()


def _episode(**changes: object) -> Episode:
    start = NOW - timedelta(days=1, hours=3)
    values: dict[str, object] = {
        "started_at": start,
        "side": "right",
        "time_zone": BERLIN,
        "ended_at": start + timedelta(minutes=90),
        "intensity": 6,
        "triggers": ["neck_movement", "stress"],
    }
    values.update(changes)
    return Episode(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "saved", "ongoing", "ended"),
    [
        (
            "de",
            "gespeichert: rechtsseitiger Kopfschmerz ab ",
            "gespeichert: linksseitiger Kopfschmerz ab 11:00, andauernd (beenden mit: "
            "headache-diary end) [Europe/Berlin]",
            "beendet: beidseitiger Kopfschmerz von ",
        ),
        (
            "es",
            "guardada: cefalea del lado derecho desde ",
            "guardada: cefalea del lado izquierdo desde 11:00, en curso (finalícela con: "
            "headache-diary end) [Europe/Berlin]",
            "finalizada: cefalea bilateral desde ",
        ),
    ],
)
def test_the_quick_log_lines_are_in_the_language(
    lang: str, saved: str, ongoing: str, ended: str
) -> None:
    with i18n.using(lang):
        lines = {
            "saved": quick_log.saved_text(_episode(), NOW),
            "ongoing": quick_log.saved_text(
                _episode(
                    side="left",
                    started_at=NOW - timedelta(hours=1),
                    ended_at=None,
                    intensity=None,
                    triggers=None,
                ),
                NOW,
            ),
            "ended": quick_log.ended_text(_episode(side="both"), NOW),
            "state": quick_log.ongoing_text(_episode(ended_at=None), NOW),
            "several": quick_log.describe_ongoing([_episode(), _episode(side="unsure")], NOW),
            "episodes": quick_log.describe_episodes([_episode(), _episode(ended_at=None)], NOW),
        }
        labels = i18n.format_list(
            [quick_log.vocab.label("neck_movement"), quick_log.vocab.label("stress")]
        )
        duration = quick_log.format_duration(timedelta(minutes=90))
    assert lines["saved"].startswith(saved)
    # the trigger labels as they are (never lower-cased), the duration in the language's
    assert labels in lines["saved"] and "neck_movement" not in lines["saved"]
    assert duration in lines["saved"] and duration in lines["ended"]
    assert "6/10" in lines["saved"] and lines["saved"].endswith(" [Europe/Berlin]")
    assert lines["ongoing"] == ongoing
    assert lines["ended"].startswith(ended)
    for name, text in lines.items():
        assert english_words(text) == set(), (name, text)


def _messages() -> list[str]:
    """Every message of the area, in the current language."""
    out: list[str] = []

    def error(run: object, *args: object) -> None:
        try:
            run(*args)  # type: ignore[operator]
        except (QuickLogError, ZoneError, ValueError, Cancelled, ValidationError) as exc:
            out.append(str(exc))
        else:
            raise AssertionError(f"{run} {args} raised nothing")

    for typed in (
        "noon",
        "2026-02-30 10:00",
        "25:00",
        "1800-01-01 10:00",
        "2026-03-01T10:00+25:00",
    ):
        error(quick_log.parse_time, typed, BERLIN, NOW)
    error(quick_log.parse_time, "2026-03-29 02:30", BERLIN, NOW)  # the clocks went forward
    error(quick_log.parse_time, "2026-10-25 02:30", BERLIN, NOW)  # the clocks went back
    error(quick_log.check_side, "up")
    error(quick_log.check_triggers, ["cats"])
    error(quick_log.check_triggers, ["none", "stress"])
    error(zone_for, "Europe/Nowhere")
    error(zone_for, "+25:00")
    error(localize, datetime(2026, 3, 29, 2, 30), BERLIN)
    error(localize, datetime(2026, 10, 25, 2, 30), BERLIN)
    error(parse_reminder, "late")
    error(parse_reminder, "25:00")
    error(parse_stiffness, "eleven")
    error(clean_personal_details, PersonalDetails("x" * 201), TODAY)
    error(clean_personal_details, PersonalDetails("", date(2030, 1, 1)), TODAY)
    error(clean_personal_details, PersonalDetails("", date(1850, 1, 1)), TODAY)
    job = Job()
    job.cancel()
    error(job.check)

    def invalid() -> None:
        raise ValidationError({"started_at": "1", "neck_stiffness": "2", "medications[2]": "3"})

    error(invalid)
    out += check_in_problems(CheckIn(date(1899, 1, 1), True, 11, "x" * 2001), TODAY).values()
    out += check_in_problems(
        CheckIn(TODAY + timedelta(days=1), "yes", None, "\ud800"), TODAY
    ).values()  # type: ignore[arg-type]
    for free in (True, False):
        for stiffness in (None, 3):
            for note in ("", "a note"):
                out.append(CheckIn(TODAY, free, stiffness, note).describe())
    out += [quick_log.side_words(s) for s in quick_log.vocab.SIDES]
    out += [quick_log.headache_words(s) for s in quick_log.vocab.SIDES]
    out.append(paper_size_label("Letter"))
    return out


@pytest.mark.parametrize("lang", ["de", "es"])
def test_the_areas_messages_are_in_the_language(lang: str) -> None:
    with i18n.using("en"):
        english = _messages()
    with i18n.using(lang):
        translated = _messages()
    assert len(translated) == len(english) > 40
    for source, text in zip(english, translated, strict=True):
        assert english_words(text) == set(), (source, text)
        if source not in ("A4",) and english_words(source):
            assert text != source, source


@pytest.mark.parametrize("lang", ["en", "de", "es"])
def test_a_validation_error_names_fields_by_their_label_never_their_code(lang: str) -> None:
    with i18n.using(lang):
        text = str(ValidationError({"started_at": "x", "medications[2]": "y", "odd_code": "z"}))
        start = i18n._("Start")
    assert "started_at" not in text and "medications" not in text and "odd_code" not in text
    assert text.startswith(f"{start}: x; ") and text.endswith("; z")
    if lang == "en":
        assert text == "Start: x; Medication 2: y; z"


@pytest.mark.parametrize(
    ("lang", "problem"),
    [
        ("en", "check-in 1, key neck_stiffness: neck stiffness 11 is not a whole number"),
        # a German noun keeps its capital; the editor's "Nothing was saved." is not there
        (
            "de",
            "Nackensteifigkeit 11 ist keine ganze Zahl von 0 bis 10. Es wurde nichts importiert.",
        ),
        ("es", "la rigidez de cuello 11 no es un número entero de 0 a 10. No se importó nada."),
    ],
)
def test_an_imported_check_ins_problem_is_a_clause_of_the_imports_sentence(
    lang: str, problem: str
) -> None:
    row = {"date": "2026-02-01", "headache_free": False, "neck_stiffness": 11}
    with i18n.using(lang), pytest.raises(ImportFileError) as err:
        parse_check_ins([row], TODAY)
    with i18n.using(lang):
        saved = i18n._("Nothing was saved.")
    assert problem in str(err.value)
    assert saved not in str(err.value)


def test_an_imported_check_ins_long_note_is_counted_in_the_language() -> None:
    row = {"date": "2026-02-01", "headache_free": True, "note": "x" * 2001}
    with i18n.using("de"), pytest.raises(ImportFileError) as err:
        parse_check_ins([row], TODAY)
    assert "die Notiz ist länger als 2.000 Zeichen" in str(err.value)


def test_check_in_errors_are_one_sentence_per_problem_in_the_language() -> None:
    with i18n.using("es"), pytest.raises(CheckInError) as err:
        parse_stiffness("11")
    assert str(err.value) == (
        "La rigidez de cuello '11' no es un número entero de 0 a 10. No se guardó nada."
    )


def test_domain_and_analysis_have_no_unwrapped_text() -> None:
    found = [
        (str(file.relative_to(ROOT)), n, text)
        for area in ("headache_diary/domain", "headache_diary/analysis")
        for file, n, text in i18n_audit.unwrapped(ROOT / area)
    ]
    assert found == []


@pytest.mark.parametrize("lang", ["de", "es"])
def test_an_undone_medication_change_is_named_as_it_was_made(qtbot, lang: str) -> None:
    """The status bar's "Undone: …" keeps the change's phrase as the service made it, in
    the language (with its capital letter: "Undone: Dose added", never "dose added")."""
    from headache_diary.services.medication import Change
    from headache_diary.ui.medication_page import MedicationPage

    page = MedicationPage(None)
    qtbot.addWidget(page)
    shown: list[str] = []
    page.status.connect(lambda text, _ms: shown.append(text))
    with i18n.using(lang):
        what = i18n._("Dose added")
        page.undone(Change(what))
        expected = i18n._("Undone: {change}", change=what)
    assert what != "Dose added" and what[:1].isupper()
    assert shown == [expected] and what in expected and english_words(expected) == set()
