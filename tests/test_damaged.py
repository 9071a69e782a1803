"""A damaged or non-SQLite diary is never overwritten: refused untouched with the command
that restores the newest good backup; with consent moved aside with its -wal and -shm."""

from __future__ import annotations

import os
import shlex
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from headache_diary.app import main
from headache_diary.domain.errors import DamagedDiaryError
from headache_diary.paths import Paths
from headache_diary.storage import backup, repository
from headache_diary.storage.db import open_diary
from headache_diary.storage.restore import move_aside, newest_good_backup, restore_backup


def _damage(data: bytes, how: str) -> bytes:
    if how == "truncated":
        return data[: len(data) // 2]
    if how == "truncated-header":
        return data[:60]
    if how == "zeroed-header":
        return bytes(100) + data[100:]
    if how == "garbage":
        return os.urandom(len(data))
    raise AssertionError(how)


@pytest.fixture
def history(paths: Paths, make_episode) -> dict[str, Path]:
    """A diary of 300 episodes with an older good backup, a newer good one, and a newest
    backup file that is itself damaged."""
    d = open_diary(paths)
    with d.session() as s:
        repository.insert_episodes(
            s, [make_episode(f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} 08:00") for i in range(300)]
        )
    older = backup.backup_database(paths.database, paths.backups, now=datetime(2026, 3, 1))
    newer = backup.backup_database(paths.database, paths.backups, now=datetime(2026, 3, 2))
    broken = backup.backup_database(paths.database, paths.backups, now=datetime(2026, 3, 3))
    broken.write_bytes(_damage(broken.read_bytes(), "truncated"))
    d.close()
    return {"older": older, "newer": newer, "broken": broken}


@pytest.mark.parametrize("how", ["truncated", "truncated-header", "zeroed-header", "garbage"])
def test_damaged_diary_is_refused_untouched_naming_the_newest_good_backup(paths, history, how):
    paths.database.write_bytes(_damage(paths.database.read_bytes(), how))
    before = paths.database.read_bytes()
    with pytest.raises(DamagedDiaryError) as err:
        open_diary(paths)
    assert paths.database.read_bytes() == before
    assert err.value.path == paths.database
    assert err.value.backup == history["newer"]  # the newest one that passes its checks
    message = str(err.value)
    assert "left untouched" in message and "300 episodes" in message
    command = f"headache-diary --data-dir {paths.data_dir} restore {history['newer']}"
    assert command in message
    good = newest_good_backup(paths)
    assert good is not None and good.path == history["newer"] and good.episodes == 300


def test_without_a_good_backup_the_message_says_how_to_start_afresh(paths, history):
    for p in history.values():
        p.write_bytes(b"garbage")
    paths.database.write_bytes(b"garbage" * 1000)
    with pytest.raises(DamagedDiaryError, match="no good backup.*move diary.sqlite3") as err:
        open_diary(paths)
    assert err.value.backup is None


def test_move_aside_takes_the_wal_and_shm_along(paths, history):
    damaged = _damage(paths.database.read_bytes(), "zeroed-header")
    paths.database.write_bytes(damaged)
    Path(f"{paths.database}-wal").write_bytes(b"wal bytes")
    Path(f"{paths.database}-shm").write_bytes(b"shm bytes")
    moved = move_aside(paths, now=datetime(2026, 3, 4, 10, 30, 0))
    base = paths.data_dir / "diary.sqlite3.damaged-20260304-103000"
    assert moved == [base, Path(f"{base}-wal"), Path(f"{base}-shm")]
    assert base.read_bytes() == damaged
    assert Path(f"{base}-wal").read_bytes() == b"wal bytes"
    assert not any(Path(f"{paths.database}{s}").exists() for s in ("", "-wal", "-shm"))
    # a second move in the same second never overwrites the first
    paths.database.write_bytes(b"another bad file")
    again = move_aside(paths, now=datetime(2026, 3, 4, 10, 30, 0))
    assert again == [paths.data_dir / "diary.sqlite3.damaged-20260304-103000-2"]
    assert base.read_bytes() == damaged


def test_restore_refuses_to_overwrite_a_damaged_diary_without_consent(paths, history):
    paths.database.write_bytes(_damage(paths.database.read_bytes(), "garbage"))
    before = paths.database.read_bytes()
    with pytest.raises(DamagedDiaryError, match="moved aside"):
        restore_backup(paths, history["newer"])
    assert paths.database.read_bytes() == before
    done = restore_backup(paths, history["newer"], move_damaged_aside=True)
    assert done.kept_as is None and len(done.moved_aside) == 1
    assert done.moved_aside[0].read_bytes() == before
    d = open_diary(paths)
    try:
        with d.read_session() as s:
            assert repository.count_episodes(s) == 300
    finally:
        d.close()


def test_the_command_in_the_message_repairs_the_diary(capsys, paths, history):
    """What a command-line user sees, and doing exactly what it says."""
    data = str(paths.data_dir)
    paths.database.write_bytes(_damage(paths.database.read_bytes(), "truncated"))
    damaged = paths.database.read_bytes()
    assert main(["summary", "--data-dir", data]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("headache-diary: error: The diary ")
    assert "(the damaged file is then kept beside it as diary.sqlite3.damaged-" in err
    command = err.split("run: ", 1)[1].split(" (the damaged file", 1)[0]
    argv = shlex.split(command)
    assert argv[0] == "headache-diary"
    assert main(argv[1:]) == 0
    out = capsys.readouterr().out
    assert "moved the damaged diary aside" in out and "restored 300 episodes" in out
    aside = list(paths.data_dir.glob("diary.sqlite3.damaged-*"))
    assert [p.read_bytes() for p in aside if not p.name.endswith(("-wal", "-shm"))] == [damaged]
    assert main(["summary", "--json", "--data-dir", data]) == 0
    assert '"episodes": 300' in capsys.readouterr().out


def test_a_sqlite_file_that_is_not_a_diary_is_refused_untouched(paths, history):
    paths.database.unlink()
    con = sqlite3.connect(paths.database)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.commit()
    con.close()
    before = paths.database.read_bytes()
    with pytest.raises(DamagedDiaryError, match="not a Headache Diary.*restore"):
        open_diary(paths)
    assert paths.database.read_bytes() == before


@pytest.mark.parametrize("command", [["summary"], ["export", "out.csv"], ["report", "out.pdf"]])
def test_a_truncated_diary_fails_a_reading_command_cleanly_and_stays_untouched(
    paths, history, command, tmp_path, capsys, qapp
):
    """Reading commands open without the page-by-page quick check (storage.db.open_diary):
    a damaged page still ends the command with a one-line error, and nothing is written."""
    paths.database.write_bytes(_damage(paths.database.read_bytes(), "truncated"))
    before = paths.database.read_bytes()
    argv = [c if not c.startswith("out.") else str(tmp_path / c) for c in command]
    status = main([*argv, "--data-dir", str(paths.data_dir)])
    err = capsys.readouterr().err
    assert status in (1, 2) and err.startswith("headache-diary: error: ")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert paths.database.read_bytes() == before
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "out.pdf").exists()


def test_a_writing_command_is_refused_before_it_writes(paths, history, capsys):
    """The quick check that reading commands leave out still guards every writer."""
    paths.database.write_bytes(_damage(paths.database.read_bytes(), "truncated"))
    before = paths.database.read_bytes()
    status = main(["log", "--side", "left", "--data-dir", str(paths.data_dir)])
    err = capsys.readouterr().err
    assert status == 2 and "left untouched" in err and str(history["newer"]) in err
    assert paths.database.read_bytes() == before
