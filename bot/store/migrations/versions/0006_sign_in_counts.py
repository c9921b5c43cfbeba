"""Failed staff sign-ins counted in the database (bot.store.sign_in_counts), so every web process shares them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_sign_in_counts",
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure", sa.Float, nullable=False, index=True),
        sa.Column("next_turn", sa.Float, nullable=False),
        sa.Column("refusal_noted", sa.Float),
    )


def downgrade() -> None:
    op.drop_table("staff_sign_in_counts")
