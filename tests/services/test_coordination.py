"""Assigning open requests to officers, closures and topics: rules, history and e-mail."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import update

from booking.domain.errors import NotAllowed, RuleBroken
from booking.extensions import db
from booking.models import AuditEvent, Closure, OutboxMessage, Proposal, TalkRequest
from booking.services import closures, coordination, topics

TODAY = date(2026, 3, 2)


def _events(talk) -> list[AuditEvent]:
    return list(
        db.session.execute(db.select(AuditEvent).where(AuditEvent.request_id == talk.id)).scalars()
    )


def test_assigning_an_open_request_tells_the_officer_and_keeps_it_open(make):
    boss = make.coordinator(full_name="Cora")
    officer = make.officer(full_name="Pat Officer")
    talk = make.talk_request()
    coordination.assign(talk, officer, actor=boss)
    db.session.flush()
    assert talk.officer_id == officer.id and talk.status == "requested"
    [event] = _events(talk)
    assert (event.action, event.actor_id, event.detail) == (
        "assigned",
        boss.id,
        "Assigned to Pat Officer",
    )
    [mail] = db.session.execute(db.select(OutboxMessage)).scalars()
    assert mail.recipient == officer.email
    assert mail.subject == f"{talk.reference}: request assigned to you"
    assert talk.school.name in mail.body_text and "Cora has assigned" in mail.body_text


@pytest.mark.parametrize("status", ["confirmed", "delivered", "declined", "cancelled"])
def test_only_open_requests_can_be_assigned(make, status):
    officer = make.officer()
    talk = make.confirmed(officer, datetime(2026, 3, 23, 10))
    talk.status = status
    with pytest.raises(RuleBroken, match="only a request waiting for an officer"):
        coordination.assign(talk, make.officer(), actor=make.coordinator())


@pytest.mark.parametrize("who", ["deactivated officer", "teacher", "coordinator"])
def test_only_active_officers_can_be_assigned(make, who):
    person = {
        "deactivated officer": lambda: make.officer(status="deactivated"),
        "teacher": make.teacher,
        "coordinator": make.coordinator,
    }[who]()
    with pytest.raises(RuleBroken, match="Select an active officer"):
        coordination.assign(make.talk_request(), person, actor=make.coordinator())


def test_find_requests_filters_and_pages(make):
    crewe = make.teacher(make.school(area="Crewe"))
    chester = make.teacher(make.school(area="Chester"))
    topic = make.topic()
    for _ in range(27):
        make.talk_request(teacher=crewe, topic=topic)
    make.talk_request(teacher=chester, created_at=datetime(2025, 8, 1, 12))
    zone = __import__("zoneinfo").ZoneInfo("Europe/London")
    page = coordination.find_requests(coordination.RequestFilters(area="Crewe"), 2, zone)
    assert (page.total, len(page.items), page.pages) == (27, 2, 2)
    assert (
        coordination.find_requests(
            coordination.RequestFilters(topic_id=topic.id, status="declined"), 1, zone
        ).total
        == 0
    )
    old = coordination.RequestFilters(made_to=date(2025, 8, 31))
    assert [t.school.area for t in coordination.find_requests(old, 1, zone).items] == ["Chester"]


def test_closures_are_listed_with_bank_holidays(make):
    boss = make.coordinator()
    closures.add_closure(
        date(2026, 4, 14), date(2026, 4, 15), "Force training", actor=boss, today=TODAY
    )
    entries = closures.closures_between(date(2026, 4, 1), date(2026, 4, 30))
    assert [(e.first_day, e.reason, e.bank_holiday) for e in entries] == [
        (date(2026, 4, 3), "Good Friday", True),
        (date(2026, 4, 6), "Easter Monday", True),
        (date(2026, 4, 14), "Force training", False),
    ]


@pytest.mark.parametrize(
    "first,last,reason,message",
    [
        (date(2026, 4, 15), date(2026, 4, 14), "Training", "Last day must be the same as or after"),
        (date(2026, 4, 14), date(2026, 4, 14), "  ", "Enter a reason"),
        (date(2026, 2, 27), date(2026, 3, 3), "Training", "First day must be today"),
        (date(2026, 3, 7), date(2026, 3, 9), "Training", "First day must be a weekday"),
        (date(2026, 3, 9), date(2026, 3, 14), "Training", "Last day must be a weekday"),
        (
            date(2026, 3, 9),
            date(2027, 3, 9),
            "Training",
            "at most a year long: end it by 08/03/2027",
        ),
        (date(2026, 3, 9), date(2036, 3, 10), "Training", "at most a year long"),
    ],
)
def test_bad_closures_are_refused(make, first, last, reason, message):
    with pytest.raises(RuleBroken, match=message):
        closures.add_closure(first, last, reason, actor=make.coordinator(), today=TODAY)


def test_removing_a_closure(make):
    boss = make.coordinator()
    closure = closures.add_closure(
        date(2026, 5, 1), date(2026, 5, 1), "Inset", actor=boss, today=TODAY
    )
    closures.remove_closure(closure, actor=boss)
    assert db.session.execute(db.select(Closure)).first() is None


def _details(**overrides) -> topics.TopicDetails:
    values = dict(
        name="Road safety",
        description="Crossing roads",
        for_primary=True,
        for_secondary=False,
        default_length=45,
    )
    values.update(overrides)
    return topics.TopicDetails(**values)


def test_a_retired_topic_is_not_offered_but_kept(make):
    boss = make.coordinator()
    topic = topics.create_topic(_details(), actor=boss)
    assert (topic.slug, topic.age_groups_label) == ("road-safety", "Primary (4 to 11)")
    assert topics.find_active("road-safety") is topic
    topics.set_active(topic, False, actor=boss)
    assert topics.find_active("road-safety") is None
    assert topic not in topics.active_topics() and topic in topics.all_topics()
    topics.set_active(topic, True, actor=boss)
    assert topics.find_active("road-safety") is topic


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"name": " "}, "Enter the topic's name"),
        ({"name": "Bullying"}, "There is already a topic called Bullying"),
        ({"name": "BULLYING"}, "There is already a topic called Bullying"),
        ({"for_primary": False}, "Select at least one age group"),
        ({"default_length": 50}, "Select a default length"),
    ],
)
def test_bad_topics_are_refused(make, overrides, message):
    make.topic(name="Bullying", slug="bullying")
    with pytest.raises(RuleBroken, match=message):
        topics.create_topic(_details(**overrides), actor=make.coordinator())


def test_editing_a_topic_keeps_its_address(make):
    topic = make.topic(name="Drugs", slug="drugs")
    topics.update_topic(topic, _details(name="Drugs and alcohol"), actor=make.coordinator())
    assert (topic.name, topic.slug, topic.default_length) == ("Drugs and alcohol", "drugs", 45)


# Declining and cancelling on behalf of the Communities Unit.

MONDAY = datetime(2026, 3, 23, 10)  # three weeks after the pinned today, Monday 2 March 2026


def _mail(talk) -> dict[str, OutboxMessage]:
    rows = db.session.execute(db.select(OutboxMessage).where(OutboxMessage.request_id == talk.id))
    return {m.recipient: m for m in rows.scalars()}


def _proposed(make, officer, proposer):
    """A request assigned to `officer` on which `proposer` offered another time."""
    talk = make.talk_request(status="proposed", officer_id=officer.id)
    talk.proposals.append(
        Proposal(
            officer_id=proposer.id,
            position=1,
            starts_at=MONDAY,
            ends_at=MONDAY + timedelta(hours=1),
        )
    )
    db.session.flush()
    return talk


def test_coordinator_declines_a_request_and_tells_the_school_and_each_officer(make):
    boss = make.coordinator(full_name="Cora")
    assigned, proposer = make.officer(full_name="Ash"), make.officer(full_name="Bo")
    talk = _proposed(make, assigned, proposer)
    told = coordination.decline(talk, boss, "  No officer covers this area in March  ")
    assert talk.status == "declined" and talk.proposals == []
    assert told == [assigned, proposer]
    [event] = _events(talk)
    assert (event.action, event.actor_id, event.from_status, event.to_status, event.detail) == (
        "decline",
        boss.id,
        "proposed",
        "declined",
        "No officer covers this area in March",
    )
    mail = _mail(talk)
    assert set(mail) == {talk.teacher.email, assigned.email, proposer.email}
    teacher = mail[talk.teacher.email]
    assert teacher.subject == f"{talk.reference}: request declined"
    assert "Reason: No officer covers this area in March" in teacher.body_text
    for officer in (assigned, proposer):
        notice = mail[officer.email]
        assert notice.subject == f"{talk.reference}: request declined by the Communities Unit"
        assert f"The Communities Unit has declined request {talk.reference}" in notice.body_text
        assert "Reason: No officer covers this area in March" in notice.body_text
        assert notice.ics is None


def test_coordinator_cancels_a_confirmed_session_out_of_both_calendars(make):
    boss = make.coordinator(full_name="Cora")
    officer = make.officer(full_name="Ash")
    talk = make.confirmed(officer, MONDAY)
    told = coordination.cancel(talk, boss, "Force closure that day")
    assert (talk.status, told) == ("cancelled", [officer])
    [event] = _events(talk)
    assert (event.action, event.actor_id, event.to_status, event.detail) == (
        "cancel",
        boss.id,
        "cancelled",
        "Force closure that day",
    )
    mail = _mail(talk)
    assert set(mail) == {talk.teacher.email, officer.email}
    teacher, notice = mail[talk.teacher.email], mail[officer.email]
    assert teacher.subject == f"{talk.reference}: talk on 23 March cancelled"
    assert "Cora has cancelled the talk on Monday 23 March 2026" in teacher.body_text
    assert notice.subject == f"{talk.reference}: talk on 23 March cancelled by the Communities Unit"
    assert "on Monday 23 March 2026 at 10:00" in notice.body_text
    assert "Reason: Force closure that day" in notice.body_text
    for message in (teacher, notice):
        assert "METHOD:CANCEL" in message.ics and "STATUS:CANCELLED" in message.ics


def test_coordinator_cancels_an_unassigned_request_only_the_school_is_told(make):
    talk = make.talk_request()
    assert coordination.cancel(talk, make.coordinator(), "Duplicate of another request") == []
    [mail] = _mail(talk).values()
    assert mail.recipient == talk.teacher.email
    assert mail.subject == f"{talk.reference}: request cancelled by the Communities Unit"
    assert "The Communities Unit has cancelled your request" in mail.body_text
    assert "Reason: Duplicate of another request" in mail.body_text and mail.ics is None


@pytest.mark.parametrize(
    "service,message",
    [
        (coordination.decline, "Enter why you are declining the request"),
        (coordination.cancel, "Enter why you are cancelling the request"),
    ],
)
def test_declining_or_cancelling_needs_a_reason(make, service, message):
    talk = make.talk_request()
    with pytest.raises(RuleBroken, match=message) as error:
        service(talk, make.coordinator(), "   ")
    assert error.value.field == "reason"
    assert talk.status == "requested" and _events(talk) == [] and _mail(talk) == {}


@pytest.mark.parametrize(
    "service,status,message",
    [
        (coordination.decline, "confirmed", "already confirmed, so it cannot be declined"),
        (coordination.decline, "cancelled", "was cancelled, so it cannot be declined"),
        (coordination.cancel, "delivered", "already been delivered, so it cannot be cancelled"),
        (coordination.cancel, "declined", "was declined, so it cannot be cancelled"),
    ],
)
def test_closed_requests_cannot_be_declined_or_cancelled(make, service, status, message):
    talk = make.confirmed(make.officer(), MONDAY)
    talk.status = status
    with pytest.raises(NotAllowed, match=message):
        service(talk, make.coordinator(), "Reason")
    assert _mail(talk) == {}


def test_the_status_is_read_again_under_the_lock(make):
    """A teacher cancelled the request after the coordinator's page was loaded."""
    talk = make.talk_request()
    db.session.execute(
        update(TalkRequest)
        .where(TalkRequest.id == talk.id)
        .values(status="cancelled")
        .execution_options(synchronize_session=False)
    )
    assert talk.status == "requested"  # what the page saw
    with pytest.raises(NotAllowed, match="This request was cancelled"):
        coordination.decline(talk, make.coordinator(), "No officer")
    assert _mail(talk) == {}


