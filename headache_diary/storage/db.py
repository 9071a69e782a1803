"""Opening the diary: checks, migrations, connection settings, units of work.

Order matters. Everything is checked through a read-only connection *before* anything
writes (setting WAL rewrites the header): the schema version (a newer one is refused),
``PRAGMA quick_check`` (a damaged file is refused) and the tables and columns against what
the stamped revision creates (``storage.files``; a mismatch is refused). A refused diary
is left byte-for-byte untouched and the error names the newest good backup and the command
that restores it. A new database is created from the models and stamped; an older one is
backed up with SQLite's backup API (into ``backups/before-upgrade/``, never thinned) and
upgraded inside one transaction with ``foreign_keys=OFF``, followed by
``PRAGMA foreign_key_check`` before commit. A failed upgrade rolls back completely and
leaves the diary as it was. Then, at the first start of a day, a daily backup is made.

Transactions (several processes share one diary: the window, and command-line commands
such as the quick log, which never take the window's lock):

- :meth:`Diary.session` is a *write* unit of work. It begins with ``BEGIN IMMEDIATE``, so
  it holds the write lock from its first statement: a read-then-write transaction can never
  fail with SQLITE_BUSY_SNAPSHOT because another process committed in between. A second
  writer waits for the lock up to the busy timeout (5 s) and then gets DiaryBusyError.
- :meth:`Diary.read_session` is a *read* unit of work: a plain (deferred) ``BEGIN`` that
  takes no lock, so a long export or analysis never holds up a writer (WAL readers see a
  consistent snapshot). It runs with ``PRAGMA query_only``: a write in it fails at once
  instead of becoming a deferred writer.

(About 370 lines: the order of the checks, the upgrade and the connection settings is the
contract that keeps a diary untouched when anything is wrong, so it is read in one place;
the read-only look at a file itself is ``storage.files``.)
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from headache_diary.domain.errors import (
    DamagedDiaryError,
    DiaryBusyError,
    DiaryError,
    MigrationError,
    NewerSchemaError,
    SchemaMismatchError,
    StorageError,
    UnusableDiaryError,
)
from headache_diary.domain.jobs import Job
from headache_diary.domain.keys import DiaryKey
from headache_diary.i18n import _, ngettext
from headache_diary.paths import Paths, ensure_private_dir, make_private_file
from headache_diary.storage import backup, cipher
from headache_diary.storage.cipher import passphrase_error
from headache_diary.storage.errors import readable
from headache_diary.storage.files import DEFAULT_BUSY_TIMEOUT_MS, FileCheck, check_file
from headache_diary.storage.models import Base
from headache_diary.storage.restore import newest_good_backup, restore_hint
from headache_diary.storage.schema import alembic_config, known_revisions

log = logging.getLogger(__name__)

_READ_ONLY = "headache_diary_read_only"  # execution option of the read sessions' engine
_SQLITE_BUSY = 5
#: SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN: the connection may be unusable for good
#: (SQLite opens a file it cannot write read-only and never reopens it)
_DISCARD_CONNECTION = frozenset({8, 10, 14})


# --- read-only checks -----------------------------------------------------------------


def _unusable(paths: Paths, found: FileCheck) -> StorageError:
    """The error for a diary that cannot be opened as it is, naming what to do."""
    db = paths.database
    if found.status == "newer":
        return NewerSchemaError(
            _(
                "This diary was written by a newer version of Headache Diary (schema "
                "{version}). Please update the app; the diary was left untouched.",
                version=str(found.version),
            )
        )
    good = newest_good_backup(paths)
    # Translators: {file} is the diary file, {problem} what is wrong with it
    if found.status == "damaged":
        what = _(
            "The diary {file} is damaged or not a database ({problem}). It was left untouched.",
            file=str(db),
            problem=str(found.problem),
        )
    elif found.status == "foreign":
        what = _(
            "{file} cannot be used as a diary: {problem}. It was left untouched.",
            file=str(db),
            problem=str(found.problem),
        )
    else:
        what = _(
            "The diary {file} does not have the tables its schema version {version} should "
            "have ({problem}); it may have been written by a test build of the app or "
            "changed by another program. It was left untouched.",
            file=str(db),
            version=str(found.version),
            problem=str(found.problem),
        )
    hint = restore_hint(paths, good, readable=found.status == "mismatch")
    message = f"{what} {hint}"  # two whole sentences
    cls: type[UnusableDiaryError] = (
        SchemaMismatchError if found.status == "mismatch" else DamagedDiaryError
    )
    return cls(
        message, path=db, problem=found.problem or found.status, backup=good.path if good else None
    )


def refuse_read_only(paths: Paths) -> None:
    """StorageError when the diary's folder or file exists but cannot be written (a
    read-only disk or mount, a locked memory card, another account's files).

    Checked before the read-only checks, because SQLite cannot even read a WAL diary
    without creating its ``-shm`` file: that failure must not be taken for damage (and the
    patient offered to set a sound diary aside).
    """
    for target in (paths.data_dir, paths.database):
        if target.exists() and not os.access(target, os.W_OK):
            raise StorageError(
                _(
                    "The diary cannot be opened because {path} is read-only (a read-only "
                    "disk, or no permission to write there). Nothing was changed. Make the "
                    "folder writable, or start Headache Diary with --data-dir on a writable "
                    "copy of it.",
                    path=str(target),
                )
            )


def check_diary(paths: Paths, *, integrity: bool = True) -> str | None:
    """The read-only checks of :func:`open_diary`: the diary's revision (None for a new or
    empty one), or NewerSchemaError / DamagedDiaryError / SchemaMismatchError."""
    found = check_file(paths.database, integrity=integrity, key=paths.keyring.key)
    if found.status == "new":
        return None
    if found.status == "locked":
        if paths.keyring.key is not None:
            raise passphrase_error(paths, wrong=True)
        if cipher.expects_key(paths):
            raise passphrase_error(paths, wrong=False)
        # never protected here: damaged (or an encrypted diary copied from elsewhere; it
        # is only ever moved aside, never changed)
        found = FileCheck("damaged", problem=_(cipher.NOT_PLAIN))
    if not found.ok:
        raise _unusable(paths, found)
    return found.version


# --- engine and units of work -----------------------------------------------------------


def _make_engine(
    db_path: Path, *, wal: bool, busy_timeout_ms: int, key: DiaryKey | None = None
) -> Engine:
    # hide_parameters: no note, name or medication ever reaches a log or an error message
    if key is None:
        engine = create_engine(f"sqlite:///{db_path}", hide_parameters=True)
    else:
        # SQLCipher (storage.cipher): the dialect sends PRAGMA key with the URL's
        # password, here the raw key and salt (never the passphrase); the URL's repr
        # masks it. The same pool as a plain diary's: each worker thread its connection.
        url = URL.create("sqlite+pysqlcipher", password=key.sql(), database=str(db_path))
        engine = create_engine(url, hide_parameters=True, poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # let SQLAlchemy emit BEGIN itself (the pysqlite transaction recipe)
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        if wal:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(_READ_ONLY):
            conn.exec_driver_sql("PRAGMA query_only=ON")
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("PRAGMA query_only=OFF")
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _sqlite_code(exc: BaseException) -> int | None:
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    return code if isinstance(code, int) else None


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" (SQLITE_BUSY and its extended codes)."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    # sqlite3's OperationalError, or sqlcipher3's (not a subclass of it)
    return (
        type(orig).__name__ == "OperationalError"
        and isinstance(code, int)
        and code & 0xFF == _SQLITE_BUSY
    )


@dataclass
class Diary:
    """An open diary: the app context's handle on storage. One per process."""

    paths: Paths
    engine: Engine
    session_factory: sessionmaker[Session]
    read_factory: sessionmaker[Session]

    @contextmanager
    def session(self, job: Job | None = None) -> Iterator[Session]:
        """A write unit of work (BEGIN IMMEDIATE): commits on success, rolls back on any
        error. DiaryBusyError when another process kept the write lock too long."""
        with self._unit(self.session_factory, job) as s:
            yield s

    @contextmanager
    def read_session(self, job: Job | None = None) -> Iterator[Session]:
        """A read unit of work (deferred BEGIN, query_only): takes no lock, so it never
        holds up a writer; any write in it fails."""
        with self._unit(self.read_factory, job) as s:
            yield s

    @contextmanager
    def _unit(self, factory: sessionmaker[Session], job: Job | None) -> Iterator[Session]:
        """The one place where database failures become readable errors: any SQLAlchemy
        or sqlite3 error inside the block (or at commit) is raised as a StorageError (see
        storage.errors), never as a driver exception.

        With a ``job``, cancelling it interrupts the statement running on this unit of
        work's connection (``sqlite3.Connection.interrupt``); the block then fails with
        :class:`~headache_diary.domain.errors.Cancelled` and everything is rolled back.
        """
        watched: int | None = None
        try:
            with factory() as s, s.begin():
                if job is not None:
                    raw = s.connection().connection.dbapi_connection
                    if raw is not None:
                        watched = job.watch(raw.interrupt)
                try:
                    yield s
                finally:
                    if job is not None and watched is not None:
                        job.unwatch(watched)
                if job is not None:
                    job.check()  # cancelled after the last statement: roll back all the same
        except OperationalError as exc:
            if is_busy(exc):
                raise DiaryBusyError(
                    _(
                        "The diary is busy: another Headache Diary window or command is "
                        "writing to it. Nothing was saved; please try again in a moment."
                    )
                ) from exc
            code = _sqlite_code(exc)
            if code is not None and code & 0xFF in _DISCARD_CONNECTION:
                # a connection opened while the folder was read-only stays read-only (and
                # keeps the mount busy): close the pooled ones, so that a retry once the
                # folder is writable again opens fresh connections
                self.engine.dispose()
            raise readable(exc, self.paths.data_dir) from exc
        except cipher.driver_errors(SQLAlchemyError) as exc:
            raise readable(exc, self.paths.data_dir) from exc

    def close(self) -> None:
        self.engine.dispose()


