"""Every HTML e-mail is a whole document (doctype, language, title) that passes the W3C Nu HTML
checker, and every notice about a request links to the reader's own page for it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from booking.extensions import db
from booking.notifications.compose import compose
from booking.notifications.outbox import queue_email
from tests.validators import nu_errors

EMAILS = Path(__file__).resolve().parents[2] / "booking" / "templates" / "emails"
TEMPLATES = sorted(path.stem for path in EMAILS.glob("*.html"))
BASE = "http://localhost"

# Who receives each e-mail about a request (the others are about an account).
READERS = {
    "cancellation_copy": ("teacher", "officer"),
    "coordinator_officer_notice": ("officer",),
    "coordinator_request_cancelled": ("teacher",),
    "new_request": ("officer", "coordinator"),
    "proposal_accepted": ("officer",),
    "proposal_rejected": ("officer",),
    "proposal_withdrawn": ("teacher",),
    "reminder": ("teacher", "officer"),
    "request_assigned": ("officer",),
    "request_cancelled": ("officer",),
    "request_declined": ("teacher",),
    "request_received": ("teacher",),
    "session_cancelled": ("teacher",),
    "session_confirmed": ("teacher", "officer"),
    "session_reassigned": ("teacher", "officer"),
    "time_proposed": ("teacher",),
}
ACCOUNT_EMAILS = {
    "account_approved",
    "account_exists",
    "confirm_email",
    "email_change_confirm",
    "email_change_requested",
    "email_change_taken",
    "new_colleague",
    "password_reset",
    "set_password",
}


@pytest.fixture
def people(make):
    school = make.school(name="Oakfield Primary", area="Crewe")
    teacher = make.teacher(school=school, full_name="Jo Evans")
    officer = make.officer(full_name="PC Alex Morgan")
    talk = make.confirmed(officer, datetime(2026, 3, 23, 10), teacher=teacher)
    return {
        "teacher": teacher,
        "officer": officer,
        "coordinator": make.coordinator(full_name="Sam Carter"),
        "talk": talk,
    }


def _html(template: str, reader, people) -> str:
    talk = people["talk"]
    message = queue_email(
        reader.email,
        template,
        subject=f"{talk.reference}: about your talk",
        request=talk,
        talk=talk,
        person=reader,
        user=reader,
        officer=people["officer"],
        teacher=people["teacher"],
        colleague=people["teacher"],
        coordinator=people["coordinator"],
        school=talk.school,
        topic=talk.topic,
        reason="The school is closed for snow",
        link=f"{BASE}/reset-password/a-token",
        sign_in_url=f"{BASE}/sign-in",
        reset_url=f"{BASE}/reset-password",
        minutes=60,
        hours=24,
        unit="Communities Unit",
        verb="cancelled",
        had_session=True,
        role_label="officer",
        new_email="jo.new@example.org",
        full_name=reader.full_name,
        previous=people["coordinator"],
        officers=[people["officer"].full_name],
        audience="school" if reader.role == "teacher" else "new",
    )
    db.session.flush()
    email = compose(
        message,
        {
            "MAIL_DEFAULT_SENDER": "talks@example.police.uk",
            "FORCE_NAME": "Cheshire Constabulary",
            "UNIT_NAME": "Communities Unit",
        },
    )
    return email.get_body(("html",)).get_content()


def _own_page(role: str, talk) -> str:
    if role == "teacher":
        return f"{BASE}/teacher/requests/{talk.id}"
    return f"{BASE}/{role}/requests/{talk.reference}"


def test_every_template_is_listed_with_its_readers():
    assert set(TEMPLATES) == set(READERS) | ACCOUNT_EMAILS


def test_every_html_e_mail_is_a_valid_whole_document(app, people):
    documents = {}
    for template in TEMPLATES:
        for role in READERS.get(template, ("teacher",)):
            html = _html(template, people[role], people)
            assert html.lstrip().lower().startswith("<!doctype html>"), template
            soup = BeautifulSoup(html, "html.parser")
            assert soup.html.get("lang") == "en-GB", template
            assert soup.title.get_text(strip=True) == f"{people['talk'].reference}: about your talk"
            documents[f"{template} to the {role}"] = html
    errors = nu_errors(documents)
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors)


@pytest.mark.parametrize("template", sorted(READERS))
def test_every_notice_links_to_the_reader_s_own_page(app, people, template):
    for role in READERS[template]:
        soup = BeautifulSoup(_html(template, people[role], people), "html.parser")
        links = {a["href"] for a in soup.find_all("a", href=True)}
        assert _own_page(role, people["talk"]) in links, f"{template} to the {role}: {links}"