# Closures added after sessions were confirmed or options chosen.


def _closure(first: date, last: date, reason: str) -> None:
    db.session.add(Closure(first_day=first, last_day=last, reason=reason))
    db.session.flush()


def test_confirmed_sessions_on_closed_days_from_today_on(make):
    _closure(date(2026, 3, 23), date(2026, 3, 24), "Force training")
    _closure(date(2026, 3, 24), date(2026, 3, 24), "Inset")  # overlaps: listed once
    _closure(date(2026, 2, 23), date(2026, 2, 23), "Past training")
    officer = make.officer()
    on_closure = make.confirmed(officer, datetime(2026, 3, 24, 15, 30))
    first_day = make.confirmed(officer, datetime(2026, 3, 23, 9))
    make.confirmed(officer, datetime(2026, 3, 25, 10))  # an open day
    make.confirmed(officer, datetime(2026, 2, 23, 10))  # closed, but in the past
    make.confirmed(officer, datetime(2026, 3, 23, 13)).status = "cancelled"
    found = closures.sessions_on_closed_days(date(2026, 3, 2))
    assert [(s.talk.reference, s.reason) for s in found] == [
        (first_day.reference, "Force training"),
        (on_closure.reference, "Force training"),
    ]


def test_open_requests_with_every_option_on_a_closed_day(make):
    _closure(date(2026, 3, 23), date(2026, 3, 27), "Force training week")
    nine_to_3 = (time(9), time(15))
    closed = [(date(2026, 3, 24), *nine_to_3), (date(2026, 3, 26), *nine_to_3)]
    stuck = make.talk_request(options=closed)
    proposed = make.talk_request(options=closed[:1], status="proposed")
    gone_by = make.talk_request(options=[(date(2026, 2, 20), *nine_to_3), *closed])
    make.talk_request(options=[*closed, (date(2026, 3, 30), *nine_to_3)])  # one day left
    make.talk_request(options=closed, status="cancelled")
    make.talk_request(options=[(date(2026, 2, 20), *nine_to_3)])  # only past days, none closed
    found = closures.requests_without_open_day(date(2026, 3, 2))
    assert sorted(t.reference for t in found) == sorted(
        [stuck.reference, proposed.reference, gone_by.reference]
    )


def test_a_request_confirmed_meanwhile_is_not_assigned_to_someone_else(app, make):
    from datetime import time

    from booking.services import coordination, sessions

    coordinator, first, other = make.coordinator(), make.officer(), make.officer()
    talk = make.talk_request()
    db.session.commit()
    assert talk.status == "requested"  # what the coordinator's page showed
    with app.app_context():  # meanwhile, an officer confirms it
        fresh = db.session.get(type(talk), talk.id)
        sessions.confirm(fresh, db.session.get(type(first), first.id), position=1, start=time(10))
        db.session.commit()
    with pytest.raises(RuleBroken, match="only a request waiting for an officer"):
        coordination.assign(talk, other, actor=coordinator)
    assert talk.officer_id == first.id
