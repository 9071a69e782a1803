"""CSV import/export (FORMAT.md) against real SQLite diaries in temp dirs."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from headache_diary.domain.episode import Episode, Medication
from headache_diary.domain.errors import ExportError, ImportFileError
from headache_diary.domain.timeutil import zone_for
from headache_diary.io.common import CSV_COLUMNS, needs_protection, protect, unprotect
from headache_diary.io.csv_format import episodes_to_csv, parse_csv
from headache_diary.storage import repository
from headache_diary.storage.db import Diary
from tests.support import export_file, import_file, stored

ZONE = "Europe/Berlin"
HEADER = ",".join(CSV_COLUMNS)


def snapshot(diary: Diary) -> tuple[int, str]:
    """Row count and a checksum of the full export: equal snapshots = unchanged diary."""
    with diary.session() as s:
        n = repository.count_episodes(s)
        data = episodes_to_csv(repository.iter_episodes(s))
    return n, hashlib.sha256(data).hexdigest()


def without_ids(episodes: list[Episode]) -> list[Episode]:
    return [dataclasses.replace(e, id="") for e in episodes]


@pytest.fixture
def sample(make_episode) -> list[Episode]:
    """Episodes covering every field, zone kind and awkward text."""
    berlin = zone_for(ZONE)
    return [
        make_episode(
            "2026-03-01 08:15",
            hours=2.5,
            side="left",
            intensity=6,
            character="pressing",
            triggers=["stress", "neck_movement"],
            trigger_note='=HYPERLINK("http://x")',
            neck_position="looking_down",
            pain_origin="neck",
            pain_locations=["temple", "occiput"],
            symptoms=["nausea", "shoulder_arm_pain"],
            medications=[
                Medication(
                    "Ibuprofen 400 mg", "nsaid", "good", datetime(2026, 3, 1, 9, 0, tzinfo=berlin)
                ),
                Medication("-Paracetamol", "simple_analgesic", "some"),
            ],
            notes='line one, with "quotes"\r\nline two\nthree',
        ),
        # crosses the spring-forward change: 3 hours elapsed
        Episode(
            started_at=datetime(2026, 3, 29, 1, 30, tzinfo=berlin),
            ended_at=datetime(2026, 3, 29, 5, 30, tzinfo=berlin),
            side="right",
            time_zone=ZONE,
            notes="  +1 started at night",
        ),
        # the explicit answer "none" (CSV `none`) next to "not recorded" (empty)
        make_episode(
            "2026-03-02 23:00",
            hours=None,
            side="both",
            zone="+05:30",
            notes="Ünïcødé ✓",
            triggers=[],
            symptoms=[],
        ),
        make_episode(
            "2026-03-01 08:15", hours=1, side="unsure", zone="America/New_York", symptoms=[]
        ),
    ]


@pytest.fixture
def filled(diary: Diary, sample: list[Episode]) -> Diary:
    with diary.session() as s:
        repository.insert_episodes(s, sample)
    return diary


def write(tmp_path: Path, text: str | bytes, name: str = "in.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return p


# --- export -----------------------------------------------------------------------------------


def test_export_is_byte_exact(make_episode):
    berlin = zone_for(ZONE)
    ep = make_episode(
        "2026-03-01 08:15",
        hours=2,
        side="left",
        intensity=6,
        triggers=["stress", "neck_movement"],
        trigger_note="@work",
        medications=[
            Medication(
                "Ibuprofen 400 mg", "nsaid", "good", datetime(2026, 3, 1, 9, 0, tzinfo=berlin)
            ),
            Medication("=1+1", "other", "none"),
        ],
        notes='a,"b"\nc',
    )
    ongoing = make_episode("2026-03-02 07:00", hours=None, side="right", zone="-03:30")
    none = make_episode("2026-03-03 07:00", hours=None, side="right", triggers=[], symptoms=[])
    expected = (
        HEADER + "\r\n"
        "2026-03-01T08:15:00+01:00,2026-03-01T10:15:00+01:00,Europe/Berlin,,false,left,6,,"
        "neck_movement;stress,'@work,,,,,"
        "Ibuprofen 400 mg|nsaid|good|2026-03-01T09:00:00+01:00;'=1+1|other|none,"
        '"a,""b""\nc"\r\n'
        "2026-03-02T07:00:00-03:30,,-03:30,,true,right,,,,,,,,,,\r\n"
        "2026-03-03T07:00:00+01:00,,Europe/Berlin,,true,right,,,none,,,,,none,,\r\n"
    ).encode()
    assert episodes_to_csv([ep, ongoing, none]) == expected


def test_none_and_empty_are_different_answers(diary, tmp_path):
    p = write(
        tmp_path,
        "started_at,side,triggers,symptoms\r\n"
        "2026-03-01T08:15:00+01:00,left,none,\r\n"
        "2026-03-02T08:15:00+01:00,left, ,none\r\n"
        "2026-03-03T08:15:00+01:00,left,stress;neck_movement, NONE \r\n",
    )
    with pytest.raises(ImportFileError, match="row 4, column symptoms: unknown code 'NONE'"):
        import_file(diary, p, ZONE)
    p.write_text(p.read_text("utf-8").replace(" NONE ", " none "), "utf-8")
    assert import_file(diary, p, ZONE).added == 3
    assert [(e.triggers, e.symptoms) for e in stored(diary)] == [
        ([], None),
        (None, []),
        (["neck_movement", "stress"], []),
    ]


def test_export_orders_by_start_then_side(filled, tmp_path):
    out = tmp_path / "out.csv"
    assert export_file(filled, out) == 4
    lines = out.read_bytes().decode().split("\r\n")
    assert lines[0] == HEADER
    firsts = [line.split(",")[:6] for line in lines[1:] if line.startswith("2026")]
    # 08:15 Berlin (07:15Z) < 08:15 New York (13:15Z) < ...; same start sorts by side
    assert firsts[0][0] == "2026-03-01T08:15:00+01:00"
    assert firsts[1][0] == "2026-03-01T08:15:00-05:00"
    assert out.read_bytes().endswith(b"\r\n")
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_export_writes_times_in_the_episode_zone(filled, tmp_path):
    out = tmp_path / "out.csv"
    export_file(filled, out)
    text = out.read_text("utf-8")
    assert "2026-03-29T01:30:00+01:00,2026-03-29T05:30:00+02:00,Europe/Berlin" in text
    assert "2026-03-02T23:00:00+05:30,,+05:30,,true,both" in text


def test_export_file_mode_is_0600(filled, tmp_path):
    old = os.umask(0o022)  # even with a permissive umask
    try:
        out = tmp_path / "out.csv"
        export_file(filled, out)
    finally:
        os.umask(old)
    assert os.stat(out).st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out.csv"]  # no temp file


def test_export_replaces_existing_file(filled, tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("old content")
    export_file(filled, out)
    assert out.read_bytes().startswith(HEADER.encode())


def test_export_under_regular_file_fails_cleanly(filled, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="not a folder"):
        export_file(filled, blocker / "out.csv")
    assert blocker.read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "not-a-folder"]


def test_export_onto_a_folder_leaves_no_temp_file(filled, tmp_path):
    target = tmp_path / "out.csv"
    target.mkdir()
    (target / "keep").write_text("k")
    with pytest.raises(ExportError, match="Nothing was written"):
        export_file(filled, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out.csv"]
    assert [p.name for p in target.iterdir()] == ["keep"]


def test_export_unknown_extension_is_refused(filled, tmp_path):
    with pytest.raises(ExportError, match=r"one of \.json, \.csv"):
        export_file(filled, tmp_path / "out.txt")
    assert export_file(filled, tmp_path / "out.txt", fmt="csv") == 4
    assert (tmp_path / "out.txt").read_text().startswith(HEADER)


def test_export_date_range_uses_local_start_dates(filled, tmp_path):
    out = tmp_path / "out.csv"
    assert export_file(filled, out, date_from=date(2026, 3, 2), date_to=date(2026, 3, 2)) == 1
    assert "+05:30" in out.read_text()
    assert export_file(filled, out, date_to=date(2026, 3, 1)) == 2
    with pytest.raises(ExportError, match="after"):
        export_file(filled, out, date_from=date(2026, 3, 2), date_to=date(2026, 3, 1))


# --- round trips ------------------------------------------------------------------------------


def test_round_trip_into_new_diary_gives_equal_episodes(filled, other, tmp_path, sample):
    out = tmp_path / "out.csv"
    export_file(filled, out)
    result = import_file(other, out, "Asia/Tokyo")  # the computer's zone must not matter
    assert (result.added, result.skipped) == (4, 0)
    assert without_ids(stored(other)) == without_ids(stored(filled))
    # and equal to what was saved in the first place (normalized)
    by_key = {(e.started_at.timestamp(), e.side): e for e in stored(other)}
    for ep in sample:
        got = by_key[(ep.started_at.timestamp(), ep.side)]
        want = ep.normalized()
        assert dataclasses.replace(got, id="") == dataclasses.replace(want, id="")
        assert got.started_at.utcoffset() == want.started_at.utcoffset()


def test_export_import_export_is_byte_identical(filled, other, tmp_path):
    first, second = tmp_path / "1.csv", tmp_path / "2.csv"
    export_file(filled, first)
    import_file(other, first, ZONE)
    export_file(other, second)
    assert first.read_bytes() == second.read_bytes()


def test_reimporting_the_same_file_adds_nothing(filled, tmp_path):
    out = tmp_path / "out.csv"
    export_file(filled, out)
    before = snapshot(filled)
    result = import_file(filled, out, ZONE)
    assert (result.added, result.skipped) == (0, 4)
    assert snapshot(filled) == before


# --- import: rules ------------------------------------------------------------------------------

ROW = "2026-03-01T08:15:00+01:00,2026-03-01T10:15:00+01:00,,,,left,5,,,,,,,,,"


def test_minimal_columns_in_any_order(diary, tmp_path):
    p = write(tmp_path, "side,started_at\r\nright,2026-03-01T08:15:00+01:00\r\n")
    assert import_file(diary, p, ZONE).added == 1
    (ep,) = stored(diary)
    assert ep.side == "right" and ep.ongoing and ep.time_zone == ZONE


def test_bom_is_accepted(diary, tmp_path):
    p = write(tmp_path, b"\xef\xbb\xbf" + f"{HEADER}\r\n{ROW}\r\n".encode())
    assert import_file(diary, p, ZONE).added == 1


def test_lf_line_ends_and_blank_rows_are_accepted(diary, tmp_path):
    p = write(tmp_path, f"{HEADER}\n\n{ROW}\n,,,,,,,,,,,,,,,\n")
    assert import_file(diary, p, ZONE).added == 1


def test_extension_is_case_insensitive(diary, tmp_path):
    p = write(tmp_path, f"{HEADER}\r\n{ROW}\r\n", name="IN.CSV")
    assert import_file(diary, p, ZONE).added == 1


@pytest.mark.parametrize(
    ("start", "zone_column", "local", "want_zone", "want_offset"),
    [
        # offset matches the computer's zone at that instant -> the computer's zone
        ("2026-03-01T08:15:00+01:00", "", "Europe/Berlin", "Europe/Berlin", "+01:00"),
        ("2026-07-01T08:15:00+02:00", "", "Europe/Berlin", "Europe/Berlin", "+02:00"),
        # offset that the computer's zone does not have then -> the fixed offset
        ("2026-07-01T08:15:00+01:00", "", "Europe/Berlin", "+01:00", "+01:00"),
        ("2026-03-01T08:15:00Z", "", "Europe/Berlin", "+00:00", "+00:00"),
        ("2026-03-01T08:15:00Z", "", "Europe/London", "Europe/London", "+00:00"),
        # no offset -> local time of the computer's zone
        ("2026-07-01T08:15", "", "Europe/Berlin", "Europe/Berlin", "+02:00"),
        # time_zone column wins; the instant comes from the offset
        ("2026-03-01T08:15:00+01:00", "Asia/Tokyo", "Europe/Berlin", "Asia/Tokyo", "+09:00"),
        # time_zone column and no offset -> wall time in that zone
        ("2026-03-01T08:15:00", "America/New_York", "Europe/Berlin", "America/New_York", "-05:00"),
    ],
)
def test_zone_rules(diary, tmp_path, start, zone_column, local, want_zone, want_offset):
    p = write(tmp_path, f"started_at,time_zone,side\r\n{start},{zone_column},left\r\n")
    import_file(diary, p, local)
    (ep,) = stored(diary)
    assert ep.time_zone == want_zone
    assert ep.started_at.strftime("%z")[:3] + ":" + ep.started_at.strftime("%z")[3:] == want_offset


def test_duration_is_elapsed_time_across_dst(diary, tmp_path):
    p = write(
        tmp_path,
        "started_at,duration_minutes,side\r\n2026-03-29T01:30:00+01:00,90,left\r\n"
        "2026-03-01T08:00,1.5,right\r\n",
    )
    import_file(diary, p, ZONE)
    first, second = stored(diary)
    assert first.duration == timedelta(seconds=90)
    assert second.ended_at.isoformat() == "2026-03-29T04:00:00+02:00"
    assert second.duration == timedelta(minutes=90)


def test_medications_are_parsed_in_the_episode_zone(diary, tmp_path):
    p = write(
        tmp_path,
        "started_at,time_zone,side,medications\r\n"
        "2026-03-01T08:15,Asia/Tokyo,left,A 1|nsaid|good|2026-03-01T09:00; B|triptan|none ;\r\n",
    )
    import_file(diary, p, ZONE)
    (ep,) = stored(diary)
    assert [(m.name, m.med_class, m.relief) for m in ep.medications] == [
        ("A 1", "nsaid", "good"),
        ("B", "triptan", "none"),
    ]
    assert ep.medications[0].taken_at.isoformat() == "2026-03-01T09:00:00+09:00"
    assert ep.medications[1].taken_at is None


def test_duplicates_in_file_and_diary_are_skipped_and_counted(filled, tmp_path):
    p = write(
        tmp_path,
        "started_at,side\r\n"
        "2026-03-01T08:15:00+01:00,left\r\n"  # in the diary already
        "2026-03-01T07:15:00Z,left\r\n"  # the same instant again
        "2026-03-01T08:15:00+01:00,right\r\n"  # new: other side
        "2026-03-05T08:00:00+01:00,right\r\n"  # new
        "2026-03-05T08:00:00+01:00,right\r\n",  # repeats the row above
    )
    before = snapshot(filled)[0]
    result = import_file(filled, p, ZONE)
    assert (result.added, result.skipped) == (2, 3)
    assert snapshot(filled)[0] == before + 2


# --- import: errors leave the diary unchanged ---------------------------------------------------

BAD = [
    (
        "unknown code",
        f"{HEADER}\r\n{ROW.replace('left,5,', 'left,5,sharp')}",
        "row 2, column character",
    ),
    (
        "unknown trigger",
        "started_at,side,triggers\r\n2026-03-01T08:15:00+01:00,left,stress;pizza\r\n",
        "row 2, column triggers: unknown code 'pizza'",
    ),
    (
        "none mixed with a trigger",
        "started_at,side,triggers\r\n2026-03-01T08:15:00+01:00,left,stress;none\r\n",
        "row 2, column triggers: 'stress;none' mixes 'none' with other codes",
    ),
    (
        "none mixed with a symptom",
        "started_at,side,symptoms\r\n2026-03-01T09:15:00+01:00,left,\r\n"
        "2026-03-01T08:15:00+01:00,left,none;nausea\r\n",
        "row 3, column symptoms: 'none;nausea' mixes 'none' with other codes",
    ),
    (
        "bad date",
        "started_at,side\r\n2026-03-01T08:15:00+01:00,left\r\n2026-02-30T08:15:00+01:00,left\r\n",
        "row 3, column started_at: '2026-02-30T08:15:00+01:00' is not a real date",
    ),
    (
        "date in another format",
        "started_at,side\r\n01.03.2026 08:15,left\r\n",
        "row 2, column started_at: '01.03.2026 08:15' is not a date-time",
    ),
    (
        "end before start",
        "started_at,ended_at,side\r\n2026-03-01T08:15:00+01:00,2026-03-01T07:15:00+01:00,left\r\n",
        "row 2, column ended_at: the end must be after the start",
    ),
    (
        "unknown column",
        "started_at,side,mood\r\n2026-03-01T08:15:00+01:00,left,grumpy\r\n",
        "row 1, column mood: unknown column",
    ),
    (
        "header names are exact",
        "Started_At,side\r\n2026-03-01T08:15,left\r\n",
        "row 1, column Started_At",
    ),
    (
        "missing required column",
        "started_at,intensity\r\n2026-03-01T08:15:00+01:00,3\r\n",
        "row 1: the required column 'side' is missing",
    ),
    ("empty file", "", "The file is empty"),
    ("only a BOM", "\ufeff", "The file is empty"),
    ("header only", f"{HEADER}\r\n", "The file has a header but no episodes"),
    (
        "fractional seconds",
        "started_at,side\r\n2026-03-01T08:15:00.5+01:00,left\r\n",
        "row 2, column started_at: '2026-03-01T08:15:00.5+01:00' has fractional seconds",
    ),
    (
        "future start",
        "started_at,side\r\n2099-03-01T08:15:00+01:00,left\r\n",
        "row 2, column started_at: the start cannot be in the future",
    ),
    (
        "ongoing but ended",
        "started_at,ended_at,ongoing,side\r\n"
        "2026-03-01T08:15:00+01:00,2026-03-01T09:15:00+01:00,true,left\r\n",
        "row 2, column ongoing: ongoing is true, but the episode has an end",
    ),
    (
        "ongoing but duration",
        "started_at,duration_minutes,ongoing,side\r\n2026-03-01T08:15:00+01:00,30,TRUE,left\r\n",
        "row 2, column ongoing: ongoing is true",
    ),
    (
        "not ongoing but no end",
        "started_at,ongoing,side\r\n2026-03-01T08:15:00+01:00,false,left\r\n",
        "row 2, column ongoing: ongoing is false, but there is no end",
    ),
    (
        "bad ongoing",
        "started_at,ongoing,side\r\n2026-03-01T08:15:00+01:00,yes,left\r\n",
        "row 2, column ongoing: 'yes' is not true or false",
    ),
    (
        "intensity too high",
        "started_at,side,intensity\r\n2026-03-01T08:15:00+01:00,left,11\r\n",
        "row 2, column intensity: '11' is not a whole number from 0 to 10",
    ),
    (
        "intensity not whole",
        "started_at,side,intensity\r\n2026-03-01T08:15:00+01:00,left,5.5\r\n",
        "row 2, column intensity: '5.5' is not a whole number",
    ),
    (
        "negative duration",
        "started_at,duration_minutes,side\r\n2026-03-01T08:15:00+01:00,-5,left\r\n",
        "row 2, column duration_minutes: '-5' is not a positive number",
    ),
    (
        "duration and end disagree",
        "started_at,ended_at,duration_minutes,side\r\n"
        "2026-03-01T08:15:00+01:00,2026-03-01T09:15:00+01:00,30,left\r\n",
        "row 2, column duration_minutes: does not match ended_at",
    ),
    ("missing side", "started_at,side\r\n2026-03-01T08:15:00+01:00,\r\n", "row 2, column side"),
    (
        "unknown zone",
        "started_at,time_zone,side\r\n2026-03-01T08:15:00+01:00,Mars/Olympus,left\r\n",
        "row 2, column time_zone: unknown time zone 'Mars/Olympus'",
    ),
    (
        "DST gap without offset",
        "started_at,side\r\n2026-03-29T02:30,left\r\n",
        "row 2, column started_at: 2026-03-29 02:30 does not exist in Europe/Berlin",
    ),
    (
        "repeated hour without offset",
        "started_at,side\r\n2026-10-25T02:30,left\r\n",
        "row 2, column started_at: 2026-10-25 02:30 happened twice in Europe/Berlin",
    ),
    (
        "bad medication",
        "started_at,side,medications\r\n2026-03-01T08:15:00+01:00,left,Ibu|nsaid\r\n",
        "row 2, column medications: medication 1 ('Ibu|nsaid') is not name|class|relief",
    ),
    (
        "bad medication class",
        "started_at,side,medications\r\n2026-03-01T08:15:00+01:00,left,Ibu|nsaid|good;X|pill|good\r\n",
        "row 2, column medications: medication 2: unknown code 'pill'",
    ),
    (
        "too many values",
        "started_at,side\r\n2026-03-01T08:15:00+01:00,left,extra\r\n",
        "row 2: it has 3 values but the header has 2",
    ),
    (
        "column without a name",
        "started_at,side,\r\n2026-03-01T08:15:00+01:00,left,\r\n",
        "row 1, column 3: this column has no name",
    ),
    (
        "column twice",
        "started_at,side,side\r\n2026-03-01T08:15:00+01:00,left,left\r\n",
        "row 1, column side: the column appears twice",
    ),
    (
        "broken quoting",
        'started_at,side,notes\r\n2026-03-01T08:15:00+01:00,left,"ab"c\r\n',
        "row 2: the CSV is malformed",
    ),
    (
        "a later bad row aborts the whole file",
        "started_at,side\r\n2026-03-01T09:15:00+01:00,left\r\n2026-03-01T09:15:00+01:00,up\r\n",
        "row 3, column side: unknown code 'up'",
    ),
]


@pytest.mark.parametrize(("content", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_file_gives_its_error_and_changes_nothing(filled, tmp_path, content, message):
    before = snapshot(filled)
    p = write(tmp_path, content)
    with pytest.raises(ImportFileError) as info:
        import_file(filled, p, ZONE)
    text = str(info.value)
    assert message in text
    assert text.endswith("Nothing was imported.")
    assert "\n" not in text
    assert snapshot(filled) == before


def test_row_numbers_count_multiline_records_as_one_row(diary, tmp_path):
    p = write(
        tmp_path,
        'started_at,side,notes\r\n2026-03-01T08:15:00+01:00,left,"a\r\nb\r\nc"\r\n'
        "2026-03-01T09:15:00+01:00,middle,\r\n",
    )
    with pytest.raises(ImportFileError, match=r"^row 3, column side"):
        import_file(diary, p, ZONE)


def test_not_utf8_is_an_error(filled, tmp_path):
    before = snapshot(filled)
    p = write(
        tmp_path,
        "started_at,side,notes\r\n2026-03-01T08:15,left,Kopfschmerz ä\r\n".encode("cp1252"),
    )
    with pytest.raises(ImportFileError, match="not UTF-8 text .line 2"):
        import_file(filled, p, ZONE)
    assert snapshot(filled) == before


def test_unreadable_or_missing_file(diary, tmp_path):
    with pytest.raises(ImportFileError, match="does not exist"):
        import_file(diary, tmp_path / "nope.csv", ZONE)
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(ImportFileError, match="is a folder"):
        import_file(diary, tmp_path / "dir.csv", ZONE)
    with pytest.raises(ImportFileError, match=r"ends in one of \.json, \.csv"):
        import_file(diary, write(tmp_path, "x", name="in.txt"), ZONE)


def test_error_carries_row_and_column(diary, tmp_path):
    p = write(tmp_path, "started_at,side,intensity\r\n2026-03-01T08:15:00+01:00,left,12\r\n")
    with pytest.raises(ImportFileError) as info:
        import_file(diary, p, ZONE)
    assert (info.value.number, info.value.field) == (2, "intensity")  # type: ignore[attr-defined]


# --- formula injection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+49 170", "'+49 170"),
        ("-3 mg", "'-3 mg"),
        ("@user", "'@user"),
        ("'quoted", "''quoted"),
        ("   =x", "'   =x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        (" \tx", " \tx"),
        ("a=b", "a=b"),
        ("", ""),
        ("   ", "   "),
        ("''=x", "'''=x"),
    ],
)
def test_formula_protection_is_written_and_reversed(text, written):
    assert protect(text) == written
    assert unprotect(written) == text


def test_formula_text_survives_file_round_trip(make_episode):
    ep = make_episode(
        "2026-03-01 08:15",
        notes="=cmd|' /C calc'!A0",
        trigger_note="'already quoted",
        medications=[Medication("@risky", "other", "none"), Medication("'x", "other", "none")],
    )
    data = episodes_to_csv([ep])
    assert b",'=cmd|' /C calc'!A0\r\n" in data
    assert b"''already quoted" in data
    assert b"'@risky|other|none;''x|other|none" in data
    (back,) = parse_csv(data, ZONE)
    assert (back.notes, back.trigger_note) == (ep.notes, ep.trigger_note)
    assert [m.name for m in back.medications] == ["@risky", "'x"]


@given(st.text())
def test_protect_unprotect_round_trip(text):
    assert unprotect(protect(text)) == text
    assert protect(text).startswith("'") or not needs_protection(protect(text))


_START = datetime(2026, 3, 1, 8, 15, tzinfo=zone_for(ZONE))
_name = st.text(st.characters(blacklist_characters="|;", blacklist_categories=("Cs",))).filter(
    lambda s: s.strip() == s and s != ""
)


@settings(max_examples=300, deadline=None)
@given(notes=st.text(), note=st.text(), names=st.lists(_name, max_size=3))
def test_any_text_round_trips_through_csv(notes, note, names):
    ep = Episode(
        started_at=_START,
        side="left",
        time_zone=ZONE,
        notes=notes,
        trigger_note=note,
        medications=[Medication(n, "other", "none") for n in names],
    )
    data = episodes_to_csv([ep])
    (back,) = parse_csv(data, ZONE)
    assert back.notes == notes
    assert back.trigger_note == note
    assert [m.name for m in back.medications] == names
    assert episodes_to_csv([dataclasses.replace(back, id=ep.id)]) == data


def test_awkward_text_round_trips_through_the_database(diary, other, tmp_path, make_episode):
    texts = ["=1+2", " -x", "\t@", "'", "''", "a\r\nb", "\r", '"', ",", "\x00nul", "é€😀", " "]
    episodes = [
        make_episode(f"2026-03-01 0{i % 10}:{i:02d}", notes=t, trigger_note=t[::-1])
        for i, t in enumerate(texts)
    ]
    with diary.session() as s:
        repository.insert_episodes(s, episodes)
    out = tmp_path / "out.csv"
    export_file(diary, out)
    import_file(other, out, ZONE)
    assert sorted((e.notes, e.trigger_note) for e in stored(other)) == sorted(
        (t, t[::-1]) for t in texts
    )
