""""Was this helpful?" answers from the web chat (bot.store.feedback): no personal data, one per conversation and
answer.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation", sa.String(64), nullable=False, index=True),
        sa.Column("answer", sa.String(120), nullable=False, index=True),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.UniqueConstraint("conversation", "answer", name="uq_answer_feedback_once"),
    )


def downgrade() -> None:
    op.drop_table("answer_feedback")
