"""The one place where database failures become messages a patient can read.

:meth:`headache_diary.storage.db.Diary.session` (the unit of work every service uses)
turns any SQLAlchemy or sqlite3 error into a :class:`StorageError` made here, so neither
the GUI nor the CLI ever sees a driver exception. The message never contains SQL
parameters (the engine hides them too): a note, a name or a medication must not end up in
an error dialog or a log.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import SQLAlchemyError

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


def _driver_message(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    if isinstance(orig, sqlite3.Error) and orig.args:
        return str(orig.args[0])
    if isinstance(exc, sqlite3.Error) and exc.args:
        return str(exc.args[0])
    return exc.__class__.__name__


def reason(exc: BaseException) -> str:
    """What went wrong, in a few plain words (no SQL, no values)."""
    message = _driver_message(exc)
    low = message.lower()
    for fragment, text in _REASONS:
        if fragment in low:
            return text
    return f"a database error ({message})"


def readable(exc: SQLAlchemyError | sqlite3.Error) -> DiaryError:
    """A StorageError for ``exc`` (Cancelled for an interrupted statement); the unit of
    work has been rolled back."""
    if "interrupted" in _driver_message(exc).lower():
        return Cancelled("The work was cancelled; nothing was changed.")
    return StorageError(
        f"The diary could not be read or written: {reason(exc)}. "
        "Nothing was changed; close other programs that use it or free some disk space, "
        "then try again."
    )
