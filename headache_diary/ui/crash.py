"""What happens to the unexpected in the window: Qt's messages go to the log file, and an
exception nobody caught is logged with its traceback and shown to the patient, saying
where the log is, instead of vanishing (the app may have been started from a menu, with
no terminal to print to).

Installed by the composition root for the real app only (``app.run_app``): the tests keep
pytest-qt's own Qt message handler, which fails a test on a Qt warning.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from headache_diary.i18n import _
from headache_diary.logsetup import current_log_file, log_qt_message, log_uncaught_exception
from headache_diary.ui.appinfo import APP_NAME


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    log_qt_message(mode.value, message, context.category)


def crash_text(exc: BaseException) -> str:
    log = current_log_file()
    error = f"{exc.__class__.__name__}: {exc}"  # i18n: the exception as Python names it
    if log:
        return _(
            "Something went wrong: {error}\n\nEverything you saved is safe in your diary. "
            "If something you were doing did not finish, please try it again. The details "
            "were written to {log}.",
            error=error,
            log=str(log),
        )
    return _(
        "Something went wrong: {error}\n\nEverything you saved is safe in your diary. "
        "If something you were doing did not finish, please try it again. The details "
        "were logged.",
        error=error,
    )


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    log_uncaught_exception(exc_type, exc, tb)
    if issubclass(exc_type, KeyboardInterrupt):
        return
    app = QApplication.instance()
    if app is not None and threading.current_thread() is threading.main_thread():
        QMessageBox.critical(None, APP_NAME, crash_text(exc))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        log_uncaught_exception(args.exc_type, args.exc_value, args.exc_traceback)


def install() -> None:
    """Route Qt's messages into the log and catch what nobody else caught."""
    qInstallMessageHandler(_qt_message)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
