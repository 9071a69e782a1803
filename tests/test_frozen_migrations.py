"""Frozen migrations: committed revision files never change, a diary's tables must match
its stamped revision, and a failed migration leaves the diary as it was."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from importlib import resources
from pathlib import Path

import pytest

from headache_diary.domain.errors import MigrationError, SchemaMismatchError
from headache_diary.paths import Paths
from headache_diary.storage import repository, schema
from headache_diary.storage.backup import make_backup
from headache_diary.storage.db import open_diary
from headache_diary.storage.files import connect_read_only, read_schema_version
from headache_diary.storage.schema import describe, expected_schemas, generate, render
from tests.support_storage import make_0001_diary

# sha256 of every committed revision file (line endings normalised to \n).
#
# A committed migration is NEVER edited: a diary stamped by it must have exactly what it
# creates, and storage/schemas.json records that. To change the schema, add a new
# revision file, then:
#   1. pin it here: python -c "import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],
#      'rb').read().replace(b'\r\n', b'\n')).hexdigest())" <file>
#   2. regenerate the expected schemas: .venv/bin/python -m headache_diary.storage.schema
# Never change an existing line of PINS (or an existing entry of schemas.json).
PINS = {
    "0001_initial.py": "8557849ba5985f05392ee3bb9e610c9d0f79e9784b8b90c6daa2f49231de9cf1",
    "0002_personal_details.py": "4a7ffb29019681e95df790919cb993739e75ee88d505f155c22322e058180b0c",
    "0003_history.py": "5b5d91db56b872cecc1c3c5e7734e26c18cc21d928a171885b2b6980b174eda6",
    "0004_recorded_answers.py": "d93a7b6190a13fad0ebdde5a9408865af2180145e0d91ce43f1f8961a4701544",
    "0005_check_ins.py": "2a204bddd554670765751e8f229a61c91fdf5ef5d1614e692f368507706ea1f5",
    "0006_medication.py": "bf14ef25a7dccae5c116a53cbdd426a1055c3ee21bb7ce1f019bb9d16137711a",
    "0007_plan_for_headache.py": "537e4e94e4521db975fd743163cd87189d793be75aa7f86e10c23346d1f23464",
    "0008_neck_workup.py": "91f063a8080c2c576d2f70627ae9631ed3b215eac20c4d659e6a1de0243fdcdc",
}

VERSIONS = resources.files("headache_diary.storage") / "migrations" / "versions"


def _revision_files() -> dict[str, bytes]:
    return {
        f.name: f.read_bytes().replace(b"\r\n", b"\n")
        for f in VERSIONS.iterdir()
        if f.name.endswith(".py") and not f.name.startswith("__")
    }


def test_every_revision_file_is_pinned_and_unchanged() -> None:
    files = _revision_files()
    assert sorted(files) == sorted(PINS), "pin each new revision file in PINS (see above)"
    for name, data in files.items():
        assert hashlib.sha256(data).hexdigest() == PINS[name], (
            f"{name} was edited after it was committed; restore it and add a new revision"
        )


def test_expected_schemas_are_generated_from_the_migrations() -> None:
    committed = (resources.files("headache_diary.storage") / "schemas.json").read_text("utf-8")
    assert committed == render(generate()), (
        "storage/schemas.json is stale: run .venv/bin/python -m headache_diary.storage.schema"
    )
    assert set(expected_schemas()) == schema.known_revisions()[1]


def test_a_new_diary_has_exactly_the_head_schema(paths: Paths, diary) -> None:
    head = schema.known_revisions()[0]
    con = connect_read_only(paths.database)
    try:
        assert describe(con) == expected_schemas()[head]
    finally:
        con.close()


def _drop(paths: Paths, *sql: str) -> bytes:
    con = sqlite3.connect(paths.database)
    for statement in sql:
        con.execute(statement)
    con.commit()
    con.close()
    return paths.database.read_bytes()


@pytest.mark.parametrize(
    ("sql", "problem"),
    [
        (
            ["ALTER TABLE episode DROP COLUMN symptom_bits"],
            "column episode.symptom_bits is missing",
        ),
        (["ALTER TABLE episode ADD COLUMN mood TEXT"], "column episode.mood is unexpected"),
        (["DROP TABLE personal_details"], "table personal_details is missing"),
        (["DROP INDEX ix_episode_day"], "index ix_episode_day is missing"),
    ],
)
def test_a_diary_that_does_not_match_its_revision_is_refused_untouched(
    paths: Paths, sql, problem
) -> None:
    open_diary(paths).close()
    make_backup(paths)
    before = _drop(paths, *sql)
    with pytest.raises(
        SchemaMismatchError, match=f"schema version {schema.known_revisions()[0]}.*{problem}"
    ) as err:
        open_diary(paths)
    assert paths.database.read_bytes() == before
    assert "kept as a backup" in str(err.value)  # readable: restore would keep it


def test_an_old_build_of_0001_is_refused_instead_of_upgraded(paths: Paths, make_episode) -> None:
    """The issue's case: 0001 was edited after diaries were stamped with it. A diary
    stamped 0001 without the later-added derived columns must not be upgraded as if it
    had them."""
    make_0001_diary(paths, make_episode("2026-03-01 08:00"))
    before = _drop(
        paths, "DROP INDEX ix_episode_month", "ALTER TABLE episode DROP COLUMN trigger_flags"
    )
    with pytest.raises(SchemaMismatchError, match="episode.trigger_flags is missing"):
        open_diary(paths)
    assert paths.database.read_bytes() == before
    assert not paths.backups.exists()  # refused before anything, a backup included


BOOM = textwrap.dedent(
    '''
    """A revision that fails halfway (tests only)."""
    import sqlalchemy as sa
    from alembic import op

    revision = "9999_boom"
    down_revision = "{head}"
    branch_labels = None
    depends_on = None


    def upgrade() -> None:
        op.add_column("episode", sa.Column("mood", sa.Text(), nullable=True))
        op.execute("UPDATE episode SET mood = 'halfway', notes = 'overwritten'")
        op.create_table("boom", sa.Column("id", sa.Integer(), primary_key=True))
        op.drop_table("personal_details")
        raise RuntimeError("this migration fails halfway")


    def downgrade() -> None:
        pass
    '''
)


def _add_failing_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's migrations plus a revision on the head that raises after changing things."""
    source = resources.files("headache_diary.storage") / "migrations"
    copy = tmp_path / "migrations"
    with resources.as_file(source) as folder:
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("__pycache__"))
    boom = BOOM.replace("{head}", schema.known_revisions()[0])
    (copy / "versions" / "9999_boom.py").write_text(boom, "utf-8")
    monkeypatch.setattr(schema, "_migrations_dir", lambda: copy)


