"""Medication plan: is a muscle relaxant or "other" taken to relieve headache?

ICHD-3 8.2.8 counts other medication "taken for acute or symptomatic treatment of
headache". A plan entry of class ``muscle_relaxant`` or ``other`` (a daily muscle relaxant
for the back, say) counted towards 8.2.8 on every day it covered; from this revision it
counts only when the patient says it is taken to relieve headache (DESIGN.md 8.2.8).

Schema change:

* ``medication_plan.for_headache`` BOOLEAN, nullable: 1 = taken to relieve headache,
  0 = not; NULL for every class but ``muscle_relaxant`` and ``other``.

Data: every existing entry of class ``muscle_relaxant`` or ``other`` gets 0 (the editor's
default answer, "no": nobody was asked), every other entry NULL. No row is added or
removed. The class names are written out here so this file never changes meaning.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("medication_plan", sa.Column("for_headache", sa.Boolean(), nullable=True))
    op.execute(
        "UPDATE medication_plan SET for_headache = 0 "
        "WHERE med_class IN ('muscle_relaxant', 'other')"
    )


def downgrade() -> None:
    op.drop_column("medication_plan", "for_headache")
