"""Configuration: every setting can come from the environment, with safe local defaults.

`DATABASE_URL` is honoured by every configuration, so any command or server can be pointed
at another database. Production refuses to start with a weak `SECRET_KEY` or without a
database URL.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_DATABASE_URL = f"sqlite:///{BASE_DIR / 'instance' / 'booking.sqlite3'}"
DEFAULT_SECRET_KEY = "dev-only-secret-key-change-me"  # noqa: S105 - refused in production
MIN_SECRET_KEY_LENGTH = 32


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Hosting platforms often hand out postgres:// URLs; SQLAlchemy wants a driver name.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Config:
    ENVIRONMENT = "development"
    SECRET_KEY = _env("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url(
        f"sqlite:///{BASE_DIR / 'instance' / 'booking.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}

    # The force running the service.
    FORCE_NAME = _env("FORCE_NAME", "Cheshire Constabulary")
    SERVICE_NAME = _env("SERVICE_NAME", "Book a police school talk")
    UNIT_NAME = _env("UNIT_NAME", "Communities Unit")
    CONTACT_TELEPHONE = _env("CONTACT_TELEPHONE", "01606 364565")
    CONTACT_NON_EMERGENCY = _env("CONTACT_NON_EMERGENCY", "101")
    CONTACT_EMERGENCY = _env("CONTACT_EMERGENCY", "999")
    CONTACT_EMAIL = _env("CONTACT_EMAIL", "")

    # The accessibility statement (public/accessibility.html): the force fills these in from its
    # own audit. Compliance is "full", "partial" or "not" (WCAG 2.2 AA); known issues are
    # separated by "|"; the enforcement body is "EHRC" (Great Britain) or "ECNI" (Northern
    # Ireland); dates are YYYY-MM-DD.
    ACCESSIBILITY_COMPLIANCE = _env("ACCESSIBILITY_COMPLIANCE", "partial")
    ACCESSIBILITY_KNOWN_ISSUES = _env(
        "ACCESSIBILITY_KNOWN_ISSUES",
        "On a phone, wide tables (lists of requests, users and schools, the demand figures) "
        "scroll sideways inside their own area instead of fitting the screen (WCAG 2.2 "
        "success criterion 1.4.10, Reflow)",
    )
    ACCESSIBILITY_CONTACT_EMAIL = _env("ACCESSIBILITY_CONTACT_EMAIL", "")
    ACCESSIBILITY_REPLY_DAYS = _env_int("ACCESSIBILITY_REPLY_DAYS", 5)
    ACCESSIBILITY_ENFORCEMENT_BODY = _env("ACCESSIBILITY_ENFORCEMENT_BODY", "EHRC")
    ACCESSIBILITY_PREPARED_ON = _env("ACCESSIBILITY_PREPARED_ON", "2026-12-02")
    ACCESSIBILITY_REVIEWED_ON = _env("ACCESSIBILITY_REVIEWED_ON", "2026-12-02")
    ACCESSIBILITY_TESTED_ON = _env("ACCESSIBILITY_TESTED_ON", "2026-12-02")
    ACCESSIBILITY_TESTED_BY = _env("ACCESSIBILITY_TESTED_BY", "the team that runs the service")

    # When talks can happen, and how far ahead.
    TIMEZONE = _env("TIMEZONE", "Europe/London")
    SERVICE_DAYS = "Monday to Friday"
    SERVICE_START = _env("SERVICE_START", "08:00")
    SERVICE_END = _env("SERVICE_END", "17:00")
    MIN_NOTICE_WORKING_DAYS = _env_int("MIN_NOTICE_WORKING_DAYS", 10)
    HORIZON_MONTHS = _env_int("HORIZON_MONTHS", 6)
    TRAVEL_BUFFER_MINUTES = _env_int("TRAVEL_BUFFER_MINUTES", 30)

    # Sessions: idle timeout and absolute lifetime of a signed-in session.
    SESSION_IDLE_MINUTES = _env_int("SESSION_IDLE_MINUTES", 30)
    SESSION_ABSOLUTE_HOURS = _env_int("SESSION_ABSOLUTE_HOURS", 12)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=SESSION_ABSOLUTE_HOURS)
    SESSION_COOKIE_NAME = "booking_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    PASSWORD_RESET_MAX_AGE_SECONDS = _env_int("PASSWORD_RESET_MAX_AGE_SECONDS", 3600)
    ACCOUNT_CONFIRM_MAX_AGE_SECONDS = _env_int("ACCOUNT_CONFIRM_MAX_AGE_SECONDS", 24 * 3600)
    EMAIL_CHANGE_MAX_AGE_SECONDS = _env_int("EMAIL_CHANGE_MAX_AGE_SECONDS", 24 * 3600)
    MIN_PASSWORD_LENGTH = 12

    # Rate limits on sign-in, password reset and account creation. Memory storage counts per
    # app server; with several servers use Redis, e.g. redis://127.0.0.1:6379/0.
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)

    # Privacy: requests older than this many school years are anonymised by `flask purge`.
    RETENTION_SCHOOL_YEARS = _env_int("RETENTION_SCHOOL_YEARS", 6)

    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the CSRF token lives as long as the session

    # E-mail (Flask-Mail). With no MAIL_SERVER, messages are written to the log.
    MAIL_SERVER = _env("MAIL_SERVER", "")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = _env("MAIL_DEFAULT_SENDER", "school-talks@example.police.uk")
    # Seconds to wait for the mail server to accept a connection, and then for each answer.
    MAIL_CONNECT_TIMEOUT = _env_float("MAIL_CONNECT_TIMEOUT", 10.0)
    MAIL_TIMEOUT = _env_float("MAIL_TIMEOUT", 10.0)
    # How often the mail worker looks for due e-mails (on PostgreSQL it is also woken at once).
    MAIL_WORKER_POLL_SECONDS = _env_float("MAIL_WORKER_POLL_SECONDS", 2.0)

    LOG_LEVEL = _env("LOG_LEVEL", "INFO")

    # The public address of the site: every link in an e-mail starts with it, never with the
    # Host header a request arrived with.
    # Without it, the host and port `make run` serves on (HOST, PORT).
    SERVER_BASE_URL = _env(
        "SERVER_BASE_URL", f"http://{_env('HOST', '127.0.0.1')}:{_env('PORT', '5000')}"
    )
    # Behind a load balancer or reverse proxy: how many proxies in front of the app set
    # X-Forwarded-For, -Proto and -Host. 0 (the default) ignores those headers, which a client
    # could forge when nothing strips them.
    PROXY_FIX_HOPS = _env_int("PROXY_FIX_HOPS", 0)

    @classmethod
    def validate(cls) -> dict:
        """Refuse settings unsafe for this configuration; return settings read at start-up."""
        return {}


class DevelopmentConfig(Config):
    ENVIRONMENT = "development"


class TestingConfig(Config):
    ENVIRONMENT = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key-that-is-long-enough"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = _database_url("sqlite://")
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - fast for tests; real use: scrypt
    MAIL_SERVER = ""
    MAIL_CONNECT_TIMEOUT = 5.0
    MAIL_TIMEOUT = 5.0
    SERVER_NAME = None
    SERVER_BASE_URL = "http://localhost"  # the test client's host


class ProductionConfig(Config):
    ENVIRONMENT = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def validate(cls) -> dict:
        problems = []
        key = os.environ.get("SECRET_KEY", "")
        if not key or key == DEFAULT_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
            problems.append(
                f"SECRET_KEY must be set to a random value of at least {MIN_SECRET_KEY_LENGTH} "
                'characters (for example: python -c "import secrets; print(secrets.token_hex(32))")'
            )
        if not os.environ.get("DATABASE_URL"):
            problems.append("DATABASE_URL must point at the production PostgreSQL database")
        if problems:
            raise RuntimeError("Refusing to start in production: " + "; ".join(problems))
        return {"SECRET_KEY": key, "SQLALCHEMY_DATABASE_URI": _database_url("")}


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
