"""`flask --app booking check-deploy`: a production configuration check, like Django's
`check --deploy`."""

from __future__ import annotations

import secrets

import pytest

from booking import create_app
from booking.deploy_check import check
from config import DEFAULT_SECRET_KEY, DevelopmentConfig, ProductionConfig

GOOD = {
    "DEBUG": False,
    "SECRET_KEY": secrets.token_hex(32),
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_ENABLED": True,
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://app@db/booking",
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
    "SERVER_BASE_URL": "https://talks.example.police.uk",
    "MAIL_SERVER": "smtp.example.police.uk",
}


def test_a_good_production_configuration_passes_without_warnings():
    report = check(GOOD)
    assert (report.ok, report.problems, report.warnings) == (True, [], [])


@pytest.mark.parametrize(
    "change,words",
    [
        ({"DEBUG": True}, "DEBUG is on"),
        ({"SECRET_KEY": "dev-only-secret-key-change-me"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"SESSION_COOKIE_SECURE": False}, "SESSION_COOKIE_SECURE"),
        ({"SESSION_COOKIE_HTTPONLY": False}, "SESSION_COOKIE_HTTPONLY"),
        ({"SESSION_COOKIE_SAMESITE": None}, "SESSION_COOKIE_SAMESITE"),
        ({"WTF_CSRF_ENABLED": False}, "WTF_CSRF_ENABLED"),
        ({"SQLALCHEMY_DATABASE_URI": "sqlite:///x.db"}, "not PostgreSQL"),
        ({"RATELIMIT_ENABLED": False}, "RATELIMIT_ENABLED"),
        ({"RATELIMIT_STORAGE_URI": "memory://"}, "each app server, and each of its workers"),
        ({"MAIL_SERVER": ""}, "MAIL_SERVER"),
    ],
)
def test_each_unsafe_setting_is_a_problem(change, words):
    report = check({**GOOD, **change})
    assert not report.ok
    assert len(report.problems) == 1 and words in report.problems[0]


@pytest.mark.parametrize(
    "change,words",
    [
        ({"SERVER_BASE_URL": "http://talks.example"}, "https://"),
    ],
)
def test_doubtful_settings_are_warnings(change, words):
    report = check({**GOOD, **change})
    assert report.ok
    assert len(report.warnings) == 1 and words in report.warnings[0]


def test_the_command_passes_production_and_fails_development(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", secrets.token_hex(32))
    monkeypatch.setenv("DATABASE_URL", "postgresql://app@db.internal/booking")
    app = create_app(ProductionConfig)
    app.config["MAIL_SERVER"] = "smtp.example.police.uk"
    result = app.test_cli_runner().invoke(args=["check-deploy"])
    assert result.exit_code == 1  # the default limit storage counts per worker
    assert "PROBLEM: RATELIMIT_STORAGE_URI is memory://" in result.output
    app.config["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:6379/0"
    result = app.test_cli_runner().invoke(args=["check-deploy"])
    assert result.exit_code == 0, result.output
    assert "Ready for production (1 warnings)." in result.output

    class Development(DevelopmentConfig):  # the defaults, whatever this machine's environment
        SECRET_KEY = DEFAULT_SECRET_KEY
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        SESSION_COOKIE_SECURE = False

    result = create_app(Development).test_cli_runner().invoke(args=["check-deploy"])
    assert result.exit_code == 1
    assert "PROBLEM: SECRET_KEY" in result.output
    assert "PROBLEM: SESSION_COOKIE_SECURE is off" in result.output
    assert "PROBLEM: DATABASE_URL is not PostgreSQL" in result.output
    assert "not safe for production" in result.output
