"""Migration 0006 (medication plan, doses outside episodes): a 0005 diary with data (episodes
and a check-in) is backed up and upgraded, keeps everything it had, gets the two empty
tables (usable at once), and its schema equals a new diary's; the downgrade drops them
again."""

from __future__ import annotations

from datetime import date, datetime

from alembic import command
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from headache_diary.domain.checkin import CheckIn
from headache_diary.domain.episode import Medication
from headache_diary.domain.medication import AcuteDose, PlanEntry
from headache_diary.domain.timeutil import zone_for
from headache_diary.paths import Paths
from headache_diary.services import medication
from headache_diary.storage import daily, repository
from headache_diary.storage.db import open_diary
from headache_diary.storage.files import read_schema_version
from headache_diary.storage.schema import alembic_config, known_revisions
from tests.support import ZONE, ctx_of, summary_json
from tests.support_storage import diary_at, schema_of

TODAY = date(2026, 3, 31)


CHECK_IN = CheckIn(date(2026, 3, 3), True, 2, "fine")


def _make_0005_diary(paths: Paths, episodes: list) -> None:
    """A diary at schema 0005 (the revision before this one) holding ``episodes`` and
    :data:`CHECK_IN`."""
    with diary_at(paths, "0005") as engine, Session(engine) as s, s.begin():
        repository.insert_episodes(s, episodes)
        daily.save_check_in(s, CHECK_IN)


def test_the_revision_follows_the_check_ins() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_revision("0006").down_revision == "0005"
    assert {"0005", "0006"} <= known_revisions()[1]


def test_a_0005_diary_with_data_is_upgraded(paths: Paths, make_episode) -> None:
    eps = [
        make_episode(
            "2026-03-01 08:15",
            triggers=["neck_movement"],
            medications=[Medication("Sumatriptan 50 mg", "triptan", "some")],
        ),
        make_episode("2026-03-02 09:00", side="right", hours=None),
    ]
    _make_0005_diary(paths, eps)
    assert read_schema_version(paths.database) == "0005"
    diary = open_diary(paths)
    try:
        assert read_schema_version(paths.database) == known_revisions()[0]
        assert list(paths.upgrade_backups.glob("diary-*before-upgrade-from-0005*.sqlite3"))
        with diary.read_session() as s:
            assert {e.id for e in repository.iter_episodes(s)} == {e.id for e in eps}
            assert daily.check_ins(s) == [CHECK_IN]
        ctx = ctx_of(diary)
        assert medication.list_plan(ctx) == [] and medication.list_doses(ctx) == []
        # the new tables are usable at once, and their days join the episodes' own
        medication.save_plan_entry(
            ctx, PlanEntry("Amitriptyline", "preventive", date(2026, 1, 1)), TODAY
        )
        taken = datetime(2026, 3, 5, 9, 0, tzinfo=zone_for(ZONE))
        medication.save_dose(ctx, AcuteDose(taken, ZONE, "", "triptan"), taken)
        s = summary_json(diary, date(2026, 3, 1), date(2026, 3, 31), TODAY)
        assert s["medication_days"]["triptan"] == 2
        assert s["episodes"] == 2
    finally:
        diary.close()


def test_upgraded_schema_equals_a_new_diary(paths: Paths, tmp_path, make_episode) -> None:
    _make_0005_diary(paths, [make_episode("2026-03-01 08:15")])
    open_diary(paths).close()
    new = Paths(tmp_path / "new")
    open_diary(new).close()
    assert schema_of(paths.database) == schema_of(new.database)
    plan_cols, plan_idx = schema_of(new.database)["medication_plan"]
    assert [c[0] for c in plan_cols] == [
        "pk",
        "id",
        "name",
        "med_class",
        "dose",
        "started",
        "stopped",
        "created_utc",
        "updated_utc",
        "for_headache",  # added by 0007
    ]
    assert ("ix_medication_plan_class_dates", ("med_class", "started", "stopped")) in plan_idx
    dose_idx = schema_of(new.database)["acute_dose"][1]
    assert ("ix_acute_dose_day_class", ("taken_local_date", "med_class")) in dose_idx


def test_downgrade_to_0005_drops_the_tables(paths: Paths, make_episode) -> None:
    diary = open_diary(paths)
    with diary.session() as s:
        repository.insert_episodes(s, [make_episode("2026-03-01 08:00")])
    diary.close()
    engine = create_engine(f"sqlite:///{paths.database}")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
        tables = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
        names = set(tables.scalars().all())
        n = conn.exec_driver_sql("SELECT count(*) FROM episode").scalar()
    engine.dispose()
    assert "medication_plan" not in names and "acute_dose" not in names
    assert "check_in" in names
    assert n == 1
