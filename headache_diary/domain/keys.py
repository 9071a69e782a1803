"""The key of a diary protected by a passphrase (DESIGN.md "Encryption"), and its errors.

SQLCipher 4 turns a passphrase into the database key with PBKDF2-HMAC-SHA512, 256,000
iterations, the file's first 16 bytes as the salt. That costs about 150 ms, and SQLCipher
would pay it again for every connection (each worker opens its own): so the key is derived
here once, and every connection is opened with the raw key and the salt
(``PRAGMA key = "x'<key><salt>'"``), which is what SQLCipher would derive itself: the
passphrase alone still opens the file (e.g. in the ``sqlcipher`` shell).

A :class:`DiaryKey` never shows its bytes (``repr`` and ``str`` say ``DiaryKey(…)``), so a
traceback or a log line that names one leaks nothing; the passphrase itself is never kept.
:class:`Keyring` is the one mutable holder a :class:`~headache_diary.paths.Paths` carries:
empty for a plain diary, given the key once the patient typed the passphrase (or turned
protection on), so that every part of the app that opens the diary or its backups has it.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata

from headache_diary.domain.errors import StorageError

SALT_BYTES = 16
KEY_BYTES = 32
KDF_ITERATIONS = 256_000


class DiaryKey:
    """A raw SQLCipher key and the salt of the files it opens."""

    __slots__ = ("_raw", "_salt")

    def __init__(self, raw: bytes, salt: bytes) -> None:
        if len(raw) != KEY_BYTES or len(salt) != SALT_BYTES:
            raise ValueError("a diary key has 32 bytes and a 16-byte salt")  # i18n: developer
        self._raw = bytes(raw)
        self._salt = bytes(salt)

    @property
    def salt(self) -> bytes:
        return self._salt

    def sql(self) -> str:
        """The value of ``PRAGMA key`` (quoted by the caller): ``x'<key hex><salt hex>'``."""
        return f"x'{self._raw.hex()}{self._salt.hex()}'"

    def same_as(self, other: DiaryKey | None) -> bool:
        return other is not None and self._raw == other._raw and self._salt == other._salt

    def __repr__(self) -> str:
        return "DiaryKey(…)"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:  # never pickled into a file or a process
        raise TypeError("a diary key is not pickled")


def normalized(passphrase: str) -> bytes:
    """The bytes a passphrase stands for: NFC, UTF-8 (the same letters typed on another
    keyboard or system give the same key)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_key(passphrase: str, salt: bytes) -> DiaryKey:
    """The key SQLCipher 4 derives from ``passphrase`` for a file with ``salt``."""
    raw = hashlib.pbkdf2_hmac("sha512", normalized(passphrase), salt, KDF_ITERATIONS, KEY_BYTES)
    return DiaryKey(raw, salt)


def new_key(passphrase: str) -> DiaryKey:
    """A key for a new encrypted file: ``passphrase`` with a fresh random salt."""
    return derive_key(passphrase, os.urandom(SALT_BYTES))


class Keyring:
    """The key of one data folder's diary, once known (None: plain, or not given yet)."""

    __slots__ = ("key",)

    def __init__(self, key: DiaryKey | None = None) -> None:
        self.key = key

    def __repr__(self) -> str:
        return "Keyring(…)" if self.key is not None else "Keyring(None)"


class PassphraseError(StorageError):
    """The diary is protected and no passphrase was given (``needed``), or the one given
    does not open it. Nothing was changed."""

    def __init__(self, message: str, *, needed: bool) -> None:
        super().__init__(message)
        self.needed = needed
