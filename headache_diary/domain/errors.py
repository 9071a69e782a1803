"""Typed errors with messages a patient can read. The UI and CLI decide how to show them."""

from __future__ import annotations

import re
from pathlib import Path

from headache_diary.i18n import N_, _


class DiaryError(Exception):
    """Base class: str(error) is a complete, readable sentence."""


class ValidationError(DiaryError):
    """An episode (or other value) is not valid; ``problems`` maps field -> message.

    ``str()`` names each field by its label in the current language (never its code):
    ``Start: the start cannot be in the future``."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(field_problem(k, v) for k, v in self.problems.items()))


#: the label of each field a problem can be at (a code of ``problems``), as shown
FIELD_LABELS = {
    # Translators: the name of a field of a record, before a colon and its problem
    # ("Start: the start cannot be in the future")
    "started_at": N_("Start"),
    "ended_at": N_("End"),
    "time_zone": N_("Time zone"),
    "side": N_("Side"),
    "intensity": N_("Intensity"),
    "character": N_("Character"),
    "neck_position": N_("Neck position"),
    "pain_origin": N_("Where the pain started"),
    "triggers": N_("Triggers"),
    "pain_locations": N_("Pain locations"),
    "symptoms": N_("Symptoms"),
    "trigger_note": N_("Trigger note"),
    "notes": N_("Notes"),
    "date": N_("Date"),
    "date_precision": N_("How exact the date is"),
    "kind": N_("Kind"),
    "structure": N_("Structure"),
    "title": N_("Title"),
    "details": N_("Details"),
    "outcome": N_("Outcome"),
    "name": N_("Name"),
    "med_class": N_("Medication class"),
    "dose": N_("Dose"),
    "for_headache": N_("For headache"),
    "started": N_("Started"),
    "stopped": N_("Stopped"),
    "from_day": N_("From"),
    "relief": N_("Relief"),
    "taken_at": N_("Time taken"),
    "entry": N_("Entry"),
    "date_of_birth": N_("Date of birth"),
    "headache_free": N_("Headache-free"),
    "neck_stiffness": N_("Neck stiffness"),
    "note": N_("Note"),
}
_NUMBERED = re.compile(r"^medications\[(\d+)\]$")


def field_label(field: str) -> str | None:
    """The label of a field code, in the current language; None for a code without one."""
    m = _NUMBERED.match(field)
    if m:
        # Translators: the name of one medication of an episode, {number} its place (1, 2...)
        return _("Medication {number}", number=m.group(1))
    label = FIELD_LABELS.get(field)
    return None if label is None else _(label)


def field_problem(field: str, problem: str) -> str:
    """``Start: the start cannot be in the future``; the problem alone for a field without
    a label (its code is never shown)."""
    label = field_label(field)
    if label is None:
        return problem
    # Translators: {field} is a field's name ("Start"), {problem} what is wrong with it
    return _("{field}: {problem}", field=label, problem=problem)


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
