"""Daily check-ins: one row per local calendar day (headache-free or not, neck stiffness
0-10, a note). A table of its own; nothing else changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "check_in",
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("headache_free", sa.Integer(), nullable=False),
        sa.Column("neck_stiffness", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_utc", sa.Integer(), nullable=False),
        sa.Column("updated_utc", sa.Integer(), nullable=False),
        sa.CheckConstraint("headache_free IN (0, 1)", name="ck_check_in_headache_free"),
        sa.CheckConstraint(
            "neck_stiffness IS NULL OR neck_stiffness BETWEEN 0 AND 10",
            name="ck_check_in_neck_stiffness",
        ),
        sa.PrimaryKeyConstraint("day", name="pk_check_in"),
    )


def downgrade() -> None:
    op.drop_table("check_in")
