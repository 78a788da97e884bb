"""Browser tests: pytest-playwright driving Debian's chromium against a live server.

The server runs the real migrations and the demo data on a SQLite file of its own. Without
chromium these tests are skipped, unless `REQUIRE_BROWSER=1` makes that a failure.
"""

from __future__ import annotations

import shutil
import threading

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from booking import demo
from booking.extensions import db
from tests.conftest import make_app, skip_or_fail

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


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


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app with migrations and demo data, as `make run` serves it."""
    path = tmp_path_factory.mktemp("live") / "booking.sqlite3"
    # Rate limits are tested through the test client; journeys here sign in many times.
    app = make_app(
        f"sqlite:///{path}", WTF_CSRF_ENABLED=True, FROZEN_NOW=None, RATELIMIT_ENABLED=False
    )
    with app.app_context():
        upgrade()
        demo.seed(demo_today(app))
        db.session.commit()
        db.session.remove()
    return app


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
