"""A passphrase for the diary (DESIGN.md "Encryption"): unlock, turn on, change, turn off.

Used alike by the command line (``cli_protect``) and the window (Settings, the passphrase
dialog at start). The passphrase is turned into a key at once (``domain.keys``; 150 ms,
once per process) and never kept, logged or written anywhere: the key goes into the
data folder's keyring (``Paths.keyring``), from which the diary, its backups and the
change probe are opened.

Turning protection on, changing it or turning it off rewrites the diary and its backups
(``storage.protect``); the caller holds the window lock and has closed the diary.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from headache_diary.domain.errors import StorageError
from headache_diary.domain.keys import PassphraseError, derive_key, new_key
from headache_diary.i18n import _, ngettext
from headache_diary.paths import Paths

if TYPE_CHECKING:
    from headache_diary.storage.protect import ProtectionResult

__all__ = [
    "PassphraseError",
    "ProtectionResult",
    "change_passphrase",
    "decrypt",
    "encrypt",
    "is_current_passphrase",
    "is_protected",
    "missing_passphrase",
    "needs_passphrase",
    "result_lines",
    "unlock",
]

Progress = Callable[[int, int], None]


def is_protected(paths: Paths) -> bool:
    """Is the diary protected by a passphrase? (A file's existence and a header read;
    False when there is no diary, and for a damaged file in a folder where no diary was
    ever protected.)"""
    from headache_diary.storage.cipher import expects_key, is_encrypted

    return expects_key(paths) and is_encrypted(paths.database)


def needs_passphrase(paths: Paths) -> bool:
    """The diary is protected and its key is not in the keyring yet."""
    return is_protected(paths) and paths.keyring.key is None


def missing_passphrase(paths: Paths) -> PassphraseError:
    """The error for a protected diary opened without its passphrase (exit 2)."""
    from headache_diary.storage.cipher import passphrase_error

    return passphrase_error(paths, wrong=False)


def unlock(paths: Paths, passphrase: str) -> None:
    """Put the key of the protected diary into ``paths.keyring``; PassphraseError (nothing
    changed) when ``passphrase`` does not open it. Nothing to do for a plain diary."""
    unlock_with(paths, paths.database, passphrase)


def unlock_with(paths: Paths, file: Path, passphrase: str) -> None:
    """Put the key that opens ``file`` (the diary, or a backup to restore on a computer
    without the diary) into ``paths.keyring``; PassphraseError when it does not."""
    from headache_diary.storage.cipher import file_salt, key_opens, passphrase_error

    salt = file_salt(file)
    if salt is None:
        return
    key = derive_key(passphrase, salt)
    if not key_opens(file, key):
        raise passphrase_error(paths, wrong=True)
    paths.keyring.key = key


def is_current_passphrase(paths: Paths, passphrase: str) -> bool:
    """Is ``passphrase`` the one of the unlocked diary? (Derives a key: 150-500 ms.)"""
    key = paths.keyring.key
    return key is not None and derive_key(passphrase, key.salt).same_as(key)


def _usable(passphrase: str) -> str:
    if not passphrase:
        raise PassphraseError(
            _("An empty passphrase cannot protect the diary. Nothing was changed."),
            needed=True,
        )
    return passphrase


def encrypt(paths: Paths, passphrase: str, progress: Progress | None = None) -> ProtectionResult:
    """Protect the plain diary (and its backups) with ``passphrase``."""
    from headache_diary.storage.protect import change_protection

    if is_protected(paths):
        raise StorageError(
            _("The diary is protected by a passphrase already. Nothing was changed.")
        )
    return change_protection(paths, new_key(_usable(passphrase)), progress=progress)


def change_passphrase(
    paths: Paths, passphrase: str, progress: Progress | None = None
) -> ProtectionResult:
    """Protect the unlocked diary (and its backups) with another passphrase."""
    from headache_diary.storage.protect import change_protection

    if not is_protected(paths):
        raise StorageError(
            _(
                "The diary is not protected by a passphrase, so there is none to change. "
                "Nothing was changed."
            )
        )
    return change_protection(paths, new_key(_usable(passphrase)), progress=progress)


def decrypt(paths: Paths, progress: Progress | None = None) -> ProtectionResult:
    """Remove the protection of the unlocked diary (and its backups)."""
    from headache_diary.storage.protect import change_protection

    if not is_protected(paths):
        raise StorageError(_("The diary is not protected by a passphrase. Nothing was changed."))
    return change_protection(paths, None, progress=progress)


def result_lines(result: ProtectionResult) -> list[str]:
    """What was done, for the terminal and the window: whole sentences, one a line."""
    n, backups = result.episodes, len(result.backups)
    if result.rekeyed:
        lines = [
            ngettext(
                "The diary ({count} episode) is now protected by the new passphrase.",
                "The diary ({count} episodes) is now protected by the new passphrase.",
                n,
            )
        ]
        if backups:
            lines.append(
                ngettext(
                    "{count} backup was protected by the new passphrase too.",
                    "{count} backups were protected by the new passphrase too.",
                    backups,
                )
            )
    elif result.encrypted:
        lines = [
            ngettext(
                "The diary ({count} episode) is now protected by the passphrase.",
                "The diary ({count} episodes) is now protected by the passphrase.",
                n,
            )
        ]
        if backups:
            lines.append(
                ngettext(
                    "{count} backup was protected by the passphrase too.",
                    "{count} backups were protected by the passphrase too.",
                    backups,
                )
            )
    else:
        lines = [
            ngettext(
                "The diary ({count} episode) is no longer protected by a passphrase.",
                "The diary ({count} episodes) is no longer protected by a passphrase.",
                n,
            )
        ]
        if backups:
            lines.append(
                ngettext(
                    "{count} backup is no longer protected either.",
                    "{count} backups are no longer protected either.",
                    backups,
                )
            )
    for path in result.removed:
        lines.append(_("Overwritten and removed: {path}", path=str(path)))
    for path in result.left:
        lines.append(
            _(
                "Left as it was (the passphrase does not open it): {path}",
                path=str(path),
            )
        )
    if result.removed:
        lines.append(
            _(
                "An SSD or a copy-on-write file system may still keep the old blocks of "
                "these files; full-disk encryption is the complete answer."
            )
        )
    return lines