def open_diary(
    paths: Paths,
    *,
    daily_backup: bool = True,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    integrity: bool = True,
) -> Diary:
    """Open (creating or upgrading) the diary in ``paths.data_dir``.

    ``integrity=False`` leaves out ``PRAGMA quick_check`` (45 ms on 50,000 episodes, and
    growing with the file) for commands that only read: reading cannot make damage worse,
    and a damaged page still fails the read with a clear error. Everything that writes
    (the window, import, the daily commands, an upgrade) is checked first. The schema
    version and tables are checked either way.

    Raises NewerSchemaError, DamagedDiaryError or SchemaMismatchError (the diary left
    untouched, the newest good backup named in the error), MigrationError (the upgrade
    failed and was rolled back) or StorageError. At the first open of a day an existing
    diary gets a daily backup (``storage.backup.ensure_daily_backup``); a failure there is
    logged and does not stop the diary from opening.
    """
    head, _known = known_revisions()
    db_path = paths.database
    refuse_read_only(paths)
    version = check_diary(paths, integrity=integrity)
    # a plain file is opened plain whatever the keyring holds (check_diary opened an
    # encrypted one with the key, or refused it)
    key = paths.keyring.key if cipher.is_encrypted(db_path) else None
    if key is None and version is not None and cipher.expects_key(paths):
        # a plain diary under a marker: an encrypt killed before its swap, or a decrypt
        # after it; the marker would make a damaged file look protected
        cipher.set_marker(paths, False)
    if version is not None and version != head and not integrity:
        version = check_diary(paths)  # an upgrade writes: checked in full first
    ensure_private_dir(paths.data_dir)
    if not db_path.exists():
        db_path.touch(mode=0o600)
    make_private_file(db_path)

    if version is not None and version != head:
        _backup_and_upgrade(paths, version, busy_timeout_ms, key)
    engine = _make_engine(db_path, wal=True, busy_timeout_ms=busy_timeout_ms, key=key)
    try:
        if version is None:
            _create(engine, head)
    except BaseException:
        engine.dispose()
        raise
    for suffix in ("", "-wal", "-shm"):
        make_private_file(Path(f"{db_path}{suffix}"))
    read_engine = engine.execution_options(**{_READ_ONLY: True})
    diary = Diary(
        paths,
        engine,
        sessionmaker(engine, expire_on_commit=False),
        sessionmaker(read_engine, expire_on_commit=False),
    )
    if key is not None:
        _finish_backups(paths, key)
    if daily_backup and version is not None:
        try:
            backup.ensure_daily_backup(paths)
        except cipher.driver_errors(OSError, DiaryError) as exc:  # the diary is fine
            log.warning("the daily backup failed: %s", exc)
    return diary


