"""Local authorities and services (the contact directory).

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "local_authorities",
        sa.Column("code", sa.String(8), primary_key=True),
        sa.Column("gss", sa.String(9), nullable=False, unique=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("official_name", sa.String(200), nullable=False),
        sa.Column("slug", sa.String(120)),
    )
    op.create_table(
        "services",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(80), nullable=False, unique=True),
        sa.Column("kind", sa.String(40), nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("what", sa.Text),
        sa.Column("phone", sa.String(40)),
        sa.Column("email", sa.String(200)),
        sa.Column("url", sa.String(400)),
        sa.Column("booking", sa.Text),
        sa.Column("hours", sa.String(200)),
        sa.Column("area_code", sa.String(8), sa.ForeignKey("local_authorities.code"), index=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("reviewed", sa.Date, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("services")
    op.drop_table("local_authorities")
