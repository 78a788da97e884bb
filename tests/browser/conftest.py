"""Browser tests: pytest-playwright driving Debian's chromium against a live server.

Every browser test runs twice: against a server on a SQLite file of its own, and against one on
a PostgreSQL database of its own (on the `TEST_DATABASE_URL` server; without it that run is
skipped, unless `REQUIRE_POSTGRES=1` makes it a failure). Both databases have the real
migrations, and before each test every table is emptied and the demo data seeded again, so no
test depends on what another did: a fixture that reads or changes the data must therefore be
function-scoped. Without chromium these tests are skipped, unless `REQUIRE_BROWSER=1` makes
that a failure.
"""

from __future__ import annotations

import shutil
import threading
import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from werkzeug.serving import make_server

from booking import demo
from booking.extensions import db
from booking.models import Topic
from booking.notifications.worker import MailWorker
from tests.conftest import empty_tables, make_app, postgres_server_url, skip_or_fail
from tests.smtp import SmtpServer

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]

MIGRATED_TOPICS = "tests.migrated_topics"  # where the live app keeps the migration's topics


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = _chromium()
    if executable is None:
        skip_or_fail(
            "REQUIRE_BROWSER", "browser tests need Debian's chromium (apt-get install chromium)"
        )
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def live_database_url(request, tmp_path_factory):
    """The live server's database: a SQLite file, then a PostgreSQL database of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('live') / 'booking.sqlite3'}"
    else:
        yield from _scratch_postgres_database()


def _scratch_postgres_database():
    """A database on the TEST_DATABASE_URL server for the browser tests alone, dropped after."""
    server = postgres_server_url()
    if server is None:
        skip_or_fail("REQUIRE_POSTGRES", "browser tests on PostgreSQL need TEST_DATABASE_URL")
    name = f"booking_browser_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        skip_or_fail("REQUIRE_POSTGRES", f"PostgreSQL at TEST_DATABASE_URL is unreachable: {error}")
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def live_app(live_database_url):
    """The app with the real migrations and the demo data, as `make run` serves it."""
    # Rate limits are tested through the test client; journeys here sign in many times.
    app = make_app(
        live_database_url, WTF_CSRF_ENABLED=True, FROZEN_NOW=None, RATELIMIT_ENABLED=False
    )
    with app.app_context():
        upgrade()
        # The migration writes the topics and the demo needs them: keep them to put back.
        topics = db.session.execute(select(Topic.__table__).order_by(Topic.id))
        app.extensions[MIGRATED_TOPICS] = [dict(row) for row in topics.mappings()]
        db.session.remove()
    reset_demo(app)
    yield app
    with app.app_context():
        db.engine.dispose()


def reset_demo(app) -> None:
    """Empty every table and seed the demo again, on the topics the migration wrote."""
    with app.app_context():
        empty_tables()
        db.session.execute(Topic.__table__.insert(), app.extensions[MIGRATED_TOPICS])
        if db.engine.dialect.name == "postgresql":
            # The topics keep their ids: move the sequence past them, as the migration left it.
            db.session.execute(
                text("SELECT setval(pg_get_serial_sequence('topics', 'id'), max(id)) FROM topics")
            )
        demo.seed(demo_today(app))
        db.session.commit()
        db.session.remove()


@pytest.fixture(autouse=True)
def fresh_demo(live_app):
    """Every browser test starts from the demo data alone, whatever the tests before it did."""
    reset_demo(live_app)


def demo_today(app):
    from booking import clock

    with app.test_request_context():
        return clock.today()


@pytest.fixture(scope="session")
def base_url(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    address = f"http://127.0.0.1:{server.server_port}"
    live_app.config["SERVER_BASE_URL"] = address  # links the pages and e-mails give out
    yield address
    server.shutdown()
    server.server_close()


@pytest.fixture
def mail_inbox(live_app):
    """A mail server on loopback and a mail worker sending the live server's outbox to it, as
    in production (web requests only write outbox rows). Yields the server's inbox."""
    sink = SmtpServer()
    sink.start()
    saved = {name: live_app.config[name] for name in ("MAIL_SERVER", "MAIL_PORT")}
    live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=sink.port)
    stop = threading.Event()
    worker = threading.Thread(
        target=MailWorker(live_app, poll_seconds=1.0, stop=stop).run, daemon=True
    )
    worker.start()
    try:
        yield sink.inbox
    finally:
        stop.set()
        worker.join(timeout=30)
        live_app.config.update(saved)
        sink.stop()
    assert not worker.is_alive(), "the mail worker did not stop within 30 s"


def sign_in_as(page, email: str, password: str = demo.DEMO_PASSWORD) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def assert_no_axe_violations(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    assert results.violations_count == 0, results.generate_report() if violations else ""


@pytest.fixture(autouse=True)
def _patient_under_load(page):
    """CI shares two cores with the database and the server: allow slow pages before failing."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    page.set_default_timeout(15_000)