def _finish_backups(paths: Paths, key: DiaryKey) -> None:
    """Backups a killed ``encrypt`` left plain are encrypted now (a header read per
    backup when there are none: only for an encrypted diary)."""
    from headache_diary.storage.protect import backups_to_follow, follow_backups

    try:
        if backups_to_follow(paths):
            done, left, _gone = follow_backups(paths, key, key)
            log.warning(
                "encrypted %d backups left plain; %d left as they were", len(done), len(left)
            )
    except cipher.driver_errors(OSError, DiaryError) as exc:  # the diary itself is fine
        log.warning("backups could not be brought to the diary's protection: %s", exc)


def _backup_and_upgrade(
    paths: Paths, version: str, busy_timeout_ms: int, key: DiaryKey | None
) -> None:
    """Pre-upgrade backup, then every migration in one transaction.

    The upgrade connection does not switch the journal mode (that rewrites the header), so
    a failed upgrade leaves even a rollback-journal diary byte-for-byte as it was. An
    encrypted diary's pre-upgrade copy is encrypted with the same key.
    """
    started = time.perf_counter()
    kept = backup.backup_database(
        paths.database,
        paths.upgrade_backups,
        kind=f"{backup.BEFORE_UPGRADE}-from-{version}",
        key=key,
    )
    engine = _make_engine(paths.database, wal=False, busy_timeout_ms=busy_timeout_ms, key=key)
    try:
        _upgrade(engine)
    except Exception as exc:
        log.exception("upgrading the diary from schema %s failed", version)
        # Translators: {problem} is the name of the error (Python's), {backup} and {log}
        # are files
        raise MigrationError(
            _(
                "Upgrading your diary to this version of Headache Diary failed ({problem}); "
                "your diary was left as it was. A copy taken before the upgrade is {backup}. "
                "Details are in {log}.",
                problem=exc.__class__.__name__,
                backup=str(kept),
                log=str(paths.log_file),
            ),
            backup=kept,
        ) from exc
    finally:
        engine.dispose()
    log.info(
        "upgraded the diary from schema %s in %.2f s (backup %s)",
        version,
        time.perf_counter() - started,
        kept.name,
    )


def _create(engine: Engine, head: str) -> None:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        ctx = MigrationContext.configure(conn)
        ctx.stamp(ScriptDirectory.from_config(alembic_config()), head)
    log.info("created a new diary at schema %s", head)


def _upgrade(engine: Engine) -> None:
    from alembic import command

    with engine.connect() as conn:
        # on the DBAPI connection (autocommit): through conn it would autobegin a
        # transaction, and SQLite ignores foreign_keys inside a transaction
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise StorageError(
                        ngettext(
                            "The diary upgrade found {count} broken reference; "
                            "nothing was changed.",
                            "The diary upgrade found {count} broken references; "
                            "nothing was changed.",
                            len(bad),
                        )
                    )
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
