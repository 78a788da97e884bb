"""Initial schema: every table, the constraints that must never break, and the ten topics.

Reviewed by hand: the exclusion constraints (PostgreSQL only, with btree_gist) and the topic
rows are not something autogenerate writes.



Revision ID: 0001
Revises:
Create Date: 2026-11-29 03:04:27.283166

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # Tables in dependency order; every constraint named by the naming convention.
    op.create_table(
        "schools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("urn", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phase", sa.String(length=20), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("area", sa.String(length=100), nullable=False),
        sa.Column("email_domains", sa.String(length=500), nullable=False),
        sa.CheckConstraint(
            "phase IN ('primary', 'secondary', 'all-through', 'special')",
            name=op.f("ck_schools_phase_valid"),
        ),
        sa.CheckConstraint("length(urn) = 6", name=op.f("ck_schools_urn_six_digits")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools")),
        sa.UniqueConstraint("urn", name=op.f("uq_schools_urn")),
    )
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_schools_area"), ["area"], unique=False)
        batch_op.create_index(batch_op.f("ix_schools_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_schools_postcode"), ["postcode"], unique=False)

    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("for_primary", sa.Boolean(), nullable=False),
        sa.Column("for_secondary", sa.Boolean(), nullable=False),
        sa.Column("default_length", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "default_length IN (30, 45, 60, 90)", name=op.f("ck_topics_length_valid")
        ),
        sa.CheckConstraint(
            "for_primary OR for_secondary", name=op.f("ck_topics_suits_an_age_group")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
        sa.UniqueConstraint("name", name=op.f("uq_topics_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_topics_slug")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("job_title", sa.String(length=120), nullable=False),
        sa.Column("telephone", sa.String(length=40), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("calendar_token", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "role <> 'teacher' OR school_id IS NOT NULL", name=op.f("ck_users_teacher_has_school")
        ),
        sa.CheckConstraint(
            "role IN ('teacher', 'officer', 'coordinator')", name=op.f("ck_users_role_valid")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'active', 'deactivated')", name=op.f("ck_users_status_valid")
        ),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_users_email_lower_case")),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_users_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("calendar_token", name=op.f("uq_users_calendar_token")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_role"), ["role"], unique=False)
        batch_op.create_index(batch_op.f("ix_users_school_id"), ["school_id"], unique=False)

    op.create_table(
        "availability_windows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.CheckConstraint(
            "ends_at > starts_at", name=op.f("ck_availability_windows_ends_after_start")
        ),
        sa.CheckConstraint(
            "weekday BETWEEN 0 AND 4", name=op.f("ck_availability_windows_weekday_valid")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["users.id"],
            name=op.f("fk_availability_windows_officer_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_availability_windows")),
    )
    with op.batch_alter_table("availability_windows", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_availability_windows_officer_id"), ["officer_id"], unique=False
        )

    op.create_table(
        "closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("last_day >= first_day", name=op.f("ck_closures_last_after_first")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_closures_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closures")),
    )
    with op.batch_alter_table("closures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_closures_first_day"), ["first_day"], unique=False)

    op.create_table(
        "officer_areas",
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["users.id"],
            name=op.f("fk_officer_areas_officer_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("officer_id", "area", name=op.f("pk_officer_areas")),
    )
    with op.batch_alter_table("officer_areas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_officer_areas_area"), ["area"], unique=False)

    op.create_table(
        "officer_topics",
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["users.id"],
            name=op.f("fk_officer_topics_officer_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_officer_topics_topic_id_topics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("officer_id", "topic_id", name=op.f("pk_officer_topics")),
    )
    op.create_table(
        "talk_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("submission_key", sa.String(length=64), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("age_group", sa.String(length=20), nullable=False),
        sa.Column("year_group", sa.String(length=60), nullable=False),
        sa.Column("pupils", sa.Integer(), nullable=False),
        sa.Column("length_minutes", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.DateTime(), nullable=True),
        sa.Column("ends_at", sa.DateTime(), nullable=True),
        sa.Column("busy_from", sa.DateTime(), nullable=True),
        sa.Column("busy_until", sa.DateTime(), nullable=True),
        sa.Column("pupils_reached", sa.Integer(), nullable=True),
        sa.Column("calendar_sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "NOT (status IN ('confirmed', 'delivered')) OR (officer_id IS NOT NULL AND starts_at IS NOT NULL AND ends_at IS NOT NULL AND busy_from IS NOT NULL AND busy_until IS NOT NULL)",
            name=op.f("ck_talk_requests_session_has_officer_and_time"),
        ),
        sa.CheckConstraint(
            "age_group IN ('primary', 'secondary')", name=op.f("ck_talk_requests_age_group_valid")
        ),
        sa.CheckConstraint(
            "status IN ('requested', 'proposed', 'confirmed', 'delivered', 'declined', 'cancelled')",
            name=op.f("ck_talk_requests_status_valid"),
        ),
        sa.CheckConstraint(
            "busy_from <= starts_at AND busy_until >= ends_at",
            name=op.f("ck_talk_requests_busy_covers"),
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_talk_requests_ends_after_start")),
        sa.CheckConstraint(
            "length_minutes IN (30, 45, 60, 90)", name=op.f("ck_talk_requests_length_valid")
        ),
        sa.CheckConstraint(
            "pupils BETWEEN 1 AND 400", name=op.f("ck_talk_requests_pupils_in_range")
        ),
        sa.CheckConstraint(
            "pupils_reached IS NULL OR pupils_reached >= 0",
            name=op.f("ck_talk_requests_reached_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["users.id"], name=op.f("fk_talk_requests_officer_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_talk_requests_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["users.id"], name=op.f("fk_talk_requests_teacher_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topics.id"], name=op.f("fk_talk_requests_topic_id_topics")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talk_requests")),
        sa.UniqueConstraint("reference", name=op.f("uq_talk_requests_reference")),
        sa.UniqueConstraint("submission_key", name=op.f("uq_talk_requests_submission_key")),
    )
    with op.batch_alter_table("talk_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_talk_requests_officer_starts", ["officer_id", "starts_at"], unique=False
        )
        batch_op.create_index(
            "ix_talk_requests_school_created", ["school_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_talk_requests_status_created", ["status", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_talk_requests_teacher_id"), ["teacher_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_talk_requests_topic_id"), ["topic_id"], unique=False)

    op.create_table(
        "time_off",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.CheckConstraint("last_day >= first_day", name=op.f("ck_time_off_last_after_first")),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["users.id"],
            name=op.f("fk_time_off_officer_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_off")),
    )
    with op.batch_alter_table("time_off", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_time_off_officer_id"), ["officer_id"], unique=False)

    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("ip_address", sa.String(length=45), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("token", name=op.f("uq_user_sessions_token")),
    )
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_sessions_user_id"), ["user_id"], unique=False)

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("subject_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("ip_address", sa.String(length=45), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_audit_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["talk_requests.id"],
            name=op.f("fk_audit_events_request_id_talk_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_user_id"], ["users.id"], name=op.f("fk_audit_events_subject_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_action"), ["action"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_events_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audit_events_request_id"), ["request_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audit_events_subject_user_id"), ["subject_user_id"], unique=False
        )

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_feedback_rating_valid")),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["talk_requests.id"],
            name=op.f("fk_feedback_request_id_talk_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["users.id"], name=op.f("fk_feedback_teacher_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint("request_id", name=op.f("uq_feedback_request_id")),
    )
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("ics", sa.Text(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=120), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'sent', 'failed')", name=op.f("ck_outbox_messages_status_valid")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["talk_requests.id"],
            name=op.f("fk_outbox_messages_request_id_talk_requests"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_messages_dedupe_key")),
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_messages_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_proposals_ends_after_start")),
        sa.CheckConstraint("position BETWEEN 1 AND 3", name=op.f("ck_proposals_position_valid")),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["users.id"], name=op.f("fk_proposals_officer_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["talk_requests.id"],
            name=op.f("fk_proposals_request_id_talk_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
        sa.UniqueConstraint("request_id", "position", name="uq_proposals_position"),
    )
    op.create_table(
        "request_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("earliest_start", sa.Time(), nullable=False),
        sa.Column("latest_finish", sa.Time(), nullable=False),
        sa.CheckConstraint(
            "latest_finish > earliest_start", name=op.f("ck_request_options_finish_after_start")
        ),
        sa.CheckConstraint(
            "position BETWEEN 1 AND 3", name=op.f("ck_request_options_position_valid")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["talk_requests.id"],
            name=op.f("fk_request_options_request_id_talk_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_options")),
        sa.UniqueConstraint("request_id", "position", name="uq_request_options_position"),
    )
    with op.batch_alter_table("request_options", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_request_options_day"), ["day"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        # One officer's sessions never overlap, and sessions at different schools keep the
        # travel buffer apart (busy_from/busy_until carry half the buffer each side).
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE talk_requests ADD CONSTRAINT ex_talk_requests_officer_sessions_overlap "
            "EXCLUDE USING gist (officer_id WITH =, tsrange(starts_at, ends_at) WITH &&) "
            "WHERE (status IN ('confirmed', 'delivered'))"
        )
        op.execute(
            "ALTER TABLE talk_requests ADD CONSTRAINT ex_talk_requests_officer_travel_buffer "
            "EXCLUDE USING gist (officer_id WITH =, school_id WITH <>, "
            "tsrange(busy_from, busy_until) WITH &&) "
            "WHERE (status IN ('confirmed', 'delivered'))"
        )

    topics = sa.table(
        "topics",
        sa.column("slug", sa.String),
        sa.column("name", sa.String),
        sa.column("description", sa.Text),
        sa.column("for_primary", sa.Boolean),
        sa.column("for_secondary", sa.Boolean),
        sa.column("default_length", sa.Integer),
        sa.column("active", sa.Boolean),
    )
    op.bulk_insert(
        topics,
        [
            dict(
                slug=slug,
                name=name,
                description=description,
                for_primary=primary,
                for_secondary=secondary,
                default_length=length,
                active=True,
            )
            for slug, name, primary, secondary, length, description in TOPICS
        ],
    )


TOPICS = [
    (
        "anti-social-behaviour",
        "Anti-social behaviour",
        True,
        True,
        60,
        "What anti-social behaviour is, how it affects people and places nearby, and the choices "
        "that keep young people out of trouble.",
    ),
    (
        "alcohol",
        "Alcohol",
        False,
        True,
        60,
        "The law on alcohol and young people, the risks of drinking, and how to keep friends safe.",
    ),
    (
        "bullying",
        "Bullying",
        True,
        True,
        45,
        "Recognising bullying in person and online, its effects, and where to get help.",
    ),
    (
        "citizenship",
        "Citizenship",
        True,
        True,
        45,
        "Rights and responsibilities, the role of the police in the community, and how to help.",
    ),
    (
        "driver-awareness",
        "Driver awareness",
        False,
        True,
        60,
        "Road safety for young passengers and future drivers: speed, distraction, seat belts.",
    ),
    (
        "drugs",
        "Drugs",
        False,
        True,
        60,
        "The law on drugs, the harm they do, peer pressure and county lines exploitation.",
    ),
    (
        "internet-safety",
        "Internet safety",
        True,
        True,
        45,
        "Staying safe online: privacy, sharing images, grooming, scams and reporting.",
    ),
    (
        "law-and-order",
        "Law and order",
        True,
        True,
        45,
        "How laws are made and enforced, the age of criminal responsibility, and consequences.",
    ),
    (
        "personal-safety",
        "Personal safety",
        True,
        True,
        45,
        "Keeping safe out and about, trusted adults, and what to do in an emergency.",
    ),
    (
        "weapons-and-knife-crime",
        "Weapons and knife crime",
        False,
        True,
        60,
        "The law on knives and weapons, the real consequences of carrying one, and staying safe.",
    ),
]


def downgrade():
    # Tables in reverse dependency order.
    with op.batch_alter_table("request_options", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_options_day"))

    op.drop_table("request_options")
    op.drop_table("proposals")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_messages_request_id"))
        batch_op.drop_index("ix_outbox_messages_due")

    op.drop_table("outbox_messages")
    op.drop_table("feedback")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_subject_user_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_request_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_created_at"))
        batch_op.drop_index(batch_op.f("ix_audit_events_action"))

    op.drop_table("audit_events")
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_sessions_user_id"))

    op.drop_table("user_sessions")
    with op.batch_alter_table("time_off", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_time_off_officer_id"))

    op.drop_table("time_off")
    with op.batch_alter_table("talk_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_talk_requests_topic_id"))
        batch_op.drop_index(batch_op.f("ix_talk_requests_teacher_id"))
        batch_op.drop_index("ix_talk_requests_status_created")
        batch_op.drop_index("ix_talk_requests_school_created")
        batch_op.drop_index("ix_talk_requests_officer_starts")

    op.drop_table("talk_requests")
    op.drop_table("officer_topics")
    with op.batch_alter_table("officer_areas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_officer_areas_area"))

    op.drop_table("officer_areas")
    with op.batch_alter_table("closures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_closures_first_day"))

    op.drop_table("closures")
    with op.batch_alter_table("availability_windows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_availability_windows_officer_id"))

    op.drop_table("availability_windows")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_school_id"))
        batch_op.drop_index(batch_op.f("ix_users_role"))

    op.drop_table("users")
    op.drop_table("topics")
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schools_postcode"))
        batch_op.drop_index(batch_op.f("ix_schools_name"))
        batch_op.drop_index(batch_op.f("ix_schools_area"))

    op.drop_table("schools")
