"""Neck history: dated events (injury, imaging, nerve blocks, therapy...) in their own table.

Self-contained: one new table, nothing else changes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "history_event",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("event_date", sa.String(10), nullable=False),
        sa.Column("date_precision", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("side", sa.String(16), nullable=True),
        sa.Column("structure", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("created_utc", sa.Integer(), nullable=False),
        sa.Column("updated_utc", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_history_event"),
        sa.UniqueConstraint("id", name="uq_history_event_id"),
    )
    op.create_index("ix_history_event_event_date", "history_event", ["event_date"])


def downgrade() -> None:
    op.drop_index("ix_history_event_event_date", table_name="history_event")
    op.drop_table("history_event")
