"""Initial schema: episodes with triggers, symptoms, pain locations and medications.

``start_month``, ``duration_s``, ``trigger_flags`` and ``symptom_bits`` are derived columns (see
storage.models) that the repository writes together with the child tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _code_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("episode_pk", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["episode_pk"], ["episode.pk"], name=f"fk_{name}_episode_pk_episode", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("episode_pk", "code", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_code", name, ["code"])


def upgrade() -> None:
    op.create_table(
        "episode",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("started_utc", sa.Integer(), nullable=False),
        sa.Column("ended_utc", sa.Integer(), nullable=True),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("start_local_date", sa.String(10), nullable=False),
        sa.Column("start_month", sa.String(7), nullable=False),
        sa.Column("end_local_date", sa.String(10), nullable=True),
        sa.Column("duration_s", sa.Integer(), nullable=True),
        sa.Column("side", sa.String(16), nullable=False),
        sa.Column("intensity", sa.Integer(), nullable=True),
        sa.Column("character", sa.String(32), nullable=True),
        sa.Column("neck_position", sa.String(32), nullable=True),
        sa.Column("pain_origin", sa.String(32), nullable=True),
        sa.Column("trigger_note", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_utc", sa.Integer(), nullable=False),
        sa.Column("updated_utc", sa.Integer(), nullable=False),
        sa.Column("trigger_flags", sa.Integer(), nullable=False),
        sa.Column("symptom_bits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_episode"),
        sa.UniqueConstraint("id", name="uq_episode_id"),
    )
    op.create_index(
        "ix_episode_started_side", "episode", ["started_utc", "side", "start_local_date"]
    )
    op.create_index(
        "ix_episode_day", "episode", ["start_local_date", "end_local_date", "intensity"]
    )
    op.create_index(
        "ix_episode_month",
        "episode",
        ["start_month", "side", "trigger_flags", "start_local_date", "ended_utc"],
    )
    op.create_index(
        "ix_episode_neck_intensity", "episode", ["neck_position", "intensity", "start_local_date"]
    )
    op.create_index("ix_episode_duration", "episode", ["duration_s", "start_local_date"])
    for name in ("episode_trigger", "episode_symptom", "episode_location"):
        _code_table(name)
    op.create_table(
        "medication",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("episode_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("med_class", sa.String(32), nullable=False),
        sa.Column("relief", sa.String(16), nullable=False),
        sa.Column("taken_utc", sa.Integer(), nullable=True),
        sa.Column("taken_local_date", sa.String(10), nullable=False),
        sa.ForeignKeyConstraint(
            ["episode_pk"],
            ["episode.pk"],
            name="fk_medication_episode_pk_episode",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_medication"),
    )
    op.create_index("ix_medication_episode_pk", "medication", ["episode_pk"])
    op.create_index("ix_medication_med_class", "medication", ["med_class"])


def downgrade() -> None:
    op.drop_table("medication")
    for name in ("episode_location", "episode_symptom", "episode_trigger"):
        op.drop_table(name)
    op.drop_table("episode")
