"""Issue 19, point 8, in the PDF (and where the same words are shown, the Analysis tab and
the calendar): 11.2.1 C3 worded one way, ICHD's "significantly"; the overuse result in one
line on page 1; the calendar's medication mark names the class (a letter per class, listed
in the key); the episode table carries the character, the origin and locations and the
symptoms."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pypdf
import pytest

from headache_diary.analysis.calendar import LEGEND, class_key, medication_mark
from headache_diary.analysis.queries import month_calendars
from headache_diary.context import AppContext
from headache_diary.domain.episode import Medication
from headache_diary.domain.history import HistoryEvent
from headache_diary.domain.medication import AcuteDose, PlanEntry
from headache_diary.domain.timeutil import zone_for
from headache_diary.report.content import EPISODE_COLUMNS, episode_row
from headache_diary.services import history, medication, report, transfer
from tests.support import ZONE

TODAY = date(2026, 6, 30)


#: pytest-qt's QApplication in every test, so report/ does not make a QGuiApplication of
#: its own
pytestmark = pytest.mark.usefixtures("qapp")


def pages(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(path).pages]


@pytest.fixture
def march(ctx: AppContext, make_episode) -> AppContext:
    """March 2026: an episode with everything recorded (an NSAID in it) on 2 March, one with
    nothing but the side on 3 March; triptans outside episodes on 1-10 March (8.2.2);
    a daily paracetamol in the plan on 9-10 March; a nerve block on 20 March."""
    full = make_episode(
        "2026-03-02 08:00",
        hours=2,
        intensity=7,
        character="pressing",
        pain_origin="neck",
        pain_locations=["temple", "occiput"],  # listed in vocabulary order
        triggers=["neck_movement"],
        symptoms=["shoulder_arm_pain", "nausea"],
        neck_position="looking_down",
        medications=[Medication("Ibuprofen 400 mg", "nsaid", "good")],
    )
    bare = make_episode("2026-03-03 08:00", hours=1, side="right")
    transfer.import_episodes(ctx, [full, bare])
    now = datetime(2026, 6, 30, 12, tzinfo=zone_for(ZONE))
    for d in range(1, 11):
        taken = datetime(2026, 3, d, 20, tzinfo=zone_for(ZONE))
        medication.save_dose(ctx, AcuteDose(taken, ZONE, "Sumatriptan", "triptan"), now)
    plan = PlanEntry("Paracetamol", "simple_analgesic", date(2026, 3, 9), date(2026, 3, 10))
    medication.save_plan_entry(ctx, plan, TODAY)
    history.save_event(ctx, HistoryEvent(date=date(2026, 3, 20), kind="nerve_block"), TODAY)
    return ctx


def test_the_episode_table_carries_character_origin_locations_and_symptoms(march) -> None:
    with march.diary.read_session() as s:
        from headache_diary.storage.repository import latest_episodes

        full, bare = latest_episodes(s, date(2026, 3, 1), date(2026, 3, 31), 10)
    row = dict(zip(EPISODE_COLUMNS, episode_row(full), strict=True))
    assert row == {
        "Date": "2 Mar 2026",
        "Time": "08:00",
        "Duration": "2 h",
        "Side": "Left",
        "Peak": "7/10",
        "Character": "Pressing",
        "Origin / locations": "Neck / Back of the head, Temple",
        "Triggers": "Neck movement",
        "Neck position": "Looking down",
        "Symptoms": "Nausea, Shoulder/arm pain (same side)",
        "Medication (relief)": "Ibuprofen 400 mg (NSAID), relief: Good",
    }
    # nothing recorded: empty cells, never "none"
    assert episode_row(bare)[4:] == ("", "", "", "", "", "", "")


def test_the_calendar_names_the_classes(march) -> None:
    with march.diary.read_session() as s:
        (cal,) = month_calendars(s, date(2026, 3, 1), date(2026, 3, 31), TODAY)
    marks = {d.day.day: medication_mark(d) for d in cal.days if d.medication}
    # triptans 1-10 March, the episode's NSAID on 2 March, the plan's paracetamol on 9-10
    assert marks == {1: "T", 2: "NT", 3: "T", 4: "T", 5: "T", 6: "T", 7: "T", 8: "T"} | {
        9: "ST",
        10: "ST",
    }
    assert class_key({"triptan", "nsaid"}) == "N NSAID, T Triptan"
    assert dict((k, m) for k, m, _t in LEGEND)["medication"] == "T"


def test_the_pdf(march, tmp_path: Path) -> None:
    path = report.write_report(
        march, tmp_path / "r.pdf", date(2026, 3, 1), date(2026, 3, 31), today=TODAY
    )
    text = pages(path)
    everything = " ".join(text)
    # page 1: the overuse check in one line (triptans on 10 days of March: 8.2.2)
    assert (
        "Overuse check (ICHD-3 8.2): a threshold was reached in this period's calendar month "
        "(8.2.2); never in two consecutive months" in text[0]
    )
    # 11.2.1 C3 in one wording, with ICHD's "significantly", in the profile notes and the
    # neck history alike
    assert everything.count("made significantly worse by provocative manoeuvres") == 2
    assert "clearly worse" not in everything
    # the calendar's key names the letters of the classes it shows
    assert "Medication letters: S Simple analgesic, N NSAID, T Triptan." in everything
    # the episode table
    assert "Character Origin / locations Triggers Neck position Symptoms" in everything
    assert "Neck / Back of the head, Temple" in everything
