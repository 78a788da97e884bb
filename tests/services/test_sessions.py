"""Confirming, proposing, declining, delivering and cancelling sessions, on both databases."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from booking.domain.errors import NotAllowed, RuleBroken
from booking.extensions import db
from booking.models import AuditEvent, OutboxMessage, TalkRequest
from booking.notifications.ics import method_of
from booking.services import sessions

MONDAY = date(2026, 3, 23)


@pytest.fixture(autouse=True)
def request_context(app):
    """E-mails are rendered with the app's templates, as in a web request."""
    with app.test_request_context():
        yield


def outbox(talk=None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if talk is not None:
        query = query.where(OutboxMessage.request_id == talk.id)
    return list(db.session.execute(query).scalars())


def test_confirm_sets_the_session_records_the_audit_and_mails_teacher_and_officer(make):
    officer = make.officer()
    talk = make.talk_request(options=[(MONDAY, time(9), time(15))])
    sessions.confirm(talk, officer, position=1, start=time(10))
    assert talk.status == "confirmed"
    assert (talk.starts_at, talk.ends_at) == (datetime(2026, 3, 23, 10), datetime(2026, 3, 23, 11))
    assert (talk.busy_from, talk.busy_until) == (
        datetime(2026, 3, 23, 9, 45),
        datetime(2026, 3, 23, 11, 15),
    )
    events = db.session.execute(select(AuditEvent)).scalars().all()
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        ("confirm", "requested", "confirmed")
    ]
    mails = outbox(talk)
    assert sorted(m.recipient for m in mails) == sorted([talk.teacher.email, officer.email])
    assert mails[0].subject == f"{talk.reference}: talk confirmed for 23 March"
    assert "TZID=Europe/London" in mails[0].ics


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (time(8, 30), "Start between 09:00 and 14:00"),
        (time(14, 30), "Start between 09:00 and 14:00"),
    ],
)
def test_confirm_refuses_a_start_outside_the_teachers_option(make, start, message):
    officer = make.officer()
    talk = make.talk_request(options=[(MONDAY, time(9), time(15))])
    with pytest.raises(RuleBroken, match=message) as caught:
        sessions.confirm(talk, officer, position=1, start=start)
    assert caught.value.field == "start_time"
    assert talk.status == "requested"


def test_confirm_names_the_clashing_session(make):
    officer = make.officer()
    school = make.school(name="Oakfield Primary")
    make.confirmed(officer, datetime(2026, 3, 23, 10), teacher=make.teacher(school))
    talk = make.talk_request(options=[(MONDAY, time(9), time(15))])
    with pytest.raises(RuleBroken) as caught:
        sessions.confirm(talk, officer, position=1, start=time(10, 30))
    assert caught.value.message == (
        "This time is no longer free: you have a session at Oakfield Primary 10:00–11:00"
    )


def test_a_confirmed_request_cannot_be_confirmed_again(make):
    first, second = make.officer(full_name="PC Amy Shaw"), make.officer()
    talk = make.talk_request(options=[(MONDAY, time(9), time(15))])
    sessions.confirm(talk, first, position=1, start=time(10))
    with pytest.raises(RuleBroken, match="already confirmed by PC Amy Shaw"):
        sessions.confirm(talk, second, position=1, start=time(11))


def proposed(make, officer, when=datetime(2026, 3, 24, 10)):
    talk = make.talk_request(options=[(MONDAY, time(9), time(15))])
    sessions.propose(talk, officer, [(1, when.date(), when.time())])
    return talk


def test_propose_stores_the_times_and_mails_the_teacher(make):
    officer = make.officer(full_name="PC Ben Hale")
    talk = proposed(make, officer)
    assert talk.status == "proposed"
    assert [(p.position, p.starts_at) for p in talk.proposals] == [(1, datetime(2026, 3, 24, 10))]
    (mail,) = outbox(talk)
    assert mail.recipient == talk.teacher.email
    assert mail.subject == f"{talk.reference}: PC Ben Hale proposed another time"
    assert "Tuesday 24 March 2026, 10:00 to 11:00" in mail.body_text


def test_propose_refuses_a_time_outside_the_windows(make):
    officer = make.officer()
    talk = make.talk_request()
    with pytest.raises(RuleBroken, match="outside your availability windows") as caught:
        sessions.propose(talk, officer, [(1, date(2026, 3, 24), time(15, 30))])
    assert caught.value.field == "start_1"


def test_accept_proposal_confirms_it_and_mails_the_officer(make):
    officer = make.officer()
    talk = proposed(make, officer)
    sessions.accept_proposal(talk, talk.proposals[0], talk.teacher)
    assert talk.status == "confirmed"
    assert talk.officer_id == officer.id
    assert talk.starts_at == datetime(2026, 3, 24, 10)
    subjects = {m.recipient: m.subject for m in outbox(talk)}
    assert subjects[officer.email] == (
        f"{talk.reference}: proposed time accepted, talk confirmed for 24 March"
    )
    assert subjects[talk.teacher.email] == f"{talk.reference}: talk confirmed for 24 March"


