"""Assigning open requests to officers, closures and topics: rules, history and e-mail."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from booking.domain.errors import RuleBroken
from booking.extensions import db
from booking.models import AuditEvent, Closure, OutboxMessage
from booking.services import closures, coordination, topics


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
    closures.add_closure(date(2026, 4, 14), date(2026, 4, 15), "Force training", actor=boss)
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
    ],
)
def test_bad_closures_are_refused(make, first, last, reason, message):
    with pytest.raises(RuleBroken, match=message):
        closures.add_closure(first, last, reason, actor=make.coordinator())


def test_removing_a_closure(make):
    boss = make.coordinator()
    closure = closures.add_closure(date(2026, 5, 1), date(2026, 5, 1), "Inset", actor=boss)
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
