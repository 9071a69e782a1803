"""Migration 0005 (check-ins): a diary made by schema 0002, with data, is backed up,
upgraded, keeps everything and takes check-ins."""

from __future__ import annotations

import sqlite3
from datetime import date

from headache_diary.domain.checkin import CheckIn
from headache_diary.paths import Paths
from headache_diary.storage import daily, repository
from headache_diary.storage.db import open_diary
from headache_diary.storage.files import read_schema_version
from headache_diary.storage.personal import PersonalDetails, get_personal_details
from headache_diary.storage.schema import alembic_config, known_revisions
from tests.support_storage import make_0002_diary


def _make_0002_diary_with_details(paths: Paths, episodes) -> None:
    """A diary at schema 0002 with ``episodes`` and personal details."""
    make_0002_diary(paths, episodes)
    con = sqlite3.connect(paths.database)
    try:
        con.execute(
            "INSERT INTO personal_details (id, name, date_of_birth) "
            "VALUES (1, 'Ada Example', '1980-05-17')"
        )
        con.commit()
    finally:
        con.close()


def test_check_ins_follow_the_recorded_answers_revision() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_revision("0005").down_revision == "0004"
    assert {"0002", "0004", "0005"} <= known_revisions()[1]


def test_a_0002_diary_with_data_is_upgraded_and_takes_check_ins(paths: Paths, make_episode):
    kept = [
        make_episode("2026-03-01 08:15", hours=2, side="right", intensity=5),
        make_episode("2026-03-02 23:00", hours=None, side="left"),
    ]
    _make_0002_diary_with_details(paths, kept)
    assert read_schema_version(paths.database) == "0002"

    diary = open_diary(paths)
    try:
        assert read_schema_version(paths.database) == known_revisions()[0]
        (backup,) = paths.upgrade_backups.glob("diary-*before-upgrade-from-0002*.sqlite3")
        con = sqlite3.connect(backup)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            assert "check_in" not in tables and "episode" in tables
        finally:
            con.close()
        with diary.session() as s:
            assert {e.id for e in repository.iter_episodes(s)} == {e.id for e in kept}
            assert [e.id for e in daily.ongoing_episodes(s)] == [kept[1].id]
            assert get_personal_details(s) == PersonalDetails("Ada Example", date(1980, 5, 17))
            assert daily.check_ins(s) == []
            daily.save_check_in(s, CheckIn(date(2026, 3, 5), True, 2, "fine"))
        with diary.read_session() as s:
            assert daily.check_ins(s) == [CheckIn(date(2026, 3, 5), True, 2, "fine")]
    finally:
        diary.close()


def test_the_database_refuses_impossible_check_ins(diary):
    con = sqlite3.connect(diary.paths.database)
    try:
        for values in ((2, None), (1, 11), (0, -1)):
            try:
                con.execute("INSERT INTO check_in VALUES ('2026-03-01', ?, ?, '', 0, 0)", values)
            except sqlite3.IntegrityError:
                continue
            raise AssertionError(f"accepted {values}")
    finally:
        con.close()
