"""Schools' e-mail domains trusted for automatic approval only when marked as staff-only.

Reviewed by hand. Every school starts unmarked: pupils commonly have addresses on their
school's domain, so until a coordinator marks a school's domains as for staff only, new
teachers of that school wait for a coordinator's approval. Accounts already active stay so.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 19:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("domains_staff_only", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.drop_column("domains_staff_only")
