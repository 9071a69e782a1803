"""The medication plan and the doses outside episodes in the diary JSON (format 2 arrays
``medication_plan`` and ``acute_doses``): written beside the episodes, read when present,
lossless (export -> import -> export gives the same bytes); duplicates are skipped; a bad
entry is refused by array, number and key and nothing is imported."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from headache_diary.domain.errors import ImportFileError
from headache_diary.domain.medication import AcuteDose, PlanEntry
from headache_diary.domain.timeutil import zone_for
from headache_diary.services import medication, transfer
from headache_diary.storage.db import Diary
from tests.support import ctx_of, export_file, import_file, summary_json, write_json

ZONE = "Europe/Berlin"
TODAY = date(2026, 6, 30)
EP = {"started_at": "2026-03-01T08:15:00+01:00", "side": "left"}
ENTRY = {"name": "Amitriptyline", "class": "preventive", "started": "2026-03-01"}
DOSE = {"taken_at": "2026-03-05T21:30:00+01:00", "class": "triptan"}


@pytest.fixture
def filled(diary: Diary, make_episode) -> Diary:
    ctx = ctx_of(diary)
    transfer.import_episodes(ctx, [make_episode("2026-03-01 08:15", hours=2)])
    first = medication.save_plan_entry(
        ctx, PlanEntry("Amitriptyline", "preventive", date(2026, 1, 10), None, "10 mg"), TODAY
    ).value
    assert isinstance(first, PlanEntry)
    medication.change_dose(ctx, first.id, "25 mg at night", date(2026, 4, 1), TODAY)
    medication.save_plan_entry(
        ctx,
        PlanEntry("=Naproxen; 500 mg", "nsaid", date(2026, 2, 1), date(2026, 2, 20), "twice"),
        TODAY,
    )
    for when, zone, name, cls, relief in (
        (datetime(2026, 3, 5, 21, 30), ZONE, "Sumatriptan 50 mg", "triptan", "good"),
        (datetime(2026, 3, 29, 3, 30), ZONE, "", "nsaid", None),  # after the clock change
        (datetime(2026, 5, 1, 23, 0), "America/New_York", "Ibuprofen ✓", "nsaid", "none"),
    ):
        taken = when.replace(tzinfo=zone_for(zone))
        medication.save_dose(ctx, AcuteDose(taken, zone, name, cls, relief), taken)
    return diary


def everything(diary: Diary) -> tuple[list, list]:
    ctx = ctx_of(diary)
    return medication.list_plan(ctx), medication.list_doses(ctx, newest_first=False)


def test_export_layout(filled, tmp_path) -> None:
    out = tmp_path / "out.json"
    export_file(filled, out)
    data = json.loads(out.read_text("utf-8"))
    assert list(data)[-3:] == ["medication_plan", "acute_doses", "scores"]
    assert [list(e) for e in data["medication_plan"]] == [
        ["id", "name", "class", "dose", "started", "stopped", "for_headache"]
    ] * 3
    assert [e["for_headache"] for e in data["medication_plan"]] == [None] * 3
    assert [
        (e["name"], e["dose"], e["started"], e["stopped"]) for e in data["medication_plan"]
    ] == [
        ("Amitriptyline", "10 mg", "2026-01-10", "2026-03-31"),
        ("=Naproxen; 500 mg", "twice", "2026-02-01", "2026-02-20"),  # JSON needs no protection
        ("Amitriptyline", "25 mg at night", "2026-04-01", None),
    ]
    assert data["acute_doses"] == [
        {"taken_at": "2026-03-05T21:30:00+01:00", "time_zone": ZONE,
         "name": "Sumatriptan 50 mg", "class": "triptan", "relief": "good"},
        {"taken_at": "2026-03-29T03:30:00+02:00", "time_zone": ZONE,
         "name": "", "class": "nsaid", "relief": None},
        {"taken_at": "2026-05-01T23:00:00-04:00", "time_zone": "America/New_York",
         "name": "Ibuprofen ✓", "class": "nsaid", "relief": "none"},
    ]  # fmt: skip


def test_round_trip_is_lossless_and_byte_identical(filled, other, tmp_path) -> None:
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    export_file(filled, first)
    result = import_file(other, first, "UTC")
    assert (result.plan_added, result.doses_added, result.had_medication) == (3, 3, True)
    plan, doses = everything(other)
    want_plan, want_doses = everything(filled)
    assert plan == want_plan  # ids included
    assert [(d.taken_at, d.time_zone, d.name, d.med_class, d.relief) for d in doses] == [
        (d.taken_at, d.time_zone, d.name, d.med_class, d.relief) for d in want_doses
    ]
    export_file(other, second)
    assert first.read_bytes() == second.read_bytes()
    # the analysis sees the same medication days in both diaries
    a = summary_json(filled, date(2026, 1, 1), date(2026, 6, 30), TODAY)
    b = summary_json(other, date(2026, 1, 1), date(2026, 6, 30), TODAY)
    assert a["medication_days"] == b["medication_days"] and a["medication_days"]["nsaid"] == 22


def test_reimport_skips_duplicates_and_a_taken_id_gets_a_new_one(filled, tmp_path) -> None:
    out = tmp_path / "out.json"
    export_file(filled, out)
    result = import_file(filled, out)
    assert (result.plan_added, result.plan_skipped, result.doses_added, result.doses_skipped) == (
        0,
        3,
        0,
        3,
    )
    taken = everything(filled)[0][0].id
    entry = {**ENTRY, "id": taken, "name": "Topiramate"}
    doc = {"format_version": 2, "episodes": [], "medication_plan": [entry]}
    assert import_file(filled, write_json(tmp_path, doc)).plan_added == 1
    ids = [e.id for e in everything(filled)[0]]
    assert len(set(ids)) == 4 and taken in ids


def test_the_range_limits_the_doses_not_the_plan(filled, tmp_path) -> None:
    out = tmp_path / "march.json"
    export_file(filled, out, date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))
    data = json.loads(out.read_text("utf-8"))
    assert len(data["medication_plan"]) == 3
    assert [d["taken_at"][:10] for d in data["acute_doses"]] == ["2026-03-05", "2026-03-29"]


def test_defaults_and_the_zone_rule(diary, tmp_path) -> None:
    local = {**DOSE, "taken_at": "2026-03-06T07:00", "name": "x"}  # no offset: local time
    doc = {"format_version": 2, "episodes": [], "medication_plan": [ENTRY],
           "acute_doses": [DOSE, local]}  # fmt: skip
    result = import_file(diary, write_json(tmp_path, doc), ZONE)
    assert (result.added, result.plan_added, result.doses_added) == (0, 1, 2)
    (entry,) = everything(diary)[0]
    assert (entry.dose, entry.stopped) == ("", None)
    first, second = everything(diary)[1]
    assert (first.time_zone, first.relief, first.name) == (ZONE, None, "")
    assert second.taken_at.isoformat() == "2026-03-06T07:00:00+01:00"  # local time


@pytest.mark.parametrize(
    ("key", "item", "message"),
    [
        ("medication_plan", {**ENTRY, "stopped": "2026-02-01"},
         "medication_plan 2, key stopped: the stop date cannot be before the start date"),
        ("medication_plan", {**ENTRY, "class": "painkiller"},
         "medication_plan 2, key class: unknown class 'painkiller'"),
        ("medication_plan", {"name": "X", "started": "2026-03-01"},
         "medication_plan 2, key class: this key is required"),
        ("medication_plan", {**ENTRY, "started": "2099-01-01"},
         "medication_plan 2, key started: the start can be at most a year from today"),
        ("medication_plan", {**ENTRY, "name": " "},
         "medication_plan 2, key name: enter the medication's name"),
        ("medication_plan", {**ENTRY, "started": "1.3.2026"},
         "medication_plan 2, key started: '1.3.2026' is not a date"),
        ("medication_plan", {**ENTRY, "colour": "red"},
         "medication_plan 2, key colour: unknown key"),
        ("acute_doses", {"taken_at": DOSE["taken_at"]},
         "acute_doses 2, key class: this key is required"),
        ("acute_doses", {**DOSE, "class": "preventive"},
         "acute_doses 2, key class: unknown class 'preventive'"),
        ("acute_doses", {**DOSE, "taken_at": "2099-01-01T08:00:00Z"},
         "acute_doses 2, key taken_at: the time taken cannot be in the future"),
        ("acute_doses", {**DOSE, "taken_at": "2026-03-29T02:30"},
         "acute_doses 2, key taken_at: 2026-03-29 02:30 does not exist"),
        ("acute_doses", {**DOSE, "relief": "great"}, "acute_doses 2, key relief: unknown relief"),
        ("acute_doses", {**DOSE, "time_zone": "Mars/Base"},
         "acute_doses 2, key time_zone: unknown time zone 'Mars/Base'"),
        ("acute_doses", "a dose", "acute_doses 2: expected an object"),
    ],
)  # fmt: skip
def test_bad_entries_name_themselves_and_nothing_is_imported(
    filled, tmp_path, key, item, message
) -> None:
    before = (everything(filled), transfer.load_episodes(ctx_of(filled)))
    good = ENTRY if key == "medication_plan" else DOSE
    doc = {"format_version": 2, "episodes": [{**EP, "started_at": "2026-04-01T08:00:00+02:00"}],
           key: [{**good, "name": "new"}, item]}  # fmt: skip
    with pytest.raises(ImportFileError) as info:
        import_file(filled, write_json(tmp_path, doc), ZONE)
    assert message in str(info.value)
    assert str(info.value).endswith("Nothing was imported.")
    assert (everything(filled), transfer.load_episodes(ctx_of(filled))) == before


def test_arrays_must_be_lists(diary, tmp_path) -> None:
    for key in ("medication_plan", "acute_doses"):
        with pytest.raises(ImportFileError, match=f"key {key}: expected a list"):
            import_file(diary, write_json(tmp_path, {"format_version": 2, "episodes": [], key: {}}))


def test_cli_import_reports_the_medication(filled, tmp_path, capsys) -> None:
    from headache_diary.app import main

    out = tmp_path / "out.json"
    export_file(filled, out)
    data_dir = tmp_path / "fresh"
    assert main(["import", str(out), "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.strip() == (
        "Added 1 episode; skipped 0 already in the diary.\n"
        "Added 3 regular medications; skipped 0 already in the diary.\n"
        "Added 3 doses outside episodes; skipped 0 already in the diary."
    )
    assert main(["summary", "--data-dir", str(data_dir), "--from", "2026-01-01"]) == 0
    text = capsys.readouterr().out
    assert "Regular medication and doses outside episodes" in text
    assert "Amitriptyline (Preventive), 25 mg at night: from 1 Apr 2026, still taken." in text
