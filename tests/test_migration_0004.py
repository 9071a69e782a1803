"""Migration 0004 (recorded answers): a 0002 diary with data is backed up and upgraded; every
derived column is computed from the child tables, empty lists become "not recorded", and the
upgraded schema equals a new diary's."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import create_engine, text

from headache_diary.domain.episode import Medication
from headache_diary.paths import Paths
from headache_diary.storage import repository
from headache_diary.storage.db import open_diary
from headache_diary.storage.models import LOCATION_BITS, SYMPTOM_BITS
from headache_diary.storage.schema import alembic_config, known_revisions
from tests.support import summary_json
from tests.support_storage import check_derived, make_0002_diary, schema_of


def test_recorded_answers_follow_the_history_revision() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_revision("0004").down_revision == "0003"
    assert {"0001", "0002", "0003", "0004"} <= known_revisions()[1]


def test_0002_diary_with_data_is_upgraded(paths: Paths, make_episode) -> None:
    eps = [
        make_episode(
            "2026-03-01 08:15",
            side="left",
            triggers=["neck_movement", "stress"],
            symptoms=["nausea", "shoulder_arm_pain"],
            pain_locations=["occiput", "temple"],
            medications=[Medication("Ibuprofen 400 mg", "nsaid", "good")],
        ),
        # stored by 0002 with no trigger/symptom rows: "not recorded" after the upgrade
        make_episode("2026-03-02 09:00", side="right", triggers=[], symptoms=[]),
        make_episode("2026-03-03 10:00", side="left", triggers=["neck_pressure"]),
        make_episode("2026-03-04 11:00", hours=None, side="both", symptoms=["restlessness"]),
    ]
    make_0002_diary(paths, eps)
    diary = open_diary(paths)
    try:
        assert list(paths.upgrade_backups.glob("diary-*before-upgrade-from-0002*.sqlite3"))
        assert check_derived(diary) == 4
        with diary.session() as s:
            rows = s.execute(
                text(
                    "SELECT id, trigger_flags, symptom_bits, recorded_flags, location_bits "
                    "FROM episode"
                )
            ).all()
            derived = {r[0]: tuple(r[1:]) for r in rows}
            loaded = {e.id: e for e in repository.iter_episodes(s)}
        bits = SYMPTOM_BITS
        assert derived == {
            eps[0].id: (
                1,
                bits["nausea"] | bits["shoulder_arm_pain"],
                3,
                LOCATION_BITS["occiput"] | LOCATION_BITS["temple"],
            ),
            eps[1].id: (0, 0, 0, 0),
            eps[2].id: (2, 0, 1, 0),
            eps[3].id: (0, bits["restlessness"], 2, 0),
        }
        assert (loaded[eps[0].id].triggers, loaded[eps[0].id].symptoms) == (
            ["neck_movement", "stress"],
            ["nausea", "shoulder_arm_pain"],
        )
        assert (loaded[eps[1].id].triggers, loaded[eps[1].id].symptoms) == (None, None)
        assert loaded[eps[3].id].triggers is None
        assert loaded[eps[0].id].medications[0].name == "Ibuprofen 400 mg"
        # shares are of the episodes with triggers recorded: 2 of them, 1 movement-triggered
        s = summary_json(diary, date(2026, 3, 1), date(2026, 3, 31), date(2026, 3, 31))
        assert s["recorded"]["triggers"] == 2 and s["recorded"]["symptoms"] == 2
        assert s["recorded"]["pain_locations"] == 1
        assert s["movement_triggered_pct"] == 50.0
        assert s["triggers"]["not_recorded"] == 2 and s["triggers"]["none"] == 0
        assert s["ongoing_episodes"] == [{"started": "2026-03-04", "headache_days": 28}]
    finally:
        diary.close()


def test_upgraded_schema_equals_a_new_diary(paths: Paths, tmp_path, make_episode) -> None:
    make_0002_diary(paths, [make_episode("2026-03-01 08:15", triggers=["stress"])])
    open_diary(paths).close()
    new = Paths(tmp_path / "new")
    open_diary(new).close()
    assert schema_of(paths.database) == schema_of(new.database)
    episode_cols, episode_idx = schema_of(new.database)["episode"]
    assert ("recorded_flags", "INTEGER", 1, "0") in episode_cols
    assert ("location_bits", "INTEGER", 1, "0") in episode_cols
    assert (
        "ix_episode_month",
        ("start_month", "side", "trigger_flags", "recorded_flags", "start_local_date", "ended_utc"),
    ) in episode_idx
    medication_idx = schema_of(new.database)["medication"][1]
    assert ("ix_medication_day_class", ("taken_local_date", "med_class")) in medication_idx
    assert ("ix_medication_class_relief", ("med_class", "relief", "episode_pk")) in (medication_idx)
    assert "ix_medication_med_class" not in {name for name, _cols in medication_idx}


def test_downgrade_to_0002_keeps_the_codes(paths: Paths, make_episode) -> None:
    diary = open_diary(paths)
    with diary.session() as s:
        repository.insert_episodes(
            s,
            [
                make_episode("2026-03-01 08:00", triggers=[], symptoms=["nausea"]),
                make_episode("2026-03-02 08:00", triggers=["stress"], symptoms=[]),
            ],
        )
    diary.close()
    engine = create_engine(f"sqlite:///{paths.database}")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
        trig = conn.exec_driver_sql("SELECT code FROM episode_trigger").scalars().all()
        sym = conn.exec_driver_sql("SELECT code FROM episode_symptom").scalars().all()
        cols = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(episode)")]
    engine.dispose()
    assert trig == ["stress"] and sym == ["nausea"]
    assert "recorded_flags" not in cols and "location_bits" not in cols
