"""Headers and cookies in the production configuration: on every kind of response (page,
redirect, 400, 403, 404, 405, 413, 429, 500), over HTTPS as behind the load balancer."""

from __future__ import annotations

import secrets

import pytest

from booking import create_app
from booking.extensions import db
from config import ProductionConfig
from tests.conftest import DEFAULT_NOW
from tests.factories import PASSWORD


@pytest.fixture
def production(app, monkeypatch, database_url):
    """The production app on the test database (whose tables the `app` fixture made)."""
    monkeypatch.setenv("SECRET_KEY", secrets.token_hex(32))
    monkeypatch.setenv("DATABASE_URL", database_url)

    class Production(ProductionConfig):
        FROZEN_NOW = DEFAULT_NOW
        PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - fast for tests

    production_app = create_app(Production)

    @production_app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    boom.access_rule = "public"
    yield production_app
    with production_app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def https(production):
    client = production.test_client()
    client.environ_base.update({"wsgi.url_scheme": "https", "HTTP_HOST": "booking.example.org"})
    return client


def _check_headers(response, signed_in: bool = False) -> None:
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy
    assert "script-src 'self' 'nonce-" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Server" not in headers
    if signed_in:
        assert headers["Cache-Control"] == "no-store"


def test_every_kind_of_response_carries_the_security_headers(https, production):
    responses = {
        "page": https.get("/"),
        "redirect": https.get("/teacher/requests"),
        "csrf 400": https.post("/sign-in", data={"email": "a@b.example", "password": "x"}),
        "404": https.get("/no-such-page"),
        "405": https.get("/sign-out"),
        "413": https.post("/sign-in", data={"email": "x" * (3 * 1024 * 1024)}),
        "500": https.get("/boom"),
        "static": https.get("/static/app.css"),
    }
    expected = {"page": 200, "redirect": 302, "csrf 400": 400, "404": 404, "405": 405}
    expected.update({"413": 413, "500": 500, "static": 200})
    for name, response in responses.items():
        assert response.status_code == expected[name], name
        _check_headers(response)
        response.close()
    production.config["RATELIMIT_ENABLED"] = True
    limited = None
    production.config["WTF_CSRF_ENABLED"] = False
    for _ in range(60):
        limited = https.post("/reset-password", data={"email": "someone@example.org"})
        if limited.status_code == 429:
            break
    assert limited.status_code == 429
    _check_headers(limited)


def test_cookies_are_secure_http_only_and_same_site_lax(https, production, make):
    user = make.coordinator()
    db.session.commit()
    production.config["WTF_CSRF_ENABLED"] = False
    response = https.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("booking_session=")
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"secure", "httponly"} <= attributes
    assert "SameSite=Lax" in cookie
    page = https.get("/coordinator/requests")
    assert page.status_code == 200
    _check_headers(page, signed_in=True)
    forbidden = https.get("/teacher/requests")
    assert forbidden.status_code == 403
    _check_headers(forbidden, signed_in=True)


def test_the_error_pages_say_nothing_about_the_software(https):
    for path in ("/no-such-page", "/boom"):
        body = https.get(path).get_data(as_text=True)
        for word in ("Traceback", "Werkzeug", "Flask", "RuntimeError", "sqlalchemy"):
            assert word not in body, (path, word)
