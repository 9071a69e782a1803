"""The single-instance lock: one window per diary, and a crashed window never locks anyone out."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from headache_diary.domain.errors import DiaryInUseError
from headache_diary.paths import Paths
from headache_diary.storage.lock import acquire_instance_lock, lock_holder

HOLD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from headache_diary.paths import Paths
    from headache_diary.storage.lock import acquire_instance_lock
    lock = acquire_instance_lock(Paths(Path(sys.argv[1])))
    print("locked", flush=True)
    time.sleep(60)
    """
)


def test_lock_file_is_private_and_names_the_holder(paths: Paths) -> None:
    with acquire_instance_lock(paths) as lock:
        assert os.stat(paths.instance_lock).st_mode & 0o777 == 0o600
        assert os.stat(paths.data_dir).st_mode & 0o777 == 0o700
        holder = lock_holder(paths)
        assert holder is not None and holder.pid == os.getpid()
        assert holder == lock.holder and holder.started is not None
        assert f"process {os.getpid()}" in holder.describe()
    assert lock_holder(paths) is None  # released: nobody holds it


def test_second_acquire_is_refused_with_the_holder(paths: Paths) -> None:
    first = acquire_instance_lock(paths)
    try:
        with pytest.raises(DiaryInUseError, match="already open") as err:
            acquire_instance_lock(paths)
        assert err.value.holder.pid == os.getpid()  # type: ignore[attr-defined]
        assert str(paths.data_dir) in str(err.value)
        # asking who holds it does not take or drop the lock
        assert lock_holder(paths) is not None
        with pytest.raises(DiaryInUseError):
            acquire_instance_lock(paths)
    finally:
        first.release()
    first.release()  # idempotent
    acquire_instance_lock(paths).release()


def test_a_killed_holder_never_locks_the_user_out(paths: Paths) -> None:
    """SIGKILL leaves the lock file with the dead process's pid; the OS lock is gone."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(paths.data_dir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(DiaryInUseError) as err:
            acquire_instance_lock(paths)
        assert err.value.holder.pid == child.pid  # type: ignore[attr-defined]
    finally:
        child.kill()  # SIGKILL on POSIX: no clean-up code runs in the child
        child.wait(timeout=10)
        if child.stdout is not None:
            child.stdout.close()
    assert str(child.pid) in paths.instance_lock.read_text()  # the stale line is still there
    deadline = time.monotonic() + 5
    while lock_holder(paths) is not None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert lock_holder(paths) is None
    with acquire_instance_lock(paths) as lock:
        assert lock.holder.pid == os.getpid()
        assert lock_holder(paths).pid == os.getpid()  # type: ignore[union-attr]


def test_unreadable_holder_line_still_counts_as_held(paths: Paths) -> None:
    with acquire_instance_lock(paths):
        paths.instance_lock.write_bytes(b"\x00garbage")
        with pytest.raises(DiaryInUseError, match="another process") as err:
            acquire_instance_lock(paths)
        assert err.value.holder is None  # type: ignore[attr-defined]
        holder = lock_holder(paths)
        assert holder is not None and holder.pid is None