def test_accept_proposal_refuses_a_time_taken_since_in_the_teachers_terms(make):
    officer = make.officer(full_name="PC Tom Hughes")
    talk = proposed(make, officer)
    proposal = talk.proposals[0]
    make.confirmed(
        officer, datetime(2026, 3, 24, 10, 30), teacher=make.teacher(make.school(name="Oakfield"))
    )
    with pytest.raises(RuleBroken) as caught:
        sessions.accept_proposal(talk, proposal, talk.teacher)
    assert caught.value.field == "proposal"
    assert caught.value.message == (
        "This time has gone: PC Tom Hughes is no longer free then. Reject the proposed times "
        "to have the request looked at again, or wait: the officer can confirm one of your own "
        "choices or propose another time"
    )
    assert "Oakfield" not in caught.value.message
    assert talk.status == "proposed"


def test_accept_proposal_needs_a_teacher_of_the_school(make):
    officer = make.officer()
    talk = proposed(make, officer)
    with pytest.raises(NotAllowed):
        sessions.accept_proposal(talk, talk.proposals[0], make.teacher())


def test_reject_proposal_returns_the_request_and_mails_the_officer(make):
    officer = make.officer()
    talk = proposed(make, officer)
    sessions.reject_proposal(talk, talk.teacher, reason="Those days are exam days")
    assert talk.status == "requested"
    assert talk.proposals == []
    mail = outbox(talk)[-1]
    assert mail.recipient == officer.email
    assert "Those days are exam days" in mail.body_text


def test_decline_needs_a_reason_and_mails_the_teacher(make):
    officer = make.officer()
    talk = make.talk_request()
    with pytest.raises(RuleBroken, match="Enter why"):
        sessions.decline(talk, officer, " ")
    sessions.decline(talk, officer, "No officer covers that area")
    assert talk.status == "declined"
    assert outbox(talk)[0].subject == f"{talk.reference}: request declined"


def test_deliver_only_on_or_after_the_day(make):
    officer = make.officer()
    talk = make.confirmed(officer, datetime(2026, 3, 23, 10))
    with pytest.raises(RuleBroken, match="on or after its day"):
        sessions.deliver(talk, officer, 25, today=date(2026, 3, 20))
    sessions.deliver(talk, officer, 25, today=date(2026, 3, 23))
    assert (talk.status, talk.pupils_reached) == ("delivered", 25)


def test_another_officers_session_cannot_be_delivered_or_cancelled(make):
    officer, other = make.officer(), make.officer()
    talk = make.confirmed(officer, datetime(2026, 3, 23, 10))
    with pytest.raises(NotAllowed):
        sessions.deliver(talk, other, 25, today=date(2026, 3, 23))
    with pytest.raises(NotAllowed):
        sessions.cancel(talk, other, "Ill")
    assert db.session.get(TalkRequest, talk.id).status == "confirmed"


def test_cancel_mails_the_teacher_and_the_officer_a_calendar_cancellation(make):
    officer = make.officer()
    talk = make.confirmed(officer, datetime(2026, 3, 23, 10))
    sessions.cancel(talk, officer, "Called to court")
    assert talk.status == "cancelled"
    mails = {mail.recipient: mail for mail in outbox(talk)}
    assert set(mails) == {talk.teacher.email, officer.email}
    assert method_of(mails[officer.email].ics) == "CANCEL"  # the officer's own copy
    mail = mails[talk.teacher.email]
    assert mail.subject == f"{talk.reference}: talk on 23 March cancelled"
    assert method_of(mail.ics) == "CANCEL"
    assert "Called to court" in mail.body_text


def test_pupils_reached_is_corrected_only_after_delivery_by_the_officer_with_an_event(make):
    from booking.models import AuditEvent
    from booking.services import delivery

    officer, other = make.officer(), make.officer()
    talk = make.confirmed(officer, datetime(2026, 3, 23, 10))
    with pytest.raises(RuleBroken, match="once the talk is marked as delivered"):
        delivery.correct_pupils_reached(talk, officer, 20)
    with pytest.raises(RuleBroken, match="between 1 and"):
        sessions.deliver(talk, officer, 0, today=date(2026, 3, 23))
    sessions.deliver(talk, officer, 25, today=date(2026, 3, 23))
    with pytest.raises(RuleBroken, match="another officer's session"):
        delivery.correct_pupils_reached(talk, other, 20)
    delivery.correct_pupils_reached(talk, officer, 28)
    assert talk.pupils_reached == 28
    event = db.session.execute(
        db.select(AuditEvent).where(AuditEvent.action == "pupils_corrected")
    ).scalar_one()
    assert (event.actor_id, event.detail) == (officer.id, "From 25 to 28 pupils reached")