def _episodes(path: Path) -> list[tuple]:
    con = connect_read_only(path, immutable=True)
    try:
        return con.execute("SELECT id, notes FROM episode ORDER BY id").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("start", ["head in WAL mode", "0001 with a rollback journal"])
def test_a_failed_migration_leaves_the_diary_byte_for_byte(
    paths: Paths, make_episode, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start
) -> None:
    if start.startswith("head"):
        d = open_diary(paths)
        with d.session() as s:
            repository.save_episode(s, make_episode("2026-03-01 08:00", notes="keep me"))
        d.close()
    else:
        make_0001_diary(paths, make_episode("2026-03-01 08:00", notes="keep me"))
    version = read_schema_version(paths.database)
    before = paths.database.read_bytes()
    _add_failing_revision(tmp_path, monkeypatch)

    with pytest.raises(MigrationError, match="left as it was") as err:
        open_diary(paths)

    assert paths.database.read_bytes() == before
    assert not Path(f"{paths.database}-journal").exists()
    wal = Path(f"{paths.database}-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # no committed frame either
    kept = err.value.backup
    assert kept is not None and kept.parent == paths.upgrade_backups
    assert kept.name.endswith(f"-before-upgrade-from-{version}.sqlite3")
    assert read_schema_version(kept) == version
    assert _episodes(kept) == _episodes(paths.database)
    assert _episodes(paths.database)[0][1] == "keep me"


def test_the_diary_opens_normally_once_the_failing_revision_is_gone(
    paths: Paths, make_episode, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    d = open_diary(paths)
    d.close()
    original = schema._migrations_dir
    _add_failing_revision(tmp_path, monkeypatch)
    with pytest.raises(MigrationError):
        open_diary(paths)
    monkeypatch.setattr(schema, "_migrations_dir", original)
    d = open_diary(paths)
    d.close()
    assert read_schema_version(paths.database) == schema.known_revisions()[0]
    assert len(list(paths.upgrade_backups.iterdir())) == 1  # the pre-upgrade copy stays


def test_opening_an_up_to_date_diary_imports_no_alembic(paths: Paths, diary) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from headache_diary.paths import Paths
        from headache_diary.storage.db import open_diary
        open_diary(Paths(Path({str(paths.data_dir)!r})), daily_backup=False).close()
        print("alembic" in sys.modules)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "False"
