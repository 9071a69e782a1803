"""A cheap "has the diary changed since I last looked?" for the window (Qt-free).

The window keeps a :class:`ChangeProbe` and asks it from a timer (say every second); when
it answers True the window reloads what it shows. This is how an episode logged from the
command line, an import, or a restore appears in an open window.

It asks SQLite's ``PRAGMA data_version`` on a read-only connection of its own: the value
changes whenever another connection has committed to the file, including the window's own
sessions (a harmless extra reload after a save). One call reads the WAL index in shared
memory: no file read, a few microseconds. Close the probe before ``Diary.close()`` and
before a restore.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType

from headache_diary.domain.keys import DiaryKey
from headache_diary.storage.files import connect_read_only


class ChangeProbe:
    def __init__(self, database: Path, key: DiaryKey | None = None) -> None:
        self._con: sqlite3.Connection | None = connect_read_only(database, key=key)
        self._last = self._version()

    def _version(self) -> int:
        assert self._con is not None, "the probe is closed"
        return int(self._con.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """True when another connection committed since the last call (or since the probe
        was made); then the next call answers False until the next commit."""
        now = self._version()
        changed, self._last = now != self._last, now
        return changed

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> ChangeProbe:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
