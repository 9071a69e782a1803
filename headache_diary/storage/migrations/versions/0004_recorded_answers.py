"""Recorded is not absent: tell "none" from "not recorded", pain location bits.

Triggers and symptoms get a third answer (DESIGN.md "Recorded is not absent"): the explicit
"none" is stored as the child row ``code = 'none'``, "not recorded" as no child row. Every
diary written before this revision stored "not recorded" and "none" alike as no row; they
all become "not recorded" (FORMAT.md: empty lists of format 1 mean not recorded), so no
child row changes here.

Schema change:

* ``episode.recorded_flags`` INTEGER NOT NULL DEFAULT 0, derived: 1 = the episode has an
  ``episode_trigger`` row, 2 = it has an ``episode_symptom`` row (``trigger_flags`` and
  ``symptom_bits`` are 0 for both "none" and "not recorded"; this column tells them apart);
* ``episode.location_bits`` INTEGER NOT NULL DEFAULT 0, derived: one bit per pain location
  code of ``episode_location`` (the feature profile reads it instead of joining);
* ``ix_episode_month`` rebuilt as (start_month, side, trigger_flags, recorded_flags,
  start_local_date, ended_utc), so the summary still groups in index order without a
  table row;
* new covering index ``ix_medication_day_class`` (taken_local_date, med_class) for the
  classes taken per day (medication days, ICHD-3 8.2 per whole calendar month);
* ``ix_medication_med_class`` (med_class) replaced by the covering
  ``ix_medication_class_relief`` (med_class, relief, episode_pk): relief by class.

The derived values are computed here in SQL from the child tables. The numbers are
written out (not imported from the app) so this file never changes meaning.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: storage.models.LOCATION_BITS as of this revision (stored values never move)
_LOCATION_BITS = {
    "neck": 1,
    "occiput": 2,
    "top": 4,
    "temple": 8,
    "forehead": 16,
    "eye": 32,
    "face_jaw": 64,
    "whole_head": 128,
}
_MONTH_COLUMNS_0001 = ["start_month", "side", "trigger_flags", "start_local_date", "ended_utc"]
_MONTH_COLUMNS = [
    "start_month",
    "side",
    "trigger_flags",
    "recorded_flags",
    "start_local_date",
    "ended_utc",
]


def upgrade() -> None:
    op.add_column(
        "episode",
        sa.Column("recorded_flags", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )
    op.add_column(
        "episode",
        sa.Column("location_bits", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )
    op.execute(
        "UPDATE episode SET recorded_flags ="
        " EXISTS (SELECT 1 FROM episode_trigger t WHERE t.episode_pk = episode.pk)"
        " + 2 * EXISTS (SELECT 1 FROM episode_symptom s WHERE s.episode_pk = episode.pk)"
    )
    case = " ".join(f"WHEN '{code}' THEN {bit}" for code, bit in _LOCATION_BITS.items())
    op.execute(
        "UPDATE episode SET location_bits = coalesce("
        f"(SELECT sum(DISTINCT CASE l.code {case} ELSE 0 END) FROM episode_location l"
        " WHERE l.episode_pk = episode.pk), 0)"
    )
    op.drop_index("ix_episode_month", table_name="episode")
    op.create_index("ix_episode_month", "episode", _MONTH_COLUMNS)
    op.create_index("ix_medication_day_class", "medication", ["taken_local_date", "med_class"])
    op.drop_index("ix_medication_med_class", table_name="medication")
    op.create_index(
        "ix_medication_class_relief", "medication", ["med_class", "relief", "episode_pk"]
    )


def downgrade() -> None:
    # an older app knows no "none" row: the explicit answer becomes "not recorded" again
    op.execute("DELETE FROM episode_trigger WHERE code = 'none'")
    op.execute("DELETE FROM episode_symptom WHERE code = 'none'")
    op.drop_index("ix_medication_class_relief", table_name="medication")
    op.create_index("ix_medication_med_class", "medication", ["med_class"])
    op.drop_index("ix_medication_day_class", table_name="medication")
    op.drop_index("ix_episode_month", table_name="episode")
    op.create_index("ix_episode_month", "episode", _MONTH_COLUMNS_0001)
    with op.batch_alter_table("episode") as batch:
        batch.drop_column("location_bits")
        batch.drop_column("recorded_flags")
