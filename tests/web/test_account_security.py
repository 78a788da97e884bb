"""Changing a password or e-mail asks for the current password; a new e-mail address is proven
by a link sent to it before it applies; guessing is rate limited."""

from __future__ import annotations

import re

import pytest

from booking.extensions import db
from booking.models import OutboxMessage, User
from tests.factories import PASSWORD
from tests.pages import field_error, h1, new_account_form, text

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


def _outbox(recipient: str) -> list[OutboxMessage]:
    return list(
        db.session.execute(
            db.select(OutboxMessage).where(OutboxMessage.recipient == recipient)
        ).scalars()
    )


def _change_link(new_email: str) -> str:
    (message,) = _outbox(new_email)
    link = re.search(r"http://\S+/account/email/confirm/\S+", message.body_text).group(0)
    return link.removeprefix("http://localhost")


def _ask_for(client, new_email: str, password: str = PASSWORD):
    return client.post("/account/email", data={"email": new_email, "current_password": password})


def _email_of(user: User) -> str:
    db.session.expire_all()
    return db.session.get(User, user.id).email


def test_changing_the_email_needs_the_current_password(client, make, sign_in):
    user = make.coordinator()
    db.session.commit()
    before = user.email
    sign_in(user)
    response = _ask_for(client, "new@example.org", "wrong-one-x")
    assert "current password is not right" in field_error(response, "current_password")
    response = _ask_for(client, user.email.upper())
    assert field_error(response, "email") == "This is already your email address"
    assert db.session.execute(db.select(OutboxMessage)).first() is None
    assert _email_of(user) == before


def test_changing_the_email_looks_the_same_whether_or_not_the_address_has_an_account(
    client, make, sign_in
):
    user, other = make.coordinator(), make.officer()
    db.session.commit()
    before = user.email
    sign_in(user)
    pages = {}
    for new_email in ("free@example.org", other.email.upper()):
        response = _ask_for(client, new_email)
        assert response.status_code == 200
        assert h1(response) == "Check your e-mail"
        pages[new_email] = text(response).replace(new_email.lower(), "ADDRESS")
    assert len(set(pages.values())) == 1
    assert "Another account" not in pages["free@example.org"]
    assert _email_of(user) == before
    # The free address gets a link; the taken one is told, with no link to follow.
    assert _change_link("free@example.org").startswith("/account/email/confirm/")
    (notice,) = _outbox(other.email)
    assert notice.subject == "Someone tried to move an account to your e-mail address"
    assert "/account/email/confirm/" not in notice.body_text + notice.body_html
    # The current address hears of both requests, in the same words.
    old = _outbox(user.email)
    assert [m.subject for m in old] == ["A change of your e-mail address was asked for"] * 2
    assert "/account/email/confirm/" not in "".join(m.body_text + m.body_html for m in old)
    assert "/reset-password" in old[0].body_text


def test_the_new_address_applies_only_once_its_link_is_followed(client, make, sign_in):
    user = make.teacher()
    db.session.commit()
    before = user.email
    sign_in(user)
    _ask_for(client, "New@Example.org")
    link = _change_link("new@example.org")
    page = client.get(link)
    assert h1(page) == "Change your email address"
    assert "new@example.org" in text(page)
    assert _email_of(user) == before  # opening the link (a mail scanner) changes nothing
    response = client.post(link, follow_redirects=True)
    assert h1(response) == "Your account"
    assert "Your email address has been changed to new@example.org" in text(response)
    assert _email_of(user) == "new@example.org"
    client.post("/sign-out")
    assert client.post("/sign-in", data={"email": before, "password": PASSWORD}).status_code == 200
    assert (
        client.post("/sign-in", data={"email": "new@example.org", "password": PASSWORD}).status_code
        == 302
    )


def _refused(client, link: str) -> bool:
    response = client.post(link, follow_redirects=True)
    return h1(response) == "Your account" and "has expired, has been used already" in text(response)


def test_an_email_change_link_works_once(client, make, sign_in):
    user = make.officer()
    db.session.commit()
    sign_in(user)
    _ask_for(client, "first@example.org")
    _ask_for(client, "second@example.org")
    first, second = _change_link("first@example.org"), _change_link("second@example.org")
    client.post(first)
    assert _email_of(user) == "first@example.org"
    assert _refused(client, first)
    assert _refused(client, second)  # asked for before the change: it no longer matches
    assert _email_of(user) == "first@example.org"


