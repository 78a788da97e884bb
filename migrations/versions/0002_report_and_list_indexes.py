"""Indexes for national scale: newest-first request lists and the demand report.

Reviewed by hand. The index leads with `created_at` then `id`, the order of every newest-first
list, so a page of 25 is read from the end of the index; it also carries the columns the
demand report adds up, so a school year's figures come from the index alone.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 03:40:00

"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("talk_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_talk_requests_created_report",
            ["created_at", "id", "topic_id", "status", "pupils_reached"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("talk_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_talk_requests_created_report")
