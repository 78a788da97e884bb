"""No user enumeration: creating an account, signing in and resetting a password answer the
same, and do the same work, whether or not the e-mail address has an account."""

from __future__ import annotations

import re

import pytest
from werkzeug import security

from booking.extensions import db
from booking.models import OutboxMessage, User
from booking.services import accounts, registration
from tests.factories import PASSWORD
from tests.pages import h1

FORM = {
    "full_name": "Jo Evans",
    "job_title": "Year 6 teacher",
    "telephone": "01632 960001",
    "password": "a-long-enough-password",
    "confirm_password": "a-long-enough-password",
}


@pytest.fixture
def hash_work(monkeypatch):
    """Counts password-hash computations and checks, wherever they happen."""
    counts = {"generate": 0, "check": 0}

    def counting(name, original):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return original(*args, **kwargs)

        return wrapper

    generate = counting("generate", security.generate_password_hash)
    check = counting("check", security.check_password_hash)
    monkeypatch.setattr(accounts, "generate_password_hash", generate)
    monkeypatch.setattr(registration, "generate_password_hash", generate)
    monkeypatch.setattr(accounts, "check_password_hash", check)
    monkeypatch.setattr("booking.models.user.generate_password_hash", generate)
    monkeypatch.setattr("booking.models.user.check_password_hash", check)
    accounts._dummy_hash.cache_clear()
    accounts._dummy_hash("pbkdf2:sha256:1000")  # warm, as after the first request
    counts.update(generate=0, check=0)
    return counts


def _visible(response) -> str:
    """The page as a person sees it: without the per-request nonce and the address typed."""
    body = response.get_data(as_text=True)
    body = re.sub(r'nonce="[^"]+"', "", body)
    return re.sub(r"[\w.+-]+@[\w.-]+", "EMAIL", body)


def test_create_account_answers_and_works_the_same_for_a_taken_address(client, make, hash_work):
    existing = make.teacher()
    school = existing.school
    db.session.commit()
    pages, work = [], []
    for address in (existing.email, "someone.new@example.org"):
        hash_work.update(generate=0, check=0)
        response = client.post(
            "/create-account", data={**FORM, "email": address, "school": school.id}
        )
        assert response.status_code == 200
        pages.append(_visible(response))
        work.append(dict(hash_work))
    assert pages[0] == pages[1]
    assert work[0] == work[1] == {"generate": 1, "check": 0}
    messages = db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars()
    assert [m.recipient for m in messages] == [existing.email, "someone.new@example.org"]
    assert len(db.session.execute(db.select(User)).all()) == 1
    print("\ncreate account: same page, 1 hash and 1 e-mail either way")


def test_sign_in_checks_one_hash_whether_or_not_the_account_exists(client, make, hash_work):
    user = make.teacher()
    db.session.commit()
    pages, work = [], []
    for address in (user.email, "nobody@example.org"):
        hash_work.update(generate=0, check=0)
        response = client.post("/sign-in", data={"email": address, "password": "wrong-password-9"})
        pages.append(_visible(response))
        work.append(dict(hash_work))
    assert pages[0] == pages[1]
    assert work[0] == work[1] == {"generate": 0, "check": 1}


def test_sign_in_to_an_account_without_a_password_does_the_same_hashing_work(
    client, make, hash_work
):
    """A coordinator made the account and its owner has not set a password yet: answering at
    once would tell a guesser the account exists."""
    waiting = make.officer()
    waiting.password_hash = ""
    db.session.commit()
    pages, work = [], []
    for address in (waiting.email, "nobody@example.org"):
        hash_work.update(generate=0, check=0)
        response = client.post("/sign-in", data={"email": address, "password": "wrong-password-9"})
        pages.append(_visible(response))
        work.append(dict(hash_work))
    assert pages[0] == pages[1]
    assert work[0] == work[1] == {"generate": 0, "check": 1}


def test_reset_renders_the_same_e_mail_either_way_and_keeps_only_a_real_one(
    client, make, monkeypatch
):
    user = make.teacher()
    db.session.commit()
    rendered: list[str] = []
    original = accounts.queue_email

    def spy(recipient, template, **kwargs):
        rendered.append(template)
        return original(recipient, template, **kwargs)

    monkeypatch.setattr(accounts, "queue_email", spy)
    pages = []
    for address in (user.email, "nobody@example.org"):
        response = client.post("/reset-password", data={"email": address})
        assert h1(response) == "Check your e-mail"
        pages.append(_visible(response))
    assert pages[0] == pages[1]
    assert rendered == ["password_reset", "password_reset"]
    recipients = db.session.execute(db.select(OutboxMessage.recipient)).scalars().all()
    assert recipients == [user.email]


def test_reset_for_an_account_without_a_password_leaves_it_without_one(client, make):
    user = make.officer()
    user.password_hash = ""
    db.session.commit()
    client.post("/reset-password", data={"email": user.email})
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash == ""
    assert db.session.execute(db.select(OutboxMessage.recipient)).scalar_one() == user.email


def test_a_deactivated_account_gets_no_reset_link(client, make):
    user = make.officer(status="deactivated")
    db.session.commit()
    response = client.post("/reset-password", data={"email": user.email})
    assert h1(response) == "Check your e-mail"
    assert db.session.execute(db.select(OutboxMessage)).first() is None
    assert (
        client.post("/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 200
    )
