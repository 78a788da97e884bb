"""A teacher follows, cancels and gives feedback on their school's requests, and only those.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import delete, select

from booking.domain.errors import NotAllowed, RuleBroken
from booking.domain.vocabulary import RequestStatus
from booking.extensions import db
from booking.models import AuditEvent, OutboxMessage
from booking.services import sessions, teacher_requests
from booking.services.history import request_history


@pytest.fixture(autouse=True)
def web_request(app):
    with app.test_request_context():
        yield


def session_in(make, status: str, starts=datetime(2026, 3, 17, 10)):
    """A request an officer confirmed, then moved on to `status`."""
    talk = make.confirmed(make.officer(), starts)
    talk.status = status
    db.session.flush()
    return talk


def test_a_teacher_loads_their_schools_requests_only(make):
    teacher = make.teacher()
    colleague = make.teacher(teacher.school)
    own = make.talk_request(teacher=colleague)
    other = make.talk_request()
    assert teacher_requests.request_for_teacher(own.id, teacher) is own
    assert teacher_requests.request_for_teacher(other.id, teacher) is None
    assert teacher_requests.request_for_teacher(own.id + other.id + 1, teacher) is None


@pytest.mark.parametrize("status", ["requested", "proposed"])
def test_cancelling_an_open_request_records_the_reason(make, status):
    teacher = make.teacher()
    talk = make.talk_request(teacher=teacher, status=status)
    teacher_requests.cancel(talk, teacher, reason="  Exams moved  ", ip_address="10.0.0.2")
    assert talk.status == RequestStatus.CANCELLED
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.request_id == talk.id)
    ).scalar_one()
    assert (event.action, event.detail, event.actor_id) == ("cancel", "Exams moved", teacher.id)
    assert db.session.execute(select(OutboxMessage)).first() is None


def test_cancelling_a_confirmed_talk_tells_the_officer(make):
    officer = make.officer(full_name="PC Dana Reed")
    talk = make.confirmed(officer, datetime(2026, 3, 17, 10))
    teacher = talk.teacher
    teacher_requests.cancel(talk, teacher, reason="School closed for snow")
    assert talk.status == RequestStatus.CANCELLED
    messages = {m.recipient: m for m in db.session.execute(select(OutboxMessage)).scalars()}
    assert set(messages) == {officer.email, teacher.email}  # the teacher's calendar copy too
    message = messages[officer.email]
    assert message.subject.startswith(f"{talk.reference}: {talk.school.name} cancelled the talk")
    assert "School closed for snow" in message.body_text
    assert "Tuesday 17 March 2026 at 10:00" in message.body_text


@pytest.mark.parametrize(
    "reason,message",
    [("", "Enter why you are cancelling the request"), ("x" * 501, "500 characters or fewer")],
)
def test_a_cancellation_needs_a_reason(make, reason, message):
    teacher = make.teacher()
    talk = make.talk_request(teacher=teacher)
    with pytest.raises(RuleBroken) as caught:
        teacher_requests.cancel(talk, teacher, reason=reason)
    assert (caught.value.field, message in caught.value.message) == ("reason", True)
    assert talk.status == RequestStatus.REQUESTED


@pytest.mark.parametrize("status", ["delivered", "declined", "cancelled"])
def test_a_finished_request_cannot_be_cancelled(make, status):
    talk = session_in(make, status)
    with pytest.raises(NotAllowed):
        teacher_requests.cancel(talk, talk.teacher, reason="Too late")
    assert talk.status == status


def test_another_schools_teacher_cannot_cancel(make):
    talk = make.talk_request()
    with pytest.raises(NotAllowed):
        teacher_requests.cancel(talk, make.teacher(), reason="Not mine")
    assert talk.status == RequestStatus.REQUESTED


def _delivered(make):
    talk = session_in(make, "delivered", datetime(2026, 2, 17, 10))
    talk.pupils_reached = 28
    return talk


def test_feedback_is_left_once_after_delivery(make):
    talk = _delivered(make)
    colleague = make.teacher(talk.school)
    assert teacher_requests.can_leave_feedback(talk)
    teacher_requests.leave_feedback(talk, colleague, rating=4, comments=" Very good ")
    db.session.commit()
    assert (talk.feedback.rating, talk.feedback.comments) == (4, "Very good")
    assert not teacher_requests.can_leave_feedback(talk)
    with pytest.raises(NotAllowed, match="already been left"):
        teacher_requests.leave_feedback(talk, colleague, rating=5)
    assert [e.what for e in request_history(talk)] == ["Left feedback"]


@pytest.mark.parametrize("status", ["requested", "confirmed", "cancelled"])
def test_no_feedback_before_delivery(make, status):
    talk = session_in(make, status)
    assert not teacher_requests.can_leave_feedback(talk)
    with pytest.raises(NotAllowed, match="once the talk has been delivered"):
        teacher_requests.leave_feedback(talk, talk.teacher, rating=5)


@pytest.mark.parametrize("rating", [0, 6])
def test_a_rating_is_from_one_to_five(make, rating):
    talk = _delivered(make)
    with pytest.raises(RuleBroken, match="Select a rating from 1 to 5"):
        teacher_requests.leave_feedback(talk, talk.teacher, rating=rating)


def test_another_schools_teacher_cannot_leave_feedback(make):
    talk = _delivered(make)
    with pytest.raises(NotAllowed):
        teacher_requests.leave_feedback(talk, make.teacher(), rating=5)


def test_the_history_says_who_did_what_when_and_why(make):
    teacher = make.teacher(full_name="Jo Evans")
    talk = make.talk_request(teacher=teacher)
    db.session.add(
        AuditEvent(
            action="requested",
            request_id=talk.id,
            actor_id=teacher.id,
            to_status="requested",
            created_at=datetime(2026, 3, 1, 10),
        )
    )
    teacher_requests.cancel(talk, teacher, reason="Trip that day")
    entries = request_history(talk)
    assert [(e.what, e.who, e.why) for e in entries] == [
        ("Requested", "Jo Evans", ""),
        ("Cancelled", "Jo Evans", "Trip that day"),
    ]
    assert entries[0].when == datetime(2026, 3, 1, 10)


def test_cancelling_a_request_with_a_proposed_time_tells_the_officer_who_proposed(make):
    officer = make.officer()
    talk = make.talk_request()
    db.session.commit()
    sessions.propose(talk, officer, [(1, date(2026, 3, 24), time(10))])
    db.session.execute(delete(OutboxMessage))
    teacher_requests.cancel(talk, talk.teacher, reason="The class is on a trip")
    db.session.flush()
    recipients = db.session.execute(select(OutboxMessage.recipient)).scalars().all()
    assert recipients == [officer.email]


def test_a_cancel_sent_from_a_stale_page_still_tells_the_officer_who_confirmed_meanwhile(app, make):
    officer = make.officer()
    talk = make.talk_request()
    db.session.commit()
    teacher = talk.teacher
    assert talk.officer is None  # what the teacher's page showed
    with app.app_context():  # meanwhile, the officer confirms in another transaction
        other = db.session.get(type(talk), talk.id)
        sessions.confirm(
            other, db.session.get(type(officer), officer.id), position=1, start=time(10)
        )
        db.session.commit()
        db.session.execute(delete(OutboxMessage))
        db.session.commit()
    teacher_requests.cancel(talk, teacher, reason="Snow day")
    db.session.flush()
    [message] = db.session.execute(
        select(OutboxMessage).where(OutboxMessage.recipient == officer.email)
    ).scalars()
    assert message.ics and "METHOD:CANCEL" in message.ics
