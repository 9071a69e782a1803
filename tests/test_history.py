"""The neck history: rules, the editor's form, the services (save, list, delete, undo)
on a real diary, and the migration that adds its table to a diary with data."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from headache_diary.context import AppContext
from headache_diary.domain.errors import ValidationError
from headache_diary.domain.history import (
    KINDS,
    HistoryEvent,
    HistoryForm,
    event_problems,
    format_event_date,
)
from headache_diary.domain.personal import PersonalDetails
from headache_diary.paths import Paths
from headache_diary.services import history
from headache_diary.storage import repository
from headache_diary.storage.db import open_diary
from headache_diary.storage.history import get_event, list_events, save_event
from headache_diary.storage.personal import get_personal_details, set_personal_details
from headache_diary.storage.schema import alembic_config, known_revisions
from tests.support_storage import make_0002_diary

TODAY = date(2026, 6, 30)


# --- rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "field", "fragment"),
    [
        (HistoryEvent(date=date(2026, 7, 1), kind="mri"), "date", "cannot be in the future"),
        (
            HistoryEvent(date=date(2026, 7, 1), kind="mri", date_precision="month"),
            "date",
            "future",
        ),
        (
            HistoryEvent(date=date(2027, 1, 1), kind="mri", date_precision="year"),
            "date",
            "future",
        ),
        (HistoryEvent(date=date(1899, 5, 1), kind="mri"), "date", "1900"),
        (HistoryEvent(date=date(2026, 1, 1), kind="massage"), "kind", "unknown kind 'massage'"),
        (HistoryEvent(date=date(2026, 1, 1), kind="mri", side="unsure"), "side", "left, right"),
        (
            HistoryEvent(date=date(2026, 1, 1), kind="mri", date_precision="week"),
            "date_precision",
            "day, month or year",
        ),
        (
            HistoryEvent(date=date(2026, 1, 1), kind="mri", structure="C2/3"),
            "structure",
            "only a nerve block",
        ),
    ],
)
def test_bad_events_are_refused(ctx: AppContext, event, field, fragment) -> None:
    assert fragment in event_problems(event.normalized(), TODAY)[field]
    with pytest.raises(ValidationError) as info:
        history.save_event(ctx, event, today=TODAY)
    assert field in info.value.problems
    assert history.list_events(ctx) == []  # nothing saved


def test_this_month_and_this_year_are_not_the_future() -> None:
    for precision in ("month", "year"):
        ev = HistoryEvent(date=date(2026, 6, 30), kind="mri", date_precision=precision)
        assert event_problems(ev.normalized(), TODAY) == {}


def test_headaches_began_is_a_kind() -> None:
    assert KINDS[0] == "headaches_began" and "nerve_block" in KINDS


def test_dates_are_cut_to_their_precision_and_worded_so() -> None:
    ev = HistoryEvent(date=date(2019, 8, 17), kind="neck_injury", date_precision="month")
    assert ev.normalized().date == date(2019, 8, 1)
    assert format_event_date(ev.normalized()) == "August 2019"
    year = HistoryEvent(date=date(2019, 8, 17), kind="neck_injury", date_precision="year")
    assert year.normalized().date == date(2019, 1, 1) and format_event_date(year) == "2019"
    assert year.placed_date is None
    assert ev.normalized().placed_date == date(2019, 8, 15)


# --- the editor's form ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        (HistoryForm(kind="mri"), "date", "enter the date: at least the year"),
        (HistoryForm(kind="mri", month=3), "date", "enter the year too"),
        (HistoryForm(kind="mri", year=2020, day=3), "date", "choose the month too"),
        (HistoryForm(kind="mri", year=2023, month=2, day=29), "date", "February 2023 has only 28"),
        (HistoryForm(kind="mri", year=2026, month=7), "date", "the date cannot be in the future"),
        (HistoryForm(year=2020), "kind", "choose what happened"),
    ],
)
def test_form_problems(form: HistoryForm, field: str, message: str) -> None:
    event, problems = form.build(TODAY)
    assert event is None
    assert message in problems[field]


def test_form_precision_follows_what_is_filled_in() -> None:
    base = HistoryForm(kind="nerve_block", side="left", structure=" C2/3  facet ", title=" a ")
    for fields, precision, day in (
        ({"year": 2024}, "year", date(2024, 1, 1)),
        ({"year": 2024, "month": 5}, "month", date(2024, 5, 1)),
        ({"year": 2024, "month": 5, "day": 9}, "day", date(2024, 5, 9)),
    ):
        form = HistoryForm(**{**base.__dict__, **fields})
        event, problems = form.build(TODAY)
        assert problems == {} and event is not None
        assert (event.date_precision, event.date) == (precision, day)
        assert (event.structure, event.title) == ("C2/3 facet", "a")
        assert HistoryForm.of(event) == HistoryForm(
            **{**form.__dict__, "structure": "C2/3 facet", "title": "a"}
        )
    # the structure belongs to nerve blocks: another kind drops it
    event, _ = HistoryForm(**{**base.__dict__, "kind": "mri", "year": 2024}).build(TODAY)
    assert event is not None and event.structure == ""


@given(
    year=st.integers(1890, 2030) | st.none(),
    month=st.integers(1, 12) | st.none(),
    day=st.integers(1, 31) | st.none(),
    kind=st.sampled_from((None, *KINDS)),
)
def test_form_never_builds_an_invalid_event(year, month, day, kind) -> None:
    event, problems = HistoryForm(kind=kind, year=year, month=month, day=day).build(TODAY)
    assert (event is None) == bool(problems)
    if event is not None:
        assert event_problems(event, TODAY) == {}
        assert event.date <= TODAY


# --- services on a real diary ---------------------------------------------------------------


def test_save_list_edit_delete_and_undo(ctx: AppContext) -> None:
    a = history.save_event(
        ctx, HistoryEvent(date=date(2019, 5, 1), kind="neck_injury", date_precision="year"), TODAY
    )
    b = history.save_event(
        ctx,
        HistoryEvent(
            date=date(2026, 6, 1),
            kind="nerve_block",
            side="left",
            structure="C2/3 facet",
            title="Medial branch block",
            details="under X-ray",
            outcome="pain gone for 6 hours\nthen back",
        ),
        TODAY,
    )
    c = history.save_event(ctx, HistoryEvent(date=date(2026, 3, 4), kind="mri"), TODAY)
    assert [e.id for e in history.list_events(ctx)] == [b.id, c.id, a.id]  # newest first
    assert history.get_event(ctx, b.id) == b
    edited = history.save_event(ctx, HistoryEvent(**{**c.__dict__, "title": "MRI neck"}), TODAY)
    assert history.get_event(ctx, c.id) == edited and len(history.list_events(ctx)) == 3

    deletes = history.DeletedEvents()
    assert deletes.delete(ctx, b.id) == b
    assert deletes.delete(ctx, a.id) == a
    assert deletes.delete(ctx, "no-such-id") is None
    assert [e.id for e in history.list_events(ctx)] == [c.id]
    assert deletes.undo(ctx) == a
    assert deletes.undo(ctx) == b
    assert deletes.undo(ctx) is None and not deletes
    assert history.list_events(ctx) == [b, edited, a]


def test_migration_0003_upgrades_a_0002_diary_with_data(paths: Paths, make_episode) -> None:
    """A diary made by the current schema (0002) with episodes and personal details is
    backed up, upgraded to the head, keeps its data and can store a history."""
    ep = make_episode("2026-03-01 08:15", hours=2, side="right", intensity=5)
    make_0002_diary(paths, [ep])
    con0 = sqlite3.connect(paths.database)
    try:
        con0.execute(
            "INSERT INTO personal_details (id, name, date_of_birth) VALUES "
            "(1, 'Ada Example', '1980-05-17')"
        )
        con0.commit()
    finally:
        con0.close()

    diary = open_diary(paths)
    try:
        con = sqlite3.connect(paths.database)
        try:
            version = con.execute("SELECT version_num FROM alembic_version").fetchone()
            assert version == (known_revisions()[0],)
            assert [r[1] for r in con.execute("PRAGMA table_info(history_event)")] == [
                "pk",
                "id",
                "event_date",
                "date_precision",
                "kind",
                "side",
                "structure",
                "title",
                "details",
                "outcome",
                "created_utc",
                "updated_utc",
            ]
        finally:
            con.close()
        assert list(paths.upgrade_backups.glob("diary-*before-upgrade-from-0002*.sqlite3"))
        with diary.session() as s:
            got = repository.get_episode(s, ep.id)
            assert got is not None and (got.side, got.intensity) == ("right", 5)
            assert get_personal_details(s) == PersonalDetails("Ada Example", date(1980, 5, 17))
            assert list_events(s) == []
            event = HistoryEvent(date=date(2026, 2, 1), kind="xray", date_precision="month")
            save_event(s, event)
            set_personal_details(s, PersonalDetails("Ada Example", date(1980, 5, 17)))
        with diary.session() as s:
            assert get_event(s, event.id) == event
    finally:
        diary.close()


def test_history_revision_follows_0002() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_revision("0003").down_revision == "0002"
    assert {"0001", "0002", "0003"} <= known_revisions()[1]
