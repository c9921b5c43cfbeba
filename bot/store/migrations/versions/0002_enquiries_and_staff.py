"""Enquiries (hand-off to a person), notes, staff users and sessions, pending contact details.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enquiries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reference", sa.String(16), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False, index=True),
        sa.Column("status", sa.String(12), nullable=False, index=True),
        sa.Column("urgency", sa.Integer, nullable=False, index=True),
        sa.Column("urgency_reasons", sa.Text, nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("email", sa.String(200)),
        sa.Column("phone", sa.String(40)),
        sa.Column("best_time", sa.String(200)),
        sa.Column("area_gss", sa.String(9), index=True),
        sa.Column("area_name", sa.String(120)),
        sa.Column("topic", sa.String(80), index=True),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("deadline_date", sa.Date),
        sa.Column("deadline_kind", sa.String(40)),
        sa.Column("transcript", sa.Text, nullable=False),
        sa.Column("claimed_by", sa.String(200)),
        sa.Column("closed_at", sa.DateTime),
    )
    op.create_table(
        "enquiry_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("enquiry_id", sa.Integer, sa.ForeignKey("enquiries.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(200), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "pending_contacts",
        sa.Column("sender_hash", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(120)),
        sa.Column("email", sa.String(200)),
        sa.Column("phone", sa.String(40)),
        sa.Column("best_time", sa.String(200)),
        sa.Column("summary", sa.Text),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pending_contacts")
    op.drop_table("staff_sessions")
    op.drop_table("staff_users")
    op.drop_table("enquiry_notes")
    op.drop_table("enquiries")
