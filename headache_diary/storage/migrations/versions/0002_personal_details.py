"""Personal details (name, date of birth) for the PDF summary.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "personal_details",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("date_of_birth", sa.String(10), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_personal_details"),
    )


def downgrade() -> None:
    op.drop_table("personal_details")
