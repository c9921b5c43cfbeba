"""Case handling (assignment, outcome, timeline), the team email outbox, the audit log, staff admins.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enquiries") as batch:
        batch.add_column(sa.Column("assigned_at", sa.DateTime))
        batch.add_column(sa.Column("assigned_by", sa.String(200)))
        batch.add_column(sa.Column("closed_by", sa.String(200)))
        batch.add_column(sa.Column("outcome", sa.String(20)))
        batch.add_column(sa.Column("outcome_detail", sa.String(500)))
        batch.create_index("ix_enquiries_deadline_date", ["deadline_date"])
        batch.create_index("ix_enquiries_claimed_by", ["claimed_by"])
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("is_admin", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "enquiry_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("enquiry_id", sa.Integer, sa.ForeignKey("enquiries.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("detail", sa.String(500), nullable=False),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime, nullable=False, index=True),
        sa.Column("reference", sa.String(16), nullable=False, index=True),
        sa.Column("recipient", sa.String(500), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_attempt_at", sa.DateTime),
        sa.Column("last_error", sa.String(300)),
        sa.Column("locked_until", sa.DateTime),
        sa.Column("sent_at", sa.DateTime, index=True),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("actor", sa.String(200), nullable=False, index=True),
        sa.Column("action", sa.String(40), nullable=False, index=True),
        sa.Column("reference", sa.String(16), index=True),
        sa.Column("detail", sa.String(1000), nullable=False),
        sa.Column("ip", sa.String(64)),
    )


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("outbox")
    op.drop_table("enquiry_events")
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("is_admin")
    with op.batch_alter_table("enquiries") as batch:
        batch.drop_index("ix_enquiries_claimed_by")
        batch.drop_index("ix_enquiries_deadline_date")
        batch.drop_column("outcome_detail")
        batch.drop_column("outcome")
        batch.drop_column("closed_by")
        batch.drop_column("assigned_by")
        batch.drop_column("assigned_at")
