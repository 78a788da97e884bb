"""Officers' proposed times through the client: the teacher's date rules, and the time they
hold until the school answers or the officer withdraws them."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from booking.extensions import db
from booking.models import OutboxMessage, TalkRequest
from tests.pages import field_error, text

MONDAY = date(2026, 3, 23)


def test_proposed_times_obey_the_teachers_date_rules(make, sign_in, client):
    """Today, a bank holiday and a date past the horizon are refused, each on its date."""
    officer = make.officer()
    talk = make.talk_request()
    db.session.commit()
    sign_in(officer)
    response = client.post(
        f"/officer/requests/{talk.reference}/propose",
        data={
            "propose-day_1": ["2", "3", "2026"],
            "propose-start_1": "10:00",
            "propose-day_2": ["6", "4", "2026"],
            "propose-start_2": "10:00",
            "propose-day_3": ["7", "9", "2026"],
            "propose-start_3": "10:00",
        },
    )
    assert field_error(response, "propose-day_1") == (
        "Date 1 must be at least 10 working days from today: the earliest date is "
        "Monday 16 March 2026"
    )
    assert field_error(response, "propose-day_2") == (
        "Date 2 is a bank holiday (Easter Monday): choose another day"
    )
    assert field_error(response, "propose-day_3") == (
        "Date 3 must be within 6 months: the latest date is Wednesday 2 September 2026"
    )
    db.session.expire_all()
    assert db.session.get(TalkRequest, talk.id).status == "requested"


def test_a_proposed_time_holds_the_officers_time(make, sign_in, client):
    """Until the school answers, the officer cannot book another request over it, the inbox
    says the option clashes with it, and the calendar shows it as tentative."""
    officer = make.officer()
    held = make.talk_request()
    other = make.talk_request(options=[(MONDAY, time(9, 30), time(11))])
    db.session.commit()
    sign_in(officer)
    client.post(
        f"/officer/requests/{held.reference}/propose",
        data={"propose-day_1": ["23", "3", "2026"], "propose-start_1": "10:00"},
    )
    school = held.school.name
    inbox = text(client.get("/officer/requests"))
    assert f"clashes with your proposed time for {held.reference} at {school} 10:00–11:00" in inbox
    response = client.post(
        f"/officer/requests/{other.reference}/confirm",
        data={"confirm-option": "1", "confirm-start_time": "09:30"},
    )
    assert field_error(response, "confirm-start_time") == (
        f"This time is held by your proposed time for {held.reference} at {school} "
        "10:00–11:00 until the school answers: choose another time, or withdraw that "
        "proposal on its request page first"
    )
    db.session.expire_all()
    assert db.session.get(TalkRequest, other.id).status == "requested"
    calendar = text(client.get("/officer/calendar?week=2026-03-23"))
    assert f"Proposed, waiting for the school: {school}" in calendar
    upcoming = text(client.get("/officer/calendar/upcoming"))
    assert "Proposed times (tentative) " in upcoming
    assert f"Mon 23 Mar 2026, 10:00–11:00, {school}: {held.reference}" in upcoming
    withdrawn = client.post(
        f"/officer/requests/{held.reference}/withdraw",
        data={"withdraw-reason": "Another school needs me that morning"},
        follow_redirects=True,
    )
    assert f"Proposed times for {held.reference} withdrawn: the school has been told" in text(
        withdrawn
    )
    assert "Proposed times withdrawn" in text(withdrawn)  # the history
    confirmed = client.post(
        f"/officer/requests/{other.reference}/confirm",
        data={"confirm-option": "1", "confirm-start_time": "09:30"},
    )
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert db.session.get(TalkRequest, held.id).status == "requested"
    mail = db.session.execute(
        select(OutboxMessage).where(OutboxMessage.subject.contains("withdrawn"))
    ).scalar_one()
    assert mail.recipient == held.teacher.email
    assert "Another school needs me that morning" in mail.body_text
