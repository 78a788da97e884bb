"""Signing in and out, creating an account, resetting a password, and session lifetimes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from booking.extensions import db
from booking.models import AuditEvent, OutboxMessage, User, UserSession
from tests.conftest import DEFAULT_NOW
from tests.factories import PASSWORD
from tests.pages import error_summary, field_error, h1, new_account_form, text

SIGN_IN_FAILED = "Enter a correct email address and password"


def test_sign_in_takes_each_role_to_its_home(client, make):
    for user, heading in [
        (make.teacher(), "Your requests"),
        (make.officer(), "Requests"),
        (make.coordinator(), "All requests"),
    ]:
        db.session.commit()
        response = client.post(
            "/sign-in",
            data={"email": user.email.upper(), "password": PASSWORD},
            follow_redirects=True,
        )
        assert h1(response) == heading
        client.post("/sign-out")


@pytest.mark.parametrize("email", ["nobody@example.org", "known"])
def test_failed_sign_in_says_the_same_whether_or_not_the_account_exists(client, make, email):
    user = make.teacher()
    db.session.commit()
    response = client.post(
        "/sign-in",
        data={"email": user.email if email == "known" else email, "password": "wrong-password-1"},
    )
    assert response.status_code == 200
    assert field_error(response, "email") == SIGN_IN_FAILED
    assert field_error(response, "password") == SIGN_IN_FAILED
    assert text(response).startswith("Error: Sign in") or "Error:" in response.get_data(
        as_text=True
    )
    assert db.session.execute(
        db.select(AuditEvent).where(AuditEvent.action == "sign_in_failed")
    ).scalar_one()


def test_empty_sign_in_form_says_what_to_enter(client):
    response = client.post("/sign-in", data={"email": "", "password": ""})
    assert field_error(response, "email") == "Enter your email address"
    assert field_error(response, "password") == "Enter your password"
    assert error_summary(response) == ["Enter your email address", "Enter your password"]
    assert "<title>Error: " in response.get_data(as_text=True)


def test_deactivated_user_cannot_sign_in(client, make):
    user = make.officer(status="deactivated")
    db.session.commit()
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert field_error(response, "email") == SIGN_IN_FAILED


def test_sign_in_starts_a_new_session_and_sign_out_ends_it(client, make, sign_in):
    user = make.teacher()
    db.session.commit()
    client.get("/sign-in")
    with client.session_transaction() as before:
        before["planted"] = "from before sign-in"
    sign_in(user)
    with client.session_transaction() as after:
        assert "planted" not in after
        stolen = dict(after)
    assert client.get("/teacher/requests").status_code == 200
    client.post("/sign-out")
    # Replaying the old cookie's contents after sign-out gets the sign-in page.
    with client.session_transaction() as replay:
        replay.update(stolen)
    response = client.get("/teacher/requests")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]
    assert db.session.execute(db.select(UserSession.ended_at)).scalar_one() is not None


def test_sign_out_is_post_only(client, make, sign_in):
    sign_in(make.teacher())
    db.session.commit()
    assert client.get("/sign-out").status_code == 405
    assert client.get("/teacher/requests").status_code == 200


def test_idle_session_ends_after_30_minutes(app, client, make, sign_in):
    user = make.teacher()
    db.session.commit()
    sign_in(user)
    app.config["FROZEN_NOW"] = DEFAULT_NOW + timedelta(minutes=29)
    assert client.get("/teacher/requests").status_code == 200
    app.config["FROZEN_NOW"] = DEFAULT_NOW + timedelta(minutes=29 + 31)
    assert client.get("/teacher/requests").status_code == 302


def test_session_ends_after_12_hours_however_active(app, client, make, sign_in):
    user = make.teacher()
    db.session.commit()
    sign_in(user)
    for minutes in range(25, 12 * 60, 25):
        app.config["FROZEN_NOW"] = DEFAULT_NOW + timedelta(minutes=minutes)
        assert client.get("/teacher/requests").status_code == 200
    app.config["FROZEN_NOW"] = DEFAULT_NOW + timedelta(hours=12, minutes=1)
    assert client.get("/teacher/requests").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/x",
        "/\t/evil.example",
        "/%09/evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        " /coordinator/requests",
        "/\r\nLocation: https://evil.example",
        "/%0d%0aLocation:x",
        "/no-such-page",
        "/sign-out",
        "//[::1",
    ],
)
def test_next_only_follows_paths_to_pages_of_this_site(client, make, target):
    user = make.coordinator()
    db.session.commit()
    response = client.post(
        "/sign-in", query_string={"next": target}, data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/coordinator/requests"


def test_a_tab_in_next_typed_into_the_address_bar_does_not_leave_the_site(client, make):
    user = make.officer()
    db.session.commit()
    response = client.post(
        "/sign-in?next=/%09/evil.example", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/officer/requests"


def test_next_to_a_page_of_this_site_is_followed_after_sign_in(client, make):
    user = make.teacher()
    db.session.commit()
    response = client.get("/teacher/requests?page=2")
    sign_in_page = response.headers["Location"]
    assert "next=" in sign_in_page
    response = client.post(sign_in_page, data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/teacher/requests?page=2"


def _create_account(client, school_row, email_address, **overrides):
    return client.post(
        "/create-account",
        data=new_account_form(school_row, email_address) | overrides,
        follow_redirects=True,
    )


def _confirm_link(email_address: str) -> str:
    message = db.session.execute(
        db.select(OutboxMessage).where(OutboxMessage.recipient == email_address)
    ).scalar_one()
    link = re.search(r"http://\S+/create-account/confirm/\S+", message.body_text).group(0)
    return link.removeprefix("http://localhost")


def test_create_account_sends_a_link_and_creates_nothing_until_it_is_followed(client, make):
    school = make.school(email_domains="oakfield.sch.uk")
    db.session.commit()
    response = _create_account(client, school, "Jo.Evans@Oakfield.sch.uk")
    assert h1(response) == "Check your e-mail"
    assert "jo.evans@oakfield.sch.uk" in text(response)
    assert db.session.execute(db.select(User)).first() is None
    message = db.session.execute(db.select(OutboxMessage)).scalar_one()
    assert message.subject == "Confirm your e-mail address to create your account"
    assert "a-long-enough-password" not in message.body_text + message.body_html


def test_teacher_on_a_staff_only_school_domain_is_active_once_the_link_is_followed(client, make):
    school = make.school(email_domains="oakfield.sch.uk", domains_staff_only=True)
    db.session.commit()
    _create_account(client, school, "Jo.Evans@Oakfield.sch.uk")
    link = _confirm_link("jo.evans@oakfield.sch.uk")
    assert h1(client.get(link)) == "Finish creating your account"
    assert db.session.execute(db.select(User)).first() is None  # a mail scanner's GET
    response = client.post(link, follow_redirects=True)
    assert h1(response) == "Your requests"
    user = db.session.execute(db.select(User)).scalar_one()
    assert (user.email, user.status, user.school_id, user.full_name) == (
        "jo.evans@oakfield.sch.uk",
        "active",
        school.id,
        "Jo Evans",
    )
    assert user.check_password("a-long-enough-password")
    client.post("/sign-out")
    response = client.post(
        "/sign-in", data={"email": user.email, "password": "a-long-enough-password"}
    )
    assert response.status_code == 302


def test_teacher_on_another_domain_waits_for_approval_and_sees_nothing_else(client, make):
    school = make.school(email_domains="oakfield.sch.uk")
    db.session.commit()
    _create_account(client, school, "jo@gmail.example")
    response = client.post(_confirm_link("jo@gmail.example"), follow_redirects=True)
    assert h1(response) == "Your account is waiting for approval"
    assert db.session.execute(db.select(User.status)).scalar_one() == "pending"
    response = client.get("/teacher/requests")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account-pending")
    assert client.get("/officer/requests").status_code == 302


def test_an_address_on_a_domain_not_marked_staff_only_waits_and_the_page_says_why(client, make):
    school = make.school(email_domains="oakfield.sch.uk")  # pupils may have addresses here
    db.session.commit()
    _create_account(client, school, "year9.pupil@oakfield.sch.uk")
    response = client.post(_confirm_link("year9.pupil@oakfield.sch.uk"), follow_redirects=True)
    assert h1(response) == "Your account is waiting for approval"
    assert "pupils can have addresses there too" in text(response)
    assert db.session.execute(db.select(User.status)).scalar_one() == "pending"
    assert client.get("/teacher/requests").headers["Location"].endswith("/account-pending")


def _colleague_mail() -> list[str]:
    return list(
        db.session.execute(
            db.select(OutboxMessage.recipient)
            .where(OutboxMessage.subject.like("A new account for % is active"))
            .order_by(OutboxMessage.recipient)
        ).scalars()
    )


def test_the_schools_active_teachers_are_told_when_a_new_account_becomes_active(client, make):
    school = make.school(email_domains="oakfield.sch.uk", domains_staff_only=True)
    make.teacher(school=school, email="head@oakfield.sch.uk")
    make.teacher(school=school, email="waiting@oakfield.sch.uk", status="pending")
    make.teacher(school=school, email="left@oakfield.sch.uk", status="deactivated")
    make.teacher(email="elsewhere@school.example.sch.uk")
    db.session.commit()
    _create_account(client, school, "jo.evans@oakfield.sch.uk")
    client.post(_confirm_link("jo.evans@oakfield.sch.uk"))
    assert _colleague_mail() == ["head@oakfield.sch.uk"]
    body = db.session.execute(
        db.select(OutboxMessage.body_text).where(OutboxMessage.recipient == "head@oakfield.sch.uk")
    ).scalar_one()
    assert "Jo Evans" in body and "jo.evans@oakfield.sch.uk" in body
    assert "If this person does not work at your school" in body


def test_a_confirmation_link_works_once(client, make):
    school = make.school()
    db.session.commit()
    _create_account(client, school, "jo@example.org")
    link = _confirm_link("jo@example.org")
    client.post(link)
    client.post("/sign-out")
    response = client.get(link)
    assert response.status_code == 404
    assert h1(response) == "This link has expired"
    assert client.post(link).status_code == 404
    assert len(db.session.execute(db.select(User)).all()) == 1


def test_a_confirmation_link_expires_and_cannot_be_forged(app, client, make):
    school = make.school()
    db.session.commit()
    _create_account(client, school, "jo@example.org")
    link = _confirm_link("jo@example.org")
    assert client.get(link[:-3] + "abc").status_code == 404
    app.config["ACCOUNT_CONFIRM_MAX_AGE_SECONDS"] = -1
    assert client.post(link).status_code == 404
    assert db.session.execute(db.select(User)).first() is None


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"full_name": ""}, "full_name", "Enter your full name"),
        (
            {"email": "not-an-email"},
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        ({"school": ""}, "school", "Select your school"),
        ({"job_title": ""}, "job_title", "Enter your job title"),
        (
            {"password": "short", "confirm_password": "short"},
            "password",
            "Password must be 12 characters or more",
        ),
        (
            {"confirm_password": "something-else-entirely"},
            "confirm_password",
            "Passwords must match",
        ),
    ],
)
def test_create_account_explains_each_mistake_next_to_its_field(
    client, make, overrides, field, message
):
    school = make.school()
    db.session.commit()
    response = _create_account(client, school, "jo@example.org", **overrides)
    assert field_error(response, field) == message
    assert db.session.execute(db.select(User)).first() is None


def test_create_account_with_a_taken_email_looks_the_same_and_tells_the_owner(client, make):
    existing = make.teacher()
    db.session.commit()
    response = _create_account(client, existing.school, existing.email.upper())
    assert h1(response) == "Check your e-mail"
    assert "already exists" not in text(response)
    message = db.session.execute(db.select(OutboxMessage)).scalar_one()
    assert message.recipient == existing.email
    assert "Someone tried to create" in message.body_text
    assert "/create-account/confirm/" not in message.body_text
    assert len(db.session.execute(db.select(User)).all()) == 1


def _reset_link(outbox_message: OutboxMessage) -> str:
    return re.search(r"http://\S+/reset-password/\S+", outbox_message.body_text).group(0)


def test_password_reset_link_works_once(client, make):
    user = make.teacher()
    db.session.commit()
    response = client.post("/reset-password", data={"email": user.email})
    assert h1(response) == "Check your e-mail"
    message = db.session.execute(db.select(OutboxMessage)).scalar_one()
    assert message.recipient == user.email
    link = _reset_link(message).removeprefix("http://localhost")
    new = "a-brand-new-password"
    response = client.post(
        link, data={"password": new, "confirm_password": new}, follow_redirects=True
    )
    assert h1(response) == "Sign in"
    assert client.post("/sign-in", data={"email": user.email, "password": new}).status_code == 302
    client.post("/sign-out")
    assert client.get(link).status_code == 404  # used: the link no longer works


def test_password_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(client):
    response = client.post("/reset-password", data={"email": "nobody@example.org"})
    assert h1(response) == "Check your e-mail"
    assert db.session.execute(db.select(OutboxMessage)).first() is None


def test_password_reset_link_expires(app, client, make):
    user = make.teacher()
    db.session.commit()
    client.post("/reset-password", data={"email": user.email})
    link = _reset_link(db.session.execute(db.select(OutboxMessage)).scalar_one())
    app.config["PASSWORD_RESET_MAX_AGE_SECONDS"] = -1
    assert client.get(link.removeprefix("http://localhost")).status_code == 404


def test_a_reset_link_uses_the_configured_address_whatever_host_the_request_named(
    app, client, make
):
    app.config["SERVER_BASE_URL"] = "https://talks.example.police.uk/"
    user = make.teacher()
    db.session.commit()
    client.post(
        "/reset-password",
        data={"email": user.email},
        base_url="http://10.0.0.5:8000",
        headers={"Host": "attacker.example"},
    )
    body = db.session.execute(db.select(OutboxMessage.body_text)).scalar_one()
    assert re.search(r"https://talks\.example\.police\.uk/reset-password/\S+", body)
    assert "10.0.0.5" not in body and "attacker.example" not in body


def test_csrf_is_required_when_enabled(app, client, make):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make.teacher()
    db.session.commit()
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert h1(response) == "Sorry, there is a problem with the page"
