"""Changing a password or e-mail asks for the current password; guessing is rate limited."""

from __future__ import annotations

import re

import pytest

from booking.extensions import db
from booking.models import User
from tests.factories import PASSWORD
from tests.pages import field_error, h1, text

NEW = "a-different-password"


def test_changing_the_password_needs_the_current_one(client, make, sign_in):
    user = make.officer()
    db.session.commit()
    sign_in(user)
    response = client.post(
        "/account/password",
        data={"current_password": "not-my-password", "password": NEW, "confirm_password": NEW},
    )
    assert field_error(response, "current_password") == (
        "Your current password is not right: enter it again"
    )
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(PASSWORD)


def test_changing_the_password_ends_the_other_sessions(app, make):
    user = make.teacher()
    db.session.commit()
    from tests.conftest import RequestPerContextClient

    app.test_client_class = RequestPerContextClient
    laptop, phone = app.test_client(), app.test_client()
    for device in (laptop, phone):
        device.post("/sign-in", data={"email": user.email, "password": PASSWORD})
        assert device.get("/teacher/requests").status_code == 200
    response = laptop.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": NEW, "confirm_password": NEW},
        follow_redirects=True,
    )
    assert h1(response) == "Your account"
    assert "signed out everywhere else" in text(response)
    assert laptop.get("/teacher/requests").status_code == 200
    assert phone.get("/teacher/requests").status_code == 302


def test_changing_the_email_needs_the_current_password_and_a_free_address(client, make, sign_in):
    user = make.coordinator()
    other = make.officer()
    db.session.commit()
    sign_in(user)
    response = client.post(
        "/account/email", data={"email": other.email, "current_password": PASSWORD}
    )
    assert field_error(response, "email") == "Another account uses this email address"
    response = client.post(
        "/account/email", data={"email": "new@example.org", "current_password": "wrong-one-x"}
    )
    assert "current password is not right" in field_error(response, "current_password")
    response = client.post(
        "/account/email",
        data={"email": "New@Example.org", "current_password": PASSWORD},
        follow_redirects=True,
    )
    assert "new@example.org" in text(response)


@pytest.mark.parametrize(
    "path,data,allowed",
    [
        ("/sign-in", {"email": "jo@example.org", "password": "wrong-password-x"}, 10),
        ("/reset-password", {"email": "jo@example.org"}, 5),
    ],
)
def test_guessing_one_account_is_limited_and_says_when_to_try_again(client, path, data, allowed):
    for _ in range(allowed):
        assert client.post(path, data=data).status_code == 200
    response = client.post(path, data=data)
    assert response.status_code == 429
    assert h1(response) == "Too many attempts"
    minutes = int(re.search(r"Try again in (\d+) minutes", text(response)).group(1))
    assert 1 <= minutes <= 16
    assert int(response.headers["Retry-After"]) > 0
    # Another account from the same address is not blocked by this one's limit.
    assert client.post(path, data={**data, "email": "someone@example.org"}).status_code == 200


def test_many_accounts_from_one_address_are_limited_too(client):
    statuses = [
        client.post(
            "/sign-in", data={"email": f"u{i}@example.org", "password": "x" * 12}
        ).status_code
        for i in range(51)
    ]
    assert statuses[:50] == [200] * 50 and statuses[50] == 429


def test_a_body_over_the_size_limit_is_refused(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/sign-in", data={"email": "x" * 5000, "password": "y"})
    assert response.status_code == 413
