"""Medication plan and doses taken outside an episode: two new tables.

Self-contained: two new tables with their indexes, nothing else changes.

* ``medication_plan``: regular medication (``med_class`` is ``preventive`` or a
  medication class) from ``started`` to ``stopped`` (ISO dates, both included; NULL while
  still taken), with a free-text ``dose``; covering index on (med_class, started, stopped).
* ``acute_dose``: a dose outside an episode: the instant in UTC seconds, the zone it was
  recorded in, the local date it counts on, name, class, relief (NULL: not recorded);
  covering index (taken_local_date, med_class) for the medication days, and indexes on
  the instant (the list) and on the time it was entered ("recorded today").

Written on the medication branch after 0004 and re-parented onto 0005 (the check-ins) at
the merge, before it reached main.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "medication_plan",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("med_class", sa.String(32), nullable=False),
        sa.Column("dose", sa.Text(), nullable=False),
        sa.Column("started", sa.String(10), nullable=False),
        sa.Column("stopped", sa.String(10), nullable=True),
        sa.Column("created_utc", sa.Integer(), nullable=False),
        sa.Column("updated_utc", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_medication_plan"),
        sa.UniqueConstraint("id", name="uq_medication_plan_id"),
    )
    op.create_index(
        "ix_medication_plan_class_dates", "medication_plan", ["med_class", "started", "stopped"]
    )
    op.create_table(
        "acute_dose",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("taken_utc", sa.Integer(), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("taken_local_date", sa.String(10), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("med_class", sa.String(32), nullable=False),
        sa.Column("relief", sa.String(16), nullable=True),
        sa.Column("created_utc", sa.Integer(), nullable=False),
        sa.Column("updated_utc", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_acute_dose"),
        sa.UniqueConstraint("id", name="uq_acute_dose_id"),
    )
    op.create_index("ix_acute_dose_day_class", "acute_dose", ["taken_local_date", "med_class"])
    op.create_index("ix_acute_dose_taken", "acute_dose", ["taken_utc"])
    op.create_index("ix_acute_dose_created", "acute_dose", ["created_utc"])


def downgrade() -> None:
    op.drop_index("ix_acute_dose_created", table_name="acute_dose")
    op.drop_index("ix_acute_dose_taken", table_name="acute_dose")
    op.drop_index("ix_acute_dose_day_class", table_name="acute_dose")
    op.drop_table("acute_dose")
    op.drop_index("ix_medication_plan_class_dates", table_name="medication_plan")
    op.drop_table("medication_plan")
