"""One GUI per diary: an OS file lock on ``diary.lock`` in the data folder (Qt-free).

The lock is the operating system's (``flock`` on POSIX, ``msvcrt.locking`` on Windows) on
an open file, so it goes away with the process that holds it: a crashed or killed window
never locks the user out, whatever is left in the file. The file itself (mode 0600) only
says who holds the lock: pid, host name, start time and app version, as one line of JSON,
for the message "the diary is open elsewhere" and for bringing that window forward.

Only the GUI takes this lock. Command-line commands do not (the quick log must work while
the window is open); SQLite's own locking keeps their writes apart (``storage.db``), except
``restore``, which takes it for its few seconds because it replaces the whole diary.

Usage::

    try:
        lock = acquire_instance_lock(paths)      # keep it for the life of the window
    except DiaryInUseError as exc:
        exc.holder                               # LockHolder | None: who has it
    ...
    lock.release()                               # or: with acquire_instance_lock(paths):
"""

from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from headache_diary import __version__
from headache_diary.domain.errors import DiaryInUseError, StorageError
from headache_diary.i18n import N_, _, format_datetime
from headache_diary.paths import Paths, ensure_private_dir

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    # msvcrt locks are mandatory for the locked bytes: lock one byte far past the
    # holder's line so that reading the line never conflicts with the lock
    _LOCK_OFFSET = 1 << 20
else:
    import fcntl


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or last held) the lock, as written in the lock file."""

    pid: int | None
    hostname: str
    started: datetime | None  # aware, UTC
    version: str

    def describe(self) -> str:
        """Like "process 4242 on laptop, since Sun, 29 Nov 2026, 08:36" (local time), in
        the current language; each variant a whole phrase."""
        values = {
            "pid": str(self.pid),
            "host": self.hostname,
            "since": "" if self.started is None else format_datetime(self.started.astimezone()),
        }
        key = (self.pid is not None, bool(self.hostname), self.started is not None)
        return _(_HOLDER[key], **values)


#: (pid known, host known, start known) -> how the holder is named
_HOLDER = {
    # Translators: {pid} is a process number, {host} the computer's name, {since} a date
    # and time; shown in parentheses after "already open in Headache Diary"
    (True, True, True): N_("process {pid} on {host}, since {since}"),
    (True, True, False): N_("process {pid} on {host}"),
    (True, False, True): N_("process {pid}, since {since}"),
    (True, False, False): N_("process {pid}"),
    (False, True, True): N_("another process on {host}, since {since}"),
    (False, True, False): N_("another process on {host}"),
    (False, False, True): N_("another process, since {since}"),
    (False, False, False): N_("another process"),
}


def _this_process() -> LockHolder:
    return LockHolder(
        pid=os.getpid(),
        hostname=platform.node(),
        started=datetime.now(UTC).replace(microsecond=0),
        version=__version__,
    )


def _encode(holder: LockHolder) -> bytes:
    started = holder.started.isoformat() if holder.started else None
    data = {
        "pid": holder.pid,
        "hostname": holder.hostname,
        "started": started,
        "version": holder.version,
    }
    return (json.dumps(data) + "\n").encode()


def _decode(raw: bytes) -> LockHolder | None:
    try:
        data = json.loads(raw.decode("utf-8").splitlines()[0])
        started = datetime.fromisoformat(data["started"]) if data.get("started") else None
        pid = data.get("pid")
        return LockHolder(
            pid=pid if isinstance(pid, int) else None,
            hostname=str(data.get("hostname") or ""),
            started=started,
            version=str(data.get("version") or ""),
        )
    except (ValueError, IndexError, KeyError, TypeError, AttributeError):
        return None  # empty, half-written or not ours: the lock itself is what counts


def _open_lock_file(path: Path) -> int:
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    if os.name == "posix":
        os.fchmod(fd, 0o600)
    return fd


def _try_lock(fd: int) -> bool:
    """Take the lock on ``fd`` without waiting; False when another holder has it."""
    if sys.platform == "win32":  # pragma: no cover
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        # flock, not fcntl/lockf record locks: those belong to the process and are
        # dropped when *any* descriptor of the file is closed (lock_holder opens one)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _read_holder(fd: int) -> LockHolder | None:
    os.lseek(fd, 0, os.SEEK_SET)
    return _decode(os.read(fd, 4096))


class InstanceLock:
    """The held lock. Release it (or leave the ``with`` block) when the window closes;
    the operating system releases it anyway when the process ends."""

    def __init__(self, path: Path, fd: int, holder: LockHolder) -> None:
        self.path = path
        self.holder = holder
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Give the lock up (idempotent). The file stays: deleting it would let a second
        process lock a new file while a third still waits on the old one."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def acquire_instance_lock(paths: Paths) -> InstanceLock:
    """Take the diary's single-instance lock, or raise DiaryInUseError naming the holder.

    Creates the data folder (0700) and the lock file (0600) when missing. Never waits.
    """
    path = paths.instance_lock
    try:
        fd = _open_lock_file(path)
    except OSError as exc:
        raise StorageError(
            _(
                "The lock file {file} cannot be created ({problem}).",
                file=str(path),
                problem=str(exc.strerror or exc),
            )
        ) from exc
    try:
        try:
            locked = _try_lock(fd)
        except OSError as exc:  # e.g. ENOLCK on a network file system without locks
            raise StorageError(
                _(
                    "The lock file {file} cannot be locked ({problem}).",
                    file=str(path),
                    problem=str(exc.strerror or exc),
                )
            ) from exc
        if not locked:
            holder = _read_holder(fd)
            who = holder.describe() if holder else _("another process")
            # Translators: {folder} is the diary's folder, {who} names the process (above)
            raise DiaryInUseError(
                _(
                    "Your diary in {folder} is already open in Headache Diary ({who}). "
                    "Switch to that window, or close it and try again.",
                    folder=str(paths.data_dir),
                    who=who,
                ),
                holder=holder,
            )
        me = _this_process()
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, _encode(me))
    except BaseException:
        os.close(fd)
        raise
    return InstanceLock(path, fd, me)


def lock_holder(paths: Paths) -> LockHolder | None:
    """Who holds the lock right now, without taking it; None when nobody does.

    A holder that has crashed holds nothing (the OS dropped its lock), so the stale line
    it left in the file is ignored.
    """
    path = paths.instance_lock
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:  # no lock file (nobody ever held it), or it cannot be opened
        return None
    try:
        if _try_lock(fd):
            _unlock(fd)
            return None
        return _read_holder(fd) or LockHolder(None, "", None, "")
    finally:
        os.close(fd)
