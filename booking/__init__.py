"""School talk booking: teachers request police talks, officers deliver them."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from booking.extensions import csrf, db, limiter, login_manager, migrate

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(config_class=None) -> Flask:
    """Build an app. No database or network work happens here."""
    from config import CONFIGS

    if config_class is None:
        config_class = CONFIGS[os.environ.get("BOOKING_CONFIG", "development")]
    settings = config_class.validate()

    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(config_class)
    app.config.update(settings)
    _trust_proxies(app)
    _configure_logging(app)
    _ensure_sqlite_folder(app)

    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("booking"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    _init_login(app)

    from booking import web
    from booking.notifications import wakeup  # noqa: F401 - registers the NOTIFY listener

    web.init_app(app)
    _register_blueprints(app)

    from booking.cli import register_commands

    register_commands(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind PROXY_FIX_HOPS proxies, take the client's address, scheme and host from the
    X-Forwarded-* headers they set, so rate limits and the audit trail see the client."""
    hops = int(app.config.get("PROXY_FIX_HOPS", 0))
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _configure_logging(app: Flask) -> None:
    """The service's own loggers (audit, security, mail) speak at LOG_LEVEL and escape every
    value (booking/log_lines.py); a server that set up logging itself (gunicorn) keeps its
    handlers."""
    from booking.log_lines import escape_values_of

    logging.getLogger("booking").setLevel(app.config["LOG_LEVEL"])
    escape_values_of(app.logger)  # the app's own logger escapes values like the others do
    if not logging.getLogger().handlers and not app.testing:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _ensure_sqlite_folder(app: Flask) -> None:
    """Create the folder of a file-based SQLite database (e.g. `instance/`) if missing."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and uri != "sqlite:///:memory:":
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


def _init_login(app: Flask) -> None:
    from booking.auth import login_sessions

    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # sessions are checked against the database
    login_manager.user_loader(login_sessions.load_user)


def _register_blueprints(app: Flask) -> None:
    from booking.auth import bp as auth_bp
    from booking.calendar_feed import bp as calendar_feed_bp
    from booking.coordinator import bp as coordinator_bp
    from booking.officer import bp as officer_bp
    from booking.public import bp as public_bp
    from booking.teacher import bp as teacher_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(teacher_bp, url_prefix="/teacher")
    app.register_blueprint(officer_bp, url_prefix="/officer")
    app.register_blueprint(calendar_feed_bp)
    app.register_blueprint(coordinator_bp, url_prefix="/coordinator")
