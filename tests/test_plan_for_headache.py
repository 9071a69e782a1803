"""A plan entry of class muscle_relaxant or other counts (towards ICHD-3 8.2.8) only when it
is taken to relieve headache (``for_headache``, DESIGN.md 8.2.8); an analgesic class counts
whatever it is taken for; a preventive never. In the domain, the storage (migration 0007),
the diary JSON (format 3), the analysis (medication days, calendar, 8.2), the editor, the
Analysis tab and the PDF. Every figure below is counted by hand."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pypdf
import pytest

from headache_diary.analysis.queries import month_calendars
from headache_diary.context import AppContext
from headache_diary.domain.errors import ImportFileError
from headache_diary.domain.medication import PlanEntry, PlanForm, plan_days, plan_problems
from headache_diary.io import json_format
from headache_diary.paths import Paths
from headache_diary.services import medication, report, transfer
from headache_diary.storage.db import open_diary
from headache_diary.storage.files import read_schema_version
from headache_diary.storage.schema import known_revisions
from headache_diary.ui.plan_editor import COUNTING, PlanEditor
from tests.support import ZONE, ctx_of, export_file, import_file, snapshot
from tests.support_storage import diary_at
from tests.support_ui import open_view_at, wait_saved

TODAY = date(2026, 6, 30)


#: pytest-qt's QApplication in every test, so report/ does not make a QGuiApplication of
#: its own
pytestmark = pytest.mark.usefixtures("qapp")


JAN_TO_JUN = 31 + 28 + 31 + 30 + 31 + 30  # 181 days, 1 January to 30 June (today)


def entry(name: str, cls: str, for_headache: bool | None = None, **kw) -> PlanEntry:
    return PlanEntry(name, cls, date(2026, 1, 1), for_headache=for_headache, **kw)


# --- the rule -------------------------------------------------------------------------------


def test_the_rule_in_the_domain() -> None:
    # absent on a muscle relaxant or "other": no (the editor's default)
    assert entry("Tizanidine", "muscle_relaxant").normalized().for_headache is False
    assert entry("Gabapentin", "other").normalized().for_headache is False
    assert entry("Ibuprofen", "nsaid").normalized().for_headache is None
    counts = {
        (cls, fh): entry("X", cls, fh).normalized().counts
        for cls, fh in (
            ("muscle_relaxant", False),
            ("muscle_relaxant", True),
            ("other", False),
            ("other", True),
            ("nsaid", None),
            ("triptan", None),
            ("preventive", None),
        )
    }
    assert counts == {
        ("muscle_relaxant", False): False,
        ("muscle_relaxant", True): True,
        ("other", False): False,
        ("other", True): True,
        ("nsaid", None): True,  # whatever it is taken for
        ("triptan", None): True,
        ("preventive", None): False,
    }
    # a boolean on another class, or a value that is not a boolean: refused
    problems = plan_problems(entry("Ibuprofen", "nsaid", True), TODAY)
    assert set(problems) == {"for_headache"}
    assert "for class nsaid it must be null" in problems["for_headache"]
    assert "analgesics count whatever they are taken for" in problems["for_headache"]
    assert (
        "for a preventive it must be null"
        in plan_problems(entry("Topiramate", "preventive", False), TODAY)["for_headache"]
    )
    odd = PlanEntry("X", "other", date(2026, 1, 1), for_headache="yes")  # type: ignore[arg-type]
    assert plan_problems(odd, TODAY) == {"for_headache": "expected true, false or null, got 'yes'"}
    # the editor's form: asked of these classes only
    form = PlanForm("Tizanidine", "muscle_relaxant", "", date(2026, 1, 1), for_headache=True)
    assert form.build(TODAY)[0].for_headache is True  # type: ignore[union-attr]
    form = PlanForm("Naproxen", "nsaid", "", date(2026, 1, 1), for_headache=True)
    assert form.build(TODAY)[0].for_headache is None  # type: ignore[union-attr]
    days = plan_days(
        [entry("T", "muscle_relaxant", False), entry("O", "other", True)], date(2026, 1, 2)
    )
    assert days == {"2026-01-01": {"other"}, "2026-01-02": {"other"}}


# --- counting: medication days, 8.2, the calendar --------------------------------------------


def _daily_relaxant(ctx: AppContext, for_headache: bool) -> None:
    """A muscle relaxant every day since 1 January (still taken on 30 June, today) and a
    preventive; nothing else."""
    medication.save_plan_entry(
        ctx, entry("Tizanidine 2 mg", "muscle_relaxant", for_headache), TODAY
    )
    medication.save_plan_entry(ctx, entry("Amitriptyline", "preventive"), TODAY)


def test_a_daily_muscle_relaxant_not_for_headache_counts_nowhere(ctx: AppContext) -> None:
    _daily_relaxant(ctx, for_headache=False)
    snap = snapshot(ctx.diary, date(2026, 1, 1), TODAY, TODAY)
    data = snap.to_json()
    assert data["medication_days"]["muscle_relaxant"] == 0
    assert sum(data["medication_days"].values()) == 0
    assert data["medication_overuse"] == [] and data["overuse_runs"] == []
    (relaxant,) = [e for e in data["medication_plan"] if e["class"] == "muscle_relaxant"]
    assert (relaxant["for_headache"], relaxant["counts_as_medication_days"]) == (False, False)
    with ctx.diary.read_session() as s:
        months = month_calendars(s, date(2026, 1, 1), TODAY, TODAY)
    assert sum(m.medication_days for m in months) == 0  # no medication mark on the calendar


def test_a_daily_muscle_relaxant_for_headache_is_8_2_8_for_more_than_3_months(
    ctx: AppContext,
) -> None:
    _daily_relaxant(ctx, for_headache=True)
    data = snapshot(ctx.diary, date(2026, 1, 1), TODAY, TODAY).to_json()
    assert data["medication_days"]["muscle_relaxant"] == JAN_TO_JUN
    assert [(f["month"], f["criterion"], f["days"]) for f in data["medication_overuse"]] == [
        ("2026-01", "8.2.8", 31),
        ("2026-02", "8.2.8", 28),
        ("2026-03", "8.2.8", 31),
        ("2026-04", "8.2.8", 30),
        ("2026-05", "8.2.8", 31),
        ("2026-06", "8.2.8", 30),
    ]
    (run,) = data["overuse_runs"]
    assert (run["from"], run["to"], run["months"], run["more_than_3_months"]) == (
        "2026-01",
        "2026-06",
        6,
        True,
    )
    with ctx.diary.read_session() as s:
        months = month_calendars(s, date(2026, 1, 1), TODAY, TODAY)
    assert sum(m.medication_days for m in months) == JAN_TO_JUN


def test_an_analgesic_counts_whatever_it_is_taken_for(ctx: AppContext) -> None:
    # a daily NSAID "for the back": ICHD-3 8.2 B counts drugs that can be taken for headache
    medication.save_plan_entry(
        ctx, entry("Naproxen", "nsaid", dose="for the back", stopped=date(2026, 1, 15)), TODAY
    )
    data = snapshot(ctx.diary, date(2026, 1, 1), TODAY, TODAY).to_json()
    assert data["medication_days"]["nsaid"] == 15
    assert data["medication_plan"][0]["for_headache"] is None


# --- the diary JSON, format 3 ---------------------------------------------------------------


def _four_entries(ctx: AppContext) -> None:
    for e in (
        entry("Tizanidine", "muscle_relaxant", False),
        entry("Methocarbamol", "muscle_relaxant", True),
        entry("Magnesium", "other", True),
        entry("Ibuprofen", "nsaid"),
    ):
        medication.save_plan_entry(ctx, e, TODAY)


def test_format_3_writes_for_headache_and_round_trips_byte_for_byte(
    ctx: AppContext, tmp_path: Path
) -> None:
    _four_entries(ctx)
    first = tmp_path / "1.json"
    export_file(ctx.diary, first)
    data = json.loads(first.read_text("utf-8"))
    assert data["format_version"] == 3
    assert [(e["name"], e["for_headache"]) for e in data["medication_plan"]] == [
        ("Ibuprofen", None),
        ("Magnesium", True),
        ("Methocarbamol", True),
        ("Tizanidine", False),
    ]
    other = open_diary(Paths(tmp_path / "other"))
    try:
        assert import_file(other, first).plan_added == 4
        assert medication.list_plan(ctx_of(other)) == medication.list_plan(ctx)
        second = tmp_path / "2.json"
        export_file(other, second)
        assert first.read_bytes() == second.read_bytes()
    finally:
        other.close()


def test_a_format_2_file_reads_with_the_defaults() -> None:
    doc = {
        "format_version": 2,
        "episodes": [],
        "medication_plan": [
            {"name": "Tizanidine", "class": "muscle_relaxant", "started": "2026-01-01"},
            {"name": "Ibuprofen", "class": "nsaid", "started": "2026-01-01"},
        ],
    }
    from datetime import UTC, datetime

    found = json_format.read(json.dumps(doc).encode(), ZONE, datetime(2026, 6, 30, tzinfo=UTC))
    assert [(e.name, e.for_headache) for e in found.plan] == [
        ("Tizanidine", False),
        ("Ibuprofen", None),
    ]


GOOD = {"name": "Tizanidine", "class": "muscle_relaxant", "started": "2026-01-01"}


@pytest.mark.parametrize(
    ("version", "item", "message"),
    [
        (3, {**GOOD, "class": "nsaid", "for_headache": True},
         "medication_plan 2, key for_headache: only muscle relaxants and 'other' medication "
         "say whether they are taken for headache; for class nsaid it must be null"),
        (3, {**GOOD, "class": "preventive", "for_headache": False},
         "medication_plan 2, key for_headache: only muscle relaxants and 'other' medication "
         "say whether they are taken for headache; for a preventive it must be null"),
        (3, {**GOOD, "for_headache": "yes"},
         "medication_plan 2, key for_headache: expected true, false or null, got 'yes'"),
        (3, {**GOOD, "for_headache": 1},
         "medication_plan 2, key for_headache: expected true, false or null, got 1"),
        (3, {**GOOD, "for_headache": None},
         "medication_plan 2, key for_headache: expected true or false for class "
         "muscle_relaxant (taken to relieve headache?), got null"),
        (2, {**GOOD, "for_headache": True},
         "medication_plan 2, key for_headache: this key came with format_version 3; the file "
         "says format_version 2"),
    ],
)  # fmt: skip
def test_bad_for_headache_is_refused_and_nothing_changes(
    ctx: AppContext, make_episode, tmp_path: Path, version: int, item: dict, message: str
) -> None:
    _four_entries(ctx)
    transfer.import_episodes(ctx, [make_episode("2026-03-01 08:00")])
    before = (medication.list_plan(ctx), transfer.load_episodes(ctx))
    doc = {
        "format_version": version,
        "episodes": [{"started_at": "2026-04-01T08:00:00+02:00", "side": "left"}],
        "medication_plan": [{**GOOD, "name": "new"}, item],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ImportFileError) as info:
        import_file(ctx.diary, path)
    assert message in str(info.value)
    assert str(info.value).endswith("Nothing was imported.")
    assert (medication.list_plan(ctx), transfer.load_episodes(ctx)) == before


# --- migration 0007: a diary from today's schema (0006) --------------------------------------


def _make_0006_diary(paths: Paths) -> None:
    """A diary at schema 0006 (main before this change) with four plan entries and an
    episode, written with plain SQL (the app's models already have the new column)."""
    with diary_at(paths, "0006") as engine, engine.begin() as conn:
        for n, (name, cls, dose, stopped) in enumerate(
            (
                ("Tizanidine", "muscle_relaxant", "2 mg at night", None),
                ("Magnesium", "other", "", "2026-03-31"),
                ("Naproxen", "nsaid", "500 mg", "2026-01-10"),
                ("Amitriptyline", "preventive", "10 mg", None),
            ),
            start=1,
        ):
            conn.exec_driver_sql(
                "INSERT INTO medication_plan (id, name, med_class, dose, started, stopped, "
                "created_utc, updated_utc) VALUES (?, ?, ?, ?, '2026-01-01', ?, 0, 0)",
                (f"00000000-0000-4000-8000-00000000000{n}", name, cls, dose, stopped),
            )


def test_a_0006_diary_upgrades_with_its_plan_entries_intact(paths: Paths) -> None:
    _make_0006_diary(paths)
    assert read_schema_version(paths.database) == "0006"
    diary = open_diary(paths)
    try:
        assert read_schema_version(paths.database) == known_revisions()[0]  # upgraded to head
        assert list(paths.upgrade_backups.glob("diary-*before-upgrade-from-0006*.sqlite3"))
        plan = {e.name: e for e in medication.list_plan(ctx_of(diary))}
        assert {n: (e.med_class, e.dose, e.started, e.stopped) for n, e in plan.items()} == {
            "Tizanidine": ("muscle_relaxant", "2 mg at night", date(2026, 1, 1), None),
            "Magnesium": ("other", "", date(2026, 1, 1), date(2026, 3, 31)),
            "Naproxen": ("nsaid", "500 mg", date(2026, 1, 1), date(2026, 1, 10)),
            "Amitriptyline": ("preventive", "10 mg", date(2026, 1, 1), None),
        }
        assert plan["Tizanidine"].id == "00000000-0000-4000-8000-000000000001"
        # the migration answers "no" for the classes that are asked, null for the others
        assert {n: e.for_headache for n, e in plan.items()} == {
            "Tizanidine": False,
            "Magnesium": False,
            "Naproxen": None,
            "Amitriptyline": None,
        }
        # so only the NSAID's 10 days count now
        data = snapshot(diary, date(2026, 1, 1), TODAY, TODAY).to_json()
        assert sum(data["medication_days"].values()) == 10
        assert data["medication_days"]["nsaid"] == 10
    finally:
        diary.close()


# --- the editor, the Analysis tab and the PDF -------------------------------------------------


def test_the_editor_asks_only_a_muscle_relaxant_or_other(qtbot, ctx: AppContext) -> None:
    ed = PlanEditor(ctx, today=lambda: TODAY)
    qtbot.addWidget(ed, before_close_func=lambda w: w.discard())
    ed.show()
    assert not ed.for_headache_check.isVisible()
    ed.name_edit.setText("Tizanidine")
    ed.class_combo.setCurrentIndex(ed.class_combo.findData("muscle_relaxant"))
    assert ed.for_headache_check.isVisible() and not ed.for_headache_check.isChecked()
    assert ed.counting_label.text() == COUNTING["asked"]
    ed.class_combo.setCurrentIndex(ed.class_combo.findData("nsaid"))
    assert not ed.for_headache_check.isVisible()
    assert "whatever you take it for" in ed.counting_label.text()
    ed.class_combo.setCurrentIndex(ed.class_combo.findData("preventive"))
    assert ed.counting_label.text() == "A preventive never counts as a medication day."
    ed.class_combo.setCurrentIndex(ed.class_combo.findData("other"))
    ed.for_headache_check.setChecked(True)
    ed.save_button.click()
    wait_saved(qtbot, ed)  # the save runs on a worker (ui.writing)
    (saved,) = medication.list_plan(ctx)
    assert (saved.med_class, saved.for_headache) == ("other", True)
    # editing it back to an analgesic class drops the answer
    ed = PlanEditor(ctx, saved, today=lambda: TODAY)
    qtbot.addWidget(ed, before_close_func=lambda w: w.discard())
    ed.show()
    assert ed.for_headache_check.isChecked()
    ed.class_combo.setCurrentIndex(ed.class_combo.findData("nsaid"))
    ed.save_button.click()
    wait_saved(qtbot, ed)
    (saved,) = medication.list_plan(ctx)
    assert (saved.med_class, saved.for_headache) == ("nsaid", None)


def test_the_analysis_tab_and_the_pdf_say_it_does_not_count(
    qtbot, ctx: AppContext, make_episode, tmp_path: Path
) -> None:
    transfer.import_episodes(ctx, [make_episode("2026-03-01 08:00")])
    _daily_relaxant(ctx, for_headache=False)
    view = open_view_at(qtbot, ctx, date(2026, 1, 1), TODAY, TODAY)
    text = view.medication_label.text()
    assert "Not counted, marked as not taken for headache: Tizanidine 2 mg" in text
    assert "Counted as medication days" not in text  # nothing counts
    path = report.write_report(ctx, tmp_path / "r.pdf", date(2026, 1, 1), TODAY, today=TODAY)
    pdf = " ".join(" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(path).pages)
    assert "Tizanidine 2 mg Muscle relaxant" in pdf
    assert "no (not taken for headache)" in pdf
    # page 1 and the overuse section: nothing counts, and nothing says medication was taken
    assert "Overuse check (ICHD-3 8.2): no medication day in this period" in pdf
    assert "No medication day in this period: no dose was recorded" in pdf
