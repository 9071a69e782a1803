"""Storage: creating, reopening, refusing and upgrading real SQLite diaries."""

from __future__ import annotations

import os
import sqlite3
from datetime import timedelta

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from headache_diary.domain.episode import Medication
from headache_diary.domain.errors import NewerSchemaError, StorageError
from headache_diary.storage import backup, repository
from headache_diary.storage.db import open_diary
from headache_diary.storage.models import Base
from headache_diary.storage.schema import alembic_config, known_revisions


def test_new_diary_is_created_private_and_stamped(paths, diary):
    assert paths.database.exists()
    assert os.stat(paths.data_dir).st_mode & 0o777 == 0o700
    assert os.stat(paths.database).st_mode & 0o777 == 0o600
    con = sqlite3.connect(paths.database)
    try:
        assert (
            con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            == (known_revisions()[0])
        )
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        con.close()


def test_connection_settings(diary):
    with diary.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_empty_file_is_migrated(paths):
    paths.data_dir.mkdir(parents=True)
    paths.database.write_bytes(b"")
    d = open_diary(paths)
    try:
        with d.session() as s:
            assert repository.count_episodes(s) == 0
    finally:
        d.close()


def test_episode_survives_reopen(paths, diary, make_episode):
    ep = make_episode(
        "2026-03-01 08:15",
        hours=2.5,
        side="right",
        intensity=6,
        character="pressing",
        triggers=["sustained_posture", "neck_movement"],
        trigger_note="=looked up at a shelf",
        neck_position="looking_up",
        pain_origin="neck",
        pain_locations=["temple", "occiput"],
        symptoms=["neck_stiffness"],
        medications=[
            Medication("Ibuprofen 400 mg", "nsaid", "good"),
            Medication("Paracetamol", "simple_analgesic", "some", None),
        ],
        notes="after a long drive",
    )
    with diary.session() as s:
        repository.save_episode(s, ep)
    diary.close()
    again = open_diary(paths)
    try:
        with again.session() as s:
            loaded = repository.get_episode(s, ep.id)
        assert loaded == ep.normalized()
        assert [m.name for m in loaded.medications] == ["Ibuprofen 400 mg", "Paracetamol"]
    finally:
        again.close()


def test_wall_clock_survives_dst_and_travel(diary, make_episode):
    # recorded in Berlin in winter; shown in Berlin wall-clock time whatever the season
    ep = make_episode("2026-01-10 23:30", hours=1, zone="Europe/Berlin")
    trip = make_episode("2026-07-01 09:00", hours=1, zone="America/New_York", side="right")
    with diary.session() as s:
        repository.save_episode(s, ep)
        repository.save_episode(s, trip)
    with diary.session() as s:
        a = repository.get_episode(s, ep.id)
        b = repository.get_episode(s, trip.id)
    assert (a.started_at.hour, a.started_at.minute) == (23, 30)
    assert a.ended_at.date().isoformat() == "2026-01-11"
    assert b.started_at.hour == 9 and b.time_zone == "America/New_York"


def test_local_dates_are_stored(diary, make_episode):
    ep = make_episode("2026-03-01 23:00", hours=2)  # over midnight
    ongoing = make_episode("2026-03-05 10:00", hours=None)
    to_midnight = make_episode("2026-03-07 22:00", hours=2)  # ends 00:00 exactly
    with diary.session() as s:
        for e in (ep, ongoing, to_midnight):
            repository.save_episode(s, e)
    con = sqlite3.connect(diary.paths.database)
    try:
        rows = dict(
            ((r[0]), (r[1], r[2]))
            for r in con.execute("SELECT id, start_local_date, end_local_date FROM episode")
        )
    finally:
        con.close()
    assert rows[ep.id] == ("2026-03-01", "2026-03-02")
    assert rows[ongoing.id] == ("2026-03-05", None)
    assert rows[to_midnight.id] == ("2026-03-07", "2026-03-07")


def test_edit_replaces_children_and_delete_cascades(diary, make_episode):
    ep = make_episode("2026-03-01 08:00", triggers=["stress"], symptoms=["nausea"])
    ep.medications = [Medication("A", "nsaid", "none")]
    with diary.session() as s:
        repository.save_episode(s, ep)
    ep.triggers = ["neck_pressure"]
    ep.medications = []
    ep.ended_at = ep.started_at + timedelta(hours=3)
    with diary.session() as s:
        repository.save_episode(s, ep)
    with diary.session() as s:
        got = repository.get_episode(s, ep.id)
        assert got.triggers == ["neck_pressure"] and got.medications == []
        assert got.duration == timedelta(hours=3)
        removed = repository.delete_episode(s, ep.id)
    assert removed is not None and removed.triggers == ["neck_pressure"]
    con = sqlite3.connect(diary.paths.database)
    try:
        for table in ("episode", "episode_trigger", "episode_symptom", "medication"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    finally:
        con.close()


def test_newer_schema_is_refused_untouched(paths):
    paths.data_dir.mkdir(parents=True)
    con = sqlite3.connect(paths.database)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    con.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    con.execute("CREATE TABLE episode (id TEXT)")
    con.commit()
    con.close()
    before = paths.database.read_bytes()
    with pytest.raises(NewerSchemaError, match="newer version"):
        open_diary(paths)
    assert paths.database.read_bytes() == before


def test_foreign_database_and_garbage_are_refused_untouched(paths):
    paths.data_dir.mkdir(parents=True)
    paths.database.write_bytes(b"this is not a database at all" * 100)
    before = paths.database.read_bytes()
    with pytest.raises(StorageError, match="left untouched"):
        open_diary(paths)
    assert paths.database.read_bytes() == before
    paths.database.unlink()
    con = sqlite3.connect(paths.database)
    con.execute("CREATE TABLE other (x)")
    con.commit()
    con.close()
    with pytest.raises(StorageError, match="not a Headache Diary"):
        open_diary(paths)


def test_known_revisions_agree_with_alembic():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head, known = known_revisions()
    assert head == script.get_current_head()
    assert known == {rev.revision for rev in script.walk_revisions()}


def test_migrations_match_models(tmp_path):
    """Upgrading an empty database through every migration gives the models' schema."""
    engine = create_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_backup_uses_sqlite_and_is_one_checked_file(diary, make_episode, tmp_path):
    with diary.session() as s:
        repository.save_episode(s, make_episode("2026-03-01 08:00"))
    folder = tmp_path / "bk"
    made = [backup.backup_database(diary.paths.database, folder) for _ in range(3)]
    assert len(set(made)) == 3
    assert all(os.stat(p).st_mode & 0o777 == 0o600 for p in made)
    con = sqlite3.connect(made[-1])
    try:
        assert con.execute("SELECT count(*) FROM episode").fetchone()[0] == 1
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # a rollback-journal file: a backup is one file, never with a -wal beside it
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        con.close()
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in made)


