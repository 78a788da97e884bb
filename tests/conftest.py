"""Fixtures shared by the whole suite.

Database tests run on SQLite and, when `TEST_DATABASE_URL` points at a PostgreSQL server,
again on PostgreSQL: the suite creates its own database there and drops it at the end.
Without a server those runs are skipped, unless `REQUIRE_POSTGRES=1` makes that a failure.
Each test gets an app of its own and empty tables.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from booking import create_app
from booking.extensions import db
from config import TestingConfig
from tests import factories

# Fuzzing: enough examples to find a crash, few enough to keep the suite quick. No deadline:
# a request's time depends on the machine, not on the input.
settings.register_profile(
    "booking",
    deadline=None,
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "40")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("booking")

# A Monday in term time, so that tests see a normal working week.
DEFAULT_NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _required(name: str) -> bool:
    return os.environ.get(name, "").strip() in {"1", "true", "yes"}


def skip_or_fail(variable: str, reason: str) -> None:
    if _required(variable):
        pytest.fail(f"{reason} ({variable}=1 makes this a failure)", pytrace=False)
    pytest.skip(reason)


def postgres_server_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return None
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if "+" not in url else url


@pytest.fixture(scope="session")
def postgresql_url():
    server = postgres_server_url()
    if server is None:
        skip_or_fail("REQUIRE_POSTGRES", "PostgreSQL tests need TEST_DATABASE_URL")
    name = f"booking_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        skip_or_fail("REQUIRE_POSTGRES", f"PostgreSQL at TEST_DATABASE_URL is unreachable: {error}")
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory):
    # A file, not memory, so that threads (a live server, concurrent confirmations) share it.
    return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'booking.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    """Which database a test runs on. Page tests override this to SQLite only."""
    return request.param


@pytest.fixture
def database_url(backend, request) -> str:
    return request.getfixturevalue(f"{backend}_url")


_schemas_created: set[str] = set()


def make_app(database_url: str, **settings):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        FROZEN_NOW = DEFAULT_NOW

    for name, value in settings.items():
        setattr(Config, name, value)
    return create_app(Config)


def empty_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    with app.app_context():
        if database_url not in _schemas_created:
            db.drop_all()
            db.create_all()
            _schemas_created.add(database_url)
        try:
            yield app
        finally:
            db.session.rollback()
            db.session.remove()
            empty_tables()
            db.session.remove()
            db.engine.dispose()


class RequestPerContextClient(FlaskClient):
    """Each request gets an app context (so `g`, the signed-in user and the database session)
    of its own, as in production, even though the test itself holds one open. What the test
    built is committed first, as data is before a real user's request."""

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = RequestPerContextClient
    return app.test_client()


@pytest.fixture
def make(app):
    """The builders of tests/factories.py, bound to the test's app."""
    return factories


@pytest.fixture
def smtp(app):
    """A real mail server on loopback, and the app pointed at it."""
    from tests.smtp import SmtpServer

    server = SmtpServer()
    server.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    yield server
    server.stop()


@pytest.fixture
def sign_in(client):
    def _sign_in(user, password: str = factories.PASSWORD):
        response = client.post("/sign-in", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return _sign_in
