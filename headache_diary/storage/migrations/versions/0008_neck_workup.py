"""The neck workup: a nerve block's response and the scores copied from a clinic's forms.

Self-contained: three new tables with their indexes; nothing else changes, no row is
added or removed.

* ``nerve_block``: what a block sheet records about a ``nerve_block`` history event, one
  row per event at most (``event_pk`` is the key, deleted with its event): purpose
  (``diagnostic``/``therapeutic``, NULL: not recorded), target and anaesthetic (text),
  control (``none``/``comparative``/``placebo`` or NULL), pain before (0-10 or NULL) and
  the hours the relief lasted (REAL or NULL).
* ``nerve_block_rating``: the timed pain ratings after a block: minutes after it and pain
  0-10, one per (event, minutes), deleted with the block's event.
* ``score``: a questionnaire total: date (ISO), instrument (``ndi``/``hit6``/``midas``/
  ``other``), name (``other`` only), total (REAL) and a note; index on (date, instrument)
  for the period's scores in date order.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nerve_block",
        sa.Column("event_pk", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=True),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("anaesthetic", sa.Text(), nullable=False),
        sa.Column("control", sa.String(16), nullable=True),
        sa.Column("pain_before", sa.Integer(), nullable=True),
        sa.Column("relief_hours", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_pk"],
            ["history_event.pk"],
            name="fk_nerve_block_event_pk_history_event",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_pk", name="pk_nerve_block"),
    )
    op.create_table(
        "nerve_block_rating",
        sa.Column("event_pk", sa.Integer(), nullable=False),
        sa.Column("after_minutes", sa.Integer(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_pk"],
            ["nerve_block.event_pk"],
            name="fk_nerve_block_rating_event_pk_nerve_block",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_pk", "after_minutes", name="pk_nerve_block_rating"),
    )
    op.create_table(
        "score",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("score_date", sa.String(10), nullable=False),
        sa.Column("instrument", sa.String(16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_utc", sa.Integer(), nullable=False),
        sa.Column("updated_utc", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_score"),
        sa.UniqueConstraint("id", name="uq_score_id"),
    )
    op.create_index("ix_score_date_instrument", "score", ["score_date", "instrument"])


def downgrade() -> None:
    op.drop_index("ix_score_date_instrument", table_name="score")
    op.drop_table("score")
    op.drop_table("nerve_block_rating")
    op.drop_table("nerve_block")
