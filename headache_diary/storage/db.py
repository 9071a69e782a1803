"""Opening the diary: schema check, migrations, connection settings.

Order matters. The schema version is read through a read-only connection *before* any
PRAGMA that writes (setting WAL rewrites the header), so a diary from a newer version of
the app, or a file that is not a diary, is refused and left byte-for-byte untouched.
A new database is created from the models and stamped; an older one is backed up with
SQLite's backup API and upgraded inside one transaction with ``foreign_keys=OFF``,
followed by ``PRAGMA foreign_key_check`` before commit.

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
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from headache_diary.domain.errors import DiaryBusyError, NewerSchemaError, StorageError
from headache_diary.paths import Paths, ensure_private_dir, make_private_file
from headache_diary.storage.models import Base

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

DEFAULT_BUSY_TIMEOUT_MS = 5000
_READ_ONLY = "headache_diary_read_only"  # execution option of the read sessions' engine
_SQLITE_BUSY = 5
_REV_RE = re.compile(r"^(revision|down_revision)\s*=\s*(None|[\"'][^\"']+[\"'])", re.M)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    location = resources.files("headache_diary.storage") / "migrations"
    cfg.set_main_option("script_location", str(location))
    return cfg


def known_revisions() -> tuple[str, set[str]]:
    """(head revision, every revision this version of the app knows).

    Read from the migration files' ``revision``/``down_revision`` lines rather than through
    Alembic, so that opening an up-to-date diary does not import Alembic at all (about
    0.1 s of start-up); a test checks that the answer equals Alembic's own.
    """
    folder = resources.files("headache_diary.storage") / "migrations" / "versions"
    revs: dict[str, str | None] = {}
    for entry in folder.iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("__"):
            continue
        found = dict(m.groups() for m in _REV_RE.finditer(entry.read_text(encoding="utf-8")))
        if "revision" in found:
            down = found.get("down_revision", "None")
            revs[found["revision"].strip("\"'")] = None if down == "None" else down.strip("\"'")
    pointed_to = {d for d in revs.values() if d}
    heads = [r for r in revs if r not in pointed_to]
    if len(heads) != 1:
        raise StorageError(f"the app's migrations have {len(heads)} heads; expected one")
    return heads[0], set(revs)


def connect_read_only(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A connection that cannot write ``path``. ``immutable`` also skips locking and the
    WAL: only for files nobody writes and that have no ``-wal`` (our backups)."""
    flag = "immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"{path.as_uri()}?{flag}", uri=True)


def read_schema_version(path: Path) -> str | None:
    """The Alembic revision stored in ``path`` without writing anything to it.

    None for an empty or new database. StorageError for a file that is not a SQLite
    database or not a Headache Diary.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    uri = f"{path.as_uri()}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables:
                if tables:
                    raise StorageError(
                        f"{path} is a database, but not a Headache Diary; it was left untouched."
                    )
                return None
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None and tables - {"alembic_version"}:
                raise StorageError(
                    f"{path} has tables but no schema version, so it is not a diary this app "
                    "can trust; it was left untouched."
                )
            return row[0] if row else None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            f"{path} cannot be read as a diary: it is damaged or not a database ({exc}). "
            "It was left untouched. Copy a backup from the backups folder beside it in its "
            "place, or choose another data folder."
        ) from exc


def integrity_problem(path: Path) -> str | None:
    """SQLite's ``quick_check`` of ``path`` through a read-only connection: the first
    problem it reports, or None when the file is sound (about 50 ms for 50,000 episodes
    once the file is in the page cache)."""
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        rows = con.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        con.close()
    if rows == [("ok",)]:
        return None
    return " ".join(str(rows[0][0]).replace("***", "").split())  # one line, for the CLI


def _make_engine(db_path: Path, *, wal: bool, busy_timeout_ms: int) -> Engine:
    # hide_parameters: no note, name or medication ever reaches a log or an error message
    engine = create_engine(f"sqlite:///{db_path}", hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
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
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        if conn.get_execution_options().get(_READ_ONLY):
            conn.exec_driver_sql("PRAGMA query_only=ON")
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("PRAGMA query_only=OFF")
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" (SQLITE_BUSY and its extended codes)."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    return (
        isinstance(orig, sqlite3.OperationalError)
        and code is not None
        and code & 0xFF == _SQLITE_BUSY
    )


@dataclass
class Diary:
    """An open diary: the app context's handle on storage. One per process."""

    paths: Paths
    engine: Engine
    Session: sessionmaker[Session]
    ReadSession: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write unit of work (BEGIN IMMEDIATE): commits on success, rolls back on any
        error. DiaryBusyError when another process kept the write lock too long."""
        try:
            with self.Session() as s, s.begin():
                yield s
        except OperationalError as exc:
            if is_busy(exc):
                raise DiaryBusyError(
                    "The diary is busy: another Headache Diary window or command is writing "
                    "to it. Nothing was saved; please try again in a moment."
                ) from exc
            raise

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A read unit of work (deferred BEGIN, query_only): takes no lock, so it never
        holds up a writer; any write in it fails."""
        with self.ReadSession() as s, s.begin():
            yield s

    def close(self) -> None:
        self.engine.dispose()


def open_diary(
    paths: Paths, *, backup_keep: int = 10, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
) -> Diary:
    """Open (creating or upgrading) the diary in ``paths.data_dir``.

    An existing diary is checked first, read-only: a newer schema or a failed integrity
    check (``PRAGMA quick_check``) refuses it, untouched."""
    from headache_diary.storage import backup

    head, known = known_revisions()
    db_path = paths.database
    version = read_schema_version(db_path)
    if version is not None and version not in known:
        raise NewerSchemaError(
            f"This diary was written by a newer version of Headache Diary (schema {version}). "
            "Please update the app; the diary was left untouched."
        )
    if version is not None:
        problem = integrity_problem(db_path)
        if problem is not None:
            # never write into (or back up) a damaged file: the patient's backups stay good
            raise StorageError(
                f"The diary {db_path} is damaged ({problem}). It was left untouched. "
                f"Copy a backup from {paths.backups} in its place, or choose another data "
                "folder."
            )
    ensure_private_dir(paths.data_dir)
    if not db_path.exists():
        db_path.touch(mode=0o600)
    make_private_file(db_path)

    engine = _make_engine(db_path, wal=True, busy_timeout_ms=busy_timeout_ms)

    if version is None:
        _create(engine, head)
    elif version != head:
        backup.backup_database(db_path, paths.backups, reason=f"before-upgrade-from-{version}")
        backup.rotate(paths.backups, keep=backup_keep)
        _upgrade(engine)
    for suffix in ("", "-wal", "-shm"):
        make_private_file(Path(f"{db_path}{suffix}"))
    read_engine = engine.execution_options(**{_READ_ONLY: True})
    return Diary(
        paths,
        engine,
        sessionmaker(engine, expire_on_commit=False),
        sessionmaker(read_engine, expire_on_commit=False),
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
                        f"The diary upgrade found {len(bad)} broken references; "
                        "nothing was changed."
                    )
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
    log.info("upgraded the diary")
