"""Helpers the storage and migration tests share: diaries made at an old schema revision
(as that revision's app wrote them), a database's schema, and the derived episode columns
checked against their child rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Engine, create_engine, text

from headache_diary.domain import vocab
from headache_diary.domain.episode import Episode
from headache_diary.paths import Paths, ensure_private_dir
from headache_diary.storage import repository
from headache_diary.storage.db import Diary
from headache_diary.storage.models import LOCATION_BITS, SYMPTOM_BITS
from headache_diary.storage.schema import alembic_config


@contextmanager
def diary_at(paths: Paths, revision: str) -> Iterator[Engine]:
    """A new diary at ``paths`` with the schema of ``revision`` (the migrations up to it,
    committed): its engine, for the block to fill it in; disposed of afterwards."""
    ensure_private_dir(paths.data_dir)
    engine = create_engine(f"sqlite:///{paths.database}")
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        yield engine
    finally:
        engine.dispose()


def make_0001_diary(paths: Paths, episode: Episode) -> None:
    """A diary at schema 0001 holding ``episode`` (the columns 0001 has, with the
    repository's values)."""
    with diary_at(paths, "0001") as engine, engine.begin() as conn:
        # the 0001 schema knows episodes only
        columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(episode)")}
        values = {k: v for k, v in repository.episode_values(episode).items() if k in columns}
        conn.execute(
            text(
                f"INSERT INTO episode ({', '.join(values)}) "
                f"VALUES ({', '.join(':' + k for k in values)})"
            ),
            values,
        )


def make_0002_diary(paths: Paths, episodes: list[Episode]) -> None:
    """A diary at schema 0002 holding ``episodes`` as that version wrote them: child rows
    for the codes, no row for an empty list, no recorded_flags/location_bits columns."""
    with diary_at(paths, "0002") as engine, engine.begin() as conn:
        columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(episode)")]
        assert "recorded_flags" not in columns
        for pk, ep in enumerate(episodes, start=1):
            values = repository.episode_values(ep)
            row = {"pk": pk, **{k: v for k, v in values.items() if k in columns}}
            # what 0002 stored: the flags of the codes, nothing for "none"
            conn.execute(
                text(
                    f"INSERT INTO episode ({', '.join(row)}) "
                    f"VALUES ({', '.join(':' + k for k in row)})"
                ),
                row,
            )
            for table, codes in (
                ("episode_trigger", ep.triggers or []),
                ("episode_symptom", ep.symptoms or []),
                ("episode_location", ep.pain_locations),
            ):
                for code in codes:
                    conn.exec_driver_sql(
                        f"INSERT INTO {table} (episode_pk, code) VALUES (?, ?)", (pk, code)
                    )
            for i, m in enumerate(ep.medications):
                conn.exec_driver_sql(
                    "INSERT INTO medication (episode_pk, position, name, med_class, relief,"
                    " taken_utc, taken_local_date) VALUES (?, ?, ?, ?, ?, NULL, ?)",
                    (pk, i, m.name, m.med_class, m.relief, values["start_local_date"]),
                )


def schema_of(db: Path) -> dict[str, list[Any]]:
    """Columns (name, type, not null, default) and indexes (name, columns) of every table."""
    con = sqlite3.connect(db)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        out: dict[str, list[Any]] = {}
        for t in tables:
            cols = [tuple(r[1:5]) for r in con.execute(f"PRAGMA table_info({t})")]
            idx = sorted(
                (r[1], tuple(c[2] for c in con.execute(f"PRAGMA index_info({r[1]})")))
                for r in con.execute(f"PRAGMA index_list({t})")
            )
            out[t] = [cols, idx]
        return out
    finally:
        con.close()


def check_derived(diary: Diary) -> int:
    """Assert every episode row's derived columns against its child rows; returns how many
    rows were checked. Independent of the repository: the flags are recomputed here from
    DESIGN.md's definitions and the stored symptom bits."""
    sql = """
        SELECT e.id, e.start_local_date, e.start_month, e.trigger_flags, e.symptom_bits,
               e.started_utc, e.ended_utc, e.duration_s, e.recorded_flags, e.location_bits,
               (SELECT group_concat(code, ' ') FROM episode_trigger t WHERE t.episode_pk = e.pk),
               (SELECT group_concat(code, ' ') FROM episode_symptom s WHERE s.episode_pk = e.pk),
               (SELECT group_concat(code, ' ') FROM episode_location l WHERE l.episode_pk = e.pk)
        FROM episode e
    """
    with diary.session() as s:
        rows = s.execute(text(sql)).all()
    for row in rows:
        ep_id, day, month, flags, bits, started, ended, secs, recorded, loc_bits = row[:10]
        triggers, symptoms, locations = (set((codes or "").split()) for codes in row[10:])
        movement = bool(triggers & set(vocab.MOVEMENT_TRIGGERS))
        pressure = "neck_pressure" in triggers
        assert month == day[:7], ep_id
        assert secs == (None if ended is None else ended - started), ep_id
        assert flags == movement + 2 * pressure, (ep_id, triggers)
        assert bits == sum(SYMPTOM_BITS[c] for c in symptoms - {"none"}), (ep_id, symptoms)
        assert loc_bits == sum(LOCATION_BITS[c] for c in locations), (ep_id, locations)
        # "none" is a complete answer on its own; any row (a code or none) means recorded
        for codes in (triggers, symptoms):
            assert "none" not in codes or codes == {"none"}, (ep_id, codes)
        assert recorded == bool(triggers) + 2 * bool(symptoms), (ep_id, triggers, symptoms)
    return len(rows)
