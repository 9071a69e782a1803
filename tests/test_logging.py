"""The log file: private, rotating, created only when something is logged, and free of
anything the patient wrote (notes, medication names), even when a write fails."""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from headache_diary.app import main
from headache_diary.domain.episode import Medication
from headache_diary.domain.errors import StorageError
from headache_diary.logsetup import (
    current_log_file,
    log_qt_message,
    log_uncaught_exception,
    setup_logging,
    stop_logging,
)
from headache_diary.paths import Paths
from headache_diary.storage import repository

SECRET = "Tell-nobody-7f3a"


@pytest.fixture
def logged(paths: Paths) -> Iterator[Path]:
    old = os.umask(0o022)  # a permissive umask: the files must be 0600 anyway
    try:
        yield setup_logging(paths, console=False)
    finally:
        stop_logging()
        os.umask(old)


def test_nothing_is_created_until_something_is_logged(paths: Paths, logged: Path) -> None:
    assert logged == paths.log_file and current_log_file() == logged
    assert not paths.data_dir.exists()
    logging.getLogger("headache_diary.test").debug("below the level: not written")
    assert not paths.data_dir.exists()
    logging.getLogger("headache_diary.test").info("started")
    assert "INFO headache_diary.test: started" in logged.read_text("utf-8")
    assert os.stat(logged).st_mode & 0o777 == 0o600
    assert os.stat(paths.data_dir).st_mode & 0o777 == 0o700


def test_the_log_rotates_and_every_file_stays_private(logged: Path) -> None:
    handler = next(h for h in logging.getLogger().handlers if hasattr(h, "maxBytes"))
    handler.maxBytes = 2_000  # type: ignore[attr-defined]
    for i in range(100):
        logging.getLogger("headache_diary.test").info("line %d %s", i, "x" * 50)
    files = sorted(logged.parent.glob("headache-diary.log*"))
    assert [f.name for f in files] == [
        "headache-diary.log",
        "headache-diary.log.1",
        "headache-diary.log.2",
        "headache-diary.log.3",
    ]
    assert all(os.stat(f).st_mode & 0o777 == 0o600 for f in files)
    assert "line 99" in logged.read_text("utf-8")


def test_stop_logging_removes_the_handlers(paths: Paths) -> None:
    before = list(logging.getLogger().handlers)
    setup_logging(paths)
    setup_logging(paths)  # a second call replaces, never stacks
    assert len(logging.getLogger().handlers) == len(before) + 2
    stop_logging()
    assert logging.getLogger().handlers == before and current_log_file() is None
    logging.getLogger("headache_diary.test").warning("after stop")
    assert not paths.data_dir.exists()


def test_qt_messages_and_uncaught_exceptions_reach_the_file(logged: Path) -> None:
    log_qt_message(1, "QFont::setPointSize: Point size <= 0 (-1)", "qt.text.font")
    log_qt_message(0, "a debug message below the level")
    log_qt_message(2, "critical", "default")
    try:
        raise ValueError("something broke")
    except ValueError as exc:
        log_uncaught_exception(type(exc), exc, exc.__traceback__)
    text = logged.read_text("utf-8")
    assert "WARNING qt.text.font: QFont::setPointSize" in text
    assert "ERROR qt: critical" in text
    assert "debug message" not in text
    assert "CRITICAL headache_diary: uncaught exception" in text
    assert "Traceback" in text and "ValueError: something broke" in text


@pytest.mark.parametrize("where", ["notes", "medication name"])
def test_a_failed_write_keeps_the_patients_words_out_of_log_and_error(
    logged: Path, diary, make_episode, where
) -> None:
    big = f"{SECRET} " * 20_000  # far more than the pages left
    ep = make_episode(
        "2026-03-01 08:00",
        notes=big if where == "notes" else f"{SECRET} small",
        trigger_note=SECRET,
        medications=[Medication(big if where != "notes" else SECRET, "nsaid", "good")],
    )
    with pytest.raises(StorageError, match="the disk is full") as err, diary.session() as s:
        conn = s.connection()
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        conn.exec_driver_sql(f"PRAGMA max_page_count={pages}")  # a full disk
        repository.save_episode(s, ep)
    diary.close()  # the pooled connection keeps its max_page_count: drop it
    logging.getLogger("headache_diary.services").error(
        "saving an episode failed", exc_info=err.value
    )

    # the values did go to SQLite; hide_parameters is what keeps them out of the text
    cause = err.value.__cause__
    assert isinstance(cause, OperationalError)
    assert SECRET in repr(cause.params)
    shown = "".join(traceback.format_exception(err.value))
    assert "SQL parameters hidden" in shown
    assert SECRET not in shown and SECRET not in str(err.value)
    text = logged.read_text("utf-8")
    assert "saving an episode failed" in text and "database or disk is full" in text
    assert SECRET not in text


def test_command_line_runs_log_to_the_data_folder(capsys, tmp_path: Path) -> None:
    data = tmp_path / "data"
    src = tmp_path / "in.csv"
    src.write_text(f"started_at,side,notes\r\n2026-03-01T08:15:00+01:00,left,{SECRET}\r\n", "utf-8")
    old = os.umask(0o022)
    try:
        assert main(["import", str(src), "--data-dir", str(data)]) == 0
        assert main(["backup", "--data-dir", str(data)]) == 0
    finally:
        os.umask(old)
    capsys.readouterr()
    text = (data / "headache-diary.log").read_text("utf-8")
    assert "created a new diary" in text and "backup made" in text
    assert SECRET not in text
    assert current_log_file() is None  # main() took its handlers away again


def test_a_log_file_that_cannot_be_written_costs_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    setup_logging(Paths(blocker / "data"), console=False)  # a path under a regular file
    try:
        for i in range(3):
            logging.getLogger("headache_diary.test").warning("message %d", i)
    finally:
        stop_logging()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be written" in err and "Traceback" not in err
