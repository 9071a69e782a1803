"""The one place where database failures become messages a patient can read.

:meth:`headache_diary.storage.db.Diary.session` (the unit of work every service uses)
turns any SQLAlchemy or sqlite3 error into a :class:`StorageError` made here, so neither
the GUI nor the CLI ever sees a driver exception. The message never contains SQL
parameters (the engine hides them too): a note, a name or a medication must not end up in
an error dialog or a log.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TypeGuard

from headache_diary.domain.errors import Cancelled, DiaryError, StorageError

#: sqlite message fragment -> what it means for the patient
_REASONS = (
    ("database or disk is full", "the disk is full"),
    ("disk i/o error", "the disk reported an error"),
    ("readonly database", "the diary's folder or file is read-only"),
    ("read-only", "the diary's folder or file is read-only"),
    ("database is locked", "another program is using the diary right now"),
    ("unable to open database", "the diary file cannot be opened"),
    ("malformed", "the diary file is damaged"),
    ("not a database", "the diary file is damaged or not a diary"),
    ("interrupted", "the work was cancelled"),
)
#: reason -> what the patient can do about it
_ADVICE = {
    "the disk is full": "free some disk space, then try again",
    "the diary's folder or file is read-only": (
        "make it writable again (for example reconnect the disk), then try again"
    ),
    "another program is using the diary right now": (
        "close other programs that use it, then try again"
    ),
}
_DEFAULT_ADVICE = "close other programs that use it or free some disk space, then try again"
#: SQLITE_READONLY, SQLITE_CANTOPEN: what a folder that cannot be written gives
_READ_ONLY_CODES = frozenset({8, 14})


def _driver_error(exc: object) -> TypeGuard[Exception]:
    return isinstance(exc, sqlite3.Error) or (
        isinstance(exc, Exception) and hasattr(exc, "sqlite_errorcode")
    )


def _driver_message(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    # sqlite3's errors, and sqlcipher3's (an encrypted diary), which do not derive from them
    if _driver_error(orig) and orig.args:
        return str(orig.args[0])
    if _driver_error(exc) and exc.args:
        return str(exc.args[0])
    return exc.__class__.__name__


def _read_only(exc: BaseException, folder: Path | None) -> bool:
    """SQLite could not write or open the diary, and its folder cannot be written."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if not isinstance(code, int) or code & 0xFF not in _READ_ONLY_CODES or folder is None:
        return False
    return folder.exists() and not os.access(folder, os.W_OK)


def reason(exc: BaseException, folder: Path | None = None) -> str:
    """What went wrong, in a few plain words (no SQL, no values). ``folder``, the diary's
    folder, tells a read-only folder from a file that cannot be opened."""
    if _read_only(exc, folder):
        return "the diary's folder or file is read-only"
    message = _driver_message(exc)
    low = message.lower()
    for fragment, text in _REASONS:
        if fragment in low:
            return text
    return f"a database error ({message})"


def readable(exc: Exception, folder: Path | None = None) -> DiaryError:
    """A StorageError for ``exc`` (Cancelled for an interrupted statement); the unit of
    work has been rolled back."""
    if "interrupted" in _driver_message(exc).lower():
        return Cancelled("The work was cancelled; nothing was changed.")
    why = reason(exc, folder)
    return StorageError(
        f"The diary could not be read or written: {why}. "
        f"Nothing was changed; {_ADVICE.get(why, _DEFAULT_ADVICE)}."
    )
