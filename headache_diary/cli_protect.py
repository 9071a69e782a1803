"""The passphrase on the command line (FORMAT.md): where it comes from, and the commands
``encrypt``, ``decrypt`` and ``change-passphrase``.

A protected diary's passphrase is, first found of: the first line of ``--passphrase-file
FILE``, ``HEADACHE_DIARY_PASSPHRASE``, a prompt on the terminal (without echo; twice when
it is a new one). The new one of ``change-passphrase``: ``--new-passphrase-file FILE``,
``HEADACHE_DIARY_NEW_PASSPHRASE``, the terminal. Without it, or with a wrong one: one line
on stderr, exit 2, nothing changed. The passphrase goes straight into the key
(``services.protection``) and is neither kept nor printed.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from headache_diary.domain.errors import DiaryError, StorageError
from headache_diary.domain.keys import PassphraseError
from headache_diary.i18n import _
from headache_diary.paths import Paths

ENV_PASSPHRASE = "HEADACHE_DIARY_PASSPHRASE"
ENV_NEW_PASSPHRASE = "HEADACHE_DIARY_NEW_PASSPHRASE"
COMMANDS = ("encrypt", "decrypt", "change-passphrase")
#: the daily commands, often run from a keyboard shortcut without a terminal
SHORTCUT_COMMANDS = ("log", "end", "checkin")

#: reads a passphrase on the terminal without echo (tests pass their own)
Prompt = Callable[[str], str]


def add_options(parser: argparse.ArgumentParser) -> None:
    """``--passphrase-file``, for every command."""
    file = _("FILE")  # the placeholder, translated like cli_daily's
    parser.add_argument(
        "--passphrase-file",
        metavar=file,
        default=argparse.SUPPRESS,
        help=_(
            "read the passphrase of a protected diary from the first line of {file} "
            "(else ${variable}, else the terminal)",
            file=file,
            variable=ENV_PASSPHRASE,
        ),
    )


def add_commands(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    sub.add_parser(
        "encrypt",
        parents=[common],
        help=_("protect the diary and its backups with a passphrase"),
    )
    sub.add_parser(
        "decrypt",
        parents=[common],
        help=_("remove the passphrase protection of the diary and its backups"),
    )
    p = sub.add_parser(
        "change-passphrase",
        parents=[common],
        help=_("protect the diary and its backups with another passphrase"),
    )
    file = _("FILE")
    p.add_argument(
        "--new-passphrase-file",
        metavar=file,
        help=_(
            "read the new passphrase from the first line of {file} (else ${variable}, "
            "else the terminal)",
            file=file,
            variable=ENV_NEW_PASSPHRASE,
        ),
    )


def _first_line(file: str) -> str:
    try:
        with open(file, encoding="utf-8") as f:
            line = f.readline()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise PassphraseError(
            # without the file's name: `--passphrase SECRET` (an abbreviation argparse
            # accepts) must not print the secret
            _(
                "The passphrase file given with --passphrase-file cannot be read ({reason}). "
                "Nothing was changed.",
                reason=reason,
            ),
            needed=True,
        ) from None
    return line.rstrip("\r\n")


def _terminal(stdin: TextIO | None = None) -> bool:
    stream = stdin if stdin is not None else sys.stdin
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):
        return False


def _ask(prompt: Prompt, *, new: bool) -> str:
    if not new:
        return prompt(_("Passphrase of the diary: "))
    first = prompt(_("New passphrase (forgotten passphrases cannot be recovered): "))
    again = prompt(_("The new passphrase again: "))
    if first != again:
        raise PassphraseError(_("The two passphrases differ. Nothing was changed."), needed=True)
    return first


def find_passphrase(
    file: str | None,
    environ: Mapping[str, str],
    *,
    variable: str = ENV_PASSPHRASE,
    new: bool = False,
    prompt: Prompt | None = None,
    stdin: TextIO | None = None,
) -> str | None:
    """The passphrase from ``file``, else ``environ[variable]``, else the terminal (when
    there is one); None when none of them has it."""
    if file:
        return _first_line(file)
    value = environ.get(variable)
    if value:
        return value
    if prompt is not None or _terminal(stdin):
        return _ask(prompt or getpass.getpass, new=new)
    return None


def unlock(
    args: argparse.Namespace,
    paths: Paths,
    *,
    environ: Mapping[str, str] | None = None,
    prompt: Prompt | None = None,
) -> None:
    """Put the key of a protected diary into ``paths.keyring`` from the passphrase's
    sources; PassphraseError when there is none or it is wrong. A plain diary: nothing."""
    from headache_diary.services.protection import needs_passphrase, unlock

    if not needs_passphrase(paths):
        return
    env = os.environ if environ is None else environ
    found = find_passphrase(getattr(args, "passphrase_file", None), env, prompt=prompt)
    if found is None:
        if args.command in SHORTCUT_COMMANDS:
            raise PassphraseError(
                _(
                    "This diary is protected by a passphrase, so the quick log needs it: a "
                    "keyboard shortcut has no terminal to ask in. Give it with "
                    "--passphrase-file FILE (a file only you can read) or {variable}. "
                    "Nothing was saved.",
                    variable=ENV_PASSPHRASE,
                ),
                needed=True,
            )
        from headache_diary.services.protection import missing_passphrase

        raise missing_passphrase(paths)
    unlock(paths, found)


def unlock_backup(
    args: argparse.Namespace,
    paths: Paths,
    backup: str,
    *,
    environ: Mapping[str, str] | None = None,
) -> None:
    """``restore`` of a protected backup where the diary is not protected (a new
    computer): the key from the passphrase's sources and the backup's salt."""
    from headache_diary.services.protection import is_protected, unlock_with
    from headache_diary.storage.cipher import is_encrypted

    target = Path(backup).expanduser()
    if paths.keyring.key is not None or is_protected(paths) or not is_encrypted(target):
        return
    env = os.environ if environ is None else environ
    found = find_passphrase(getattr(args, "passphrase_file", None), env)
    if found is None:
        from headache_diary.services.protection import missing_passphrase

        raise missing_passphrase(paths)
    unlock_with(paths, target, found)


def run(
    args: argparse.Namespace,
    paths: Paths,
    *,
    environ: Mapping[str, str] | None = None,
    prompt: Prompt | None = None,
) -> int:
    """``encrypt``, ``decrypt`` or ``change-passphrase``: under the window lock, like
    ``restore``. Exit 2 for a missing or wrong passphrase, 1 for another error."""
    from headache_diary.services import protection
    from headache_diary.services.diary import lock_for_window

    env = os.environ if environ is None else environ
    try:
        with lock_for_window(paths):
            if args.command == "encrypt":
                if protection.is_protected(paths):
                    raise StorageError(
                        _("The diary is protected by a passphrase already. Nothing was changed.")
                    )
                new = find_passphrase(
                    getattr(args, "passphrase_file", None), env, new=True, prompt=prompt
                )
                if new is None:
                    raise PassphraseError(
                        _(
                            "encrypt needs the new passphrase: give it with --passphrase-file "
                            "FILE or {variable}, or run it in a terminal. Nothing was changed.",
                            variable=ENV_PASSPHRASE,
                        ),
                        needed=True,
                    )
                result = protection.encrypt(paths, new)
            elif args.command == "decrypt":
                unlock(args, paths, environ=env, prompt=prompt)
                result = protection.decrypt(paths)
            else:
                if not protection.is_protected(paths):
                    raise StorageError(
                        _(
                            "The diary is not protected by a passphrase, so there is none to "
                            "change. Nothing was changed."
                        )
                    )
                unlock(args, paths, environ=env, prompt=prompt)
                new = find_passphrase(
                    getattr(args, "new_passphrase_file", None),
                    env,
                    variable=ENV_NEW_PASSPHRASE,
                    new=True,
                    prompt=prompt,
                )
                if new is None:
                    raise PassphraseError(
                        _(
                            "change-passphrase needs the new passphrase: give it with "
                            "--new-passphrase-file FILE or {variable}, or run it in a "
                            "terminal. Nothing was changed.",
                            variable=ENV_NEW_PASSPHRASE,
                        ),
                        needed=True,
                    )
                result = protection.change_passphrase(paths, new)
    except PassphraseError as exc:
        print(_("headache-diary: error: {message}", message=str(exc)), file=sys.stderr)
        return 2
    except DiaryError as exc:
        print(_("headache-diary: error: {message}", message=str(exc)), file=sys.stderr)
        return 1
    for line in protection.result_lines(result):
        print(line)
    return 0
