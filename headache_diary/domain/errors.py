"""Typed errors with messages a patient can read. The UI and CLI decide how to show them."""

from __future__ import annotations


class DiaryError(Exception):
    """Base class: str(error) is a complete, readable sentence."""


class ValidationError(DiaryError):
    """An episode (or other value) is not valid; ``problems`` maps field -> message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.problems.items()))


class ImportFileError(DiaryError):
    """A file to import is unreadable or has a bad row; nothing was imported."""


class ExportError(DiaryError):
    """An export could not be written; no partial file was left behind."""


class StorageError(DiaryError):
    """The diary database cannot be opened or used."""


class NewerSchemaError(StorageError):
    """The diary was written by a newer version of the app; it is left untouched."""


class DiaryBusyError(StorageError):
    """Another program (a second window, a command) held the diary's write lock for longer
    than the busy timeout; nothing was written, trying again later works."""


class DiaryInUseError(StorageError):
    """The diary is open in another Headache Diary window; ``holder`` says which process
    (a ``storage.lock.LockHolder``, or None when it could not be read)."""

    def __init__(self, message: str, *, holder: object = None) -> None:
        super().__init__(message)
        self.holder = holder
