"""Areas as a managed list, and pupils reached at least 1.

Reviewed by hand. The areas already in use (schools' and officers') become the list, then
schools.area and officer_areas.area refer to it by name, with ON UPDATE CASCADE so that a
coordinator's rename reaches every school and officer in the same statement.

A delivered talk that reached 0 pupils was a slip (the form allowed it): its figure becomes
"not recorded" (NULL) rather than a number nobody entered; the officer can correct it.

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-02 06:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_areas")),
        sa.UniqueConstraint("name", name=op.f("uq_areas_name")),
    )
    op.execute(
        "INSERT INTO areas (name) SELECT area FROM schools UNION SELECT area FROM officer_areas"
    )
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_schools_area_areas"), "areas", ["area"], ["name"], onupdate="CASCADE"
        )
    with op.batch_alter_table("officer_areas", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_officer_areas_area_areas"),
            "areas",
            ["area"],
            ["name"],
            onupdate="CASCADE",
        )
    op.execute("UPDATE talk_requests SET pupils_reached = NULL WHERE pupils_reached < 1")
    with op.batch_alter_table("talk_requests", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_talk_requests_reached_positive"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_talk_requests_reached_positive"),
            "pupils_reached IS NULL OR pupils_reached >= 1",
        )


def downgrade():
    with op.batch_alter_table("talk_requests", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_talk_requests_reached_positive"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_talk_requests_reached_positive"),
            "pupils_reached IS NULL OR pupils_reached >= 0",
        )
    with op.batch_alter_table("officer_areas", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_officer_areas_area_areas"), type_="foreignkey")
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_schools_area_areas"), type_="foreignkey")
    op.drop_table("areas")
