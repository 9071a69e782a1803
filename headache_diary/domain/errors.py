"""Typed errors with messages a patient can read. The UI and CLI decide how to show them."""

from __future__ import annotations

from pathlib import Path


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


class Cancelled(DiaryError):
    """The patient cancelled a long piece of work; nothing was changed or written."""


class NewerSchemaError(StorageError):
    """The diary was written by a newer version of the app; it is left untouched."""


class DiaryBusyError(StorageError):
    """Another program (a second window, a command) held the diary's write lock for longer
    than the busy timeout; nothing was written, trying again later works."""


class UnusableDiaryError(StorageError):
    """The diary file cannot be used as it is: damaged, not a diary, or with tables that do
    not match its schema version. It was left untouched.

    ``path`` is the diary file, ``problem`` a short description, ``backup`` the newest
    backup that passed its checks (None when there is none): what to offer the user. With
    their consent, ``storage.restore.move_aside`` moves the file out of the way and
    ``storage.restore.restore_backup`` puts the backup in its place.
    """

    def __init__(
        self, message: str, *, path: Path, problem: str, backup: Path | None = None
    ) -> None:
        super().__init__(message)
        self.path = path
        self.problem = problem
        self.backup = backup


class DamagedDiaryError(UnusableDiaryError):
    """The diary is damaged or not a SQLite database at all."""


class SchemaMismatchError(UnusableDiaryError):
    """The diary's tables and columns are not those its stamped schema version creates
    (a diary written by a development build, or changed by another program)."""


class MigrationError(StorageError):
    """Upgrading the diary to this version's schema failed; the diary was left as it was.

    ``backup`` is the copy taken before the upgrade."""

    def __init__(self, message: str, *, backup: Path | None = None) -> None:
        super().__init__(message)
        self.backup = backup


class BackupError(StorageError):
    """A backup could not be made, or a file cannot be restored (damaged, not a diary, or
    from a newer version); the diary was left as it was."""


class DiaryInUseError(StorageError):
    """The diary is open in another Headache Diary window; ``holder`` says which process
    (a ``storage.lock.LockHolder``, or None when it could not be read)."""

    def __init__(self, message: str, *, holder: object = None) -> None:
        super().__init__(message)
        self.holder = holder