def test_an_email_change_link_expires_and_cannot_be_forged(app, client, make, sign_in):
    user = make.officer()
    db.session.commit()
    before = user.email
    sign_in(user)
    _ask_for(client, "new@example.org")
    link = _change_link("new@example.org")
    assert _refused(client, link[:-3] + "abc")
    app.config["EMAIL_CHANGE_MAX_AGE_SECONDS"] = -1
    assert _refused(client, link)
    assert _email_of(user) == before


def test_an_email_change_link_works_only_for_the_account_that_asked(client, make, sign_in):
    user, someone_else = make.officer(), make.officer()
    db.session.commit()
    before = (user.email, someone_else.email)
    sign_in(user)
    _ask_for(client, "new@example.org")
    link = _change_link("new@example.org")
    client.post("/sign-out")
    sign_in(someone_else)
    assert _refused(client, link)
    assert (_email_of(user), _email_of(someone_else)) == before


def test_an_address_taken_before_the_link_is_followed_is_not_taken_twice(client, make, sign_in):
    user = make.officer()
    db.session.commit()
    before = user.email
    sign_in(user)
    _ask_for(client, "new@example.org")
    link = _change_link("new@example.org")
    make.teacher(email="new@example.org")
    db.session.commit()
    assert _refused(client, link)
    assert _email_of(user) == before


def test_a_signed_out_owner_signs_in_and_comes_back_to_the_link(client, make, sign_in):
    user = make.teacher()
    db.session.commit()
    sign_in(user)
    _ask_for(client, "new@example.org")
    link = _change_link("new@example.org")
    client.post("/sign-out")
    response = client.get(link)
    assert response.status_code == 302
    sign_in_page = response.headers["Location"]
    assert sign_in_page.startswith("/sign-in?next=")
    response = client.post(sign_in_page, data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == link
    client.post(link)
    assert _email_of(user) == "new@example.org"


def test_a_password_reset_ends_a_change_the_owner_did_not_ask_for(client, make, sign_in):
    user = make.teacher()
    db.session.commit()
    before = user.email
    sign_in(user)
    _ask_for(client, "thief@example.org")
    link = _change_link("thief@example.org")
    db.session.get(User, user.id).set_password("the-owner-reset-this")
    db.session.commit()
    assert _refused(client, link)
    assert _email_of(user) == before


def test_guessing_the_password_on_the_change_email_form_is_limited(client, make, sign_in):
    user = make.teacher()
    db.session.commit()
    sign_in(user)
    for number in range(5):
        assert _ask_for(client, f"n{number}@example.org", "wrong-one-x").status_code == 200
    response = _ask_for(client, "n9@example.org", "wrong-one-x")
    assert response.status_code == 429
    assert h1(response) == "Too many attempts"


def test_guessing_the_current_password_on_the_change_password_form_is_limited(
    client, make, sign_in
):
    user = make.teacher()
    db.session.commit()
    sign_in(user)
    wrong = {
        "current_password": "wrong-one-x",
        "password": "a-new-long-password-7",
        "confirm_password": "a-new-long-password-7",
    }
    for _ in range(5):
        assert client.post("/account/password", data=wrong).status_code == 200
    right = {**wrong, "current_password": PASSWORD}
    response = client.post("/account/password", data=right)
    assert response.status_code == 429
    assert h1(response) == "Too many attempts"
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(PASSWORD)


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


def test_signing_in_successfully_many_times_is_never_limited(client, make):
    """Only failed attempts count: a school's staff signing in all morning are not locked out."""
    user = make.officer()
    db.session.commit()
    for _ in range(30):
        assert (
            client.post("/sign-in", data={"email": user.email, "password": PASSWORD}).status_code
            == 302
        )
        client.post("/sign-out")


@pytest.mark.parametrize(
    ("weak", "why"),
    [
        ("password1234", "This is a very common password."),
        ("aaaaaaaaaaaa", 'Repeats like "aaa" are easy to guess.'),
        ("123456789012", "This is similar to a commonly used password."),
    ],
)
def test_a_common_or_patterned_new_password_is_refused_saying_why(client, make, sign_in, weak, why):
    user = make.teacher()
    db.session.commit()
    sign_in(user)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": weak, "confirm_password": weak},
    )
    assert response.status_code == 200
    assert f"Choose a password that is harder to guess. {why}" in text(response)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(PASSWORD)


def test_a_weak_password_is_refused_when_creating_an_account(client, make):
    school = make.school(email_domains="oakfield.sch.uk")
    db.session.commit()
    data = new_account_form(
        school, "jo.evans@oakfield.sch.uk", password="password1234", confirm_password="password1234"
    )
    response = client.post("/create-account", data=data)
    assert "Choose a password that is harder to guess" in text(response)
    assert db.session.execute(db.select(OutboxMessage)).first() is None
