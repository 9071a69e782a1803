"""Logging: a rotating log file in the data folder, warnings on stderr (Qt-free).

``headache-diary.log`` (mode 0600) beside the diary, at most 1 MB, with three older files
(``.1`` to ``.3``). The file is created at the first message, so a command that logs
nothing leaves no trace. What is logged: start-up, diary created/upgraded, backups made
and thinned, restores, files moved aside, warnings and errors with tracebacks. What is
never logged: notes, names, medications or any other value of the diary; the engine is
created with ``hide_parameters=True`` so SQL errors carry no values either.

For the GUI (the lead wires these):

- ``qInstallMessageHandler(lambda mode, context, message:
  log_qt_message(mode.value, message, context.category))`` routes Qt's messages here;
- in ``sys.excepthook``: call :func:`log_uncaught_exception` first, then show the dialog
  naming :func:`current_log_file`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from headache_diary.i18n import _
from headache_diary.paths import Paths, ensure_private_dir

MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
FILE_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"  # i18n: log format

# QtMsgType values: QtDebugMsg, QtWarningMsg, QtCriticalMsg, QtFatalMsg, QtInfoMsg
_QT_LEVELS = {
    0: logging.DEBUG,
    1: logging.WARNING,
    2: logging.ERROR,
    3: logging.CRITICAL,
    4: logging.INFO,
}


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler whose files are created 0600 (whatever the umask) in a data
    folder created 0700 on first use."""

    def __init__(self, filename: Path) -> None:
        super().__init__(
            filename, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
        )
        self._complained = False

    def handleError(self, record: logging.LogRecord) -> None:
        """A log file that cannot be written (a full or read-only disk) costs one line on
        stderr, not a traceback for every message; the app goes on without it."""
        if self._complained:
            return
        self._complained = True
        exc = sys.exc_info()[1]
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        # stderr may be gone as well (a desktop start without a terminal)
        with contextlib.suppress(Exception):
            # Translators: {file} is the log file, {problem} the system's reason
            message = _(
                "headache-diary: the log file {file} cannot be written ({problem}); going on "
                "without it",
                file=self.baseFilename,
                problem=str(why),
            )
            sys.stderr.write(message + "\n")

    def _open(self) -> TextIOWrapper:
        path = Path(self.baseFilename)
        if not path.parent.exists():
            ensure_private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)  # noqa: SIM115


class _OneLineFormatter(logging.Formatter):
    """For stderr: the message only, no traceback (that goes to the file)."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname} {record.name}: {record.getMessage()}"


_installed: list[logging.Handler] = []
_previous_level: list[int] = []


def setup_logging(paths: Paths, *, console: bool = True, level: int = logging.INFO) -> Path:
    """Log to ``paths.log_file`` (``level`` and above) and, with ``console``, warnings and
    errors to stderr. Replaces what an earlier call installed. Returns the log file."""
    stop_logging()
    root = logging.getLogger()
    file_handler = PrivateRotatingFileHandler(paths.log_file)
    file_handler.setLevel(level)
    file_handler.setFormatter(logging.Formatter(FILE_FORMAT))
    handlers: list[logging.Handler] = [file_handler]
    if console:
        stream = logging.StreamHandler()
        stream.setLevel(logging.WARNING)
        stream.setFormatter(_OneLineFormatter())
        handlers.append(stream)
    for h in handlers:
        root.addHandler(h)
    _installed.extend(handlers)
    _previous_level.append(root.level)
    root.setLevel(min(level, logging.WARNING))
    # Alembic's INFO lines ("Context impl SQLiteImpl.") say nothing the patient needs;
    # storage.db logs each creation and upgrade itself
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return paths.log_file


def stop_logging() -> None:
    """Remove and close the handlers :func:`setup_logging` installed (idempotent)."""
    root = logging.getLogger()
    while _installed:
        h = _installed.pop()
        root.removeHandler(h)
        h.close()
    if _previous_level:
        root.setLevel(_previous_level.pop())


@contextmanager
def logging_to(paths: Paths, *, console: bool = True) -> Iterator[Path]:
    """:func:`setup_logging` for the length of a ``with`` block (``app.main``); an
    exception that escapes the block is logged with its traceback on its way out."""
    path = setup_logging(paths, console=console)
    try:
        yield path
    except Exception as exc:
        log_uncaught_exception(type(exc), exc, exc.__traceback__)
        raise
    finally:
        stop_logging()


def current_log_file() -> Path | None:
    """The file the log goes to now (for the crash dialog), or None."""
    for h in _installed:
        if isinstance(h, RotatingFileHandler):
            return Path(h.baseFilename)
    return None


def log_qt_message(level: int, message: str, category: str | None = None) -> None:
    """Route one Qt message (``QtMsgType`` value, text, category) into the log."""
    name = category if category and category != "default" else "qt"
    if name.split(".")[0] != "qt":
        name = f"qt.{name}"
    logging.getLogger(name).log(_QT_LEVELS.get(int(level), logging.WARNING), "%s", message)


def log_uncaught_exception(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
) -> None:
    """Log an exception nobody caught, with its traceback (for ``sys.excepthook`` and
    ``threading.excepthook``). Messages of our errors and SQLAlchemy's (parameters
    hidden) carry no diary values."""
    logging.getLogger("headache_diary").critical("uncaught exception", exc_info=(exc_type, exc, tb))
