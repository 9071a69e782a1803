"""Atomic file writing: a temp file in the target's folder, fsync, then os.replace.

A failed write never leaves a half-written target or a stray temp file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from headache_diary.domain.errors import ExportError
from headache_diary.i18n import _
from headache_diary.paths import fsync_dir


def _reason(path: Path, exc: OSError) -> str:
    code = exc.errno
    if code == errno.ENOENT:
        return _("the folder {folder} does not exist", folder=str(path.parent))
    if code == errno.ENOTDIR:
        return _("part of the path is a file, not a folder")
    if code == errno.EISDIR:
        return _("it is a folder")
    if code in (errno.EACCES, errno.EPERM):
        return _("permission denied")
    if code == errno.ENOSPC:
        return _("the disk is full")
    if code == errno.EROFS:
        return _("the disk is read-only")
    return (exc.strerror or str(exc)).lower()


def target_file(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` replaces: the path made absolute, with a symbolic link
    followed to the file it names (the link stays a link).

    ExportError when that is a folder or not a regular file (a device such as /dev/null,
    a named pipe, a socket): the atomic rename would put a regular file in its place.
    """
    target = Path(path).absolute()
    if target.is_symlink():
        target = target.resolve()
    try:
        st = target.stat()
    except OSError:  # not there yet (or not reachable: the write says why)
        return target
    if stat.S_ISDIR(st.st_mode):
        raise ExportError(
            _("Could not write {file}: it is a folder. Nothing was written.", file=str(target))
        )
    if not stat.S_ISREG(st.st_mode):
        raise ExportError(
            _(
                "Could not write {file}: it is not a regular file (a device or a pipe). "
                "Nothing was written.",
                file=str(target),
            )
        )
    return target


def write_atomic(path: str | os.PathLike[str], data: bytes, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` atomically with file mode ``mode`` (to the file a
    symbolic link names; never over a device or a pipe, see :func:`target_file`).

    Raises ExportError (a readable sentence) on any OS error; then neither the target
    nor a temp file has been left behind (an existing target is unchanged).
    """
    target = target_file(path)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        # Translators: {reason} says why (the disk is full, permission denied, ...)
        raise ExportError(
            _(
                "Could not write {file}: {reason}. Nothing was written.",
                file=str(target),
                reason=_reason(target, exc),
            )
        ) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    with contextlib.suppress(OSError):  # the rename made durable: best effort
        fsync_dir(target.parent)
