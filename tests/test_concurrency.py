"""Several writers on one diary: BEGIN IMMEDIATE, busy timeout, read sessions, change probe."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from headache_diary.app import main
from headache_diary.domain.errors import DiaryBusyError, StorageError
from headache_diary.paths import Paths
from headache_diary.storage import repository
from headache_diary.storage.changes import ChangeProbe
from headache_diary.storage.db import open_diary
from headache_diary.storage.lock import acquire_instance_lock


def _count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM episode").fetchone()[0]
    finally:
        con.close()


def test_deferred_read_then_write_fails_with_busy_snapshot(diary) -> None:
    """The hazard the write sessions avoid, shown on plain connections with plain BEGIN:
    a transaction that read before another connection committed cannot write."""
    a = sqlite3.connect(diary.paths.database, isolation_level=None, timeout=0.2)
    b = sqlite3.connect(diary.paths.database, isolation_level=None, timeout=0.2)
    try:
        a.execute("BEGIN")
        a.execute("SELECT count(*) FROM episode").fetchone()
        b.execute("DELETE FROM personal_details")  # b commits (autocommit)
        with pytest.raises(sqlite3.OperationalError) as err:
            a.execute("DELETE FROM personal_details")
        assert err.value.sqlite_errorcode == 517  # SQLITE_BUSY_SNAPSHOT
        a.execute("ROLLBACK")
    finally:
        a.close()
        b.close()


def test_two_read_then_write_units_of_work_both_succeed(paths: Paths, make_episode) -> None:
    """The same interleaving through Diary.session(): the second writer waits for the
    first (BEGIN IMMEDIATE + busy timeout) instead of failing. a writes only once b has
    sent its BEGIN IMMEDIATE (a signal from b's engine, not a sleep), so b's BEGIN meets
    a's open transaction."""
    from sqlalchemy import event

    first = open_diary(paths)
    second = open_diary(paths)  # its own engine and connection, like another process
    a_has_read = threading.Event()
    b_begins = threading.Event()
    order: list[str] = []
    errors: list[BaseException] = []

    @event.listens_for(second.engine, "before_cursor_execute")
    def _begin(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("BEGIN IMMEDIATE"):
            b_begins.set()

    def writer_a() -> None:
        try:
            with first.session() as s:
                repository.count_episodes(s)
                a_has_read.set()
                assert b_begins.wait(5)  # b tries to write meanwhile
                repository.save_episode(s, make_episode("2026-03-01 08:00"))
            order.append("a")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def writer_b() -> None:
        try:
            assert a_has_read.wait(5)
            with second.session() as s:
                repository.count_episodes(s)
                repository.save_episode(s, make_episode("2026-03-02 08:00"))
            order.append("b")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
    finally:
        first.close()
        second.close()
    assert errors == []
    assert order == ["a", "b"]  # b waited for a's commit
    assert _count(paths.database) == 2


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta
    from pathlib import Path
    from headache_diary.domain.episode import Episode
    from headache_diary.domain.timeutil import zone_for
    from headache_diary.paths import Paths
    from headache_diary.storage import repository
    from headache_diary.storage.db import open_diary

    data, n, day = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    diary = open_diary(Paths(data), daily_backup=False)
    print("ready", flush=True)  # then wait for the word to start, both at once
    assert sys.stdin.readline() == "go\\n"
    zone = zone_for("Europe/Berlin")
    for i in range(n):
        start = datetime(2026, 3, day, tzinfo=zone) + timedelta(minutes=i)
        ep = Episode(started_at=start, ended_at=start + timedelta(minutes=1), side="left",
                     time_zone="Europe/Berlin", notes=f"writer {day}")
        with diary.session() as s:  # read (existing id?) then write, one unit each
            repository.save_episode(s, ep)
    diary.close()
    """
)


def test_two_processes_writing_at_once_both_succeed(paths: Paths, diary) -> None:
    n = 40
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(paths.data_dir), str(n), str(day)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for day in (1, 2)
    ]
    try:
        for p in procs:  # both have opened the diary
            assert p.stdout is not None and p.stdout.readline() == "ready\n"
        results = [p.communicate("go\n", timeout=60) for p in procs]
    finally:
        for p in procs:
            p.kill()
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in results]
    assert _count(paths.database) == 2 * n


def test_read_session_is_read_only_and_never_blocks_a_writer(paths, diary, make_episode):
    other = open_diary(paths, busy_timeout_ms=100)
    try:
        with diary.read_session() as r:
            assert repository.count_episodes(r) == 0
            # a reader in the middle of its snapshot: a writer still gets through at once
            with other.session() as w:
                repository.save_episode(w, make_episode("2026-03-01 08:00"))
            assert repository.count_episodes(r) == 0  # its snapshot is consistent
        with diary.read_session() as r:
            assert repository.count_episodes(r) == 1
        with pytest.raises(StorageError, match="read-only"), diary.read_session() as r:
            repository.save_episode(r, make_episode("2026-03-02 08:00"))
        with diary.session() as w:  # the same pooled connection writes again afterwards
            repository.save_episode(w, make_episode("2026-03-03 08:00"))
    finally:
        other.close()
    assert _count(paths.database) == 2


def test_write_lock_held_too_long_is_a_readable_busy_error(paths, diary, make_episode):
    impatient = open_diary(paths, busy_timeout_ms=100)
    holder = sqlite3.connect(paths.database, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        with (
            pytest.raises(DiaryBusyError, match="busy.*Nothing was saved"),
            impatient.session() as s,
        ):
            repository.save_episode(s, make_episode("2026-03-01 08:00"))
        assert 0.05 < time.monotonic() - started < 3
        holder.execute("ROLLBACK")
    finally:
        holder.close()
        impatient.close()
    assert _count(paths.database) == 0


def test_change_probe_sees_other_writers_only_when_they_commit(paths, diary, make_episode):
    other = open_diary(paths)
    try:
        with ChangeProbe(paths.database) as probe:
            assert probe.changed() is False
            with other.read_session() as r:
                repository.count_episodes(r)
            assert probe.changed() is False  # reading changes nothing
            with other.session() as s:
                repository.save_episode(s, make_episode("2026-03-01 08:00"))
            assert probe.changed() is True
            assert probe.changed() is False  # until the next commit
            with diary.session() as s:  # the window's own sessions count too
                repository.save_episode(s, make_episode("2026-03-02 08:00"))
            assert probe.changed() is True
    finally:
        other.close()


def test_command_line_writes_while_the_window_holds_its_lock(paths, diary, tmp_path, capsys):
    src = tmp_path / "in.csv"
    src.write_text("started_at,side\r\n2026-03-01T08:15:00+01:00,left\r\n", "utf-8", newline="")
    with acquire_instance_lock(paths), ChangeProbe(paths.database) as probe:
        assert main(["import", str(src), "--data-dir", str(paths.data_dir)]) == 0
        assert probe.changed() is True
    assert capsys.readouterr().out == "Added 1 episode; skipped 0 already in the diary.\n"
