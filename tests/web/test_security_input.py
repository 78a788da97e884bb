"""Hostile input: markup is shown as text, a line break in a name cannot reach an e-mail
header, and a form without a valid CSRF token is refused with 400."""

from __future__ import annotations

from datetime import date, time

import pytest
from bs4 import BeautifulSoup

from booking.extensions import db
from booking.models import OutboxMessage
from booking.notifications import sender
from booking.services import availability
from tests.factories import PASSWORD
from tests.pages import h1

SCRIPT = "<script>alert('x')</script>"
INJECTED = "Sam Jones\r\nBcc: victim@example.org"


def test_markup_in_notes_and_names_is_shown_as_text(client, make, sign_in):
    school = make.school(name=f"Oak {SCRIPT} Primary")
    teacher = make.teacher(school, full_name=f"Jo {SCRIPT}")
    talk = make.talk_request(teacher, notes=f"Please {SCRIPT} bring leaflets")
    officer = make.officer()
    db.session.commit()
    for user, path in (
        (teacher, f"/teacher/requests/{talk.id}"),
        (officer, f"/officer/requests/{talk.reference}"),
        (officer, "/officer/requests"),
    ):
        sign_in(user)
        body = client.get(path).get_data(as_text=True)
        assert SCRIPT not in body, path
        assert "&lt;script&gt;" in body, path
        client.post("/sign-out")


def test_a_line_break_in_an_officers_name_cannot_reach_an_e_mail_header(
    app,
    client,
    make,
    sign_in,
    smtp,
):
    officer = make.officer(full_name=INJECTED)
    teacher = make.teacher()
    talk = make.talk_request(teacher, options=[(date(2026, 3, 23), time(9), time(15))])
    db.session.commit()
    sign_in(officer)
    response = client.post(
        f"/officer/requests/{talk.reference}/propose",
        data={"propose-day_1": ["24", "3", "2026"], "propose-start_1": "10:00"},
    )
    assert response.status_code == 302
    queued = db.session.execute(db.select(OutboxMessage)).scalars().all()
    assert queued, "the proposal queued no e-mail"
    sender.deliver()
    assert smtp.inbox.messages
    for message in smtp.inbox.messages:
        assert message["Bcc"] is None
        assert "victim@example.org" not in (message["To"] or "")
        assert "\n" not in message["Subject"]


def test_a_form_without_a_csrf_token_is_refused(app, client, make):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make.teacher()
    db.session.commit()
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert h1(response) == "Sorry, there is a problem with the page"


@pytest.mark.parametrize("token", ["stale", "forged"])
def test_a_stale_or_forged_csrf_token_is_refused_and_changes_nothing(
    app, client, make, sign_in, token
):
    user = make.officer()
    db.session.commit()
    sign_in(user)
    windows = len(availability.windows_of(user.id))
    app.config["WTF_CSRF_ENABLED"] = True
    page = BeautifulSoup(client.get("/officer/availability").get_data(as_text=True), "html.parser")
    value = page.find("input", attrs={"name": "csrf_token"})["value"]
    if token == "stale":
        client.post("/sign-out", data={"csrf_token": value})  # the session it belonged to ends
        app.config["WTF_CSRF_ENABLED"] = False
        sign_in(user)
        app.config["WTF_CSRF_ENABLED"] = True
    else:
        value = value[:-4] + "AAAA"
    response = client.post(
        "/officer/availability/windows",
        data={"csrf_token": value, "weekday": "0", "starts": "09:00", "ends": "10:00"},
    )
    assert response.status_code == 400
    assert h1(response) == "Sorry, there is a problem with the page"
    assert len(availability.windows_of(user.id)) == windows
