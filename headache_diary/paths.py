"""Every path the app uses, in one place (compare qutebrowser's standarddir).

Data directory, in order: ``--data-dir DIR``, ``HEADACHE_DIARY_DATA_DIR``, else the
per-user data directory from platformdirs (``~/.local/share/headache-diary`` on Linux,
``%LOCALAPPDATA%\\headache-diary`` on Windows, ``~/Library/Application Support/
headache-diary`` on macOS).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from headache_diary.domain.keys import Keyring

APP_NAME = "headache-diary"
ENV_VAR = "HEADACHE_DIARY_DATA_DIR"
DB_NAME = "diary.sqlite3"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    #: the key of a diary protected by a passphrase, once given (domain.keys): every part
    #: of the app that opens the diary or a backup of it finds the key here
    keyring: Keyring = field(default_factory=Keyring, repr=False, compare=False)

    @property
    def database(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def upgrade_backups(self) -> Path:
        """Backups taken before a schema upgrade: kept apart, never thinned or deleted."""
        return self.backups / "before-upgrade"

    @property
    def protected_marker(self) -> Path:
        """Present while the diary is protected by a passphrase (storage.protect): a file
        that is not plain SQLite is then asked the passphrase for, not called damaged."""
        return self.data_dir / "diary.protected"

    @property
    def instance_lock(self) -> Path:
        """The single-instance lock of the GUI (storage.lock); holds the holder's pid."""
        return self.data_dir / "diary.lock"

    @property
    def log_file(self) -> Path:
        """The rotating log (logsetup); never contains notes, names or medications."""
        return self.data_dir / "headache-diary.log"

    @property
    def ui_settings(self) -> Path:
        """The window's QSettings (INI): its geometry, the last tab, the start of the day.
        (Versions before preferences.json kept the preferences here too.)"""
        return self.data_dir / "ui-settings.ini"

    @property
    def preferences(self) -> Path:
        """The preferences of File > Settings… (services.preferences): JSON, read by the
        window and the commands alike."""
        return self.data_dir / "preferences.json"


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    if data_dir is None:
        data_dir = os.environ.get(ENV_VAR) or None
    if data_dir is None:
        import platformdirs

        data_dir = platformdirs.user_data_dir(APP_NAME, appauthor=False)
    return Paths(Path(data_dir).expanduser().absolute())


def ensure_private_dir(path: Path) -> None:
    """Make sure the folder ``path`` exists. Folders created here (``path`` and any
    missing parents) are made readable by the user only (0700, whatever the umask); a
    folder that exists already is left as it is, because it may be one the user chose
    (``--data-dir ~/Documents``) and its mode is theirs to set. The files the app writes
    into it are 0600 either way."""
    missing: list[Path] = []
    folder = path
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue  # created by someone else meanwhile: not ours to change
        if os.name == "posix":
            os.chmod(folder, 0o700)  # mkdir's mode is narrowed by the umask, never widened
    if not path.is_dir():
        path.mkdir()  # raises what mkdir raises for a file or a dangling link in the way


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (POSIX); raises OSError."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_private_file(path: Path) -> None:
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (untouched then), so that a
    writer that keeps an existing file's mode (Qt's QSaveFile, behind QSettings) never
    writes it readable by others, whatever the umask. Best effort: an error is left to
    the writer to report."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    except OSError:
        return
    os.close(fd)
