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
