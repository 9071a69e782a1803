"""The neck history in the diary JSON: written beside the episodes, read when present,
lossless; bad events are refused by number and key and nothing is imported. CSV is
unchanged (episodes only)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from headache_diary.domain.errors import ImportFileError
from headache_diary.domain.history import HistoryEvent
from headache_diary.services import history, transfer
from headache_diary.storage.db import Diary
from tests.support import ctx_of, export_file, import_file, write_json

ZONE = "Europe/Berlin"
TODAY = date(2026, 6, 30)


@pytest.fixture
def filled(diary: Diary, make_episode) -> Diary:
    ctx = ctx_of(diary)
    transfer.import_episodes(
        ctx,
        [
            make_episode("2026-03-01 08:15", hours=2, intensity=6),
            make_episode("2026-03-11 09:00", hours=1, side="right"),
        ],
    )
    for ev in (
        HistoryEvent(date=date(2019, 1, 1), kind="neck_injury", date_precision="year",
                     title="Rear-end collision", outcome="neck pain for 3 months"),
        HistoryEvent(date=date(2024, 5, 1), kind="headaches_began", date_precision="month"),
        HistoryEvent(date=date(2026, 3, 4), kind="mri", title="MRI cervical spine",
                     details="Mild C2/3 facet arthropathy, left.\nNo disc herniation. ✓"),
        HistoryEvent(date=date(2026, 3, 10), kind="nerve_block", side="left",
                     structure="C2/3 facet", title="=medial branch block",
                     outcome="headache gone for 6 hours"),
    ):  # fmt: skip
        history.save_event(ctx, ev, TODAY)
    return diary


def events(diary: Diary) -> list[HistoryEvent]:
    return history.list_events(ctx_of(diary))


EP = {"started_at": "2026-03-01T08:15:00+01:00", "side": "left"}
EV = {"date": "2026-03-10", "kind": "nerve_block"}


def test_export_layout(filled, tmp_path) -> None:
    out = tmp_path / "out.json"
    export_file(filled, out)
    text = out.read_text("utf-8")
    data = json.loads(text)
    assert list(data) == [
        "format_version",
        "episodes",
        "check_ins",
        "history",
        "medication_plan",
        "acute_doses",
        "scores",
    ]
    assert len(data["episodes"]) == 2
    assert [e["kind"] for e in data["history"]] == [
        "neck_injury",
        "headaches_began",
        "mri",
        "nerve_block",
    ]  # date order
    block = data["history"][-1]
    assert list(block) == [
        "id",
        "date",
        "date_precision",
        "kind",
        "side",
        "structure",
        "title",
        "details",
        "outcome",
        "block",  # format 3: a nerve block's response (null when none)
    ]
    assert block["side"] == "left" and block["structure"] == "C2/3 facet"
    assert block["title"] == "=medial branch block"  # JSON needs no formula protection
    assert data["history"][1]["date"] == "2024-05-01"
    assert data["history"][1]["date_precision"] == "month"
    # one event per line, like the episodes; then the (here empty) medication arrays
    assert text.endswith('null}\n], "medication_plan": [], "acute_doses": [], "scores": []}\n')


def test_round_trip_is_lossless_and_byte_identical(filled, other, tmp_path) -> None:
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    export_file(filled, first)
    result = import_file(other, first, "UTC")
    assert (result.added, result.history_added, result.history_skipped) == (2, 4, 0)
    assert events(other) == events(filled)  # ids included
    export_file(other, second)
    assert first.read_bytes() == second.read_bytes()


def test_reimport_adds_nothing_and_a_taken_id_gets_a_new_one(filled, tmp_path) -> None:
    out = tmp_path / "out.json"
    export_file(filled, out)
    result = import_file(filled, out)
    assert (result.added, result.skipped, result.history_added, result.history_skipped) == (
        0,
        2,
        0,
        4,
    )
    taken = events(filled)[0].id
    p = write_json(
        tmp_path, {"format_version": 1, "episodes": [], "history": [{**EV, "id": taken}]}
    )
    assert import_file(filled, p).history_added == 1
    ids = [e.id for e in events(filled)]
    assert len(set(ids)) == 5 and taken in ids


def test_range_export_carries_the_whole_history_and_csv_none(filled, tmp_path) -> None:
    out = tmp_path / "march.json"
    assert export_file(filled, out, date_from=date(2026, 3, 5), date_to=date(2026, 3, 31)) == 1
    assert len(json.loads(out.read_text("utf-8"))["history"]) == 4
    csv = tmp_path / "out.csv"
    export_file(filled, csv)
    assert "history" not in csv.read_text("utf-8") and "nerve" not in csv.read_text("utf-8")


def test_format_1_file_without_history_and_defaults(diary, tmp_path) -> None:
    p = write_json(tmp_path, {"format_version": 1, "episodes": [EP]})
    result = import_file(diary, p)
    assert (result.added, result.had_history, events(diary)) == (1, False, [])
    p = write_json(tmp_path, {"format_version": 1, "episodes": [], "history": [EV]})
    assert import_file(diary, p).history_added == 1
    (ev,) = events(diary)
    assert (ev.date_precision, ev.side, ev.title, ev.structure) == ("day", None, "", "")


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"kind": "mri"}, "history 2, key date: the date is required"),
        ({"date": None, "kind": "mri"}, "history 2, key date: the date is required"),
        ({"date": "2026-03-10"}, "history 2, key kind: the kind of event is required"),
        ({"date": "2999-01-01", "kind": "mri"}, "history 2, key date: the date cannot be in"),
        ({"date": "10.03.2026", "kind": "mri"}, "history 2, key date: '10.03.2026' is not a date"),
        ({"date": "2026-03-10", "kind": "massage"}, "history 2, key kind: unknown kind 'massage'"),
        ({**EV, "side": "unsure"}, "history 2, key side: unknown side 'unsure'"),
        ({**EV, "side": 3}, "history 2, key side: expected one of: left, right, both"),
        ({**EV, "date_precision": "week"}, "history 2, key date_precision: unknown precision"),
        ({**EV, "kind": "mri", "structure": "C2"}, "history 2, key structure: only a nerve block"),
        ({**EV, "colour": "red"}, "history 2, key colour: unknown key"),
        ({**EV, "id": "x"}, "history 2, key id: 'x' is not a UUID"),
        ("mri", "history 2: expected an object"),
    ],
)  # fmt: skip
def test_bad_events_name_themselves_and_nothing_is_imported(
    filled, tmp_path, event, message
) -> None:
    before = (events(filled), transfer.load_episodes(ctx_of(filled)))
    doc = {"format_version": 1, "episodes": [{**EP, "started_at": "2026-04-01T08:00:00+02:00"}],
           "history": [EV, event]}  # fmt: skip
    with pytest.raises(ImportFileError) as info:
        import_file(filled, write_json(tmp_path, doc))
    assert message in str(info.value)
    assert str(info.value).endswith("Nothing was imported.")
    assert (events(filled), transfer.load_episodes(ctx_of(filled))) == before


def test_history_must_be_a_list(diary, tmp_path) -> None:
    with pytest.raises(ImportFileError, match="key history: expected a list"):
        import_file(
            diary, write_json(tmp_path, {"format_version": 1, "episodes": [], "history": {}})
        )


def test_cli_import_reports_history(filled, tmp_path, capsys) -> None:
    from headache_diary.app import main

    out = tmp_path / "out.json"
    export_file(filled, out)
    data_dir = tmp_path / "fresh"
    assert main(["import", str(out), "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.strip() == (
        "Added 2 episodes; skipped 0 already in the diary.\n"
        "Added 4 history events; skipped 0 already in the diary."
    )