def test_daily_backup_once_a_day(diary, make_episode):
    from datetime import datetime

    with diary.session() as s:
        repository.save_episode(s, make_episode("2026-03-01 08:00"))
    paths = diary.paths
    first = backup.ensure_daily_backup(paths, now=datetime(2026, 3, 1, 8, 0))
    assert first is not None and first.exists() and first.parent == paths.backups
    assert backup.ensure_daily_backup(paths, now=datetime(2026, 3, 1, 23, 59)) is None
    second = backup.ensure_daily_backup(paths, now=datetime(2026, 3, 2, 0, 1))
    assert second is not None and second != first
    assert sorted(paths.backups.glob("*.sqlite3")) == [first, second]


def test_list_position_matches_list_order(diary, make_episode):
    eps = [
        make_episode("2026-03-01 08:00", side="left"),
        make_episode("2026-03-01 08:00", side="right"),
        make_episode("2026-03-02 08:00"),
        make_episode("2026-02-27 08:00"),
    ]
    with diary.session() as s:
        repository.insert_episodes(s, eps)
        shown = [item.id for item in repository.list_page(s, 0, 10)]
        by_start = sorted(eps, key=lambda e: (-e.started_at.timestamp(), e.side, e.id))
        assert shown == [e.id for e in by_start]
        assert [repository.list_position(s, i) for i in shown] == [0, 1, 2, 3]
        assert repository.list_position(s, "no-such-id") is None


def test_end_date_is_the_last_second_as_an_instant(diary):
    """Santiago's clocks jump from 00:00 to 01:00 on 6 Sep 2026: an episode ending at that
    01:00 (the first instant of the 6th) was last in progress on the 5th."""
    from datetime import datetime

    from headache_diary.domain.episode import Episode
    from headache_diary.domain.timeutil import zone_for

    zone = zone_for("America/Santiago")
    ep = Episode(
        started_at=datetime(2026, 9, 5, 22, 0, tzinfo=zone),
        ended_at=datetime(2026, 9, 6, 1, 0, tzinfo=zone),
        side="left",
        time_zone="America/Santiago",
    )
    with diary.session() as s:
        repository.save_episode(s, ep)
    con = sqlite3.connect(diary.paths.database)
    try:
        row = con.execute("SELECT start_local_date, end_local_date FROM episode").fetchone()
    finally:
        con.close()
    assert row == ("2026-09-05", "2026-09-05")


def _damaged_diary(paths, make_episode) -> bytes:
    """A diary whose first pages are fine but whose middle pages are overwritten."""
    d = open_diary(paths)
    eps = [
        make_episode(f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:00", notes="x" * 200)
        for i in range(600)
    ]
    with d.session() as s:
        repository.insert_episodes(s, eps)
    d.close()  # checkpoints the WAL into the file
    data = bytearray(paths.database.read_bytes())
    page = 4096
    assert len(data) > 40 * page
    middle = len(data) // page // 2  # episode rows, far from the schema's root pages
    for n in range(middle, middle + 5):
        data[n * page : (n + 1) * page] = bytes([0x5A]) * page
    paths.database.write_bytes(bytes(data))
    return bytes(data)


def test_damaged_diary_is_refused_untouched(paths, make_episode):
    damaged = _damaged_diary(paths, make_episode)
    with pytest.raises(StorageError, match="is damaged .* left untouched.*backup"):
        open_diary(paths)
    assert paths.database.read_bytes() == damaged


def test_damaged_diary_never_becomes_a_backup(paths, make_episode):
    """Nor does its backup attempt thin the good backups away."""
    from datetime import datetime

    paths.backups.mkdir(parents=True)
    good = [
        paths.backups / f"diary-202501{day:02d}-000000-000000-daily.sqlite3" for day in range(1, 11)
    ]
    for p in good:
        p.write_bytes(b"an older, good backup")
    _damaged_diary(paths, make_episode)
    with pytest.raises(StorageError, match="integrity check"):
        backup.ensure_daily_backup(paths, now=datetime(2026, 3, 1, 8, 0))
    assert sorted(paths.backups.iterdir()) == good


def test_version_table_without_a_version_is_refused(paths):
    paths.data_dir.mkdir(parents=True)
    con = sqlite3.connect(paths.database)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    con.execute("CREATE TABLE episode (id TEXT)")
    con.commit()
    con.close()
    before = paths.database.read_bytes()
    with pytest.raises(StorageError, match="no schema version"):
        open_diary(paths)
    assert paths.database.read_bytes() == before
