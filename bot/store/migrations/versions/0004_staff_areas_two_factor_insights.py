"""Staff areas (each adviser sees their own council areas), disabled accounts, two-factor sign-in (TOTP) and
sign-in stages, weekly insight counts.

Signed-in sessions are ended: a session must now have passed every sign-in step.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_user_areas",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("gss", sa.String(9), primary_key=True, index=True),
    )
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("disabled_at", sa.DateTime))
        batch.add_column(sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("totp_secret", sa.String(64)))
        batch.add_column(sa.Column("totp_last_step", sa.Integer))
        batch.add_column(sa.Column("totp_failures", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("totp_locked_until", sa.DateTime))
    op.execute("DELETE FROM staff_sessions")
    with op.batch_alter_table("staff_sessions") as batch:
        batch.add_column(sa.Column("stage", sa.String(12), nullable=False, server_default="new"))
        batch.add_column(sa.Column("stage_until", sa.DateTime))
        batch.add_column(sa.Column("setup_secret", sa.String(64)))
        batch.create_index("ix_staff_sessions_csrf_token", ["csrf_token"])
    op.create_table(
        "insight_counts",
        sa.Column("week", sa.Date, primary_key=True),
        sa.Column("measure", sa.String(40), primary_key=True),
        sa.Column("key", sa.String(120), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("insight_counts")
    with op.batch_alter_table("staff_sessions") as batch:
        batch.drop_index("ix_staff_sessions_csrf_token")
        batch.drop_column("setup_secret")
        batch.drop_column("stage_until")
        batch.drop_column("stage")
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("totp_locked_until")
        batch.drop_column("totp_failures")
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_secret")
        batch.drop_column("must_change_password")
        batch.drop_column("disabled_at")
    op.drop_table("staff_user_areas")
