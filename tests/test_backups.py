"""Backups: daily at the first start, thinned, pre-upgrade kept apart; listing; restore;
the `backup` and `restore BACKUP` commands. Real SQLite files throughout."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from headache_diary.app import main
from headache_diary.domain.errors import BackupError
from headache_diary.paths import Paths
from headache_diary.storage import backup, repository
from headache_diary.storage.backup import keep_indexes, list_backups, thin
from headache_diary.storage.changes import ChangeProbe
from headache_diary.storage.db import open_diary
from headache_diary.storage.files import read_schema_version
from headache_diary.storage.lock import acquire_instance_lock
from headache_diary.storage.restore import restore_backup
from headache_diary.storage.schema import known_revisions
from tests.support_storage import make_0001_diary


def _add(diary, make_episode, *starts: str) -> None:
    with diary.session() as s:
        repository.insert_episodes(s, [make_episode(t) for t in starts])


def _count(path: Path) -> int:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM episode").fetchone()[0]
    finally:
        con.close()


# --- thinning -----------------------------------------------------------------------


def test_thinning_rule_keeps_7_days_4_weeks_12_months() -> None:
    """A daily backup every day for 15 months, today Wednesday 2026-03-18."""
    today = date(2026, 3, 18)
    days = [today - timedelta(days=i) for i in range(450)]
    created = [datetime(d.year, d.month, d.day, 9, 0) for d in days]
    kept = sorted(created[i].date().isoformat() for i in keep_indexes(created))
    daily = [f"2026-03-{d}" for d in range(12, 19)]  # the 7 newest days
    weekly = ["2026-03-01", "2026-03-08", "2026-03-15"]  # newest of the 3 earlier ISO weeks
    monthly = [  # newest of each of the 11 earlier months (March is 2026-03-18)
        "2025-04-30",
        "2025-05-31",
        "2025-06-30",
        "2025-07-31",
        "2025-08-31",
        "2025-09-30",
        "2025-10-31",
        "2025-11-30",
        "2025-12-31",
        "2026-01-31",
        "2026-02-28",
    ]
    assert kept == sorted(set(daily + weekly + monthly))
    assert len(kept) == 20


def test_thinning_keeps_the_newest_of_a_day_and_survives_long_breaks() -> None:
    created = [
        datetime(2026, 3, 18, 9, 0),
        datetime(2026, 3, 18, 18, 0),  # two on one day: only the newer one stays
        datetime(2025, 6, 1, 9, 0),  # a year-long break: old ones are still kept
        datetime(2024, 12, 1, 9, 0),
    ]
    assert keep_indexes(created) == {1, 2, 3}
    assert keep_indexes([]) == set()


def _touch(folder: Path, when: datetime, kind: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"diary-{when:%Y%m%d-%H%M%S-%f}-{kind}.sqlite3"
    path.write_bytes(b"")
    return path


def test_thin_deletes_only_daily_backups(paths: Paths) -> None:
    start = datetime(2026, 1, 1, 8, 0)
    daily = [_touch(paths.backups, start + timedelta(days=i), "daily") for i in range(60)]
    manual = _touch(paths.backups, start + timedelta(days=3, hours=2), "manual")
    restore = _touch(paths.backups, start + timedelta(days=4, hours=2), "before-restore")
    upgrade = _touch(paths.upgrade_backups, start, "before-upgrade-from-0001")
    legacy = _touch(paths.backups, start, "before-upgrade-from-0001")  # old location
    other = paths.backups / "my notes.txt"
    other.write_text("not a backup")
    deleted = thin(paths.backups)
    survivors = set(paths.backups.iterdir())
    assert {manual, restore, legacy, other, paths.upgrade_backups} <= survivors
    assert upgrade.exists()
    kept_daily = sorted(p for p in daily if p in survivors)
    assert len(kept_daily) == len(daily) - len(deleted)
    assert kept_daily[-7:] == daily[-7:]
    assert len(kept_daily) == len(keep_indexes([start + timedelta(days=i) for i in range(60)]))


def test_daily_backups_over_three_weeks_are_thinned(paths, diary, make_episode) -> None:
    _add(diary, make_episode, "2026-03-01 08:00")
    first = datetime(2026, 3, 1, 9, 0)
    for i in range(22):
        made = backup.ensure_daily_backup(paths, now=first + timedelta(days=i))
        assert made is not None
    names = sorted(p.name for p in paths.backups.glob("*-daily.sqlite3"))
    # the 7 newest days (Mar 16-22) and the newest of each earlier ISO week: Sundays
    # Mar 15, Mar 8 and Mar 1 (the month rule keeps Mar 22, already kept)
    assert [n[6:14] for n in names] == [
        "20260301",
        "20260308",
        "20260315",
        *[f"202603{d}" for d in range(16, 23)],
    ]


def test_open_makes_the_daily_backup_of_an_existing_diary_only(paths, make_episode) -> None:
    new = open_diary(paths)
    _add(new, make_episode, "2026-03-01 08:00")
    new.close()
    assert not paths.backups.exists()  # a brand-new diary has nothing to back up
    again = open_diary(paths)
    again.close()
    made = list(paths.backups.glob("*-daily.sqlite3"))
    assert len(made) == 1 and _count(made[0]) == 1
    open_diary(paths).close()
    assert list(paths.backups.glob("*-daily.sqlite3")) == made  # once a day


def test_a_failing_daily_backup_does_not_stop_the_diary_from_opening(paths, make_episode):
    d = open_diary(paths)
    _add(d, make_episode, "2026-03-01 08:00")
    d.close()
    paths.backups.write_text("a file where the backups folder should be")
    d = open_diary(paths)
    try:
        with d.read_session() as s:
            assert repository.count_episodes(s) == 1
    finally:
        d.close()


# --- listing ------------------------------------------------------------------------


def test_list_backups_with_date_kind_and_episode_count(paths, diary, make_episode) -> None:
    _add(diary, make_episode, "2026-03-01 08:00")
    daily = backup.ensure_daily_backup(paths, now=datetime(2026, 3, 1, 9, 0))
    _add(diary, make_episode, "2026-03-02 08:00")
    manual = backup.make_backup(paths)
    upgrade = backup.backup_database(
        paths.database, paths.upgrade_backups, kind="before-upgrade-from-0001"
    )
    broken = _touch(paths.backups, datetime(2026, 2, 1), "manual")
    broken.write_bytes(b"garbage" * 100)

    found = list_backups(paths)
    assert [b.path for b in found] == [upgrade, manual, daily, broken]  # newest first
    assert [b.kind for b in found] == ["before-upgrade", "manual", "daily", "manual"]
    assert [b.episodes for b in found] == [2, 2, 1, None]
    assert found[0].upgraded_from == "0001" and found[1].upgraded_from is None
    assert found[0].schema_version == read_schema_version(paths.database)
    assert found[2].created == datetime(2026, 3, 1, 9, 0).astimezone()
    assert found[2].created.tzinfo is not None
    # listing reads the files immutably: nothing appears beside them
    assert not [p for p in paths.backups.rglob("*") if p.name.endswith(("-wal", "-shm"))]


# --- restore ------------------------------------------------------------------------


def test_restore_keeps_the_current_diary_and_checks_the_result(paths, diary, make_episode):
    _add(diary, make_episode, "2026-03-01 08:00", "2026-03-02 08:00")
    saved = backup.make_backup(paths)
    _add(diary, make_episode, "2026-03-03 08:00")
    probe = ChangeProbe(paths.database)
    diary.close()  # the engine is disposed before a restore

    done = restore_backup(paths, saved)
    assert done.episodes == 2 and done.restored_from == saved and done.moved_aside == []
    assert done.kept_as is not None and done.kept_as.name.endswith("-before-restore.sqlite3")
    assert _count(done.kept_as) == 3
    assert _count(paths.database) == 2
    assert probe.changed() is True  # an open window would reload
    probe.close()
    for suffix in ("", "-wal", "-shm"):
        f = Path(f"{paths.database}{suffix}")
        assert not f.exists() or os.stat(f).st_mode & 0o777 == 0o600
    again = open_diary(paths)
    try:
        with again.session() as s:
            assert repository.count_episodes(s) == 2
            repository.save_episode(s, make_episode("2026-03-04 08:00"))
    finally:
        again.close()
    # and back: the before-restore copy restores like any backup
    restore_backup(paths, done.kept_as)
    assert _count(paths.database) == 3


def _variant(paths: Paths, source: Path, name: str, *sql: str) -> Path:
    target = paths.data_dir.parent / name
    con = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        con.backup(dst)
        for statement in sql:
            dst.execute(statement)
        dst.commit()
    finally:
        dst.close()
        con.close()
    return target


@pytest.mark.parametrize(
    ("name", "sql", "reason"),
    [
        ("newer.sqlite3", ["UPDATE alembic_version SET version_num='9999'"], "newer version"),
        (
            "mismatch.sqlite3",
            ["ALTER TABLE episode DROP COLUMN symptom_bits"],
            "column episode.symptom_bits is missing",
        ),
        ("foreign.sqlite3", ["DROP TABLE alembic_version"], "not a Headache Diary"),
        ("empty.sqlite3", [], "empty"),
        ("garbage.sqlite3", [], "damaged or not a database"),
        ("truncated.sqlite3", [], "damaged or not a database"),
    ],
)
def test_restore_refuses_a_bad_backup_and_changes_nothing(
    paths, diary, make_episode, name, sql, reason
):
    _add(diary, make_episode, *[f"2026-03-{d:02d} 08:00" for d in range(1, 29)])
    diary.close()
    good = backup.make_backup(paths)
    bad = _variant(paths, good, name, *sql)
    if name == "empty.sqlite3":
        bad.write_bytes(b"")
    elif name == "garbage.sqlite3":
        bad.write_bytes(os.urandom(8192))
    elif name == "truncated.sqlite3":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    before = paths.database.read_bytes()
    listing = sorted(paths.backups.iterdir())
    with pytest.raises(BackupError, match=reason):
        restore_backup(paths, bad)
    assert paths.database.read_bytes() == before
    assert sorted(paths.backups.iterdir()) == listing  # not even a before-restore copy


def test_restore_of_an_older_schema_is_upgraded_at_the_next_open(paths, make_episode):
    ep = make_episode("2026-03-01 08:15", side="right")
    old = Paths(paths.data_dir.parent / "old")
    make_0001_diary(old, ep)
    open_diary(paths).close()
    done = restore_backup(paths, old.database)
    assert done.schema_version == "0001" and done.episodes == 1
    d = open_diary(paths)
    try:
        assert read_schema_version(paths.database) == known_revisions()[0]  # the head
        assert len(list(paths.upgrade_backups.glob("*-before-upgrade-from-0001.sqlite3"))) == 1
        with d.read_session() as s:
            assert repository.get_episode(s, ep.id).side == "right"  # type: ignore[union-attr]
    finally:
        d.close()


def test_restore_of_a_backup_with_another_page_size(paths, diary, make_episode):
    _add(diary, make_episode, "2026-03-01 08:00", "2026-03-02 08:00")
    diary.close()
    odd = _variant(paths, paths.database, "odd.sqlite3", "PRAGMA journal_mode=DELETE")
    con = sqlite3.connect(odd)
    con.execute("PRAGMA page_size=8192")
    con.execute("VACUUM")
    con.close()
    d = open_diary(paths)  # the diary has 4096-byte pages and is in WAL mode
    _add(d, make_episode, "2026-03-03 08:00")
    d.close()
    done = restore_backup(paths, odd)
    assert done.episodes == 2
    con = sqlite3.connect(paths.database)
    try:
        assert con.execute("PRAGMA page_size").fetchone()[0] == 8192
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        con.close()


def test_restore_onto_a_new_computer(paths, diary, make_episode, tmp_path):
    """Copy one backup file over, restore it into an empty data folder."""
    _add(diary, make_episode, "2026-03-01 08:00")
    carried = tmp_path / "usb-stick.sqlite3"
    carried.write_bytes(backup.make_backup(paths).read_bytes())
    fresh = Paths(tmp_path / "new-computer")
    done = restore_backup(fresh, carried)
    assert done.kept_as is None and done.episodes == 1
    assert os.stat(fresh.data_dir).st_mode & 0o777 == 0o700
    d = open_diary(fresh)
    d.close()
    assert _count(fresh.database) == 1


# --- the commands ---------------------------------------------------------------------


def test_backup_and_restore_commands(capsys, paths, diary, make_episode):
    data = str(paths.data_dir)
    _add(diary, make_episode, "2026-03-01 08:00")
    assert main(["backup", "--data-dir", data]) == 0
    out = capsys.readouterr().out
    made = Path(out.strip().removeprefix("backed up the diary to "))
    assert made.parent == paths.backups and made.name.endswith("-manual.sqlite3")
    _add(diary, make_episode, "2026-03-02 08:00")

    with acquire_instance_lock(paths):  # the window is open: restore waits for it to close
        assert main(["restore", str(made), "--data-dir", data]) == 1
    err = capsys.readouterr().err
    assert err.startswith("headache-diary: error: ") and "already open" in err
    assert _count(paths.database) == 2

    diary.close()
    assert main(["--data-dir", data, "restore", str(made)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"kept the previous diary as {paths.backups}")
    assert out[1] == f"restored 1 episode from {made}"
    assert _count(paths.database) == 1
    assert not paths.instance_lock.read_bytes()  # released, holder line cleared

    assert main(["restore", str(paths.data_dir / "nope.sqlite3"), "--data-dir", data]) == 1
    assert "There is no backup file" in capsys.readouterr().err


def test_backup_command_without_a_diary(capsys, tmp_path):
    assert main(["backup", "--data-dir", str(tmp_path / "none")]) == 1
    assert "There is no diary" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()
