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
from headache_diary.i18n import N_, _

#: sqlite message fragment -> what it means for the patient
#: (the reasons: English sources, translated where shown)
_DISK_FULL = N_("the disk is full")
_READ_ONLY = N_("the diary's folder or file is read-only")
_LOCKED = N_("another program is using the diary right now")
_REASONS = (
    ("database or disk is full", _DISK_FULL),  # i18n: SQLite's message
    ("disk i/o error", N_("the disk reported an error")),  # i18n: SQLite's message
    ("readonly database", _READ_ONLY),  # i18n: SQLite's message
    ("read-only", _READ_ONLY),
    ("database is locked", _LOCKED),  # i18n: SQLite's message
    ("unable to open database", N_("the diary file cannot be opened")),  # i18n: SQLite's
    ("malformed", N_("the diary file is damaged")),
    ("not a database", N_("the diary file is damaged or not a diary")),  # i18n: SQLite's
    ("interrupted", N_("the work was cancelled")),
)
#: reason -> what the patient can do about it (both English sources); each pair is one
#: sentence, written whole in :func:`readable`
_ADVICE = {_DISK_FULL: "disk", _READ_ONLY: "read-only", _LOCKED: "locked"}
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


def _reason_source(exc: BaseException, folder: Path | None) -> str | None:
    """The English source of the reason (None: a database error of another kind)."""
    if _read_only(exc, folder):
        return _READ_ONLY
    low = _driver_message(exc).lower()
    for fragment, text in _REASONS:
        if fragment in low:
            return text
    return None


def reason(exc: BaseException, folder: Path | None = None) -> str:
    """What went wrong, in a few plain words (no SQL, no values), in the current language.
    ``folder``, the diary's folder, tells a read-only folder from a file that cannot be
    opened."""
    source = _reason_source(exc, folder)
    if source is None:
        # Translators: {problem} is SQLite's own message (English)
        return _("a database error ({problem})", problem=_driver_message(exc))
    return _(source)


def readable(exc: Exception, folder: Path | None = None) -> DiaryError:
    """A StorageError for ``exc`` (Cancelled for an interrupted statement); the unit of
    work has been rolled back."""
    if "interrupted" in _driver_message(exc).lower():
        return Cancelled(_("The work was cancelled; nothing was changed."))
    why = reason(exc, folder)
    advice = _ADVICE.get(_reason_source(exc, folder) or "")
    # Translators: {reason} is one of the reasons above (the disk is full, ...)
    if advice == "disk":
        text = _(
            "The diary could not be read or written: {reason}. Nothing was changed; "
            "free some disk space, then try again.",
            reason=why,
        )
    elif advice == "read-only":
        text = _(
            "The diary could not be read or written: {reason}. Nothing was changed; "
            "make it writable again (for example reconnect the disk), then try again.",
            reason=why,
        )
    elif advice == "locked":
        text = _(
            "The diary could not be read or written: {reason}. Nothing was changed; "
            "close other programs that use it, then try again.",
            reason=why,
        )
    else:
        text = _(
            "The diary could not be read or written: {reason}. Nothing was changed; "
            "close other programs that use it or free some disk space, then try again.",
            reason=why,
        )
    return StorageError(text)
