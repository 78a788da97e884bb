"""Configuration: safe defaults locally, and production refuses to start unsafely."""

from __future__ import annotations

import os

import pytest

from booking import create_app
from config import (
    DEFAULT_DATABASE_URL,
    DEFAULT_SECRET_KEY,
    DevelopmentConfig,
    ProductionConfig,
    _database_url,
)

GOOD_KEY = "f" * 64


def test_development_defaults_to_sqlite_under_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert _database_url(DEFAULT_DATABASE_URL).endswith("/instance/booking.sqlite3")


def test_database_url_is_honoured_and_given_a_driver(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert _database_url(DEFAULT_DATABASE_URL) == "postgresql+psycopg://u@h/db"


def test_service_settings_have_the_documented_defaults():
    assert DevelopmentConfig.SERVICE_START == "08:00"
    assert DevelopmentConfig.SERVICE_END == "17:00"
    assert DevelopmentConfig.TIMEZONE == "Europe/London"
    assert DevelopmentConfig.MIN_NOTICE_WORKING_DAYS == 10
    assert DevelopmentConfig.HORIZON_MONTHS == 6
    assert DevelopmentConfig.TRAVEL_BUFFER_MINUTES == 30
    assert DevelopmentConfig.CONTACT_TELEPHONE == "01606 364565"


@pytest.mark.parametrize("key", [None, "", DEFAULT_SECRET_KEY, "short-key"])
def test_production_refuses_a_default_or_short_secret_key(monkeypatch, key):
    monkeypatch.setenv("DATABASE_URL", "postgresql://db.internal/booking")
    if key is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_refuses_to_start_without_database_url(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", GOOD_KEY)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        create_app(ProductionConfig)


def test_production_uses_secure_cookies_and_the_given_database(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db.internal/booking")
    app = create_app(ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://app@db.internal/booking"
    assert app.config["SECRET_KEY"] == GOOD_KEY


def test_create_app_does_no_database_work(monkeypatch, tmp_path):
    """Building the app must not touch the database (no migrations at start-up)."""
    monkeypatch.setenv("SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/nothing")
    create_app(ProductionConfig)  # would fail if it tried to connect


def test_links_follow_the_host_and_port_make_run_serves_on():
    """`make run PORT=5101` passes HOST and PORT on: e-mail links must point there."""
    import subprocess
    import sys

    def base_url(**env):
        environment = {k: v for k, v in os.environ.items() if k != "SERVER_BASE_URL"}
        return subprocess.run(  # noqa: S603 - this interpreter, a fixed program
            [sys.executable, "-c", "import config; print(config.Config.SERVER_BASE_URL)"],
            env={**environment, **env},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    assert base_url(PORT="5101") == "http://127.0.0.1:5101"
    assert base_url(HOST="0.0.0.0", PORT="8080") == "http://0.0.0.0:8080"  # noqa: S104
    assert base_url(PORT="5101", SERVER_BASE_URL="https://talks.example") == "https://talks.example"
