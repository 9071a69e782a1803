"""Diary JSON import/export (FORMAT.md, format_version 3; 1 and 2 still read) against real SQLite
diaries."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest

from headache_diary.domain.episode import Episode, Medication
from headache_diary.domain.errors import ImportFileError
from headache_diary.domain.timeutil import zone_for
from headache_diary.io.json_format import episodes_to_json, parse_json
from headache_diary.storage import repository
from headache_diary.storage.db import Diary
from tests.support import ctx_of, export_file, import_file, stored, write_json

ZONE = "Europe/Berlin"


def snapshot(diary: Diary) -> tuple[int, str]:
    with diary.session() as s:
        n = repository.count_episodes(s)
        data = episodes_to_json(repository.iter_episodes(s))
    return n, hashlib.sha256(data).hexdigest()


@pytest.fixture
def filled(diary: Diary, make_episode) -> Diary:
    berlin = zone_for(ZONE)
    episodes = [
        make_episode(
            "2026-03-01 08:15",
            hours=2,
            side="left",
            intensity=0,
            character="throbbing",
            triggers=["neck_pressure", "neck_movement"],
            trigger_note="=not a formula in JSON",
            neck_position="turned_left",
            pain_origin="occiput",
            pain_locations=["eye", "neck"],
            symptoms=["aura"],
            medications=[
                Medication(
                    "Sumatriptan 50 mg",
                    "triptan",
                    "complete",
                    datetime(2026, 3, 1, 8, 30, tzinfo=berlin),
                ),
                Medication("Tea", "other", "none"),
            ],
            notes="multi\nline ✓",
        ),
        make_episode("2026-03-03 22:00", hours=None, side="both", zone="+05:30"),
        Episode(  # over the fall-back hour: 3 hours elapsed
            started_at=datetime(2026, 10, 25, 1, 30, tzinfo=berlin),
            ended_at=(
                datetime(2026, 10, 25, 1, 30, tzinfo=berlin).astimezone(UTC) + timedelta(hours=3)
            ).astimezone(berlin),
            side="right",
            time_zone=ZONE,
        ),
    ]
    with diary.session() as s:
        repository.insert_episodes(s, episodes)
    return diary


EP = {"started_at": "2026-03-01T08:15:00+01:00", "side": "left"}


def doc(*episodes: dict, **top: object) -> dict:
    return {"format_version": 1, "episodes": list(episodes), **top}


# --- export / round trip ------------------------------------------------------------------------


def test_json_export_layout(filled, tmp_path):
    out = tmp_path / "out.json"
    assert export_file(filled, out) == 3
    data = json.loads(out.read_text("utf-8"))
    assert list(data) == [
        "format_version",
        "episodes",
        "check_ins",
        "history",
        "medication_plan",
        "acute_doses",
        "scores",  # format 3: the neck workup's scores
    ]
    assert data["check_ins"] == [] and data["history"] == []
    assert data["medication_plan"] == [] and data["acute_doses"] == []
    assert data["format_version"] == 3
    first = data["episodes"][0]
    assert list(first) == [
        "id",
        "started_at",
        "ended_at",
        "time_zone",
        "ongoing",
        "side",
        "intensity",
        "character",
        "triggers",
        "trigger_note",
        "neck_position",
        "pain_origin",
        "pain_locations",
        "symptoms",
        "medications",
        "notes",
    ]
    assert first["started_at"] == "2026-03-01T08:15:00+01:00"
    assert first["ongoing"] is False and first["intensity"] == 0
    assert first["triggers"] == ["neck_movement", "neck_pressure"]  # vocabulary order
    assert first["trigger_note"] == "=not a formula in JSON"  # no CSV protection
    assert first["medications"] == [
        {
            "name": "Sumatriptan 50 mg",
            "class": "triptan",
            "relief": "complete",
            "taken_at": "2026-03-01T08:30:00+01:00",
        },
        {"name": "Tea", "class": "other", "relief": "none", "taken_at": None},
    ]
    ongoing = data["episodes"][1]
    assert (ongoing["ended_at"], ongoing["ongoing"], ongoing["time_zone"]) == (None, True, "+05:30")
    assert data["episodes"][2]["ended_at"] == "2026-10-25T03:30:00+01:00"


def test_json_round_trip_is_lossless(filled, other, tmp_path):
    out = tmp_path / "out.json"
    export_file(filled, out)
    result = import_file(other, out, "UTC")
    assert (result.added, result.skipped) == (3, 0)
    assert stored(other) == stored(filled)  # ids included
    assert [e.id for e in stored(other)] == [e.id for e in stored(filled)]


def test_json_export_import_export_is_byte_identical(filled, other, tmp_path):
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    export_file(filled, first)
    import_file(other, first, ZONE)
    export_file(other, second)
    assert first.read_bytes() == second.read_bytes()


def test_json_reimport_adds_nothing(filled, tmp_path):
    out = tmp_path / "out.json"
    export_file(filled, out)
    before = snapshot(filled)
    result = import_file(filled, out, ZONE)
    assert (result.added, result.skipped) == (0, 3)
    assert snapshot(filled) == before


def test_taken_id_gets_a_new_one(filled, tmp_path):
    (taken,) = [e for e in stored(filled) if e.side == "left"]
    p = write_json(tmp_path, doc({**EP, "id": taken.id, "started_at": "2026-03-02T08:15:00+01:00"}))
    assert import_file(filled, p, ZONE).added == 1
    ids = [e.id for e in stored(filled)]
    assert len(set(ids)) == 4 and taken.id in ids


def test_minimal_episode_and_empty_list(diary, tmp_path):
    assert import_file(diary, write_json(tmp_path, doc()), ZONE).added == 0
    assert import_file(diary, write_json(tmp_path, doc(EP)), ZONE).added == 1
    (ep,) = stored(diary)
    assert ep.ongoing and ep.time_zone == ZONE and ep.triggers is None and ep.notes == ""
    assert ep.symptoms is None


def test_format_2_tells_none_from_not_recorded(diary, tmp_path, make_episode):
    eps = [
        make_episode("2026-03-01 08:00", triggers=None, symptoms=[]),
        make_episode("2026-03-02 08:00", triggers=[], symptoms=None),
        make_episode("2026-03-03 08:00", triggers=["stress"], symptoms=["nausea"]),
    ]
    data = json.loads(episodes_to_json(eps))
    assert data["format_version"] == 3
    got = [(e["triggers"], e["symptoms"]) for e in data["episodes"]]
    assert got == [(None, []), ([], None), (["stress"], ["nausea"])]
    back = parse_json(episodes_to_json(eps), ZONE)
    assert [(e.triggers, e.symptoms) for e in back] == [
        (None, []),
        ([], None),
        (["stress"], ["nausea"]),
    ]
    p = write_json(tmp_path, data)
    assert import_file(diary, p, ZONE).added == 3
    assert [(e.triggers, e.symptoms) for e in stored(diary)] == [
        (None, []),
        ([], None),
        (["stress"], ["nausea"]),
    ]


def test_format_1_empty_lists_are_not_recorded():
    v1 = doc(
        {**EP, "triggers": [], "symptoms": []},
        {**EP, "started_at": "2026-03-02T08:15:00+01:00", "triggers": ["stress"]},
        {**EP, "started_at": "2026-03-03T08:15:00+01:00", "triggers": None},
    )
    eps = parse_json(json.dumps(v1).encode(), ZONE)
    assert [(e.triggers, e.symptoms) for e in eps] == [
        (None, None),
        (["stress"], None),
        (None, None),
    ]


def test_format_2_empty_later_arrays_are_read():
    v2 = {"format_version": 2, "episodes": [{**EP, "triggers": []}], "check_ins": [], "history": []}
    (ep,) = parse_json(json.dumps(v2).encode(), ZONE)
    assert ep.triggers == []


def test_parse_json_keeps_the_zone_rules():
    data = json.dumps(doc({**EP, "started_at": "2026-07-01T08:15:00+01:00"})).encode()
    (ep,) = parse_json(data, ZONE)
    assert ep.time_zone == "+01:00"


# --- errors -------------------------------------------------------------------------------------

BAD = [
    ("unknown top-level key", doc(EP, history_notes=[]), "key history_notes: unknown key"),
    (
        "newer version",
        {"format_version": 4, "episodes": []},
        "newer version of Headache Diary (format_version 4",
    ),
    (
        "a dose without its time",
        {"format_version": 2, "episodes": [], "acute_doses": [{"name": "x"}]},
        "acute_doses 1, key taken_at: this key is required",
    ),
    (
        "none as a code",
        {"format_version": 2, "episodes": [{**EP, "symptoms": ["none"]}]},
        "episode 1, key symptoms: 'none' is not a code; write [] for none at all",
    ),
    (
        "none in a format 1 list",
        doc({**EP, "triggers": ["none", "stress"]}),
        "episode 1, key triggers: 'none' is not a code",
    ),
    ("version not a number", {"format_version": "1", "episodes": []}, 'format_version "1"'),
    ("not an export", [EP], "not a Headache Diary export"),
    ("episodes missing", {"format_version": 1}, "key episodes"),
    ("unknown episode key", doc(EP, {**EP, "mood": "bad"}), "episode 2, key mood: unknown key"),
    (
        "missing side",
        doc({"started_at": EP["started_at"]}),
        "episode 1, key side: this key is required",
    ),
    (
        "unknown code",
        doc({**EP, "symptoms": ["hiccups"]}),
        "episode 1, key symptoms: unknown code 'hiccups'",
    ),
    (
        "codes not a list",
        doc({**EP, "triggers": "stress"}),
        "episode 1, key triggers: expected a list",
    ),
    (
        "intensity as text",
        doc({**EP, "intensity": "6"}),
        'episode 1, key intensity: "6" is not a whole',
    ),
    (
        "intensity too high",
        doc({**EP, "intensity": 11}),
        "episode 1, key intensity: 11 is not a whole",
    ),
    ("intensity bool", doc({**EP, "intensity": True}), "episode 1, key intensity"),
    (
        "end before start",
        doc({**EP, "ended_at": "2026-03-01T08:00:00+01:00"}),
        "episode 1, key ended_at: the end must be after the start",
    ),
    (
        "ongoing contradicts end",
        doc({**EP, "ended_at": "2026-03-01T09:00:00+01:00", "ongoing": True}),
        "episode 1, key ongoing: ongoing is true, but the episode has an end",
    ),
    (
        "not ongoing without end",
        doc({**EP, "ongoing": False}),
        "episode 1, key ongoing: ongoing is false, but there is no end",
    ),
    (
        "future start",
        doc({**EP, "started_at": "2099-01-01T00:00:00Z"}),
        "the start cannot be in the future",
    ),
    (
        "fractional seconds",
        doc({**EP, "started_at": "2026-03-01T08:15:00.250Z"}),
        "fractional seconds",
    ),
    ("bad id", doc({**EP, "id": "123"}), "episode 1, key id: '123' is not a UUID"),
    ("unknown zone", doc({**EP, "time_zone": "Nowhere/Land"}), "key time_zone: unknown time zone"),
    (
        "unknown medication key",
        doc({**EP, "medications": [{"name": "A", "class": "nsaid", "relief": "good", "dose": 2}]}),
        "episode 1, key medications[1].dose: unknown key",
    ),
    (
        "bad medication class",
        doc({**EP, "medications": [{"name": "A", "class": "pill", "relief": "good"}]}),
        "episode 1, key medications[1].class: unknown code 'pill'",
    ),
    (
        "medication without name",
        doc({**EP, "medications": [{"name": " ", "class": "nsaid", "relief": "good"}]}),
        "episode 1, key medications[1]: a medication needs a name",
    ),
    ("episode not an object", doc(EP, "x"), "episode 2: expected an object"),
    ("invalid JSON", '{"format_version": 1, "episodes": [}', "not valid JSON (line 1"),
    (
        "duplicate key",
        '{"format_version": 1, "format_version": 1, "episodes": []}',
        "appears twice",
    ),
    ("empty", "", "The file is empty"),
]


@pytest.mark.parametrize(("content", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_json_gives_its_error_and_changes_nothing(filled, tmp_path, content, message):
    before = snapshot(filled)
    with pytest.raises(ImportFileError) as info:
        import_file(filled, write_json(tmp_path, content), ZONE)
    text = str(info.value)
    assert message in text
    assert text.endswith("Nothing was imported.") and "\n" not in text
    assert snapshot(filled) == before


def test_newer_version_is_refused_even_with_unknown_keys(diary, tmp_path):
    p = write_json(tmp_path, {"format_version": 4, "episodes": [], "check_ins": [], "history": []})
    with pytest.raises(ImportFileError, match="Please update the app"):
        import_file(diary, p, ZONE)


def test_json_bom_is_accepted(diary, tmp_path):
    p = tmp_path / "bom.json"
    p.write_bytes(b"\xef\xbb\xbf" + json.dumps(doc(EP)).encode())
    assert import_file(diary, p, ZONE).added == 1


def test_equal_after_normalizing(make_episode):
    ep = make_episode("2026-03-01 08:15", triggers=["stress", "alcohol"])
    (back,) = parse_json(episodes_to_json([ep]), "UTC")
    assert back == dataclasses.replace(ep.normalized())


def test_medication_names_are_trimmed_like_csv_and_the_editor(ctx, tmp_path):
    import json

    from headache_diary.services.transfer import import_file
    from headache_diary.storage import repository

    doc = {
        "format_version": 1,
        "episodes": [
            {
                "started_at": "2026-03-01T08:15:00+01:00",
                "side": "left",
                "medications": [
                    {"name": "  Ibuprofen 400 mg ", "class": "nsaid", "relief": "good"}
                ],
            }
        ],
    }
    f = tmp_path / "in.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    import_file(ctx, f)
    with ctx.diary.session() as s:
        (ep,) = list(repository.iter_episodes(s))
    assert [m.name for m in ep.medications] == ["Ibuprofen 400 mg"]


# --- check-ins -----------------------------------------------------------------------------------


def test_check_ins_round_trip_losslessly(ctx, tmp_path, make_episode, other):
    from datetime import date

    from headache_diary.domain.checkin import CheckIn
    from headache_diary.services import checkins, episodes
    from headache_diary.storage import daily

    today = date(2026, 3, 10)
    episodes.save_episode(ctx, make_episode("2026-03-02 08:00"))
    saved = [
        CheckIn(date(2026, 3, 1), True, None, ""),
        CheckIn(date(2026, 3, 2), False, 7, 'left side again; "quoted" ünïcode'),
        CheckIn(date(2026, 3, 3), True, 0, "=not a formula"),
    ]
    for ci in saved:
        checkins.save_check_in(ctx, ci, today)
    first = tmp_path / "first.json"
    export_file(ctx.diary, first)
    doc = json.loads(first.read_text("utf-8"))
    assert doc["check_ins"][1] == {
        "date": "2026-03-02",
        "headache_free": False,
        "neck_stiffness": 7,
        "note": 'left side again; "quoted" ünïcode',
    }
    result = import_file(other, first)
    assert (result.added, result.check_ins_added, result.check_ins_skipped) == (1, 3, 0)
    assert result.text() == (
        "Added 1 episode; skipped 0 already in the diary.\n"
        "Added 3 daily check-ins; kept 0 the diary already had for those days."
    )
    with ctx_of(other).diary.read_session() as s:
        assert daily.check_ins(s, None, None) == saved
    second = tmp_path / "second.json"
    export_file(other, second)
    assert second.read_bytes() == first.read_bytes()
    # importing again adds nothing and keeps the diary's own check-ins
    again = import_file(other, first)
    assert (again.added, again.check_ins_added, again.check_ins_skipped) == (0, 0, 3)


@pytest.mark.parametrize("version", [1, 2])
def test_check_ins_are_read_whatever_the_format_version(version, monkeypatch):
    from datetime import date

    from headache_diary.io import json_format

    # format 2 (issue 10) keeps check_ins where format 1 has them
    monkeypatch.setattr(json_format, "FORMAT_VERSION", max(version, json_format.FORMAT_VERSION))
    data = json.dumps(
        {
            "format_version": version,
            "episodes": [],
            "check_ins": [{"date": "2026-03-01", "headache_free": True}],
        }
    ).encode()
    got = json_format.read(data, ZONE, datetime(2026, 3, 10, tzinfo=UTC))
    assert [(c.day, c.headache_free, c.neck_stiffness, c.note) for c in got.check_ins] == [
        (date(2026, 3, 1), True, None, "")
    ]


BAD_CHECK_INS = [
    ("not a list", {"x": 1}, "key check_ins: expected a list of check-ins"),
    ("unknown key", [{"date": "2026-03-01", "headache_free": True, "mood": 1}], "key mood"),
    ("no date", [{"headache_free": True}], "check-in 1, key date: this key is required"),
    ("bad date", [{"date": "2026-3-1", "headache_free": True}], "is not a date like"),
    ("free not bool", [{"date": "2026-03-01", "headache_free": 1}], "expected true or false"),
    (
        "stiffness",
        [{"date": "2026-03-01", "headache_free": True, "neck_stiffness": 11}],
        "check-in 1, key neck_stiffness: neck stiffness 11 is not a whole number from 0 to 10",
    ),
    ("future", [{"date": "2099-01-01", "headache_free": True}], "is in the future"),
    (
        "twice",
        [{"date": "2026-03-01", "headache_free": True}, {"date": "2026-03-01", "headache_free": 0}],
        "check-in 2, key date: a second check-in for 2026-03-01",
    ),
]


@pytest.mark.parametrize(
    ("check_ins", "message"), [b[1:] for b in BAD_CHECK_INS], ids=[b[0] for b in BAD_CHECK_INS]
)
def test_bad_check_ins_stop_the_import(filled, tmp_path, check_ins, message):
    before = snapshot(filled)
    with pytest.raises(ImportFileError) as info:
        import_file(filled, write_json(tmp_path, doc(EP, check_ins=check_ins)), ZONE)
    assert message in str(info.value) and str(info.value).endswith("Nothing was imported.")
    assert snapshot(filled) == before


def test_check_ins_are_exported_with_the_episodes_of_the_range(ctx):
    from datetime import date

    from headache_diary.domain.checkin import CheckIn
    from headache_diary.services import checkins

    for day in (date(2026, 3, 1), date(2026, 3, 5), date(2026, 3, 9)):
        checkins.save_check_in(ctx, CheckIn(day, True), date(2026, 3, 10))
    target = ctx.paths.data_dir / "range.json"
    export_file(ctx.diary, target, date_from=date(2026, 3, 2), date_to=date(2026, 3, 9))
    found = json.loads(target.read_text("utf-8"))["check_ins"]
    assert [c["date"] for c in found] == ["2026-03-05", "2026-03-09"]
