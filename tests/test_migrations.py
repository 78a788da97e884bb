"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from booking.extensions import db
from booking.models import Topic
from tests.conftest import make_app

TEN_TOPICS = [
    "Alcohol",
    "Anti-social behaviour",
    "Bullying",
    "Citizenship",
    "Driver awareness",
    "Drugs",
    "Internet safety",
    "Law and order",
    "Personal safety",
    "Weapons and knife crime",
]


def _reset(database_url):
    """Start from an empty database: the session's schema fixture may have filled it."""
    app = make_app(database_url)
    with app.app_context():
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        db.engine.dispose()
    return app


def test_migrations_match_the_models(database_url):
    app = _reset(database_url)
    with app.app_context():
        try:
            upgrade()
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                differences = compare_metadata(context, db.metadata)
            assert differences == []
            names = db.session.execute(db.select(Topic.name).order_by(Topic.name)).scalars()
            assert list(names) == TEN_TOPICS
            if db.engine.dialect.name == "postgresql":
                constraints = db.session.execute(
                    text("SELECT conname FROM pg_constraint WHERE contype = 'x'")
                ).scalars()
                assert set(constraints) == {
                    "ex_talk_requests_officer_sessions_overlap",
                    "ex_talk_requests_officer_travel_buffer",
                }
            db.session.remove()
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        finally:
            db.session.remove()
            db.drop_all()
            db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
            db.create_all()
            db.session.remove()
            db.engine.dispose()


def test_the_areas_in_use_become_the_managed_list(database_url):
    """Upgrading a database with schools and officers keeps them, lists their areas, and a
    rename of an area then reaches every school (ON UPDATE CASCADE), on both databases."""
    app = _reset(database_url)
    with app.app_context():
        try:
            upgrade(revision="0002")
            for statement in (
                "INSERT INTO schools (id, urn, name, phase, address, postcode, area, "
                "email_domains) VALUES (1, '123456', 'Oak', 'primary', '', 'CW1 2AB', 'Crewe', '')",
                "INSERT INTO users (id, email, full_name, role, status, school_id, job_title, "
                "telephone, password_hash, created_at) VALUES (1, 't@oak.example', 'T', "
                "'teacher', 'active', 1, '', '', '', '2026-01-05')",
                "INSERT INTO users (id, email, full_name, role, status, job_title, telephone, "
                "password_hash, created_at) VALUES (2, 'o@police.example', 'O', 'officer', "
                "'active', '', '', '', '2026-01-05')",
                "INSERT INTO officer_areas (officer_id, area) VALUES (2, 'Chester')",
            ):
                db.session.execute(text(statement))
            db.session.commit()
            db.session.remove()
            upgrade()
            names = db.session.execute(text("SELECT name FROM areas ORDER BY name")).scalars()
            assert list(names) == ["Chester", "Crewe"]
            assert db.session.execute(text("SELECT count(*) FROM users")).scalar() == 2
            db.session.execute(text("UPDATE areas SET name = 'Crewe East' WHERE name = 'Crewe'"))
            db.session.commit()
            assert db.session.execute(text("SELECT area FROM schools")).scalar() == "Crewe East"
            db.session.remove()
            downgrade(revision="base")
        finally:
            db.session.remove()
            db.drop_all()
            db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
            db.create_all()
            db.session.remove()
            db.engine.dispose()
