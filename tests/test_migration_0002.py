"""Migration 0002 (personal details): an 0001 diary is backed up, upgraded, and keeps its data."""

from __future__ import annotations

import sqlite3
from datetime import date

from alembic import command
from sqlalchemy import create_engine

from headache_diary.paths import Paths, ensure_private_dir
from headache_diary.storage import repository
from headache_diary.storage.db import open_diary
from headache_diary.storage.files import read_schema_version
from headache_diary.storage.personal import (
    PersonalDetails,
    get_personal_details,
    set_personal_details,
)
from headache_diary.storage.schema import alembic_config, known_revisions
from tests.support_storage import make_0001_diary


def test_0002_is_in_the_chain() -> None:
    _head, known = known_revisions()
    assert {"0001", "0002"} <= known


def test_0001_diary_is_backed_up_and_upgraded(paths: Paths, make_episode) -> None:
    ep = make_episode("2026-03-01 08:15", hours=2, side="right", intensity=5)
    make_0001_diary(paths, ep)
    assert read_schema_version(paths.database) == "0001"

    diary = open_diary(paths)
    try:
        assert read_schema_version(paths.database) == known_revisions()[0]  # the head
        backups = list(paths.upgrade_backups.glob("diary-*before-upgrade-from-0001*.sqlite3"))
        assert len(backups) == 1
        con = sqlite3.connect(backups[0])
        try:
            assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        finally:
            con.close()
        with diary.session() as s:
            got = repository.get_episode(s, ep.id)
            assert got is not None and got.side == "right" and got.intensity == 5
            assert get_personal_details(s) == PersonalDetails()
            set_personal_details(s, PersonalDetails("Ada Example", date(1980, 5, 17)))
        with diary.session() as s:
            assert get_personal_details(s) == PersonalDetails("Ada Example", date(1980, 5, 17))
    finally:
        diary.close()


def test_new_diary_has_the_table_and_same_schema_as_upgraded(paths: Paths, tmp_path) -> None:
    """create_all (new diary) and the migration must give the same columns."""
    new = open_diary(paths)
    new.close()
    other = Paths(tmp_path / "other")
    ensure_private_dir(other.data_dir)
    engine = create_engine(f"sqlite:///{other.database}")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    engine.dispose()

    def columns(db) -> list[tuple]:
        con = sqlite3.connect(db)
        try:
            return [r[1:4] for r in con.execute("PRAGMA table_info(personal_details)")]
        finally:
            con.close()

    assert columns(paths.database) == columns(other.database)
    assert [c[0] for c in columns(paths.database)] == ["id", "name", "date_of_birth"]
