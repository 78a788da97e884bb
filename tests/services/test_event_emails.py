"""Every event of a request's life sends the right e-mail to the right people, over SMTP."""

from __future__ import annotations

from datetime import date, time

import pytest
from icalendar import Calendar

from booking import clock
from booking.domain.options import Option
from booking.extensions import db
from booking.models import OutboxMessage, TalkRequest
from booking.notifications import sender
from booking.services import sessions, teacher_requests, users
from booking.services.request_talk import NewRequest, request_talk
from tests.smtp import subject

MONDAY = date(2026, 3, 23)  # three weeks after the pinned today, Monday 2 March 2026


@pytest.fixture
def people(make):
    school = make.school(name="Oakfield Primary", area="Crewe")
    return {
        "teacher": make.teacher(school=school),
        "officer": make.officer(areas=("Crewe",)),
        "elsewhere": make.officer(areas=("Chester",)),
        "coordinator": make.coordinator(),
        "topic": make.topic(name="Internet safety"),
    }


def _delivered(smtp) -> dict[str, list[str]]:
    """Subjects each address received since the last call."""
    db.session.commit()
    sender.deliver()
    received: dict[str, list[str]] = {}
    for message in smtp.inbox.messages:
        received.setdefault(message["To"], []).append(subject(message))
    smtp.inbox.messages.clear()
    return received


def _ics(smtp_message) -> Calendar:
    for part in smtp_message.walk():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError("no calendar attached")


def _request(people) -> TalkRequest:
    details = NewRequest(
        topic_id=people["topic"].id,
        age_group="primary",
        year_group="Year 5",
        pupils=30,
        length_minutes=60,
        notes="",
        options=[Option("first", MONDAY, time(9), time(12))],
        submission_key="form-1",
    )
    return request_talk(details, people["teacher"], today=clock.today()).talk


def test_each_transition_mails_the_right_people(app, smtp, people):
    teacher, officer = people["teacher"], people["officer"]
    talk = _request(people)
    ref = talk.reference
    assert _delivered(smtp) == {
        teacher.email: [f"{ref}: we have your request for a talk on Internet safety"],
        officer.email: [f"{ref}: new request from Oakfield Primary for a talk on Internet safety"],
        people["coordinator"].email: [
            f"{ref}: new request from Oakfield Primary for a talk on Internet safety"
        ],
    }  # the officer of another area hears nothing

    sessions.propose(talk, officer, [(1, MONDAY, time(13))])
    assert _delivered(smtp) == {
        teacher.email: [f"{ref}: {officer.full_name} proposed another time"]
    }

    sessions.reject_proposal(talk, teacher, reason="Assembly that afternoon")
    assert _delivered(smtp) == {officer.email: [f"{ref}: proposed times rejected by the school"]}

    sessions.confirm(talk, officer, position=1, start=time(10))
    confirmed = f"{ref}: talk confirmed for 23 March"
    db.session.commit()
    sender.deliver()
    by_recipient = {m["To"]: m for m in smtp.inbox.messages}
    assert {to: subject(m) for to, m in by_recipient.items()} == {
        teacher.email: confirmed,
        officer.email: confirmed,
    }
    event = _ics(by_recipient[teacher.email]).walk("VEVENT")[0]
    assert event.decoded("dtstart").strftime("%H:%M") == "10:00"
    smtp.inbox.messages.clear()

    sessions.cancel(talk, officer, "Called to court")
    db.session.commit()
    sender.deliver()
    by_recipient = {m["To"]: m for m in smtp.inbox.messages}
    assert {to: subject(m) for to, m in by_recipient.items()} == {
        teacher.email: f"{ref}: talk on 23 March cancelled",
        officer.email: f"{ref}: you cancelled the talk on 23 March",  # for their own calendar
    }
    assert str(_ics(by_recipient[officer.email])["method"]) == "CANCEL"
    cancelled = by_recipient[teacher.email]
    assert "Called to court" in cancelled.get_body(("plain",)).get_content()
    calendar = _ics(cancelled)
    assert str(calendar["method"]) == "CANCEL"
    assert calendar.walk("VEVENT")[0]["sequence"] > event["sequence"]


def test_a_declined_request_tells_the_teacher_why(app, smtp, people):
    talk = _request(people)
    _delivered(smtp)
    sessions.decline(talk, people["officer"], "No officer is free that week")
    db.session.commit()
    sender.deliver()
    [declined] = smtp.inbox.messages
    assert subject(declined) == f"{talk.reference}: request declined"
    assert "No officer is free that week" in declined.get_body(("plain",)).get_content()


def test_a_teacher_cancelling_a_session_sends_both_calendars_a_cancellation(app, smtp, people):
    talk = _request(people)
    sessions.confirm(talk, people["officer"], position=1, start=time(9, 30))
    _delivered(smtp)
    teacher_requests.cancel(talk, people["teacher"], reason="School closed for snow")
    db.session.commit()
    sender.deliver()
    by_recipient = {m["To"]: m for m in smtp.inbox.messages}
    assert set(by_recipient) == {people["officer"].email, people["teacher"].email}
    own_copy = by_recipient[people["teacher"].email]
    assert subject(own_copy) == f"{talk.reference}: you cancelled the talk on 23 March"
    assert str(_ics(own_copy)["method"]) == "CANCEL"
    message = by_recipient[people["officer"].email]
    assert subject(message) == (
        f"{talk.reference}: Oakfield Primary cancelled the talk on Internet safety"
    )
    assert str(_ics(message)["method"]) == "CANCEL"


def test_account_messages(app, smtp, make, people):
    pending = make.teacher(status="pending")
    users.approve_teacher(pending, actor=people["coordinator"])
    users.create_staff(
        "new.officer@example.police.uk",
        "New Officer",
        "officer",
        actor=people["coordinator"],
        link_for=lambda token: f"http://x/reset-password/{token}",
    )
    received = _delivered(smtp)
    assert received[pending.email] == ["Your Book a police school talk account is approved"]
    assert received["new.officer@example.police.uk"] == [
        "Your Book a police school talk account: choose a password"
    ]


def test_mail_server_down_during_a_confirmation(app, client, make, sign_in, smtp, people):
    """The confirmation succeeds; the e-mail waits with one failed try; send-mail sends it once."""
    talk = _request(people)
    _delivered(smtp)
    smtp.stop()
    sign_in(people["officer"])
    response = client.post(
        f"/officer/requests/{talk.reference}/confirm",
        data={"confirm-option": "1", "confirm-start_time": "10:00"},
    )
    assert response.status_code == 302
    assert sender.deliver().retrying == 1  # the worker's attempt; the second waits its turn
    db.session.expire_all()
    assert db.session.get(TalkRequest, talk.id).status == "confirmed"
    waiting = (
        db.session.execute(db.select(OutboxMessage).where(OutboxMessage.status == "queued"))
        .scalars()
        .all()
    )
    assert len(waiting) == 2 and sorted(m.attempts for m in waiting) == [0, 1]
    smtp.start()
    app.config["FROZEN_NOW"] = app.config["FROZEN_NOW"].replace(minute=5)
    runner = app.test_cli_runner()
    assert "Sent 2" in runner.invoke(args=["send-mail"]).output
    assert "Sent 0" in runner.invoke(args=["send-mail"]).output
    assert sorted(m["To"] for m in smtp.inbox.messages) == sorted(
        [people["teacher"].email, people["officer"].email]
    )
