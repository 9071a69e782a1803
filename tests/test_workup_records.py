"""The neck workup records (DESIGN.md "Neck workup records", FORMAT.md format 3): a nerve
block's response on a ``nerve_block`` event and the scores, validated in the domain,
stored (migration 0008), undone, and carried losslessly by the diary JSON; the ``score``
command. Bad input is one clear line and changes nothing."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from headache_diary.app import main
from headache_diary.domain.errors import ImportFileError, ValidationError
from headache_diary.domain.history import HistoryEvent, HistoryForm
from headache_diary.domain.workup import (
    BlockRating,
    NerveBlock,
    Score,
    ScoreForm,
    after_text,
    block_problems,
    format_after,
    parse_after,
    score_problems,
)
from headache_diary.paths import Paths, ensure_private_dir
from headache_diary.services import history, scores, transfer
from headache_diary.storage.db import Diary, open_diary
from headache_diary.storage.files import read_schema_version
from headache_diary.storage.schema import alembic_config, known_revisions
from tests.support import ctx_of, export_file, import_file

TODAY = date(2026, 6, 30)
BLOCK = NerveBlock(
    purpose="diagnostic",
    target="third occipital nerve",
    anaesthetic="bupivacaine 0.5 %",
    control="comparative",
    pain_before=6,
    ratings=(BlockRating(15, 3), BlockRating(30, 1), BlockRating(60, 0), BlockRating(240, 1)),
    relief_hours=4.5,
)
BLOCK_EVENT = HistoryEvent(
    date=date(2026, 3, 10), kind="nerve_block", side="left", title="TON block", block=BLOCK
)


def block_with(**fields) -> NerveBlock:
    return NerveBlock(**{**BLOCK.__dict__, **fields})


# --- domain --------------------------------------------------------------------------------


def test_a_valid_block_has_no_problems_and_is_normalized() -> None:
    assert block_problems(BLOCK) == {}
    shuffled = block_with(ratings=(BlockRating(60, 0), BlockRating(15, 3)), target="  TON \n x ")
    norm = shuffled.normalized()
    assert [r.after_minutes for r in norm.ratings] == [15, 60]
    assert norm.target == "TON x"
    assert block_with(relief_hours=4.0).normalized().relief_hours == 4
    assert isinstance(block_with(relief_hours=4.0).normalized().relief_hours, int)


@pytest.mark.parametrize(
    ("fields", "key", "message"),
    [
        ({"pain_before": 11}, "block.pain_before", "Pain 11 is not a whole number from 0 to 10."),
        ({"pain_before": -1}, "block.pain_before", "Pain -1 is not a whole number"),
        ({"ratings": (BlockRating(15, 12),)}, "block.ratings[1].pain", "Pain 12 is not"),
        ({"ratings": (BlockRating(-5, 2),)}, "block.ratings[1].after_minutes",
         "-5 is not a whole number of minutes"),
        ({"ratings": (BlockRating(30, 2), BlockRating(30, 1))}, "block.ratings[2].after_minutes",
         "There are two ratings 30 min after the block"),
        ({"relief_hours": -2}, "block.relief_hours", "Hours of relief -2 is not a number"),
        ({"purpose": "curious"}, "block.purpose", "Unknown purpose 'curious'"),
        ({"control": "sham"}, "block.control", "Unknown control 'sham'"),
    ],
)  # fmt: skip
def test_bad_block_values_are_named(fields, key, message) -> None:
    problems = block_problems(block_with(**fields))
    assert list(problems) == [key]
    assert problems[key].startswith(message)


def test_a_block_only_on_a_nerve_block() -> None:
    with pytest.raises(ValidationError) as info:
        history.validate_event(HistoryEvent(date(2026, 3, 1), "mri", block=BLOCK), TODAY)
    assert info.value.problems == {"block": "Only a nerve block has a block response."}
    # the editor's form drops the block when the kind is changed, and an empty one
    form = HistoryForm.of(BLOCK_EVENT)
    assert form.block == BLOCK
    event, problems = HistoryForm(**{**form.__dict__, "kind": "mri"}).build(TODAY)
    assert problems == {} and event is not None and event.block is None
    event, _ = HistoryForm(**{**form.__dict__, "block": NerveBlock()}).build(TODAY)
    assert event is not None and event.block is None


def test_times_after_a_block() -> None:
    assert [format_after(m) for m in (0, 15, 60, 90, 120, 1440, 2880)] == [
        "0 min", "15 min", "60 min", "1 h 30 min", "2 h", "24 h", "2 d",
    ]  # fmt: skip
    assert [parse_after(t) for t in ("45", "45 min", "3 h", "1.5 h", "1,5h", "2 d")] == [
        45, 45, 180, 90, 90, 2880,
    ]  # fmt: skip
    assert parse_after("soon") is None and parse_after("0.1 min") is None
    assert [parse_after(t) for t in ("3 Std.", "2 T")] == [180, 2880]  # German units
    for minutes in (0, 45, 90, 120, 1440, 2880):  # what the editor writes, read back
        assert parse_after(after_text(minutes)) == minutes


@pytest.mark.parametrize(
    ("score", "key", "message"),
    [
        (Score(TODAY, "ndi", 51), "total", "The NDI total is from 0 to 50, not 51."),
        (Score(TODAY, "hit6", 30), "total", "The HIT-6 total is from 36 to 78, not 30."),
        (Score(TODAY, "midas", 271), "total", "The MIDAS total is from 0 to 270, not 271."),
        (Score(TODAY, "ndi", 12.5), "total", "NDI totals are whole numbers, not 12.5."),
        (Score(TODAY, "ndi", "12"), "total", "The total '12' is not a number."),
        (Score(TODAY, "other", 3), "name", "Give the score's name"),
        (Score(TODAY, "other", -1, "PCS"), "total", "A score's total is 0 or more, not -1."),
        (Score(TODAY, "ndi", 3, "NDI"), "name", "Only another score has a name."),
        (Score(date(2026, 7, 1), "ndi", 3), "date", "The date cannot be in the future."),
        (Score(TODAY, "sf36", 3), "instrument", "Unknown instrument 'sf36'"),
    ],
)  # fmt: skip
def test_bad_scores_are_named(score, key, message) -> None:
    problems = score_problems(score, TODAY)
    assert list(problems) == [key]
    assert problems[key].startswith(message)


def test_the_score_form() -> None:
    score, problems = ScoreForm("other", TODAY, "12,5", " PCS ", "").build(TODAY)
    assert problems == {} and score is not None
    assert (score.total, score.name) == (12.5, "PCS")
    assert ScoreForm.of(score).total == "12.5"
    assert ScoreForm("ndi", TODAY, "abc").build(TODAY) == (
        None, {"total": "The total 'abc' is not a number."}
    )  # fmt: skip
    assert ScoreForm("ndi", None, "").build(TODAY)[1].keys() == {"date", "total"}
    # a name typed for another score is dropped when the instrument is changed
    score, _ = ScoreForm("ndi", TODAY, "20", "PCS").build(TODAY)
    assert score is not None and score.name == ""


# --- storage and undo ----------------------------------------------------------------------


def test_a_block_is_stored_edited_removed_and_deleted_with_its_event(diary: Diary) -> None:
    ctx = ctx_of(diary)
    saved = history.save_event(ctx, BLOCK_EVENT, TODAY)
    assert history.get_event(ctx, saved.id) == saved
    assert saved.block == BLOCK.normalized()
    edited = HistoryEvent(**{**saved.__dict__, "block": block_with(ratings=(BlockRating(30, 2),))})
    history.save_event(ctx, edited, TODAY)
    assert history.get_event(ctx, saved.id).block.ratings == (BlockRating(30, 2),)
    history.save_event(ctx, HistoryEvent(**{**saved.__dict__, "block": None}), TODAY)
    assert history.get_event(ctx, saved.id).block is None
    history.save_event(ctx, saved, TODAY)
    undo = history.DeletedEvents()
    undo.delete(ctx, saved.id)
    con = sqlite3.connect(diary.paths.database)
    try:  # the block and its ratings went with the event
        assert con.execute("SELECT count(*) FROM nerve_block").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM nerve_block_rating").fetchone() == (0,)
    finally:
        con.close()
    undo.undo(ctx)
    assert history.get_event(ctx, saved.id) == saved


def test_scores_add_edit_delete_and_undo(diary: Diary) -> None:
    ctx = ctx_of(diary)
    undo = scores.ScoreUndo()
    a = undo.record(scores.save_score(ctx, Score(date(2026, 1, 5), "ndi", 24), TODAY)).value
    b = undo.record(
        scores.save_score(ctx, Score(date(2026, 2, 5), "other", 12.5, "PCS", "x"), TODAY)
    ).value
    assert scores.list_scores(ctx) == [b, a]  # newest first
    changed = undo.record(scores.save_score(ctx, Score(a.date, "ndi", 18, id=a.id), TODAY)).value
    assert scores.list_scores(ctx) == [b, changed]
    undo.record(scores.delete_score(ctx, b.id))
    assert scores.list_scores(ctx) == [changed]
    with pytest.raises(ValidationError):
        scores.save_score(ctx, Score(TODAY, "hit6", 30), TODAY)
    assert scores.list_scores(ctx) == [changed]
    undo.undo(ctx)  # the delete
    assert scores.list_scores(ctx) == [b, changed]
    undo.undo(ctx)  # the edit
    assert scores.list_scores(ctx) == [b, a]
    undo.undo(ctx)
    undo.undo(ctx)
    assert scores.list_scores(ctx) == [] and not undo


# --- diary JSON -------------------------------------------------------------------------------


@pytest.fixture
def filled(diary: Diary, make_episode) -> Diary:
    ctx = ctx_of(diary)
    transfer.import_episodes(ctx, [make_episode("2026-03-01 08:15", hours=2, intensity=6)])
    history.save_event(ctx, BLOCK_EVENT, TODAY)
    history.save_event(ctx, HistoryEvent(date(2026, 2, 1), "mri", title="MRI"), TODAY)
    for score in (
        Score(date(2026, 1, 5), "ndi", 24),
        Score(date(2026, 4, 5), "ndi", 12, note="after the block"),
        Score(date(2026, 1, 5), "hit6", 64),
        Score(date(2026, 1, 6), "other", 12.5, "Pain catastrophizing"),
    ):
        scores.save_score(ctx, score, TODAY)
    return diary


def test_format_3_export_layout_and_byte_identical_round_trip(filled, tmp_path) -> None:
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    export_file(filled, first)
    data = json.loads(first.read_text("utf-8"))
    assert data["format_version"] == 3
    assert list(data)[-1] == "scores"
    block_event = next(e for e in data["history"] if e["kind"] == "nerve_block")
    assert block_event["block"] == {
        "purpose": "diagnostic",
        "target": "third occipital nerve",
        "anaesthetic": "bupivacaine 0.5 %",
        "control": "comparative",
        "pain_before": 6,
        "ratings": [
            {"after_minutes": 15, "pain": 3},
            {"after_minutes": 30, "pain": 1},
            {"after_minutes": 60, "pain": 0},
            {"after_minutes": 240, "pain": 1},
        ],
        "relief_hours": 4.5,
    }
    assert next(e for e in data["history"] if e["kind"] == "mri")["block"] is None
    assert [(s["date"], s["instrument"], s["total"]) for s in data["scores"]] == [
        ("2026-01-05", "hit6", 64),
        ("2026-01-05", "ndi", 24),
        ("2026-01-06", "other", 12.5),
        ("2026-04-05", "ndi", 12),
    ]
    assert list(data["scores"][0]) == ["id", "date", "instrument", "name", "total", "note"]
    other = open_diary(Paths(tmp_path / "other"))
    try:
        result = import_file(other, first, "UTC")
        assert (result.scores_added, result.scores_skipped) == (4, 0)
        assert "Added 4 scores; skipped 0 already in the diary." in result.text()
        export_file(other, second)
        assert first.read_bytes() == second.read_bytes()
        again = import_file(other, first, "UTC")  # the same ids: duplicates
        assert (again.scores_added, again.scores_skipped, again.history_added) == (0, 4, 0)
    finally:
        other.close()


def _write(tmp_path: Path, doc: object) -> Path:
    p = tmp_path / "in.json"
    p.write_text(json.dumps(doc), "utf-8")
    return p


EV = {"date": "2026-03-10", "kind": "nerve_block"}


def test_format_3_keys_in_an_older_file_are_refused(diary, tmp_path) -> None:
    doc = {"format_version": 2, "episodes": [], "history": [{**EV, "block": None}]}
    with pytest.raises(ImportFileError, match="history 1, key block: this key came with"):
        import_file(diary, _write(tmp_path, doc))
    doc = {"format_version": 2, "episodes": [], "scores": []}
    with pytest.raises(ImportFileError, match="key scores: unknown key in a format_version 2"):
        import_file(diary, _write(tmp_path, doc))


def test_formats_1_and_2_are_still_read(diary, tmp_path) -> None:
    for version in (1, 2):
        doc = {"format_version": version, "episodes": [],
               "history": [{**EV, "title": f"v{version}"}]}  # fmt: skip
        import_file(diary, _write(tmp_path, doc))
    events = history.list_events(ctx_of(diary))
    assert sorted((e.title, e.block) for e in events) == [("v1", None), ("v2", None)]
    assert scores.list_scores(ctx_of(diary)) == []


@pytest.mark.parametrize(
    ("history_event", "scores_array", "message"),
    [
        ({**EV, "block": {"pain_before": 11}}, [],
         "history 1, key block.pain_before: Pain 11 is not a whole number from 0 to 10."),
        ({**EV, "block": {"ratings": [{"after_minutes": -5, "pain": 1}]}}, [],
         "history 1, key block.ratings[1].after_minutes: -5 is not a whole number of minutes"),
        ({**EV, "block": {"ratings": [{"after_minutes": 30, "pain": 1},
                                      {"after_minutes": 30, "pain": 2}]}}, [],
         "history 1, key block.ratings[2].after_minutes: There are two ratings 30 min after"),
        ({**EV, "block": {"ratings": [{"after_minutes": 30}]}}, [],
         "history 1, key block.ratings[1].pain: this key is required"),
        ({**EV, "block": {"pain_before": "six"}}, [],
         'history 1, key block.pain_before: expected a whole number, got "six"'),
        ({**EV, "block": {"colour": "red"}}, [], "history 1, key block.colour: unknown key"),
        ({**EV, "kind": "mri", "block": {}}, [],
         "history 1, key block: Only a nerve block has a block response."),
        (EV, [{"date": "2026-03-01", "instrument": "ndi", "total": 51}],
         "scores 1, key total: The NDI total is from 0 to 50, not 51."),
        (EV, [{"date": "2026-03-01", "instrument": "hit6", "total": 30}],
         "scores 1, key total: The HIT-6 total is from 36 to 78, not 30."),
        (EV, [{"date": "2026-03-01", "instrument": "other", "total": 3}],
         "scores 1, key name: Give the score's name"),
        (EV, [{"date": "2026-03-01", "instrument": "ndi", "total": "12"}],
         'scores 1, key total: expected a number, got "12"'),
        (EV, [{"date": "2026-03-01", "instrument": "ndi"}],
         "scores 1, key total: this key is required"),
        (EV, [{"date": "2026-03-01", "instrument": "ndi", "total": 3, "x": 1}],
         "scores 1, key x: unknown key"),
    ],
)  # fmt: skip
def test_bad_workup_input_is_one_line_and_imports_nothing(
    filled, tmp_path, history_event, scores_array, message
) -> None:
    ctx = ctx_of(filled)
    before = (history.list_events(ctx), scores.list_scores(ctx))
    doc = {"format_version": 3, "episodes": [], "history": [history_event],
           "scores": scores_array}  # fmt: skip
    with pytest.raises(ImportFileError) as info:
        import_file(filled, _write(tmp_path, doc))
    text = str(info.value)
    assert message in text and "\n" not in text
    assert text.endswith(". Nothing was imported.") and ".." not in text
    assert (history.list_events(ctx), scores.list_scores(ctx)) == before


# --- migration 0008 ---------------------------------------------------------------------------


def test_a_0007_diary_is_upgraded_and_keeps_its_history(paths: Paths) -> None:
    ensure_private_dir(paths.data_dir)
    engine = create_engine(f"sqlite:///{paths.database}")
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0007")
            conn.exec_driver_sql(
                "INSERT INTO history_event (id, event_date, date_precision, kind, side, "
                "structure, title, details, outcome, created_utc, updated_utc) VALUES "
                "('8f8e7c58-5d1c-4a53-8a49-0c8d6a1f0e1a', '2026-03-10', 'day', 'nerve_block', "
                "'left', 'C2/3', 'block', '', 'gone for 6 h', 0, 0)"
            )
    finally:
        engine.dispose()
    diary = open_diary(paths)
    try:
        assert read_schema_version(paths.database) == known_revisions()[0] == "0008"
        ctx = ctx_of(diary)
        (event,) = history.list_events(ctx)
        assert (event.title, event.block) == ("block", None)
        history.save_event(ctx, HistoryEvent(**{**event.__dict__, "block": BLOCK}), TODAY)
        assert history.get_event(ctx, event.id).block == BLOCK.normalized()
        scores.save_score(ctx, Score(TODAY, "midas", 21), TODAY)
        assert [s.total for s in scores.list_scores(ctx)] == [21]
    finally:
        diary.close()


# --- the score command ------------------------------------------------------------------------

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def _run(capsys, data_dir: str, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--data-dir", data_dir], now=NOW)
    out, err = capsys.readouterr()
    return code, out, err


def test_score_command_saves_and_prints_one_line(capsys, data_dir) -> None:
    assert _run(capsys, data_dir, "score", "ndi", "24", "--date", "2026-06-01") == (
        0, "Saved the score NDI: 24 (48%), dated 1 Jun 2026.\n", ""
    )  # fmt: skip
    code, out, _err = _run(capsys, data_dir, "score", "other", "12.5", "--name", "PCS",
                           "--note", "at the clinic")  # fmt: skip
    assert (code, out) == (0, "Saved the score PCS: 12.5, dated 15 Jun 2026.\n")
    diary = open_diary(Paths(Path(data_dir)))
    try:
        saved = scores.list_scores(ctx_of(diary))
    finally:
        diary.close()
    assert [(s.instrument, s.total, s.name, s.note) for s in saved] == [
        ("other", 12.5, "PCS", "at the clinic"),
        ("ndi", 24, "", ""),
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["score", "ndi", "51"], "The NDI total is from 0 to 50, not 51."),
        (["score", "hit6", "30"], "The HIT-6 total is from 36 to 78, not 30."),
        (["score", "midas", "many"], "The total 'many' is not a number."),
        (["score", "other", "3"], "Give the score's name (another score needs one)."),
        (["score", "sf36", "3"], "Unknown instrument 'sf36': use ndi, hit6, midas or other."),
        (["score", "ndi", "3", "--date", "2026-06-16"], "The date cannot be in the future."),
        (["score", "ndi", "3", "--date", "1.6.2026"], "Bad date '1.6.2026': use YYYY-MM-DD"),
    ],
)
def test_bad_scores_on_the_command_line(capsys, data_dir, argv, message) -> None:
    code, out, err = _run(capsys, data_dir, *argv)
    assert code == 2 and out == ""
    assert err.startswith(f"headache-diary: error: {message}")
    assert err.endswith("Nothing was saved.\n") and err.count("\n") == 1
    assert not (Path(data_dir) / "diary.sqlite3").exists() or _no_scores(data_dir)


def _no_scores(data_dir: str) -> bool:
    con = sqlite3.connect(Path(data_dir) / "diary.sqlite3")
    try:
        return con.execute("SELECT count(*) FROM score").fetchone() == (0,)
    finally:
        con.close()
